export const id = 894;
export const ids = [894];
export const modules = {

/***/ 25894:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  githubClient: () => (/* binding */ githubClient)
});

// UNUSED EXPORTS: MAX_RATE_LIMIT_WAIT_S, escapeMarkers, findOwnIssue, findStickyComment, graphqlRead, hasMarker, markedBody, pullRequestOfRun, readMarkedState, tokenIdentity, writeStickyComment, writtenBy

// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 12 modules
var dist_src = __webpack_require__(14730);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-paginate-rest/dist-bundle/index.js
var dist_bundle = __webpack_require__(93779);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-rest-endpoint-methods/dist-src/index.js + 3 modules
var plugin_rest_endpoint_methods_dist_src = __webpack_require__(49210);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var plugin_retry_dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(86856);
// EXTERNAL MODULE: ./packages/kit/src/commands.ts
var commands = __webpack_require__(38448);
// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(77817);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var lib_proxy = __webpack_require__(19783);
// EXTERNAL MODULE: ./packages/kit/src/version.ts
var version = __webpack_require__(48196);
;// CONCATENATED MODULE: ./packages/kit/src/http.ts
/**
 * HTTP for probes and API calls: a per-request deadline, manual redirects (so every hop is
 * visible), a body cap, latency measured from the request to the last body byte, and failures
 * classified so callers can tell "no answer" from "a bad answer". `requestWithRetries` adds
 * jittered retries on connection errors, timeouts, 5xx and 429 (honouring Retry-After).
 *
 * Proxies: `HTTPS_PROXY` / `HTTP_PROXY` (either case) with `NO_PROXY` exceptions, decided exactly
 * as @actions/http-client decides them (its own `getProxyUrl`: loopback and NO_PROXY hosts go
 * direct). https targets are tunnelled with CONNECT, http targets sent to the proxy in absolute
 * form; the proxy agents load only when a proxy applies.
 *
 * Redirects: a cross-origin hop carries none of the caller's headers, and no credentials from the
 * Location itself; a request whose body would be re-sent is never redirected to another origin
 * (and `followRedirects: 'same-origin'` keeps any request on its origin). Only http(s) is followed.
 *
 * Built on node:http/node:https with keep-alive agents rather than undici: measured on this
 * code path, loading undici (even by deep import of its Agent and request API) costs ~35 ms of
 * CPU per cold start, which is most of smoke's start-up budget; node:http is part of the
 * runtime's snapshot. node:https (and with it TLS) loads only for https URLs. `fetchOverHttp`
 * gives Octokit the same client (proxies, redirects) without loading fetch's undici either.
 */




/** The request got no HTTP answer (or one that cannot be followed). */
class HttpFailure extends Error {
    name = 'HttpFailure';
    kind;
    latencyMs;
    constructor(kind, message, latencyMs) {
        super(message);
        this.kind = kind;
        this.latencyMs = latencyMs;
    }
}
const USER_AGENT = `shipkit/${version/* SHIPKIT_VERSION */.K}`;
/**
 * Why a header cannot be sent as given, or undefined when it can. A CR or LF would end the header
 * and start another (header injection), so callers reject such input before any request is sent.
 */
function invalidHeader(name, value) {
    try {
        (0,external_node_http_.validateHeaderName)(name);
    }
    catch {
        return `\`${name}\` is not a valid HTTP header name`;
    }
    if (/[\r\n]/.test(value))
        return `the value of \`${name}\` contains a line break (CR or LF), which would end the header`;
    try {
        (0,external_node_http_.validateHeaderValue)(name, value);
    }
    catch {
        return `the value of \`${name}\` contains a character that HTTP header values cannot carry (a control character)`;
    }
    return undefined;
}
/**
 * The proxy for a URL under the runner's rules: HTTPS_PROXY / HTTP_PROXY (lower case first) unless
 * @actions/http-client's own `checkBypass` sends the host direct (loopback, NO_PROXY entries), as a
 * plain URL (credentials percent-encoded). `proxy:3128` without a scheme means http, as curl reads
 * it; the reference would parse `proxy:` as the scheme and then fail to connect.
 */
