/**
 * Runner cancellation, in one place. The runner cancels a job (or times it out) with SIGINT, then
 * SIGTERM 7.5 s later, then SIGKILL 2.5 s after that. Work an action must finish before it exits —
 * stop the process groups it started (kit exec), put traffic back on the stable release
 * (canary-step) — registers a hook here; at the first signal every hook runs at once, and the
 * process exits 128 + the signal number when all of them have settled. A second signal does not
 * cut the hooks short (the runner's SIGKILL is the hard stop); hooks keep their own deadline.
 */

export type CancelSignal = 'SIGINT' | 'SIGTERM';
export type CancelHook = (signal: CancelSignal) => Promise<void> | void;

const hooks = new Set<CancelHook>();
let installed = false;
let cancelled: CancelSignal | undefined;
let listeners: ((signal: CancelSignal) => void)[] = [];

/** The signal the job was cancelled with, once it was. */
export const cancelledBy = (): CancelSignal | undefined => cancelled;

export const cancelExitCode = (signal: CancelSignal): number => (signal === 'SIGINT' ? 130 : 143);

async function run(signal: CancelSignal): Promise<void> {
  await Promise.all(
    [...hooks].map(async (hook) => {
      try {
        await hook(signal);
      } catch {
        // A hook that fails must not keep the others (or the exit) waiting; it reports its own failure.
      }
    }),
  );
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(cancelExitCode(signal));
}

function onSignal(signal: CancelSignal): void {
  for (const listener of listeners) listener(signal);
  if (cancelled !== undefined) return;
  cancelled = signal;
  process.exitCode = cancelExitCode(signal);
  void run(signal);
}

/** Registers work to finish when the job is cancelled; returns a function that unregisters it. */
export function onCancel(hook: CancelHook): () => void {
  if (!installed) {
    installed = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  hooks.add(hook);
  return () => void hooks.delete(hook);
}

/** Called for every cancellation signal, the second too (exec kills its groups at once then). */
export function onCancelSignal(listener: (signal: CancelSignal) => void): void {
  listeners = [...listeners, listener];
}
