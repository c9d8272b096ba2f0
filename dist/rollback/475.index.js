export const id = 475;
export const ids = [475];
export const modules = {

/***/ 7475:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LocalProvider: () => (/* binding */ LocalProvider)
});

// UNUSED EXPORTS: freeTcpPort, logTail

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/kit/src/exec.ts
var exec = __webpack_require__(2783);
// EXTERNAL MODULE: ./packages/deploy/src/process.ts
var src_process = __webpack_require__(5812);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./packages/kit/src/index.ts + 9 modules
var src = __webpack_require__(957);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./packages/proxy/src/launch.ts
/**
 * Running the proxy as its own long-lived process: where its bundle is, and `launchProxy`, which
 * writes the config (mode 0600: it holds the token), starts `node <bundle> --config <file>`
 * detached (it outlives the step that started it), and resolves once the proxy listens.
 * Loads nothing heavy: an action that only launches and drives the proxy stays light.
 */




/**
 * The proxy's bundle, `dist/proxy/index.js`. Inside an action's bundle (`dist/<action>/index.js`)
 * it is the sibling folder; from the sources (tests, the CLI in development) it is the
 * repository's committed `dist/proxy/index.js`.
 */
function proxyBundlePath() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    const sibling = (0,external_node_path_.join)(here, '..', 'proxy', 'index.js');
    if ((0,external_node_fs_.existsSync)(sibling))
        return sibling;
    return (0,external_node_path_.join)(here, '..', '..', '..', 'dist', 'proxy', 'index.js');
}
const alive = (pid) => {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch {
        return false;
    }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function stopProcess(pid, graceMs = 35_000) {
    if (!alive(pid))
        return;
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        return;
    }
    const deadline = Date.now() + graceMs;
    while (alive(pid) && Date.now() < deadline)
        await sleep(20);
    if (alive(pid)) {
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            /* already gone */
        }
        while (alive(pid))
            await sleep(20);
    }
}
/**
 * Starts the proxy bundle detached, with its config in `dir/proxy.json` and its log in
 * `dir/proxy.log`, and resolves once it listens (or rejects with the proxy's own error line).
 */
async function launchProxy(config, { dir, timeoutMs = 15_000, node = process.execPath, bundle = proxyBundlePath(), }) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const configFile = (0,external_node_path_.join)(dir, 'proxy.json');
    const readyFile = (0,external_node_path_.join)(dir, 'proxy.ready.json');
    const logFile = (0,external_node_path_.join)(dir, 'proxy.log');
    const full = { ...config, readyFile, pidFile: (0,external_node_path_.join)(dir, 'proxy.pid') };
    (0,external_node_fs_.rmSync)(readyFile, { force: true });
    (0,external_node_fs_.writeFileSync)(configFile, JSON.stringify(full, null, 2), { mode: 0o600 });
    (0,external_node_fs_.chmodSync)(configFile, 0o600);
    const log = (0,external_node_fs_.openSync)(logFile, 'a');
    const child = (0,external_node_child_process_.spawn)(node, [bundle, '--config', configFile], { detached: true, stdio: ['ignore', log, log] });
    (0,external_node_fs_.closeSync)(log);
    let exitCode;
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
        exitCode = code;
        resolve({ code, signal });
    }));
    child.unref();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if ((0,external_node_fs_.existsSync)(readyFile)) {
            const ready = JSON.parse((0,external_node_fs_.readFileSync)(readyFile, 'utf8'));
            return { ...ready, logFile, exited, stop: (graceMs) => stopProcess(ready.pid, graceMs) };
        }
        if (exitCode !== undefined) {
            const lines = (0,external_node_fs_.readFileSync)(logFile, 'utf8').trim().split('\n');
            throw new Error(`the proxy exited with code ${exitCode}: ${lines[lines.length - 1] ?? ''}`);
        }
        await sleep(20);
    }
    if (child.pid)
        await stopProcess(child.pid, 2000);
    throw new Error(`the proxy did not listen within ${timeoutMs} ms (log: ${logFile})`);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./packages/proxy/src/client.ts
