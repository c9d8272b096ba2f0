#!/usr/bin/env node
// Starts every action's committed bundle under the running Node (CI runs it under Node 22 too, the
// oldest Node the CLI supports) as the runner starts it (the runner contract of @shipkit/cli/runner:
// action.yml defaults, runner files, an empty workflow_dispatch event) with no inputs given, in an
// empty directory. Each must start, read its inputs and answer like the action — a configuration
// error or a verdict — not crash on a syntax error, a missing built-in or an API this Node lacks.
// Then the CLI, from the TypeScript sources as a clone runs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionNames, loadAction, prepareRun } from '@shipkit/cli/runner';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let failures = 0;
for (const name of actionNames(root)) {
  const action = loadAction(root, name);
  if (!action || !existsSync(action.main)) {
    failures++;
    console.log(`FAIL ${name.padEnd(18)} no bundle at ${action?.main ?? `actions/${name}`}`);
    continue;
  }
  // The run's own directory is the (empty) workspace; the job environment is PATH alone.
  const run = prepareRun({ action: action.metadata, token: '', baseEnv: { PATH: process.env.PATH }, prefix: `load-${name}-` });
  run.env.HOME = run.dir;
  const r = spawnSync(process.execPath, [action.main], { cwd: run.cwd, env: run.env, encoding: 'utf8', timeout: 60_000 });
  run.dispose();
  const out = `${r.stdout}\n${r.stderr}`;
  const crashed =
    r.status === null ||
    r.status > 1 ||
    /SyntaxError|ReferenceError|ERR_UNKNOWN_BUILTIN_MODULE|ERR_REQUIRE|Cannot find module|is not a function|shipkit bug/.test(out);
  if (crashed) failures++;
  const first = out.split('\n').find((l) => l.startsWith('::error') || l.trim() !== '') ?? '';
  console.log(`${crashed ? 'FAIL' : 'ok  '} ${name.padEnd(18)} exit ${r.status}  ${first.slice(0, 110)}`);
}
// The CLI from this clone, run by this Node without a build (type stripping): it must list every action.
const cli = spawnSync(process.execPath, [join(root, 'packages', 'cli', 'bin', 'shipkit.js'), '--help'], {
  encoding: 'utf8',
  timeout: 60_000,
});
const listed = actionNames(root).every((name) => new RegExp(`^  ${name} `, 'm').test(cli.stdout));
if (cli.status !== 0 || !listed) failures++;
console.log(
  `${cli.status === 0 && listed ? 'ok  ' : 'FAIL'} ${'shipkit --help'.padEnd(18)} exit ${cli.status}  ${(cli.stderr || cli.stdout.split('\n')[0]).slice(0, 110)}`,
);
console.log(
  `node ${process.version}: ${failures === 0 ? 'every bundle loads and answers, and the CLI runs' : `${failures} check(s) failed`}`,
);
process.exit(failures === 0 ? 0 : 1);
