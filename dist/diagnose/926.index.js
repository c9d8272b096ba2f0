export const id = 926;
export const ids = [926];
export const modules = {

/***/ 8926:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ESCALATION_LABEL: () => (/* binding */ ESCALATION_LABEL),
  ISSUE_LABEL: () => (/* binding */ ISSUE_LABEL),
  MARKER: () => (/* binding */ MARKER),
  earlierRuns: () => (/* binding */ earlierRuns),
  githubClient: () => (/* reexport */ githubClient),
  publishComment: () => (/* binding */ publishComment),
  publishIssue: () => (/* binding */ publishIssue),
  pullRequestOfRun: () => (/* binding */ pullRequestOfRun),
  readState: () => (/* binding */ readState),
  tryPublish: () => (/* binding */ tryPublish)
});

// EXTERNAL MODULE: ./packages/kit/src/index.ts + 8 modules
var src = __webpack_require__(547);
// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 12 modules
var dist_src = __webpack_require__(4730);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-paginate-rest/dist-bundle/index.js
var dist_bundle = __webpack_require__(3779);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-rest-endpoint-methods/dist-src/index.js + 3 modules
var plugin_rest_endpoint_methods_dist_src = __webpack_require__(9210);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var plugin_retry_dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: ./packages/kit/src/commands.ts
var commands = __webpack_require__(8448);
// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(7817);
// EXTERNAL MODULE: ./packages/kit/src/http.ts
var http = __webpack_require__(6506);
;// CONCATENATED MODULE: ./packages/kit/src/github.ts
/**
 * Octokit with retry and throttling, honouring GITHUB_API_URL (GHES and the tests' loopback API).
 * Imported by path (`@shipkit/kit/github`) so actions that do not talk to GitHub never load it.
 */








const ShipkitOctokit = dist_src/* Octokit */.E.plugin(dist_bundle/* paginateRest */.ud, plugin_rest_endpoint_methods_dist_src/* restEndpointMethods */._, plugin_retry_dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
function githubClient(options, env = process.env) {
    if (!options.token)
        throw new errors/* ConfigurationError */.j1('a GitHub token is required: pass `github-token` (the default `${{ github.token }}` works in workflows)', 'github-token');
    const retries = options.retries ?? 3;
    const retryAfterBaseValue = options.retryAfterBaseValue ?? 1000;
    return new ShipkitOctokit({
        auth: options.token,
        baseUrl: (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
        userAgent: http/* USER_AGENT */._O,
        // Not `request.retries`: set there, the retry plugin retries every failure, a 404 or 422 and
        // secondary rate limits included (which it would hammer instead of waiting them out).
        retry: { retries, retryAfterBaseValue },
        throttle: {
            retryAfterBaseValue,
            onRateLimit: (retryAfter, opts, _o, retryCount) => {
                (0,commands/* warning */.$e)(`GitHub rate limit hit for ${opts.method} ${opts.url}; retrying in ${retryAfter} s`);
                return retryCount < retries;
            },
            onSecondaryRateLimit: (retryAfter, opts, _o, retryCount) => {
                (0,commands/* debug */.Yz)(`GitHub secondary rate limit for ${opts.method} ${opts.url}; retry in ${retryAfter} s`);
                return retryCount < retries;
            },
        },
        log: { debug: () => { }, info: () => { }, warn: (m) => (0,commands/* debug */.Yz)(m), error: (m) => (0,commands/* debug */.Yz)(m) },
    });
}
/** Finds the comment carrying `marker` on an issue/PR and updates it, or creates one. */
async function upsertStickyComment(client, target, marker, body) {
    const hidden = `<!-- ${marker} -->`;
    const full = body.includes(hidden) ? body : `${hidden}\n${body}`;
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100,
    })) {
        const found = page.data.find((c) => c.body?.includes(hidden));
        if (found) {
            const res = await client.rest.issues.updateComment({
                owner: target.owner,
                repo: target.repo,
                comment_id: Number(found.id),
                body: full,
            });
            return { url: res.data.html_url, id: Number(res.data.id), created: false, previousBody: found.body ?? undefined };
        }
    }
    const res = await client.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body: full,
    });
    return { url: res.data.html_url, id: Number(res.data.id), created: true };
}

// EXTERNAL MODULE: ./actions/diagnose/src/diagnosis.ts + 1 modules
var diagnosis = __webpack_require__(7589);
// EXTERNAL MODULE: ./actions/diagnose/src/render.ts
var render = __webpack_require__(7956);
;// CONCATENATED MODULE: ./actions/diagnose/src/publish.ts
/**
 * Where a diagnosis goes besides the job summary: one sticky PR comment (updated in place), or one
 * issue per failure fingerprint (opened, or updated and reopened when the failure comes back).
 * Both carry a hidden state line with the runs that were diagnosed, which is how repeated
 * diagnoses of the same failure are counted and escalated.
 */


// The one module that loads Octokit: main imports it lazily, only when the action talks to GitHub.