/**
 * A client of the admin endpoint, for whoever drives a proxy running in another process (the
 * local deploy provider, canary-step, the tests, the benchmark). Plain node:http with no agent
 * and no proxy settings: the admin listener is always on loopback, and an HTTP(S)_PROXY of the
 * environment must never see the token. Loads nothing heavy (no undici, no prom-client).
 */

class ProxyAdminError extends Error {
    name = 'ProxyAdminError';
    /** HTTP status, or 0 when the admin endpoint gave no answer. */
    status;
    /** The option the proxy rejected, for a 400. */
    field;
    constructor(message, status, field) {
        super(message);
        this.status = status;
        if (field !== undefined)
            this.field = field;
    }
}
function proxyAdminClient({ adminUrl, token, timeoutMs = 60_000, }) {
    const base = new URL(adminUrl);
    const call = (method, path, body) => new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = (0,external_node_http_.request)({
            host: base.hostname.replace(/^\[|\]$/g, ''),
            port: base.port,
            method,
            path,
            agent: false,
            timeout: timeoutMs,
            headers: {
                authorization: `Bearer ${token}`,
                ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            },
        }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', (e) => reject(new ProxyAdminError(`the proxy admin endpoint broke off its answer (${e.message})`, 0)));
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (e) => reject(new ProxyAdminError(`the proxy admin endpoint ${base.origin} did not answer (${e.message})`, 0)));
        req.end(payload);
    });
    const json = async (method, path, body) => {
        const { status, text } = await call(method, path, body);
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            throw new ProxyAdminError(`the proxy admin endpoint answered ${status} with a body that is not JSON`, status);
        }
        if (status !== 200)
            throw new ProxyAdminError(`proxy admin ${method} ${path.split('?')[0]}: ${status} ${parsed.error ?? ''}`.trim(), status, parsed.field);
        return parsed;
    };
    const wait = (options) => (options?.waitDrained ? '?wait=drained' : '');
    return {
        state: () => json('GET', '/state'),
        setWeights: (change) => json('PUT', '/weights', change),
        setBackends: (change, options) => json('PUT', `/backends${wait(options)}`, change),
        promote: (options) => json('POST', `/promote${wait(options)}`),
        metrics: async () => {
            const { status, text } = await call('GET', '/metrics');
            if (status !== 200)
                throw new ProxyAdminError(`proxy admin GET /metrics: ${status}`, status);
            return text;
        },
    };
}

;// CONCATENATED MODULE: ./packages/deploy/src/local-traffic.ts
/**
 * The local provider's traffic: one weighted proxy (packages/proxy) per app, a long-running
 * process of its own that serves the environment's stable URL and sends each request to the
 * stable or the candidate deployment (each a local process group) by weight. It is launched
 * detached (`launchProxy`), so it outlives the step that started it, and found again from its
 * record: `<stateDir>/local-traffic/<name>/traffic.json` (its pid, URL, admin URL, the backends).
 * The admin token is a secret of its own file (mode 0600, beside the proxy's own 0600 config);
 * it is masked when read and never written into the record, a log, a report or a message.
 */







