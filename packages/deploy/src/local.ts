/**
 * The local provider, the embedded default: the user's `start-command` runs in `directory` with
 * `PORT` set to a free port, in its own process group, its output in a log file. Ready when the
 * URL gives any HTTP answer. The preview outlives the action (until destroy, or the end of the
 * job on a runner); each deployment is a small JSON file in the state directory, so a later run
 * (destroy, gc) finds its process group.
 *
 * Traffic (a `percent` provider): the app's stable URL is served by its weighted proxy
 * (local-traffic.ts), the stable and candidate deployments behind it. `setTraffic` moves the
 * weight through the proxy's admin API (the proxy is launched with the first split); `promote`
 * makes the candidate the stable one and stops the old stable's process group once its
 * connections drained; `rollback` puts all traffic on a deployment at once (weight 0 for the
 * candidate when it rolls back to the stable one).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { httpRequest, HttpFailure } from '@shipkit/kit/http';
import { groupAlive, stopGroup } from '@shipkit/kit/exec';
import { commandEnv, startDetached } from './process';
import { LocalTraffic, type TrafficBackend, type TrafficRecord } from './local-traffic';
import {
  DeployFailure,
  UnsupportedOperation,
  assertPercent,
  type SetTrafficRequest,
  type DeployProvider,
  type DeployRequest,
  type DeployResult,
  type Deployment,
  type DeployTarget,
  type TrafficSplit,
  type WaitOptions,
} from './provider';

export interface LocalOptions {
  startCommand: string;
  /** Where deployment records and logs are kept (RUNNER_TEMP or a `.shipkit` dir). */
  stateDir: string;
  host?: string;
  env?: NodeJS.ProcessEnv;
  /** Traffic: the proxy's drain timeout for a retired backend (default 30 s). */
  drainTimeoutMs?: number;
}

interface LocalRecord {
  id: string;
  name: string;
  pid: number;
  port: number;
  url: string;
  logFile: string;
  target: DeployTarget;
  createdAt: string;
}

export function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The end of a log, for a failure message (the caller redacts it). */
export function logTail(file: string, bytes = 2000): string {
  if (!existsSync(file)) return '';
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(bytes, size);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').trim();
  } finally {
    closeSync(fd);
  }
}

export class LocalProvider implements DeployProvider {
  readonly name = 'local';
  readonly capabilities = {
    traffic: 'percent',
    // A promoted release's predecessor is stopped once drained: rolling back to it means deploying it again.
    instantRollback: false,
    contentAddressedUpload: false,
    alias: false,
    deleteDeployment: true,
  } as const;
  private readonly dir: string;

  constructor(private readonly options: LocalOptions) {
    this.dir = join(options.stateDir, 'local-deployments');
  }

  private recordPath(id: string): string {
    if (!/^[\w.-]+$/.test(id)) throw new DeployFailure(`\`${id}\` is not a local deployment id`);
    return join(this.dir, `${id}.json`);
  }

