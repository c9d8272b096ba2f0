export const id = 724;
export const ids = [724];
export const modules = {

/***/ 2724:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ProbeSource: () => (/* reexport */ ProbeSource),
  parseRate: () => (/* reexport */ parseRate),
  probeSecrets: () => (/* reexport */ probeSecrets),
  readProbes: () => (/* reexport */ readProbes)
});

// UNUSED EXPORTS: MAX_RATE_PER_SECOND, checkResponse, joinUrl, judge, latencyBoundaries, loadProbeDocument, parseProbes, probeAtRate, probeRequest, runOnce, runProbe, splitCredentials, statusMatches, waitForAnswer

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/kit/src/index.ts + 9 modules
var src = __webpack_require__(4990);
// EXTERNAL MODULE: ./packages/kit/src/http.ts + 2 modules
var http = __webpack_require__(541);
// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(7817);
;// CONCATENATED MODULE: ./packages/kit/src/paths.ts
/**
 * Where an action may read reports and logs from: the workspace and the runner's temp directory,
 * with symlinks resolved. A path in the repository is attacker-controlled on a pull request (a
 * committed symlink `logs/build.log -> /proc/self/environ`), so a path that resolves anywhere else
 * is refused with an error naming the input, and the refused file is never opened: nothing of it
 * can reach a message, a summary or a report.
 */



/** The workspace (GITHUB_WORKSPACE, or the current directory outside a runner) and RUNNER_TEMP. */
function readableRoots(env = process.env, cwd = process.cwd()) {
    return [env.GITHUB_WORKSPACE || cwd, ...(env.RUNNER_TEMP ? [env.RUNNER_TEMP] : [])];
}
/**
 * The real path of `path`, symlinks resolved. For a path that does not exist (yet), its deepest
 * existing ancestor is resolved and the rest appended, so the containment check still holds.
 */
function realPath(path) {
    let rest = '';
    let at = (0,external_node_path_.resolve)(path);
    for (;;) {
        try {
            const real = (0,external_node_fs_.realpathSync)(at);
            return rest ? (0,external_node_path_.join)(real, rest) : real;
        }
        catch (e) {
            const code = e.code;
            const parent = (0,external_node_path_.dirname)(at);
            if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === at)
                return rest ? (0,external_node_path_.join)(at, rest) : at;
            rest = rest ? (0,external_node_path_.join)((0,external_node_path_.basename)(at), rest) : (0,external_node_path_.basename)(at);
            at = parent;
        }
    }
}
const within = (path, root) => {
    const r = (0,external_node_path_.relative)(root, path);
    return r === '' || (!r.startsWith('..') && !(0,external_node_path_.isAbsolute)(r));
};
/**
 * `path` (relative to `cwd`) resolved, symlinks included, when that is inside one of `roots`;
 * otherwise a ConfigurationError naming `input`. The file itself is not opened.
 */
function resolveInside(path, { roots, input, cwd = process.cwd(), fix }) {
    const real = realPath((0,external_node_path_.resolve)(cwd, path));
    const realRoots = roots.map((root) => realPath((0,external_node_path_.resolve)(cwd, root)));
    if (realRoots.some((root) => within(real, root)))
        return real;
    const through = real === (0,external_node_path_.resolve)(cwd, path) ? '' : ' (through a symlink)';
    throw new errors/* ConfigurationError */.j1(`\`${input}\`: \`${path}\` resolves to ${real}${through}, outside the workspace${realRoots.length > 1 ? ' and the runner temp directory' : ''} (${realRoots.join(', ')}); it was not read. ${fix ?? 'Reports and logs are read only from there: write them inside the workspace, or name the file there instead of a link to it'}`, input);
}
/** Whether `path` resolves inside `roots` (for callers that skip rather than refuse). */
function isInside(path, roots, cwd = process.cwd()) {
    const real = realPath(resolve(cwd, path));
    return roots.some((root) => within(real, realPath(resolve(cwd, root))));
}

;// CONCATENATED MODULE: ./packages/probes/src/parse.ts
/**
 * Probe definitions: parsed from inline YAML or a .yml/.yaml/.json file inside the workspace,
 * validated strictly (unknown keys are errors, so a typo such as `staus:` cannot silently pass),
 * every probe checked before anything is sent.
 */





