/**
 * The deployments' own hosts (`*.vercel.app`, `*.netlify.app`, `*.pages.dev`, `*.workers.dev`),
 * on loopback, reached the way a runner behind a proxy reaches them: the action is given
 * HTTPS_PROXY (a recording CONNECT proxy) and NODE_EXTRA_CA_CERTS (a throwaway certificate for
 * those names); the proxy tunnels a name only while an emulator has a deployment there, to a TLS
 * front whose plain side serves what that emulator holds for the deployment (its uploaded files,
 * or its Worker run on the request). The action resolves no name and trusts nothing it would not
 * trust in production: a wrong certificate or an unknown host fails as it would there.
 */
import { request as httpRequest, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { startProxy, startTlsFront, testCertificate, type ProxiedRequest } from '../proxy';

export interface SiteAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

/** What an emulator offers the deployment hosts. */
export interface SiteSource {
  /** Certificate names covering its deployments' hosts (`*.vercel.app`). */
  siteNames(): string[];
  /** Whether a deployment answers at `host` now (a deleted one does not). */
  hasSite(host: string): boolean;
  /** The deployment's answer to a request; undefined when no deployment is at `host`. */
  serveSite(request: { host: string; method: string; path: string; headers: IncomingHttpHeaders }): Promise<SiteAnswer | undefined>;
}

export interface SiteRequest {
  host: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface DeploymentHosts {
  /** What the bundle is run with: the proxy and the certificate to trust. */
  env: { HTTPS_PROXY: string; NODE_EXTRA_CA_CERTS: string };
  /** Every CONNECT the proxy saw (refused ones too). */
  proxied: ProxiedRequest[];
  /** Every request that reached a deployment's host, in order. */
  requests: SiteRequest[];
  /** GET `url` through the proxy, trusting only the test certificate, as the action does. */
  get(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * A static host's answer for `path` from a deployment's files (`lookup` gives a file's bytes by its
 * path, without a leading `/`): `/` and `/dir/` serve `index.html`, `/about` also `about.html` or
 * `about/index.html`; anything else is the host's 404.
 */
export function staticAnswer(lookup: (path: string) => Buffer | undefined, path: string): SiteAnswer {
  let p = decodeURIComponent(path.split('?')[0] ?? '/').replace(/^\/+/, '');
  if (p === '' || p.endsWith('/')) p += 'index.html';
  for (const candidate of [p, `${p}.html`, `${p}/index.html`]) {
    const bytes = lookup(candidate);
    if (bytes) return { status: 200, headers: { 'content-type': TYPES[extname(candidate)] ?? 'application/octet-stream' }, body: bytes };
  }
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not Found' };
}

export async function startDeploymentHosts(sources: readonly SiteSource[]): Promise<DeploymentHosts> {
  const requests: SiteRequest[] = [];
  const web: Server = createServer((req, res) => {
    const host = String(req.headers.host ?? '')
      .replace(/:\d+$/, '')
      .toLowerCase();
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    req.resume();
    req.on('end', () => {
      const source = sources.find((s) => s.hasSite(host));
      const answered = source ? source.serveSite({ host, method, path, headers: req.headers }) : Promise.resolve(undefined);
      answered
        .then((a): SiteAnswer => a ?? { status: 421, body: `no deployment at ${host}` })
        .catch((e: unknown): SiteAnswer => ({ status: 500, body: `the deployment failed: ${e instanceof Error ? e.message : String(e)}` }))
        .then((a) => {
          requests.push({ host, method, path, headers: req.headers, status: a.status });
          res.writeHead(a.status, a.headers);
          res.end(method === 'HEAD' ? undefined : a.body);
        });
    });
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  const certificate = testCertificate([...new Set(sources.flatMap((s) => s.siteNames()))]);
  const tls = await startTlsFront(certificate, (web.address() as AddressInfo).port);
  // A name is tunnelled only while a deployment is there: a deleted one has no host, as in production.
  const proxy = await startProxy((host) => (sources.some((s) => s.hasSite(host)) ? tls.port : undefined));

  const get = (url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const tunnel = httpRequest({ host: '127.0.0.1', port: proxy.port, method: 'CONNECT', path: `${u.hostname}:${u.port || 443}` });
      tunnel.on('connect', (answer, socket) => {
        if (answer.statusCode !== 200) {
          socket.destroy();
          return reject(new Error(`the proxy answered ${answer.statusCode} for ${u.hostname}`));
        }
        // HTTP over a TLS session inside the tunnel: the connection is given, so nothing is looked up.
        const secure = tlsConnect({ socket, servername: u.hostname, ca: certificate.cert });
        const req = httpRequest(
          { host: u.hostname, path: `${u.pathname}${u.search}`, headers: { connection: 'close' }, createConnection: () => secure },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => {
              secure.destroy();
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
            });
          },
        );
        req.on('error', (e) => {
          secure.destroy();
          reject(e);
        });
        req.end();
      });
      tunnel.on('error', reject);
      tunnel.end();
    });

  return {
    env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certificate.certFile },
    proxied: proxy.passed,
    requests,
    get,
    close: async () => {
      await proxy.close();
      await tls.close();
      web.closeAllConnections();
      await new Promise<void>((r) => web.close(() => r()));
      certificate.remove();
    },
  };
}
