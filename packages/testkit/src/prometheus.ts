/**
 * A real Prometheus (the Debian package's `prometheus` binary) on loopback for tests: a 1 s scrape
 * interval, a temp TSDB, static targets labelled as a platform labels pods (e.g. by version).
 * A fresh server answers /-/ready in ~0.1 s but scrapes its first sample only after ~5 s, so
 * tests call `waitForUp()` before they count anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppState } from '@shipkit/example-app/src/app.js';
import { freePort } from './http-server';

export interface ScrapeTarget {
  /** host:port or a URL whose host:port and path are scraped. */
  url: string;
  labels?: Record<string, string>;
}

export interface PrometheusServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves once `up` is 1 for every target (each has been scraped), or rejects after `timeoutMs`. */
  waitForUp(timeoutMs?: number): Promise<void>;
  /** An instant query's result vector (for test assertions). */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Waits until `check` is true of a query's result. */
  waitFor(
    promql: string,
    check: (result: { metric: Record<string, string>; value: [number, string] }[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 5 s); the TSDB directory is removed. */
  stop(): Promise<void>;
  output(): string;
}

export const PROMETHEUS_BINARY = process.env.PROMETHEUS_BIN ?? 'prometheus';

function scrapeConfig(targets: readonly ScrapeTarget[], scrapeInterval: string): string {
  // One job per metrics path (static_configs share a path); YAML written as JSON, which YAML reads.
  const byPath = new Map<string, { targets: string[]; labels: Record<string, string> }[]>();
  for (const t of targets) {
    const u = new URL(t.url.includes('://') ? t.url : `http://${t.url}`);
    const path = u.pathname === '/' ? '/metrics' : u.pathname;
    const list = byPath.get(path) ?? [];
    list.push({ targets: [u.host], labels: t.labels ?? {} });
    byPath.set(path, list);
  }
  return JSON.stringify({
    global: { scrape_interval: scrapeInterval, scrape_timeout: scrapeInterval, evaluation_interval: scrapeInterval },
    scrape_configs: [...byPath].map(([path, statics], i) => ({ job_name: `app${i}`, metrics_path: path, static_configs: statics })),
  });
}

export async function startPrometheus(
  targets: readonly ScrapeTarget[],
  { scrapeInterval = '1s' }: { scrapeInterval?: string } = {},
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shipkit-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, scrapeConfig(targets, scrapeInterval));
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const query = async (promql: string) => {
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`prometheus: ${body.error}`);
    return body.data?.result ?? [];
  };
  const waitFor: PrometheusServer['waitFor'] = async (promql, check, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const result = await query(promql);
        if (check(result)) return;
        last = result;
      } catch (e) {
        last = e;
      }
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for \`${promql}\`; last: ${JSON.stringify(last)}\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  // Ready: the HTTP API answers.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (spawnError)
      throw new Error(
        `could not start \`${PROMETHEUS_BINARY}\` (${spawnError.message}); install the Debian package: apt-get install prometheus`,
      );
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not get ready:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    process: child,
    waitForUp: (timeoutMs = 30_000) => waitFor('up', (r) => r.length === targets.length && r.every((s) => s.value[1] === '1'), timeoutMs),
    query,
    waitFor,
    stop,
    output: () => log,
  };
}

export interface ScrapedApp {
  version: string;
  url: string;
  server: Server;
  state: AppState;
}

/**
 * Instances of the example service, one per version, on loopback, and a real Prometheus scraping
 * them every second with a `version` label on each (as a platform labels pods); resolves once every
 * instance has been scraped.
 */
export async function startScrapedApps(
  versions: readonly string[],
  options: { slowMs?: number } = {},
): Promise<{ apps: ScrapedApp[]; prometheus: PrometheusServer; close(): Promise<void> }> {
  const apps: ScrapedApp[] = [];
  for (const version of versions) {
    const { server, state } = createApp({ version, ...options });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apps.push({ version, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, state });
  }
  const prometheus = await startPrometheus(apps.map((a) => ({ url: a.url, labels: { version: a.version } })));
  await prometheus.waitForUp();
  return {
    apps,
    prometheus,
    close: async () => {
      await prometheus.stop();
      for (const app of apps) {
        app.server.closeAllConnections();
        await new Promise((resolve) => app.server.close(resolve));
      }
    },
  };
}