const PROBE_KEYS = new Set(['name', 'path', 'url', 'method', 'headers', 'body', 'expect']);
const EXPECT_KEYS = new Set(['status', 'body-contains', 'body-matches', 'json', 'headers', 'max-latency']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const fail = (message) => {
    throw new src/* ConfigurationError */.j1(message, 'probes');
};
const isMap = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * Reads the `probes` input: a path to a .yml/.yaml/.json file, or inline YAML. A file must resolve
 * (symlinks included) inside `roots` (the workspace and the runner's temp directory); a file
 * elsewhere is refused unread, so a committed symlink cannot turn a probe list into a file reader.
 */
async function loadProbeDocument(text, cwd, roots = readableRoots(process.env, cwd)) {
    const trimmed = text.trim();
    const oneLine = !trimmed.includes('\n');
    const asPath = (0,external_node_path_.isAbsolute)(trimmed) ? trimmed : (0,external_node_path_.join)(cwd, trimmed);
    // One word with a file extension (or naming a file that exists) is a path, never a YAML scalar:
    // no probe list is a bare string.
    if (oneLine &&
        !/\.(ya?ml|json)$/i.test(trimmed) &&
        (/^[^\s:{}[\]]+\.[A-Za-z0-9]+$/.test(trimmed) || (/^[^\s:{}[\]]+$/.test(trimmed) && (0,external_node_fs_.existsSync)(asPath))))
        fail(`\`${trimmed}\` looks like a file, but probes are read only from .yml, .yaml or .json files; rename it, or give the probes inline as a YAML list (\`- path: /healthz\`)`);
    if (oneLine && /\.(ya?ml|json)$/i.test(trimmed)) {
        const path = resolveInside(trimmed, { roots, input: 'probes', cwd });
        if (!(0,external_node_fs_.existsSync)(path) || !(0,external_node_fs_.statSync)(path).isFile())
            fail(`the probes file \`${trimmed}\` does not exist (relative paths are resolved from ${cwd}); check the path or give the probes inline`);
        if ((0,external_node_fs_.statSync)(path).size > 5 * 1024 * 1024)
            fail(`the probes file \`${trimmed}\` is larger than 5 MiB; that is not a probe list`);
        return await parseDocument((0,external_node_fs_.readFileSync)(path, 'utf8'), `\`${trimmed}\``);
    }
    return await parseDocument(trimmed, 'the inline probes');
}
/** YAML loads only when there is a probe document to read (it is most of smoke's start-up otherwise). */
async function parseDocument(text, where) {
    const { parse: parseYaml } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    try {
        return parseYaml(text, { strict: true, uniqueKeys: true, maxAliasCount: 100 });
    }
    catch (e) {
        const reason = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
        return fail(`${where} are not valid YAML/JSON: ${reason}`);
    }
}
function parseStatus(value, where) {
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0)
        fail(`${where}: \`expect.status\` is an empty list`);
    return items.map((item) => {
        if (typeof item === 'number' && Number.isInteger(item) && item >= 100 && item <= 599)
            return { kind: 'code', code: item };
        if (typeof item === 'string') {
            const t = item.trim().toLowerCase();
            if (/^[1-5]xx$/.test(t))
                return { kind: 'class', hundreds: Number(t[0]) };
            if (/^[1-5]\d\d$/.test(t))
                return { kind: 'code', code: Number(t) };
        }
        return fail(`${where}: \`expect.status\` must be a status code (200), a class (2xx) or a list of them, got \`${JSON.stringify(item)}\``);
    });
}
function parseRegex(text, where) {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
    try {
        return m ? new RegExp(m[1], m[2]) : new RegExp(text);
    }
    catch (e) {
        return fail(`${where}: \`${text}\` is not a valid regular expression (${e instanceof Error ? e.message : e})`);
    }
}
const stringList = (value, key, where) => {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items)
        if (typeof item !== 'string')
            fail(`${where}: \`expect.${key}\` must be a string or a list of strings`);
    return items;
};
function parseHeaderMap(value, where) {
    if (value === undefined || value === null)
        return {};
    if (!isMap(value))
        return fail(`${where}: \`headers\` must be a map of header name to value`);
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
            fail(`${where}: header \`${k}\` must have a string value`);
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k))
            fail(`${where}: \`${k}\` is not a valid HTTP header name`);
        const problem = (0,http/* invalidHeader */.vx)(k, String(v));
        if (problem)
            fail(`${where}: ${problem}`);
        out[k.toLowerCase()] = String(v);
    }
    return out;
}
function resolveUrl(raw, base, where) {
    if (raw.url !== undefined && raw.path !== undefined)
        fail(`${where}: give either \`url\` or \`path\`, not both`);
    if (raw.url !== undefined) {
        if (typeof raw.url !== 'string')
            fail(`${where}: \`url\` must be a string`);
        try {
            const u = new URL(raw.url);
            if (u.protocol !== 'http:' && u.protocol !== 'https:')
                throw new Error('protocol');
            return u.toString();
        }
        catch {
            return fail(`${where}: \`url\` must be an absolute http(s) URL, got \`${String(raw.url)}\``);
        }
    }
    if (!base)
        return fail(`${where}: has no absolute \`url\`, so the \`url\` input (the base URL) is required`);
    if (raw.path !== undefined && typeof raw.path !== 'string')
        fail(`${where}: \`path\` must be a string such as \`/healthz\``);
    return joinUrl(base, raw.path ?? '');
}
/** `https://host/app` + `/healthz` → `https://host/app/healthz` (the base path is kept; credentials too). */
function joinUrl(base, path) {
    const b = new URL(base);
    const basePath = b.pathname.replace(/\/+$/, '');
    const rest = path === '' ? '' : `/${path.replace(/^\/+/, '')}`;
    const joined = new URL(`${basePath}${rest}` || '/', b);
    joined.username = b.username;
    joined.password = b.password;
    return joined.toString();
}
/** Validates the whole document; every probe is checked before anything is sent. */
function parseProbes(doc, base) {
    if (doc === undefined || doc === null) {
        if (!base)
            fail('neither `url` nor `probes` was given; set `url` to the deployment to check');
        return [defaultProbe(base)];
    }
    const list = isMap(doc) && Array.isArray(doc.probes) ? doc.probes : doc;
    if (!Array.isArray(list))
        return fail('must be a YAML list of probes (`- path: /healthz`), or a map with a `probes:` list');
    if (list.length === 0)
        fail('the probe list is empty; add at least one probe or leave `probes` unset to check `url`');
    const names = new Set();
    return list.map((item, index) => {
        const where = `probe ${index + 1}`;
        if (!isMap(item))
            return fail(`${where} must be a map with \`path\` or \`url\`, got \`${JSON.stringify(item)}\``);
        for (const key of Object.keys(item))
            if (!PROBE_KEYS.has(key))
                fail(`${where}: unknown key \`${key}\` (allowed: ${[...PROBE_KEYS].join(', ')})`);
        const method = item.method === undefined ? 'GET' : String(item.method).toUpperCase();
        if (!METHODS.has(method))
            fail(`${where}: \`method\` must be one of ${[...METHODS].join(', ')}, got \`${String(item.method)}\``);
        const url = resolveUrl(item, base, where);
        let name = item.name === undefined ? `${method} ${new URL(url).pathname}` : String(item.name);
        if (names.has(name))
            name = `${name} #${index + 1}`;
        names.add(name);
        const probeWhere = `probe \`${name}\``;
        const headers = parseHeaderMap(item.headers, probeWhere);
        let body;
        if (item.body !== undefined && item.body !== null) {
            if (typeof item.body === 'string')
                body = item.body;
            else {
                body = JSON.stringify(item.body);
                headers['content-type'] ??= 'application/json';
            }
        }
        const expectRaw = item.expect ?? {};
        if (!isMap(expectRaw))
            return fail(`${probeWhere}: \`expect\` must be a map`);
        for (const key of Object.keys(expectRaw))
            if (!EXPECT_KEYS.has(key))
                fail(`${probeWhere}: unknown key \`expect.${key}\` (allowed: ${[...EXPECT_KEYS].join(', ')})`);
        let maxLatencyMs;
        if (expectRaw['max-latency'] !== undefined) {
            maxLatencyMs = (0,src/* parseDuration */.E9)(String(expectRaw['max-latency']));
            if (maxLatencyMs === undefined || maxLatencyMs <= 0)
                fail(`${probeWhere}: \`expect.max-latency\` must be a duration such as \`300ms\` or \`2s\`, got \`${String(expectRaw['max-latency'])}\``);
        }
        const jsonRaw = expectRaw.json ?? {};
        if (!isMap(jsonRaw))
            return fail(`${probeWhere}: \`expect.json\` must be a map of dot paths (\`db.ok\`, \`items.0.id\`) to values`);
        const headerRaw = expectRaw.headers ?? {};
        if (!isMap(headerRaw))
            return fail(`${probeWhere}: \`expect.headers\` must be a map of header name to value or /regex/`);
        return {
            name,
            method,
            url,
            headers,
            body,
            expect: {
                status: expectRaw.status === undefined ? [{ kind: 'class', hundreds: 2 }] : parseStatus(expectRaw.status, probeWhere),
                bodyContains: expectRaw['body-contains'] === undefined ? [] : stringList(expectRaw['body-contains'], 'body-contains', probeWhere),
                bodyMatches: expectRaw['body-matches'] === undefined
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
function defaultProbe(base) {
    return {
        name: `GET ${new URL(base).pathname}`,
        method: 'GET',
        url: base,
        headers: {},
        expect: { status: [{ kind: 'class', hundreds: 2 }], bodyContains: [], bodyMatches: [], json: [], headers: [] },
    };
}
/**
 * The probes of an input, inline YAML or a file, parsed and validated; `undefined` or empty text
 * gives the default probe (one GET of `base` expecting 2xx). Every mistake is a ConfigurationError
 * naming the input, thrown before anything is sent.
 */
async function readProbes(text, o) {
    try {
        const doc = text && text.trim() !== '' ? await loadProbeDocument(text, o.cwd, o.roots) : undefined;
        return parseProbes(doc, o.base);
    }
    catch (e) {
        if (!(e instanceof src/* ConfigurationError */.j1) || !o.input || o.input === 'probes' || e.input !== 'probes')
            throw e;
        throw new src/* ConfigurationError */.j1(`\`${o.input}\`: ${e.message}`, o.input);
    }
}
/** The values in probes that are secrets: every header value and the password of a URL (register them with setSecret). */
function probeSecrets(probes) {
    const out = new Set();
    for (const probe of probes) {
        for (const value of Object.values(probe.headers))
            if (value)
                out.add(value);
        const password = new URL(probe.url).password;
        if (password)
            out.add(decodeURIComponent(password));
    }
    return [...out];
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
;// CONCATENATED MODULE: ./packages/probes/src/check.ts
const statusText = (s) => (s.kind === 'code' ? String(s.code) : `${s.hundreds}xx`);
const statusMatches = (status, expected) => expected.some((s) => (s.kind === 'code' ? s.code === status : Math.floor(status / 100) === s.hundreds));
/** Follows a dot path (`db.ok`, `items.0.id`) into a parsed JSON value. */
function jsonAt(value, path) {
    let current = value;
    for (const segment of path.split('.')) {
        if (Array.isArray(current) && /^\d+$/.test(segment)) {
            if (Number(segment) >= current.length)
                return { found: false };
            current = current[Number(segment)];
        }
        else if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) {
            current = current[segment];
        }
        else
            return { found: false };
    }
    return { found: true, value: current };
}
function deepEqual(a, b) {
    if (a === b)
        return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object')
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
}
const show = (v) => {
    const text = JSON.stringify(v);
    return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 77)}…` : text;
};
function check_checkResponse(probe, res) {
    const reasons = [];
    const { expect } = probe;
    if (!statusMatches(res.status, expect.status)) {
        const unfollowed = res.unfollowedRedirect
            ? ` (a redirect to ${new URL(res.unfollowedRedirect.location).host}, not followed: ${res.unfollowedRedirect.reason})`
            : '';
        reasons.push(`status ${res.status}, expected ${expect.status.map(statusText).join(' or ')}${unfollowed}`);
    }
    for (const needle of expect.bodyContains)
        if (!res.body.includes(needle))
            reasons.push(`body does not contain ${show(needle)}`);
    for (const pattern of expect.bodyMatches)
        if (!pattern.test(res.body))
            reasons.push(`body does not match ${pattern}`);
    if (expect.json.length > 0) {
        let parsed;
        let ok = true;
        try {
            parsed = JSON.parse(res.body);
        }
        catch {
            ok = false;
            reasons.push(`body is not JSON (content-type ${res.headers['content-type'] ?? 'none'}), so \`expect.json\` cannot be checked`);
        }
        if (ok)
            for (const { path, value } of expect.json) {
                const at = jsonAt(parsed, path);
                if (!at.found)
                    reasons.push(`JSON has no \`${path}\``);
                else if (!deepEqual(at.value, value))
                    reasons.push(`JSON \`${path}\` is ${show(at.value)}, expected ${show(value)}`);
            }
    }
    for (const h of expect.headers) {
        const actual = res.headers[h.name];
        if (actual === undefined)
            reasons.push(`header \`${h.name}\` is missing`);
        else if (h.exact !== undefined && actual !== h.exact)
            reasons.push(`header \`${h.name}\` is ${show(actual)}, expected ${show(h.exact)}`);
        else if (h.pattern && !h.pattern.test(actual))
            reasons.push(`header \`${h.name}\` is ${show(actual)}, does not match ${h.text}`);
    }
    if (expect.maxLatencyMs !== undefined && res.latencyMs > expect.maxLatencyMs)
        reasons.push(`took ${Math.round(res.latencyMs)} ms, over the ${expect.maxLatencyMs} ms budget`);
    if (res.bodyTruncated && (expect.bodyContains.length || expect.bodyMatches.length || expect.json.length))
        reasons.push('body was larger than 10 MiB and was cut before checking');
    return reasons;
}

