/**
 * The local provider, the embedded default: the user's `start-command` runs in `directory` with
 * `PORT` set to a free port, in its own process group, its output in a log file. Ready when the
 * URL gives any HTTP answer. The preview outlives the action (until destroy, or the end of the
 * job on a runner); each deployment is a small JSON file in the state directory, so a later run
 * (destroy, gc) finds its process group.
 *
 * Traffic: the weighted proxy (packages/proxy) makes this a `percent` provider in phase 2; until
 * then it declares `none` and canary-step runs a guarded cutover.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { httpRequest, HttpFailure } from '@shipkit/kit/http';
import { groupAlive, stopGroup } from '@shipkit/kit/exec';
import { commandEnv, startDetached } from './process';
import {
  DeployFailure,
  UnsupportedOperation,
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
    traffic: 'none',
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
      details: { pid: r.pid, port: r.port, logFile: r.logFile },
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

  async setTraffic(): Promise<TrafficSplit> {
    throw new UnsupportedOperation(
      'local',
      'split traffic yet',
      'the weighted proxy (packages/proxy) adds this; until then use a guarded cutover',
    );
  }

  async getTraffic(): Promise<TrafficSplit> {
    return this.setTraffic();
  }

  async advanceStage(): Promise<TrafficSplit> {
    throw new UnsupportedOperation('local', 'advance a provider stage', 'local traffic is set by percentage');
  }

  async promote(): Promise<void> {
    throw new UnsupportedOperation('local', 'promote yet', 'the weighted proxy (packages/proxy) routes the stable URL');
  }

  async rollback(): Promise<void> {
    throw new UnsupportedOperation('local', 'roll back yet', 'the weighted proxy (packages/proxy) routes the stable URL');
  }

  /** Stops the whole process group and forgets the deployment (its log stays for the report). */
  async delete(id: string): Promise<void> {
    const record = this.read(id);
    if (!record) return;
    await stopGroup(record.pid);
    rmSync(this.recordPath(id), { force: true });
  }
}
