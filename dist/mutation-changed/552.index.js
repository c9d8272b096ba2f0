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
/* unused harmony exports hasCommit, unquoteGitPath, DiffParser, parseUnifiedDiff, addedLineCount */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(481);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_readline__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7817);
/**
 * Git for change-aware actions: find the merge-base (fetching what a shallow clone lacks) and
 * parse `git diff -U0 -M` into changed files with the added line ranges of the new side.
 */



function git(args, cwd) {
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', ['-c', 'core.quotePath=false', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => err.push(d));
        child.on('error', (e) => reject(new _errors__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`could not run git (${e.message}); is git installed and on PATH?`)));
        child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
}
async function gitOk(args, cwd) {
    return (await git(args, cwd)).code === 0;
}
const hasCommit = (rev, cwd) => gitOk(['cat-file', '-e', `${rev}^{commit}`], cwd);
/**
 * The merge-base of `base` and HEAD. When the base commit or the history between them is missing
 * (a shallow checkout, the default of actions/checkout), fetches it from `remote`, deepening step
 * by step, and finally unshallowing.
 */
async function mergeBase(base, cwd, { remote = 'origin', head = 'HEAD' } = {}) {
    if (!(await gitOk(['rev-parse', '--git-dir'], cwd)))
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${cwd} is not a git repository; check out the repository first (actions/checkout)`, 'base');
    const fetched = [];
    const fetch = async (args, what) => {
        const r = await git(['fetch', '--no-tags', '--quiet', ...args], cwd);
        if (r.code === 0)
            fetched.push(what);
        return r.code === 0;
    };
    if (!(await hasCommit(base, cwd))) {
        const ok = await fetch(['--depth=1', remote, base], `${base} from ${remote}`);
        if (!ok || !(await hasCommit(base, cwd)))
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`the base commit \`${base}\` is not in this repository and could not be fetched from \`${remote}\`; pass a commit, branch or tag that exists (or use actions/checkout with fetch-depth: 0)`, 'base');
    }
    for (let depth = 50;; depth *= 4) {
        const r = await git(['merge-base', base, head], cwd);
        if (r.code === 0)
            return { mergeBase: r.stdout.trim(), fetched };
        const shallow = (await git(['rev-parse', '--is-shallow-repository'], cwd)).stdout.trim() === 'true';
        if (!shallow)
            break;
        if (depth > 5000) {
            await fetch(['--unshallow', remote], `the full history of ${remote}`);
            const again = await git(['merge-base', base, head], cwd);
            if (again.code === 0)
                return { mergeBase: again.stdout.trim(), fetched };
            break;
        }
        await fetch([`--deepen=${depth}`, remote, base], `${depth} more commits of history`);
    }
    throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`\`${base}\` and ${head} have no common ancestor; pass the branch the change is based on as \`base\``, 'base');
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
async function changedFiles(from, cwd, to = 'HEAD') {
    const args = [
        '-c',
        'core.quotePath=false',
        'diff',
        '-U0',
        '-M',
        '--no-color',
        '--no-ext-diff',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        from,
    ];
    if (to)
        args.push(to);
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const parser = new DiffParser();
    const err = [];
    child.stderr.on('data', (d) => err.push(d));
    const done = new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? 1));
    });
    for await (const line of (0,node_readline__WEBPACK_IMPORTED_MODULE_1__.createInterface)({ input: child.stdout, crlfDelay: Infinity }))
        parser.feed(line);
    const code = await done;
    if (code !== 0)
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`git diff ${from} failed: ${Buffer.concat(err).toString('utf8').trim()}`, 'base');
    return parser.result();
}
/** Total number of added lines, for summaries. */
const addedLineCount = (files) => files.reduce((n, f) => n + f.added.reduce((m, [a, b]) => m + b - a + 1, 0), 0);


/***/ })

};
