export const id = 298;
export const ids = [298];
export const modules = {

/***/ 9298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LocalProvider: () => (/* binding */ LocalProvider)
/* harmony export */ });
/* unused harmony exports freeTcpPort, logTail */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _shipkit_kit_exec__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2783);
/* harmony import */ var _process__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5812);
/* harmony import */ var _provider__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5588);
/**
 * The local provider, the embedded default: the user's `start-command` runs in `directory` with
 * `PORT` set to a free port, in its own process group, its output in a log file. Ready when the
 * URL gives any HTTP answer. The preview outlives the action (until destroy, or the end of the
 * job on a runner); each deployment is a small JSON file in the state directory, so a later run
 * (destroy, gc) finds its process group.
 *
 * Traffic: the weighted proxy (packages/proxy) makes this a `percent` provider in phase 2; until
 * then it declares `none` and canary-step runs a guarded cutover.
 */






function freeTcpPort(host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
        const server = (0,node_net__WEBPACK_IMPORTED_MODULE_1__.createServer)();
        server.unref();
        server.on('error', reject);
        server.listen(0, host, () => {
            const address = server.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}
/** Whether something accepts connections on the port (the app listens). */
function portOpen(port, host) {
    return new Promise((resolve) => {
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_1__.connect)({ port, host });
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('error', () => resolve(false));
    });
}
/** The end of a log, for a failure message (the caller redacts it). */
function logTail(file, bytes = 2000) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
        return '';
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, 'r');
    try {
        const size = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd).size;
        const length = Math.min(bytes, size);
        const buffer = Buffer.alloc(length);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, 0, length, size - length);
        return buffer.toString('utf8').trim();
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
class LocalProvider {
    name = 'local';
    capabilities = {
        traffic: 'none',
        instantRollback: false,
        contentAddressedUpload: false,
        alias: false,
        deleteDeployment: true,
    };
    dir;
    options;
    constructor(options) {
        this.options = options;
        this.dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(options.stateDir, 'local-deployments');
    }
    recordPath(id) {
        if (!/^[\w.-]+$/.test(id))
            throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .DeployFailure */ .Qt(`\`${id}\` is not a local deployment id`);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, `${id}.json`);
    }
    read(id) {
        try {
            return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(this.recordPath(id), 'utf8'));
        }
        catch {
            return undefined;
        }
    }
    toDeployment(r) {
        return {
            id: r.id,
            url: r.url,
            aliasUrls: [],
            state: (0,_shipkit_kit_exec__WEBPACK_IMPORTED_MODULE_3__/* .groupAlive */ .xq)(r.pid) ? 'ready' : 'deleted',
            target: r.target,
            createdAt: r.createdAt,
            details: { pid: r.pid, port: r.port, logFile: r.logFile },
        };
    }
    async deploy(request) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(this.dir, { recursive: true });
        const host = this.options.host ?? '127.0.0.1';
        const port = await freeTcpPort(host);
        const id = `${request.name.replace(/[^\w.-]/g, '-')}-${port}`;
        const logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, `${id}.log`);
        const pid = (0,_process__WEBPACK_IMPORTED_MODULE_4__/* .startDetached */ .t)(this.options.startCommand, {
            cwd: request.directory,
            env: (0,_process__WEBPACK_IMPORTED_MODULE_4__/* .commandEnv */ .z)({ PORT: String(port), HOST: host }, this.options.env),
            logFile,
        });
        if (!pid)
            throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .DeployFailure */ .Qt(`\`start-command\` could not be started`);
        const record = {
            id,
            name: request.name,
            pid,
            port,
            url: `http://${host}:${port}`,
            logFile,
            target: request.target,
            createdAt: new Date().toISOString(),
        };
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(this.recordPath(id), JSON.stringify(record));
        return this.toDeployment(record);
    }
    async waitReady(id, options) {
        const record = this.read(id);
        if (!record)
            throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .DeployFailure */ .Qt(`local deployment ${id} is not known`, id);
        const deadline = Date.now() + options.timeoutMs;
        // Loaded once the app is starting: node:http is not needed to start it.
        const { httpRequest, HttpFailure } = await __webpack_require__.e(/* import() */ 506).then(__webpack_require__.bind(__webpack_require__, 6506));
        for (;;) {
            if (!(0,_shipkit_kit_exec__WEBPACK_IMPORTED_MODULE_3__/* .groupAlive */ .xq)(record.pid)) {
                const tail = logTail(record.logFile);
                await this.delete(id);
                throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .DeployFailure */ .Qt(`the app exited before it answered at ${record.url}${tail ? `; its log ends:\n${tail}` : ''}`, id);
            }
            // A refused connection is a tenth of the CPU of a refused HTTP request, and the app starting
            // beside this loop needs the CPU more: the HTTP request waits until the port is open.
            if (await portOpen(record.port, this.options.host ?? '127.0.0.1'))
                try {
                    await httpRequest({ url: record.url, timeoutMs: Math.max(50, Math.min(2000, deadline - Date.now())), followRedirects: false });
                    return this.toDeployment(record);
                }
                catch (e) {
                    if (!(e instanceof HttpFailure))
                        throw e;
                }
            if (Date.now() >= deadline || options.signal?.aborted) {
                const tail = logTail(record.logFile);
                await this.delete(id);
                throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .DeployFailure */ .Qt(`the app did not answer at ${record.url} within ${options.timeoutMs} ms${tail ? `; its log ends:\n${tail}` : ''}`, id);
            }
            await new Promise((r) => setTimeout(r, options.intervalMs ?? 5));
        }
    }
    async get(id) {
        const record = this.read(id);
        return record ? this.toDeployment(record) : undefined;
    }
    async list(options = {}) {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.dir))
            return [];
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(this.dir)
            .filter((f) => f.endsWith('.json'))
            .map((f) => this.read(f.slice(0, -5)))
            .filter((r) => r !== undefined && (!options.target || r.target === options.target))
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .slice(0, options.limit ?? 100)
            .map((r) => this.toDeployment(r));
    }
    async setTraffic() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .UnsupportedOperation */ .D9('local', 'split traffic yet', 'the weighted proxy (packages/proxy) adds this; until then use a guarded cutover');
    }
    async getTraffic() {
        return this.setTraffic();
    }
    async advanceStage() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .UnsupportedOperation */ .D9('local', 'advance a provider stage', 'local traffic is set by percentage');
    }
    async promote() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .UnsupportedOperation */ .D9('local', 'promote yet', 'the weighted proxy (packages/proxy) routes the stable URL');
    }
    async rollback() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_5__/* .UnsupportedOperation */ .D9('local', 'roll back yet', 'the weighted proxy (packages/proxy) routes the stable URL');
    }
    /** Stops the whole process group and forgets the deployment (its log stays for the report). */
    async delete(id) {
        const record = this.read(id);
        if (!record)
            return;
        await (0,_shipkit_kit_exec__WEBPACK_IMPORTED_MODULE_3__/* .stopGroup */ .gv)(record.pid);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(this.recordPath(id), { force: true });
    }
}


