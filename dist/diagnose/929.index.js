export const id = 929;
export const ids = [929];
export const modules = {

/***/ 9929:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   explain: () => (/* binding */ explain)
/* harmony export */ });
/* unused harmony exports PROMPT_LIMIT, buildPrompt */
/* harmony import */ var _shipkit_kit__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(547);
/* harmony import */ var _shipkit_kit_http__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6506);
/**
 * The optional explanation from an OpenAI-compatible API. It only explains: it gets the reduced,
 * redacted evidence (the failing lines and their context, never whole logs), within a time limit;
 * its answer goes into the summary and never changes the category; its failure never fails the run.
 */


/** What the model sees, capped so a huge failure cannot turn into a huge prompt. */
const PROMPT_LIMIT = 12_000;
function buildPrompt(d) {
    const parts = [
        `Category (decided by rules, do not change it): ${d.category}, tier ${d.tier}.`,
        `Deterministic summary: ${d.summary}`,
    ];
    for (const t of d.failedTests.slice(0, 8))
        parts.push(`Failing test ${t.id}${t.file ? ` (${t.file}${t.line ? `:${t.line}` : ''})` : ''}: ${t.message}\n${t.stack ?? ''}`);
    for (const t of d.flakyTests.slice(0, 5))
        parts.push(`Flaky test ${t.id}: ${t.message}`);
    for (const e of d.evidence.filter((x) => x.rule !== 'junit').slice(0, 15))
        parts.push(`[${e.category}/${e.tool}] ${e.source}${e.logLine ? ` line ${e.logLine}` : ''}:\n${e.context.join('\n')}`);
    let text = parts.join('\n\n');
    if (text.length > PROMPT_LIMIT)
        text = `${text.slice(0, PROMPT_LIMIT)}\n…(cut)`;
    return _shipkit_kit__WEBPACK_IMPORTED_MODULE_0__/* .redactor */ .$p.redact(text);
}
async function explain(d, options) {
    const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
    const body = {
        model: options.model,
        temperature: 0,
        max_tokens: 400,
        messages: [
            {
                role: 'system',
                content: 'You explain CI failures to developers. Given the evidence of a failed job, say in at most four sentences what most likely went wrong and what to change. The category is decided already; do not argue about it. Never repeat secrets.',
            },
            { role: 'user', content: buildPrompt(d) },
        ],
    };
    try {
        const res = await (0,_shipkit_kit_http__WEBPACK_IMPORTED_MODULE_1__/* .httpRequest */ .aj)({
            url: endpoint,
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
            // The prompt was redacted when it was built; the rest of the body is fixed text and the model name.
            body: JSON.stringify(body),
            timeoutMs: options.timeoutMs,
            maxBodyBytes: 1024 * 1024,
            // The evidence goes to the endpoint the user named, never on to wherever it redirects.
            followRedirects: 'same-origin',
        });
        if (res.unfollowedRedirect)
            return {
                ok: false,
                error: `HTTP ${res.status} from ${new URL(endpoint).host}: it redirects to ${new URL(res.unfollowedRedirect.location).host}, and the evidence is not sent to another host (set \`llm-url\` to the final endpoint)`,
            };
        if (res.status < 200 || res.status >= 300)
            return { ok: false, error: `HTTP ${res.status} from ${new URL(endpoint).host}` };
        const parsed = JSON.parse(res.body);
        const content = parsed.choices?.[0]?.message?.content?.trim();
        if (!content)
            return { ok: false, error: 'the answer had no choices[0].message.content' };
        return { ok: true, text: _shipkit_kit__WEBPACK_IMPORTED_MODULE_0__/* .redactor */ .$p.redact(content.length > 2000 ? `${content.slice(0, 2000)}…` : content) };
    }
    catch (e) {
        return { ok: false, error: (0,_shipkit_kit__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e) };
    }
}


/***/ }),

/***/ 6506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T5: () => (/* binding */ fetchOverHttp),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   _O: () => (/* binding */ USER_AGENT),
/* harmony export */   aj: () => (/* binding */ httpRequest)
/* harmony export */ });
/* unused harmony exports HttpFailure, invalidHeader, proxyFor, jitteredDelay, isRetryableStatus, requestWithRetries */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(643);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_http_client_lib_proxy__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9783);
/* harmony import */ var _version__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8196);
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
const USER_AGENT = `shipkit/${_version__WEBPACK_IMPORTED_MODULE_3__/* .SHIPKIT_VERSION */ .K}`;
/**
 * Why a header cannot be sent as given, or undefined when it can. A CR or LF would end the header
 * and start another (header injection), so callers reject such input before any request is sent.
 */
function invalidHeader(name, value) {
    try {
        (0,node_http__WEBPACK_IMPORTED_MODULE_0__.validateHeaderName)(name);
    }
    catch {
        return `\`${name}\` is not a valid HTTP header name`;
    }
    if (/[\r\n]/.test(value))
        return `the value of \`${name}\` contains a line break (CR or LF), which would end the header`;
    try {
        (0,node_http__WEBPACK_IMPORTED_MODULE_0__.validateHeaderValue)(name, value);
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
    if (!raw || (0,_actions_http_client_lib_proxy__WEBPACK_IMPORTED_MODULE_2__/* .checkBypass */ .H)(url))
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
    const https = url.protocol === 'https:' ? await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23)) : undefined;
    const request = (https?.request ?? node_http__WEBPACK_IMPORTED_MODULE_0__.request);
    const proxy = proxyFor(url);
    if (proxy) {
        const key = `${url.protocol}${proxy.href}`;
        let agent = proxyAgents.get(key);
        if (!agent) {
            const options = { keepAlive: true, maxSockets: 64 };
            agent = https
                ? new (await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(669)]).then(__webpack_require__.t.bind(__webpack_require__, 3669, 23))).HttpsProxyAgent(proxy, options)
                : new (await Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(970)]).then(__webpack_require__.t.bind(__webpack_require__, 1970, 23))).HttpProxyAgent(proxy, options);
            proxyAgents.set(key, agent);
        }
        return { agent, request, via: proxy.host };
    }
    if (https) {
        httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 64 });
        return { agent: httpsAgent, request };
    }
    httpAgent ??= new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent({ keepAlive: true, maxSockets: 64 });
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
        throw new HttpFailure(kind, message, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
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
            throw new HttpFailure('bad-redirect', `${url.host} answered ${res.statusCode} with a Location that is not a URL; it was not followed`, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            res.resume();
            throw new HttpFailure('bad-redirect', `${url.host} answered ${res.statusCode} with a redirect to a \`${next.protocol}\` URL; only http and https redirects are followed`, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
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
            throw new HttpFailure('too-many-redirects', `more than ${maxRedirects} redirects from ${req.url}`, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
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
    const started = node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now();
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
        throw new HttpFailure(kind, message, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
    }
    return {
        status: res.statusCode ?? 0,
        headers: flatten(res),
        body: Buffer.concat(chunks).toString('utf8'),
        bodyTruncated: truncated,
        latencyMs: node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started,
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
        }, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now());
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


/***/ }),

/***/ 9783:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ checkBypass)
/* harmony export */ });
/* unused harmony export getProxyUrl */
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map

/***/ })

};
