export const id = 69;
export const ids = [69];
export const modules = {

/***/ 6069:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  autoFix: () => (/* binding */ autoFix)
});

// UNUSED EXPORTS: AGENT, AGENT_TRAILER, FINGERPRINT_TRAILER

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/kit/src/index.ts + 8 modules
var src = __webpack_require__(547);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: ./packages/kit/src/cancel.ts
var cancel = __webpack_require__(3004);
;// CONCATENATED MODULE: ./packages/kit/src/exec.ts
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
        entries = (0,external_node_fs_.readdirSync)('/proc');
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
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
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
    (0,cancel/* onCancelSignal */.St)(() => {
        if (++signals > 1)
            for (const [pid] of live)
                killGroup(pid, 'SIGKILL');
    });
    (0,cancel/* onCancel */.Ao)(async () => {
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
    decoder = new external_node_string_decoder_.StringDecoder('utf8');
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
function exec_exec(command, args, options) {
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
        const child = options.shell ? (0,external_node_child_process_.spawn)('sh', ['-c', command], spawnOptions) : (0,external_node_child_process_.spawn)(command, [...args], spawnOptions);
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

// EXTERNAL MODULE: ./packages/kit/src/commands.ts
var commands = __webpack_require__(8448);
// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(7817);
;// CONCATENATED MODULE: ./packages/kit/src/git.ts
/**
 * Git for change-aware actions: find the merge-base (fetching what a shallow clone lacks) and
 * parse `git diff -U0 -M` into changed files with the added line ranges of the new side.
 *
 * Revisions and paths come from outside (inputs, event payloads, a repository's file names), so
 * every call puts them after `--end-of-options` (and paths after `--`): a base of
 * `--upload-pack=touch /tmp/pwned` is a bad revision, never an option. `assertRevision` refuses a
 * value starting with `-` up front, with an error naming the input.
 *
 * A fetch needs no credential where actions/checkout left one (its default) or the repository is
 * public. Where it left none (`persist-credentials: false`) and the repository is private, the
 * fetch is refused; it is then retried with the token given to that one git process only, through
 * `GIT_CONFIG_*` environment variables, as the header actions/checkout itself configures
 * (`http.<server origin>/.extraheader` = `AUTHORIZATION: basic base64(x-access-token:<token>)`):
 * never in argv or `.git/config`, registered as a secret, and sent by git to that server alone.
 */



/** Runs git in `cwd`; `env` is the child's whole environment (default: this process's). */
function git(args, cwd, env) {
    return exec_exec('git', ['-c', 'core.quotePath=false', ...args], { cwd, ...(env ? { env } : {}) }).then((r) => {
        if (r.spawnError)
            throw new errors/* ConfigurationError */.j1(`could not run git (${r.spawnError}); is git installed and on PATH?`);
        return { code: r.code ?? 128, stdout: r.stdout, stderr: r.stderr };
    });
}
async function gitOk(args, cwd) {
    return (await git(args, cwd)).code === 0;
}
/**
 * Refuses what git would not read as a revision: a value starting with `-` (an option), or one
 * with control characters or spaces (no ref name or revision expression of a commit has them).
 */
function assertRevision(value, input) {
    if (value.startsWith('-'))
        throw new errors/* ConfigurationError */.j1(`\`${input}\` is \`${value}\`, which starts with \`-\`: git would read it as an option; pass a commit SHA, branch or tag (such as \`origin/main\`)`, input);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\x00-\x20\x7f]/.test(value))
        throw new errors/* ConfigurationError */.j1(`\`${input}\` contains a space or a control character, which no branch, tag or commit has; pass a commit SHA, branch or tag (such as \`origin/main\`)`, input);
    return value;
}
/** Hooks are the repository's programs, which a pull request's code may have written. */
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];
/** For a process whose environment carries the token: no credential helper or askpass program of the repository's. */
const NO_HELPERS = ['-c', 'credential.helper=', '-c', 'core.askPass='];
const hasCommit = (rev, cwd) => gitOk(['cat-file', '-e', '--end-of-options', `${rev}^{commit}`], cwd);
/** What git says when the server wanted credentials it did not get (or refused those it got). */
const CREDENTIALS_REFUSED = /could not read (?:username|password)|terminal prompts disabled|authentication failed|invalid username or password|requested url returned error: 40[13]|http basic: access denied|repository not found|repository '[^']*' not found/i;
const needsCredentials = (gitStderr) => CREDENTIALS_REFUSED.test(gitStderr);
/**
 * The environment that gives one git process the token as actions/checkout configures it:
 * `GIT_CONFIG_KEY_<n>` = `http.<origin of serverUrl>/.extraheader`, `GIT_CONFIG_VALUE_<n>` =
 * `AUTHORIZATION: basic base64(x-access-token:<token>)`, appended after any `GIT_CONFIG_*` entries
 * the environment already has. The token and the encoded credential are registered as secrets.
 */
