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
        });
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
/* harmony export */   _O: () => (/* binding */ USER_AGENT),
/* harmony export */   aj: () => (/* binding */ httpRequest)
/* harmony export */ });
/* unused harmony exports HttpFailure, retryAfterMs, jitteredDelay, isRetryableStatus, requestWithRetries */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(643);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _version__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8196);
/**
 * HTTP for probes and API calls: a per-request deadline, manual redirects (so every hop is
 * visible), a body cap, latency measured from the request to the last body byte, and failures
 * classified so callers can tell "no answer" from "a bad answer". `requestWithRetries` adds
 * jittered retries on connection errors, timeouts, 5xx and 429 (honouring Retry-After).
 *
 * Built on node:http/node:https with keep-alive agents rather than undici: measured on this
 * code path, loading undici (even by deep import of its Agent and request API) costs ~35 ms of
 * CPU per cold start, which is most of smoke's start-up budget; node:http is part of the
 * runtime's snapshot. node:https (and with it TLS) loads only for https URLs.
 */



/** The request got no HTTP answer. */
class HttpFailure extends Error {
    kind;
    latencyMs;
    name = 'HttpFailure';
    constructor(kind, message, latencyMs) {
        super(message);
        this.kind = kind;
        this.latencyMs = latencyMs;
    }
}
let httpAgent;
let httpsAgent;
/** Keep-alive agents shared by every request of the process (one per protocol). */
async function agentFor(protocol) {
    if (protocol === 'https:') {
        const https = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23));
        httpsAgent ??= new https.Agent({ keepAlive: true, maxSockets: 64 });
        return { agent: httpsAgent, request: https.request };
    }
    httpAgent ??= new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent({ keepAlive: true, maxSockets: 64 });
    return { agent: httpAgent, request: node_http__WEBPACK_IMPORTED_MODULE_0__.request };
}
/** Sends one request; resolves when the response headers arrive. */
async function send(url, method, headers, body, signal) {
    const { agent, request } = await agentFor(url.protocol);
    const outgoing = { ...headers };
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length'))
        outgoing['content-length'] = Buffer.byteLength(body);
    return new Promise((resolve, reject) => {
        const req = request(url, { method, headers: outgoing, agent, signal }, resolve);
        req.on('error', reject);
        req.end(body);
    });
}
const USER_AGENT = `shipkit/${_version__WEBPACK_IMPORTED_MODULE_2__/* .SHIPKIT_VERSION */ .K}`;
function classify(error, timeoutMs, url, deadlinePassed = false) {
    if (deadlinePassed)
        return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${safeHost(url)}` };
    const e = error;
    const code = e.code ?? e.cause?.code ?? '';
    const host = safeHost(url);
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ABORT_ERR' || code === 'ETIMEDOUT')
        return { kind: 'timeout', message: `timed out after ${timeoutMs} ms waiting for ${host}` };
    if (code === 'ECONNREFUSED')
        return { kind: 'connection-refused', message: `connection refused by ${host}` };
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED')
        return { kind: 'connection-reset', message: `connection to ${host} was reset (${code})` };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return { kind: 'dns', message: `could not resolve ${host} (${code})` };
    if (/CERT|SSL|TLS|UNABLE_TO_VERIFY|SELF_SIGNED/i.test(code))
        return { kind: 'tls', message: `TLS error talking to ${host} (${code})` };
    return { kind: 'network', message: `request to ${host} failed: ${e.cause?.message ?? e.message ?? code}` };
}
function safeHost(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return url;
    }
}
const REDIRECT = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);
function dropHeaders(headers, names) {
    for (const name of Object.keys(headers))
        if (names.has(name.toLowerCase()))
            delete headers[name];
}
async function httpRequest(req) {
    const started = node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now();
    const deadline = AbortSignal.timeout(req.timeoutMs);
    const maxBody = req.maxBodyBytes ?? 10 * 1024 * 1024;
    const redirects = [];
    let url = req.url;
    let method = (req.method ?? 'GET').toUpperCase();
    let body = req.body;
    // The caller's User-Agent (in any case) replaces ours rather than being sent beside it.
    const headers = { ...req.headers };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent'))
        headers['user-agent'] = USER_AGENT;
    for (;;) {
        let res;
        try {
            res = await send(new URL(url), method, headers, body, deadline);
        }
        catch (error) {
            const { kind, message } = classify(error, req.timeoutMs, url, deadline.aborted);
            throw new HttpFailure(kind, message, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
        }
        const location = res.headers.location;
        if (req.followRedirects !== false && REDIRECT.has(res.statusCode ?? 0) && typeof location === 'string') {
            res.resume();
            if (redirects.length >= (req.maxRedirects ?? 10))
                throw new HttpFailure('too-many-redirects', `more than ${req.maxRedirects ?? 10} redirects from ${req.url}`, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
            const next = new URL(location, url);
            // Credentials and auth never follow a redirect to another origin (header names in any case).
            if (next.origin !== new URL(url).origin)
                dropHeaders(headers, CREDENTIAL_HEADERS);
            url = next.toString();
            redirects.push(url);
            if ((res.statusCode === 303 && method !== 'HEAD') || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
                method = 'GET';
                body = undefined;
                // The body is gone, so are the headers that described it.
                dropHeaders(headers, BODY_HEADERS);
            }
            continue;
        }
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
            const { kind, message } = classify(error, req.timeoutMs, url, deadline.aborted);
            throw new HttpFailure(kind, message, node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started);
        }
        const latencyMs = node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started;
        const flatHeaders = {};
        for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined)
                flatHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        return {
            status: res.statusCode ?? 0,
            headers: flatHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
            bodyTruncated: truncated,
            latencyMs,
            url,
            redirects,
        };
    }
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
        // A redirect loop or a bad certificate gives the same answer on every attempt.
        const retryable = failure ? failure.kind !== 'too-many-redirects' && failure.kind !== 'tls' : isRetryableStatus(response?.status ?? 0);
        if (!retryable || attempt > options.retries)
            return { response, failure, attempts };
        const hinted = response ? retryAfterMs(response.headers['retry-after']) : undefined;
        const delay = Math.min(hinted ?? jitteredDelay(options.baseDelayMs, attempt), options.maxDelayMs ?? 30_000);
        await sleep(delay);
    }
}


/***/ })

};