function proxyFor(url, env = process.env) {
    const https = url.protocol === 'https:';
    const raw = https ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
    if (!raw || (0,lib_proxy/* checkBypass */.H)(url))
        return undefined;
    const parse = (text) => {
        try {
            const u = new URL(text);
            return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u : undefined;
        }
        catch {
            return undefined;
        }
    };
    const proxy = raw.includes('://') ? parse(raw) : (parse(raw) ?? parse(`http://${raw}`));
    if (!proxy)
        throw new TypeError(`${https ? 'HTTPS_PROXY' : 'HTTP_PROXY'} is set but is not a proxy URL (such as \`http://proxy.example:3128\`)`);
    return proxy;
}
let httpAgent;
let httpsAgent;
const proxyAgents = new Map();
/** Keep-alive agents shared by every request of the process: one per protocol, and one per proxy. */
async function routeFor(url) {
    const https = url.protocol === 'https:' ? await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 44708, 23)) : undefined;
    const request = (https?.request ?? external_node_http_.request);
    const proxy = proxyFor(url);
    if (proxy) {
        const key = `${url.protocol}${proxy.href}`;
        let agent = proxyAgents.get(key);
        if (!agent) {
            const options = { keepAlive: true, maxSockets: 64 };
            agent = https
                ? new (await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(669)]).then(__webpack_require__.t.bind(__webpack_require__, 3669, 23))).HttpsProxyAgent(proxy, options)
                : new (await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(970)]).then(__webpack_require__.t.bind(__webpack_require__, 81970, 23))).HttpProxyAgent(proxy, options);
            proxyAgents.set(key, agent);
        }
        return { agent, request, via: proxy.host };
    }
    if (https) {
        httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 64 });
        return { agent: httpsAgent, request };
    }
    httpAgent ??= new external_node_http_.Agent({ keepAlive: true, maxSockets: 64 });
    return { agent: httpAgent, request };
}
/** Sends one request; resolves when the response headers arrive. */
async function send(url, route, method, headers, body, signal) {
    const outgoing = { ...headers };
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length'))
        outgoing['content-length'] = Buffer.byteLength(body);
    // Never `auth` from the URL: credentials travel only as headers the caller chose to send.
    const target = new URL(url);
    target.username = '';
    target.password = '';
    return new Promise((resolve, reject) => {
        const req = route.request(target, { method, headers: outgoing, agent: route.agent, signal }, resolve);
        req.on('error', reject);
        req.end(body);
    });
}
function classify(error, timeoutMs, url, via, deadlinePassed = false) {
    const through = via ? ` (through the proxy ${via})` : '';
    if (deadlinePassed)
        return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${safeHost(url)}${through}` };
    const e = error;
    const code = e.code ?? e.cause?.code ?? '';
    const host = safeHost(url);
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ABORT_ERR' || code === 'ETIMEDOUT')
        return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${host}${through}` };
    if (code === 'ECONNREFUSED')
        return {
            kind: 'connection-refused',
            message: via ? `connection refused by the proxy ${via} (for ${host})` : `connection refused by ${host}`,
        };
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED')
        return { kind: 'connection-reset', message: `connection to ${host} was reset (${code})${through}` };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return { kind: 'dns', message: `could not resolve ${via ? `the proxy ${via}` : host} (${code})` };
    if (/CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED/i.test(code))
        return { kind: 'tls', message: `TLS error talking to ${host} (${code})${through}` };
    return { kind: 'network', message: `request to ${host} failed${through}: ${e.cause?.message ?? e.message ?? code}` };
}
function safeHost(url) {
    try {
        const u = new URL(url);
        return u.host || u.protocol;
    }
    catch {
        return url;
    }
}
const REDIRECT = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);
function dropHeaders(headers, names) {
    for (const name of Object.keys(headers))
        if (names.has(name.toLowerCase()))
            delete headers[name];
}
const defaultHeaders = () => ({ 'user-agent': USER_AGENT });
/** Sends the request and follows its redirects; resolves with the final response, body unread. */
async function exchange(req, started) {
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const deadline = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    const follow = req.followRedirects ?? true;
    const maxRedirects = req.maxRedirects ?? 10;
    const redirects = [];
    let url = new URL(req.url);
    let method = (req.method ?? 'GET').toUpperCase();
    let body = req.body;
    // The caller's User-Agent (in any case) replaces ours rather than being sent beside it.
    let headers = { ...req.headers };
    for (const [name, value] of Object.entries(headers)) {
        const problem = invalidHeader(name, value);
        if (problem)
            throw new TypeError(`cannot send the request to ${safeHost(req.url)}: ${problem}`);
    }
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent'))
        headers['user-agent'] = USER_AGENT;
    const fail = (error, via) => {
        const { kind, message } = classify(error, req.timeoutMs, url.href, via, timeout.aborted);
        throw new HttpFailure(kind, message, external_node_perf_hooks_.performance.now() - started);
    };
    for (;;) {
        let route;
        let res;
        try {
            route = await routeFor(url);
            res = await send(url, route, method, headers, body, deadline);
        }
        catch (error) {
            return fail(error, route?.via);
        }
        const location = res.headers.location;
        if (follow === false || !REDIRECT.has(res.statusCode ?? 0) || typeof location !== 'string')
            return { res, url: url.href, redirects, deadline, via: route.via };
        let next;
        try {
            next = new URL(location, url);
        }
        catch {
            res.resume();
            throw new HttpFailure('bad-redirect', `${url.host} answered ${res.statusCode} with a Location that is not a URL; it was not followed`, external_node_perf_hooks_.performance.now() - started);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            res.resume();
            throw new HttpFailure('bad-redirect', `${url.host} answered ${res.statusCode} with a redirect to a \`${next.protocol}\` URL; only http and https redirects are followed`, external_node_perf_hooks_.performance.now() - started);
        }
        // Credentials in a Location are the server's words, never ours to send.
        next.username = '';
        next.password = '';
        const keepsMethod = !((res.statusCode === 303 && method !== 'HEAD') ||
            ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST'));
        const crossOrigin = next.origin !== url.origin;
        if (crossOrigin && (follow === 'same-origin' || (keepsMethod && body !== undefined))) {
            const reason = follow === 'same-origin' ? `this request is kept on ${url.origin}` : `a request with a body is never re-sent to another origin`;
            return { res, url: url.href, redirects, deadline, via: route.via, unfollowedRedirect: { location: next.href, reason } };
        }
        res.resume();
        if (redirects.length >= maxRedirects)
            throw new HttpFailure('too-many-redirects', `more than ${maxRedirects} redirects from ${req.url}`, external_node_perf_hooks_.performance.now() - started);
        // Another origin gets none of the caller's headers (tokens, cookies, API keys, custom secrets).
        if (crossOrigin)
            headers = defaultHeaders();
        url = next;
        redirects.push(url.href);
        if (!keepsMethod) {
            method = 'GET';
            body = undefined;
            // The body is gone, so are the headers that described it.
            dropHeaders(headers, BODY_HEADERS);
        }
    }
}
const flatten = (res) => {
    const flat = {};
    for (const [k, v] of Object.entries(res.headers))
        if (v !== undefined)
            flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return flat;
};
async function httpRequest(req) {
    const started = performance.now();
    const maxBody = req.maxBodyBytes ?? 10 * 1024 * 1024;
    const { res, url, redirects, unfollowedRedirect, deadline, via } = await exchange(req, started);
    const chunks = [];
    let size = 0;
    let truncated = false;
    try {
        for await (const chunk of res) {
            if (size + chunk.length > maxBody) {
                chunks.push(chunk.subarray(0, maxBody - size));
                size = maxBody;
                truncated = true;
                res.destroy();
                break;
            }
            chunks.push(chunk);
            size += chunk.length;
        }
    }
    catch (error) {
        const { kind, message } = classify(error, req.timeoutMs, url, via, deadline.aborted);
        throw new HttpFailure(kind, message, performance.now() - started);
    }
    return {
        status: res.statusCode ?? 0,
        headers: flatten(res),
        body: Buffer.concat(chunks).toString('utf8'),
        bodyTruncated: truncated,
        latencyMs: performance.now() - started,
        url,
        redirects,
        ...(unfollowedRedirect ? { unfollowedRedirect } : {}),
    };
}
/**
 * A fetch for Octokit (`request.fetch`) on this client: proxies, keep-alive, the redirect rules
 * above, and no undici at start-up. The body streams; reading it is bound by `timeoutMs`.
 */
function fetchOverHttp({ timeoutMs = 10 * 60_000 } = {}) {
    return async (input, init = {}) => {
        const body = init.body;
        if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))
            throw new TypeError('fetchOverHttp sends string or byte bodies only');
        const { res, url } = await exchange({
            url: String(input),
            method: init.method,
            headers: init.headers,
            body: body === undefined || body === null ? undefined : typeof body === 'string' ? body : Buffer.from(body),
            timeoutMs,
            signal: init.signal ?? undefined,
            followRedirects: init.redirect === 'manual' || init.redirect === 'error' ? false : true,
        }, external_node_perf_hooks_.performance.now());
        const flat = flatten(res);
        const entries = Object.entries(flat);
        let read;
        const bytes = () => (read ??= (async () => {
            const chunks = [];
            for await (const chunk of res)
                chunks.push(chunk);
            return Buffer.concat(chunks);
        })());
        return {
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            url,
            headers: {
                get: (name) => flat[name.toLowerCase()] ?? null,
                [Symbol.iterator]: () => entries[Symbol.iterator](),
            },
            body: res,
            text: async () => (await bytes()).toString('utf8'),
            json: async () => JSON.parse((await bytes()).toString('utf8')),
            arrayBuffer: async () => {
                const b = await bytes();
                return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
            },
        };
    };
}
/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), capped. */
function retryAfterMs(value, capMs = 60_000, now = Date.now()) {
    const text = value?.trim();
    if (!text)
        return undefined;
    // Delay-seconds is digits only: `-1`, `0x10` or `1e3` are not delays (and V8 would read `-1` as a date).
    if (/^\d+(\.\d+)?$/.test(text))
        return Math.min(Number(text) * 1000, capMs);
    // An HTTP date always names a day or month.
    const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isFinite(date))
        return Math.min(Math.max(0, date - now), capMs);
    return undefined;
}
/** Full jitter around an exponential backoff: base × 2^(attempt-1) × [0.5, 1.5). */
function jitteredDelay(baseMs, attempt, random = Math.random) {
    return Math.round(baseMs * 2 ** Math.max(0, attempt - 1) * (0.5 + random()));
}
const isRetryableStatus = (status) => status >= 500 || status === 429;
/** Failures that give the same answer on every attempt. */
const PERMANENT = new Set(['too-many-redirects', 'bad-redirect', 'tls']);
/**
 * Runs `send` until it gives a non-retryable answer or the retries are used up. Returns the last
 * response or failure and every attempt.
 */
