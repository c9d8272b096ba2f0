/** Decides whether one probe's answer meets its expectations; returns the reasons it does not. */
import type { HttpResponse } from '@shipkit/kit/http';
import type { Probe, StatusExpectation } from './parse';

const statusText = (s: StatusExpectation): string => (s.kind === 'code' ? String(s.code) : `${s.hundreds}xx`);

export const statusMatches = (status: number, expected: readonly StatusExpectation[]): boolean =>
  expected.some((s) => (s.kind === 'code' ? s.code === status : Math.floor(status / 100) === s.hundreds));

/** Follows a dot path (`db.ok`, `items.0.id`) into a parsed JSON value. */
export function jsonAt(value: unknown, path: string): { found: boolean; value?: unknown } {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      if (Number(segment) >= current.length) return { found: false };
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else return { found: false };
  }
  return { found: true, value: current };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const show = (v: unknown): string => {
  const text = JSON.stringify(v);
  return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

export function checkResponse(probe: Probe, res: HttpResponse): string[] {
  const reasons: string[] = [];
  const { expect } = probe;
  if (!statusMatches(res.status, expect.status)) {
    const unfollowed = res.unfollowedRedirect
      ? ` (a redirect to ${new URL(res.unfollowedRedirect.location).host}, not followed: ${res.unfollowedRedirect.reason})`
      : '';
    reasons.push(`status ${res.status}, expected ${expect.status.map(statusText).join(' or ')}${unfollowed}`);
  }
  for (const needle of expect.bodyContains) if (!res.body.includes(needle)) reasons.push(`body does not contain ${show(needle)}`);
  for (const pattern of expect.bodyMatches) if (!pattern.test(res.body)) reasons.push(`body does not match ${pattern}`);
  if (expect.json.length > 0) {
    let parsed: unknown;
    let ok = true;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      ok = false;
      reasons.push(`body is not JSON (content-type ${res.headers['content-type'] ?? 'none'}), so \`expect.json\` cannot be checked`);
    }
    if (ok)
      for (const { path, value } of expect.json) {
        const at = jsonAt(parsed, path);
        if (!at.found) reasons.push(`JSON has no \`${path}\``);
        else if (!deepEqual(at.value, value)) reasons.push(`JSON \`${path}\` is ${show(at.value)}, expected ${show(value)}`);
      }
  }
  for (const h of expect.headers) {
    const actual = res.headers[h.name];
    if (actual === undefined) reasons.push(`header \`${h.name}\` is missing`);
    else if (h.exact !== undefined && actual !== h.exact)
      reasons.push(`header \`${h.name}\` is ${show(actual)}, expected ${show(h.exact)}`);
    else if (h.pattern && !h.pattern.test(actual)) reasons.push(`header \`${h.name}\` is ${show(actual)}, does not match ${h.text}`);
  }
  if (expect.maxLatencyMs !== undefined && res.latencyMs > expect.maxLatencyMs)
    reasons.push(`took ${Math.round(res.latencyMs)} ms, over the ${expect.maxLatencyMs} ms budget`);
  if (res.bodyTruncated && (expect.bodyContains.length || expect.bodyMatches.length || expect.json.length))
    reasons.push('body was larger than 10 MiB and was cut before checking');
  return reasons;
}
