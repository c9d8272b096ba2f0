/**
 * What a self-hosted runner's network looks like, on loopback: an HTTP proxy that tunnels CONNECT
 * (https targets) and forwards absolute-form requests (http targets), recording everything that
 * passed through it; names resolved by the proxy alone (the client never looks them up), so a test
 * can use `https://api.github.test` and land on a local server; and a TLS front door with a
 * certificate made for those names (trusted by the action through NODE_EXTRA_CA_CERTS).
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, else the forwarded request's method. */
  method: string;
  /** `host:port` of a tunnel, or the absolute URL of a forwarded request. */
  target: string;
  headers: IncomingHttpHeaders;
  /** Bytes that went through a tunnel (both ways), or the forwarded request's body. */
  bytes: number;
}

export interface TestProxy {
  url: string;
  port: number;
  /** Everything that passed through, in order. */
  passed: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Where the proxy connects for `host:port`: a map of names to local ports, or a function asked
 * at each connection (names that come and go, such as deployments); unmapped names are refused.
 */
export type ProxyRoutes = Record<string, number> | ((host: string) => number | undefined);

export async function startProxy(routes: ProxyRoutes, { auth }: { auth?: string } = {}): Promise<TestProxy> {
  const passed: ProxiedRequest[] = [];
  const resolve = (host: string): number | undefined =>
    typeof routes === 'function' ? routes(host.toLowerCase()) : routes[host.toLowerCase()];
  const authorized = (headers: IncomingHttpHeaders): boolean =>
    !auth || headers['proxy-authorization'] === `Basic ${Buffer.from(auth).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    // Absolute-form request for an http:// target.
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400);
      return void res.end('absolute-form URL expected');
    }
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      passed.push({ method: req.method ?? 'GET', target: target.href, headers: req.headers, bytes: body.length });
      if (!authorized(req.headers)) {
        res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' });
        return void res.end();
      }
      const port = resolve(target.hostname);
      if (port === undefined) {
        res.writeHead(502);
        return void res.end(`the test proxy has no route to ${target.hostname}`);
      }
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      delete headers['proxy-connection'];
      const upstream = request(
        { host: '127.0.0.1', port, method: req.method, path: `${target.pathname}${target.search}`, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  // Tunnels leave the HTTP server's keeping once established: they are closed with the proxy.
  const tunnels = new Set<Socket>();
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    const target = req.url ?? '';
    const record: ProxiedRequest = { method: 'CONNECT', target, headers: req.headers, bytes: 0 };
    passed.push(record);
    if (!authorized(req.headers)) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
    const host = target.replace(/:\d+$/, '');
    const port = resolve(host);
    if (port === undefined) return void client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.on('data', (d: Buffer) => (record.bytes += d.length));
      upstream.on('data', (d: Buffer) => (record.bytes += d.length));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const done = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', done);
    client.on('error', done);
    client.on('close', done);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    passed,
    close: () =>
      new Promise<void>((r) => {
        for (const t of tunnels) t.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface TestCertificate {
  /** PEM of the self-signed certificate: give its path to the action as NODE_EXTRA_CA_CERTS. */
  cert: string;
  key: string;
  /** A file holding `cert`. */
  certFile: string;
  remove(): void;
}

/** A throwaway self-signed certificate for `names` (openssl, valid one day). */
export function testCertificate(names: readonly string[]): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'shipkit-cert-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsFront {
  port: number;
  close(): Promise<void>;
}

/** Terminates TLS with `certificate` and passes the plain bytes to `targetPort` on loopback. */
export async function startTlsFront(certificate: Pick<TestCertificate, 'cert' | 'key'>, targetPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTlsServer({ cert: certificate.cert, key: certificate.key }, (tlsSocket) => {
    const plain = connect(targetPort, '127.0.0.1');
    sockets.add(tlsSocket).add(plain);
    tlsSocket.pipe(plain).pipe(tlsSocket);
    const done = (): void => {
      tlsSocket.destroy();
      plain.destroy();
    };
    tlsSocket.on('error', done).on('close', done);
    plain.on('error', done).on('close', done);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