const MARKER = 'shipkit-diagnose';
const ISSUE_LABEL = 'shipkit-diagnose';
const ESCALATION_LABEL = 'needs-human';
const STATE = /<!-- shipkit-diagnose:state (\{.*?\}) -->/;
function readState(body) {
    const m = body ? STATE.exec(body) : null;
    if (!m)
        return undefined;
    try {
        const s = JSON.parse(m[1]);
        return typeof s.fingerprint === 'string' && Array.isArray(s.runs) ? s : undefined;
    }
    catch {
        return undefined;
    }
}
/** Earlier diagnoses of the same failure: distinct runs, the current one not counted twice. */
function earlierRuns(state, fingerprint, runKey) {
    if (!state || state.fingerprint !== fingerprint)
        return [];
    return state.runs.filter((r) => r !== runKey);
}
const stateLine = (fingerprint, runs) => `<!-- shipkit-diagnose:state ${JSON.stringify({ fingerprint, runs: runs.slice(-50) })} -->`;
async function ensureLabel(client, t, name, color, description) {
    try {
        await client.rest.issues.createLabel({ owner: t.owner, repo: t.repo, name, color, description });
    }
    catch (e) {
        if (e.status !== 422)
            throw e;
    }
}
async function publishComment(client, t, d, options) {
    let previous;
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
        owner: t.owner,
        repo: t.repo,
        issue_number: t.prNumber,
        per_page: 100,
    })) {
        const found = page.data.find((c) => c.body?.includes(`<!-- ${MARKER} -->`));
        if (found) {
            previous = found.body ?? undefined;
            break;
        }
    }
    const runs = earlierRuns(readState(previous), d.fingerprint, options.runKey);
    (0,diagnosis/* applyCycles */.mw)(d, runs.length, options.maxCycles);
    const body = src/* redactor */.$p.redact(`${(0,render/* renderMarkdown */.G)(d)}\n${stateLine(d.fingerprint, [...runs, options.runKey])}\n`);
    const res = await upsertStickyComment(client, { owner: t.owner, repo: t.repo, issueNumber: t.prNumber }, MARKER, body);
    if (d.escalated) {
        await ensureLabel(client, t, ESCALATION_LABEL, 'b60205', 'A person has to look at this');
        await client.rest.issues.addLabels({ owner: t.owner, repo: t.repo, issue_number: t.prNumber, labels: [ESCALATION_LABEL] });
    }
    return res.url;
}
const issueTitle = (d) => {
    const subject = d.failedTests[0]?.id ??
        d.flakyTests[0]?.id ??
        d.evidence.find((e) => e.category === d.category)?.message ??
        'failure without a known pattern';
    const short = subject.length > 90 ? `${subject.slice(0, 90)}…` : subject;
    return src/* redactor */.$p.redact(`[diagnose] ${d.category}: ${short}`);
};
async function publishIssue(client, t, d, options) {
    // GitHub creates labels that do not exist yet when an issue names them; no extra write needed.
    const needle = `"fingerprint":"${d.fingerprint}"`;
    let existing;
    for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, {
        owner: t.owner,
        repo: t.repo,
        labels: ISSUE_LABEL,
        state: 'all',
        per_page: 100,
    })) {
        existing = page.data.find((i) => !i.pull_request && i.body?.includes(needle));
        if (existing)
            break;
    }
    const runs = earlierRuns(readState(existing?.body), d.fingerprint, options.runKey);
    if (!options.escalatedElsewhere)
        (0,diagnosis/* applyCycles */.mw)(d, runs.length, options.maxCycles);
    const body = src/* redactor */.$p.redact(`${(0,render/* renderMarkdown */.G)(d)}\n${stateLine(d.fingerprint, [...runs, options.runKey])}\n`);
    const labels = [ISSUE_LABEL, ...(d.escalated ? [ESCALATION_LABEL] : [])];
    if (d.escalated)
        await ensureLabel(client, t, ESCALATION_LABEL, 'b60205', 'A person has to look at this');
    if (!existing) {
        const res = await client.rest.issues.create({ owner: t.owner, repo: t.repo, title: issueTitle(d), body, labels });
        return res.data.html_url;
    }
    const res = await client.rest.issues.update({ owner: t.owner, repo: t.repo, issue_number: existing.number, body, state: 'open' });
    if (d.escalated)
        await client.rest.issues.addLabels({ owner: t.owner, repo: t.repo, issue_number: existing.number, labels: [ESCALATION_LABEL] });
    {
        const again = `Diagnosed again${options.runUrl ? ` in ${options.runUrl}` : ''} (${runs.length} earlier diagnos${runs.length === 1 ? 'is' : 'es'} of this failure)${d.escalated ? '; escalated: needs a person.' : '.'}`;
        await client.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: existing.number, body: src/* redactor */.$p.redact(again) });
    }
    return res.data.html_url;
}
/** The open PR whose head is the run's branch (and commit), also when the branch lives in a fork. */
async function pullRequestOfRun(client, t, run) {
    if (!run.head_branch)
        return undefined;
    const owner = run.head_repository?.owner?.login ?? t.owner;
    const res = await client.rest.pulls.list({
        owner: t.owner,
        repo: t.repo,
        state: 'open',
        head: `${owner}:${run.head_branch}`,
        per_page: 10,
    });
    const match = res.data.find((p) => !run.head_sha || p.head.sha === run.head_sha) ?? res.data[0];
    return match?.number;
}
/** Publishing failures (a read-only token on a fork PR, an API outage) do not undo the diagnosis. */
async function tryPublish(what, fn) {
    try {
        return await fn();
    }
    catch (e) {
        (0,src/* warning */.$e)(`could not ${what}: ${(0,src/* errorMessage */.gJ)(e)}; the diagnosis is in the job summary and the JSON report`);
        return undefined;
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