function tokenEnvironment(token, serverUrl, env = process.env) {
    const origin = URL.canParse(serverUrl) ? new URL(serverUrl).origin : 'null';
    if (!/^https?:\/\//.test(origin))
        throw new errors/* ConfigurationError */.j1(`GITHUB_SERVER_URL \`${serverUrl}\` is not an http(s) URL, so the token cannot be given to git for it`);
    const credential = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
    (0,commands/* setSecret */.Pq)(token);
    (0,commands/* setSecret */.Pq)(credential);
    const count = /^\d+$/.test(env.GIT_CONFIG_COUNT ?? '') ? Number(env.GIT_CONFIG_COUNT) : 0;
    return {
        ...env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: String(count + 1),
        [`GIT_CONFIG_KEY_${count}`]: `http.${origin}/.extraheader`,
        [`GIT_CONFIG_VALUE_${count}`]: `AUTHORIZATION: basic ${credential}`,
    };
}
/** git's own account of a failure: its `fatal:`/`error:`/`remote:` lines (the last three), else its last line. */
function gitReason(stderr) {
    const lines = stderr
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const said = lines.filter((l) => /^(?:fatal|error|remote):/.test(l)).slice(-3);
    return (said.length > 0 ? said : lines.slice(-1)).join(' ');
}
/**
 * The merge-base of `base` and HEAD. When the base commit or the history between them is missing
 * (a shallow checkout, the default of actions/checkout), fetches it from `remote`, deepening step
 * by step, and finally unshallowing; a fetch the server refuses for want of credentials is retried
 * once with `token` (and every later fetch carries it). `input` names where `base` came from, for errors.
 */
async function mergeBase(base, cwd, { remote = 'origin', head = 'HEAD', input = 'base', token, serverUrl, tokenInput = 'github-token', env = process.env, } = {}) {
    assertRevision(base, input);
    assertRevision(head, 'head');
    assertRevision(remote, 'remote');
    if (!(await gitOk(['rev-parse', '--git-dir'], cwd)))
        throw new errors/* ConfigurationError */.j1(`${cwd} is not a git repository; check out the repository first (actions/checkout)`, input);
    const fetched = [];
    // No prompt (there is no terminal on a runner, and a prompt would wait for one).
    const plainEnv = { ...env, GIT_TERMINAL_PROMPT: '0' };
    let withToken = false;
    const server = serverUrl || env.GITHUB_SERVER_URL || 'https://github.com';
    /** Fetches `what` (for errors; `fetched` gets it with the remote); on failure throws the reason, unless `soft` (then false). */
    const fetch = async (args, what, soft = false) => {
        // Hooks never run (a fetch's ref updates start `reference-transaction`, which the PR's code may
        // have written, and the token is in its environment), nor, with the token, credential helpers.
        const run = () => withToken && token
            ? git([...NO_HOOKS, ...NO_HELPERS, 'fetch', '--no-tags', '--quiet', ...args], cwd, tokenEnvironment(token, server, env))
            : git([...NO_HOOKS, 'fetch', '--no-tags', '--quiet', ...args], cwd, plainEnv);
        let r = await run();
        if (r.code !== 0 && !withToken && token && needsCredentials(r.stderr)) {
            withToken = true;
            r = await run();
        }
        if (r.code === 0) {
            fetched.push(`${what} from ${remote}`);
            return true;
        }
        if (needsCredentials(r.stderr)) {
            const origin = URL.canParse(server) ? new URL(server).origin : server;
            throw new errors/* ConfigurationError */.j1(token
                ? `fetching ${what} from \`${remote}\` was refused even with \`${tokenInput}\` (given to git as actions/checkout gives it, for ${origin} only; git: ${gitReason(r.stderr)}); pass a token that can read this repository as \`${tokenInput}\`, or check out with \`fetch-depth: 0\` (actions/checkout) so nothing needs fetching`
                : `fetching ${what} from \`${remote}\` needs credentials, and this checkout gives none (actions/checkout with \`persist-credentials: false\` keeps none; git: ${gitReason(r.stderr)}); check out with \`fetch-depth: 0\` so nothing needs fetching, or pass a token that can read this repository as \`${tokenInput}\``, tokenInput);
        }
        if (soft)
            return false;
        throw new errors/* ConfigurationError */.j1(`could not fetch ${what} from \`${remote}\` (git: ${gitReason(r.stderr)}); check out with \`fetch-depth: 0\` (actions/checkout) so nothing needs fetching`, input);
    };
    // A refspec (`a:b`, `+a`, `^a`) would make fetch write or drop local refs: only names and SHAs are fetched.
    const fetchable = !/[:^+]/.test(base);
    if (!(await hasCommit(base, cwd))) {
        const ok = fetchable && (await fetch(['--depth=1', '--end-of-options', remote, base], base, true));
        if (!ok || !(await hasCommit(base, cwd)))
            throw new errors/* ConfigurationError */.j1(`the base commit \`${base}\` is not in this repository and could not be fetched from \`${remote}\`; pass a commit, branch or tag that exists (or use actions/checkout with fetch-depth: 0)`, input);
    }
    for (let depth = 50;; depth *= 4) {
        const r = await git(['merge-base', '--end-of-options', base, head], cwd);
        if (r.code === 0)
            return { mergeBase: r.stdout.trim(), fetched };
        const shallow = (await git(['rev-parse', '--is-shallow-repository'], cwd)).stdout.trim() === 'true';
        if (!shallow || !fetchable)
            break;
        if (depth > 5000) {
            await fetch(['--unshallow', '--end-of-options', remote], 'the full history');
            const again = await git(['merge-base', '--end-of-options', base, head], cwd);
            if (again.code === 0)
                return { mergeBase: again.stdout.trim(), fetched };
            break;
        }
        await fetch([`--deepen=${depth}`, '--end-of-options', remote, base], `${depth} more commits of history`);
    }
    throw new errors/* ConfigurationError */.j1(`\`${base}\` and ${head} have no common ancestor; pass the branch the change is based on as \`base\``, input);
}
/** Unquotes git's C-style quoted path (`"a/with\ttab"`). */
function unquoteGitPath(text) {
    if (!text.startsWith('"'))
        return text;
    const inner = text.slice(1, text.lastIndexOf('"'));
    const bytes = [];
    for (let i = 0; i < inner.length; i++) {
        const ch = inner[i];
        if (ch !== '\\') {
            bytes.push(...Buffer.from(ch, 'utf8'));
            continue;
        }
        const next = inner[++i];
        if (/[0-7]/.test(next)) {
            bytes.push(parseInt(inner.slice(i, i + 3), 8));
            i += 2;
        }
        else {
            bytes.push({ n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 }[next] ?? next.charCodeAt(0));
        }
    }
    return Buffer.from(bytes).toString('utf8');
}
const stripPrefix = (p) => (/^[abciwo12]\//.test(p) ? p.slice(2) : p);
/** Path token after `+++ ` / `--- `: may be quoted, may carry a trailing tab (git adds one for paths with spaces in some modes). */
function headerPath(rest) {
    const raw = rest.startsWith('"') ? unquoteGitPath(rest) : rest.replace(/\t.*$/, '');
    return raw === '/dev/null' ? undefined : stripPrefix(raw);
}
/**
 * The new path from a `diff --git a/<old> b/<new>` line. Unquoted paths may contain spaces, so the
 * line is split where both halves name the same file (no rename), else at the last ` b/`.
 */
function diffGitPath(rest) {
    if (rest.startsWith('"') || rest.endsWith('"')) {
        const m = /^(?:"(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|.+)$/.exec(rest);
        const raw = m?.[1] ?? rest;
        return stripPrefix(raw.startsWith('"') ? unquoteGitPath(raw) : raw);
    }
    if (rest.length % 2 === 1) {
        const half = (rest.length - 1) / 2;
        const left = rest.slice(0, half);
        const right = rest.slice(half + 1);
        if (rest[half] === ' ' && stripPrefix(left) === stripPrefix(right))
            return stripPrefix(right);
    }
    const at = rest.lastIndexOf(' b/');
    return stripPrefix(at >= 0 ? rest.slice(at + 1) : rest.slice(rest.indexOf(' ') + 1));
}
/** Incremental parser so a large diff streams line by line. */
class DiffParser {
    files = [];
    current;
    /** Old-side and new-side lines still to come in the current hunk (its body is not header text). */
    hunkOld = 0;
    hunkNew = 0;
    /** New-side number of the next body line. */
    newLine = 0;
    addLine(file, n) {
        const last = file.added[file.added.length - 1];
        if (last && last[1] + 1 === n)
            last[1] = n;
        else if (!last || last[1] < n)
            file.added.push([n, n]);
    }
    feed(rawLine) {
        const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
        if ((this.hunkOld > 0 || this.hunkNew > 0) && this.current) {
            // A body line. Only `+` lines are added lines (a diff with context has ` ` lines too);
            // `\ No newline at end of file` counts for neither side.
            const c = line[0];
            if (c === '\\')
                return;
            if (c === '+') {
                this.addLine(this.current, this.newLine++);
                this.hunkNew--;
                return;
            }
            if (c === '-') {
                this.hunkOld--;
                return;
            }
            if (c === ' ' || line === '') {
                // An empty line is a context line whose leading space an editor stripped.
                this.newLine++;
                this.hunkOld--;
                this.hunkNew--;
                return;
            }
            this.hunkOld = this.hunkNew = 0;
        }
        if (line.startsWith('diff --git ')) {
            this.current = { path: '', status: 'modified', binary: false, added: [] };
            this.files.push(this.current);
            // Fallback path for diffs without ---/+++ (pure renames, mode changes, binaries).
            this.current.path = diffGitPath(line.slice('diff --git '.length));
            return;
        }
        const file = this.current;
        if (!file)
            return;
        if (line.startsWith('@@')) {
            const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
            if (m) {
                this.hunkOld = m[1] === undefined ? 1 : Number(m[1]);
                this.hunkNew = m[3] === undefined ? 1 : Number(m[3]);
                this.newLine = Number(m[2]);
            }
            return;
        }
        if (line.startsWith('new file mode'))
            file.status = 'added';
        else if (line.startsWith('deleted file mode'))
            file.status = 'deleted';
        else if (line.startsWith('rename from ')) {
            file.status = 'renamed';
            file.oldPath = unquoteGitPath(line.slice('rename from '.length));
        }
        else if (line.startsWith('rename to '))
            file.path = unquoteGitPath(line.slice('rename to '.length));
        else if (line.startsWith('copy from ')) {
            file.status = 'copied';
            file.oldPath = unquoteGitPath(line.slice('copy from '.length));
        }
        else if (line.startsWith('copy to '))
            file.path = unquoteGitPath(line.slice('copy to '.length));
        else if (line.startsWith('Binary files ') || line === 'GIT binary patch')
            file.binary = true;
        else if (line.startsWith('+++ ')) {
            const p = headerPath(line.slice(4));
            if (p !== undefined)
                file.path = p;
        }
        else if (line.startsWith('--- ') && file.status !== 'renamed') {
            const p = headerPath(line.slice(4));
            if (p === undefined)
                file.status = 'added';
        }
    }
    result() {
        return this.files.filter((f) => f.path !== '');
    }
}
function parseUnifiedDiff(text) {
    const parser = new DiffParser();
    for (const line of text.split('\n'))
        parser.feed(line);
    return parser.result();
}
/** `git diff -U0 -M <from> <to>` parsed as it streams. `to` undefined means the work tree. */
async function changedFiles(from, cwd, to = 'HEAD', input = 'base') {
    assertRevision(from, input);
    if (to)
        assertRevision(to, input);
    const args = [
        '-c',
        'core.quotePath=false',
        'diff',
        '-U0',
        '-M',
        '--no-color',
        '--no-ext-diff',
        '--no-textconv',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        '--end-of-options',
        from,
        ...(to ? [to] : []),
        '--',
    ];
    const parser = new DiffParser();
    // The diff streams through the parser line by line; none of it is kept beside.
    const errors = [];
    const r = await exec('git', args, {
        cwd,
        maxOutputBytes: 0,
        onLine: (line, stream) => (stream === 'stdout' ? parser.feed(line) : errors.push(line)),
    });
    if (r.spawnError)
        throw new ConfigurationError(`could not run git (${r.spawnError}); is git installed and on PATH?`);
    if (r.code !== 0)
        throw new ConfigurationError(`git diff ${from} failed: ${errors.join('\n').trim()}`, input);
    return parser.result();
}
/** Total number of added lines, for summaries. */
const addedLineCount = (files) => files.reduce((n, f) => n + f.added.reduce((m, [a, b]) => m + b - a + 1, 0), 0);
/*
 * Writing to a repository for an agent (diagnose's auto-fix): which files a tool changed, putting
 * them back, committing exactly those files with trailers, reading trailers back, and pushing.
 * Paths are a repository's own file names (a pull request chooses them): they go after `--` with
 * pathspecs taken literally (`--literal-pathspecs`: `*` or `:(glob)x` is that file, nothing more).
 * Hooks are never run (`core.hooksPath=/dev/null`, `--no-verify`): the pull request's code may have
 * written them, and a push carries a token.
 */
/** Options every writing command gets: no hooks, no fsmonitor program, no signing prompt. */
const QUIET_WRITES = [...NO_HOOKS, '-c', 'commit.gpgsign=false'];
/** What git says (its fatal/error/remote lines), for messages. */
const gitFailure = (r) => gitReason(r.stderr) || `exit ${r.code}`;
/** Of `paths` (relative to `cwd`), the ones git tracks. */
async function trackedPaths(cwd, paths) {
    if (paths.length === 0)
        return [];
    const r = await git(['--literal-pathspecs', 'ls-files', '-z', '--', ...paths], cwd);
    if (r.code !== 0)
        throw new Error(`git ls-files failed: ${gitFailure(r)}`);
    return r.stdout.split('\0').filter(Boolean);
}
/** Of `paths`, the tracked ones whose work-tree or index content differs from HEAD. */
async function modifiedPaths(cwd, paths) {
    if (paths.length === 0)
        return [];
    const r = await git(['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames', '--', ...paths], cwd);
    if (r.code !== 0)
        throw new Error(`git status failed: ${gitFailure(r)}`);
    // `XY <path>` records, NUL-separated (no renames, so one path each).
    return r.stdout
        .split('\0')
        .filter((rec) => rec.length > 3)
        .map((rec) => rec.slice(3));
}
/** Puts `paths` back as HEAD has them, in the index and the work tree. */
async function restorePaths(cwd, paths) {
    if (paths.length === 0)
        return;
    const r = await git([...QUIET_WRITES, '--literal-pathspecs', 'checkout', '--quiet', 'HEAD', '--', ...paths], cwd);
    if (r.code !== 0)
        throw new Error(`git checkout HEAD -- <files> failed: ${gitFailure(r)}`);
}
/** Commits exactly `paths` (`git commit --only`), with `trailers`; returns the new commit's SHA. */
async function commitPaths(cwd, o) {
    if (o.paths.length === 0)
        throw new Error('commitPaths: no paths to commit');
    for (const t of o.trailers ?? [])
        if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(t.key) || /[\r\n]/.test(t.value))
            throw new Error(`commitPaths: \`${t.key}\` is not a trailer key, or its value spans lines`);
    const args = [
        ...QUIET_WRITES,
        '--literal-pathspecs',
        'commit',
        '--quiet',
        '--no-verify',
        '--only',
        '--cleanup=strip',
        '--file=-',
        ...(o.trailers ?? []).flatMap((t) => ['--trailer', `${t.key}: ${t.value}`]),
        '--',
        ...o.paths,
    ];
    const { name, email } = o.identity;
    // Whatever the user or repository configures: the commit is the agent's.
    const env = { ...process.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
    const r = await exec_exec('git', ['-c', 'core.quotePath=false', ...args], { cwd, env, input: o.message });
    if (r.spawnError)
        throw new errors/* ConfigurationError */.j1(`could not run git (${r.spawnError}); is git installed and on PATH?`);
    if (r.code !== 0)
        throw new Error(`git commit failed: ${gitReason(r.stderr) || r.stdout.trim() || `exit ${r.code}`}`);
    const head = await git(['rev-parse', '--verify', 'HEAD^{commit}'], cwd);
    return head.stdout.trim();
}
/** The commits of `from..to` (newest first) with their trailers. */
async function commitTrailers(cwd, from, to = 'HEAD') {
    assertRevision(from, 'from');
    assertRevision(to, 'to');
    const r = await git(['log', '--no-color', '--format=%H%x00%(trailers:only,unfold)%x1e', '--end-of-options', `${from}..${to}`, '--'], cwd);
    if (r.code !== 0)
        throw new Error(`git log ${from}..${to} failed: ${gitFailure(r)}`);
    return r.stdout
        .split('\x1e')
        .map((rec) => rec.replace(/^\n/, ''))
        .filter((rec) => rec.includes('\0'))
        .map((rec) => {
        const [sha = '', text = ''] = rec.split('\0');
        const trailers = text
            .split('\n')
            .map((line) => /^([^:\s]+):\s*(.*)$/.exec(line))
            .filter((m) => m !== null)
            .map((m) => ({ key: m[1], value: m[2].trim() }));
        return { sha, trailers };
    });
}
/**
 * Pushes HEAD to `refs/heads/<branch>` of `remote`, never forced. Without credentials first (the
 * checkout may have kept its own); refused for want of them, again with `token` given to that one
 * process as `mergeBase` gives it (GIT_CONFIG_* variables, never argv or `.git/config`), with the
 * repository's credential helpers and askpass program switched off: that environment carries the token.
 */
async function pushHead(cwd, branch, { remote = 'origin', token, serverUrl, env = process.env } = {}) {
    assertRevision(remote, 'remote');
    assertRevision(branch, 'branch');
    const check = await git(['check-ref-format', `refs/heads/${branch}`], cwd);
    if (check.code !== 0)
        return { pushed: false, withToken: false, reason: `\`${branch}\` is not a valid branch name` };
    const server = serverUrl || env.GITHUB_SERVER_URL || 'https://github.com';
    const args = ['push', '--quiet', '--no-verify', '--porcelain', '--end-of-options', remote, `HEAD:refs/heads/${branch}`];
    const plainEnv = { ...env, GIT_TERMINAL_PROMPT: '0' };
    let withToken = false;
    let r = await git([...QUIET_WRITES, ...args], cwd, plainEnv);
    if (r.code !== 0 && token && needsCredentials(r.stderr)) {
        withToken = true;
        r = await git([...QUIET_WRITES, ...NO_HELPERS, ...args], cwd, tokenEnvironment(token, server, env));
    }
    if (r.code === 0)
        return { pushed: true, withToken };
    const said = `${r.stderr}\n${r.stdout}`;
    return {
        pushed: false,
        withToken,
        reason: gitReason(said),
        credentials: needsCredentials(r.stderr) || /\b403\b|permission to .* denied/i.test(r.stderr),
        rejected: /\[rejected\]|non-fast-forward|fetch first/i.test(said),
    };
}

// EXTERNAL MODULE: ./packages/kit/src/paths.ts
var paths = __webpack_require__(524);
;// CONCATENATED MODULE: ./packages/kit/src/tools.ts
/**
 * Where a project's own tools are installed: node_modules/.bin from a directory up to the
 * repository root, a Python virtualenv, then the PATH. fast-gates runs them as gates, diagnose as
 * fixers; both must find the same executable a developer's `npx`/`ruff` would.
 */


/**
 * An executable of the project's: node_modules/.bin from `dir` up to `root`, then a Python
 * virtualenv (`.venv`, `venv`, `VIRTUAL_ENV`), then the PATH. Undefined when it is not installed.
 */
function findTool(name, dir, root, env = process.env) {
    const candidates = [];
    for (let d = (0,external_node_path_.resolve)(dir);; d = (0,external_node_path_.dirname)(d)) {
        candidates.push((0,external_node_path_.join)(d, 'node_modules', '.bin', name));
        for (const venv of ['.venv', 'venv'])
            candidates.push((0,external_node_path_.join)(d, venv, 'bin', name));
        if (d === (0,external_node_path_.resolve)(root) || (0,external_node_path_.dirname)(d) === d)
            break;
    }
    if (env.VIRTUAL_ENV)
        candidates.push((0,external_node_path_.join)(env.VIRTUAL_ENV, 'bin', name));
    for (const p of (env.PATH ?? '').split(external_node_path_.delimiter))
        if (p)
            candidates.push((0,external_node_path_.join)(p, name));
    return candidates.find((c) => {
        try {
            return (0,external_node_fs_.statSync)(c).isFile();
        }
        catch {
            return false;
        }
    });
}

;// CONCATENATED MODULE: ./actions/diagnose/src/fixers.ts
/**
 * Tier 1's fixers: the project's own tools in their fix mode, chosen by what reported the failure
 * (Prettier's `[warn] file` lines → `prettier --write` on those files), found where the project
 * installed them. Type errors have no fixer of their own: the project's linters with fixes
 * (typescript-eslint's `consistent-type-imports`, Ruff's import rules) are tried on those files,
 * and the failing gate decides whether that was enough.
 */



/** The executable and the arguments before `--` (the files follow it, so none can be an option). */
const FIXERS = {
    prettier: { bin: 'prettier', args: ['--write', '--ignore-unknown'] },
    eslint: { bin: 'eslint', args: ['--fix', '--no-warn-ignored'] },
    biome: { bin: 'biome', args: ['check', '--write', '--no-errors-on-unmatched'] },
    'ruff-check': { bin: 'ruff', args: ['check', '--fix'] },
    'ruff-format': { bin: 'ruff', args: ['format'] },
};
const BY_TOOL = {
    format: new Map([
        ['prettier', 'prettier'],
        ['biome', 'biome'],
        ['ruff', 'ruff-format'],
    ]),
    lint: new Map([
        ['eslint', 'eslint'],
        ['biome', 'biome'],
        ['ruff', 'ruff-check'],
    ]),
};
/** The fixer of a finding, by the tool that reported it (a user rule may name any tool) and the kind of failure. */
const fixerFor = (category, tool) => BY_TOOL[category]?.get(tool);
const SCRIPT = /^\.[cm]?[jt]sx?$/;
const PYTHON = /^\.pyi?$/;
/** Is one of `names` in `dir` or a directory above it, up to `root`. */
function configAbove(dir, root, test) {
    for (let d = (0,external_node_path_.resolve)(dir);; d = (0,external_node_path_.dirname)(d)) {
        if (test(d))
            return true;
        if (d === (0,external_node_path_.resolve)(root) || (0,external_node_path_.dirname)(d) === d)
            return false;
    }
}
const ESLINT_CONFIGS = [
    'eslint.config.js',
    'eslint.config.mjs',
    'eslint.config.cjs',
    'eslint.config.ts',
    'eslint.config.mts',
    'eslint.config.cts',
];
const ruffConfigured = (d) => {
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, 'ruff.toml')) || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, '.ruff.toml')))
        return true;
    try {
        return /^\[tool\.ruff/m.test((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(d, 'pyproject.toml'), 'utf8'));
    }
    catch {
        return false;
    }
};
/** For a type error in `file`: the linters with fixes the project configures for that language. */
function typeFixers(file, root) {
    const dir = (0,external_node_path_.dirname)(file);
    const ext = (0,external_node_path_.extname)(file);
    if (SCRIPT.test(ext)) {
        const out = [];
        if (configAbove(dir, root, (d) => ESLINT_CONFIGS.some((n) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, n)))))
            out.push('eslint');
        if (configAbove(dir, root, (d) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, 'biome.json')) || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, 'biome.jsonc'))))
            out.push('biome');
        return out;
    }
    if (PYTHON.test(ext) && configAbove(dir, root, ruffConfigured))
        return ['ruff-check'];
    return [];
}
/** Where a tool found at `bin` belongs: `<project>/node_modules/.bin/x` or `<project>/.venv/bin/x`. */
function projectOf(bin, workspace) {
    const m = /^(.*)\/(?:node_modules\/\.bin|\.venv\/bin|venv\/bin)\/[^/]+$/.exec(bin);
    return m?.[1] && (m[1] + '/').startsWith((0,external_node_path_.resolve)(workspace) + '/') ? m[1] : workspace;
}
/**
 * Groups `files` (each with the fixers it wants) by the executable that fixes them. A fixer the
 * project does not have installed is named in `missing`.
 */
