/**
 * Cancellation hooks: an action cancelled by the runner (SIGINT, then SIGTERM 7.5 s later) finishes
 * its registered work — here a hook that takes 600 ms, as canary-step's return to stable does —
 * before it exits 130/143, together with exec's own stopping of its process groups, and a second
 * signal does not cut the hook short.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'kit-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = (file: string): string => JSON.stringify(join(import.meta.dirname, '../src', file));

async function cancelled(signals: NodeJS.Signals[]): Promise<{ code: number | null; stdout: string }> {
  // The main work never ends on its own; the hook takes 600 ms; an exec'd group runs meanwhile.
  const script = `import { onCancel } from ${src('cancel.ts')};
import { exec } from ${src('exec.ts')};
onCancel(async (signal) => {
  console.log('hook started by ' + signal);
  await new Promise((r) => setTimeout(r, 600));
  console.log('hook done');
});
void exec('sh', ['-c', 'while :; do sleep 0.05; done'], { cwd: ${JSON.stringify(dir)}, graceMs: 200 });
console.log('ready');
await new Promise(() => setInterval(() => undefined, 1000));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready')) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  await ready;
  for (const [i, signal] of signals.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100));
    child.kill(signal);
  }
  const code = await exited;
  return { code, stdout };
}

it('SIGTERM: the hook finishes before the action exits 143', async () => {
  const r = await cancelled(['SIGTERM']);
  expect(r.code).toBe(143);
  expect(r.stdout).toContain('hook started by SIGTERM\nhook done');
});

it('SIGINT then SIGTERM (the runner’s sequence): the hook still finishes, the exit code is the first signal’s', async () => {
  const r = await cancelled(['SIGINT', 'SIGTERM']);
  expect(r.code).toBe(130);
  expect(r.stdout).toContain('hook done');
});
