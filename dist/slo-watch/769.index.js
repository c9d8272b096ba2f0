export const id = 769;
export const ids = [769];
export const modules = {

/***/ 4769:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FileLedger: () => (/* binding */ FileLedger)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _ledger__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6328);
/**
 * The ledger in a local file, for the CLI and the local pipeline: the same records and status
 * rules as GitHub Deployments (including `auto_inactive`), written under an exclusive lock file
 * and replaced atomically (temp file, fsync, rename), so a reader never sees half a file and two
 * processes never lose each other's writes.
 */




const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return e.code === 'EPERM';
    }
}
class FileLedger {
    path;
    lockPath;
    options;
    // No parameter properties: the concurrency test runs this file with Node's type stripping.
    constructor(path, options = {}) {
        this.path = path;
        this.lockPath = `${path}.lock`;
        this.options = options;
    }
    read() {
        try {
            const data = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(this.path, 'utf8'));
            if (data.version !== 1 || !Array.isArray(data.deployments))
                throw new Error(`${this.path} is not a shipkit ledger file`);
            return data;
        }
        catch (e) {
            if (e.code === 'ENOENT')
                return { version: 1, nextId: 1, deployments: [] };
            throw e;
        }
    }
    write(data) {
        const temp = `${this.path}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.randomBytes)(4).toString('hex')}.tmp`;
        const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(temp, 'w', 0o600);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, `${JSON.stringify(data, null, 1)}\n`);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fsyncSync)(fd);
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(temp, this.path);
    }
    /** Runs `change` on the current contents under the lock and writes what it leaves. */
    update(change) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(this.path), { recursive: true });
        const deadline = Date.now() + (this.options.lockTimeoutMs ?? 10_000);
        let fd;
        while (fd === undefined) {
            try {
                fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(this.lockPath, 'wx', 0o600);
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(fd, `${process.pid}\n`);
            }
            catch (e) {
                if (e.code !== 'EEXIST')
                    throw e;
                this.breakStaleLock();
                if (Date.now() > deadline)
                    throw new Error(`the ledger ${this.path} stayed locked for ${this.options.lockTimeoutMs ?? 10_000} ms (${this.lockPath})`, {
                        cause: e,
                    });
                sleepSync(2 + Math.random() * 8);
            }
        }
        try {
            const data = this.read();
            const result = change(data);
            this.write(data);
            return result;
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(this.lockPath);
        }
    }
    breakStaleLock() {
        try {
            const holder = Number((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(this.lockPath, 'utf8').trim());
            const age = Date.now() - (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(this.lockPath).mtimeMs;
            // A holder that died leaves its lock behind; one that is alive keeps it however long it takes
            // (up to `staleMs`, against a reused pid).
            if ((Number.isInteger(holder) && holder > 0 && !alive(holder)) || age > (this.options.staleMs ?? 60_000))
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(this.lockPath);
        }
        catch {
            // Released (or being written) meanwhile: try again.
        }
    }
    async create(record) {
        return this.update((data) => {
            const created = {
                id: String(data.nextId++),
                environment: record.environment,
                ref: record.ref,
                sha: record.sha,
                transient: record.transient,
                production: record.production,
                payload: record.payload,
                createdAt: new Date().toISOString(),
                statuses: [],
            };
            data.deployments.push(created);
            return structuredClone(created);
        });
    }
    async setStatus(id, update) {
        this.update((data) => {
            const record = data.deployments.find((d) => d.id === id);
            if (!record)
                throw new Error(`deployment ${id} is not in the ledger ${this.path}`);
            const now = new Date().toISOString();
            record.statuses.unshift({
                state: update.state,
                description: (0,_ledger__WEBPACK_IMPORTED_MODULE_3__/* .shortDescription */ .r3)(update.description),
                environmentUrl: update.environmentUrl,
                logUrl: update.logUrl,
                createdAt: now,
            });
            // GitHub's auto_inactive: a success retires earlier non-transient, non-production deployments.
            if (update.state === 'success' && update.autoInactive !== false)
                for (const other of data.deployments)
                    if (other !== record &&
                        other.environment === record.environment &&
                        !other.transient &&
                        !other.production &&
                        Number(other.id) < Number(id) &&
                        other.statuses[0]?.state !== 'inactive')
                        other.statuses.unshift({ state: 'inactive', description: `superseded by deployment ${id}`, createdAt: now });
        });
    }
    async get(id) {
        return this.read().deployments.find((d) => d.id === id);
    }
    async *list(environment) {
        const records = this.read().deployments.filter((d) => d.environment === environment);
        for (const r of records.reverse())
            yield r;
    }
    async environments(prefix) {
        return [
            ...new Set(this.read()
                .deployments.map((d) => d.environment)
                .filter((e) => e.startsWith(prefix))),
        ];
    }
}


/***/ }),