/***/ }),

/***/ 5812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ startDetached),
/* harmony export */   z: () => (/* binding */ commandEnv)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/**
 * What the local and command providers add to the kit's process handling: the environment a
 * user's command gets (secrets meant for the action — `INPUT_*`, tokens — are not passed on), and
 * the local provider's long-running start. That one is not `exec` (it outlives the action), so it is
 * spawned detached here — its own process group, output to a log file — and stopped later, from
 * any step, with the kit's `stopGroup`.
 */


const PRIVATE = /^(INPUT_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_TOKEN$|GITHUB_TOKEN$|GH_TOKEN$)/;
/** The environment a user's command gets: ours without the action's inputs and tokens, plus `extra`. */
function commandEnv(extra, base = process.env) {
    const env = {};
    for (const [k, v] of Object.entries(base))
        if (!PRIVATE.test(k))
            env[k] = v;
    for (const [k, v] of Object.entries(extra))
        if (v !== undefined)
            env[k] = v;
    return env;
}
/** Starts `command` with the shell in its own process group, output appended to `logFile`; returns its pid at once. */
function startDetached(command, options) {
    const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(options.logFile, 'a', 0o600);
    try {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] });
        child.on('error', () => undefined); // reported as the app not answering, with its log
        child.unref();
        return child.pid;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(log);
    }
}


