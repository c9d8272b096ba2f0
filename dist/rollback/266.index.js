export const id = 266;
export const ids = [266];
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

/***/ 7266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VercelProvider: () => (/* binding */ VercelProvider)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _api__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1169);
/* harmony import */ var _files__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1494);
/* harmony import */ var _provider__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5588);
/**
 * Vercel through its REST API (the documented flow @vercel/client implements, without that
 * client's build-utils dependency tree): the deployment is created with the file list keyed by
 * SHA-1; Vercel answers `missing_files` with the digests it lacks, only those are sent to
 * `POST /v2/files`, and the create is repeated. `readyState` is polled; aliases, promote,
 * rollback and Rolling Releases are project calls. `?teamId=` goes on every call.
 */




const STATES = {
    QUEUED: 'queued',
    INITIALIZING: 'building',
    BUILDING: 'building',
    BLOCKED: 'queued',
    READY: 'ready',
    ERROR: 'error',
    CANCELED: 'canceled',
    DELETED: 'deleted',
};
const https = (host) => (/^https?:\/\//.test(host) ? host : `https://${host}`);
class VercelProvider {
    name = 'vercel';
    capabilities = {
        traffic: 'stages',
        instantRollback: true,
        contentAddressedUpload: true,
        alias: true,
        deleteDeployment: true,
    };
    api;
    sleep;
    options;
    constructor(options) {
        this.options = options;
        this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
        this.api = new _api__WEBPACK_IMPORTED_MODULE_1__/* .ApiClient */ .OW({
            baseUrl: options.apiUrl ?? 'https://api.vercel.com',
            headers: { authorization: `Bearer ${options.token}` },
            query: { teamId: options.team },
            sleep: options.sleep,
            describeError: (_status, body) => {
                const error = body?.error;
                return { message: error?.message ?? (typeof body === 'string' ? body : 'no error message'), code: error?.code };
            },
        });
    }
    toDeployment(d, aliasUrls = []) {
        const aliases = [...new Set([...aliasUrls, ...(d.alias ?? []).map(https)])];
        const target = d.target === 'production' ? 'production' : d.target === 'staging' ? 'staging' : 'preview';
        const created = d.createdAt ?? d.created;
        return {
            id: (d.id ?? d.uid),
            url: https(d.url),
            aliasUrls: aliases,
            state: STATES[d.readyState ?? d.state ?? ''] ?? 'building',
            target,
            createdAt: created ? new Date(created).toISOString() : undefined,
            errorMessage: d.errorMessage ?? undefined,
        };
    }
    async deploy(request) {
        const files = await (0,_files__WEBPACK_IMPORTED_MODULE_2__/* .readManifest */ .W)(request.directory);
        const bySha = new Map(files.map((f) => [f.sha1, f]));
        const key = (0,_api__WEBPACK_IMPORTED_MODULE_1__/* .idempotencyKey */ .T5)();
        const started = Date.now();
        const body = {
            name: request.name,
            project: this.options.project,
            ...(request.target === 'preview' ? {} : { target: request.target }),
            files: files.map((f) => ({ file: f.path, sha: f.sha1, size: f.size })),
            meta: { ...request.meta, shipkitDeployKey: key, ...(request.sha ? { githubCommitSha: request.sha } : {}) },
            projectSettings: { framework: null },
        };
        const before = { ...this.api.stats };
        let sent = 0;
        let created;
        // Twice at most: the first create names what is missing, the second finds everything.
        for (let round = 0; round < 3 && !created; round++) {
            try {
                created = (await this.api.create('POST', '/v13/deployments', { body, query: { skipAutoDetectionConfirmation: 1 } }, () => this.findByKey(key, started))).data;
            }
            catch (e) {
                const missing = e instanceof _provider__WEBPACK_IMPORTED_MODULE_3__/* .ProviderApiError */ .yD && e.code === 'missing_files'
                    ? e.body.error?.missing
                    : undefined;
                if (!missing || round === 2)
                    throw e;
                await (0,_files__WEBPACK_IMPORTED_MODULE_2__/* .eachLimit */ .h)(missing, 8, async (sha) => {
                    const file = bySha.get(sha);
                    if (!file)
                        throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Vercel asked for a file this deployment does not have (${sha})`);
                    const bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file.absolute);
                    await this.api.call('POST', '/v2/files', {
                        raw: bytes,
                        headers: { 'x-vercel-digest': sha, 'x-now-size': String(bytes.length) },
                    });
                    sent++;
                });
            }
        }
        const deployment = created;
        let aliasUrls = [];
        if (request.alias)
            aliasUrls = [await this.assignAlias((deployment.id ?? deployment.uid), request.alias)];
        return {
            ...this.toDeployment(deployment, aliasUrls),
            upload: {
                files: files.length,
                filesSent: sent,
                bytesSent: this.api.stats.bytesSent - before.bytesSent,
                requests: this.api.stats.requests - before.requests,
            },
        };
    }
    async findByKey(key, since) {
        const { data } = await this.api.call('GET', '/v7/deployments', {
            query: { projectId: this.options.project, since: since - 60_000, limit: 100 },
        });
        return data.deployments.find((d) => d.meta?.shipkitDeployKey === key);
    }
    async assignAlias(id, alias) {
        const { data } = await this.api.call('POST', `/v2/deployments/${encodeURIComponent(id)}/aliases`, {
            body: { alias },
        });
        return https(data.alias);
    }
    async waitReady(id, options) {
        const deadline = Date.now() + options.timeoutMs;
        for (;;) {
            const d = await this.get(id);
            if (!d)
                throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Vercel deployment ${id} no longer exists`, id);
            if (d.state === 'ready')
                return d;
            if (d.state === 'error' || d.state === 'canceled')
                throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Vercel deployment ${id} ended ${d.state}${d.errorMessage ? `: ${d.errorMessage}` : ''}`, id);
            if (Date.now() >= deadline || options.signal?.aborted)
                throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .DeployFailure */ .Qt(`Vercel deployment ${id} was not ready within ${options.timeoutMs} ms (state ${d.state})`, id);
            await this.sleep(Math.min(options.intervalMs ?? this.options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
        }
    }
    async get(id) {
        const { status, data } = await this.api.call('GET', `/v13/deployments/${encodeURIComponent(id)}`, { accept: [404] });
        return status === 404 ? undefined : this.toDeployment(data);
    }
    async list(options = {}) {
        const { data } = await this.api.call('GET', '/v7/deployments', {
            query: {
                projectId: this.options.project,
                target: options.target === 'preview' ? undefined : options.target,
                limit: options.limit ?? 20,
            },
        });
        return data.deployments.map((d) => this.toDeployment(d));
    }
    async setTraffic() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_3__/* .UnsupportedOperation */ .D9('vercel', 'set an arbitrary traffic percentage', 'Rolling Releases move through the stages configured on the project; advance a stage instead');
    }
    async rollingRelease() {
        const { data } = await this.api.call('GET', `/v1/projects/${encodeURIComponent(this.options.project)}/rolling-release`);
        return data.rollingRelease;
    }
    split(release, fallback) {
        if (!release || release.state !== 'ACTIVE' || !release.canaryDeployment)
            return { weights: fallback ? [{ id: fallback, percent: 100 }] : [] };
        const percent = release.currentCanaryPercentage ?? release.activeStage?.targetPercentage ?? 0;
        const weights = [{ id: release.canaryDeployment.id, percent }];
        if (release.currentDeployment)
            weights.push({ id: release.currentDeployment.id, percent: 100 - percent });
        return {
            weights,
            stage: { index: release.activeStage?.index ?? 0, percents: release.stages.map((s) => s.targetPercentage), state: release.state },
        };
    }
    async getTraffic() {
        const release = await this.rollingRelease();
        if (release?.state === 'ACTIVE')
            return this.split(release);
        const [current] = await this.list({ target: 'production', limit: 1 });
        return this.split(release, current?.id);
    }
    async advanceStage(candidate) {
        const project = encodeURIComponent(this.options.project);
        const release = await this.rollingRelease();
        if (!release || release.state !== 'ACTIVE' || release.canaryDeployment?.id !== candidate) {
            const { data } = await this.api.call('POST', `/v1/projects/${project}/rolling-release/start`, { body: { canaryDeploymentId: candidate } });
            return this.split(data.rollingRelease, candidate);
        }
        const next = (release.activeStage?.index ?? -1) + 1;
        const { data } = await this.api.call('POST', `/v1/projects/${project}/rolling-release/approve-stage`, { body: { nextStageIndex: next, canaryDeploymentId: candidate } });
        return this.split(data.rollingRelease, candidate);
    }
    async promote(id) {
        const release = await this.rollingRelease();
        const project = encodeURIComponent(this.options.project);
        if (release?.state === 'ACTIVE' && release.canaryDeployment?.id === id)
            await this.api.call('POST', `/v1/projects/${project}/rolling-release/complete`, { body: { canaryDeploymentId: id } });
        else
            await this.api.call('POST', `/v10/projects/${project}/promote/${encodeURIComponent(id)}`);
    }
    async rollback(id) {
        // There is no abort endpoint for a rolling release: abort is an instant rollback.
        await this.api.call('POST', `/v1/projects/${encodeURIComponent(this.options.project)}/rollback/${encodeURIComponent(id)}`);
    }
    async delete(id) {
        await this.api.call('DELETE', `/v13/deployments/${encodeURIComponent(id)}`, { accept: [404] });
    }
}


/***/ })

};