/***/ 6328:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r3: () => (/* binding */ shortDescription)
/* harmony export */ });
/* unused harmony exports BAD_STATES, LIVE_STATES, JOB_LIMIT_MS, latestState, markedBad, isGood, lastGood, providerRef, refDescription, restoredBy, recordUrl, findInEnvironment, lockOf, surveyRollback, markBad, rolledBackDescription, rolledBackTo, recordRestored */
/**
 * The ledger: what was deployed where and how it went. GitHub Deployments on a runner, a local
 * file for the CLI and the local pipeline; one interface, so canary-step and rollback read
 * "last good" the same way from either.
 */
const BAD_STATES = new Set(['failure', 'error']);
/** States in which a deployment may be taking traffic, or about to. */
const LIVE_STATES = new Set(['success', 'in_progress', 'queued', 'pending']);
/** GitHub-hosted jobs end after 6 hours: an `in_progress` status older than that has no live run behind it. */
const JOB_LIMIT_MS = (/* unused pure expression or super */ null && (6 * 60 * 60 * 1000));
const latestState = (r) => r.statuses[0]?.state;
/** Marked bad: a `failure` or `error` status at any time (a later success does not clear it). */
const markedBad = (r) => r.statuses.some((s) => BAD_STATES.has(s.state));
/** A deployment to restore: its latest status is `success` and it was never marked bad. */
const isGood = (r) => latestState(r) === 'success' && !markedBad(r);
const excluded = (r, exclude) => r.id === exclude.id || (exclude.sha !== undefined && exclude.sha !== '' && r.sha === exclude.sha);
/**
 * The deployment to restore: the newest of the environment whose latest status is `success`,
 * that is not the one being replaced (by id or sha), and that was never marked bad. The ledger
 * pages underneath; the scan stops at the first match.
 */
async function lastGood(ledger, environment, exclude = {}) {
    for await (const record of ledger.list(environment))
        if (!excluded(record, exclude) && isGood(record))
            return record;
    return undefined;
}
/**
 * The provider id of a record, from its newest `success` status: a status description holds a JSON
 * object `{"id": …}` (GitHub payloads cannot change after create, statuses are where later facts
 * go). A description cut at 140 characters still leaves the environment URL, which names the
 * deployment for most providers.
 */
function providerRef(record) {
    for (const s of record.statuses) {
        if (s.state !== 'success')
            continue;
        const parsed = parseRef(s.description);
        if (parsed)
            return { ...parsed, url: parsed.url ?? s.environmentUrl };
        // A deployer that named the provider's deployment when it created the record (canary-step).
        const { providerId, url } = record.payload;
        if (typeof providerId === 'string' && providerId !== '')
            return { id: providerId, url: s.environmentUrl ?? url };
        if (s.environmentUrl)
            return { id: s.environmentUrl, url: s.environmentUrl };
    }
    return undefined;
}
function parseRef(description) {
    if (!description?.startsWith('{'))
        return undefined;
    try {
        const v = JSON.parse(description);
        if (typeof v.id !== 'string' || v.id === '')
            return undefined;
        return {
            id: v.id,
            ...(typeof v.url === 'string' ? { url: v.url } : {}),
            ...(typeof v.pid === 'number' ? { pid: v.pid } : {}),
            ...(typeof v.restoredFrom === 'string' ? { restoredFrom: v.restoredFrom } : {}),
        };
    }
    catch {
        return undefined;
    }
}
/** The status description that records a provider reference (≤ 140 characters: what does not fit is dropped). */
function refDescription(ref) {
    const full = JSON.stringify({
        id: ref.id,
        ...(ref.pid !== undefined ? { pid: ref.pid } : {}),
        ...(ref.restoredFrom !== undefined ? { restoredFrom: ref.restoredFrom } : {}),
    });
    return full.length <= 140 ? full : JSON.stringify({ id: ref.id });
}
/** When the newest `success` of a record was written by a rollback that restored it. */
const restoredBy = (record) => {
    const status = record.statuses.find((s) => s.state === 'success');
    const from = parseRef(status?.description)?.restoredFrom;
    return status && from !== undefined ? { from, status } : undefined;
};
/** The environment URL a record was last recorded with (its "View deployment" link). */
const recordUrl = (record) => record.statuses.find((s) => s.environmentUrl)?.environmentUrl;
/**
 * A record of the environment by id: the ledger's own id, or the provider's deployment id (what
 * preview-deploy's `deployment-id` output and the provider's dashboard show).
 */
async function findInEnvironment(ledger, environment, id) {
    if (/^\d+$/.test(id)) {
        const record = await ledger.get(id);
        if (record?.environment === environment)
            return record;
    }
    for await (const record of ledger.list(environment))
        if (record.id === id || providerRef(record)?.id === id)
            return record;
    return undefined;
}
/** The run id in an Actions run URL (`…/actions/runs/<id>[/attempts/<n>]`). */
const runId = (url) => (url ? /\/actions\/runs\/(\d+)/.exec(url)?.[1] : undefined);
/**
 * The lock a record's latest status holds: `in_progress`, younger than `jobLimitMs`, written by
 * another run than `ownRunUrl` (a re-run of the same run, or a step of it, is not locked out by an
 * earlier attempt that died).
 */