/***/ }),

/***/ 5588:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D9: () => (/* binding */ UnsupportedOperation),
/* harmony export */   GC: () => (/* binding */ assertPercent),
/* harmony export */   Qt: () => (/* binding */ DeployFailure),
/* harmony export */   yD: () => (/* binding */ ProviderApiError)
/* harmony export */ });
/**
 * The provider interface, declared once. preview-deploy, canary-step and rollback call only this;
 * they branch on `capabilities`, never on a provider's name.
 */
/** The deployment failed: a build error, an upload rejected, an app that crashed or never answered. */
class DeployFailure extends Error {
    name = 'DeployFailure';
    deploymentId;
    constructor(message, deploymentId) {
        super(message);
        this.deploymentId = deploymentId;
    }
}
/** The provider's API said no (4xx) or kept failing (5xx after the retries). */
class ProviderApiError extends Error {
    name = 'ProviderApiError';
    status;
    code;
    /** The parsed error answer (Vercel's `missing_files` lists the digests it lacks). */
    body;
    constructor(message, status, code, body) {
        super(message);
        this.status = status;
        this.code = code;
        this.body = body;
    }
}
/** The operation is outside the provider's declared capabilities. */
class UnsupportedOperation extends Error {
    name = 'UnsupportedOperation';
    constructor(provider, operation, hint) {
        super(`the ${provider} provider cannot ${operation}: ${hint}`);
    }
}
function assertPercent(percent) {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100)
        throw new RangeError(`a traffic weight is a whole percentage from 0 to 100, got ${percent}`);
}


/***/ }),

/***/ 2783:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KE: () => (/* binding */ describeExit),
/* harmony export */   gv: () => (/* binding */ stopGroup),
/* harmony export */   m0: () => (/* binding */ exec),
/* harmony export */   xq: () => (/* binding */ groupAlive)
/* harmony export */ });
/* unused harmony exports killGroup, shellQuote, toolEnvironment */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Runs a program the way an action should: in its own process group, so stopping it (an abort, a
 * timeout, the runner cancelling the job) takes down the whole tree it started (npm → sh → node
 * workers), not only the direct child. SIGTERM first, SIGKILL after a grace period; output is
 * captured up to a cap; the result says how it ended (exit code or signal, cancelled, timed out).
 * Linux/POSIX only (process groups), like the runners shipkit supports.
 */



