// The processes the pipeline starts itself (the project's test and build commands, git): each
// command in a process group of its own, so an interrupt stops the whole tree it started, and what
// the local provider leaves running in a project (`--stop`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface CommandResult {
  code: number;
  /** Stopped by the abort signal. */
  cancelled: boolean;
  durationMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Whether any process of the group still runs. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves when it is gone. */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, s);
    } catch {
      // gone already
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(25);
  if (groupAlive(pgid)) signal('SIGKILL');
  while (groupAlive(pgid)) await sleep(10);
}

/** Runs `command` with `sh -c` in `cwd`, its own process group; each output line goes to `onLine`. */
export function runShell(
  command: string,
  o: { cwd: string; env?: NodeJS.ProcessEnv; onLine: (line: string) => void; signal?: AbortSignal },
): Promise<CommandResult> {
  const started = performance.now();
  const child = spawn('/bin/sh', ['-c', command], {
    cwd: o.cwd,
    env: o.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pending = { stdout: '', stderr: '' };
  const read = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
    pending[which] += chunk.toString('utf8');
    let nl;
    while ((nl = pending[which].indexOf('\n')) >= 0) {
      o.onLine(pending[which].slice(0, nl).replace(/\r$/, ''));
      pending[which] = pending[which].slice(nl + 1);
    }
  };
  child.stdout.on('data', read('stdout'));
  child.stderr.on('data', read('stderr'));
  let cancelled = false;
  const abort = (): void => {
    cancelled = true;
    if (child.pid) void stopGroup(child.pid);
  };
  if (o.signal?.aborted) abort();
  else o.signal?.addEventListener('abort', abort, { once: true });
  return new Promise((resolve) => {
    child.on('error', (e) => {
      o.onLine(`could not start /bin/sh: ${e.message}`);
    });
    child.on('close', (code, signal) => {
      o.signal?.removeEventListener('abort', abort);
      for (const rest of [pending.stdout, pending.stderr]) if (rest) o.onLine(rest);
      // The shell is gone; whatever it left in its group goes too.
      if (child.pid && groupAlive(child.pid)) void stopGroup(child.pid, 1000);
      resolve({ code: code ?? (signal ? 128 : 1), cancelled, durationMs: performance.now() - started });
    });
  });
}

/**
 * What the local provider keeps running in a project's `.shipkit` state directory: each app's
 * traffic proxy (`local-traffic/<name>/traffic.json`) and every deployment's process group
 * (`local-deployments/<id>.json`), by pid.
 */
export function localProcesses(stateDir: string): { what: string; pid: number }[] {
  const found: { what: string; pid: number }[] = [];
  const read = (file: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };
  const traffic = join(stateDir, 'local-traffic');
  if (existsSync(traffic))
    for (const name of readdirSync(traffic)) {
      const pid = (read(join(traffic, name, 'traffic.json'))?.proxy as { pid?: unknown } | undefined)?.pid;
      if (typeof pid === 'number' && groupAlive(pid)) found.push({ what: `the traffic proxy of ${name}`, pid });
    }
  const deployments = join(stateDir, 'local-deployments');
  if (existsSync(deployments))
    for (const file of readdirSync(deployments).filter((f) => f.endsWith('.json'))) {
      const pid = read(join(deployments, file))?.pid;
      if (typeof pid === 'number' && groupAlive(pid)) found.push({ what: `deployment ${file.slice(0, -5)}`, pid });
    }
  return found;
}

/** The app's stable URL (its traffic proxy's listener), once the local provider launched the proxy. */
export function localStableUrl(stateDir: string, name: string): string | undefined {
  try {
    const record = JSON.parse(readFileSync(join(stateDir, 'local-traffic', name, 'traffic.json'), 'utf8')) as {
      url?: unknown;
      proxy?: { pid?: unknown };
    };
    return typeof record.url === 'string' && typeof record.proxy?.pid === 'number' && groupAlive(record.proxy.pid) ? record.url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops a local deployment that no longer serves (a release that was rolled back: the rollback
 * action leaves it running, as a cloud provider keeps a bad deployment) and forgets it as the
 * local provider's `delete` does; its log stays beside the record.
 */
export async function stopLocalDeployment(stateDir: string, id: string): Promise<boolean> {
  if (!/^[\w.-]+$/.test(id)) return false;
  const file = join(stateDir, 'local-deployments', `${id}.json`);
  let pid: unknown;
  try {
    pid = (JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown }).pid;
  } catch {
    return false;
  }
  if (typeof pid === 'number' && groupAlive(pid)) await stopGroup(pid);
  rmSync(file, { force: true });
  return true;
}