async function requestWithRetries(send, options) {
    const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const attempts = [];
    for (let attempt = 1;; attempt++) {
        let response;
        let failure;
        try {
            response = await send();
            attempts.push({ attempt, status: response.status, latencyMs: response.latencyMs });
        }
        catch (e) {
            if (!(e instanceof HttpFailure))
                throw e;
            failure = e;
            attempts.push({ attempt, latencyMs: e.latencyMs, error: e.message, errorKind: e.kind });
        }
        const retryable = failure ? !PERMANENT.has(failure.kind) : isRetryableStatus(response?.status ?? 0);
        if (!retryable || attempt > options.retries)
            return { response, failure, attempts };
        const hinted = response ? retryAfterMs(response.headers['retry-after']) : undefined;
        const delay = Math.min(hinted ?? jitteredDelay(options.baseDelayMs, attempt), options.maxDelayMs ?? 30_000);
        await sleep(delay);
    }
}

// EXTERNAL MODULE: ./packages/kit/src/redact.ts
var redact = __webpack_require__(20727);
;// CONCATENATED MODULE: ./packages/kit/src/github.ts
/**
 * Octokit with retry and throttling, honouring GITHUB_API_URL (GHES and the tests' loopback API),
 * proxies (through the kit's http client) and Retry-After in full. Sticky comments and other
 * records the kit writes (a hidden marker, an optional state line) are recognised only when the
 * account the token acts as wrote them, and quoted text can never carry a marker.
 * Imported by path (`@shipkit/kit/github`) so actions that do not talk to GitHub never load it.
 */