;// CONCATENATED MODULE: ./packages/probes/src/once.ts
/** Runs probes once (smoke): waits for the service, sends each probe with retries, checks the answers. */



/** Moves `user:password@` out of a URL into an explicit Basic Authorization header (so it can be masked and dropped on a cross-origin redirect). */
function splitCredentials(url) {
    const u = new URL(url);
    if (!u.username && !u.password)
        return { url };
    const authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    u.username = '';
    u.password = '';
    return { url: u.toString(), authorization };
}
/** Waits until `url` gives any HTTP answer (any status) or the time is up. */
async function waitForAnswer(url, timeoutMs, requestTimeoutMs) {
    const started = Date.now();
    const { url: target } = splitCredentials(url);
    for (let pause = 100;; pause = Math.min(pause * 2, 1000)) {
        try {
            await httpRequest({
                url: target,
                method: 'GET',
                timeoutMs: Math.min(requestTimeoutMs, Math.max(200, timeoutMs)),
                maxBodyBytes: 1024,
            });
            return { ms: Date.now() - started, answered: true };
        }
        catch (e) {
            if (!(e instanceof HttpFailure))
                throw e;
        }
        if (Date.now() - started + pause > timeoutMs)
            return { ms: Date.now() - started, answered: false };
        await new Promise((r) => setTimeout(r, pause));
    }
}
/** The HTTP request of a probe: URL credentials as Basic auth, the common headers under the probe's own. */
function probeRequest(probe, o) {
    const { url, authorization } = splitCredentials(probe.url);
    const headers = { ...o.headers, ...probe.headers };
    if (authorization && !headers.authorization)
        headers.authorization = authorization;
    return {
        url,
        method: probe.method,
        headers,
        body: probe.body,
        timeoutMs: o.timeoutMs,
        followRedirects: o.followRedirects,
        ...(o.signal ? { signal: o.signal } : {}),
    };
}
async function runProbe(probe, settings) {
    const request = probeRequest(probe, settings);
    const { response, failure, attempts } = await requestWithRetries(() => httpRequest(request), {
        retries: settings.retries,
        baseDelayMs: settings.retryDelayMs,
    });
    const base = { name: probe.name, method: probe.method, url: probe.url, attempts };
    const tries = attempts.length > 1 ? ` (after ${attempts.length} attempts)` : '';
    if (!response) {
        // No HTTP answer is never a pass; an answer that cannot be followed is not "no answer".
        const reason = failure?.kind === 'bad-redirect' ? failure.message : `no answer: ${failure?.message ?? 'unknown error'}`;
        return { ...base, passed: false, reasons: [`${reason}${tries}`], redirects: [] };
    }
    const reasons = checkResponse(probe, response);
    if (reasons.length > 0 && tries && reasons[0]?.startsWith('status '))
        reasons[0] += tries;
    return {
        ...base,
        passed: reasons.length === 0,
        status: response.status,
        latencyMs: Math.round(response.latencyMs * 10) / 10,
        reasons,
        redirects: response.redirects,
    };
}
async function runOnce(probes, settings) {
    const target = probes[0].url;
    const waited = settings.waitTimeoutMs > 0
        ? { ...(await waitForAnswer(target, settings.waitTimeoutMs, settings.timeoutMs)), target }
        : { ms: 0, answered: true, target };
    const results = await mapConcurrent(probes, settings.concurrency, (probe) => runProbe(probe, settings));
    const latencies = results.filter((r) => r.latencyMs !== undefined).map((r) => r.latencyMs);
    const round = (v) => (v === undefined ? undefined : Math.round(v));
    const failed = results.filter((r) => !r.passed).length;
    return {
        passed: failed === 0,
        total: results.length,
        failed,
        p50Ms: round(percentile(latencies, 50)),
        p95Ms: round(percentile(latencies, 95)),
        maxMs: round(latencies.length ? Math.max(...latencies) : undefined),
        waited,
        probes: results,
    };
}

