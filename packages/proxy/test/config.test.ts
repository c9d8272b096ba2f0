import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKETS, ProxyConfigError, parseWeight, resolveOptions } from '../src/config';

const token = 'a-token-of-16-chars-or-more';
const base = { token, stable: 'http://127.0.0.1:3001' };

const errorOf = (fn: () => unknown): ProxyConfigError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProxyConfigError) return error;
    throw error;
  }
  throw new Error('expected a ProxyConfigError');
};

describe('parseWeight', () => {
  it('takes integers and one decimal, as tenths of a percent', () => {
    expect(parseWeight(0)).toBe(0);
    expect(parseWeight(5)).toBe(50);
    expect(parseWeight(12.5)).toBe(125);
    expect(parseWeight('0.1')).toBe(1);
    expect(parseWeight(100)).toBe(1000);
    // 0.1 + 0.2 is not exactly 0.3 in binary; it is still one decimal.
    expect(parseWeight(0.1 + 0.2)).toBe(3);
  });

  it('rejects more decimals, out of range and non-numbers, naming the field', () => {
    expect(errorOf(() => parseWeight(12.55)).message).toBe('`weight` takes at most one decimal, e.g. 12.5 (got 12.55)');
    expect(errorOf(() => parseWeight(100.1, 'candidate')).message).toBe('`candidate` must be a number from 0 to 100 (got 100.1)');
    expect(errorOf(() => parseWeight(-1)).field).toBe('weight');
    expect(errorOf(() => parseWeight('ten')).message).toContain('(got "ten")');
    expect(() => parseWeight('')).toThrow(ProxyConfigError);
    expect(() => parseWeight(Number.NaN)).toThrow(ProxyConfigError);
    expect(() => parseWeight(null)).toThrow(ProxyConfigError);
  });
});

describe('resolveOptions', () => {
  it('fills in the defaults', () => {
    const o = resolveOptions(base);
    expect(o.stable).toEqual({ url: 'http://127.0.0.1:3001', origin: 'http://127.0.0.1:3001', version: '127.0.0.1:3001' });
    expect(o.candidate).toBeNull();
    expect(o.weightTenths).toBe(0);
    expect(o.listen).toEqual({ host: '127.0.0.1', port: 0 });
    expect(o.admin).toEqual({ host: '127.0.0.1', port: 0 });
    expect(o.sticky).toBeNull();
    expect(o.health).toEqual({ path: '/', intervalMs: 1000, timeoutMs: 1000, passes: 2, failures: 2 });
    expect(o.timeouts).toEqual({ connectMs: 2000, headersMs: 30_000, bodyMs: 30_000 });
    expect(o.retryBodyBytes).toBe(65_536);
    expect(o.buckets).toEqual(DEFAULT_BUCKETS);
  });

  it('takes backends as objects with a version, and sticky as true or a cookie name', () => {
    const o = resolveOptions({
      ...base,
      candidate: { url: 'http://localhost:3002/', version: 'v2' },
      weight: 25,
      sticky: true,
    });
    expect(o.candidate).toMatchObject({ url: 'http://localhost:3002', version: 'v2' });
    expect(o.weightTenths).toBe(250);
    expect(o.sticky).toEqual({ cookie: 'shipkit-version' });
    expect(resolveOptions({ ...base, sticky: { cookie: 'arm_pin' } }).sticky).toEqual({ cookie: 'arm_pin' });
  });

  it.each([
    [{ stable: 'http://127.0.0.1:1' }, 'token', 'at least 16 characters'],
    [{ ...base, token: 'short' }, 'token', 'at least 16 characters'],
    [{ token }, 'stable', 'is required'],
    [{ ...base, stable: 'https://example.test' }, 'stable.url', 'http:// URL'],
    [{ ...base, stable: 'not a url' }, 'stable.url', 'http:// URL'],
    [{ ...base, stable: 'http://127.0.0.1:3001/app' }, 'stable.url', 'without path or query'],
    [{ ...base, stable: 'http://u:p@127.0.0.1:3001' }, 'stable.url', 'credentials'],
    [{ ...base, candidate: { url: 'http://127.0.0.1:2', version: '' } }, 'candidate.version', 'printable'],
    [{ ...base, candidate: { url: 'http://127.0.0.1:2', tag: 'x' } }, 'candidate.tag', 'is not an option'],
    [{ ...base, weight: 5 }, 'weight', 'must be 0 when there is no candidate'],
    [{ ...base, admin: { host: '0.0.0.0' } }, 'admin.host', 'loopback'],
    [{ ...base, admin: { host: '10.1.2.3', port: 9 } }, 'admin.host', 'loopback'],
    [{ ...base, listen: { host: 'example.test' } }, 'listen.host', 'IP address'],
    [{ ...base, listen: { port: 70000 } }, 'listen.port', 'whole number from 0 to 65535'],
    [{ ...base, sticky: 'yes' }, 'sticky', 'true, false'],
    [{ ...base, sticky: { cookie: 'a b' } }, 'sticky.cookie', 'cookie name'],
    [{ ...base, health: { path: 'healthz' } }, 'health.path', 'starting with /'],
    [{ ...base, health: { passes: 0 } }, 'health.passes', 'from 1 to 100'],
    [{ ...base, timeouts: { connectMs: 1.5 } }, 'timeouts.connectMs', 'whole number'],
    [{ ...base, buckets: [0.1, 0.05] }, 'buckets', 'increasing'],
    [{ ...base, wieght: 5 }, 'wieght', 'is not an option'],
  ])('rejects %j at `%s`', (raw, field, message) => {
    const e = errorOf(() => resolveOptions(raw));
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
    expect(e.message.startsWith(`\`${field}\``)).toBe(true);
  });

  it('never quotes the token in an error, and cuts long hostile values short', () => {
    const e = errorOf(() => resolveOptions({ ...base, stable: `http://127.0.0.1:1/${'x'.repeat(500)}\n::error::owned` }));
    expect(e.message).not.toContain('\n');
    expect(e.message.length).toBeLessThan(200);
    expect(errorOf(() => resolveOptions({ ...base, weight: 7 })).message).not.toContain(token);
  });
});
