/**
 * Runs a program the way an action should: in its own process group, so stopping it (an abort, a
 * timeout, the runner cancelling the job) takes down the whole tree it started (npm → sh → node
 * workers), not only the direct child. SIGTERM first, SIGKILL after a grace period; output is
 * captured up to a cap; the result says how it ended (exit code or signal, cancelled, timed out).
 * Linux/POSIX only (process groups), like the runners shipkit supports.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
// With its extension: the kit's exec also runs under Node's own type stripping (its cancellation test).
import { onCancel, onCancelSignal } from './cancel.ts';

export interface ExecOptions {
  cwd: string;
  /** The whole environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  /** Aborting stops the child's process group (`cancelled` in the result). */
  signal?: AbortSignal;
  /** Run `command` through `sh -c` (args are ignored): for commands the user wrote as shell text. */
  shell?: boolean;
  /** Stop the group after this long (`timedOut` in the result). */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when stopping (default 2000 ms). */
  graceMs?: number;
  /** Captured bytes per stream (default 128 MiB); the rest is dropped and `truncated` set. 0 keeps nothing (for `onLine` callers). */
  maxOutputBytes?: number;
  /** Every line of output as it arrives (without the newline), whatever the cap keeps. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ExecResult {
  /** The exit code, or null when the child was ended by a signal (or could not be started). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Stopped because `signal` was aborted. */
  cancelled: boolean;
  /** Stopped because `timeoutMs` passed. */
  timedOut: boolean;
  /** Some output was beyond `maxOutputBytes` and is not in stdout/stderr. */
  truncated: boolean;
  /** Why the program could not be started (ENOENT: not installed or not on PATH), when it could not. */
  spawnError?: string;
}

const DEFAULT_GRACE_MS = 2000;
const DEFAULT_MAX_OUTPUT = 128 * 1024 * 1024;

/** Sends `signal` to the process group `pid` leads. False when there is no such group (any more). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a process of the group still runs. A zombie does not count: where nothing reaps orphans
 * promptly (a container's minimal init), a killed grandchild stays a zombie of the group for a while.
 */
export function groupAlive(pid: number): boolean {
  if (!killGroup(pid, 0)) return false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true; // no /proc: the signal check is all there is
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses, so read after the last `)`.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pid && state !== 'Z' && state !== 'X') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/** Waits until the group is gone or `ms` passed. */
async function waitGroupGone(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (groupAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Stops a group you started yourself and left running (a server started detached, found again by
 * its pid in a later step): SIGTERM, SIGKILL after `graceMs`; resolves when nothing of it runs.
 */
export async function stopGroup(pid: number, graceMs = DEFAULT_GRACE_MS): Promise<void> {
  if (!killGroup(pid, 'SIGTERM')) return;
  await waitGroupGone(pid, graceMs);
  if (!groupAlive(pid)) return;
  killGroup(pid, 'SIGKILL');
  await waitGroupGone(pid, 2000);
}

/** Process groups still running, with their grace periods, so a cancelled job takes them along. */
const live = new Map<number, number>();
let handlersInstalled = false;

/**
 * The runner cancels a job with SIGINT (then SIGTERM, then kills the step): every live group gets
 * SIGTERM, then SIGKILL after its grace period (at most 5 s, inside the runner's own window), and
 * the action exits 128 + the signal number — also when its own work ends first (a gate whose tool
 * was just stopped fails, and the action would exit 1). A second signal kills the groups at once.
 * The exit itself is cancel.ts's, after every other cancellation hook (canary-step's return to
 * stable) has finished too.
 */
function installCancellationHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  let signals = 0;
  onCancelSignal(() => {
    if (++signals > 1) for (const [pid] of live) killGroup(pid, 'SIGKILL');
  });
  onCancel(async () => {
    const groups = [...live.entries()];
    process.on('exit', () => {
      for (const [pid] of live) killGroup(pid, 'SIGKILL');
    });
    for (const [pid] of groups) killGroup(pid, 'SIGTERM');
    const grace = Math.min(5000, Math.max(0, ...groups.map(([, g]) => g)));
    await Promise.all(groups.map(([pid]) => waitGroupGone(pid, grace)));
    for (const [pid] of groups) killGroup(pid, 'SIGKILL');
  });
}

class Capture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  private pending = '';
  private readonly max: number;
  private readonly onLine: ((line: string) => void) | undefined;
  /** A character split across two chunks is decoded whole. */
  private readonly decoder = new StringDecoder('utf8');

  constructor(max: number, onLine: ((line: string) => void) | undefined) {
    this.max = max;
    this.onLine = onLine;
  }

  add(chunk: Buffer): void {
    const room = this.max - this.size;
    if (room >= chunk.length) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    } else {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.size = this.max;
      this.truncated = true;
    }
    if (this.onLine) {
      const text = this.pending + this.decoder.write(chunk);
      const lines = text.split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  }

  end(): string {
    if (this.onLine) this.pending += this.decoder.end();
    if (this.onLine && this.pending !== '') this.onLine(this.pending);
    this.pending = '';
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  installCancellationHandlers();
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    const notRun = { code: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false };
    if (options.signal?.aborted) return resolve({ ...notRun, cancelled: true });
    const spawnOptions = {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true, // its own process group (setsid): the group id is the child's pid
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] as ('ignore' | 'pipe')[],
    };
    const child = options.shell ? spawn('sh', ['-c', command], spawnOptions) : spawn(command, [...args], spawnOptions);
    const pid = child.pid;
    if (pid !== undefined) live.set(pid, graceMs);
    const out = new Capture(max, options.onLine && ((l) => options.onLine?.(l, 'stdout')));
    const err = new Capture(max, options.onLine && ((l) => options.onLine?.(l, 'stderr')));
    child.stdout?.on('data', (d: Buffer) => out.add(d));
    child.stderr?.on('data', (d: Buffer) => err.add(d));
    let cancelled = false;
    let timedOut = false;
    let settled = false;
    let hardKill: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (hardKill) return;
      killGroup(pid, 'SIGTERM');
      hardKill = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    };
    const onAbort = (): void => {
      if (settled) return;
      cancelled = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs)
        : undefined;
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      if (hardKill) clearTimeout(hardKill);
      const done = async (): Promise<void> => {
        if (pid !== undefined && (cancelled || timedOut)) {
          // Workers that outlived the leader (a watcher, a stray grandchild) go with it, and are
          // gone before the caller cleans up after them (a sandbox directory, a temp dir).
          killGroup(pid, 'SIGKILL');
          await waitGroupGone(pid, Math.min(graceMs, 1000));
        }
        if (pid !== undefined) live.delete(pid);
        resolve({
          code,
          signal,
          stdout: out.end(),
          stderr: spawnError ? spawnError.message : err.end(),
          cancelled,
          timedOut,
          truncated: out.truncated || err.truncated,
          ...(spawnError ? { spawnError: spawnError.message } : {}),
        });
      };
      void done();
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // a child that exits without reading its input
      child.stdin.end(options.input);
    }
  });
}

/** How a run ended, for messages: `exited with code 2`, `was stopped by SIGKILL`, `timed out after 30 s`. */
export function describeExit(r: ExecResult, timeoutMs?: number): string {
  if (r.spawnError) return `could not be started (${r.spawnError})`;
  if (r.timedOut) return timeoutMs !== undefined ? `timed out after ${timeoutMs} ms` : 'timed out';
  if (r.cancelled) return 'was cancelled';
  if (r.signal) return `was stopped by ${r.signal}`;
  return `exited with code ${r.code}`;
}

/** Shows a command line the way a person would type it (for logs and reports, never to run). */
export const shellQuote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
