// The README's inputs and outputs tables against action.yml: every input and output there, once,
// with action.yml's default, and nothing the action does not have.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readActionYml, repoRoot } from '@shipkit/testkit';
import { InputErrors, readInputs } from '@shipkit/kit';
import { checkProviderInputs, PROVIDERS, providerInputs } from '@shipkit/deploy/inputs';

const readme = readFileSync(join(repoRoot, 'actions', 'preview-deploy', 'README.md'), 'utf8');
const yml = readActionYml('preview-deploy');

/** The rows of the first table under `## <heading>`: cells, without the header and the rule. */
function table(heading: string): string[][] {
  const section = readme.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const names = (rows: string[][]): string[] => rows.map((r) => /^`([\w-]+)`$/.exec(r[0] ?? '')?.[1] ?? `(not one name: ${r[0]})`);

describe('actions/preview-deploy/README.md', () => {
  it('lists every input of action.yml once, one per row, with its default', () => {
    const rows = table('Inputs');
    expect(names(rows).sort()).toEqual(Object.keys(yml.inputs).sort());
    for (const [name, defaultCell, meaning] of rows.map((r) => [r[0]?.slice(1, -1), r[1], r[2]])) {
      const declared = yml.inputs[name as string]?.default;
      if (declared !== undefined) expect(defaultCell, `default of ${name}`).toBe(`\`${declared}\``);
      else expect(defaultCell, `${name} has no default in action.yml`).not.toMatch(/^`[^`]*`$/);
      expect(meaning, `meaning of ${name}`).toBeTruthy();
    }
  });

  it('lists every output of action.yml once', () => {
    const rows = table('Outputs');
    expect(names(rows).sort()).toEqual(Object.keys(yml.outputs).sort());
    for (const r of rows) expect(r[1], `meaning of ${r[0]}`).toBeTruthy();
  });

  it('names in its provider table exactly the inputs each provider needs (checkProviderInputs)', async () => {
    // | provider | to deploy | to destroy | notes |
    const providerRows = new Map(
      readme
        .split('\n')
        .filter((l) => PROVIDERS.some((p) => l.startsWith(`| \`${p}\` |`)) && l.split('|').length === 6)
        .map((l) => {
          const cells = l
            .slice(1, -1)
            .split('|')
            .map((c) => c.trim());
          return [cells[0]?.slice(1, -1) as string, cells] as const;
        }),
    );
    expect([...providerRows.keys()].sort()).toEqual([...PROVIDERS].sort());
    const needed = async (provider: string, op: 'deploy' | 'destroy'): Promise<string[]> => {
      const i = await readInputs(providerInputs, { INPUT_PROVIDER: provider });
      try {
        checkProviderInputs(i, [op]);
        return [];
      } catch (e) {
        return e instanceof InputErrors ? e.problems.map((p) => p.input) : [];
      }
    };
    const cell = (text: string | undefined, deploy: string[]): string[] =>
      text === 'same' ? deploy : [...(text ?? '').matchAll(/`([\w-]+)`/g)].map((m) => m[1] as string);
    for (const [provider, cells] of providerRows) {
      const deploy = await needed(provider, 'deploy');
      expect(cell(cells[1], deploy).sort(), `${provider} to deploy`).toEqual(deploy.sort());
      expect(cell(cells[2], deploy).sort(), `${provider} to destroy`).toEqual((await needed(provider, 'destroy')).sort());
    }
  });
});
