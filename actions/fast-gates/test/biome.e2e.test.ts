import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundle, type ActionRun } from '@shipkit/testkit';
import { BIOME_PROJECT, commitChange, createProject, pullRequestEvent, removeProjects } from './project';

afterAll(removeProjects);

interface GateRow {
  name: string;
  tool: string;
  status: string;
  exitCode: number | null;
  command: string;
  findings: { file?: string; line?: number; endLine?: number; rule?: string; message: string; severity: string }[];
}

interface Sarif {
  runs: {
    tool: { driver: { name: string } };
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
  }[];
}

const onPullRequest = (dir: string, base: string, head: string, inputs: Record<string, string>): Promise<ActionRun> =>
  runBundle('fast-gates', { cwd: dir, eventName: 'pull_request', event: pullRequestEvent(base, head), inputs });

const gatesOf = (run: ActionRun): GateRow[] => run.report?.data.gates as GateRow[];

// The real Biome from this repository's node_modules (the project symlinks it), detected by `auto`.
describe('fast-gates on a Biome project with the real Biome', () => {
  it('passes a clean change, on a pull request (changed files) and on a push (the whole project)', async () => {
    const { dir, base } = createProject(BIOME_PROJECT);
    const head = commitChange(dir, { 'src/sub.ts': 'export function sub(a: number, b: number): number {\n  return a - b;\n}\n' });

    const pr = await onPullRequest(dir, base, head, {});
    expect(pr.errors).toEqual([]);
    expect(pr.code).toBe(0);
    expect(pr.outputs.passed).toBe('true');
    expect(gatesOf(pr).map((g) => [g.name, g.tool, g.status, g.exitCode])).toEqual([
      ['format', 'Biome', 'passed', 0],
      ['lint', 'Biome', 'passed', 0],
    ]);
    expect(gatesOf(pr)[0]?.command).toBe(
      'biome format --reporter=github --no-errors-on-unmatched --files-ignore-unknown=true --colors=off src/sub.ts',
    );

    const push = await runBundle('fast-gates', { cwd: dir });
    expect(push.errors).toEqual([]);
    expect(push.code).toBe(0);
    // The whole project (`.`): Biome skips the node_modules symlink (this repository's, full of unformatted code).
    expect(push.report?.data.changedOnly).toBe(false);
    expect(gatesOf(push).map((g) => [g.name, g.status, g.command])).toEqual([
      ['format', 'passed', 'biome format --reporter=github --no-errors-on-unmatched --files-ignore-unknown=true --colors=off'],
      ['lint', 'passed', 'biome lint --reporter=github --no-errors-on-unmatched --files-ignore-unknown=true --colors=off'],
    ]);
  });

  it('fails a format slip and a lint error at the right file and line, with the Biome rule as title', async () => {
    const { dir, base } = createProject(BIOME_PROJECT);
    const head = commitChange(dir, {
      // Line 3: a double space Biome removes; the rest of the file is formatted.
      'src/format.ts': 'export const a = 1;\n\nexport const  b = "two";\n\nexport const c = 3;\n',
      // Line 3, columns 3–12: lint/suspicious/noDebugger (formatted, so only the lint gate fails on it).
      'src/lint.ts': 'export function stop(): number {\n  const n = 1;\n  debugger;\n  return n;\n}\n',
    });
    const run = await onPullRequest(dir, base, head, { 'fail-fast': 'false', sarif: 'gates.sarif' });
    expect(run.code).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect((run.outputs['failed-gates'] ?? '').split(',').sort()).toEqual(['format', 'lint']);

    const annotations = run.errors.map((e) => [e.properties.title, e.properties.file, e.properties.line, e.properties.col]);
    expect(annotations).toEqual([
      ['format: format', 'src/format.ts', '3', undefined],
      ['lint: lint/suspicious/noDebugger', 'src/lint.ts', '3', '3'],
    ]);
    expect(run.errors[0]?.message).toBe('Biome would reformat line 3; run `biome format --write src/format.ts`');
    expect(run.errors[1]?.message).toContain('unexpected use of the debugger statement');
    expect(run.errors[1]?.properties.endColumn).toBe('12');

    const [format, lint] = gatesOf(run);
    expect(format).toMatchObject({ name: 'format', tool: 'Biome', status: 'failed', exitCode: 1 });
    expect(format?.findings).toEqual([
      expect.objectContaining({ file: 'src/format.ts', line: 3, endLine: 3, rule: 'format', severity: 'error' }),
    ]);
    expect(lint).toMatchObject({ name: 'lint', tool: 'Biome', status: 'failed', exitCode: 1 });
    expect(lint?.findings).toEqual([
      expect.objectContaining({ file: 'src/lint.ts', line: 3, rule: 'lint/suspicious/noDebugger', severity: 'error' }),
    ]);

    const sarif = JSON.parse(readFileSync(join(dir, 'gates.sarif'), 'utf8')) as Sarif;
    expect(
      sarif.runs.map((r) => [
        r.tool.driver.name,
        r.results.map((x) => [
          x.ruleId,
          x.locations[0]?.physicalLocation.artifactLocation.uri,
          x.locations[0]?.physicalLocation.region.startLine,
        ]),
      ]),
    ).toEqual([
      ['Biome (format)', [['format', 'src/format.ts', 3]]],
      ['Biome (lint)', [['lint/suspicious/noDebugger', 'src/lint.ts', 3]]],
    ]);

    // On a push the whole project is checked, with the same findings.
    const push = await runBundle('fast-gates', { cwd: dir, inputs: { 'fail-fast': 'false' } });
    expect(push.code).toBe(1);
    expect(push.report?.data.changedOnly).toBe(false);
    expect(push.errors.map((e) => [e.properties.title, e.properties.file, e.properties.line, e.properties.col])).toEqual(annotations);
  });
});
