/**
 * A private GitHub repository as a fetch sees it, on loopback: git's own smart-HTTP server
 * (`git http-backend`, run as a CGI program per request) behind a door that answers 401 to every
 * request without exactly the Authorization header it was given. With `privateShallowClone`, a
 * clone made as actions/checkout makes it (`--depth=1`, `persist-credentials: false`: no stored
 * credential), whose `origin` is that server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionRun } from './harness';

export interface GitHttpRequest {
  method: string;
  url: string;
  /** The Authorization header as received, when there was one. */
  authorization?: string;
  status: number;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`: repositories are `<url>/<path under root>`. */
  url: string;
  requests: GitHttpRequest[];
  close(): Promise<void>;
}

/** The header actions/checkout configures for a token: `basic base64(x-access-token:<token>)`. */
export const basicTokenHeader = (token: string): string => `basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`;

/** The CGI variables of a request, as a web server gives them to `git http-backend`. */
function cgiEnv(req: IncomingMessage, root: string, body: Buffer): NodeJS.ProcessEnv {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // The server reads no user or system configuration of the machine it runs on.
    HOME: root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
  };
  // Every other header as HTTP_*: http-backend reads Content-Encoding (gzip) and Git-Protocol (v2).
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && name !== 'content-type' && name !== 'content-length' && name !== 'authorization')
      env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = Array.isArray(value) ? value.join(', ') : value;
  return env;
}

function serveCgi(req: IncomingMessage, res: ServerResponse, root: string, body: Buffer, done: (status: number) => void): void {
  const child = spawn('git', ['http-backend'], { env: cgiEnv(req, root, body), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  child.on('error', (e) => {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`git http-backend: ${e.message}\n`);
    done(500);
  });
  child.on('close', () => {
    const all = Buffer.concat(out);
    const split = all.indexOf('\r\n\r\n') >= 0 ? all.indexOf('\r\n\r\n') : all.indexOf('\n\n');
    if (split < 0) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`git http-backend answered no headers: ${Buffer.concat(err).toString()}\n`);
      return done(500);
    }
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of all.subarray(0, split).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
      else headers[name] = value;
    }
    const bodyStart = split + (all[split] === 0x0d ? 4 : 2);
    res.writeHead(status, headers).end(all.subarray(bodyStart));
    done(status);
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(body);
}

/**
 * Serves the repositories under `root` over git's smart HTTP. With `authorization`, a request
 * whose Authorization header is not exactly that value gets 401 and `WWW-Authenticate: Basic`
 * (what GitHub answers a fetch of a private repository without credentials).
 */
export async function startGitHttpServer({ root, authorization }: { root: string; authorization?: string }): Promise<GitHttpServer> {
  const requests: GitHttpRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const given = req.headers.authorization;
      const record = (status: number): void => {
        requests.push({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          ...(given === undefined ? {} : { authorization: given }),
          status,
        });
      };
      if (authorization !== undefined && given !== authorization) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="private repository"', 'content-type': 'text/plain' });
        res.end('authentication required\n');
        return record(401);
      }
      serveCgi(req, res, root, Buffer.concat(chunks), record);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PrivateShallowClone {
  /** The clone's work tree. */
  dir: string;
  /** The bare repository the server serves. */
  bare: string;
  /** `origin`'s URL: the server's. */
  remoteUrl: string;
  /** The server's origin, what GITHUB_SERVER_URL is for the clone. */
  serverUrl: string;
  /** The token the server accepts (as `basic base64(x-access-token:<token>)`). */
  token: string;
  server: GitHttpServer;
  close(): Promise<void>;
}

/**
 * Serves a bare copy of the repository `source` (all its branches) behind a token, and clones
 * `branch` from it with `--depth=1` and no stored credential, as actions/checkout does with
 * `persist-credentials: false`: the base and the history before HEAD are missing, and fetching
 * them needs the token.
 */
export async function privateShallowClone(
  source: string,
  branch: string,
  // No well-known token shape, so only its registration as a secret can keep it out of the output.
  token = `clone-token-${randomBytes(12).toString('hex')}`,
): Promise<PrivateShallowClone> {
  const parent = mkdtempSync(join(tmpdir(), 'shipkit-private-remote-'));
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const bare = join(parent, 'acme', 'shop.git');
  git(parent, 'clone', '-q', '--bare', '--no-local', source, bare);
  const server = await startGitHttpServer({ root: parent, authorization: basicTokenHeader(token) });
  const dir = join(parent, 'checkout');
  // The clone itself reads the bare repository directly (file://, so --depth applies); then
  // `origin` becomes the server, as a checkout's origin is the GitHub server.
  git(parent, 'clone', '-q', '--depth=1', '--no-tags', `--branch=${branch}`, `file://${bare}`, dir);
  const remoteUrl = `${server.url}/acme/shop.git`;
  git(dir, 'remote', 'set-url', 'origin', remoteUrl);
  return {
    dir,
    bare,
    remoteUrl,
    serverUrl: server.url,
    token,
    server,
    close: async () => {
      await server.close();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/**
 * Where the clone's token (or its encoded credential) shows after a run: the log as the runner
 * shows it (the mask commands aside, which the runner consumes), stderr, the summary, the report,
 * the clone's `.git/config` (which must not hold an extraheader either). Empty when nowhere.
 */
export function tokenLeaks(run: ActionRun, clone: PrivateShallowClone): string[] {
  const secrets = [clone.token, basicTokenHeader(clone.token).slice('basic '.length)];
  const config = readFileSync(join(clone.dir, '.git', 'config'), 'utf8');
  const places: Record<string, string> = {
    stdout: run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    stderr: run.stderr,
    summary: run.summary,
    report: run.outputs.report && existsSync(run.outputs.report) ? readFileSync(run.outputs.report, 'utf8') : '',
    '.git/config': config,
  };
  const leaks = Object.entries(places)
    .filter(([, text]) => secrets.some((s) => text.includes(s)))
    .map(([where]) => where);
  if (/extraheader/i.test(config) && !leaks.includes('.git/config')) leaks.push('.git/config');
  return leaks;
}
