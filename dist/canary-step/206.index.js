export const id = 206;
export const ids = [206,713];
export const modules = {

/***/ 1206:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubLedger: () => (/* binding */ GitHubLedger)
/* harmony export */ });
/* harmony import */ var _shipkit_kit_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8713);
/* harmony import */ var _ledger__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6328);
/**
 * The ledger on GitHub Deployments. Creates with `auto_merge: false` (never merge the default
 * branch in), `required_contexts: []` (never wait on every check) and explicit transient and
 * production flags; our provider id and URL go in `payload`. Reads only records the token's own
 * account wrote that carry our payload, so a stranger's deployment cannot be picked as last good.
 */


/** Status requests in flight ahead of a reader of `list`. */
const LOOKAHEAD = 6;
const isOurPayload = (payload) => typeof payload === 'object' && payload !== null && payload.shipkit === 1;
class GitHubLedger {
    o;
    constructor(o) {
        this.o = o;
    }
    ours(d) {
        return isOurPayload(d.payload) && (0,_shipkit_kit_github__WEBPACK_IMPORTED_MODULE_0__/* .writtenBy */ .xO)(this.o.identity, d.creator);
    }
    async statuses(id) {
        const { client, owner, repo } = this.o;
        // Newest first, as GitHub lists them.
        return (await client.paginate(client.rest.repos.listDeploymentStatuses, {
            owner,
            repo,
            deployment_id: id,
            per_page: 100,
        }));
    }
    async toRecord(d) {
        return {
            id: String(d.id),
            environment: d.environment,
            ref: d.ref,
            sha: d.sha,
            transient: Boolean(d.transient_environment),
            production: Boolean(d.production_environment),
            payload: d.payload,
            createdAt: d.created_at,
            statuses: (await this.statuses(d.id)).map((s) => ({
                state: s.state,
                description: s.description ?? undefined,
                environmentUrl: s.environment_url || undefined,
                logUrl: s.log_url || undefined,
                createdAt: s.created_at,
            })),
        };
    }
    async create(record) {
        const { client, owner, repo } = this.o;
        const res = await client.rest.repos.createDeployment({
            owner,
            repo,
            ref: record.sha || record.ref,
            environment: record.environment,
            auto_merge: false,
            required_contexts: [],
            transient_environment: record.transient,
            production_environment: record.production,
            payload: record.payload,
            description: (0,_ledger__WEBPACK_IMPORTED_MODULE_1__/* .shortDescription */ .r3)(record.description),
        });
        // 202 means GitHub merged the default branch instead of creating: with auto_merge false it cannot.
        if (res.status !== 201 || !('id' in res.data))
            throw new Error(`GitHub did not create the deployment (${res.status})`);
        return this.toRecord(res.data);
    }
    async setStatus(id, update) {
        const { client, owner, repo } = this.o;
        await client.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: Number(id),
            state: update.state,
            description: (0,_ledger__WEBPACK_IMPORTED_MODULE_1__/* .shortDescription */ .r3)(update.description),
            environment_url: update.environmentUrl,
            log_url: update.logUrl,
            // A success marks earlier non-production deployments of the environment inactive (GitHub's rule),
            // unless the caller says otherwise (a restore).
            auto_inactive: update.state === 'success' ? (update.autoInactive ?? true) : undefined,
        });
    }
    async get(id) {
        const { client, owner, repo } = this.o;
        try {
            const res = await client.rest.repos.getDeployment({ owner, repo, deployment_id: Number(id) });
            const d = res.data;
            return this.ours(d) ? this.toRecord(d) : undefined;
        }
        catch (e) {
            if (e.status === 404)
                return undefined;
            throw e;
        }
    }
    /**
     * Newest first. Each record needs its statuses (one request each): up to `LOOKAHEAD` of them are
     * asked at once ahead of the reader, so a scan down to page 3 is not one round trip per record,
     * and a reader that stops early leaves at most that many unread.
     */
    async *list(environment) {
        const { client, owner, repo } = this.o;
        for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, { owner, repo, environment, per_page: 100 })) {
            const ours = page.data.filter((d) => this.ours(d));
            const pending = [];
            let next = 0;
            const refill = () => {
                while (next < ours.length && pending.length < LOOKAHEAD) {
                    const record = this.toRecord(ours[next++]);
                    // A reader that stops early never awaits the rest: their failures must not go unhandled.
                    record.catch(() => undefined);
                    pending.push(record);
                }
            };
            refill();
            while (pending.length > 0) {
                const record = await pending.shift();
                refill();
                yield record;
            }
        }
    }
    async environments(prefix) {
        const { client, owner, repo } = this.o;
        const names = new Set();
        for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, { owner, repo, per_page: 100 }))
            for (const d of page.data)
                if (this.ours(d) && d.environment.startsWith(prefix))
                    names.add(d.environment);
        return [...names];
    }
}


