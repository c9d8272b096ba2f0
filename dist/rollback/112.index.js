export const id = 112;
export const ids = [112];
export const modules = {

/***/ 4112:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CommandProvider: () => (/* binding */ CommandProvider)
/* harmony export */ });
/* unused harmony export parseScriptResult */
/* harmony import */ var _shipkit_kit_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2783);
/* harmony import */ var _process__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5812);
/* harmony import */ var _provider__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5588);
/**
 * The command provider: the user's own scripts deploy and destroy (Fly.io, Railway, Kubernetes
 * with Argo Rollouts, anything with a CLI). A script reports what it deployed on its last line:
 * a JSON object `{"url": …, "id": …}` or a bare URL (then the URL is the id). Each script runs in
 * `directory` in its own process group with SHIPKIT_* variables describing the deployment, never
 * with the action's inputs or tokens.
 */



/** The deployment a script reported: its last JSON line `{"url","id"}`, else its last line as a URL. */
function parseScriptResult(stdout) {
    const lines = stdout
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i];
        if (!line.startsWith('{'))
            continue;
        try {
            const value = JSON.parse(line);
            if (typeof value.url === 'string' && isHttpUrl(value.url)) {
                const aliases = Array.isArray(value.aliasUrls)
                    ? value.aliasUrls.filter((a) => typeof a === 'string' && isHttpUrl(a))
                    : [];
                if (typeof value.alias === 'string' && isHttpUrl(value.alias))
                    aliases.push(value.alias);
                return {
                    url: value.url,
                    id: typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id) : value.url,
                    aliasUrls: aliases,
                };
            }
        }
        catch {
            // Not JSON after all: the last line may still be a URL.
        }
    }
    const last = lines.at(-1);
    return last && isHttpUrl(last) ? { url: last, id: last, aliasUrls: [] } : undefined;
}
function isHttpUrl(text) {
    try {
        const u = new URL(text);
        return u.protocol === 'http:' || u.protocol === 'https:';
    }
    catch {
        return false;
    }
}
const tail = (text) => text.trim().split('\n').slice(-15).join('\n');
class CommandProvider {
    name = 'command';
    capabilities;
    known = new Map();
    options;
    constructor(options) {
        this.options = options;
        this.capabilities = {
            traffic: options.weightCommand ? 'percent' : 'none',
            instantRollback: Boolean(options.rollbackCommand),
            contentAddressedUpload: false,
            alias: false,
            deleteDeployment: Boolean(options.destroyCommand),
        };
    }
    async run(input, command, vars) {
        const result = await (0,_shipkit_kit_exec__WEBPACK_IMPORTED_MODULE_0__/* .exec */ .m0)(command, [], {
            shell: true,
            cwd: this.options.cwd,
            env: (0,_process__WEBPACK_IMPORTED_MODULE_1__/* .commandEnv */ .z)(vars, this.options.env),
            timeoutMs: this.options.timeoutMs,
            maxOutputBytes: 1024 * 1024,
        });
        if (result.timedOut)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .DeployFailure */ .Qt(`\`${input}\` did not finish within ${this.options.timeoutMs} ms`);
        if (result.code !== 0) {
            const output = result.stderr.trim() || result.stdout.trim();
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .DeployFailure */ .Qt(`\`${input}\` ${(0,_shipkit_kit_exec__WEBPACK_IMPORTED_MODULE_0__/* .describeExit */ .KE)(result)}${output ? `; its output ends:\n${tail(output)}` : ''}`);
        }
        return result;
    }
    async deploy(request) {
        if (!this.options.deployCommand)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .UnsupportedOperation */ .D9('command', 'deploy', 'give `deploy-command`');
        const result = await this.run('deploy-command', this.options.deployCommand, {
            SHIPKIT_TARGET: request.target,
            SHIPKIT_NAME: request.name,
            SHIPKIT_ALIAS: request.alias,
            SHIPKIT_SHA: request.sha,
            SHIPKIT_REF: request.ref,
            SHIPKIT_DIRECTORY: request.directory,
        });
        const reported = parseScriptResult(result.stdout);
        if (!reported)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .DeployFailure */ .Qt('`deploy-command` finished without reporting a URL: print `{"url": "https://…", "id": "…"}` or the URL as its last line');
        const deployment = { ...reported, state: 'ready', target: request.target, createdAt: new Date().toISOString() };
        this.known.set(deployment.id, deployment);
        return deployment;
    }
    /** The script's exit is the deploy's end; the URL's first answer is waited for by the caller. */
    async waitReady(id, _options) {
        const d = this.known.get(id);
        if (!d)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .DeployFailure */ .Qt(`deployment ${id} was not made by this run's deploy-command`, id);
        return d;
    }
    async get(id) {
        return this.known.get(id);
    }
    async list() {
        return [...this.known.values()];
    }
    async setTraffic(request) {
        (0,_provider__WEBPACK_IMPORTED_MODULE_2__/* .assertPercent */ .GC)(request.percent);
        if (!this.options.weightCommand)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .UnsupportedOperation */ .D9('command', 'split traffic', 'give a weight command');
        await this.run('weight-command', this.options.weightCommand, {
            SHIPKIT_DEPLOYMENT_ID: request.candidate,
            SHIPKIT_STABLE_ID: request.stable,
            SHIPKIT_WEIGHT: String(request.percent),
        });
        const weights = [{ id: request.candidate, percent: request.percent }];
        if (request.stable && request.percent < 100)
            weights.push({ id: request.stable, percent: 100 - request.percent });
        return { weights };
    }
    async getTraffic() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .UnsupportedOperation */ .D9('command', 'read the traffic split', 'the scripts own the traffic; canary-step resumes from its own report');
    }
    async advanceStage() {
        throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .UnsupportedOperation */ .D9('command', 'advance a provider stage', 'set the weight with a weight command');
    }
    async promote(id) {
        if (!this.options.promoteCommand)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .UnsupportedOperation */ .D9('command', 'promote', 'give a promote command');
        await this.run('promote-command', this.options.promoteCommand, { SHIPKIT_DEPLOYMENT_ID: id });
    }
    async rollback(id) {
        if (!this.options.rollbackCommand)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .UnsupportedOperation */ .D9('command', 'roll back', 'give a rollback command');
        await this.run('rollback-command', this.options.rollbackCommand, { SHIPKIT_DEPLOYMENT_ID: id });
    }
    async delete(id, url) {
        if (!this.options.destroyCommand)
            throw new _provider__WEBPACK_IMPORTED_MODULE_2__/* .UnsupportedOperation */ .D9('command', 'destroy a deployment', 'give `destroy-command`');
        await this.run('destroy-command', this.options.destroyCommand, {
            SHIPKIT_DEPLOYMENT_ID: id,
            SHIPKIT_DEPLOYMENT_URL: url ?? this.known.get(id)?.url,
        });
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
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3004);
/**
 * Runs a program the way an action should: in its own process group, so stopping it (an abort, a
 * timeout, the runner cancelling the job) takes down the whole tree it started (npm → sh → node
 * workers), not only the direct child. SIGTERM first, SIGKILL after a grace period; output is
 * captured up to a cap; the result says how it ended (exit code or signal, cancelled, timed out).
 * Linux/POSIX only (process groups), like the runners shipkit supports.
 */



// With its extension: the kit's exec also runs under Node's own type stripping (its cancellation test).

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
 * was just stopped fails, and the action would exit 1). A second signal kills the groups at once.
 * The exit itself is cancel.ts's, after every other cancellation hook (canary-step's return to
 * stable) has finished too.
 */
function installCancellationHandlers() {
    if (handlersInstalled)
        return;
    handlersInstalled = true;
    let signals = 0;
    (0,_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .onCancelSignal */ .St)(() => {
        if (++signals > 1)
            for (const [pid] of live)
                killGroup(pid, 'SIGKILL');
    });
    (0,_cancel_js__WEBPACK_IMPORTED_MODULE_3__/* .onCancel */ .Ao)(async () => {
        const groups = [...live.entries()];
        process.on('exit', () => {
            for (const [pid] of live)
                killGroup(pid, 'SIGKILL');
        });
        for (const [pid] of groups)
            killGroup(pid, 'SIGTERM');
        const grace = Math.min(5000, Math.max(0, ...groups.map(([, g]) => g)));
        await Promise.all(groups.map(([pid]) => waitGroupGone(pid, grace)));
        for (const [pid] of groups)
            killGroup(pid, 'SIGKILL');
    });
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
