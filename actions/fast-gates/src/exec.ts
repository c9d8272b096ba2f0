/**
 * Runs a tool as its own process group, so cancelling a gate (fail-fast) kills the whole tree the
 * tool started (npm → sh → node workers), not only the direct child.
 */
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
  cancelled: boolean;
}

export interface ExecOptions {
  cwd: string;
  signal?: AbortSignal;
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Run through `sh -c` (custom gates are shell commands). */
  shell?: boolean;
}

/** Output beyond this is dropped (a tool's JSON over a whole monorepo stays far below it). */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Process groups still running, so a cancelled job (SIGINT/SIGTERM from the runner) takes them along. */
const live = new Set<number>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      for (const pid of live) killTree(pid, 'SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
}

export function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  installSignalHandlers();
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ code: null, stdout: '', stderr: '', cancelled: true });
    const child = options.shell
      ? spawn('sh', ['-c', command], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    if (child.pid !== undefined) live.add(child.pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let cancelled = false;
    let settled = false;
    const collect = (into: Buffer[]) => (d: Buffer) => {
      size += d.length;
      if (size <= MAX_OUTPUT_BYTES) into.push(d);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    let hardKill: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      cancelled = true;
      killTree(child.pid, 'SIGTERM');
      hardKill = setTimeout(() => killTree(child.pid, 'SIGKILL'), 2000);
      hardKill.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (code: number | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) live.delete(child.pid);
      options.signal?.removeEventListener('abort', onAbort);
      if (hardKill) clearTimeout(hardKill);
      // Grandchildren that outlived the tool (a watcher, a stray worker) go with it.
      if (cancelled) killTree(child.pid, 'SIGKILL');
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: spawnError ? spawnError.message : Buffer.concat(err).toString('utf8'),
        cancelled,
      });
    };
    child.on('error', (e) => finish(127, e));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Splits a long argument list so no command line exceeds what the OS accepts. */
export function chunkArgs(items: readonly string[], maxChars = 100_000): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const item of items) {
    if (current.length > 0 && length + item.length + 1 > maxChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(item);
    length += item.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Shows a command line the way a person would type it. */
export const shellQuote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
