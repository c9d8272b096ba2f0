// `shipkit pipeline [--config shipkit.yml] [--base <rev>] [--yes] [--reports <dir>] [--traffic <n>]`
// and `shipkit pipeline --stop`: the command line of the local release pipeline.
import { createInterface } from 'node:readline/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from '../errors.ts';
import { styleFor, type Io, type Style } from '../cli.ts';
import { PIPELINE_KEYS, PIPELINE_KEY_NAMES } from './config.ts';
import { localProcesses, stopGroup } from './processes.ts';
import { Pipeline } from './run.ts';

export function pipelineUsage(s: Style): string {
  const width = Math.max(...PIPELINE_KEY_NAMES.map((k) => k.length));
  return [
    `${s.bold('shipkit pipeline')} — the release pipeline on this machine, with the local provider and ledger`,
    '',
    'Usage: shipkit pipeline [--config shipkit.yml] [--base <rev>] [--yes] [--reports <dir>] [--traffic <n>]',
    '       shipkit pipeline --stop        stop what the local pipeline keeps running (production and its proxy)',
    '',
    'Stages: gates (fast-gates) → risk (risk-gate: the change’s class, informational) → tests → coverage (coverage-gate) →',
    '        mutation (mutation-changed) → build, once →',
    '        preview + smoke → staging + smoke → the go → release (canary-step; the first release goes to production',
    '        directly) + smoke → watch (slo-watch) → rollback + diagnose when the release fails.',
    '',
    '--config <file>   the configuration (default shipkit.yml): the release workflow’s inputs as keys',
    "--base <rev>      what the change is measured against (default: production's commit, else the parent commit)",
    '--yes             the go for production without a prompt (needed without a terminal, unless `hotfix: true`)',
    '--reports <dir>   where every report, summary and stage log goes (default .shipkit/reports/<run>), in the project',
    '--traffic <n>     requests a second the pipeline sends to the stable URL during the canary (default 100; 0: none)',
    '',
    'Exit code: 0 when the release is live; 1 when a gate failed, the go was declined, or the release was rolled back;',
    '130 when interrupted (traffic back on stable, nothing the run started left running).',
    '',
    'shipkit.yml keys:',
    ...PIPELINE_KEY_NAMES.map((k) => {
      const spec = PIPELINE_KEYS[k];
      return `  ${k.padEnd(width)}  ${s.dim(`(${spec.type}, default ${JSON.stringify(spec.default)})`)} ${spec.local}`;
    }),
  ].join('\n');
}

/** `shipkit pipeline …`: resolves with the exit code. */
export async function pipelineMain(
  argv: string[],
  io: Io & { root: string; stdin?: NodeJS.ReadableStream & { isTTY?: boolean } },
): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const write = (text: string): void => void io.stdout.write(text);
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string', default: 'shipkit.yml' },
        base: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        reports: { type: 'string' },
        traffic: { type: 'string', default: '100' },
        stop: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new CliError(
      `${(error as Error).message.replace(/\. To specify a positional argument.*$/, '')}; see \`shipkit pipeline --help\``,
    );
  }
  if (values.help) {
    write(pipelineUsage(styleFor(io.stdout, env)) + '\n');
    return 0;
  }
  if (values.stop) return stopLocal(join(cwd, '.shipkit'), write);
  const traffic = Number(values.traffic);
  if (!/^\d+$/.test(values.traffic) || traffic > 1000)
    throw new CliError(`\`--traffic ${values.traffic}\` must be a whole number of requests a second, 0 to 1000`);
  const stdin = io.stdin ?? process.stdin;
  const pipeline = new Pipeline(
    { config: values.config, base: values.base, yes: values.yes, reports: values.reports, traffic },
    {
      stdout: io.stdout,
      stdin,
      env,
      cwd: resolve(cwd),
      root: io.root,
      write,
      ask: async (question, signal) => {
        const rl = createInterface({ input: stdin, output: io.stdout });
        rl.on('SIGINT', () => pipeline.cancel());
        try {
          return await rl.question(question, { signal });
        } finally {
          rl.close();
        }
      },
    },
  );
  pipeline.prepare();
  // Ctrl-C (and a SIGTERM): the running step is cancelled, traffic goes back on stable, and what
  // the run started is stopped before it exits; a second one stops the cleanup too.
  const onSignal = (): void => pipeline.cancel();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await pipeline.run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function stopLocal(stateDir: string, write: (text: string) => void): Promise<number> {
  const running = localProcesses(stateDir);
  if (running.length === 0) {
    write(`nothing of the local pipeline runs here (${stateDir})\n`);
    return 0;
  }
  for (const p of running) {
    await stopGroup(p.pid);
    write(`stopped ${p.what} (pid ${p.pid})\n`);
  }
  return 0;
}
