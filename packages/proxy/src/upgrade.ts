/**
 * Upgrades (WebSocket and any other `Connection: upgrade` protocol) pass through: the handshake
 * goes to the arm chosen as for any request, a `101` joins the two sockets, and any other answer
 * is relayed as is. The handshake is counted like a request (code 101, or the answer's status);
 * the open tunnel holds its backend "in flight" until either side closes, so a retired backend
 * drains only after its WebSockets end (or the drain timeout cuts them). Upgrades are not re-sent
 * to the other arm on failure: the client gets a 502/504 and reconnects.
 */
import { request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { classifyFailure } from './forward';
import { HOP_BY_HOP, forwardRequestHeaders, stickyCookieHeader } from './headers';
import { chooseSlot, type Routing } from './routing';

export interface UpgradeContext {
  routing(): Routing;
  stickyCookie: string | undefined;
  connectMs: number;
  headersMs: number;
}

const statusLine = (status: number, message: string | undefined): string =>
  `HTTP/1.1 ${status} ${(message ?? '').replace(/[\r\n]/g, '')}\r\n`;

function rawHeaderLines(raw: string[], skip: (lower: string) => boolean): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 2) if (!skip((raw[i] as string).toLowerCase())) out += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return out;
}

export function handleUpgrade(ctx: UpgradeContext, req: IncomingMessage, client: Duplex, head: Buffer): void {
  const forwarded = forwardRequestHeaders(req.rawHeaders, req.socket.remoteAddress, ctx.stickyCookie, true);
  const { slot, pinned } = chooseSlot(ctx.routing(), forwarded.stickyValue);
  const { backend, series, arm } = slot;
  const target = new URL(backend.url);
  const started = performance.now();
  let counted = false;
  const count = (code: number): void => {
    if (counted) return;
    counted = true;
    series.count(code, (performance.now() - started) / 1000);
  };
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    backend.upgrades.delete(client as Socket);
    backend.end();
  };
  backend.begin();
  backend.upgrades.add(client as Socket);
  client.on('error', () => undefined);
  client.once('close', release);

  let extra = `x-shipkit-arm: ${arm}\r\n`;
  if (ctx.stickyCookie !== undefined && forwarded.stickyValue !== pinned.backend.version)
    extra += `set-cookie: ${stickyCookieHeader(ctx.stickyCookie, pinned.backend.version)}\r\n`;

  const upstream = request({
    host: target.hostname,
    port: target.port,
    method: req.method,
    path: req.url,
    headers: forwarded.headers,
    agent: false,
    timeout: ctx.connectMs,
  });
  let connected = false;
  upstream.once('socket', (socket) =>
    socket.once('connect', () => {
      connected = true;
      upstream.setTimeout(ctx.headersMs);
    }),
  );
  upstream.on('timeout', () =>
    upstream.destroy(
      Object.assign(new Error('upgrade handshake timed out'), { code: connected ? 'UND_ERR_HEADERS_TIMEOUT' : 'UND_ERR_CONNECT_TIMEOUT' }),
    ),
  );

  upstream.on('upgrade', (answer: IncomingMessage, socket: Socket, upstreamHead: Buffer) => {
    upstream.setTimeout(0);
    backend.answered();
    count(answer.statusCode ?? 101);
    client.write(
      statusLine(answer.statusCode ?? 101, answer.statusMessage) + rawHeaderLines(answer.rawHeaders, () => false) + extra + '\r\n',
    );
    if (upstreamHead.length > 0) client.write(upstreamHead);
    if (head.length > 0) socket.write(head);
    socket.on('error', () => client.destroy());
    client.on('error', () => socket.destroy());
    socket.once('close', () => client.destroy());
    client.once('close', () => socket.destroy());
    socket.pipe(client).pipe(socket);
  });

  upstream.on('response', (answer: IncomingMessage) => {
    upstream.setTimeout(0);
    backend.answered();
    count(answer.statusCode ?? 502);
    const framing = (lower: string): boolean => HOP_BY_HOP.has(lower);
    client.write(
      statusLine(answer.statusCode ?? 502, answer.statusMessage) +
        rawHeaderLines(answer.rawHeaders, framing) +
        extra +
        'connection: close\r\n\r\n',
    );
    // Close-delimited: the answer ends when the connection does.
    client.once('finish', () => client.destroy());
    answer.pipe(client);
  });

  upstream.on('error', (error) => {
    if (counted) {
      client.destroy();
      return;
    }
    const reason = classifyFailure(error);
    const status = reason === 'timeout' || reason === 'connect-timeout' ? 504 : 502;
    series.failure(reason);
    count(status);
    backend.failed(reason);
    const body = `shipkit-proxy: the ${arm} backend gave no answer to the upgrade (${reason})\n`;
    client.once('finish', () => client.destroy());
    client.end(
      statusLine(status, status === 504 ? 'Gateway Timeout' : 'Bad Gateway') +
        `content-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n${extra}\r\n${body}`,
    );
  });
  upstream.end();
}