function lockOf(record, { now = Date.now(), jobLimitMs = JOB_LIMIT_MS, ownRunUrl } = {}) {
    const latest = record.statuses[0];
    if (latest?.state !== 'in_progress')
        return undefined;
    if (now - Date.parse(latest.createdAt) >= jobLimitMs)
        return undefined;
    const own = runId(ownRunUrl);
    if (own !== undefined && runId(latest.logUrl) === own)
        return undefined;
    return { record, since: latest.createdAt, runUrl: latest.logUrl, description: latest.description };
}
/**
 * Reads the environment newest first, stopping once the live deployment and the target are known
 * and every record younger than the job limit was seen (a deploy that started within it may still
 * hold the environment).
 */
async function surveyRollback(ledger, environment, options = {}) {
    const now = options.now ?? Date.now();
    const jobLimitMs = options.jobLimitMs ?? JOB_LIMIT_MS;
    const survey = { locks: [], superseded: [], scanned: 0 };
    const sha = options.sha && !/^0+$/.test(options.sha) ? options.sha : undefined;
    let ofSha;
    const seen = [];
    const rolledBack = new Map();
    // Never the deployment rolled back from, nor one of the run's own commit (the commit found bad).
    const pickTarget = (from) => seen.find((r) => isGood(r) && !excluded(r, { id: from?.id, sha: from?.sha }) && !excluded(r, { sha }));
    for await (const record of ledger.list(environment)) {
        survey.scanned++;
        seen.push(record);
        const lock = lockOf(record, { now, jobLimitMs, ownRunUrl: options.ownRunUrl });
        if (lock)
            survey.locks.push(lock);
        if (!survey.live) {
            if (sha && !ofSha && record.sha === sha)
                ofSha = record;
            const to = rolledBackTo(record.statuses[0]);
            if (to !== undefined && !rolledBack.has(to))
                rolledBack.set(to, record);
            if (LIVE_STATES.has(latestState(record))) {
                survey.live = record;
                survey.undoneBy = rolledBack.get(record.id);
            }
        }
        if (now - Date.parse(record.createdAt) < jobLimitMs || !survey.live)
            continue;
        if (options.to ? seen.some((r) => r.id === options.to?.id) : pickTarget(ofSha ?? survey.live))
            break;
    }
    survey.from = ofSha ?? survey.live;
    const to = options.to;
    survey.target = to ?? pickTarget(survey.from);
    const at = survey.target ? seen.findIndex((r) => r.id === survey.target?.id) : -1;
    survey.superseded = seen
        .slice(0, Math.max(0, at))
        .filter((r) => r.id !== survey.from?.id && LIVE_STATES.has(latestState(r)));
    if (!to)
        return survey;
    // Named explicitly, a deployment a rollback could not verify (`error`) may be tried again; one
    // marked bad (`failure`) or never ready may not.
    const failed = to.statuses.find((s) => s.state === 'failure');
    if (failed)
        survey.targetProblem = `it was marked bad (failure${failed.description ? `: ${failed.description}` : ''})`;
    else if (!to.statuses.some((s) => s.state === 'success'))
        survey.targetProblem = `it never became ready (its latest status is ${latestState(to) ?? 'none'})`;
    else if (survey.from?.id === to.id && survey.live?.id !== to.id)
        survey.targetProblem = 'it is the deployment being rolled back';
    return survey;
}
/** Marks a deployment bad: a `failure` status with the reason; `lastGood` never picks it again. */
async function markBad(ledger, id, reason, logUrl) {
    await ledger.setStatus(id, { state: 'failure', description: reason, logUrl });
}
/** The description of a deployment a rollback replaced: `rolled back to #<id>…`, which `rolledBackTo` reads. */
const rolledBackDescription = (to, reason, bad) => `rolled back to #${to}${bad ? '' : ' (not marked bad)'}: ${reason}`;
/** The id a status says its deployment was rolled back to (a `failure` or `inactive` a rollback wrote). */
function rolledBackTo(status) {
    if (!status || (status.state !== 'failure' && status.state !== 'inactive'))
        return undefined;
    return /^rolled back to #([^\s:()]+)/.exec(status.description ?? '')?.[1];
}
/**
 * Records a restored deployment `success` again, with its provider reference and the record it
 * replaced; earlier deployments are left as they are (no `auto_inactive`).
 */
async function recordRestored(ledger, id, { ref, url, logUrl, from }) {
    await ledger.setStatus(id, {
        state: 'success',
        environmentUrl: url,
        logUrl,
        description: refDescription({ ...ref, restoredFrom: from }),
        autoInactive: false,
    });
}
/** GitHub caps a status description at 140 characters. */
const shortDescription = (text) => text === undefined ? undefined : text.length <= 140 ? text : `${text.slice(0, 139)}…`;


/***/ })

};