const ShipkitOctokit = dist_src/* Octokit */.E.plugin(dist_bundle/* paginateRest */.ud, plugin_rest_endpoint_methods_dist_src/* restEndpointMethods */._, plugin_retry_dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
/**
 * The longest wait a client accepts. GitHub's Retry-After (or rate-limit reset) is honoured in
 * full up to this; a longer one is not cut short, the request fails instead.
 */
const MAX_RATE_LIMIT_WAIT_S = 300;
/** GitHub's advice for a rate limit answered without Retry-After: wait at least a minute. */
const DEFAULT_RETRY_AFTER_S = 60;
/** The rate limits the throttling plugin itself waits out (secondary limits, an exhausted quota). */
const throttlingHandles = (e) => /\bsecondary rate\b/i.test(e.message ?? '') || e.response?.headers?.['x-ratelimit-remaining'] === '0';
/** Waits out a 429 the throttling plugin does not handle, as long as its Retry-After asks. */
function honourRetryAfter(octokit, retries) {
    octokit.hook.wrap('request', async (request, opts) => {
        for (let attempt = 0;; attempt++) {
            try {
                return await request(opts);
            }
            catch (e) {
                const err = e;
                if (err.status !== 429 || throttlingHandles(err) || attempt >= retries)
                    throw e;
                const header = err.response?.headers?.['retry-after'];
                const waitMs = retryAfterMs(header, Number.POSITIVE_INFINITY) ?? DEFAULT_RETRY_AFTER_S * 1000;
                if (waitMs > MAX_RATE_LIMIT_WAIT_S * 1000)
                    throw e;
                (0,commands/* warning */.$e)(`GitHub answered 429 (too many requests) for ${opts.method} ${opts.url}; retrying in ${Math.ceil(waitMs / 1000)} s as it asks`);
                await new Promise((resolve) => setTimeout(resolve, waitMs));
            }
        }
    });
}
/** Octokit for one read-only GraphQL query (the identity): retries, but not the write spacing. */
const QueryOctokit = dist_src/* Octokit */.E.plugin(plugin_retry_dist_bundle/* retry */.L);
/** Per client, how to ask GraphQL a read-only query outside the throttling plugin's write queue. */
const readQueries = new WeakMap();
function githubClient(options, env = process.env) {
    if (!options.token)
        throw new errors/* ConfigurationError */.j1('a GitHub token is required: pass `github-token` (the default `${{ github.token }}` works in workflows)', 'github-token');
    const retries = options.retries ?? 3;
    const common = {
        auth: options.token,
        baseUrl: (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
        userAgent: USER_AGENT,
        // The kit's client: HTTPS_PROXY/NO_PROXY, its redirect rules, and no undici at start-up.
        request: { fetch: fetchOverHttp() },
        // Not `request.retries`: set there, the retry plugin retries every failure, a 404 or 422 and
        // secondary rate limits included (which it would hammer instead of waiting them out). 429 is
        // left to the throttling plugin and to `honourRetryAfter`, which wait as long as asked.
        retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        log: { debug: () => { }, info: () => { }, warn: (m) => (0,commands/* debug */.Yz)(m), error: (m) => (0,commands/* debug */.Yz)(m) },
    };
    const client = new ShipkitOctokit({
        ...common,
        throttle: {
            onRateLimit: (retryAfter, opts, _o, retryCount) => {
                if (retryAfter > MAX_RATE_LIMIT_WAIT_S) {
                    (0,commands/* warning */.$e)(`GitHub rate limit hit for ${opts.method} ${opts.url}; it resets in ${retryAfter} s, too long to wait`);
                    return false;
                }
                (0,commands/* warning */.$e)(`GitHub rate limit hit for ${opts.method} ${opts.url}; retrying in ${retryAfter} s`);
                return retryCount < retries;
            },
            onSecondaryRateLimit: (retryAfter, opts, _o, retryCount) => {
                if (retryAfter > MAX_RATE_LIMIT_WAIT_S)
                    return false;
                (0,commands/* debug */.Yz)(`GitHub secondary rate limit for ${opts.method} ${opts.url}; retry in ${retryAfter} s`);
                return retryCount < retries;
            },
        },
    });
    honourRetryAfter(client, retries);
    // The throttling plugin spaces every GraphQL request like a write (it cannot tell a query from a
    // mutation): a read-only query through it would hold the first real write back by a second.
    let reader;
    readQueries.set(client, (query, variables) => {
        if (!reader) {
            reader = new QueryOctokit(common);
            honourRetryAfter(reader, retries);
        }
        return reader.graphql(query, variables);
    });
    return client;
}
/**
 * A read-only GraphQL query (no mutation) outside the throttling plugin's write spacing, with the
 * same retries, Retry-After handling and proxies: ten pages of a search take ten round trips, not
 * ten seconds.
 */
function graphqlRead(client, query, variables = {}) {
    const ask = readQueries.get(client) ?? ((q, v) => client.graphql(q, v));
    return ask(query, variables);
}
const identities = new WeakMap();
/**
 * The login of the account the token acts as: a user for a PAT, `<app>[bot]` for an installation
 * token (`github-actions[bot]` for GITHUB_TOKEN). GraphQL's `viewer` answers for every kind of
 * token; REST `GET /user` answers only for user tokens (installation tokens get 403 "Resource not
 * accessible by integration"), so it is the fallback. Asked once per client.
 */
function tokenIdentity(client) {
    let found = identities.get(client);
    if (!found) {
        found = (async () => {
            let graphqlError;
            try {
                const ask = readQueries.get(client) ?? ((query) => client.graphql(query));
                const res = (await ask('query { viewer { login } }'));
                if (res.viewer?.login)
                    return res.viewer.login;
            }
            catch (e) {
                graphqlError = e;
            }
            try {
                const res = await client.request('GET /user');
                if (res.data.login)
                    return res.data.login;
            }
            catch {
                // The GraphQL error says more.
            }
            throw new Error(`could not learn which account the token acts as (${graphqlError ? errorMessage(graphqlError) : 'GraphQL `viewer` had no login'}), so earlier comments cannot be told from strangers' and none was written`);
        })();
        identities.set(client, found);
    }
    return found;
}
/** Whether a comment's or issue's author is the token's own account (logins compare without case). */
const writtenBy = (identity, user) => typeof user?.login === 'string' && user.login.toLowerCase() === identity.toLowerCase();
/**
 * Makes quoted text (logs, test messages, anything not ours) unable to carry a hidden marker or
 * state line: `<!--` opens an HTML comment, so it is written as `&lt;!--`.
 */
const escapeMarkers = (text) => text.replace(/<!--/g, '&lt;!--');
const markerLine = (marker) => `<!-- ${marker} -->`;
const stateLine = (marker, state) => 
// `<` and `>` are escaped inside the JSON, so no value can close the comment early.
`<!-- ${marker}:state ${JSON.stringify(state).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')} -->`;
/**
 * The body the kit writes: the marker line, the text with markers escaped, and (optionally) a
 * state line at the very end. The one place these lines are built.
 */
function markedBody(marker, body, state) {
    const parts = [markerLine(marker), escapeMarkers(body).replace(/\n+$/, '')];
    if (state !== undefined)
        parts.push(stateLine(marker, state));
    return `${parts.join('\n')}\n`;
}
/** Whether a body was written by `markedBody` with this marker. */
const hasMarker = (body, marker) => typeof body === 'string' && (body.startsWith(`${markerLine(marker)}\n`) || body === markerLine(marker));
/** The state of a body written by `markedBody`: only its last line counts. */
function readMarkedState(body, marker) {
    if (!hasMarker(body, marker))
        return undefined;
    const m = new RegExp(`\\n<!-- ${escapeRegExp(marker)}:state (\\{[^\\n]*\\}) -->\\s*$`).exec(body);
    if (!m)
        return undefined;
    try {
        return JSON.parse(m[1]);
    }
    catch {
        return undefined;
    }
}
/**
 * The sticky comment with `marker` on an issue or PR, written by the token's own account; a
 * stranger's comment carrying the same marker is ignored. Lists the comments once.
 */
async function findStickyComment(client, target, marker) {
    const identity = await tokenIdentity(client);
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100,
    })) {
        const found = page.data.find((c) => writtenBy(identity, c.user) && hasMarker(c.body, marker));
        if (found) {
            const body = found.body ?? '';
            return { id: Number(found.id), body, url: found.html_url, state: readMarkedState(body, marker) };
        }
    }
    return undefined;
}
/**
 * Writes the sticky comment: updates `existing` (from `findStickyComment`) or creates it. The body
 * is quoted text (markers escaped); `state` becomes the hidden state line.
 */
