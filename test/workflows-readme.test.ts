/**
 * The README's "Reusable workflows" section against the workflows themselves: each one's inputs,
 * secrets and outputs tables list exactly what its `on.workflow_call` declares, in the same order,
 * with the same defaults; the permissions table and every README caller grant exactly the union of
 * the scopes the workflow's jobs ask for (less and GitHub refuses the run; more is more than needed).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@shipkit/testkit';
import { yamlSnippets } from './workflow-lint/snippets';
import { ownWorkflow } from './workflow-lint/own-actions';
import { grantedScopes, type Scopes } from './workflow-lint/permissions';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const section = readme.split(/^## /m).find((s) => s.startsWith('Reusable workflows\n')) ?? '';

interface Declared {
  default?: unknown;
  description?: string;
}
interface CalledWorkflow {
  on: { workflow_call: { inputs?: Record<string, Declared>; secrets?: Record<string, Declared>; outputs?: Record<string, Declared> } };
  permissions?: unknown;
  jobs: Record<string, { permissions?: unknown }>;
}
const workflow = (file: string) => parse(readFileSync(join(repoRoot, '.github', 'workflows', file), 'utf8')) as CalledWorkflow;

/** The tables of a `### heading` subsection: header cells → rows of cells. */
function tables(heading: string): Map<string, string[][]> {
  const sub = section.split(/^### /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
  const out = new Map<string, string[][]>();
  const lines = sub.split('\n');
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || (i > 0 && lines[i - 1]!.startsWith('|'))) continue;
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) rows.push(cells(lines[j]!));
    out.set(cells(lines[i]!)[0]!, rows);
  }
  return out;
}

const name = (cell: string | undefined): string => /^`([\w-]+)`$/.exec(cell ?? '')?.[1] ?? `(not one name: ${cell})`;

/** What a calling job must grant: the union of the scopes of the called workflow's jobs. */
function union(wf: CalledWorkflow): Scopes {
  const out: Scopes = {};
  for (const job of Object.values(wf.jobs)) {
    const granted = grantedScopes(job.permissions ?? wf.permissions);
    if (typeof granted === 'string') throw new Error(`a job of the workflow has ${granted}`);
    for (const [scope, level] of Object.entries(granted)) if (out[scope] !== 'write') out[scope] = level;
  }
  return out;
}
const sorted = (s: Scopes): string[] =>
  Object.entries(s)
    .map(([k, v]) => `${k}: ${v}`)
    .sort();

describe.each(['pull-request.yml', 'promote.yml'])('README: %s', (file) => {
  const wf = workflow(file);
  const call = wf.on.workflow_call;
  const t = tables(`\`${file}\``);

  it('lists every input once, in the order of the workflow, with its default and a meaning', () => {
    const rows = t.get('input') ?? [];
    expect(rows.map((r) => name(r[0]))).toEqual(Object.keys(call.inputs ?? {}));
    for (const [cell, defaultCell, meaning] of rows) {
      const declared = call.inputs?.[name(cell)]?.default;
      if (declared !== undefined && declared !== '') expect(defaultCell, `default of ${cell}`).toBe(`\`${String(declared)}\``);
      else expect(defaultCell, `${cell} defaults to empty`).not.toMatch(/^`[^`]*`$/);
      expect(meaning, `meaning of ${cell}`).toBeTruthy();
    }
  });

  it('lists every secret and every output once, each with a meaning', () => {
    for (const [header, declared] of [
      ['secret', call.secrets ?? {}],
      ['output', call.outputs ?? {}],
    ] as const) {
      const rows = t.get(header) ?? [];
      expect(
        rows.map((r) => name(r[0])),
        header,
      ).toEqual(Object.keys(declared));
      for (const r of rows) expect(r[1], `${header} ${r[0]}`).toBeTruthy();
    }
  });

  it('says which scopes the calling job grants: the union of its jobs', () => {
    const rows = tables('What a caller sets up').get('workflow') ?? [];
    const row = rows.find((r) => r[0] === `\`${file}\``);
    expect(row, `a permissions row for ${file}`).toBeDefined();
    const listed = [...row![1]!.matchAll(/`([\w-]+: (?:read|write))`/g)].map((m) => m[1]!).sort();
    expect(listed).toEqual(sorted(union(wf)));
  });
});

it("every README caller of a reusable workflow grants exactly the scopes the workflow's jobs need, and passes secrets one by one", () => {
  const callers = yamlSnippets(readme, 'README.md').flatMap((s) => {
    if (s.workflow === undefined) return [];
    const parsed = parse(s.workflow) as { jobs: Record<string, { uses?: string; permissions?: unknown; secrets?: unknown }> };
    return Object.values(parsed.jobs).flatMap((job) => {
      const called = job.uses === undefined ? undefined : ownWorkflow(job.uses);
      return called === undefined ? [] : [{ line: s.line, called, granted: grantedScopes(job.permissions), secrets: job.secrets }];
    });
  });
  expect(callers.map((c) => c.called).sort()).toEqual(['promote.yml', 'promote.yml', 'promote.yml', 'pull-request.yml']);
  for (const c of callers) {
    expect(c.secrets, `README.md:${c.line}: secrets: inherit hands the workflow every secret`).not.toBe('inherit');
    expect(typeof c.granted === 'string' ? c.granted : sorted(c.granted), `README.md:${c.line} calls ${c.called}`).toEqual(
      sorted(union(workflow(c.called))),
    );
  }
});