;// CONCATENATED MODULE: ./packages/probes/src/rate.ts
/**
 * Probes at a steady rate (slo-watch `source: probes`): request k goes out at start + k / rate
 * whether or not earlier ones have answered (an open loop: a slow target does not slow the probing
 * down, so it cannot hide its own slowness), to each arm's probe k mod n — arms are probed in
 * step, so a candidate and its baseline see the same requests at the same moments. No retries:
 * each request is one observation. Every completed request is counted in the tally `take()`
 * returns, then reset: requests, failures (no answer, a 5xx, or an answer failing the probe's
 * expectations) and a latency histogram.
 */




/** Probes watch a deployment; they are not a load test. */
const MAX_RATE_PER_SECOND = 100;
const RATE = /^(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|sec|second|m|min|minute)$/i;
/** `5/s` → 5, `30/m` → 0.5 (requests per second); a problem when it is not such a rate or out of bounds. */
function parseRate(text) {
    const m = RATE.exec(text.trim());
    if (!m)
        return {
            problem: `must be requests per second or per minute, such as \`5/s\` or \`30/m\`, got \`${text}\``,
        };
    const perSecond = Number(m[1]) / (m[2].toLowerCase().startsWith('m') ? 60 : 1);
    if (!(perSecond >= 1 / 60))
        return { problem: `must be at least one request a minute (\`1/m\`), got \`${text}\`` };
    if (perSecond > MAX_RATE_PER_SECOND)
        return {
            problem: `must be at most ${MAX_RATE_PER_SECOND}/s (the probes watch a deployment, they are not a load test), got \`${text}\``,
        };
    return { perSecond };
}
/**
 * Latency histogram boundaries in seconds: 1 ms × 2^(k/4) up to ~65 s (each 19 % above the last),
 * plus `extra` (the SLO's boundary, so it is a bucket of its own and judged exactly).
 */