function planFixes(wanted, workspace, env = process.env) {
    const plan = new Map();
    const missing = [];
    for (const { file, fixers } of wanted)
        for (const fixer of fixers) {
            const bin = findTool(FIXERS[fixer].bin, (0,external_node_path_.dirname)(file), workspace, env);
            if (!bin) {
                missing.push({ fixer, file });
                continue;
            }
            const key = `${fixer}\0${bin}`;
            const entry = plan.get(key) ?? { fixer, bin, cwd: projectOf(bin, workspace), files: [] };
            if (!entry.files.includes(file))
                entry.files.push(file);
            plan.set(key, entry);
        }
    // Formatters last: a lint fix can leave code the formatter then settles.
    const order = ['eslint', 'ruff-check', 'biome', 'prettier', 'ruff-format'];
    return { plan: [...plan.values()].sort((a, b) => order.indexOf(a.fixer) - order.indexOf(b.fixer)), missing };
}

;// CONCATENATED MODULE: ./actions/diagnose/src/fix.ts
/**
 * Tier 1 auto-fix: for a lint, format or type failure, the project's own fixers run on the failing
 * files, the failing gate runs again, and when it passes the fix is committed to the pull request's
 * branch (with an `Agent-By: shipkit/diagnose` trailer and the failure's fingerprint) and pushed.
 * A flaky failure is retried instead. Never on anything but a same-repository pull request's own
 * branch, never on the default branch, and never past `max-cycles` earlier attempts of the same
 * failure: then it stops and escalates to a person.
 */







