/**
 * Probe definitions: parsed from inline YAML or a .yml/.yaml/.json file inside the workspace,
 * validated strictly (unknown keys are errors, so a typo such as `staus:` cannot silently pass),
 * every probe checked before anything is sent.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError, parseDuration } from '@shipkit/kit';
import { invalidHeader } from '@shipkit/kit/http';
import { readableRoots, resolveInside } from '@shipkit/kit/paths';

export type StatusExpectation = { kind: 'code'; code: number } | { kind: 'class'; hundreds: number };

export interface HeaderExpectation {
  name: string;
  exact?: string;
  pattern?: RegExp;
  text: string;
}

export interface Probe {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  expect: {
    status: StatusExpectation[];
    bodyContains: string[];
    bodyMatches: RegExp[];
    json: { path: string; value: unknown }[];
    headers: HeaderExpectation[];
    maxLatencyMs?: number;
  };
}

const PROBE_KEYS = new Set(['name', 'path', 'url', 'method', 'headers', 'body', 'expect']);
const EXPECT_KEYS = new Set(['status', 'body-contains', 'body-matches', 'json', 'headers', 'max-latency']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const fail = (message: string): never => {
  throw new ConfigurationError(message, 'probes');
};

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the `probes` input: a path to a .yml/.yaml/.json file, or inline YAML. A file must resolve
 * (symlinks included) inside `roots` (the workspace and the runner's temp directory); a file
 * elsewhere is refused unread, so a committed symlink cannot turn a probe list into a file reader.
 */
export async function loadProbeDocument(
  text: string,
  cwd: string,
  roots: readonly string[] = readableRoots(process.env, cwd),
): Promise<unknown> {
  const trimmed = text.trim();
  const oneLine = !trimmed.includes('\n');
  const asPath = isAbsolute(trimmed) ? trimmed : join(cwd, trimmed);
  // One word with a file extension (or naming a file that exists) is a path, never a YAML scalar:
  // no probe list is a bare string.
  if (
    oneLine &&
    !/\.(ya?ml|json)$/i.test(trimmed) &&
    (/^[^\s:{}[\]]+\.[A-Za-z0-9]+$/.test(trimmed) || (/^[^\s:{}[\]]+$/.test(trimmed) && existsSync(asPath)))
  )
    fail(
      `\`${trimmed}\` looks like a file, but probes are read only from .yml, .yaml or .json files; rename it, or give the probes inline as a YAML list (\`- path: /healthz\`)`,
    );
  if (oneLine && /\.(ya?ml|json)$/i.test(trimmed)) {
    const path = resolveInside(trimmed, { roots, input: 'probes', cwd });
    if (!existsSync(path) || !statSync(path).isFile())
      fail(
        `the probes file \`${trimmed}\` does not exist (relative paths are resolved from ${cwd}); check the path or give the probes inline`,
      );
    if (statSync(path).size > 5 * 1024 * 1024) fail(`the probes file \`${trimmed}\` is larger than 5 MiB; that is not a probe list`);
    return await parseDocument(readFileSync(path, 'utf8'), `\`${trimmed}\``);
  }
  return await parseDocument(trimmed, 'the inline probes');
}

/** YAML loads only when there is a probe document to read (it is most of smoke's start-up otherwise). */
async function parseDocument(text: string, where: string): Promise<unknown> {
  const { parse: parseYaml } = await import('yaml');
  try {
    return parseYaml(text, { strict: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    const reason = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    return fail(`${where} are not valid YAML/JSON: ${reason}`);
  }
}

function parseStatus(value: unknown, where: string): StatusExpectation[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) fail(`${where}: \`expect.status\` is an empty list`);
  return items.map((item): StatusExpectation => {
    if (typeof item === 'number' && Number.isInteger(item) && item >= 100 && item <= 599) return { kind: 'code', code: item };
    if (typeof item === 'string') {
      const t = item.trim().toLowerCase();
      if (/^[1-5]xx$/.test(t)) return { kind: 'class', hundreds: Number(t[0]) };
      if (/^[1-5]\d\d$/.test(t)) return { kind: 'code', code: Number(t) };
    }
    return fail(
      `${where}: \`expect.status\` must be a status code (200), a class (2xx) or a list of them, got \`${JSON.stringify(item)}\``,
    );
  });
}

function parseRegex(text: string, where: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  try {
    return m ? new RegExp(m[1] as string, m[2]) : new RegExp(text);
  } catch (e) {
    return fail(`${where}: \`${text}\` is not a valid regular expression (${e instanceof Error ? e.message : e})`);
  }
}

const stringList = (value: unknown, key: string, where: string): string[] => {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) if (typeof item !== 'string') fail(`${where}: \`expect.${key}\` must be a string or a list of strings`);
  return items as string[];
};

function parseHeaderMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) return fail(`${where}: \`headers\` must be a map of header name to value`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      fail(`${where}: header \`${k}\` must have a string value`);
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) fail(`${where}: \`${k}\` is not a valid HTTP header name`);
    const problem = invalidHeader(k, String(v));
    if (problem) fail(`${where}: ${problem}`);
    out[k.toLowerCase()] = String(v);
  }
  return out;
}

function resolveUrl(raw: Record<string, unknown>, base: string | undefined, where: string): string {
  if (raw.url !== undefined && raw.path !== undefined) fail(`${where}: give either \`url\` or \`path\`, not both`);
  if (raw.url !== undefined) {
    if (typeof raw.url !== 'string') fail(`${where}: \`url\` must be a string`);
    try {
      const u = new URL(raw.url as string);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      return u.toString();
    } catch {
      return fail(`${where}: \`url\` must be an absolute http(s) URL, got \`${String(raw.url)}\``);
    }
  }
  if (!base) return fail(`${where}: has no absolute \`url\`, so the \`url\` input (the base URL) is required`);
  if (raw.path !== undefined && typeof raw.path !== 'string') fail(`${where}: \`path\` must be a string such as \`/healthz\``);
  return joinUrl(base, (raw.path as string | undefined) ?? '');
}

/** `https://host/app` + `/healthz` → `https://host/app/healthz` (the base path is kept; credentials too). */
export function joinUrl(base: string, path: string): string {
  const b = new URL(base);
  const basePath = b.pathname.replace(/\/+$/, '');
  const rest = path === '' ? '' : `/${path.replace(/^\/+/, '')}`;
  const joined = new URL(`${basePath}${rest}` || '/', b);
  joined.username = b.username;
  joined.password = b.password;
  return joined.toString();
}