function latencyBoundaries(extra = []) {
    const grid = Array.from({ length: 65 }, (_, k) => Number((0.001 * 2 ** (k / 4)).toPrecision(6)));
    return [...new Set([...grid, ...extra.filter((x) => Number.isFinite(x) && x > 0)])].sort((a, b) => a - b);
}
/** Which boundary bin `seconds` falls into (the first boundary at or above it). */
function binOf(boundaries, seconds) {
    let lo = 0;
    let hi = boundaries.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (boundaries[mid] >= seconds)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}
/** What went wrong with one request, or undefined when it passed. */
function judge(probe, response, failure) {
    if (!response) {
        const f = failure;
        return f.kind === 'bad-redirect'
            ? { what: 'redirect not followed', reasons: f.message }
            : { what: `no answer (${f.kind})`, reasons: `no answer: ${f.message}` };
    }
    const reasons = check_checkResponse(probe, response);
    if (reasons.length === 0 && response.status < 500)
        return undefined;
    const what = response.status >= 500 || !statusMatches(response.status, probe.expect.status) ? `status ${response.status}` : 'expectations';
    return { what, reasons: reasons.length > 0 ? reasons.join('; ') : `status ${response.status}` };
}
/** Starts probing now: `arms` maps each arm's name to its probes (e.g. `{ candidate, baseline }`). */
function probeAtRate(arms, settings) {
    const names = Object.keys(arms);
    for (const name of names)
        if (arms[name].length === 0)
            throw new RangeError(`arm ${name} has no probes`);
    if (!(settings.perSecond > 0 && settings.perSecond <= MAX_RATE_PER_SECOND))
        throw new RangeError(`rate ${settings.perSecond}/s is out of bounds`);
    const boundaries = settings.boundaries ?? latencyBoundaries();
    const maxInFlight = settings.maxInFlight ?? Math.min(1000, Math.ceil((settings.perSecond * settings.timeoutMs) / 1000) + 1);
    const fresh = () => ({
        requests: 0,
        failed: 0,
        timed: 0,
        bins: boundaries.map(() => 0).concat(0),
        skipped: 0,
        failures: new Map(),
    });
    const open = new Map(names.map((n) => [n, fresh()]));
    const inFlight = new Map(names.map((n) => [n, 0]));
    const sentCount = new Map(names.map((n) => [n, 0]));
    const controller = new AbortController();
    let stopped = false;
    const record = (arm, probe, response, failure) => {
        if (stopped)
            return;
        const o = open.get(arm);
        o.requests++;
        const latencyMs = response ? response.latencyMs : failure?.kind === 'timeout' ? failure.latencyMs : undefined;
        if (latencyMs !== undefined) {
            o.timed++;
            const bin = binOf(boundaries, latencyMs / 1000);
            o.bins[bin] = o.bins[bin] + 1;
        }
        const bad = judge(probe, response, failure);
        if (!bad)
            return;
        o.failed++;
        const key = `${probe.name}\n${bad.what}`;
        const seen = o.failures.get(key);
        if (seen)
            seen.count++;
        else
            o.failures.set(key, { probe: probe.name, what: bad.what, count: 1, example: bad.reasons });
    };
    const send = (arm, probe) => {
        if (inFlight.get(arm) >= maxInFlight) {
            open.get(arm).skipped++;
            return;
        }
        inFlight.set(arm, inFlight.get(arm) + 1);
        sentCount.set(arm, sentCount.get(arm) + 1);
        const request = probeRequest(probe, {
            timeoutMs: settings.timeoutMs,
            followRedirects: settings.followRedirects ?? true,
            ...(settings.headers ? { headers: settings.headers } : {}),
            signal: controller.signal,
        });
        (0,http/* httpRequest */.aj)(request)
            .then((response) => record(arm, probe, response, undefined), (e) => {
            if (e instanceof http/* HttpFailure */.HR)
                record(arm, probe, undefined, e);
            else if (!stopped)
                throw e;
        })
            .finally(() => inFlight.set(arm, inFlight.get(arm) - 1));
    };
    const t0 = external_node_perf_hooks_.performance.now();
    const startedAt = Date.now();
    let k = 0;
    let timer;
    const burst = Math.max(1, Math.ceil(settings.perSecond));
    const tick = () => {
        if (stopped)
            return;
        const due = Math.floor(((external_node_perf_hooks_.performance.now() - t0) * settings.perSecond) / 1000) + 1;
        // A stalled event loop sends at most a second's worth at once; the rest are skipped, and counted.
        if (due - k > burst) {
            for (const name of names)
                open.get(name).skipped += due - k - burst;
            k = due - burst;
        }
        for (; k < due; k++)
            for (const name of names)
                send(name, arms[name][k % arms[name].length]);
        timer = setTimeout(tick, Math.max(1, t0 + (k * 1000) / settings.perSecond - external_node_perf_hooks_.performance.now()));
    };
    tick();
    return {
        startedAt,
        boundaries,
        take() {
            const out = {};
            for (const name of names) {
                const o = open.get(name);
                open.set(name, fresh());
                let cumulative = 0;
                out[name] = {
                    requests: o.requests,
                    failed: o.failed,
                    timed: o.timed,
                    buckets: boundaries.map((le, i) => ({ le, count: (cumulative += o.bins[i]) })),
                    skipped: o.skipped,
                    failures: [...o.failures.values()],
                };
            }
            return out;
        },
        sent() {
            return Object.fromEntries(names.map((n) => [n, sentCount.get(n)]));
        },
        stop() {
            stopped = true;
            if (timer)
                clearTimeout(timer);
            controller.abort();
        },
    };
}

