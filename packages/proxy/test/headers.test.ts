import { describe, expect, it } from 'vitest';
import { forwardRequestHeaders, forwardResponseHeaders, readCookie, stickyCookieHeader } from '../src/headers';

describe('forwardRequestHeaders', () => {
  it('keeps every end-to-end header (case and duplicates as sent) and drops the hop-by-hop ones', () => {
    const raw = [
      'Host', 'shop.test',
      'Accept', 'text/html',
      'X-Trace', 'a',
      'X-Trace', 'b',
      'Connection', 'keep-alive, X-Secret-Hop',
      'Keep-Alive', 'timeout=5',
      'X-Secret-Hop', 'dropped because Connection names it',
      'TE', 'trailers',
      'Upgrade', 'h2c',
      'Proxy-Authorization', 'Basic abc',
      'Expect', '100-continue',
      'Cookie', 'a=1',
    ]; // prettier-ignore
    const f = forwardRequestHeaders(raw, '127.0.0.9', undefined);
    expect(f.headers).toEqual([
      'Host', 'shop.test',
      'Accept', 'text/html',
      'X-Trace', 'a',
      'X-Trace', 'b',
      'Cookie', 'a=1',
      'x-forwarded-for', '127.0.0.9',
      'x-forwarded-proto', 'http',
      'x-forwarded-host', 'shop.test',
    ]); // prettier-ignore
    expect(f.contentLength).toBeNull();
    expect(f.chunked).toBe(false);
  });

  it("appends to an existing X-Forwarded-For and keeps the first proxy's proto and host", () => {
    const f = forwardRequestHeaders(
      [
        'host',
        'inner',
        'X-Forwarded-For',
        '10.0.0.1',
        'x-forwarded-for',
        '10.0.0.2',
        'X-Forwarded-Proto',
        'https',
        'X-Forwarded-Host',
        'outer',
      ],
      '127.0.0.1',
      undefined,
    );
    expect(f.headers).toEqual([
      'host',
      'inner',
      'X-Forwarded-Proto',
      'https',
      'X-Forwarded-Host',
      'outer',
      'x-forwarded-for',
      '10.0.0.1, 10.0.0.2, 127.0.0.1',
    ]);
  });

  it('reads the body framing and the sticky cookie', () => {
    expect(forwardRequestHeaders(['Content-Length', '12'], undefined, undefined)).toMatchObject({ contentLength: 12, chunked: false });
    expect(forwardRequestHeaders(['Transfer-Encoding', 'chunked'], undefined, undefined)).toMatchObject({
      contentLength: null,
      chunked: true,
    });
    expect(forwardRequestHeaders(['Cookie', 'x=1; pin=v%202'], undefined, 'pin').stickyValue).toBe('v 2');
  });

  it('keeps Connection and Upgrade for an upgrade handshake', () => {
    const f = forwardRequestHeaders(
      ['Connection', 'Upgrade', 'Upgrade', 'websocket', 'Sec-WebSocket-Key', 'k'],
      '127.0.0.1',
      undefined,
      true,
    );
    expect(f.headers.slice(0, 6)).toEqual(['Connection', 'Upgrade', 'Upgrade', 'websocket', 'Sec-WebSocket-Key', 'k']);
  });
});

describe('forwardResponseHeaders', () => {
  it('drops hop-by-hop headers and those the Connection header names', () => {
    expect(
      forwardResponseHeaders({
        'content-type': 'text/plain',
        'set-cookie': ['a=1', 'b=2'],
        connection: 'keep-alive, x-internal',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'x-internal': 'hop',
        'content-length': '3',
      }),
    ).toEqual({ 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'], 'content-length': '3' });
  });
});

describe('cookies', () => {
  it('reads one cookie among several, quoted or not, and ignores malformed encodings', () => {
    expect(readCookie('a=1; shipkit-version=2.0.0; b=3', 'shipkit-version')).toBe('2.0.0');
    expect(readCookie('shipkit-version="v1"', 'shipkit-version')).toBe('v1');
    expect(readCookie('other=1', 'shipkit-version')).toBeUndefined();
    expect(readCookie('shipkit-version=%E0%A4%A', 'shipkit-version')).toBeUndefined();
    expect(readCookie('xshipkit-version=1', 'shipkit-version')).toBeUndefined();
  });

  it('writes a session cookie with the version encoded', () => {
    expect(stickyCookieHeader('pin', 'v 2;x')).toBe('pin=v%202%3Bx; Path=/; HttpOnly; SameSite=Lax');
  });
});
