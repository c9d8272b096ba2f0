/**
 * What the local and command providers add to the kit's process handling: the environment a
 * user's command gets (secrets meant for the action — `INPUT_*`, tokens — are not passed on), and
 * the local provider's long-running start. That one is not `exec` (it outlives the action), so it is
 * spawned detached here — its own process group, output to a log file — and stopped later, from
 * any step, with the kit's `stopGroup`.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

const PRIVATE = /^(INPUT_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_TOKEN$|GITHUB_TOKEN$|GH_TOKEN$)/;

/** The environment a user's command gets: ours without the action's inputs and tokens, plus `extra`. */
export function commandEnv(extra: Record<string, string | undefined>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!PRIVATE.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Starts `command` with the shell in its own process group, output appended to `logFile`; returns its pid at once. */
export function startDetached(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): number | undefined {
  const log = openSync(options.logFile, 'a', 0o600);
  try {
    const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] });
    child.on('error', () => undefined); // reported as the app not answering, with its log
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}
