// Shared by the benchmarks: run a command under /usr/bin/time (wall, CPU, peak RSS), and run an
// action's bundle as the runner does (INPUT_* with the action.yml defaults, GITHUB_OUTPUT, …).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseOutputFile } from '../packages/cli/src/workflow-commands.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs a command under /usr/bin/time; wall ms, CPU ms (user + system, its children included: steadier
 * than wall time on a shared machine), peak RSS MB, exit status and output.
 */
export function measure(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const [peakKb, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').trim().split(' ').map(Number);
  return {
    wallMs,
    cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000,
    peakMb: (peakKb ?? 0) / 1024,
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

/**
 * Runs dist/<action>/index.js in `cwd` the way the runner does, measured; resolves outputs and the
 * parsed JSON report (`data` of the envelope).
 */
export function runActionMeasured(action, { cwd, inputs = {}, eventName = 'push', event = {} }) {
  const bundle = join(root, 'dist', action, 'index.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run \`node scripts/build.mjs ${action}\``);
  const yml = parseYaml(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8'));
  const temp = mkdtempSync(join(tmpdir(), `shipkit-bench-${action}-`));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
    GITHUB_EVENT_PATH: join(temp, 'event.json'),
    GITHUB_EVENT_NAME: eventName,
    RUNNER_TEMP: temp,
  };
  for (const [name, spec] of Object.entries(yml.inputs ?? {}))
    if (spec.default !== undefined && !String(spec.default).includes('${{')) env[`INPUT_${name.toUpperCase()}`] = String(spec.default);
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = String(value);
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(event));
  const m = measure(process.execPath, [bundle], { cwd, env });
  const outputs = parseOutputFile(readFileSync(env.GITHUB_OUTPUT, 'utf8'));
  const report = outputs.report && existsSync(outputs.report) ? JSON.parse(readFileSync(outputs.report, 'utf8')).data : undefined;
  rmSync(temp, { recursive: true, force: true });
  return { ...m, outputs, report };
}
