export const id = 326;
export const ids = [326];
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

/***/ 326:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CloudflarePagesProvider: () => (/* binding */ CloudflarePagesProvider),
  CloudflareWorkersProvider: () => (/* binding */ CloudflareWorkersProvider)
});

// UNUSED EXPORTS: pagesFileHash

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./packages/kit/src/commands.ts
var commands = __webpack_require__(8448);
// EXTERNAL MODULE: ./packages/deploy/src/api.ts
var api = __webpack_require__(1169);
// EXTERNAL MODULE: ./packages/deploy/src/files.ts
var src_files = __webpack_require__(1494);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./packages/deploy/src/multipart.ts
/** multipart/form-data bodies (Cloudflare's version upload and Pages deployment create take them). */

function multipart(parts) {
    const boundary = `----shipkit${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`;
    const chunks = [];
    const quote = (s) => s.replace(/["\r\n\\]/g, (c) => encodeURIComponent(c));
    for (const part of parts) {
        let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
        if (part.filename !== undefined)
            head += `; filename="${quote(part.filename)}"`;
        head += '\r\n';
        if (part.contentType)
            head += `Content-Type: ${part.contentType}\r\n`;
        chunks.push(Buffer.from(`${head}\r\n`), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value), Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

// EXTERNAL MODULE: ./packages/deploy/src/provider.ts
var provider = __webpack_require__(5588);
;// CONCATENATED MODULE: ./packages/deploy/src/cloudflare.ts
/**
 * Cloudflare Pages and Workers through the v4 REST API (the `cloudflare` SDK is 30+ MB of types
 * and wrangler a toolchain; each flow here is a handful of documented calls). Every answer is the
 * `{success, errors, messages, result}` envelope.
 *
 * Workers: `versions` upload (multipart: metadata + modules) gives a version and its preview URL;
 * gradual deployments `{"strategy":"percentage","versions":[…]}` split traffic between two
 * versions; the first deployment of `GET …/deployments` is the one serving.
 *
 * Pages: direct upload as wrangler does it, content-addressed: each file is keyed by
 * blake3(base64(content) + extension); `check-missing` names what Cloudflare lacks, only those
 * bodies are uploaded, then the deployment is created with the manifest.
 */







function cloudflareApi(options, token = options.token) {
    return new api/* ApiClient */.OW({
        baseUrl: options.apiUrl ?? 'https://api.cloudflare.com/client/v4',
        headers: { authorization: `Bearer ${token}` },
        sleep: options.sleep,
        describeError: (_status, body) => {
            const errors = body?.errors;
            if (Array.isArray(errors) && errors.length > 0)
                return { message: errors.map((e) => `${e.message} (${e.code})`).join('; '), code: String(errors[0]?.code) };
            return { message: typeof body === 'string' ? body : 'no error message' };
        },
    });
}
/** Cloudflare's code for a deployment of a version made before a secret changed (wrangler's rollback handles it). */
const SECRETS_CHANGED = '10220';
const sleeper = (options) => options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
const MAIN_MODULES = ['index.js', 'index.mjs', 'worker.js', '_worker.js', 'src/index.js'];
class CloudflareWorkersProvider {
    name = 'cloudflare-workers';
    capabilities = {
        traffic: 'percent',
        instantRollback: true,
        contentAddressedUpload: false,
        alias: true,
        deleteDeployment: false,
    };
    api;
    sleep;
    script;
    subdomain;
    options;
    constructor(options) {
        this.options = options;
        this.api = cloudflareApi(options);
        this.sleep = sleeper(options);
        this.script = `/accounts/${encodeURIComponent(options.account)}/workers/scripts/${encodeURIComponent(options.project)}`;
    }
    /** `<prefix>-<script>.<account subdomain>.workers.dev`, as wrangler prints it. */
    async previewUrl(prefix) {
        this.subdomain ??= (await this.api.call('GET', `/accounts/${encodeURIComponent(this.options.account)}/workers/subdomain`)).data.result.subdomain;
        return `https://${prefix}-${this.options.project}.${this.subdomain}.workers.dev`;
    }
    async toDeployment(v, alias) {
        return {
            id: v.id,
            url: await this.previewUrl(v.id.slice(0, 8)),
            aliasUrls: alias ? [await this.previewUrl(alias)] : [],
            state: 'ready',
            target: 'preview',
            createdAt: v.metadata?.created_on,
        };
    }
    async deploy(request) {
        const files = await (0,src_files/* readManifest */.W)(request.directory);
        const modules = files.filter((f) => /\.(m?js|wasm)$/.test(f.path));
        const main = MAIN_MODULES.map((m) => modules.find((f) => f.path === m)).find(Boolean);
        if (!main)
            throw new provider/* DeployFailure */.Qt(`no Worker entry module in the directory: expected one of ${MAIN_MODULES.join(', ')}`);
        const key = (0,api/* idempotencyKey */.T5)();
        const before = { ...this.api.stats };
        const metadata = {
            main_module: main.path,
            compatibility_date: '2025-01-01',
            annotations: {
                'workers/message': key,
                ...(request.sha ? { 'workers/tag': request.sha.slice(0, 40) } : {}),
                ...(request.alias ? { 'workers/alias': request.alias } : {}),
            },
            bindings: [],
        };
        const form = multipart([
            { name: 'metadata', value: JSON.stringify(metadata), contentType: 'application/json' },
            ...(await Promise.all(modules.map(async (f) => ({
                name: f.path,
                filename: f.path,
                value: await (0,promises_.readFile)(f.absolute),
                contentType: f.path.endsWith('.wasm') ? 'application/wasm' : 'application/javascript+module',
            })))),
        ]);
        // Versions are numbered in order: one numbered above the newest seen now was made by this create.
        const newest = Math.max(0, ...(await this.versions()).map((v) => v.number ?? 0));
        const { data } = await this.api.create('POST', `${this.script}/versions`, { raw: form.body, contentType: form.contentType }, async () => {
            const found = (await this.versions()).find((v) => (v.number ?? 0) > newest);
            return found ? { success: true, errors: [], messages: [], result: found } : undefined;
        });
        const version = data.result;
        if (request.target === 'production')
            await this.deployVersions([{ version_id: version.id, percentage: 100 }]);
        const deployment = await this.toDeployment(version, request.alias);
        return {
            ...deployment,
            target: request.target === 'production' ? 'production' : 'preview',
            upload: {
                files: modules.length,
                filesSent: modules.length,
                bytesSent: this.api.stats.bytesSent - before.bytesSent,
                requests: this.api.stats.requests - before.requests,
            },
        };
    }
    async versions() {
        const { data } = await this.api.call('GET', `${this.script}/versions`, {
            query: { per_page: 50 },
        });
        return data.result.items;
    }
    async waitReady(id, options) {
        // A version is ready once it exists; the HTTP answer is waited for by the caller.
        const deadline = Date.now() + options.timeoutMs;
        for (;;) {
            const d = await this.get(id);
            if (d)
                return d;
            if (Date.now() >= deadline)
                throw new provider/* DeployFailure */.Qt(`Worker version ${id} did not appear within ${options.timeoutMs} ms`, id);
            await this.sleep(options.intervalMs ?? this.options.pollIntervalMs ?? 1000);
        }
    }
    async get(id) {
        const { status, data } = await this.api.call('GET', `${this.script}/versions/${encodeURIComponent(id)}`, {
            accept: [404],
        });
        return status === 404 ? undefined : this.toDeployment(data.result);
    }
    async list(options = {}) {
        const versions = (await this.versions()).slice(0, options.limit ?? 20);
        return Promise.all(versions.map((v) => this.toDeployment(v)));
    }
    async deployVersions(versions, { force = false } = {}) {
        const { data } = await this.api.call('POST', `${this.script}/deployments`, {
            body: { strategy: 'percentage', versions },
            ...(force ? { query: { force: true } } : {}),
        });
        return data.result;
    }
    async serving() {
        const { data } = await this.api.call('GET', `${this.script}/deployments`);
        // The first deployment listed is the one serving.
        return data.result.deployments[0];
    }
    static split(d) {
        return { weights: (d?.versions ?? []).map((v) => ({ id: v.version_id, percent: v.percentage })) };
    }
    async setTraffic(request) {
        (0,provider/* assertPercent */.GC)(request.percent);
        let stable = request.stable;
        if (stable === undefined && request.percent < 100) {
            const current = await this.serving();
            stable = [...(current?.versions ?? [])]
                .filter((v) => v.version_id !== request.candidate)
                .sort((a, b) => b.percentage - a.percentage)[0]?.version_id;
            if (!stable)
                throw new provider/* DeployFailure */.Qt('no stable version is serving to keep the rest of the traffic; deploy one to 100 % first');
        }
        const versions = [{ version_id: request.candidate, percentage: request.percent }];
        if (request.percent < 100 && stable)
            versions.push({ version_id: stable, percentage: 100 - request.percent });
        // A 0 % candidate is dropped: Cloudflare serves the stable version alone.
        return CloudflareWorkersProvider.split(await this.deployVersions(versions.filter((v) => v.percentage > 0)));
    }
    async getTraffic() {
        return CloudflareWorkersProvider.split(await this.serving());
    }
    async advanceStage() {
        throw new provider/* UnsupportedOperation */.D9('cloudflare-workers', 'advance a provider stage', 'set the percentage directly (traffic: percent)');
    }
    async promote(id) {
        await this.deployVersions([{ version_id: id, percentage: 100 }]);
    }
    /**
     * Back to a version at 100 %. When a secret changed since that version was made, Cloudflare
     * refuses (code 10220, naming the secrets) unless forced; a rollback is the way out of an
     * incident, so it goes ahead with `force` and says which secrets return to their earlier values.
     */
    async rollback(id) {
        try {
            await this.deployVersions([{ version_id: id, percentage: 100 }]);
        }
        catch (e) {
            if (!(e instanceof provider/* ProviderApiError */.yD) || e.code !== SECRETS_CHANGED)
                throw e;
            const names = /secrets have changed:\s*(.+)$/.exec(e.message.replace(/\s*\(10220\)$/, ''))?.[1];
            (this.options.warn ?? commands/* warning */.$e)(`Cloudflare: secrets changed since version ${id} was made${names ? ` (${names})` : ''}; the rollback was forced, so the version runs with the secret values it was made with — set them again if they were rotated`);
            await this.deployVersions([{ version_id: id, percentage: 100 }], { force: true });
        }
    }
    async delete() {
        throw new provider/* UnsupportedOperation */.D9('cloudflare-workers', 'delete a version', 'Worker versions stay in the history; a preview URL is retired by deploying another version');
    }
}
/** The key Pages stores a file under (wrangler's): blake3 of the base64 content and the extension. */
async function pagesFileHash(bytes, path) {
    const { blake3 } = await __webpack_require__.e(/* import() */ 265).then(__webpack_require__.bind(__webpack_require__, 1265));
    return Buffer.from(blake3(Buffer.from(bytes.toString('base64') + (0,external_node_path_.extname)(path).slice(1))))
        .toString('hex')
        .slice(0, 32);
}
const CONTENT_TYPES = {
    html: 'text/html',
    css: 'text/css',
    js: 'application/javascript',
    mjs: 'application/javascript',
    json: 'application/json',
    svg: 'image/svg+xml',
    png: 'image/png',
    txt: 'text/plain',
};
class CloudflarePagesProvider {
    name = 'cloudflare-pages';
    capabilities = {
        traffic: 'none',
        instantRollback: true,
        contentAddressedUpload: true,
        alias: true,
        deleteDeployment: true,
    };
    api;
    sleep;
    projectPath;
    options;
    constructor(options) {
        this.options = options;
        this.api = cloudflareApi(options);
        this.sleep = sleeper(options);
        this.projectPath = `/accounts/${encodeURIComponent(options.account)}/pages/projects/${encodeURIComponent(options.project)}`;
    }
    static toDeployment(d) {
        const status = d.latest_stage.status;
        return {
            id: d.id,
            url: d.url,
            aliasUrls: d.aliases ?? [],
            state: d.latest_stage.name === 'deploy' && status === 'success'
                ? 'ready'
                : status === 'failure'
                    ? 'error'
                    : status === 'canceled'
                        ? 'canceled'
                        : 'building',
            target: d.environment,
            createdAt: d.created_on,
        };
    }
    async deploy(request) {
        const files = await (0,src_files/* readManifest */.W)(request.directory);
        const before = { ...this.api.stats };
        const hashed = await Promise.all(files.map(async (f) => ({ file: f, hash: await pagesFileHash(await (0,promises_.readFile)(f.absolute), f.path) })));
        const { data: tokenAnswer } = await this.api.call('GET', `${this.projectPath}/upload-token`);
        const assets = cloudflareApi(this.options, tokenAnswer.result.jwt);
        const hashes = [...new Set(hashed.map((h) => h.hash))];
        const { data: missingAnswer } = await assets.call('POST', '/pages/assets/check-missing', { body: { hashes } });
        const missing = new Set(missingAnswer.result);
        const byHash = new Map();
        for (const h of hashed)
            if (missing.has(h.hash) && !byHash.has(h.hash))
                byHash.set(h.hash, h.file);
        // Buckets of up to ~5 MB or 500 files, as wrangler sends them.
        let bucket = [];
        let bucketBytes = 0;
        let sent = 0;
        const flush = async () => {
            if (bucket.length === 0)
                return;
            await assets.call('POST', '/pages/assets/upload', { body: bucket });
            sent += bucket.length;
            bucket = [];
            bucketBytes = 0;
        };
        for (const [key, file] of byHash) {
            const value = (await (0,promises_.readFile)(file.absolute)).toString('base64');
            if (bucketBytes + value.length > 5 * 1024 * 1024 || bucket.length >= 500)
                await flush();
            bucket.push({
                key,
                value,
                metadata: { contentType: CONTENT_TYPES[(0,external_node_path_.extname)(file.path).slice(1)] ?? 'application/octet-stream' },
                base64: true,
            });
            bucketBytes += value.length;
        }
        await flush();
        if (hashes.length > 0)
            await assets.call('POST', '/pages/assets/upsert-hashes', { body: { hashes } });
        const manifest = {};
        for (const h of hashed)
            manifest[`/${h.file.path}`] = h.hash;
        let branch = request.alias ?? request.meta?.branch ?? 'preview';
        if (request.target === 'production')
            branch = (await this.api.call('GET', this.projectPath)).data.result.production_branch;
        const key = (0,api/* idempotencyKey */.T5)();
        const form = multipart([
            { name: 'manifest', value: JSON.stringify(manifest) },
            { name: 'branch', value: branch },
            { name: 'commit_message', value: key },
            ...(request.sha ? [{ name: 'commit_hash', value: request.sha }] : []),
        ]);
        const { data } = await this.api.create('POST', `${this.projectPath}/deployments`, { raw: form.body, contentType: form.contentType }, async () => {
            const found = (await this.listRaw()).find((d) => d.deployment_trigger?.metadata?.commit_message === key);
            return found ? { success: true, errors: [], messages: [], result: found } : undefined;
        });
        const stats = {
            requests: this.api.stats.requests + assets.stats.requests - before.requests,
            bytes: this.api.stats.bytesSent + assets.stats.bytesSent - before.bytesSent,
        };
        return {
            ...CloudflarePagesProvider.toDeployment(data.result),
            upload: { files: files.length, filesSent: sent, bytesSent: stats.bytes, requests: stats.requests },
        };
    }
    async listRaw(environment) {
        const { data } = await this.api.call('GET', `${this.projectPath}/deployments`, {
            query: { env: environment },
        });
        return data.result;
    }
    async waitReady(id, options) {
        const deadline = Date.now() + options.timeoutMs;
        for (;;) {
            const d = await this.get(id);
            if (!d)
                throw new provider/* DeployFailure */.Qt(`Pages deployment ${id} no longer exists`, id);
            if (d.state === 'ready')
                return d;
            if (d.state === 'error' || d.state === 'canceled')
                throw new provider/* DeployFailure */.Qt(`Pages deployment ${id} ended ${d.state}`, id);
            if (Date.now() >= deadline || options.signal?.aborted)
                throw new provider/* DeployFailure */.Qt(`Pages deployment ${id} was not ready within ${options.timeoutMs} ms`, id);
            await this.sleep(Math.min(options.intervalMs ?? this.options.pollIntervalMs ?? 2000, Math.max(0, deadline - Date.now())));
        }
    }
    async get(id) {
        const { status, data } = await this.api.call('GET', `${this.projectPath}/deployments/${encodeURIComponent(id)}`, {
            accept: [404],
        });
        return status === 404 ? undefined : CloudflarePagesProvider.toDeployment(data.result);
    }
    async list(options = {}) {
        const env = options.target === 'production' ? 'production' : options.target === 'preview' ? 'preview' : undefined;
        return (await this.listRaw(env)).slice(0, options.limit ?? 25).map((d) => CloudflarePagesProvider.toDeployment(d));
    }
    async setTraffic() {
        throw new provider/* UnsupportedOperation */.D9('cloudflare-pages', 'split traffic', 'use a guarded cutover (deploy, watch, roll back to the last good)');
    }
    async getTraffic() {
        const [current] = await this.listRaw('production');
        return { weights: current ? [{ id: current.id, percent: 100 }] : [] };
    }
    async advanceStage() {
        throw new provider/* UnsupportedOperation */.D9('cloudflare-pages', 'advance a rollout stage', 'Pages serves one production deployment');
    }
    async promote(id) {
        const d = await this.get(id);
        if (d?.target !== 'production')
            throw new provider/* UnsupportedOperation */.D9('cloudflare-pages', 'promote a preview deployment', 'deploy with the production target instead');
        await this.rollback(id);
    }
    async rollback(id) {
        await this.api.call('POST', `${this.projectPath}/deployments/${encodeURIComponent(id)}/rollback`);
    }
    async delete(id) {
        await this.api.call('DELETE', `${this.projectPath}/deployments/${encodeURIComponent(id)}`, { query: { force: true }, accept: [404] });
    }
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


/***/ })

};
