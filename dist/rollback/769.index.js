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


/***/ })

};
