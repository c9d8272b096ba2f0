/**
 * The local provider's traffic, with real processes: two releases of the example service started
 * by the provider, the proxy bundle (dist/proxy) launched detached in front of them, the weight
 * moved through its admin API, promotion retiring and stopping the old stable, rollback at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@shipkit/testkit';
import { groupAlive } from '@shipkit/kit/exec';
import { LocalProvider } from '../src/local';
import { LocalTraffic } from '../src/local-traffic';

const app = join(repoRoot, 'examples', 'app');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function setup() {
  const stateDir = mkdtempSync(join(tmpdir(), 'shipkit-local-traffic-'));
  const provider = (version: string) =>
    new LocalProvider({ startCommand: `APP_VERSION=${version} exec node src/server.js`, stateDir, drainTimeoutMs: 5000 });
  const deploy = async (version: string) => {
    const p = provider(version);
    const d = await p.deploy({ target: 'production', directory: app, name: 'shop' });
    await p.waitReady(d.id, { timeoutMs: 10_000 });
    cleanups.push(() => p.delete(d.id).catch(() => undefined));
    return d;
  };
  const p = provider('x');
  cleanups.push(async () => {
    await p.stopTraffic('shop');
    rmSync(stateDir, { recursive: true, force: true });
  });
  return { stateDir, p, deploy };
}

/** Which release answered each of `n` requests to the stable URL. */
async function versions(url: string, n: number): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${url}/api/items`);
    await r.arrayBuffer();
    const v = r.headers.get('x-app-version') ?? '?';
    seen[v] = (seen[v] ?? 0) + 1;
  }
  return seen;
}

describe('local provider traffic', () => {
  it('declares percent traffic', () => {
    expect(new LocalProvider({ startCommand: 'x', stateDir: tmpdir() }).capabilities.traffic).toBe('percent');
  });

  it('splits by weight behind one stable URL, promotes (the old stable stopped once drained), rolls back at once', async () => {
    const { stateDir, p, deploy } = await setup();
    const v1 = await deploy('1.0.0');
    const v2 = await deploy('2.0.0');
    await expect(p.setTraffic({ candidate: v2.id, percent: 5 })).rejects.toThrow(/no stable deployment serves shop yet/);

    const first = await p.setTraffic({ candidate: v2.id, stable: v1.id, percent: 0 });
    expect(first.weights).toEqual([
      { id: v2.id, percent: 0 },
      { id: v1.id, percent: 100 },
    ]);
    const record = p.trafficRecord('shop');
    if (!record) throw new Error('no traffic record');
    expect(await versions(record.url, 20)).toEqual({ '1.0.0': 20 });
    expect(groupAlive(record.proxy.pid)).toBe(true);

    // The token: its own 0600 file, never in the record.
    const token = readFileSync(join(stateDir, 'local-traffic', 'shop', 'token'), 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(statSync(join(stateDir, 'local-traffic', 'shop', 'token')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(stateDir, 'local-traffic', 'shop', 'traffic.json'), 'utf8')).not.toContain(token);

    await p.setTraffic({ candidate: v2.id, percent: 50 });
    const half = await versions(record.url, 200);
    expect(half['2.0.0']).toBeGreaterThan(60);
    expect(half['1.0.0']).toBeGreaterThan(60);
    expect(await p.getTraffic(v2.id)).toEqual({
      weights: [
        { id: v2.id, percent: 50 },
        { id: v1.id, percent: 50 },
      ],
    });
    expect(await p.getTraffic()).toEqual(await p.getTraffic(v2.id));

    // Rollback to the stable: weight 0 at once.
    await p.rollback(v1.id);
    expect(await versions(record.url, 30)).toEqual({ '1.0.0': 30 });
    expect((await p.getTraffic(v2.id)).weights).toEqual([
      { id: v2.id, percent: 0 },
      { id: v1.id, percent: 100 },
    ]);
    // The stable one serves the URL: it cannot be deleted.
    await expect(p.delete(v1.id)).rejects.toThrow(/serves shop's stable URL/);

    // Promote: v2 takes it all, v1 is stopped after draining, the URL stays.
    await p.setTraffic({ candidate: v2.id, percent: 100 });
    const v1pid = Number(v1.details?.pid);
    await p.promote(v2.id);
    expect(await versions(record.url, 20)).toEqual({ '2.0.0': 20 });
    expect(groupAlive(v1pid)).toBe(false);
    expect(await p.get(v1.id)).toBeUndefined();
    expect(p.trafficRecord('shop')).toMatchObject({ url: record.url, stable: { id: v2.id }, candidate: null });
    expect(await p.getTraffic()).toEqual({ weights: [{ id: v2.id, percent: 100 }] });
  });

  it('relaunches a stopped proxy on the same stable URL; a candidate that stopped is refused', async () => {
    const { stateDir, p, deploy } = await setup();
    const v1 = await deploy('1.0.0');
    await p.promote(v1.id);
    const url = p.trafficRecord('shop')?.url as string;
    await new LocalTraffic(stateDir, 'shop').stop();
    expect(p.trafficRecord('shop')).toBeUndefined();
    await p.promote(v1.id);
    expect(p.trafficRecord('shop')?.url).toBe(url);
    const v2 = await deploy('2.0.0');
    await p.delete(v2.id);
    await expect(p.setTraffic({ candidate: v2.id, percent: 5 })).rejects.toThrow(/no local deployment|no longer runs/);
  });
});