const DEFAULT_GRACE_MS = 2000;
const DEFAULT_MAX_OUTPUT = 128 * 1024 * 1024;
/** Sends `signal` to the process group `pid` leads. False when there is no such group (any more). */
function killGroup(pid, signal) {
    if (pid === undefined || pid <= 0)
        return false;
    try {
        process.kill(-pid, signal);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Whether a process of the group still runs. A zombie does not count: where nothing reaps orphans
 * promptly (a container's minimal init), a killed grandchild stays a zombie of the group for a while.
 */
function groupAlive(pid) {
    if (!killGroup(pid, 0))
        return false;
    // The leader itself running settles it with one read (a poll loop calls this often); only when it
    // is gone or a zombie are the other processes looked for.
    if (runsInGroup(pid, pid) === true)
        return true;
    let entries;
    try {
        entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)('/proc');
    }
    catch {
        return true; // no /proc: the signal check is all there is
    }
    for (const entry of entries) {
        if (!/^\d+$/.test(entry))
            continue;
        if (runsInGroup(Number(entry), pid) === true)
            return true;
    }
    return false;
}
/** Whether process `pid` runs (not a zombie) in group `group`; undefined when /proc cannot tell (gone meanwhile). */
function runsInGroup(pid, group) {
    try {
        // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses, so read after the last `)`.
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(pgrp) === group && state !== 'Z' && state !== 'X';
    }
    catch {
        return undefined;
    }
}
/** Waits until the group is gone or `ms` passed. */
async function waitGroupGone(pid, ms) {
    const until = Date.now() + ms;
    while (groupAlive(pid) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
}
/**
 * Stops a group you started yourself and left running (a server started detached, found again by
 * its pid in a later step): SIGTERM, SIGKILL after `graceMs`; resolves when nothing of it runs.
 */
async function stopGroup(pid, graceMs = DEFAULT_GRACE_MS) {
    if (!killGroup(pid, 'SIGTERM'))
        return;
    await waitGroupGone(pid, graceMs);
    if (!groupAlive(pid))
        return;
    killGroup(pid, 'SIGKILL');
    await waitGroupGone(pid, 2000);
}
/** Process groups still running, with their grace periods, so a cancelled job takes them along. */
const live = new Map();
let handlersInstalled = false;
/**
 * The runner cancels a job with SIGINT (then SIGTERM, then kills the step): every live group gets
 * SIGTERM, then SIGKILL after its grace period (at most 5 s, inside the runner's own window), and
 * the action exits 128 + the signal number — also when its own work ends first (a gate whose tool
 * was just stopped fails, and the action would exit 1). A second signal kills at once.
 */
function installCancellationHandlers() {
    if (handlersInstalled)
        return;
    handlersInstalled = true;
    let cancelCode;
    const onSignal = (signal) => {
        const groups = [...live.entries()];
        if (cancelCode !== undefined) {
            for (const [pid] of groups)
                killGroup(pid, 'SIGKILL');
            process.exit(cancelCode);
        }
        cancelCode = signal === 'SIGINT' ? 130 : 143;
        process.on('exit', () => {
            for (const [pid] of live)
                killGroup(pid, 'SIGKILL');
            process.exitCode = cancelCode;
        });
        for (const [pid] of groups)
            killGroup(pid, 'SIGTERM');
        const grace = Math.min(5000, Math.max(0, ...groups.map(([, g]) => g)));
        void Promise.all(groups.map(([pid]) => waitGroupGone(pid, grace))).then(() => {
            for (const [pid] of groups)
                killGroup(pid, 'SIGKILL');
            process.exit(cancelCode);
        });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
}
class Capture {
    chunks = [];
    size = 0;
    truncated = false;
    pending = '';
    max;
    onLine;
    /** A character split across two chunks is decoded whole. */
    decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_2__.StringDecoder('utf8');
    constructor(max, onLine) {
        this.max = max;
        this.onLine = onLine;
    }
    add(chunk) {
        const room = this.max - this.size;
        if (room >= chunk.length) {
            this.chunks.push(chunk);
            this.size += chunk.length;
        }
        else {
            if (room > 0)
                this.chunks.push(chunk.subarray(0, room));
            this.size = this.max;
            this.truncated = true;
        }
        if (this.onLine) {
            const text = this.pending + this.decoder.write(chunk);
            const lines = text.split('\n');
            this.pending = lines.pop() ?? '';
            for (const line of lines)
                this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        }
    }
    end() {
        if (this.onLine)
            this.pending += this.decoder.end();
        if (this.onLine && this.pending !== '')
            this.onLine(this.pending);
        this.pending = '';
        return Buffer.concat(this.chunks).toString('utf8');
    }
}
function exec(command, args, options) {
    installCancellationHandlers();
    const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    return new Promise((resolve) => {
        const notRun = { code: null, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false };
        if (options.signal?.aborted)
            return resolve({ ...notRun, cancelled: true });
        const spawnOptions = {
            cwd: options.cwd,
            env: options.env ?? process.env,
            detached: true, // its own process group (setsid): the group id is the child's pid
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        };
        const child = options.shell ? (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('sh', ['-c', command], spawnOptions) : (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, [...args], spawnOptions);
        const pid = child.pid;
        if (pid !== undefined)
            live.set(pid, graceMs);
        const out = new Capture(max, options.onLine && ((l) => options.onLine?.(l, 'stdout')));
        const err = new Capture(max, options.onLine && ((l) => options.onLine?.(l, 'stderr')));
        child.stdout?.on('data', (d) => out.add(d));
        child.stderr?.on('data', (d) => err.add(d));
        let cancelled = false;
        let timedOut = false;
        let settled = false;
        let hardKill;
        const stop = () => {
            if (hardKill)
                return;
            killGroup(pid, 'SIGTERM');
            hardKill = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        };
        const onAbort = () => {
            if (settled)
                return;
            cancelled = true;
            stop();
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        const timer = options.timeoutMs !== undefined
            ? setTimeout(() => {
                timedOut = true;
                stop();
            }, options.timeoutMs)
            : undefined;
        const finish = (code, signal, spawnError) => {
            if (settled)
                return;
            settled = true;
            options.signal?.removeEventListener('abort', onAbort);
            if (timer)
                clearTimeout(timer);
            if (hardKill)
                clearTimeout(hardKill);
            const done = async () => {
                if (pid !== undefined && (cancelled || timedOut)) {
                    // Workers that outlived the leader (a watcher, a stray grandchild) go with it, and are
                    // gone before the caller cleans up after them (a sandbox directory, a temp dir).
                    killGroup(pid, 'SIGKILL');
                    await waitGroupGone(pid, Math.min(graceMs, 1000));
                }
                if (pid !== undefined)
                    live.delete(pid);
                resolve({
                    code,
                    signal,
                    stdout: out.end(),
                    stderr: spawnError ? spawnError.message : err.end(),
                    cancelled,
                    timedOut,
                    truncated: out.truncated || err.truncated,
                    ...(spawnError ? { spawnError: spawnError.message } : {}),
                });
            };
            void done();
        };
        child.on('error', (e) => finish(null, null, e));
        child.on('close', (code, signal) => finish(code, signal));
        if (child.stdin) {
            child.stdin.on('error', () => undefined); // a child that exits without reading its input
            child.stdin.end(options.input);
        }
    });
}
/** How a run ended, for messages: `exited with code 2`, `was stopped by SIGKILL`, `timed out after 30 s`. */
function describeExit(r, timeoutMs) {
    if (r.spawnError)
        return `could not be started (${r.spawnError})`;
    if (r.timedOut)
        return timeoutMs !== undefined ? `timed out after ${timeoutMs} ms` : 'timed out';
    if (r.cancelled)
        return 'was cancelled';
    if (r.signal)
        return `was stopped by ${r.signal}`;
    return `exited with code ${r.code}`;
}
/** Shows a command line the way a person would type it (for logs and reports, never to run). */
const shellQuote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
/**
 * What only the action itself may read: its inputs (`INPUT_*`, tokens among them) and the tokens
 * the runner gives actions (cache and artifact service, OIDC), which a `run:` step never gets.
 */
const ACTION_PRIVATE = /^(?:INPUT_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_TOKEN$)/;
/**
 * The environment for the project's own tools (linters, test runners, a gate's command): the
 * action's, without its inputs and the runner's action tokens. The project's code is the pull
 * request's, so it gets no more than a `run:` step of the same job would.
 */
function toolEnvironment(env = process.env) {
    const out = {};
    for (const [name, value] of Object.entries(env))
        if (!ACTION_PRIVATE.test(name))
            out[name] = value;
    return out;
}


/***/ })

};
