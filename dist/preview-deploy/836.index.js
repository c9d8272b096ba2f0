export const id = 836;
export const ids = [836];
export const modules = {

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
