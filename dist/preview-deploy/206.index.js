export const id = 206;
export const ids = [206];
export const modules = {

/***/ 1206:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubLedger: () => (/* binding */ GitHubLedger)
/* harmony export */ });
/* harmony import */ var _ledger__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6328);

/** Status requests in flight ahead of a reader of `list`. */
const LOOKAHEAD = 6;
const isOurPayload = (payload) => typeof payload === 'object' && payload !== null && payload.shipkit === 1;
class GitHubLedger {
    o;
    constructor(o) {
        this.o = o;
    }
    ours(d) {
        return isOurPayload(d.payload) && d.creator?.login?.toLowerCase() === this.o.identity.toLowerCase();
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
            description: (0,_ledger__WEBPACK_IMPORTED_MODULE_0__/* .shortDescription */ .r3)(record.description),
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
            description: (0,_ledger__WEBPACK_IMPORTED_MODULE_0__/* .shortDescription */ .r3)(update.description),
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


/***/ })

};