  private read(id: string): LocalRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.recordPath(id), 'utf8')) as LocalRecord;
    } catch {
      return undefined;
    }
  }

  private toDeployment(r: LocalRecord): Deployment {
    return {
      id: r.id,
      url: r.url,
      aliasUrls: [],
      state: groupAlive(r.pid) ? 'ready' : 'deleted',
      target: r.target,
      createdAt: r.createdAt,
      details: { pid: r.pid, port: r.port, logFile: r.logFile, name: r.name, ...this.stableUrlOf(r) },
    };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    mkdirSync(this.dir, { recursive: true });
    const host = this.options.host ?? '127.0.0.1';
    const port = await freeTcpPort(host);
    const id = `${request.name.replace(/[^\w.-]/g, '-')}-${port}`;
    const logFile = join(this.dir, `${id}.log`);
    const pid = startDetached(this.options.startCommand, {
      cwd: request.directory,
      env: commandEnv({ PORT: String(port), HOST: host }, this.options.env),
      logFile,
    });
    if (!pid) throw new DeployFailure(`\`start-command\` could not be started`);
    const record: LocalRecord = {
      id,
      name: request.name,
      pid,
      port,
      url: `http://${host}:${port}`,
      logFile,
      target: request.target,
      createdAt: new Date().toISOString(),
    };
    writeFileSync(this.recordPath(id), JSON.stringify(record));
    return this.toDeployment(record);
  }

  async waitReady(id: string, options: WaitOptions): Promise<Deployment> {
    const record = this.read(id);
    if (!record) throw new DeployFailure(`local deployment ${id} is not known`, id);
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      if (!groupAlive(record.pid)) {
        const tail = logTail(record.logFile);
        await this.delete(id);
        throw new DeployFailure(`the app exited before it answered at ${record.url}${tail ? `; its log ends:\n${tail}` : ''}`, id);
      }
      try {
        await httpRequest({ url: record.url, timeoutMs: Math.max(50, Math.min(2000, deadline - Date.now())), followRedirects: false });
        return this.toDeployment(record);
      } catch (e) {
        if (!(e instanceof HttpFailure)) throw e;
      }
      if (Date.now() >= deadline || options.signal?.aborted) {
        const tail = logTail(record.logFile);
        await this.delete(id);
        throw new DeployFailure(
          `the app did not answer at ${record.url} within ${options.timeoutMs} ms${tail ? `; its log ends:\n${tail}` : ''}`,
          id,
        );
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 10));
    }
  }

  async get(id: string): Promise<Deployment | undefined> {
    const record = this.read(id);
    return record ? this.toDeployment(record) : undefined;
  }

  async list(options: { target?: DeployTarget; limit?: number } = {}): Promise<Deployment[]> {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => this.read(f.slice(0, -5)))
      .filter((r): r is LocalRecord => r !== undefined && (!options.target || r.target === options.target))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, options.limit ?? 100)
      .map((r) => this.toDeployment(r));
  }

  private traffic(name: string): LocalTraffic {
    return new LocalTraffic(this.options.stateDir, name, { host: this.options.host, drainTimeoutMs: this.options.drainTimeoutMs });
  }

  /** A running deployment as a proxy backend, or a DeployFailure saying why it cannot serve. */
  private backend(id: string, role: string): { record: LocalRecord; backend: TrafficBackend } {
    const record = this.read(id);
    if (!record) throw new DeployFailure(`the ${role} \`${id}\` is no local deployment of this workspace`, id);
    if (!groupAlive(record.pid)) throw new DeployFailure(`the ${role} \`${id}\` no longer runs (pid ${record.pid}); deploy it again`, id);
    return { record, backend: { id: record.id, url: record.url, pid: record.pid } };
  }

  private static split(record: TrafficRecord, weights: { stable: number; candidate: number }): TrafficSplit {
    return {
      weights: [
        ...(record.candidate ? [{ id: record.candidate.id, percent: weights.candidate }] : []),
        { id: record.stable.id, percent: record.candidate ? weights.stable : 100 },
      ],
    };
  }

  /** The app's stable URL, for a deployment serving behind the app's running proxy. */
  private stableUrlOf(r: LocalRecord): { stableUrl?: string } {
    const traffic = this.traffic(r.name).running();
    return traffic && (traffic.stable.id === r.id || traffic.candidate?.id === r.id) ? { stableUrl: traffic.url } : {};
  }

  /** The app's stable URL (its proxy) and backends, when its proxy runs. */
  trafficRecord(name: string): TrafficRecord | undefined {
    return this.traffic(name).running();
  }

  async setTraffic(request: SetTrafficRequest): Promise<TrafficSplit> {
    assertPercent(request.percent);
    const { record: candidate, backend: candidateBackend } = this.backend(request.candidate, 'candidate');
    const traffic = this.traffic(candidate.name);
    const current = traffic.running();
    const stableId = request.stable ?? current?.stable.id;
    if (!stableId)
      throw new DeployFailure(
        `no stable deployment serves ${candidate.name} yet, so there is nothing to split traffic with; name the stable one (or promote one first)`,
      );
    if (stableId === candidate.id) throw new DeployFailure(`\`${candidate.id}\` cannot be both the stable and the candidate deployment`);
    const { backend: stableBackend } = this.backend(stableId, 'stable deployment');
    if (!current) {
      const launched = await traffic.launch(stableBackend, candidateBackend, request.percent);
      return LocalProvider.split(launched, { stable: 100 - request.percent, candidate: request.percent });
    }
    const admin = traffic.admin(current);
    let state;
    if (current.stable.id === stableId && current.candidate?.id === candidate.id)
      state = await admin.setWeights({ candidate: request.percent });
    else
      state = (
        await admin.setBackends({
          stable: { url: stableBackend.url, version: stableBackend.id },
          candidate: { url: candidateBackend.url, version: candidateBackend.id },
          weight: request.percent,
        })
      ).state;
    const next: TrafficRecord = { ...current, stable: stableBackend, candidate: candidateBackend, weight: state.weights.candidate };
    traffic.write(next);
    return LocalProvider.split(next, state.weights);
  }

  async getTraffic(candidate?: string): Promise<TrafficSplit> {
    const names = candidate
      ? [this.read(candidate)?.name].filter((n): n is string => n !== undefined)
      : LocalTraffic.names(this.options.stateDir);
    if (names.length > 1)
      throw new DeployFailure(`several local apps have traffic here (${names.join(', ')}); name the deployment whose split you want`);
    const record = names[0] ? this.traffic(names[0]).running() : undefined;
    if (!record) return { weights: [] };
    const state = await this.traffic(record.name).admin(record).state();
    return LocalProvider.split(record, state.weights);
  }

  async advanceStage(): Promise<TrafficSplit> {
    throw new UnsupportedOperation('local', 'advance a provider stage', 'local traffic is set by percentage');
  }

  /**
   * All of the app's traffic to `id`, for good: it becomes the stable backend (the proxy is
   * launched with it when there is none yet: the app's first release), and every backend it
   * replaces is stopped once its in-flight requests finished.
   */
  async promote(id: string): Promise<void> {
    const { record, backend } = this.backend(id, 'deployment to promote');
    const traffic = this.traffic(record.name);
    const current = traffic.running();
    if (!current) {
      await traffic.launch(backend, null, 0);
      return;
    }
    if (current.stable.id === id && !current.candidate) return;
    const admin = traffic.admin(current);
    const change =
      current.candidate?.id === id
        ? await admin.promote({ waitDrained: true })
        : await admin.setBackends({ stable: { url: backend.url, version: backend.id }, candidate: null }, { waitDrained: true });
    traffic.write({ ...current, stable: backend, candidate: null, weight: 0 });
    // Drained: nothing is in flight on the replaced releases any more, so their processes can go.
    for (const retired of change.retired) if (retired.version !== id) await this.delete(retired.version);
  }

  /**
   * All of the app's traffic back on `id` at once. Rolling back to the stable deployment is the
   * candidate's weight set to 0 (it stays behind the proxy, serving nothing, until it is deleted);
   * to another running deployment, it becomes the stable backend and the others are detached.
   */
  async rollback(id: string): Promise<void> {
    const { record, backend } = this.backend(id, 'deployment to roll back to');
    const traffic = this.traffic(record.name);
    const current = traffic.running();
    if (!current) {
      await traffic.launch(backend, null, 0);
      return;
    }
    const admin = traffic.admin(current);
    if (current.stable.id === id) {
      if (current.candidate) await admin.setWeights({ candidate: 0 });
      traffic.write({ ...current, weight: 0 });
      return;
    }
    await admin.setBackends({ stable: { url: backend.url, version: backend.id }, candidate: null });
    traffic.write({ ...current, stable: backend, candidate: null, weight: 0 });
  }

  /** Stops the app's proxy: its stable URL stops answering (the deployments keep running). */
  async stopTraffic(name: string): Promise<void> {
    await this.traffic(name).stop();
  }

  /** Stops the whole process group and forgets the deployment (its log stays for the report). */
  async delete(id: string): Promise<void> {
    const record = this.read(id);
    if (!record) return;
    await this.detach(record);
    await stopGroup(record.pid);
    rmSync(this.recordPath(id), { force: true });
  }

  /**
   * Takes a deployment out of its app's proxy before it is stopped: a candidate is removed (after
   * its in-flight requests finished); the stable one cannot go while it serves the stable URL.
   */
  private async detach(record: LocalRecord): Promise<void> {
    const traffic = this.traffic(record.name);
    const current = traffic.running();
    if (!current) return;
    if (current.stable.id === record.id)
      throw new DeployFailure(
        `\`${record.id}\` serves ${record.name}'s stable URL ${current.url}; promote or roll back to another deployment first`,
        record.id,
      );
    if (current.candidate?.id !== record.id) return;
    await traffic.admin(current).setBackends({ candidate: null }, { waitDrained: true });
    traffic.write({ ...current, candidate: null, weight: 0 });
  }
}