const NAME = /^[\w.-]{1,100}$/;
class LocalTraffic {
    dir;
    recordFile;
    tokenFile;
    name;
    options;
    // No parameter properties: these sources also run under Node's type stripping (packages/deploy/tsconfig.json).
    constructor(stateDir, name, options = {}) {
        this.name = name;
        this.options = options;
        if (!NAME.test(name))
            throw new Error(`\`${name}\` is not a local app name`);
        this.dir = (0,external_node_path_.join)(stateDir, 'local-traffic', name);
        this.recordFile = (0,external_node_path_.join)(this.dir, 'traffic.json');
        this.tokenFile = (0,external_node_path_.join)(this.dir, 'token');
    }
    /** The apps that have (or had) a proxy in this state directory. */
    static names(stateDir) {
        const root = (0,external_node_path_.join)(stateDir, 'local-traffic');
        if (!(0,external_node_fs_.existsSync)(root))
            return [];
        return (0,external_node_fs_.readdirSync)(root).filter((n) => NAME.test(n) && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, n, 'traffic.json')));
    }
    read() {
        try {
            return JSON.parse((0,external_node_fs_.readFileSync)(this.recordFile, 'utf8'));
        }
        catch {
            return undefined;
        }
    }
    /** The record, when its proxy still runs. */
    running() {
        const record = this.read();
        return record && (0,exec/* groupAlive */.xq)(record.proxy.pid) ? record : undefined;
    }
    write(record) {
        (0,external_node_fs_.mkdirSync)(this.dir, { recursive: true });
        const temp = `${this.recordFile}.${process.pid}.tmp`;
        (0,external_node_fs_.writeFileSync)(temp, JSON.stringify({ ...record, updatedAt: new Date().toISOString() }, null, 1), { mode: 0o600 });
        (0,external_node_fs_.renameSync)(temp, this.recordFile);
    }
    /** The admin token: made once per app (0600), masked whenever it is read. */
    token() {
        let token;
        try {
            token = (0,external_node_fs_.readFileSync)(this.tokenFile, 'utf8').trim();
        }
        catch {
            token = '';
        }
        if (token.length < 16) {
            (0,external_node_fs_.mkdirSync)(this.dir, { recursive: true });
            token = (0,external_node_crypto_.randomBytes)(24).toString('base64url');
            (0,external_node_fs_.writeFileSync)(this.tokenFile, `${token}\n`, { mode: 0o600 });
            (0,external_node_fs_.chmodSync)(this.tokenFile, 0o600);
        }
        (0,src/* setSecret */.Pq)(token);
        return token;
    }
    admin(record, timeoutMs = 60_000) {
        return proxyAdminClient({ adminUrl: record.proxy.adminUrl, token: this.token(), timeoutMs });
    }
    /**
     * Starts the proxy with these backends (on the port the app's stable URL had before, when it had
     * one) and records it. Resolves once it listens.
     */
    async launch(stable, candidate, weight) {
        const previous = this.read();
        const port = previous ? Number(new URL(previous.url).port) : 0;
        const launched = await launchProxy({
            token: this.token(),
            stable: { url: stable.url, version: stable.id },
            ...(candidate ? { candidate: { url: candidate.url, version: candidate.id } } : {}),
            weight: candidate ? weight : 0,
            listen: { host: this.options.host ?? '127.0.0.1', port },
            health: { path: '/', intervalMs: this.options.healthIntervalMs ?? 500 },
            drainTimeoutMs: this.options.drainTimeoutMs ?? 30_000,
        }, { dir: this.dir });
        const record = {
            name: this.name,
            url: launched.url,
            proxy: { pid: launched.pid, adminUrl: launched.adminUrl, logFile: launched.logFile },
            stable,
            candidate,
            weight: candidate ? weight : 0,
            updatedAt: new Date().toISOString(),
        };
        this.write(record);
        return record;
    }
    /**
     * Stops the proxy (it drains in-flight requests first). The record stays, so a proxy launched
     * later serves the same stable URL; `forget` removes it with the token.
     */
    async stop(graceMs = 10_000) {
        const record = this.read();
        if (record)
            await stopProcess(record.proxy.pid, graceMs);
    }
    async forget() {
        await this.stop();
        (0,external_node_fs_.rmSync)(this.dir, { recursive: true, force: true });
    }
}