;// CONCATENATED MODULE: ./packages/probes/src/source.ts

class ProbeSource {
    kind = 'probes';
    o;
    prober;
    last = new Date();
    failures = new Map();
    skipped = 0;
    constructor(options) {
        this.o = options;
    }
    /** Starts sending; there is nothing to check beforehand (the probes were validated when read). */
    async start() {
        const arms = { candidate: this.o.candidate, ...(this.o.baseline ? { baseline: this.o.baseline } : {}) };
        this.prober = probeAtRate(arms, {
            perSecond: this.o.perSecond,
            timeoutMs: this.o.timeoutMs,
            boundaries: latencyBoundaries(this.o.latencyBoundaries),
        });
        this.last = new Date(this.prober.startedAt);
        return { ok: true };
    }
    async read(to) {
        if (!this.prober)
            throw new Error('ProbeSource.read before start');
        const tallies = this.prober.take();
        const from = this.last;
        this.last = to;
        const notes = [];
        const metrics = {};
        for (const m of this.o.metrics) {
            const arm = (t) => t === undefined
                ? undefined
                : m.kind === 'errors'
                    ? { requests: t.requests, bad: t.failed }
                    : { requests: t.timed, buckets: t.buckets };
            metrics[m.name] = {
                candidate: arm(tallies.candidate) ?? null,
                ...(this.o.baseline ? { baseline: arm(tallies.baseline) ?? null } : {}),
            };
        }
        for (const [name, t] of Object.entries(tallies)) {
            if (!t)
                continue;
            const label = name === 'candidate' ? 'canary' : 'baseline';
            if (t.failed > 0)
                notes.push(`${label}: ${t.failed} of ${t.requests} requests failed (${t.failures
                    .sort((a, b) => b.count - a.count)
                    .map((f) => `${f.probe}: ${f.what} ×${f.count}`)
                    .join(', ')})`);
            if (t.skipped > 0)
                notes.push(`${label}: ${t.skipped} requests not sent, earlier ones still awaiting an answer`);
            this.skipped += t.skipped;
            for (const f of t.failures) {
                const key = `${name}\n${f.probe}\n${f.what}`;
                const seen = this.failures.get(key);
                if (seen)
                    seen.count += f.count;
                else
                    this.failures.set(key, { ...f, arm: name });
            }
        }
        return { status: 'ok', from, to, metrics, notes };
    }
    /** Probes have no history: the `before` baseline needs a metrics backend. */
    async readWindow() {
        return { status: 'unavailable', reason: 'probes count only the requests they send during the watch; there is nothing before it' };
    }
    /** Requests sent so far, per arm. */
    sent() {
        return this.prober ? this.prober.sent() : { candidate: 0 };
    }
    /** Every failure so far (per arm, probe and kind), most frequent first, and how many requests were skipped. */
    failureSummary() {
        return { failures: [...this.failures.values()].sort((a, b) => b.count - a.count), skipped: this.skipped };
    }
    stop() {
        this.prober?.stop();
    }
}

