/**
 * The ledger in a local file, for the CLI and the local pipeline: the same records and status
 * rules as GitHub Deployments (including `auto_inactive`), written under an exclusive lock file
 * and replaced atomically (temp file, fsync, rename), so a reader never sees half a file and two
 * processes never lose each other's writes.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { shortDescription, type CreateRecord, type Ledger, type LedgerRecord, type StatusUpdate } from './ledger';

interface LedgerFile {
  version: 1;
  nextId: number;
  deployments: LedgerRecord[];
}

export interface FileLedgerOptions {
  /** Give up waiting for the lock after this long. */
  lockTimeoutMs?: number;
  /** A lock older than this whose holder is gone is taken over. */
  staleMs?: number;
}

const sleepSync = (ms: number): void => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FileLedger implements Ledger {
  readonly path: string;
  private readonly lockPath: string;
  private readonly options: FileLedgerOptions;

  // No parameter properties: the concurrency test runs this file with Node's type stripping.
  constructor(path: string, options: FileLedgerOptions = {}) {
    this.path = path;
    this.lockPath = `${path}.lock`;
    this.options = options;
  }

  private read(): LedgerFile {
    try {
      const data = JSON.parse(readFileSync(this.path, 'utf8')) as LedgerFile;
      if (data.version !== 1 || !Array.isArray(data.deployments)) throw new Error(`${this.path} is not a shipkit ledger file`);
      return data;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, nextId: 1, deployments: [] };
      throw e;
    }
  }

  private write(data: LedgerFile): void {
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(data, null, 1)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
  }

  /** Runs `change` on the current contents under the lock and writes what it leaves. */
  private update<T>(change: (data: LedgerFile) => T): T {
    mkdirSync(dirname(this.path), { recursive: true });
    const deadline = Date.now() + (this.options.lockTimeoutMs ?? 10_000);
    let fd: number | undefined;
    while (fd === undefined) {
      try {
        fd = openSync(this.lockPath, 'wx', 0o600);
        writeFileSync(fd, `${process.pid}\n`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        this.breakStaleLock();
        if (Date.now() > deadline)
          throw new Error(`the ledger ${this.path} stayed locked for ${this.options.lockTimeoutMs ?? 10_000} ms (${this.lockPath})`, {
            cause: e,
          });
        sleepSync(2 + Math.random() * 8);
      }
    }
    try {
      const data = this.read();
      const result = change(data);
      this.write(data);
      return result;
    } finally {
      closeSync(fd);
      unlinkSync(this.lockPath);
    }
  }

  private breakStaleLock(): void {
    try {
      const holder = Number(readFileSync(this.lockPath, 'utf8').trim());
      const age = Date.now() - statSync(this.lockPath).mtimeMs;
      // A holder that died leaves its lock behind; one that is alive keeps it however long it takes
      // (up to `staleMs`, against a reused pid).
      if ((Number.isInteger(holder) && holder > 0 && !alive(holder)) || age > (this.options.staleMs ?? 60_000)) unlinkSync(this.lockPath);
    } catch {
      // Released (or being written) meanwhile: try again.
    }
  }

  async create(record: CreateRecord): Promise<LedgerRecord> {
    return this.update((data) => {
      const created: LedgerRecord = {
        id: String(data.nextId++),
        environment: record.environment,
        ref: record.ref,
        sha: record.sha,
        transient: record.transient,
        production: record.production,
        payload: record.payload,
        createdAt: new Date().toISOString(),
        statuses: [],
      };
      data.deployments.push(created);
      return structuredClone(created);
    });
  }

  async setStatus(id: string, update: StatusUpdate): Promise<void> {
    this.update((data) => {
      const record = data.deployments.find((d) => d.id === id);
      if (!record) throw new Error(`deployment ${id} is not in the ledger ${this.path}`);
      const now = new Date().toISOString();
      record.statuses.unshift({
        state: update.state,
        description: shortDescription(update.description),
        environmentUrl: update.environmentUrl,
        logUrl: update.logUrl,
        createdAt: now,
      });
      // GitHub's auto_inactive: a success retires earlier non-transient, non-production deployments.
      if (update.state === 'success' && update.autoInactive !== false)
        for (const other of data.deployments)
          if (
            other !== record &&
            other.environment === record.environment &&
            !other.transient &&
            !other.production &&
            Number(other.id) < Number(id) &&
            other.statuses[0]?.state !== 'inactive'
          )
            other.statuses.unshift({ state: 'inactive', description: `superseded by deployment ${id}`, createdAt: now });
    });
  }

  async get(id: string): Promise<LedgerRecord | undefined> {
    return this.read().deployments.find((d) => d.id === id);
  }

  async *list(environment: string): AsyncIterable<LedgerRecord> {
    const records = this.read().deployments.filter((d) => d.environment === environment);
    for (const r of records.reverse()) yield r;
  }

  async environments(prefix: string): Promise<string[]> {
    return [
      ...new Set(
        this.read()
          .deployments.map((d) => d.environment)
          .filter((e) => e.startsWith(prefix)),
      ),
    ];
  }
}
