import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shipkit/testkit';
import { httpRequest } from '@shipkit/kit/http';
import { LocalProvider } from '../src/local';
import { CommandProvider, parseScriptResult } from '../src/command';
import { groupAlive } from '@shipkit/kit/exec';

const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'shipkit-local-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const app = join(repoRoot, 'examples', 'app');

describe('local provider', () => {
  it('starts the app on a free PORT in its own group, ready when it answers; delete stops the whole group', async () => {
    const p = new LocalProvider({ startCommand: 'node src/server.js & sleep 300 & wait', stateDir: temp() });
    const d = await p.deploy({ target: 'preview', directory: app, name: 'shop' });
    const ready = await p.waitReady(d.id, { timeoutMs: 10_000 });
    const res = await httpRequest({ url: `${ready.url}/healthz`, timeoutMs: 2000 });
    expect(res.status).toBe(200);
    const pid = Number(ready.details?.pid);
    expect(groupAlive(pid)).toBe(true);
    expect((await p.list()).map((x) => x.id)).toEqual([d.id]);
    await p.delete(d.id);
    expect(groupAlive(pid)).toBe(false);
    expect(await p.get(d.id)).toBeUndefined();
  });

  it('an app that crashes on start is a failure with its log, and leaves nothing running', async () => {
    const p = new LocalProvider({ startCommand: 'echo "listen EADDRINUSE" >&2; exit 3', stateDir: temp() });
    const d = await p.deploy({ target: 'preview', directory: app, name: 'shop' });
    await expect(p.waitReady(d.id, { timeoutMs: 5000 })).rejects.toThrow(/exited before it answered.*\n.*EADDRINUSE/s);
    expect(await p.list()).toEqual([]);
  });

  it('an app that never answers is stopped at the deadline', async () => {
    const p = new LocalProvider({ startCommand: 'sleep 30', stateDir: temp() });
    const d = await p.deploy({ target: 'preview', directory: app, name: 'shop' });
    const pid = Number(d.details?.pid);
    await expect(p.waitReady(d.id, { timeoutMs: 300 })).rejects.toThrow(/did not answer .* within 300 ms/);
    expect(groupAlive(pid)).toBe(false);
  });

  it('the app does not get the action’s inputs or tokens', async () => {
    const dir = temp();
    const p = new LocalProvider({
      startCommand: 'env > env.txt; exec node "$APP"',
      stateDir: dir,
      env: { ...process.env, INPUT_TOKEN: 'sekrit', GITHUB_TOKEN: 'ghs_x', APP: join(app, 'src', 'server.js') },
    });
    const d = await p.deploy({ target: 'preview', directory: dir, name: 'shop' });
    await p.waitReady(d.id, { timeoutMs: 10_000 });
    await p.delete(d.id);
    const { readFileSync } = await import('node:fs');
    const env = readFileSync(join(dir, 'env.txt'), 'utf8');
    expect(env).toMatch(/^PORT=\d+$/m);
    expect(env).not.toMatch(/sekrit|ghs_x/);
  });
});

describe('command provider', () => {
  it('reads the JSON line or the last line', () => {
    expect(parseScriptResult('building…\n{"url":"https://a.fly.dev","id":"v12"}\n')).toEqual({
      url: 'https://a.fly.dev',
      id: 'v12',
      aliasUrls: [],
    });
    expect(parseScriptResult('log\nhttps://b.example.com\n')).toEqual({
      url: 'https://b.example.com',
      id: 'https://b.example.com',
      aliasUrls: [],
    });
    expect(parseScriptResult('{"url":"javascript:alert(1)"}')).toBeUndefined();
    expect(parseScriptResult('done')).toBeUndefined();
  });

  it('runs deploy and destroy scripts with SHIPKIT_* variables', async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'deploy.sh'),
      'echo "deploying $SHIPKIT_NAME"; echo "{\\"url\\":\\"http://127.0.0.1:9/$SHIPKIT_ALIAS\\",\\"id\\":\\"d-$SHIPKIT_SHA\\"}"\n',
    );
    writeFileSync(join(dir, 'destroy.sh'), 'echo "$SHIPKIT_DEPLOYMENT_ID $SHIPKIT_DEPLOYMENT_URL" > destroyed.txt\n');
    const p = new CommandProvider({ deployCommand: 'sh deploy.sh', destroyCommand: 'sh destroy.sh', cwd: dir, timeoutMs: 5000 });
    const d = await p.deploy({ target: 'preview', directory: dir, name: 'shop', alias: 'pr-4', sha: 'abc' });
    expect(d).toMatchObject({ id: 'd-abc', url: 'http://127.0.0.1:9/pr-4' });
    await p.delete(d.id);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dir, 'destroyed.txt'), 'utf8').trim()).toBe('d-abc http://127.0.0.1:9/pr-4');
    expect(p.capabilities).toMatchObject({ traffic: 'none', deleteDeployment: true });
  });

  it('a failing or silent script is a failure that says what to print', async () => {
    const dir = temp();
    await expect(
      new CommandProvider({ deployCommand: 'echo nope >&2; exit 4', cwd: dir, timeoutMs: 5000 }).deploy({
        target: 'preview',
        directory: dir,
        name: 's',
      }),
    ).rejects.toThrow(/exited with code 4; its output ends:\nnope/);
    await expect(
      new CommandProvider({ deployCommand: 'echo ok', cwd: dir, timeoutMs: 5000 }).deploy({ target: 'preview', directory: dir, name: 's' }),
    ).rejects.toThrow(/without reporting a URL/);
    await expect(
      new CommandProvider({ deployCommand: 'sleep 5', cwd: dir, timeoutMs: 200 }).deploy({ target: 'preview', directory: dir, name: 's' }),
    ).rejects.toThrow(/did not finish within 200 ms/);
  });
});