async function writeStickyComment(client, target, marker, body, existing, { state } = {}) {
    const full = markedBody(marker, body, state);
    if (existing) {
        try {
            const res = await client.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body: full });
            return { id: Number(res.data.id), url: res.data.html_url, created: false };
        }
        catch (e) {
            // Deleted since it was found: write a new one.
            if (e.status !== 404)
                throw e;
        }
    }
    const res = await client.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body: full,
    });
    return { id: Number(res.data.id), url: res.data.html_url, created: true };
}
/**
 * The open PR whose head is the run's branch (and commit), also when the branch lives in a fork:
 * GitHub leaves `workflow_run.pull_requests` empty for PRs from forks. With `exactCommit`, only a
 * PR whose head is the run's very commit counts (what was built is what gets deployed); without
 * it, the branch's PR is taken when none matches the commit (a later push moved it on).
 */
async function pullRequestOfRun(client, target, run, { exactCommit = false } = {}) {
    if (!run.head_branch)
        return undefined;
    const owner = run.head_repository?.owner?.login ?? target.owner;
    const res = await client.rest.pulls.list({
        owner: target.owner,
        repo: target.repo,
        state: 'open',
        head: `${owner}:${run.head_branch}`,
        per_page: 10,
    });
    const match = res.data.find((p) => !run.head_sha || p.head.sha === run.head_sha) ?? (exactCommit ? undefined : res.data[0]);
    return match?.number;
}
/**
 * The issue carrying `label` that the token's own account opened with a body `markedBody(marker, …,
 * state)` wrote, whose state `match` accepts (e.g. the same fingerprint). Issues of any state are
 * listed once, pull requests skipped; anyone can open an issue with the label and a copy of the
 * marker and state line, and nobody else's counts.
 */
async function findOwnIssue(client, target, { label, marker, match }) {
    const identity = await tokenIdentity(client);
    for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, {
        owner: target.owner,
        repo: target.repo,
        labels: label,
        state: 'all',
        per_page: 100,
    })) {
        for (const issue of page.data) {
            if (issue.pull_request || !writtenBy(identity, issue.user))
                continue;
            const state = match(readMarkedState(issue.body, marker));
            if (state !== undefined)
                return { number: issue.number, url: issue.html_url, open: issue.state === 'open', state };
        }
    }
    return undefined;
}


/***/ })

};
