/**
 * The GitHub Actions cache service (the v1 REST shape @actions/cache speaks by default:
 * `_apis/artifactcache/...`) on loopback, so the real @actions/cache client inside the bundle can
 * save and restore for real: reserve, chunked PATCH upload, commit, lookup by key and restore-key
 * prefix (newest first, same version only), archive download. Bodies are kept as raw bytes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Entry {
  id: number;
  key: string;
  version: string;
  chunks: { start: number; data: Buffer }[];
  archive?: Buffer;
  createdAt: number;
}

export interface CacheService {
  /** ACTIONS_CACHE_URL (with the trailing slash the client expects). */
  url: string;
  entries: Entry[];
  requests: string[];
  close(): Promise<void>;
}

export async function startCacheService(): Promise<CacheService> {
  const entries: Entry[] = [];
  const requests: string[] = [];
  let nextId = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const reply = (status: number, value?: unknown): void => {
        res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
        res.end(value === undefined ? undefined : JSON.stringify(value));
      };
      if (url.pathname.startsWith('/_apis/') && req.headers.authorization !== 'Bearer test-runtime-token')
        return reply(401, { message: 'bad token' });
      const byId = /^\/_apis\/artifactcache\/caches\/(\d+)$/.exec(url.pathname);
      if (req.method === 'GET' && url.pathname === '/_apis/artifactcache/cache') {
        const keys = (url.searchParams.get('keys') ?? '').split(',');
        const version = url.searchParams.get('version');
        const committed = entries
          .filter((e) => e.archive && e.version === version)
          .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
        const hit =
          committed.find((e) => e.key === keys[0]) ??
          keys.map((k) => committed.find((e) => e.key.startsWith(k))).find((e) => e !== undefined);
        if (!hit) return reply(204);
        return reply(200, { cacheKey: hit.key, scope: 'refs/heads/main', archiveLocation: `http://127.0.0.1:${port}/archives/${hit.id}` });
      }
      if (req.method === 'POST' && url.pathname === '/_apis/artifactcache/caches') {
        const { key, version } = JSON.parse(body.toString('utf8')) as { key: string; version: string };
        if (entries.some((e) => e.key === key && e.version === version)) return reply(409, { message: 'already exists' });
        const entry: Entry = { id: nextId++, key, version, chunks: [], createdAt: Date.now() };
        entries.push(entry);
        return reply(201, { cacheId: entry.id });
      }
      if (byId && req.method === 'PATCH') {
        const entry = entries.find((e) => e.id === Number(byId[1]));
        const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(req.headers['content-range']));
        if (!entry || !range) return reply(400, { message: 'bad chunk' });
        entry.chunks.push({ start: Number(range[1]), data: body });
        return reply(204);
      }
      if (byId && req.method === 'POST') {
        const entry = entries.find((e) => e.id === Number(byId[1]));
        const { size } = JSON.parse(body.toString('utf8')) as { size: number };
        if (!entry) return reply(404, { message: 'no such cache' });
        const archive = Buffer.concat(entry.chunks.sort((a, b) => a.start - b.start).map((c) => c.data));
        if (archive.length !== size) return reply(400, { message: `size ${size} does not match the ${archive.length} bytes uploaded` });
        entry.archive = archive;
        return reply(204);
      }
      const archive = /^\/archives\/(\d+)$/.exec(url.pathname);
      if (archive && req.method === 'GET') {
        const entry = entries.find((e) => e.id === Number(archive[1]));
        if (!entry?.archive) return reply(404);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.archive.length });
        return res.end(entry.archive);
      }
      reply(404, { message: `no route for ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    entries,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
