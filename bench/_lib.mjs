// Shared by the benchmarks: run a command under /usr/bin/time (wall, CPU, peak RSS), and run an
// action's bundle as the runner does (through the runner contract the CLI and the e2e harness use).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execAction, loadAction, prepareRun, readRunFiles } from '@shipkit/cli/runner';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Lets a benchmark import the repository's TypeScript sources (providers, emulators): re-runs it
 * under Node's type transform when it is not (parameter properties need more than type
 * stripping), and resolves the sources' extensionless relative imports. Call it first.
 */
export function importTypeScriptSources() {
  if (!process.execArgv.includes('--experimental-transform-types')) {
    const { status } = spawnSync(
      process.execPath,
      ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', ...process.argv.slice(1)],
      { stdio: 'inherit' },
    );
    process.exit(status ?? 1);
  }
  resolveExtensionlessImports();
}

/**
 * The repository's TypeScript sources in erasable syntax (packages/deploy, the emulators) import
 * each other without an extension; Node strips their types, and this hook adds the `.ts` it lacks.
 * Call it before the first `await import()` of such a source.
 */
export function resolveExtensionlessImports() {
  registerHooks({
    resolve(specifier, context, next) {
      try {
        return next(specifier, context);
      } catch (error) {
        if (specifier.startsWith('.')) return next(`${specifier}.ts`, context);
        throw error;
      }
    },
  });
}

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

function prepare(action, { cwd, inputs = {}, eventName, event = {}, env = {}, baseEnv }) {
  const loaded = loadAction(root, action);
  if (!loaded || !existsSync(loaded.main)) throw new Error(`dist/${action} is missing; run \`node scripts/build.mjs ${action}\``);
  const run = prepareRun({
    action: loaded.metadata,
    inputs,
    event,
    eventName,
    workspace: cwd,
    baseEnv: baseEnv ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    env,
    prefix: `shipkit-bench-${action}-`,
  });
  return { run, main: loaded.main };
}

const reportData = (outputs) =>
  outputs.report && existsSync(outputs.report) ? JSON.parse(readFileSync(outputs.report, 'utf8')).data : undefined;

/**
 * Runs an action's bundle in `cwd` the way the runner does (the runner contract of
 * `@shipkit/cli/runner`: action.yml defaults, runner files, event), under /usr/bin/time; resolves
 * the measures, the outputs and the parsed JSON report (`data` of the envelope). `env` overrides
 * the contract's variables; `baseEnv` is the job environment (default PATH and HOME only).
 */
export function runActionMeasured(action, options) {
  const { run, main } = prepare(action, options);
  try {
    const m = measure(process.execPath, [main], { cwd: run.cwd, env: run.env });
    const { outputs } = readRunFiles(run.files);
    return { ...m, outputs, report: reportData(outputs) };
  } finally {
    run.dispose();
  }
}

/**
 * The same, without blocking this process (for benchmarks that serve the action from here): wall
 * time of the action's process only, its output, outputs and report.
 */
export async function runActionAsync(action, options) {
  const { run, main } = prepare(action, options);
  try {
    const r = await execAction(run, main);
    const { outputs } = readRunFiles(run.files);
    return { code: r.code, wallMs: r.durationMs, out: r.stdout + r.stderr, outputs, report: reportData(outputs) };
  } finally {
    run.dispose();
  }
}
