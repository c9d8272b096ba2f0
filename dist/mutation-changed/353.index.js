export const id = 353;
export const ids = [353];
export const modules = {

/***/ 8353:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  changedFiles: () => (/* binding */ changedFiles),
  git: () => (/* binding */ git),
  mergeBase: () => (/* binding */ mergeBase)
});

// UNUSED EXPORTS: DiffParser, addedLineCount, assertRevision, hasCommit, parseUnifiedDiff, unquoteGitPath

// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var src_errors = __webpack_require__(7817);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./packages/kit/src/exec.ts
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
        try {
            // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses, so read after the last `)`.
            const stat = (0,external_node_fs_.readFileSync)(`/proc/${entry}/stat`, 'utf8');
            const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            if (Number(pgrp) === pid && state !== 'Z' && state !== 'X')
                return true;
        }
        catch {
            // gone meanwhile
        }
    }
    return false;
}
/** Waits until the group is gone or `ms` passed. */
async function waitGroupGone(pid, ms) {
    const until = Date.now() + ms;
    while (groupAlive(pid) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
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
            const text = this.pending + chunk.toString('utf8');
            const lines = text.split('\n');
            this.pending = lines.pop() ?? '';
            for (const line of lines)
                this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        }
    }
    end() {
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

;// CONCATENATED MODULE: ./packages/kit/src/git.ts
/**
 * Git for change-aware actions: find the merge-base (fetching what a shallow clone lacks) and
 * parse `git diff -U0 -M` into changed files with the added line ranges of the new side.
 *
 * Revisions and paths come from outside (inputs, event payloads, a repository's file names), so
 * every call puts them after `--end-of-options` (and paths after `--`): a base of
 * `--upload-pack=touch /tmp/pwned` is a bad revision, never an option. `assertRevision` refuses a
 * value starting with `-` up front, with an error naming the input.
 */


function git(args, cwd) {
    return exec('git', ['-c', 'core.quotePath=false', ...args], { cwd }).then((r) => {
        if (r.spawnError)
            throw new src_errors/* ConfigurationError */.j1(`could not run git (${r.spawnError}); is git installed and on PATH?`);
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
        throw new src_errors/* ConfigurationError */.j1(`\`${input}\` is \`${value}\`, which starts with \`-\`: git would read it as an option; pass a commit SHA, branch or tag (such as \`origin/main\`)`, input);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\x00-\x20\x7f]/.test(value))
        throw new src_errors/* ConfigurationError */.j1(`\`${input}\` contains a space or a control character, which no branch, tag or commit has; pass a commit SHA, branch or tag (such as \`origin/main\`)`, input);
    return value;
}
const hasCommit = (rev, cwd) => gitOk(['cat-file', '-e', '--end-of-options', `${rev}^{commit}`], cwd);
/**
 * The merge-base of `base` and HEAD. When the base commit or the history between them is missing
 * (a shallow checkout, the default of actions/checkout), fetches it from `remote`, deepening step
 * by step, and finally unshallowing. `input` names where `base` came from, for errors.
 */
async function mergeBase(base, cwd, { remote = 'origin', head = 'HEAD', input = 'base' } = {}) {
    assertRevision(base, input);
    assertRevision(head, 'head');
    assertRevision(remote, 'remote');
    if (!(await gitOk(['rev-parse', '--git-dir'], cwd)))
        throw new src_errors/* ConfigurationError */.j1(`${cwd} is not a git repository; check out the repository first (actions/checkout)`, input);
    const fetched = [];
    const fetch = async (args, what) => {
        const r = await git(['fetch', '--no-tags', '--quiet', ...args], cwd);
        if (r.code === 0)
            fetched.push(what);
        return r.code === 0;
    };
    // A refspec (`a:b`, `+a`, `^a`) would make fetch write or drop local refs: only names and SHAs are fetched.
    const fetchable = !/[:^+]/.test(base);
    if (!(await hasCommit(base, cwd))) {
        const ok = fetchable && (await fetch(['--depth=1', '--end-of-options', remote, base], `${base} from ${remote}`));
        if (!ok || !(await hasCommit(base, cwd)))
            throw new src_errors/* ConfigurationError */.j1(`the base commit \`${base}\` is not in this repository and could not be fetched from \`${remote}\`; pass a commit, branch or tag that exists (or use actions/checkout with fetch-depth: 0)`, input);
    }
    for (let depth = 50;; depth *= 4) {
        const r = await git(['merge-base', '--end-of-options', base, head], cwd);
        if (r.code === 0)
            return { mergeBase: r.stdout.trim(), fetched };
        const shallow = (await git(['rev-parse', '--is-shallow-repository'], cwd)).stdout.trim() === 'true';
        if (!shallow || !fetchable)
            break;
        if (depth > 5000) {
            await fetch(['--unshallow', '--end-of-options', remote], `the full history of ${remote}`);
            const again = await git(['merge-base', '--end-of-options', base, head], cwd);
            if (again.code === 0)
                return { mergeBase: again.stdout.trim(), fetched };
            break;
        }
        await fetch([`--deepen=${depth}`, '--end-of-options', remote, base], `${depth} more commits of history`);
    }
    throw new src_errors/* ConfigurationError */.j1(`\`${base}\` and ${head} have no common ancestor; pass the branch the change is based on as \`base\``, input);
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
        throw new src_errors/* ConfigurationError */.j1(`could not run git (${r.spawnError}); is git installed and on PATH?`);
    if (r.code !== 0)
        throw new src_errors/* ConfigurationError */.j1(`git diff ${from} failed: ${errors.join('\n').trim()}`, input);
    return parser.result();
}
/** Total number of added lines, for summaries. */
const addedLineCount = (files) => files.reduce((n, f) => n + f.added.reduce((m, [a, b]) => m + b - a + 1, 0), 0);


/***/ })

};
