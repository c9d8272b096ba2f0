/**
 * The server under every provider emulator: loopback HTTP with raw request bodies recorded
 * (uploads are binary), a route table, and faults (5xx, 429 with Retry-After, delays) injected
 * by method and path so tests can break a deploy at any step.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatorRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
  /** The status it was answered with, once answered. */
  status?: number;
}

export interface EmulatorFault {
  method?: string;
  path: RegExp;
  status?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  /** The body of the faulty answer (each provider has its own error envelope). */
  body?: unknown;
  /** After the fault's answer or delay, still process the request (a 5xx that did create). */
  thenProcess?: boolean;
  /** Matching requests (not taken by an earlier fault) let through before this one applies: a fault on the second create. */
  after?: number;
  times: number;
}

export interface RouteContext {
  params: string[];
  req: EmulatorRequest;
  res: ServerResponse;
  /** The JSON body, or undefined when it is not JSON. */
  json: unknown;
}

type Route = { method: string; path: RegExp; handler: (ctx: RouteContext) => void | Promise<void> };

export interface EmulatorServer {
  url: string;
  requests: EmulatorRequest[];
  faults: EmulatorFault[];
  inject(fault: Omit<EmulatorFault, 'times'> & { times?: number }): void;
  route(method: string, path: RegExp, handler: Route['handler']): void;
  close(): Promise<void>;
  /** Bytes of request bodies received, and requests, since `since` (an index into `requests`). */
  traffic(since?: number): { requests: number; bytes: number };
}

export const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

export async function startEmulator(options: {
  notFound: (req: EmulatorRequest) => unknown;
  faultBody: (status: number) => unknown;
  /** Checks every request before its route runs; an answer rejects it (401/403 without a token, 422 off the spec). */
  checkRequest?: (req: EmulatorRequest, json: unknown) => { status: number; message: string } | undefined;
  rejectBody?: (message: string) => unknown;
}): Promise<EmulatorServer> {
  const routes: Route[] = [];
  const requests: EmulatorRequest[] = [];
  const faults: EmulatorFault[] = [];
  const handle = async (req: EmulatorRequest, res: ServerResponse): Promise<void> => {
    const fault = faults.find((f) => {
      if (f.times <= 0 || !f.path.test(req.path) || (f.method && f.method !== req.method)) return false;
      if (!f.after) return true;
      f.after--; // let this one through
      return false;
    });
    if (fault) {
      fault.times--;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status && !fault.thenProcess)
        return sendJson(res, fault.status, fault.body ?? options.faultBody(fault.status), fault.headers);
    }
    let json: unknown;
    const type = String(req.headers['content-type'] ?? '');
    if (type.includes('json') && req.body.length > 0) {
      try {
        json = JSON.parse(req.body.toString('utf8'));
      } catch {
        return sendJson(res, 400, options.rejectBody?.('the body is not valid JSON') ?? { message: 'bad JSON' });
      }
    }
    const problem = options.checkRequest?.(req, json);
    if (problem) return sendJson(res, problem.status, options.rejectBody?.(problem.message) ?? { message: problem.message });
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const m = route.path.exec(req.path);
      if (!m) continue;
      if (fault?.status && fault.thenProcess) {
        // Process, then answer as if it failed: the client cannot tell it worked.
        const sink = { writeHead: () => sink, end: () => sink, setHeader: () => sink } as unknown as ServerResponse;
        await route.handler({ params: m.slice(1).map(decodeURIComponent), req, res: sink, json });
        return sendJson(res, fault.status, fault.body ?? options.faultBody(fault.status), fault.headers);
      }
      return route.handler({ params: m.slice(1).map(decodeURIComponent), req, res, json });
    }
    sendJson(res, 404, options.notFound(req));
  };
  const server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (d: Buffer) => chunks.push(d));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const req: EmulatorRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      requests.push(req);
      res.on('finish', () => (req.status = res.statusCode));
      handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`emulator error: ${e instanceof Error ? e.message : String(e)}`);
      });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    inject: (fault) => void faults.push({ times: 1, ...fault }),
    route: (method, path, handler) => void routes.push({ method, path, handler }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    traffic: (since = 0) => {
      const slice = requests.slice(since);
      return { requests: slice.length, bytes: slice.reduce((n, r) => n + r.body.length, 0) };
    },
  };
}

/** `/a/{b}/c` → a regular expression with one group per `{…}` (which may hold slashes when named `{…+}`). */
export const pathPattern = (template: string): RegExp =>
  new RegExp(`^${template.replace(/\{[^}]+\+\}/g, '(.+)').replace(/\{[^}]+\}/g, '([^/]+)')}$`);

/** The parts of a multipart/form-data body (the emulators read uploads the way the provider does). */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): { name: string; filename?: string; contentType?: string; value: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: { name: string; filename?: string; contentType?: string; value: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headStart = start + delimiter.length;
    if (body.subarray(headStart, headStart + 2).toString() === '--') break;
    const headEnd = body.indexOf('\r\n\r\n', headStart);
    const end = body.indexOf(delimiter, headEnd);
    if (headEnd === -1 || end === -1) break;
    const head = body.subarray(headStart, headEnd).toString('utf8');
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    parts.push({ name, filename, contentType: type, value: body.subarray(headEnd + 4, end - 2) });
    start = end;
  }
  return parts;
}