/***/ }),

/***/ 8713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubClient: () => (/* binding */ githubClient),
/* harmony export */   tokenIdentity: () => (/* binding */ tokenIdentity),
/* harmony export */   xO: () => (/* binding */ writtenBy)
/* harmony export */ });
/* unused harmony exports MAX_RATE_LIMIT_WAIT_S, graphqlRead, escapeMarkers, markedBody, hasMarker, readMarkedState, findStickyComment, writeStickyComment, pullRequestOfRun, findOwnIssue */
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4730);
/* harmony import */ var _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3779);
/* harmony import */ var _octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9210);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6856);
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8448);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7817);
/* harmony import */ var _http__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8896);
/* harmony import */ var _redact__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(727);
/**
 * Octokit with retry and throttling, honouring GITHUB_API_URL (GHES and the tests' loopback API),
 * proxies (through the kit's http client) and Retry-After in full. Sticky comments and other
 * records the kit writes (a hidden marker, an optional state line) are recognised only when the
 * account the token acts as wrote them, and quoted text can never carry a marker.
 * Imported by path (`@shipkit/kit/github`) so actions that do not talk to GitHub never load it.
 */









const ShipkitOctokit = _octokit_core__WEBPACK_IMPORTED_MODULE_4__/* .Octokit */ .E.plugin(_octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_5__/* .paginateRest */ .ud, _octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_6__/* .restEndpointMethods */ ._, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_7__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_8__/* .throttling */ .A);
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
                const waitMs = (0,_http__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterMs */ .Vs)(header, Number.POSITIVE_INFINITY) ?? DEFAULT_RETRY_AFTER_S * 1000;
                if (waitMs > MAX_RATE_LIMIT_WAIT_S * 1000)
                    throw e;
                (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e)(`GitHub answered 429 (too many requests) for ${opts.method} ${opts.url}; retrying in ${Math.ceil(waitMs / 1000)} s as it asks`);
                await new Promise((resolve) => setTimeout(resolve, waitMs));
            }
        }
    });
}
/** Octokit for one read-only GraphQL query (the identity): retries, but not the write spacing. */
const QueryOctokit = _octokit_core__WEBPACK_IMPORTED_MODULE_4__/* .Octokit */ .E.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_7__/* .retry */ .L);
/** Per client, how to ask GraphQL a read-only query outside the throttling plugin's write queue. */
const readQueries = new WeakMap();
function githubClient(options, env = process.env) {
    if (!options.token)
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1('a GitHub token is required: pass `github-token` (the default `${{ github.token }}` works in workflows)', 'github-token');
    const retries = options.retries ?? 3;
    const common = {
        auth: options.token,
        baseUrl: (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
        userAgent: _http__WEBPACK_IMPORTED_MODULE_2__/* .USER_AGENT */ ._O,
        // The kit's client: HTTPS_PROXY/NO_PROXY, its redirect rules, and no undici at start-up.
        request: { fetch: (0,_http__WEBPACK_IMPORTED_MODULE_2__/* .fetchOverHttp */ .T5)() },
        // Not `request.retries`: set there, the retry plugin retries every failure, a 404 or 422 and
        // secondary rate limits included (which it would hammer instead of waiting them out). 429 is
        // left to the throttling plugin and to `honourRetryAfter`, which wait as long as asked.
        retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        log: { debug: () => { }, info: () => { }, warn: (m) => (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz)(m), error: (m) => (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz)(m) },
    };
    const client = new ShipkitOctokit({
        ...common,
        throttle: {
            onRateLimit: (retryAfter, opts, _o, retryCount) => {
                if (retryAfter > MAX_RATE_LIMIT_WAIT_S) {
                    (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e)(`GitHub rate limit hit for ${opts.method} ${opts.url}; it resets in ${retryAfter} s, too long to wait`);
                    return false;
                }
                (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e)(`GitHub rate limit hit for ${opts.method} ${opts.url}; retrying in ${retryAfter} s`);
                return retryCount < retries;
            },
            onSecondaryRateLimit: (retryAfter, opts, _o, retryCount) => {
                if (retryAfter > MAX_RATE_LIMIT_WAIT_S)
                    return false;
                (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz)(`GitHub secondary rate limit for ${opts.method} ${opts.url}; retry in ${retryAfter} s`);
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
            throw new Error(`could not learn which account the token acts as (${graphqlError ? (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(graphqlError) : 'GraphQL `viewer` had no login'}), so earlier comments cannot be told from strangers' and none was written`);
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
