// exec on real processes: how a run ends (code, signal, timeout, abort), that the whole process
// group goes (a grandchild in the background too), output caps, stdin, lines as they come, and
// that cancelling the action (SIGINT/SIGTERM from the runner) takes every live group along.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeExit, exec, groupAlive, killGroup, stopGroup } from '../src/exec';

const dir = mkdtempSync(join(tmpdir(), 'kit-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Alive and not a zombie (a container's init may reap orphans late). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return check();
}

const pidFrom = (file: string): number => Number(readFileSync(join(dir, file), 'utf8').trim());

describe('exec', () => {
  it('gives the exit code and both streams', async () => {
    const r = await exec('sh', ['-c', 'echo out; echo err >&2; exit 3'], { cwd: dir });
    expect(r).toMatchObject({
      code: 3,
      signal: null,
      stdout: 'out\n',
      stderr: 'err\n',
      cancelled: false,
      timedOut: false,
      truncated: false,
    });
    expect(describeExit(r)).toBe('exited with code 3');
  });

  it('runs shell text with `shell`, in `cwd`, with exactly `env`', async () => {
    const r = await exec('echo "$GREETING from $(pwd)"; echo "${HOME:-no home}"', [], {
      cwd: dir,
      shell: true,
      env: { GREETING: 'hi', PATH: '/usr/bin:/bin' },
    });
    expect(r.stdout).toBe(`hi from ${dir}\nno home\n`);
  });

  it('gives the signal that ended the child', async () => {
    const r = await exec('sh', ['-c', 'kill -9 $$'], { cwd: dir });
    expect(r.code).toBeNull();
    expect(r.signal).toBe('SIGKILL');
    expect(describeExit(r)).toBe('was stopped by SIGKILL');
  });

  it('writes `input` to stdin; without it stdin is empty', async () => {
    expect((await exec('cat', [], { cwd: dir, input: 'a\nb' })).stdout).toBe('a\nb');
    expect((await exec('cat', [], { cwd: dir })).stdout).toBe('');
  });

  it('keeps at most `maxOutputBytes` per stream and says so; `onLine` still sees every line', async () => {
    const lines: string[] = [];
    const r = await exec('sh', ['-c', 'for i in 1 2 3 4 5; do echo line$i; done; printf tail'], {
      cwd: dir,
      maxOutputBytes: 12,
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(r.stdout).toBe('line1\nline2\n');
    expect(r.truncated).toBe(true);
    expect(lines).toEqual(['stdout:line1', 'stdout:line2', 'stdout:line3', 'stdout:line4', 'stdout:line5', 'stdout:tail']);
  });

  it('gives `onLine` whole characters when a chunk ends inside one', async () => {
    const lines: string[] = [];
    // printf writes the two bytes of `é` in two separate writes: two chunks.
    await exec('sh', ['-c', "printf '\\303'; sleep 0.1; printf '\\251t\\n'"], { cwd: dir, onLine: (line) => lines.push(line) });
    expect(lines).toEqual(['ét']);
  });

  it('says when the program cannot be started', async () => {
    const r = await exec('no-such-program-shipkit', [], { cwd: dir });
    expect(r.code).toBeNull();
    expect(r.spawnError).toMatch(/ENOENT/);
    expect(describeExit(r)).toMatch(/^could not be started/);
  });

  it('on timeout: SIGTERM, then SIGKILL after the grace period for a child that ignores it; the background grandchild goes too', async () => {
    const started = Date.now();
    const r = await exec('sh', ['-c', `trap '' TERM; sleep 30 & echo $! > ${join(dir, 'gc1')}; while :; do sleep 0.05; done`], {
      cwd: dir,
      timeoutMs: 300,
      graceMs: 300,
    });
    expect(r.timedOut).toBe(true);
    expect(r.cancelled).toBe(false);
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(await eventually(() => !running(pidFrom('gc1')))).toBe(true);
  });

  it('a child that exits on SIGTERM is not waited for until the grace period ends', async () => {
    const r = await exec('sleep', ['30'], { cwd: dir, timeoutMs: 100, graceMs: 20_000 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGTERM');
  });

  it('an abort stops the group and marks the run cancelled; an aborted signal does not start anything', async () => {
    const controller = new AbortController();
    const pending = exec('sh', ['-c', `sleep 30 & echo $! > ${join(dir, 'gc2')}; wait`], { cwd: dir, signal: controller.signal });
    await eventually(() => {
      try {
        return pidFrom('gc2') > 0;
      } catch {
        return false;
      }
    });
    controller.abort();
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(await eventually(() => !running(pidFrom('gc2')))).toBe(true);
    const again = await exec('sh', ['-c', `touch ${join(dir, 'never')}`], { cwd: dir, signal: controller.signal });
    expect(again.cancelled).toBe(true);
    expect(() => readFileSync(join(dir, 'never'))).toThrow();
  });

  it('killGroup signals a whole group and says whether there was one', async () => {
    const pending = exec('sh', ['-c', `sleep 30 & echo $! > ${join(dir, 'gc3')}; echo $$ > ${join(dir, 'leader3')}; wait`], { cwd: dir });
    await eventually(() => {
      try {
        return pidFrom('gc3') > 0 && pidFrom('leader3') > 0;
      } catch {
        return false;
      }
    });
    expect(killGroup(pidFrom('leader3'), 'SIGKILL')).toBe(true);
    const r = await pending;
    expect(r.signal).toBe('SIGKILL');
    expect(await eventually(() => !running(pidFrom('gc3')))).toBe(true);
    expect(killGroup(Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 1, 'SIGTERM')).toBe(false);
    expect(killGroup(undefined, 'SIGTERM')).toBe(false);
  });
});

describe('stopGroup and groupAlive (a group started detached and left running)', () => {
  const startDetached = (script: string): number => {
    const child = spawn('sh', ['-c', script], { cwd: dir, detached: true, stdio: 'ignore' });
    child.unref();
    return child.pid as number;
  };

  it('stops the whole group with SIGTERM, grandchildren too', async () => {
    const pid = startDetached(`sleep 30 & echo $! > ${join(dir, 'sg1')}; wait`);
    expect(await eventually(() => existsSync(join(dir, 'sg1')) && pidFrom('sg1') > 0)).toBe(true);
    expect(groupAlive(pid)).toBe(true);
    await stopGroup(pid, 2000);
    expect(groupAlive(pid)).toBe(false);
    expect(running(pidFrom('sg1'))).toBe(false);
    await stopGroup(pid); // gone already: nothing to do
  });

  it('kills what ignores SIGTERM after the grace period', async () => {
    const pid = startDetached(`trap "" TERM; echo $$ > ${join(dir, 'sg2')}; while :; do sleep 0.05; done`);
    expect(await eventually(() => existsSync(join(dir, 'sg2')))).toBe(true);
    const t0 = Date.now();
    await stopGroup(pid, 300);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(groupAlive(pid)).toBe(false);
  });
});

describe('cancellation of the action', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    it(`${signal} to the action stops every live group (grandchildren too) and exits ${code}`, async () => {
      const marker = join(dir, `cancel-${signal}`);
      // The kit's exec is plain erasable TypeScript: Node runs it as is.
      const script = `import { exec } from ${JSON.stringify(join(import.meta.dirname, '../src/exec.ts'))};
await Promise.all([1, 2].map((n) => exec('sh', ['-c', 'trap "" TERM; sleep 30 & echo $! > ${marker}-' + n + '; while :; do sleep 0.05; done'], { cwd: ${JSON.stringify(dir)}, graceMs: 200 })));
console.log('not reached');`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      const pids = (): number[] => {
        try {
          return [1, 2].map((n) => Number(readFileSync(`${marker}-${n}`, 'utf8').trim()));
        } catch {
          return [];
        }
      };
      expect(await eventually(() => pids().length === 2 && pids().every((p) => p > 0), 10_000)).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stdout).not.toContain('not reached');
      for (const pid of pids()) expect(await eventually(() => !running(pid)), `grandchild ${pid}`).toBe(true);
    });
});
