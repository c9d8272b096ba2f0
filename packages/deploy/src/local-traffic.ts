/**
 * The local provider's traffic: one weighted proxy (packages/proxy) per app, a long-running
 * process of its own that serves the environment's stable URL and sends each request to the
 * stable or the candidate deployment (each a local process group) by weight. It is launched
 * detached (`launchProxy`), so it outlives the step that started it, and found again from its
 * record: `<stateDir>/local-traffic/<name>/traffic.json` (its pid, URL, admin URL, the backends).
 * The admin token is a secret of its own file (mode 0600, beside the proxy's own 0600 config);
 * it is masked when read and never written into the record, a log, a report or a message.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setSecret } from '@shipkit/kit';
import { groupAlive } from '@shipkit/kit/exec';
import { launchProxy, stopProcess } from '@shipkit/proxy/launch';
import { proxyAdminClient, type ProxyAdminClient } from '@shipkit/proxy/client';

/** A deployment behind the proxy: its id is the proxy's `version` label. */
export interface TrafficBackend {
  id: string;
  url: string;
  pid: number;
}

export interface TrafficRecord {
  name: string;
  /** The environment's stable URL: the proxy's traffic listener. */
  url: string;
  proxy: { pid: number; adminUrl: string; logFile: string };
  stable: TrafficBackend;
  candidate: TrafficBackend | null;
  /** The candidate's weight the last change set, in percent. */
  weight: number;
  updatedAt: string;
}

export interface LocalTrafficOptions {
  host?: string;
  /** How long a retired backend may take to finish its in-flight requests (the proxy's `drainTimeoutMs`). */
  drainTimeoutMs?: number;
  /** How often an ejected backend is probed (the proxy's `health.intervalMs`). */
  healthIntervalMs?: number;
}

const NAME = /^[\w.-]{1,100}$/;

export class LocalTraffic {
  readonly dir: string;
  private readonly recordFile: string;
  private readonly tokenFile: string;

  constructor(
    stateDir: string,
    readonly name: string,
    private readonly options: LocalTrafficOptions = {},
  ) {
    if (!NAME.test(name)) throw new Error(`\`${name}\` is not a local app name`);
    this.dir = join(stateDir, 'local-traffic', name);
    this.recordFile = join(this.dir, 'traffic.json');
    this.tokenFile = join(this.dir, 'token');
  }

  /** The apps that have (or had) a proxy in this state directory. */
  static names(stateDir: string): string[] {
    const root = join(stateDir, 'local-traffic');
    if (!existsSync(root)) return [];
    return readdirSync(root).filter((n) => NAME.test(n) && existsSync(join(root, n, 'traffic.json')));
  }

  read(): TrafficRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.recordFile, 'utf8')) as TrafficRecord;
    } catch {
      return undefined;
    }
  }

  /** The record, when its proxy still runs. */
  running(): TrafficRecord | undefined {
    const record = this.read();
    return record && groupAlive(record.proxy.pid) ? record : undefined;
  }

  write(record: TrafficRecord): void {
    mkdirSync(this.dir, { recursive: true });
    const temp = `${this.recordFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ ...record, updatedAt: new Date().toISOString() }, null, 1), { mode: 0o600 });
    renameSync(temp, this.recordFile);
  }

  /** The admin token: made once per app (0600), masked whenever it is read. */
  private token(): string {
    let token: string;
    try {
      token = readFileSync(this.tokenFile, 'utf8').trim();
    } catch {
      token = '';
    }
    if (token.length < 16) {
      mkdirSync(this.dir, { recursive: true });
      token = randomBytes(24).toString('base64url');
      writeFileSync(this.tokenFile, `${token}\n`, { mode: 0o600 });
      chmodSync(this.tokenFile, 0o600);
    }
    setSecret(token);
    return token;
  }

  admin(record: TrafficRecord, timeoutMs = 60_000): ProxyAdminClient {
    return proxyAdminClient({ adminUrl: record.proxy.adminUrl, token: this.token(), timeoutMs });
  }

  /**
   * Starts the proxy with these backends (on the port the app's stable URL had before, when it had
   * one) and records it. Resolves once it listens.
   */
  async launch(stable: TrafficBackend, candidate: TrafficBackend | null, weight: number): Promise<TrafficRecord> {
    const previous = this.read();
    const port = previous ? Number(new URL(previous.url).port) : 0;
    const launched = await launchProxy(
      {
        token: this.token(),
        stable: { url: stable.url, version: stable.id },
        ...(candidate ? { candidate: { url: candidate.url, version: candidate.id } } : {}),
        weight: candidate ? weight : 0,
        listen: { host: this.options.host ?? '127.0.0.1', port },
        health: { path: '/', intervalMs: this.options.healthIntervalMs ?? 500 },
        drainTimeoutMs: this.options.drainTimeoutMs ?? 30_000,
      },
      { dir: this.dir },
    );
    const record: TrafficRecord = {
      name: this.name,
      url: launched.url,
      proxy: { pid: launched.pid, adminUrl: launched.adminUrl, logFile: launched.logFile },
      stable,
      candidate,
      weight: candidate ? weight : 0,
      updatedAt: new Date().toISOString(),
    };
    this.write(record);
    return record;
  }

  /**
   * Stops the proxy (it drains in-flight requests first). The record stays, so a proxy launched
   * later serves the same stable URL; `forget` removes it with the token.
   */
  async stop(graceMs = 10_000): Promise<void> {
    const record = this.read();
    if (record) await stopProcess(record.proxy.pid, graceMs);
  }

  async forget(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
