/**
 * One source of truth: every action's declared inputs and outputs (src/inputs.ts) must match its
 * action.yml — same names, same defaults, same `required` — and every input and output there has a
 * description. The runner applies action.yml defaults and the bundle applies the declared ones, so
 * a drift would make a workflow and a local run behave differently.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { actionNames, readActionYml, repoRoot } from '@shipkit/testkit';
import type { InputSpecs } from '@shipkit/kit';

const actions = actionNames();

describe.each(actions)('actions/%s/action.yml', (name) => {
  it('runs on node24 from its committed bundle', () => {
    const yml = readActionYml(name);
    expect(yml.runs.using).toBe('node24');
    expect(yml.runs.main).toBe(`../../dist/${name}/index.js`);
    expect(yml.name, 'name').toBeTruthy();
    expect(yml.description, 'description').toBeTruthy();
    expect(existsSync(join(repoRoot, 'actions', name, 'README.md')), 'README.md').toBe(true);
  });

  it('declares exactly the inputs and outputs its code reads and writes', async () => {
    const yml = readActionYml(name);
    const declared = (await import(join(repoRoot, 'actions', name, 'src', 'inputs.ts'))) as {
      inputs: InputSpecs;
      outputs: { names: readonly string[] };
    };
    expect(Object.keys(yml.inputs).sort(), 'input names').toEqual(Object.keys(declared.inputs).sort());
    for (const [input, spec] of Object.entries(declared.inputs)) {
      const fromYml = yml.inputs[input];
      expect(fromYml?.description?.trim(), `input ${input} has a description`).toBeTruthy();
      expect(fromYml?.default, `default of ${input}`).toBe(spec.default);
      expect(Boolean(fromYml?.required), `required of ${input}`).toBe(Boolean(spec.required));
    }
    expect(Object.keys(yml.outputs).sort(), 'output names').toEqual([...declared.outputs.names].sort());
    for (const [output, spec] of Object.entries(yml.outputs))
      expect(spec.description?.trim(), `output ${output} has a description`).toBeTruthy();
    expect(declared.outputs.names, 'every action exposes its JSON report').toContain('report');
  });
});

it('finds the actions', () => {
  expect(actions).toContain('smoke');
});
