/**
 * What crosses the proxy: every header except the hop-by-hop ones (RFC 9110 §7.6.1, plus the
 * headers a `Connection` header names), `X-Forwarded-*` added on the way in.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Hop-by-hop headers: they describe one connection, not the message. `expect` joins them on the
 * way in because the proxy answers `100-continue` itself (Node's server does) before forwarding.
 */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const connectionTokens = (value: string | undefined): Set<string> | undefined => {
  if (!value) return undefined;
  const tokens = new Set<string>();
  for (const t of value.split(',')) {
    const name = t.trim().toLowerCase();
    if (name) tokens.add(name);
  }
  return tokens;
};

export interface ForwardedRequest {
  /** Flat `[name, value, name, value, …]`, names as the client spelt them, duplicates kept. */
  headers: string[];
  /** The declared body length, or null when none was declared. */
  contentLength: number | null;
  /** The body is sent chunked (its length is unknown until it ends). */
  chunked: boolean;
  /** The sticky cookie's value, when asked for and present. */
  stickyValue: string | undefined;
}

/**
 * The request headers to send to a backend: the client's raw headers less the hop-by-hop ones,
 * `x-forwarded-for` extended with the client's address, `x-forwarded-proto` and
 * `x-forwarded-host` added when absent. `keepUpgrade` keeps `connection`/`upgrade` for a
 * WebSocket handshake.
 */
export function forwardRequestHeaders(
  raw: string[],
  clientAddress: string | undefined,
  stickyCookie: string | undefined,
  keepUpgrade = false,
): ForwardedRequest {
  let connection: string | undefined;
  for (let i = 0; i < raw.length; i += 2) if ((raw[i] as string).toLowerCase() === 'connection') connection = raw[i + 1];
  const named = connectionTokens(connection);
  const headers: string[] = [];
  let xff: string | undefined;
  let host: string | undefined;
  let hasProto = false;
  let hasForwardedHost = false;
  let contentLength: number | null = null;
  let chunked = false;
  let stickyValue: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding') chunked = true;
    if (keepUpgrade && (lower === 'connection' || lower === 'upgrade')) {
      headers.push(name, value);
      continue;
    }
    if (HOP_BY_HOP.has(lower) || lower === 'expect' || named?.has(lower)) continue;
    switch (lower) {
      case 'x-forwarded-for':
        xff = xff === undefined ? value : `${xff}, ${value}`;
        continue;
      case 'x-forwarded-proto':
        hasProto = true;
        break;
      case 'x-forwarded-host':
        hasForwardedHost = true;
        break;
      case 'host':
        host = value;
        break;
      case 'content-length':
        contentLength = Number(value);
        break;
      case 'cookie':
        if (stickyCookie !== undefined && stickyValue === undefined) stickyValue = readCookie(value, stickyCookie);
        break;
    }
    headers.push(name, value);
  }
  const address = clientAddress ?? '';
  headers.push('x-forwarded-for', xff === undefined ? address : `${xff}, ${address}`);
  if (!hasProto) headers.push('x-forwarded-proto', 'http');
  if (!hasForwardedHost && host !== undefined) headers.push('x-forwarded-host', host);
  return { headers, contentLength, chunked, stickyValue };
}

/** The response headers to send to the client: the backend's less the hop-by-hop ones. */
export function forwardResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const connection = headers.connection;
  const named = connectionTokens(Array.isArray(connection) ? connection.join(',') : connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name) && !named?.has(name)) out[name] = headers[name];
  return out;
}

/** The value of cookie `name` in a `Cookie` header, percent-decoded; undefined when absent or malformed. */
export function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The `Set-Cookie` value that keeps a client on `version` for the browser session. */
export const stickyCookieHeader = (cookie: string, version: string): string =>
  `${cookie}=${encodeURIComponent(version)}; Path=/; HttpOnly; SameSite=Lax`;
