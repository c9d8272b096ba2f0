/**
 * One client request through the proxy: choose the arm, send it to that backend over the
 * backend's keep-alive pool, stream the answer back (with backpressure), count the attempt, and
 * when the backend gave no answer, count that against its arm and re-send the request to the
 * other arm if that is safe.
 *
 * Re-sending is safe when the client has seen nothing yet, the body is in memory (no body, or a
 * declared length up to `retryBodyBytes`; longer and chunked bodies stream straight through and
 * are never re-sent), and either the backend never got the request (refused, connect timeout)
 * or the method is idempotent (RFC 9110 §9.2.2). At most one re-send, to the other arm.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { PassThrough, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { forwardRequestHeaders, forwardResponseHeaders, stickyCookieHeader, type ForwardedRequest } from './headers';
import type { FailureReason } from './metrics';
import { chooseSlot, fallbackFor, type Routing, type Slot } from './routing';

export interface ForwardContext {
  /** The routing now (read again on failure, so a re-send follows a weight change). */
  routing(): Routing;
  stickyCookie: string | undefined;
  retryBodyBytes: number;
  /** The proxy is shutting down: answers carry `connection: close`. */
  closing(): boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
const CLIENT_GONE = Object.assign(new Error('the client closed the connection'), { code: 'SHIPKIT_CLIENT_GONE' });
/** undici's errors for a request it cannot send as given: the client's fault, not the backend's. */
const BAD_REQUEST = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH']);

export function classifyFailure(error: unknown): FailureReason {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'refused';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect-timeout';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return 'reset';
    default:
      return 'protocol';
  }
}

const NEVER_SENT: ReadonlySet<FailureReason> = new Set(['refused', 'connect-timeout']);

export function handleRequest(ctx: ForwardContext, req: IncomingMessage, res: ServerResponse): void {
  const routing = ctx.routing();
  const forwarded = forwardRequestHeaders(req.rawHeaders, req.socket.remoteAddress, ctx.stickyCookie);
  const { slot, pinned } = chooseSlot(routing, forwarded.stickyValue);
  const exchange = new Exchange(ctx, req, res, forwarded, pinned);
  const { contentLength, chunked } = forwarded;
  if (!chunked && !contentLength) {
    exchange.send(slot, null);
  } else if (!chunked && contentLength !== null && contentLength <= ctx.retryBodyBytes) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => exchange.send(slot, Buffer.concat(chunks)));
    // A client that leaves mid-body never reached a backend: nothing to count.
    req.on('error', () => undefined);
  } else {
    // Streamed through a pipe of our own: when the backend fails, undici destroys the pipe, not
    // the client's request, so the client still gets its 502; when the client leaves, the pipe
    // fails with CLIENT_GONE, so the attempt counts as 499, not as the backend's fault.
    exchange.replayable = false;
    const body = new PassThrough();
    req.once('error', () => body.destroy(CLIENT_GONE));
    req.pipe(body);
    exchange.send(slot, body);
  }
}

class Exchange {
  replayable = true;
  clientGone = false;
  private attempt: Attempt | undefined;
  private body: Buffer | Readable | null = null;
  private failedOverFrom: Slot | undefined;

  private readonly ctx: ForwardContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  private readonly forwarded: ForwardedRequest;
  private readonly pinned: Slot;

  constructor(ctx: ForwardContext, req: IncomingMessage, res: ServerResponse, forwarded: ForwardedRequest, pinned: Slot) {
    this.ctx = ctx;
    this.req = req;
    this.res = res;
    this.forwarded = forwarded;
    this.pinned = pinned;
    res.once('close', () => {
      if (res.writableFinished) return;
      this.clientGone = true;
      this.attempt?.abort();
    });
  }

  send(chosen: Slot, body: Buffer | Readable | null): void {
    if (this.clientGone) return;
    // Retired while the body was being read: the request follows the routing of now.
    const slot = chosen.backend.retiring ? chooseSlot(this.ctx.routing(), this.forwarded.stickyValue).slot : chosen;
    this.body = body;
    const attempt = new Attempt(this, slot);
    this.attempt = attempt;
    slot.backend.begin();
    slot.backend.pool.dispatch(
      { method: this.req.method ?? 'GET', path: this.req.url ?? '/', headers: this.forwarded.headers, body },
      attempt,
    );
  }

