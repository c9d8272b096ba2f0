#!/usr/bin/env node
// Starts every committed bundle under the running Node (CI runs it under Node 22 too, the oldest
// Node the CLI supports) without inputs, in an empty directory. Each must start, read its inputs
// and answer like the action — a configuration error or a verdict — not crash on a syntax error,
// a missing built-in or an API this Node lacks.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let failures = 0;
for (const name of readdirSync(join(root, 'dist')).sort()) {
  const bundle = join(root, 'dist', name, 'index.js');
  if (!existsSync(bundle)) continue;
  const cwd = mkdtempSync(join(tmpdir(), `load-${name}-`));
  const summary = join(cwd, 'summary.md');
  writeFileSync(summary, '');
  const r = spawnSync(process.execPath, [bundle], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: cwd, RUNNER_TEMP: cwd, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: join(cwd, 'out') },
  });
  const out = `${r.stdout}\n${r.stderr}`;
  const crashed =
    r.status === null ||
    r.status > 1 ||
    /SyntaxError|ReferenceError|ERR_UNKNOWN_BUILTIN_MODULE|ERR_REQUIRE|Cannot find module|is not a function|shipkit bug/.test(out);
  if (crashed) failures++;
  const first = out.split('\n').find((l) => l.startsWith('::error') || l.trim() !== '') ?? '';
  console.log(`${crashed ? 'FAIL' : 'ok  '} ${name.padEnd(18)} exit ${r.status}  ${first.slice(0, 110)}`);
}
console.log(`node ${process.version}: ${failures === 0 ? 'every bundle loads and answers' : `${failures} bundle(s) crashed`}`);
process.exit(failures === 0 ? 0 : 1);
