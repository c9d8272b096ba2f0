export const id = 552;
export const ids = [552];
export const modules = {

/***/ 552:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   changedFiles: () => (/* binding */ changedFiles),
/* harmony export */   git: () => (/* binding */ git),
/* harmony export */   mergeBase: () => (/* binding */ mergeBase)
/* harmony export */ });
/* unused harmony exports assertRevision, hasCommit, needsCredentials, tokenEnvironment, unquoteGitPath, DiffParser, parseUnifiedDiff, addedLineCount, gitFailure, trackedPaths, modifiedPaths, restorePaths, commitPaths, commitTrailers, pushHead */
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8448);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7817);
/* harmony import */ var _exec__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7555);
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
    return (0,_exec__WEBPACK_IMPORTED_MODULE_2__/* .exec */ .m0)('git', ['-c', 'core.quotePath=false', ...args], { cwd, ...(env ? { env } : {}) }).then((r) => {
        if (r.spawnError)
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`could not run git (${r.spawnError}); is git installed and on PATH?`);
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
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`\`${input}\` is \`${value}\`, which starts with \`-\`: git would read it as an option; pass a commit SHA, branch or tag (such as \`origin/main\`)`, input);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\x00-\x20\x7f]/.test(value))
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`\`${input}\` contains a space or a control character, which no branch, tag or commit has; pass a commit SHA, branch or tag (such as \`origin/main\`)`, input);
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
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`GITHUB_SERVER_URL \`${serverUrl}\` is not an http(s) URL, so the token cannot be given to git for it`);
    const credential = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
    (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq)(token);
    (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq)(credential);
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
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${cwd} is not a git repository; check out the repository first (actions/checkout)`, input);
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
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(token
                ? `fetching ${what} from \`${remote}\` was refused even with \`${tokenInput}\` (given to git as actions/checkout gives it, for ${origin} only; git: ${gitReason(r.stderr)}); pass a token that can read this repository as \`${tokenInput}\`, or check out with \`fetch-depth: 0\` (actions/checkout) so nothing needs fetching`
                : `fetching ${what} from \`${remote}\` needs credentials, and this checkout gives none (actions/checkout with \`persist-credentials: false\` keeps none; git: ${gitReason(r.stderr)}); check out with \`fetch-depth: 0\` so nothing needs fetching, or pass a token that can read this repository as \`${tokenInput}\``, tokenInput);
        }
        if (soft)
            return false;
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`could not fetch ${what} from \`${remote}\` (git: ${gitReason(r.stderr)}); check out with \`fetch-depth: 0\` (actions/checkout) so nothing needs fetching`, input);
    };
    // A refspec (`a:b`, `+a`, `^a`) would make fetch write or drop local refs: only names and SHAs are fetched.
    const fetchable = !/[:^+]/.test(base);
    if (!(await hasCommit(base, cwd))) {
        const ok = fetchable && (await fetch(['--depth=1', '--end-of-options', remote, base], base, true));
        if (!ok || !(await hasCommit(base, cwd)))
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`the base commit \`${base}\` is not in this repository and could not be fetched from \`${remote}\`; pass a commit, branch or tag that exists (or use actions/checkout with fetch-depth: 0)`, input);
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
    throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`\`${base}\` and ${head} have no common ancestor; pass the branch the change is based on as \`base\``, input);
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
    const r = await (0,_exec__WEBPACK_IMPORTED_MODULE_2__/* .exec */ .m0)('git', args, {
        cwd,
        maxOutputBytes: 0,
        onLine: (line, stream) => (stream === 'stdout' ? parser.feed(line) : errors.push(line)),
    });
    if (r.spawnError)
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`could not run git (${r.spawnError}); is git installed and on PATH?`);
    if (r.code !== 0)
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`git diff ${from} failed: ${errors.join('\n').trim()}`, input);
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
    const r = await exec('git', ['-c', 'core.quotePath=false', ...args], { cwd, env, input: o.message });
    if (r.spawnError)
        throw new ConfigurationError(`could not run git (${r.spawnError}); is git installed and on PATH?`);
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


/***/ })

};