// EXTERNAL MODULE: ./packages/deploy/src/provider.ts
var provider = __webpack_require__(5588);
;// CONCATENATED MODULE: ./packages/deploy/src/local.ts
/**
 * The local provider, the embedded default: the user's `start-command` runs in `directory` with
 * `PORT` set to a free port, in its own process group, its output in a log file. Ready when the
 * URL gives any HTTP answer. The preview outlives the action (until destroy, or the end of the
 * job on a runner); each deployment is a small JSON file in the state directory, so a later run
 * (destroy, gc) finds its process group.
 *
 * Traffic (a `percent` provider): the app's stable URL is served by its weighted proxy
 * (local-traffic.ts), the stable and candidate deployments behind it. `setTraffic` moves the
 * weight through the proxy's admin API (the proxy is launched with the first split); `promote`
 * makes the candidate the stable one and stops the old stable's process group once its
 * connections drained; `rollback` puts all traffic on a deployment at once (weight 0 for the
 * candidate when it rolls back to the stable one).
 */







function freeTcpPort(host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
        const server = (0,external_node_net_.createServer)();
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
        const socket = (0,external_node_net_.connect)({ port, host });
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('error', () => resolve(false));
    });
}
/** The end of a log, for a failure message (the caller redacts it). */
function logTail(file, bytes = 2000) {
    if (!(0,external_node_fs_.existsSync)(file))
        return '';
    const fd = (0,external_node_fs_.openSync)(file, 'r');
    try {
        const size = (0,external_node_fs_.fstatSync)(fd).size;
        const length = Math.min(bytes, size);
        const buffer = Buffer.alloc(length);
        (0,external_node_fs_.readSync)(fd, buffer, 0, length, size - length);
        return buffer.toString('utf8').trim();
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
class LocalProvider {
    name = 'local';
    capabilities = {
        traffic: 'percent',
        // A promoted release's predecessor is stopped once drained: rolling back to it means deploying it again.
        instantRollback: false,
        contentAddressedUpload: false,
        alias: false,
        deleteDeployment: true,
    };
    dir;
    options;
    constructor(options) {
        this.options = options;
        this.dir = (0,external_node_path_.join)(options.stateDir, 'local-deployments');
    }
    recordPath(id) {
        if (!/^[\w.-]+$/.test(id))
            throw new provider/* DeployFailure */.Qt(`\`${id}\` is not a local deployment id`);
        return (0,external_node_path_.join)(this.dir, `${id}.json`);
    }
    read(id) {
        try {
            return JSON.parse((0,external_node_fs_.readFileSync)(this.recordPath(id), 'utf8'));
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
            state: (0,exec/* groupAlive */.xq)(r.pid) ? 'ready' : 'deleted',
            target: r.target,
            createdAt: r.createdAt,
            details: { pid: r.pid, port: r.port, logFile: r.logFile, name: r.name, ...this.stableUrlOf(r) },
        };
    }
    async deploy(request) {
        (0,external_node_fs_.mkdirSync)(this.dir, { recursive: true });
        const host = this.options.host ?? '127.0.0.1';
        const port = await freeTcpPort(host);
        const id = `${request.name.replace(/[^\w.-]/g, '-')}-${port}`;
        const logFile = (0,external_node_path_.join)(this.dir, `${id}.log`);
        const pid = (0,src_process/* startDetached */.t)(this.options.startCommand, {
            cwd: request.directory,
            env: (0,src_process/* commandEnv */.z)({ PORT: String(port), HOST: host }, this.options.env),
            logFile,
        });
        if (!pid)
            throw new provider/* DeployFailure */.Qt(`\`start-command\` could not be started`);
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
        (0,external_node_fs_.writeFileSync)(this.recordPath(id), JSON.stringify(record));
        return this.toDeployment(record);
    }
    async waitReady(id, options) {
        const record = this.read(id);
        if (!record)
            throw new provider/* DeployFailure */.Qt(`local deployment ${id} is not known`, id);
        const deadline = Date.now() + options.timeoutMs;
        // Loaded once the app is starting: node:http is not needed to start it.
        const { httpRequest, HttpFailure } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8332));
        for (;;) {
            if (!(0,exec/* groupAlive */.xq)(record.pid)) {
                const tail = logTail(record.logFile);
                await this.delete(id);
                throw new provider/* DeployFailure */.Qt(`the app exited before it answered at ${record.url}${tail ? `; its log ends:\n${tail}` : ''}`, id);
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
                throw new provider/* DeployFailure */.Qt(`the app did not answer at ${record.url} within ${options.timeoutMs} ms${tail ? `; its log ends:\n${tail}` : ''}`, id);
            }
            await new Promise((r) => setTimeout(r, options.intervalMs ?? 5));
        }
    }
    async get(id) {
        const record = this.read(id);
        return record ? this.toDeployment(record) : undefined;
    }
    async list(options = {}) {
        if (!(0,external_node_fs_.existsSync)(this.dir))
            return [];
        return (0,external_node_fs_.readdirSync)(this.dir)
            .filter((f) => f.endsWith('.json'))
            .map((f) => this.read(f.slice(0, -5)))
            .filter((r) => r !== undefined && (!options.target || r.target === options.target))
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .slice(0, options.limit ?? 100)
            .map((r) => this.toDeployment(r));
    }
    traffic(name) {
        return new LocalTraffic(this.options.stateDir, name, { host: this.options.host, drainTimeoutMs: this.options.drainTimeoutMs });
    }
    /** A running deployment as a proxy backend, or a DeployFailure saying why it cannot serve. */
    backend(id, role) {
        const record = this.read(id);
        if (!record)
            throw new provider/* DeployFailure */.Qt(`the ${role} \`${id}\` is no local deployment of this workspace`, id);
        if (!(0,exec/* groupAlive */.xq)(record.pid))
            throw new provider/* DeployFailure */.Qt(`the ${role} \`${id}\` no longer runs (pid ${record.pid}); deploy it again`, id);
        return { record, backend: { id: record.id, url: record.url, pid: record.pid } };
    }
    static split(record, weights) {
        return {
            weights: [
                ...(record.candidate ? [{ id: record.candidate.id, percent: weights.candidate }] : []),
                { id: record.stable.id, percent: record.candidate ? weights.stable : 100 },
            ],
        };
    }
    /** The app's stable URL, for a deployment serving behind the app's running proxy. */
    stableUrlOf(r) {
        const traffic = this.traffic(r.name).running();
        return traffic && (traffic.stable.id === r.id || traffic.candidate?.id === r.id) ? { stableUrl: traffic.url } : {};
    }
    /** The app's stable URL (its proxy) and backends, when its proxy runs. */
    trafficRecord(name) {
        return this.traffic(name).running();
    }
    async setTraffic(request) {
        (0,provider/* assertPercent */.GC)(request.percent);
        const { record: candidate, backend: candidateBackend } = this.backend(request.candidate, 'candidate');
        const traffic = this.traffic(candidate.name);
        const current = traffic.running();
        const stableId = request.stable ?? current?.stable.id;
        if (!stableId)
            throw new provider/* DeployFailure */.Qt(`no stable deployment serves ${candidate.name} yet, so there is nothing to split traffic with; name the stable one (or promote one first)`);
        if (stableId === candidate.id)
            throw new provider/* DeployFailure */.Qt(`\`${candidate.id}\` cannot be both the stable and the candidate deployment`);
        const { backend: stableBackend } = this.backend(stableId, 'stable deployment');
        if (!current) {
            const launched = await traffic.launch(stableBackend, candidateBackend, request.percent);
            return LocalProvider.split(launched, { stable: 100 - request.percent, candidate: request.percent });
        }
        const admin = traffic.admin(current);
        let state;
        if (current.stable.id === stableId && current.candidate?.id === candidate.id)
            state = await admin.setWeights({ candidate: request.percent });
        else
            state = (await admin.setBackends({
                stable: { url: stableBackend.url, version: stableBackend.id },
                candidate: { url: candidateBackend.url, version: candidateBackend.id },
                weight: request.percent,
            })).state;
        const next = { ...current, stable: stableBackend, candidate: candidateBackend, weight: state.weights.candidate };
        traffic.write(next);
        return LocalProvider.split(next, state.weights);
    }
    async getTraffic(candidate) {
        const names = candidate
            ? [this.read(candidate)?.name].filter((n) => n !== undefined)
            : LocalTraffic.names(this.options.stateDir);
        if (names.length > 1)
            throw new provider/* DeployFailure */.Qt(`several local apps have traffic here (${names.join(', ')}); name the deployment whose split you want`);
        const record = names[0] ? this.traffic(names[0]).running() : undefined;
        if (!record)
            return { weights: [] };
        const state = await this.traffic(record.name).admin(record).state();
        return LocalProvider.split(record, state.weights);
    }
    async advanceStage() {
        throw new provider/* UnsupportedOperation */.D9('local', 'advance a provider stage', 'local traffic is set by percentage');
    }
    /**
     * All of the app's traffic to `id`, for good: it becomes the stable backend (the proxy is
     * launched with it when there is none yet: the app's first release), and every backend it
     * replaces is stopped once its in-flight requests finished.
     */
    async promote(id) {
        const { record, backend } = this.backend(id, 'deployment to promote');
        const traffic = this.traffic(record.name);
        const current = traffic.running();
        if (!current) {
            await traffic.launch(backend, null, 0);
            return;
        }
        if (current.stable.id === id && !current.candidate)
            return;
        const admin = traffic.admin(current);
        const change = current.candidate?.id === id
            ? await admin.promote({ waitDrained: true })
            : await admin.setBackends({ stable: { url: backend.url, version: backend.id }, candidate: null }, { waitDrained: true });
        traffic.write({ ...current, stable: backend, candidate: null, weight: 0 });
        // Drained: nothing is in flight on the replaced releases any more, so their processes can go.
        for (const retired of change.retired)
            if (retired.version !== id)
                await this.delete(retired.version);
    }
    /**
     * All of the app's traffic back on `id` at once. Rolling back to the stable deployment is the
     * candidate's weight set to 0 (it stays behind the proxy, serving nothing, until it is deleted);
     * to another running deployment, it becomes the stable backend and the others are detached.
     */
    async rollback(id) {
        const { record, backend } = this.backend(id, 'deployment to roll back to');
        const traffic = this.traffic(record.name);
        const current = traffic.running();
        if (!current) {
            await traffic.launch(backend, null, 0);
            return;
        }
        const admin = traffic.admin(current);
        if (current.stable.id === id) {
            if (current.candidate)
                await admin.setWeights({ candidate: 0 });
            traffic.write({ ...current, weight: 0 });
            return;
        }
        await admin.setBackends({ stable: { url: backend.url, version: backend.id }, candidate: null });
        traffic.write({ ...current, stable: backend, candidate: null, weight: 0 });
    }
    /** Stops the app's proxy: its stable URL stops answering (the deployments keep running). */
    async stopTraffic(name) {
        await this.traffic(name).stop();
    }
    /** Stops the whole process group and forgets the deployment (its log stays for the report). */
    async delete(id) {
        const record = this.read(id);
        if (!record)
            return;
        await this.detach(record);
        await (0,exec/* stopGroup */.gv)(record.pid);
        (0,external_node_fs_.rmSync)(this.recordPath(id), { force: true });
    }
    /**
     * Takes a deployment out of its app's proxy before it is stopped: a candidate is removed (after
     * its in-flight requests finished); the stable one cannot go while it serves the stable URL.
     */
    async detach(record) {
        const traffic = this.traffic(record.name);
        const current = traffic.running();
        if (!current)
            return;
        if (current.stable.id === record.id)
            throw new provider/* DeployFailure */.Qt(`\`${record.id}\` serves ${record.name}'s stable URL ${current.url}; promote or roll back to another deployment first`, record.id);
        if (current.candidate?.id !== record.id)
            return;
        await traffic.admin(current).setBackends({ candidate: null }, { waitDrained: true });
        traffic.write({ ...current, candidate: null, weight: 0 });
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