  writeHead(attempt: Attempt, statusCode: number, statusMessage: string | undefined, headers: IncomingHttpHeaders): void {
    const out = forwardResponseHeaders(headers);
    out['x-shipkit-arm'] = attempt.slot.arm;
    if (this.failedOverFrom) out['x-shipkit-failover'] = this.failedOverFrom.arm;
    const { stickyCookie } = this.ctx;
    if (stickyCookie !== undefined && this.forwarded.stickyValue !== this.pinned.backend.version) {
      const cookie = stickyCookieHeader(stickyCookie, this.pinned.backend.version);
      const existing = out['set-cookie'];
      out['set-cookie'] = existing === undefined ? [cookie] : [...(Array.isArray(existing) ? existing : [String(existing)]), cookie];
    }
    if (this.ctx.closing()) out.connection = 'close';
    this.res.writeHead(statusCode, statusMessage || undefined, out);
  }

  failed(attempt: Attempt, error: Error): void {
    const { res, req } = this;
    if (this.clientGone || error === CLIENT_GONE) {
      attempt.finish(499);
      return;
    }
    const code = (error as { code?: string }).code;
    if (code !== undefined && BAD_REQUEST.has(code) && !res.headersSent) {
      attempt.finish(undefined);
      this.answerError(400, attempt.slot, 'the request cannot be forwarded as sent (malformed or duplicate framing headers)');
      return;
    }
    const reason = classifyFailure(error);
    const slot = attempt.slot;
    slot.series.failure(reason);
    attempt.finish(reason === 'timeout' || reason === 'connect-timeout' ? 504 : 502);
    slot.backend.failed(reason);
    if (res.headersSent) {
      // Cut mid-answer: the client must not take a truncated body for a whole one.
      res.destroy();
      return;
    }
    const other = fallbackFor(this.ctx.routing(), slot);
    const safe = NEVER_SENT.has(reason) || IDEMPOTENT.has(req.method ?? 'GET');
    if (!this.failedOverFrom && this.replayable && safe && other && !other.backend.ejected) {
      this.failedOverFrom = slot;
      this.send(other, this.body);
      return;
    }
    const what = reason === 'timeout' || reason === 'connect-timeout' ? 'did not answer in time' : `gave no answer (${reason})`;
    this.answerError(reason === 'timeout' || reason === 'connect-timeout' ? 504 : 502, slot, `the ${slot.arm} backend ${what}`);
  }

  private answerError(status: number, slot: Slot, message: string): void {
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'x-shipkit-arm': slot.arm };
    if (this.ctx.closing()) headers.connection = 'close';
    this.res.writeHead(status, headers);
    this.res.end(`shipkit-proxy: ${message}\n`);
  }
}

class Attempt implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private done = false;

  private readonly exchange: Exchange;
  readonly slot: Slot;

  constructor(exchange: Exchange, slot: Slot) {
    this.exchange = exchange;
    this.slot = slot;
  }

  abort(): void {
    this.controller?.abort(CLIENT_GONE);
  }

  /** Counts the attempt once (`code` undefined: it never reached the backend) and releases the backend. */
  finish(code: number | undefined): void {
    if (this.done) return;
    this.done = true;
    if (code !== undefined) this.slot.series.count(code, (performance.now() - this.started) / 1000);
    this.slot.backend.end();
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.exchange.clientGone) controller.abort(CLIENT_GONE);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    // 1xx informational answers (103 Early Hints) are not forwarded; the final answer follows.
    if (statusCode < 200) return;
    this.status = statusCode;
    try {
      this.exchange.writeHead(this, statusCode, statusMessage, headers);
    } catch {
      // Node refuses to send it (a header or reason phrase with characters HTTP forbids).
      controller.abort(Object.assign(new Error('the backend answer cannot be relayed'), { code: 'SHIPKIT_BAD_ANSWER' }));
      return;
    }
    this.slot.backend.answered();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const { res } = this.exchange;
    if (!res.write(chunk)) {
      controller.pause();
      res.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.exchange.res.end();
    this.finish(this.status);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.done) return;
    this.exchange.failed(this, error);
  }
}