const AGENT = 'shipkit/diagnose';
const AGENT_TRAILER = 'Agent-By';
const FINGERPRINT_TRAILER = 'Shipkit-Fingerprint';
/** The account GitHub shows for commits made with the job's token. */
const IDENTITY = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };
const GATE_TAIL = 15;
const MAX_FILES = 200;
const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);
/** Why this run must not push to the pull request's branch, or the branch and base to use. */
function eligibility(ctx) {
    const pr = ctx.payload.pull_request;
    if (!PR_EVENTS.has(ctx.eventName) || !pr)
        return {
            refused: `the event is \`${ctx.eventName || 'unknown'}\`, not a pull request: diagnose commits fixes only to a pull request's own branch`,
        };
    const baseRepo = pr.base?.repo?.full_name ?? (ctx.repository ? `${ctx.repository.owner}/${ctx.repository.repo}` : undefined);
    const headRepo = pr.head?.repo?.full_name;
    if (!headRepo || !baseRepo || headRepo.toLowerCase() !== baseRepo.toLowerCase())
        return {
            refused: `the pull request comes from ${headRepo ? `the fork \`${headRepo}\`` : 'a repository that no longer exists'}, not from \`${baseRepo ?? 'this repository'}\`: diagnose never pushes to a fork's branch`,
        };
    const branch = pr.head?.ref;
    const defaultBranch = ctx.payload.repository?.default_branch ?? pr.base?.repo?.default_branch;
    if (!branch || !pr.head?.sha || !pr.base?.sha)
        return { refused: 'the event names no head branch, head commit or base commit of the pull request' };
    if (branch === defaultBranch || branch === 'main' || branch === 'master')
        return { refused: `the pull request's branch is \`${branch}\`, the default branch: diagnose never commits there` };
    return { branch, headSha: pr.head.sha, baseSha: pr.base.sha };
}
/** The failing files of the decisive category, each with its fixers. */
function wantedFixes(d, evidence, workspace) {
    const wanted = new Map();
    const skipped = [];
    const seen = new Set();
    for (const e of evidence) {
        if (e.category !== d.category || !e.file)
            continue;
        const fixers = d.category === 'type' ? [] : [fixerFor(d.category, e.tool)].filter((f) => f !== undefined);
        const key = `${e.file}\0${e.tool}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        let real;
        try {
            real = (0,paths/* resolveInside */.LI)(e.file, { roots: [workspace], input: 'logs', cwd: workspace });
        }
        catch {
            skipped.push({ file: e.file, reason: 'resolves outside the workspace' });
            continue;
        }
        const shown = (0,external_node_path_.relative)(workspace, real);
        if (shown === '' || shown === '.git' || shown.startsWith('.git/')) {
            skipped.push({ file: e.file, reason: 'not a file of the repository' });
            continue;
        }
        if (d.category === 'type')
            fixers.push(...typeFixers(real, workspace));
        if (fixers.length === 0) {
            skipped.push({ file: shown, reason: `no fixer for ${e.tool}` });
            continue;
        }
        const entry = wanted.get(real) ?? { file: real, shown, fixers: new Set() };
        for (const f of fixers)
            entry.fixers.add(f);
        wanted.set(real, entry);
    }
    return { wanted: [...wanted.values()], skipped };
}
async function runGate(command, cwd) {
    const started = performance.now();
    const tail = [];
    const r = await exec_exec(command, [], {
        shell: true,
        cwd,
        env: toolEnvironment(),
        maxOutputBytes: 0,
        onLine: (line) => {
            tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
            if (tail.length > GATE_TAIL)
                tail.shift();
        },
    });
    const passed = r.code === 0;
    return { passed, exit: describeExit(r), durationMs: Math.round(performance.now() - started), tail: passed ? [] : tail };
}
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** Runs the fix path for a diagnosis; never throws for what the repository or the event is like. */
async function autoFix(d, evidence, o) {
    const started = performance.now();
    const result = {
        status: 'refused',
        reason: '',
        attempts: 0,
        maxCycles: o.maxCycles,
        fixers: [],
        changed: [],
        skipped: [],
        durationMs: 0,
    };
    const end = (status, reason) => {
        result.status = status;
        result.reason = reason;
        result.durationMs = Math.round(performance.now() - started);
        return result;
    };
    if (d.tier !== 1)
        return end('refused', d.tier === 2
            ? `tier 2 (${d.category}) needs a reviewed pull request, which diagnose does not open by itself`
            : `tier 3 (${d.category}) needs a person`);
    const workspace = (0,paths/* realPath */.Ye)(o.workspace);
    // A flaky failure is retried: nothing is changed or committed, so it needs no branch of its own.
    if (d.category === 'flaky') {
        result.gate = await runGate(o.gateCommand, workspace);
        return result.gate.passed
            ? end('retried', `the failing gate passed when run again (${result.gate.durationMs} ms): the failure was flaky, nothing to commit`)
            : end('not-fixed', `the failing gate failed again when retried (${result.gate.exit}): not only flaky`);
    }
    const pr = eligibility(o.ctx);
    if ('refused' in pr)
        return end('refused', pr.refused);
    result.branch = pr.branch;
    const head = await git(['rev-parse', '--verify', 'HEAD^{commit}'], workspace);
    if (head.code !== 0)
        return end('refused', 'the workspace is not a git checkout: check out the pull request with actions/checkout first');
    const orig = head.stdout.trim();
    if (orig !== pr.headSha)
        return end('refused', `the checkout is ${orig.slice(0, 12)}, not the pull request's head ${pr.headSha.slice(0, 12)} (actions/checkout checks out a merge commit on \`pull_request\`; give it \`ref: \${{ github.event.pull_request.head.sha }}\`), or the branch moved on since this run started`);
    // Earlier attempts of this failure: our commits on the branch carrying its fingerprint.
    try {
        const base = (await mergeBase(pr.baseSha, workspace, { token: o.token, serverUrl: o.ctx.serverUrl })).mergeBase;
        const commits = await commitTrailers(workspace, base, 'HEAD');
        result.attempts = commits.filter((c) => c.trailers.some((t) => t.key.toLowerCase() === AGENT_TRAILER.toLowerCase() && t.value === AGENT) &&
            c.trailers.some((t) => t.key.toLowerCase() === FINGERPRINT_TRAILER.toLowerCase() && t.value === d.fingerprint)).length;
    }
    catch (e) {
        return end('refused', `the branch's earlier fix attempts could not be counted (${(0,src/* errorMessage */.gJ)(e)}), so nothing is fixed`);
    }
    if (result.attempts >= o.maxCycles)
        return end('escalated', `${plural(result.attempts, 'auto-fix commit')} of this failure on \`${pr.branch}\` did not fix it (max-cycles ${o.maxCycles}): stopped, a person has to look`);
    const { wanted, skipped } = wantedFixes(d, evidence, workspace);
    result.skipped = skipped;
    const tracked = new Set(await trackedPaths(workspace, wanted.map((w) => w.shown)));
    const dirty = new Set(await modifiedPaths(workspace, [...tracked]));
    const fixable = wanted.filter((w) => {
        const why = !tracked.has(w.shown)
            ? 'not tracked by git'
            : dirty.has(w.shown)
                ? 'has changes that are not committed'
                : !(0,external_node_fs_.statSync)(w.file).isFile()
                    ? 'not a regular file'
                    : undefined;
        if (why)
            result.skipped.push({ file: w.shown, reason: why });
        return why === undefined;
    });
    if (fixable.length > MAX_FILES) {
        for (const w of fixable.splice(MAX_FILES))
            result.skipped.push({ file: w.shown, reason: `over ${MAX_FILES} files` });
    }
    const { plan, missing } = planFixes(fixable.map((w) => ({ file: w.file, fixers: [...w.fixers] })), workspace);
    for (const m of missing)
        result.skipped.push({ file: (0,external_node_path_.relative)(workspace, m.file), reason: `${FIXERS[m.fixer].bin} is not installed in the project` });
    if (plan.length === 0)
        return end('not-fixed', fixable.length === 0
            ? `no failing ${d.category} file could be fixed (see the files skipped)`
            : 'none of the fixers is installed in the project');
    for (const p of plan) {
        const spec = FIXERS[p.fixer];
        // Files after `--`, as absolute paths: a file named `--no-config.ts` is a file, never an option.
        const r = await exec_exec(p.bin, [...spec.args, '--', ...p.files], { cwd: p.cwd, env: toolEnvironment(), maxOutputBytes: 1024 * 1024 });
        result.fixers.push({
            fixer: p.fixer,
            command: [spec.bin, ...spec.args, '--', ...p.files.map((f) => (0,external_node_path_.relative)(workspace, f))].map(shellQuote).join(' '),
            files: p.files.length,
            exit: describeExit(r),
        });
    }
    const touched = [...new Set(plan.flatMap((p) => p.files.map((f) => (0,external_node_path_.relative)(workspace, f))))];
    result.changed = await modifiedPaths(workspace, touched);
    if (result.changed.length === 0)
        return end('not-fixed', 'the fixers changed nothing in the failing files');
    result.gate = await runGate(o.gateCommand, workspace);
    if (!result.gate.passed) {
        await restorePaths(workspace, result.changed);
        return end('not-fixed', `the failing gate still fails after the fixers (${result.gate.exit}); their changes were put back`);
    }
    const message = [
        `diagnose: fix ${d.category} in ${plural(result.changed.length, 'file')}`,
        '',
        `shipkit diagnose (tier 1 auto-fix) ran the project's fixers on the failing files and the failing gate passed:`,
        ...result.fixers.map((f) => `- ${f.command}`),
    ].join('\n');
    try {
        result.commit = await commitPaths(workspace, {
            paths: result.changed,
            message,
            trailers: [
                { key: AGENT_TRAILER, value: AGENT },
                { key: FINGERPRINT_TRAILER, value: d.fingerprint },
            ],
            identity: IDENTITY,
        });
    }
    catch (e) {
        await restorePaths(workspace, result.changed);
        return end('not-fixed', `the fix could not be committed (${(0,src/* errorMessage */.gJ)(e)}); the changes were put back`);
    }
    const pushed = await pushHead(workspace, pr.branch, { token: o.token, serverUrl: o.ctx.serverUrl });
    if (!pushed.pushed) {
        const commit = result.commit;
        result.commit = undefined;
        await git(['-c', 'core.hooksPath=/dev/null', 'reset', '--quiet', '--soft', orig], workspace);
        await restorePaths(workspace, result.changed);
        const why = pushed.rejected
            ? 'the branch moved on meanwhile (not a fast-forward)'
            : pushed.credentials
                ? 'the token cannot push to it: give the job `permissions: contents: write` (or pass a token that can as `github-token`)'
                : (pushed.reason ?? 'git refused');
        return end('not-fixed', `the fix commit ${commit.slice(0, 12)} could not be pushed to \`${pr.branch}\`: ${why}; it was not kept`);
    }
    if (o.ctx.repository)
        result.commitUrl = `${o.ctx.serverUrl}/${o.ctx.repository.owner}/${o.ctx.repository.repo}/commit/${result.commit}`;
    return end('fixed', `committed ${result.commit.slice(0, 12)} to \`${pr.branch}\` (${plural(result.changed.length, 'file')}); the failing gate passes with it`);
}


/***/ })

};