/** Validates the whole document; every probe is checked before anything is sent. */
export function parseProbes(doc: unknown, base: string | undefined): Probe[] {
  if (doc === undefined || doc === null) {
    if (!base) fail('neither `url` nor `probes` was given; set `url` to the deployment to check');
    return [defaultProbe(base as string)];
  }
  const list = isMap(doc) && Array.isArray(doc.probes) ? doc.probes : doc;
  if (!Array.isArray(list)) return fail('must be a YAML list of probes (`- path: /healthz`), or a map with a `probes:` list');
  if (list.length === 0) fail('the probe list is empty; add at least one probe or leave `probes` unset to check `url`');
  const names = new Set<string>();
  return list.map((item, index) => {
    const where = `probe ${index + 1}`;
    if (!isMap(item)) return fail(`${where} must be a map with \`path\` or \`url\`, got \`${JSON.stringify(item)}\``);
    for (const key of Object.keys(item))
      if (!PROBE_KEYS.has(key)) fail(`${where}: unknown key \`${key}\` (allowed: ${[...PROBE_KEYS].join(', ')})`);
    const method = item.method === undefined ? 'GET' : String(item.method).toUpperCase();
    if (!METHODS.has(method)) fail(`${where}: \`method\` must be one of ${[...METHODS].join(', ')}, got \`${String(item.method)}\``);
    const url = resolveUrl(item, base, where);
    let name = item.name === undefined ? `${method} ${new URL(url).pathname}` : String(item.name);
    if (names.has(name)) name = `${name} #${index + 1}`;
    names.add(name);
    const probeWhere = `probe \`${name}\``;
    const headers = parseHeaderMap(item.headers, probeWhere);
    let body: string | undefined;
    if (item.body !== undefined && item.body !== null) {
      if (typeof item.body === 'string') body = item.body;
      else {
        body = JSON.stringify(item.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const expectRaw = item.expect ?? {};
    if (!isMap(expectRaw)) return fail(`${probeWhere}: \`expect\` must be a map`);
    for (const key of Object.keys(expectRaw))
      if (!EXPECT_KEYS.has(key)) fail(`${probeWhere}: unknown key \`expect.${key}\` (allowed: ${[...EXPECT_KEYS].join(', ')})`);
    let maxLatencyMs: number | undefined;
    if (expectRaw['max-latency'] !== undefined) {
      maxLatencyMs = parseDuration(String(expectRaw['max-latency']));
      if (maxLatencyMs === undefined || maxLatencyMs <= 0)
        fail(
          `${probeWhere}: \`expect.max-latency\` must be a duration such as \`300ms\` or \`2s\`, got \`${String(expectRaw['max-latency'])}\``,
        );
    }
    const jsonRaw = expectRaw.json ?? {};
    if (!isMap(jsonRaw)) return fail(`${probeWhere}: \`expect.json\` must be a map of dot paths (\`db.ok\`, \`items.0.id\`) to values`);
    const headerRaw = expectRaw.headers ?? {};
    if (!isMap(headerRaw)) return fail(`${probeWhere}: \`expect.headers\` must be a map of header name to value or /regex/`);
    return {
      name,
      method,
      url,
      headers,
      body,
      expect: {
        status: expectRaw.status === undefined ? [{ kind: 'class', hundreds: 2 }] : parseStatus(expectRaw.status, probeWhere),
        bodyContains: expectRaw['body-contains'] === undefined ? [] : stringList(expectRaw['body-contains'], 'body-contains', probeWhere),
        bodyMatches:
          expectRaw['body-matches'] === undefined
            ? []
            : stringList(expectRaw['body-matches'], 'body-matches', probeWhere).map((r) => parseRegex(r, probeWhere)),
        json: Object.entries(jsonRaw).map(([path, value]) => ({ path, value })),
        headers: Object.entries(headerRaw).map(([name, value]) => {
          const text = String(value);
          return /^\/.*\/[a-z]*$/s.test(text)
            ? { name: name.toLowerCase(), pattern: parseRegex(text, probeWhere), text }
            : { name: name.toLowerCase(), exact: text, text };
        }),
        maxLatencyMs,
      },
    };
  });
}

function defaultProbe(base: string): Probe {
  return {
    name: `GET ${new URL(base).pathname}`,
    method: 'GET',
    url: base,
    headers: {},
    expect: { status: [{ kind: 'class', hundreds: 2 }], bodyContains: [], bodyMatches: [], json: [], headers: [] },
  };
}

export interface ReadProbesOptions {
  /** Base URL the probes' paths are joined to (the `url` input); optional when every probe has an absolute `url`. */
  base?: string;
  /** What a relative probes file is relative to (the workspace). */
  cwd: string;
  /** Where a probes file may resolve to; default: the workspace (GITHUB_WORKSPACE or `cwd`) and RUNNER_TEMP. */
  roots?: readonly string[];
  /** The input named in errors, when it is not `probes` (e.g. `verify-probes`). */
  input?: string;
}

/**
 * The probes of an input, inline YAML or a file, parsed and validated; `undefined` or empty text
 * gives the default probe (one GET of `base` expecting 2xx). Every mistake is a ConfigurationError
 * naming the input, thrown before anything is sent.
 */
export async function readProbes(text: string | undefined, o: ReadProbesOptions): Promise<Probe[]> {
  try {
    const doc = text && text.trim() !== '' ? await loadProbeDocument(text, o.cwd, o.roots) : undefined;
    return parseProbes(doc, o.base);
  } catch (e) {
    if (!(e instanceof ConfigurationError) || !o.input || o.input === 'probes' || e.input !== 'probes') throw e;
    throw new ConfigurationError(`\`${o.input}\`: ${e.message}`, o.input);
  }
}

/** The values in probes that are secrets: every header value and the password of a URL (register them with setSecret). */
export function probeSecrets(probes: readonly Probe[]): string[] {
  const out = new Set<string>();
  for (const probe of probes) {
    for (const value of Object.values(probe.headers)) if (value) out.add(value);
    const password = new URL(probe.url).password;
    if (password) out.add(decodeURIComponent(password));
  }
  return [...out];
}