;// CONCATENATED MODULE: ./packages/probes/src/index.ts
/**
 * The probe engine, shared by smoke (run once), slo-watch `source: probes` (run at a rate and
 * counted per interval) and rollback's verification. Three calls:
 *
 * - `readProbes(text, { base, cwd })`: the `probes` input (inline YAML, or a .yml/.yaml/.json file
 *   that must resolve inside the workspace or RUNNER_TEMP) parsed into validated `Probe`s; no text
 *   gives one GET of `base` expecting 2xx. Mistakes are ConfigurationErrors naming the input, thrown
 *   before anything is sent. `probeSecrets(probes)` lists the values to mask.
 * - `runOnce(probes, settings)`: waits for the service, sends every probe (concurrently, with
 *   retries on no answer, 5xx and 429), checks each answer: `{ passed, probes: [...reasons] }`.
 * - `probeAtRate(probes, { rate, ... })`: sends the probes round-robin at a steady rate (no retries:
 *   each request is one observation), checks each answer, and counts requests, failures and a
 *   latency histogram until `take()`; `parseRate('5/s')` reads a rate input.
 * - `ProbeSource`: the rate prober as a metrics source (the `MetricsSource` shape of
 *   @shipkit/metrics), read by the analysis interval by interval.
 *
 * `sideEffects: false` in package.json: a bundle keeps only the modules it uses (smoke carries no
 * rate prober).
 */







/***/ })

};
