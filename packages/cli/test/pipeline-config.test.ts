/**
 * shipkit.yml: its keys are the release workflow's inputs (and the PR workflow's test, coverage and
 * mutation inputs) — checked here against the workflow YAML itself — and every mistake in it is one
 * error naming the key.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@shipkit/testkit';
import { PIPELINE_KEYS, PIPELINE_KEY_NAMES, defaultConfig, parsePipelineConfig, type KeySpec } from '../src/pipeline/config.ts';
import { CliError } from '../src/errors.ts';

interface WorkflowInput {
  type: string;
  default?: unknown;
}
const inputsOf = (file: string): Record<string, WorkflowInput> =>
  (
    parse(readFileSync(join(repoRoot, '.github', 'workflows', file), 'utf8')) as {
      on: { workflow_call: { inputs: Record<string, WorkflowInput> } };
    }
  ).on.workflow_call.inputs;

const promote = inputsOf('promote.yml');
const pullRequest = inputsOf('pull-request.yml');
const declared = Object.entries(PIPELINE_KEYS) as [string, KeySpec][];
const error = (text: string): string => {
  try {
    parsePipelineConfig(text);
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  throw new Error('no error');
};
const start = 'start-command: node server.js\n';

describe('the shipkit.yml keys', () => {
  it('are exactly the inputs of promote.yml, then the PR workflow’s test, coverage, mutation and risk-gate inputs', () => {
    expect(declared.filter(([, s]) => s.workflow === 'promote').map(([k]) => k)).toEqual(Object.keys(promote));
    expect(declared.filter(([, s]) => s.workflow === 'pull-request').map(([k]) => k)).toEqual([
      'test-command',
      'coverage-files',
      'min-new-lines',
      'min-new-branches',
      'mutation',
      'min-mutation-score',
      'risk-gate',
      'risk-rules',
    ]);
  });

  it('have the type and the default of the workflow input they are', () => {
    for (const [key, spec] of declared) {
      const input = (spec.workflow === 'promote' ? promote : pullRequest)[key];
      expect(input, `${key} in ${spec.workflow}.yml`).toBeDefined();
      expect({ key, type: spec.type, default: spec.default }).toEqual({ key, type: input?.type, default: input?.default ?? '' });
    }
  });

  it('each say what the local pipeline does with it', () => {
    for (const [key, spec] of declared) expect(spec.local.length, key).toBeGreaterThan(5);
  });
});

describe('parsePipelineConfig', () => {
  it('takes the defaults for what the file leaves out; YAML numbers are the strings the workflow would get', () => {
    const c = parsePipelineConfig(`${start}min-new-lines: 85\nmutation: false\nbake: 30s\nsmoke-probes: |\n  - path: /healthz\n`);
    expect(c).toEqual({
      ...defaultConfig(),
      'start-command': 'node server.js',
      'min-new-lines': '85',
      mutation: false,
      bake: '30s',
      'smoke-probes': '- path: /healthz\n',
    });
  });

  it('an unknown key: one error naming it and every valid key', () => {
    const message = error(`${start}canary-step: 5,100\n`);
    expect(message).toBe(
      `shipkit.yml: unknown key \`canary-step\`; the valid keys (the release workflow's inputs, and the pull-request workflow's test, coverage, mutation and risk-gate inputs) are: ${PIPELINE_KEY_NAMES.join(', ')}`,
    );
    expect(error(`${start}a: 1\nb: 2\n`)).toMatch(/^shipkit\.yml: unknown keys `a`, `b`; the valid keys/);
  });

  it('names the key of a value of the wrong type, or one the pipeline cannot use', () => {
    expect(error(`${start}mutation: maybe\n`)).toBe('shipkit.yml: `mutation` must be true or false, not "maybe"');
    expect(error(`${start}hotfix: 'true'\n`)).toBe('shipkit.yml: `hotfix` must be true or false, not "true"');
    expect(error(`${start}smoke-probes:\n  - path: /\n`)).toMatch(
      /^shipkit\.yml: `smoke-probes` must be a string \(a YAML block `\|` for several lines\), not a list$/,
    );
    expect(error(`${start}canary-steps: 50,25,100\n`)).toMatch(
      /^shipkit\.yml: `canary-steps` must be increasing percentages ending at 100/,
    );
    expect(error(`${start}canary-steps: 5,25\n`)).toMatch(/`canary-steps` must be increasing percentages ending at 100.*not `5,25`/);
    expect(error(`${start}bake: soon\n`)).toBe(
      'shipkit.yml: `bake` must be a duration of at least a second (e.g. `30s`, `5m`, `1h`), not `soon`',
    );
    expect(error(`${start}watch-duration: 10ms\n`)).toMatch(/`watch-duration` must be a duration of at least a second/);
    expect(error(`${start}min-new-lines: 120\n`)).toMatch(/`min-new-lines` must be a percentage between 0 and 100/);
    expect(error(`${start}project: my app\n`)).toMatch(/`project` \(the app's name\) may hold letters, digits/);
    expect(error('build-command: make\n')).toMatch(/^shipkit\.yml: `start-command` is required/);
  });

  it('a file that is not YAML, or not a mapping', () => {
    expect(error('start-command: [\n')).toMatch(/^shipkit\.yml is not valid YAML \(line \d+\): /);
    expect(error(`${start}${start}`)).toMatch(/^shipkit\.yml is not valid YAML.*[Mm]ap keys must be unique/);
    expect(error('- start-command: x\n')).toBe(
      'shipkit.yml must be a mapping of keys to values (`start-command: node server.js`), not a list',
    );
  });
});

describe('the shipkit.yml files in this repository', () => {
  it('the demo project’s is valid', () => {
    expect(() => parsePipelineConfig(readFileSync(join(repoRoot, 'examples/demo/project/shipkit.yml'), 'utf8'))).not.toThrow();
  });

  it('the README’s example is valid, and is the demo project’s', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /```yaml\n(# shipkit\.yml\b[^\n]*\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'a ```yaml block starting with `# shipkit.yml` in the README').toBeDefined();
    expect(parsePipelineConfig(block ?? '')).toEqual(
      parsePipelineConfig(readFileSync(join(repoRoot, 'examples/demo/project/shipkit.yml'), 'utf8')),
    );
  });
});
