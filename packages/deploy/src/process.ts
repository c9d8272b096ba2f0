/**
 * Processes the local and command providers start: each in its own process group (detached), so
 * stopping a deployment stops everything its command started. Secrets meant for the action
 * (`INPUT_*`, tokens) are not passed on to the user's commands.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/** Signals the whole process group led by `pid`; false when it is gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export const groupAlive = (pid: number): boolean => signalGroup(pid, 0);

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves when nothing of it is left. */
export async function stopGroup(pid: number, graceMs = 3000): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (signalGroup(pid, 'SIGKILL')) while (groupAlive(pid)) await new Promise((r) => setTimeout(r, 10));
}

const PRIVATE = /^(INPUT_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_TOKEN$|GITHUB_TOKEN$|GH_TOKEN$)/;

/** The environment a user's command gets: ours without the action's inputs and tokens, plus `extra`. */
export function commandEnv(extra: Record<string, string | undefined>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!PRIVATE.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Starts `command` with the shell, detached, its output appended to `logFile`; returns at once. */
export function startDetached(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }) {
  const log = openSync(options.logFile, 'a', 0o600);
  try {
    const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `command` with the shell in its own group to completion (killing the group on timeout). */
export function runScript(
  command: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; maxOutputBytes?: number },
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const cap = options.maxOutputBytes ?? 1024 * 1024;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < cap) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < cap) stderr += d.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) void stopGroup(child.pid, 2000);
    }, options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the script left running in its group goes with it.
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}
