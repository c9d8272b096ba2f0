/**
 * Running the proxy as its own long-lived process: where its bundle is, and `launchProxy`, which
 * writes the config (mode 0600: it holds the token), starts `node <bundle> --config <file>`
 * detached (it outlives the step that started it), and resolves once the proxy listens.
 * Loads nothing heavy: an action that only launches and drives the proxy stays light.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProxyOptions } from './config';

/**
 * The proxy's bundle, `dist/proxy/index.js`. Inside an action's bundle (`dist/<action>/index.js`)
 * it is the sibling folder; from the sources (tests, the CLI in development) it is the
 * repository's committed `dist/proxy/index.js`.
 */
export function proxyBundlePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, '..', 'proxy', 'index.js');
  if (existsSync(sibling)) return sibling;
  return join(here, '..', '..', '..', 'dist', 'proxy', 'index.js');
}

/** The process entry's config: `startProxy`'s options plus where to announce itself. */
export interface ProxyProcessConfig extends ProxyOptions {
  /** Written atomically once listening: `{"pid", "url", "adminUrl"}`; removed on a clean exit. */
  readyFile?: string;
  /** Written once listening: the pid and a newline; removed on a clean exit. */
  pidFile?: string;
}

export interface LaunchedProxy {
  pid: number;
  url: string;
  adminUrl: string;
  /** Where the proxy writes its JSON log lines (events, never the token). */
  logFile: string;
  /** SIGTERM (the proxy drains and exits), then SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Its exit, as long as the process that launched it lives (a detached proxy outlives its launcher). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function stopProcess(pid: number, graceMs = 35_000): Promise<void> {
  if (!alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(20);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (alive(pid)) await sleep(20);
  }
}

/**
 * Starts the proxy bundle detached, with its config in `dir/proxy.json` and its log in
 * `dir/proxy.log`, and resolves once it listens (or rejects with the proxy's own error line).
 */
export async function launchProxy(
  config: ProxyOptions,
  {
    dir,
    timeoutMs = 15_000,
    node = process.execPath,
    bundle = proxyBundlePath(),
  }: { dir: string; timeoutMs?: number; node?: string; bundle?: string },
): Promise<LaunchedProxy> {
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'proxy.json');
  const readyFile = join(dir, 'proxy.ready.json');
  const logFile = join(dir, 'proxy.log');
  const full: ProxyProcessConfig = { ...config, readyFile, pidFile: join(dir, 'proxy.pid') };
  rmSync(readyFile, { force: true });
  writeFileSync(configFile, JSON.stringify(full, null, 2), { mode: 0o600 });
  chmodSync(configFile, 0o600);
  const log = openSync(logFile, 'a');
  const child = spawn(node, [bundle, '--config', configFile], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code;
      resolve({ code, signal });
    }),
  );
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(readyFile)) {
      const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as { pid: number; url: string; adminUrl: string };
      return { ...ready, logFile, exited, stop: (graceMs) => stopProcess(ready.pid, graceMs) };
    }
    if (exitCode !== undefined) {
      const lines = readFileSync(logFile, 'utf8').trim().split('\n');
      throw new Error(`the proxy exited with code ${exitCode}: ${lines[lines.length - 1] ?? ''}`);
    }
    await sleep(20);
  }
  if (child.pid) await stopProcess(child.pid, 2000);
  throw new Error(`the proxy did not listen within ${timeoutMs} ms (log: ${logFile})`);
}
