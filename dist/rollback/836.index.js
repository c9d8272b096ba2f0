export const id = 836;
export const ids = [836];
export const modules = {

/***/ 1169:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OW: () => (/* binding */ ApiClient),
/* harmony export */   T5: () => (/* binding */ idempotencyKey)
/* harmony export */ });
/* unused harmony export parseJson */
/* harmony import */ var _shipkit_kit_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8332);
/* harmony import */ var _provider__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5588);
/**
 * JSON calls to a provider's REST API on the kit's HTTP client: a base URL (so gateways and the
 * tests' emulators stand in), the token only ever sent to that origin, retries with backoff on
 * connection errors, 5xx and 429 honouring Retry-After, and a create that cannot make two
 * deployments: before re-sending a create whose first attempt may have reached the provider, the
 * caller's `findExisting` looks for the deployment that attempt made.
 */


class ApiClient {
    stats = { requests: 0, bytesSent: 0 };
    base;
    sleep;
    options;
    constructor(options) {
        this.options = options;
        this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
        this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    }
    url(path, query = {}) {
        const url = new URL(path.replace(/^\//, ''), this.base);
        for (const [k, v] of Object.entries({ ...this.options.query, ...query }))
            if (v !== undefined)
                url.searchParams.set(k, String(v));
        return url.toString();
    }
    attempt(method, path, call) {
        const headers = { accept: 'application/json', ...this.options.headers, ...call.headers };
        let body;
        if (call.raw !== undefined) {
            body = call.raw;
            headers['content-type'] = call.contentType ?? 'application/octet-stream';
        }
        else if (call.body !== undefined) {
            body = JSON.stringify(call.body);
            headers['content-type'] = 'application/json';
        }
        this.stats.requests++;
        this.stats.bytesSent += body === undefined ? 0 : Buffer.byteLength(body);
        return (0,_shipkit_kit_http__WEBPACK_IMPORTED_MODULE_0__.httpRequest)({
            url: this.url(path, call.query),
            method,
            headers,
            body,
            timeoutMs: this.options.timeoutMs ?? 30_000,
            // An API answer is never followed elsewhere: a redirect would carry the token and the body.
            followRedirects: false,
            maxBodyBytes: 50 * 1024 * 1024,
        });
    }
    fail(method, path, response, failure) {
        if (!response)
            throw new _provider__WEBPACK_IMPORTED_MODULE_1__/* .ProviderApiError */ .yD(`${method} ${path}: ${failure?.message ?? 'no answer'}`, undefined);
        const body = parseJson(response.body);
        const { message, code } = this.options.describeError(response.status, body);
        throw new _provider__WEBPACK_IMPORTED_MODULE_1__/* .ProviderApiError */ .yD(`${method} ${path} answered ${response.status}: ${message}`, response.status, code, body);
    }
    answer(method, path, response, call) {
        if ((response.status < 200 || response.status > 299) && !call.accept?.includes(response.status))
            this.fail(method, path, response, undefined);
        return { status: response.status, data: parseJson(response.body), headers: response.headers };
    }
    /** A call that is safe to repeat (GET, PUT of content, DELETE, idempotent POSTs). */
    async call(method, path, call = {}) {
        const { response, failure } = await (0,_shipkit_kit_http__WEBPACK_IMPORTED_MODULE_0__/* .requestWithRetries */ .ek)(() => this.attempt(method, path, call), {
            retries: this.options.retries ?? 4,
            baseDelayMs: this.options.baseDelayMs ?? 500,
            sleep: this.sleep,
        });
        if (!response)
            this.fail(method, path, undefined, failure);
        return this.answer(method, path, response, call);
    }
    /**
     * A call that creates something. A 429 means it was not processed: wait as told and send again.
     * A 5xx, a reset or a timeout may have created it: ask `findExisting` first, send again only
     * when nothing was made.
     */
    async create(method, path, call, findExisting) {
        const retries = this.options.retries ?? 4;
        for (let attempt = 1;; attempt++) {
            let response;
            let failure;
            try {
                response = await this.attempt(method, path, call);
            }
            catch (e) {
                if (!(e instanceof _shipkit_kit_http__WEBPACK_IMPORTED_MODULE_0__.HttpFailure))
                    throw e;
                failure = e;
            }
            const status = response?.status ?? 0;
            const unsure = failure !== undefined || status >= 500;
            if (!unsure && status !== 429)
                return this.answer(method, path, response, call);
            if (attempt > retries || failure?.kind === 'tls')
                this.fail(method, path, response, failure);
            const hinted = response ? (0,_shipkit_kit_http__WEBPACK_IMPORTED_MODULE_0__/* .retryAfterMs */ .Vs)(response.headers['retry-after']) : undefined;
            await this.sleep(Math.min(hinted ?? (0,_shipkit_kit_http__WEBPACK_IMPORTED_MODULE_0__/* .jitteredDelay */ .$x)(this.options.baseDelayMs ?? 500, attempt), 30_000));
            if (unsure) {
                const existing = await findExisting();
                if (existing !== undefined)
                    return { status: 200, data: existing, headers: {} };
            }
        }
    }
}
function parseJson(text) {
    if (text.trim() === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return text.slice(0, 500);
    }
}
/** A unique key a create carries in its metadata, so a retried create can find what it made. */
function idempotencyKey() {
    return `shipkit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}


/***/ }),

/***/ 1494:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ readManifest),
/* harmony export */   h: () => (/* binding */ eachLimit)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The files of a directory to deploy, each with its size and digests: the manifest a
 * content-addressed upload sends first, so the provider can say which bodies it lacks.
 */



/** Never part of a deployment. */
const SKIP = new Set(['.git', '.DS_Store']);
/** Walks `directory` (symlinks that lead outside it are skipped) and digests every file. */
async function readManifest(directory) {
    const root = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(directory);
    const paths = [];
    const walk = async (dir) => {
        for (const entry of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(dir, { withFileTypes: true })) {
            if (SKIP.has(entry.name))
                continue;
            const full = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, entry.name);
            if (entry.isDirectory())
                await walk(full);
            else if (entry.isFile())
                paths.push(full);
            else if (entry.isSymbolicLink()) {
                const target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(full).catch(() => undefined);
                if (target && (target + node_path__WEBPACK_IMPORTED_MODULE_2__.sep).startsWith(root + node_path__WEBPACK_IMPORTED_MODULE_2__.sep) && (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(target)).isFile())
                    paths.push(full);
            }
        }
    };
    await walk(root);
    paths.sort();
    const files = new Array(paths.length);
    let next = 0;
    const worker = async () => {
        while (next < paths.length) {
            const i = next++;
            const absolute = paths[i];
            const bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(absolute);
            files[i] = {
                path: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, absolute).split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep).join('/'),
                absolute,
                size: bytes.length,
                sha1: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(bytes).digest('hex'),
                sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex'),
            };
        }
    };
    await Promise.all(Array.from({ length: Math.min(16, paths.length) }, worker));
    return files;
}
/** Runs `task` over `items` with at most `limit` in flight. */
async function eachLimit(items, limit, task) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await task(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}


/***/ }),

/***/ 2836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NetlifyProvider: () => (/* binding */ NetlifyProvider)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _api__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1169);
/* harmony import */ var _files__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1494);
/* harmony import */ var _provider__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5588);
/**
 * Netlify through its REST API (the digest deploy `netlify deploy` and @netlify/api use; the CLI
 * itself is hundreds of packages): `POST /sites/{s}/deploys` with `{files: {path: sha1}}`, then
 * `PUT /deploys/{d}/files/{path}` for each digest the answer lists as `required`, then `state`
 * is polled until `ready`. Production is a published deploy; restore publishes an earlier one.
 */




const STATES = { ready: 'ready', error: 'error', rejected: 'error', new: 'queued', enqueued: 'queued' };
class NetlifyProvider {
    name = 'netlify';
    capabilities = {
        traffic: 'none',
        instantRollback: true,
        contentAddressedUpload: true,
        alias: true,
        deleteDeployment: true,
    };
    api;
    sleep;
    site;
    options;
    constructor(options) {
        this.options = options;
        this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
        this.site = encodeURIComponent(options.site);
        this.api = new _api__WEBPACK_IMPORTED_MODULE_1__/* .ApiClient */ .OW({
            baseUrl: options.apiUrl ?? 'https://api.netlify.com/api/v1',
            headers: { authorization: `Bearer ${options.token}` },
            sleep: options.sleep,
            describeError: (_status, body) => {
                const b = body;
                return {
                    message: b?.message ?? (typeof body === 'string' ? body : 'no error message'),
                    code: b?.code === undefined ? undefined : String(b.code),
                };
            },
        });
    }
    toDeployment(d, alias) {
        const url = d.deploy_ssl_url ?? d.deploy_url ?? '';
        const aliasUrls = [];
        // A branch deploy answers at `<branch>--<site host>`, beside the deploy's own `<id>--<site host>`.
        const site = d.ssl_url ? new URL(d.ssl_url) : undefined;
        const branch = alias ?? (d.context === 'branch-deploy' ? d.branch : undefined);
        if (branch && site)
            aliasUrls.push(`${site.protocol}//${branch}--${site.host}`);
        return {
            id: d.id,
            url,
            aliasUrls,
            state: STATES[d.state ?? ''] ?? 'building',
            target: d.context === 'production' ? 'production' : 'preview',
            createdAt: d.created_at,
            errorMessage: d.error_message ?? undefined,
        };
    }
    async deploy(request) {
        const files = await (0,_files__WEBPACK_IMPORTED_MODULE_2__/* .readManifest */ .W)(request.directory);
        const key = (0,_api__WEBPACK_IMPORTED_MODULE_1__/* .idempotencyKey */ .T5)();
        const before = { ...this.api.stats };
        const manifest = {};
        for (const f of files)
            manifest[`/${f.path}`] = f.sha1;
        const { data: created } = await this.api.create('POST', `/sites/${this.site}/deploys`, {
            query: { title: key },
            body: { files: manifest, draft: request.target !== 'production', ...(request.alias ? { branch: request.alias } : {}) },
        }, () => this.findByTitle(key));
        // One body per digest the site lacks, whichever path carries it.
        const byDigest = new Map();
        for (const f of files)
            if (!byDigest.has(f.sha1))
                byDigest.set(f.sha1, f);
        const required = (created.required ?? []).map((sha) => byDigest.get(sha));
        let sent = 0;
        await (0,_files__WEBPACK_IMPORTED_MODULE_2__/* .eachLimit */ .h)(required, 8, async (file) => {
            if (!file)
                throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Netlify asked for a file this deploy does not have`, created.id);
            await this.api.call('PUT', `/deploys/${encodeURIComponent(created.id)}/files/${file.path.split('/').map(encodeURIComponent).join('/')}`, {
                raw: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file.absolute),
                query: { size: file.size },
            });
            sent++;
        });
        return {
            ...this.toDeployment(created, request.alias),
            upload: {
                files: files.length,
                filesSent: sent,
                bytesSent: this.api.stats.bytesSent - before.bytesSent,
                requests: this.api.stats.requests - before.requests,
            },
        };
    }
    async findByTitle(title) {
        const { data } = await this.api.call('GET', `/sites/${this.site}/deploys`, { query: { per_page: 20 } });
        return data.find((d) => d.title === title);
    }
    async waitReady(id, options) {
        const deadline = Date.now() + options.timeoutMs;
        for (;;) {
            const d = await this.get(id);
            if (!d)
                throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Netlify deploy ${id} no longer exists`, id);
            if (d.state === 'ready')
                return d;
            if (d.state === 'error')
                throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Netlify deploy ${id} failed${d.errorMessage ? `: ${d.errorMessage}` : ''}`, id);
            if (Date.now() >= deadline || options.signal?.aborted)
                throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Netlify deploy ${id} was not ready within ${options.timeoutMs} ms (state ${d.state})`, id);
            await this.sleep(Math.min(options.intervalMs ?? this.options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
        }
    }
    async get(id) {
        const { status, data } = await this.api.call('GET', `/sites/${this.site}/deploys/${encodeURIComponent(id)}`, {
            accept: [404],
        });
        return status === 404 ? undefined : this.toDeployment(data);
    }
    async list(options = {}) {
        const { data } = await this.api.call('GET', `/sites/${this.site}/deploys`, {
            query: { per_page: options.limit ?? 20, production: options.target === 'production' ? true : undefined },
        });
        return data.map((d) => this.toDeployment(d));
    }
    async setTraffic() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .UnsupportedOperation */ .D9('netlify', 'split traffic by weight', 'use a guarded cutover (deploy, watch, restore the last good deploy)');
    }
    async getTraffic() {
        const { data } = await this.api.call('GET', `/sites/${this.site}/deploys`, {
            query: { per_page: 1, 'latest-published': true },
        });
        return { weights: data[0] ? [{ id: data[0].id, percent: 100 }] : [] };
    }
    async advanceStage() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .UnsupportedOperation */ .D9('netlify', 'advance a rollout stage', 'Netlify publishes a deploy whole');
    }
    async promote(id) {
        await this.api.call('POST', `/sites/${this.site}/deploys/${encodeURIComponent(id)}/restore`);
    }
    async rollback(id) {
        await this.api.call('POST', `/sites/${this.site}/deploys/${encodeURIComponent(id)}/restore`);
    }
    async delete(id) {
        await this.api.call('DELETE', `/deploys/${encodeURIComponent(id)}`, { accept: [404] });
    }
}


/***/ })

};
