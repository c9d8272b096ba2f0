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
import { setSecret } from './commands';
import { ConfigurationError } from './errors';
import { exec } from './exec';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in `cwd`; `env` is the child's whole environment (default: this process's). */
export function git(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<GitResult> {
  return exec('git', ['-c', 'core.quotePath=false', ...args], { cwd, ...(env ? { env } : {}) }).then((r) => {
    if (r.spawnError) throw new ConfigurationError(`could not run git (${r.spawnError}); is git installed and on PATH?`);
    return { code: r.code ?? 128, stdout: r.stdout, stderr: r.stderr };
  });
}

async function gitOk(args: readonly string[], cwd: string): Promise<boolean> {
  return (await git(args, cwd)).code === 0;
}

/**
 * Refuses what git would not read as a revision: a value starting with `-` (an option), or one
 * with control characters or spaces (no ref name or revision expression of a commit has them).
 */
export function assertRevision(value: string, input: string): string {
  if (value.startsWith('-'))
    throw new ConfigurationError(
      `\`${input}\` is \`${value}\`, which starts with \`-\`: git would read it as an option; pass a commit SHA, branch or tag (such as \`origin/main\`)`,
      input,
    );
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\x00-\x20\x7f]/.test(value))
    throw new ConfigurationError(
      `\`${input}\` contains a space or a control character, which no branch, tag or commit has; pass a commit SHA, branch or tag (such as \`origin/main\`)`,
      input,
    );
  return value;
}

/** Hooks are the repository's programs, which a pull request's code may have written. */
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];
/** For a process whose environment carries the token: no credential helper or askpass program of the repository's. */
const NO_HELPERS = ['-c', 'credential.helper=', '-c', 'core.askPass='];

export const hasCommit = (rev: string, cwd: string): Promise<boolean> =>
  gitOk(['cat-file', '-e', '--end-of-options', `${rev}^{commit}`], cwd);

export interface MergeBaseResult {
  mergeBase: string;
  /** What was fetched to find it (for a notice), empty when nothing was needed. */
  fetched: string[];
}

export interface FetchAuth {
  /** A token that can read the repository; used only when a fetch without it is refused. */
  token?: string;
  /** The server the token is for (`GITHUB_SERVER_URL`, default `https://github.com`): git sends it there alone. */
  serverUrl?: string;
  /** The input the token came from, named in errors (default `github-token`). */
  tokenInput?: string;
  /** The environment git runs in (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** What git says when the server wanted credentials it did not get (or refused those it got). */
const CREDENTIALS_REFUSED =
  /could not read (?:username|password)|terminal prompts disabled|authentication failed|invalid username or password|requested url returned error: 40[13]|http basic: access denied|repository not found|repository '[^']*' not found/i;

export const needsCredentials = (gitStderr: string): boolean => CREDENTIALS_REFUSED.test(gitStderr);

/**
 * The environment that gives one git process the token as actions/checkout configures it:
 * `GIT_CONFIG_KEY_<n>` = `http.<origin of serverUrl>/.extraheader`, `GIT_CONFIG_VALUE_<n>` =
 * `AUTHORIZATION: basic base64(x-access-token:<token>)`, appended after any `GIT_CONFIG_*` entries
 * the environment already has. The token and the encoded credential are registered as secrets.
 */
export function tokenEnvironment(token: string, serverUrl: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const origin = URL.canParse(serverUrl) ? new URL(serverUrl).origin : 'null';
  if (!/^https?:\/\//.test(origin))
    throw new ConfigurationError(`GITHUB_SERVER_URL \`${serverUrl}\` is not an http(s) URL, so the token cannot be given to git for it`);
  const credential = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  setSecret(token);
  setSecret(credential);
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
function gitReason(stderr: string): string {
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
export async function mergeBase(
  base: string,
  cwd: string,
  {
    remote = 'origin',
    head = 'HEAD',
    input = 'base',
    token,
    serverUrl,
    tokenInput = 'github-token',
    env = process.env,
  }: { remote?: string; head?: string; input?: string } & FetchAuth = {},
): Promise<MergeBaseResult> {
  assertRevision(base, input);
  assertRevision(head, 'head');
  assertRevision(remote, 'remote');
  if (!(await gitOk(['rev-parse', '--git-dir'], cwd)))
    throw new ConfigurationError(`${cwd} is not a git repository; check out the repository first (actions/checkout)`, input);
  const fetched: string[] = [];
  // No prompt (there is no terminal on a runner, and a prompt would wait for one).
  const plainEnv: NodeJS.ProcessEnv = { ...env, GIT_TERMINAL_PROMPT: '0' };
  let withToken = false;
  const server = serverUrl || env.GITHUB_SERVER_URL || 'https://github.com';
  /** Fetches `what` (for errors; `fetched` gets it with the remote); on failure throws the reason, unless `soft` (then false). */
  const fetch = async (args: string[], what: string, soft = false): Promise<boolean> => {
    // Hooks never run (a fetch's ref updates start `reference-transaction`, which the PR's code may
    // have written, and the token is in its environment), nor, with the token, credential helpers.
    const run = (): Promise<GitResult> =>
      withToken && token
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
      throw new ConfigurationError(
        token
          ? `fetching ${what} from \`${remote}\` was refused even with \`${tokenInput}\` (given to git as actions/checkout gives it, for ${origin} only; git: ${gitReason(r.stderr)}); pass a token that can read this repository as \`${tokenInput}\`, or check out with \`fetch-depth: 0\` (actions/checkout) so nothing needs fetching`
          : `fetching ${what} from \`${remote}\` needs credentials, and this checkout gives none (actions/checkout with \`persist-credentials: false\` keeps none; git: ${gitReason(r.stderr)}); check out with \`fetch-depth: 0\` so nothing needs fetching, or pass a token that can read this repository as \`${tokenInput}\``,
        tokenInput,
      );
    }
    if (soft) return false;
    throw new ConfigurationError(
      `could not fetch ${what} from \`${remote}\` (git: ${gitReason(r.stderr)}); check out with \`fetch-depth: 0\` (actions/checkout) so nothing needs fetching`,
      input,
    );
  };
  // A refspec (`a:b`, `+a`, `^a`) would make fetch write or drop local refs: only names and SHAs are fetched.
  const fetchable = !/[:^+]/.test(base);
  if (!(await hasCommit(base, cwd))) {
    const ok = fetchable && (await fetch(['--depth=1', '--end-of-options', remote, base], base, true));
    if (!ok || !(await hasCommit(base, cwd)))
      throw new ConfigurationError(
        `the base commit \`${base}\` is not in this repository and could not be fetched from \`${remote}\`; pass a commit, branch or tag that exists (or use actions/checkout with fetch-depth: 0)`,
        input,
      );
  }
  for (let depth = 50; ; depth *= 4) {
    const r = await git(['merge-base', '--end-of-options', base, head], cwd);
    if (r.code === 0) return { mergeBase: r.stdout.trim(), fetched };
    const shallow = (await git(['rev-parse', '--is-shallow-repository'], cwd)).stdout.trim() === 'true';
    if (!shallow || !fetchable) break;
    if (depth > 5000) {
      await fetch(['--unshallow', '--end-of-options', remote], 'the full history');
      const again = await git(['merge-base', '--end-of-options', base, head], cwd);
      if (again.code === 0) return { mergeBase: again.stdout.trim(), fetched };
      break;
    }
    await fetch([`--deepen=${depth}`, '--end-of-options', remote, base], `${depth} more commits of history`);
  }
  throw new ConfigurationError(
    `\`${base}\` and ${head} have no common ancestor; pass the branch the change is based on as \`base\``,
    input,
  );
}

export type ChangeStatus = 'added' | 'modified' | 'renamed' | 'copied' | 'deleted';

export interface ChangedFile {
  /** The new path (renames are keyed by it). */
  path: string;
  oldPath?: string;
  status: ChangeStatus;
  binary: boolean;
  /** Added lines of the new side, as inclusive [start, end] ranges in ascending order. */
  added: [number, number][];
}

/** Unquotes git's C-style quoted path (`"a/with\ttab"`). */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"')) return text;
  const inner = text.slice(1, text.lastIndexOf('"'));
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = inner[++i] as string;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(inner.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(
        ({ n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0),
      );
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const stripPrefix = (p: string): string => (/^[abciwo12]\//.test(p) ? p.slice(2) : p);

/** Path token after `+++ ` / `--- `: may be quoted, may carry a trailing tab (git adds one for paths with spaces in some modes). */
function headerPath(rest: string): string | undefined {
  const raw = rest.startsWith('"') ? unquoteGitPath(rest) : rest.replace(/\t.*$/, '');
  return raw === '/dev/null' ? undefined : stripPrefix(raw);
}

/**
 * The new path from a `diff --git a/<old> b/<new>` line. Unquoted paths may contain spaces, so the
 * line is split where both halves name the same file (no rename), else at the last ` b/`.
 */
function diffGitPath(rest: string): string {
  if (rest.startsWith('"') || rest.endsWith('"')) {
    const m = /^(?:"(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|.+)$/.exec(rest);
    const raw = m?.[1] ?? rest;
    return stripPrefix(raw.startsWith('"') ? unquoteGitPath(raw) : raw);
  }
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const left = rest.slice(0, half);
    const right = rest.slice(half + 1);
    if (rest[half] === ' ' && stripPrefix(left) === stripPrefix(right)) return stripPrefix(right);
  }
  const at = rest.lastIndexOf(' b/');
  return stripPrefix(at >= 0 ? rest.slice(at + 1) : rest.slice(rest.indexOf(' ') + 1));
}

/** Incremental parser so a large diff streams line by line. */
export class DiffParser {
  private readonly files: ChangedFile[] = [];
  private current: ChangedFile | undefined;
  /** Old-side and new-side lines still to come in the current hunk (its body is not header text). */
  private hunkOld = 0;
  private hunkNew = 0;
  /** New-side number of the next body line. */
  private newLine = 0;

  private addLine(file: ChangedFile, n: number): void {
    const last = file.added[file.added.length - 1];
    if (last && last[1] + 1 === n) last[1] = n;
    else if (!last || last[1] < n) file.added.push([n, n]);
  }

  feed(rawLine: string): void {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if ((this.hunkOld > 0 || this.hunkNew > 0) && this.current) {
      // A body line. Only `+` lines are added lines (a diff with context has ` ` lines too);
      // `\ No newline at end of file` counts for neither side.
      const c = line[0];
      if (c === '\\') return;
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
    if (!file) return;
    if (line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (m) {
        this.hunkOld = m[1] === undefined ? 1 : Number(m[1]);
        this.hunkNew = m[3] === undefined ? 1 : Number(m[3]);
        this.newLine = Number(m[2]);
      }
      return;
    }
    if (line.startsWith('new file mode')) file.status = 'added';
    else if (line.startsWith('deleted file mode')) file.status = 'deleted';
    else if (line.startsWith('rename from ')) {
      file.status = 'renamed';
      file.oldPath = unquoteGitPath(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) file.path = unquoteGitPath(line.slice('rename to '.length));
    else if (line.startsWith('copy from ')) {
      file.status = 'copied';
      file.oldPath = unquoteGitPath(line.slice('copy from '.length));
    } else if (line.startsWith('copy to ')) file.path = unquoteGitPath(line.slice('copy to '.length));
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
    else if (line.startsWith('+++ ')) {
      const p = headerPath(line.slice(4));
      if (p !== undefined) file.path = p;
    } else if (line.startsWith('--- ') && file.status !== 'renamed') {
      const p = headerPath(line.slice(4));
      if (p === undefined) file.status = 'added';
    }
  }

  result(): ChangedFile[] {
    return this.files.filter((f) => f.path !== '');
  }
}

export function parseUnifiedDiff(text: string): ChangedFile[] {
  const parser = new DiffParser();
  for (const line of text.split('\n')) parser.feed(line);
  return parser.result();
}

/** `git diff -U0 -M <from> <to>` parsed as it streams. `to` undefined means the work tree. */
export async function changedFiles(from: string, cwd: string, to: string | undefined = 'HEAD', input = 'base'): Promise<ChangedFile[]> {
  assertRevision(from, input);
  if (to) assertRevision(to, input);
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
  const errors: string[] = [];
  const r = await exec('git', args, {
    cwd,
    maxOutputBytes: 0,
    onLine: (line, stream) => (stream === 'stdout' ? parser.feed(line) : errors.push(line)),
  });
  if (r.spawnError) throw new ConfigurationError(`could not run git (${r.spawnError}); is git installed and on PATH?`);
  if (r.code !== 0) throw new ConfigurationError(`git diff ${from} failed: ${errors.join('\n').trim()}`, input);
  return parser.result();
}

/** Total number of added lines, for summaries. */
export const addedLineCount = (files: readonly ChangedFile[]): number =>
  files.reduce((n, f) => n + f.added.reduce((m, [a, b]) => m + b - a + 1, 0), 0);

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

export interface Trailer {
  key: string;
  value: string;
}

/** What git says (its fatal/error/remote lines), for messages. */
export const gitFailure = (r: GitResult): string => gitReason(r.stderr) || `exit ${r.code}`;

/** Of `paths` (relative to `cwd`), the ones git tracks. */
export async function trackedPaths(cwd: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const r = await git(['--literal-pathspecs', 'ls-files', '-z', '--', ...paths], cwd);
  if (r.code !== 0) throw new Error(`git ls-files failed: ${gitFailure(r)}`);
  return r.stdout.split('\0').filter(Boolean);
}

/** Of `paths`, the tracked ones whose work-tree or index content differs from HEAD. */
export async function modifiedPaths(cwd: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const r = await git(
    ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames', '--', ...paths],
    cwd,
  );
  if (r.code !== 0) throw new Error(`git status failed: ${gitFailure(r)}`);
  // `XY <path>` records, NUL-separated (no renames, so one path each).
  return r.stdout
    .split('\0')
    .filter((rec) => rec.length > 3)
    .map((rec) => rec.slice(3));
}

/** Puts `paths` back as HEAD has them, in the index and the work tree. */
export async function restorePaths(cwd: string, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const r = await git([...QUIET_WRITES, '--literal-pathspecs', 'checkout', '--quiet', 'HEAD', '--', ...paths], cwd);
  if (r.code !== 0) throw new Error(`git checkout HEAD -- <files> failed: ${gitFailure(r)}`);
}

export interface CommitOptions {
  /** The files to commit (relative to `cwd`); nothing else is committed, whatever the index holds. */
  paths: readonly string[];
  /** Subject and body. */
  message: string;
  /** Added as git trailers (`Key: value` at the end of the message). */
  trailers?: readonly Trailer[];
  /** Author and committer. */
  identity: { name: string; email: string };
}

/** Commits exactly `paths` (`git commit --only`), with `trailers`; returns the new commit's SHA. */
export async function commitPaths(cwd: string, o: CommitOptions): Promise<string> {
  if (o.paths.length === 0) throw new Error('commitPaths: no paths to commit');
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
  if (r.spawnError) throw new ConfigurationError(`could not run git (${r.spawnError}); is git installed and on PATH?`);
  if (r.code !== 0) throw new Error(`git commit failed: ${gitReason(r.stderr) || r.stdout.trim() || `exit ${r.code}`}`);
  const head = await git(['rev-parse', '--verify', 'HEAD^{commit}'], cwd);
  return head.stdout.trim();
}

/** A commit with its trailers, as `git interpret-trailers --parse` reads them (unfolded). */
export interface CommitTrailers {
  sha: string;
  trailers: Trailer[];
}

/** The commits of `from..to` (newest first) with their trailers. */
export async function commitTrailers(cwd: string, from: string, to = 'HEAD'): Promise<CommitTrailers[]> {
  assertRevision(from, 'from');
  assertRevision(to, 'to');
  const r = await git(['log', '--no-color', '--format=%H%x00%(trailers:only,unfold)%x1e', '--end-of-options', `${from}..${to}`, '--'], cwd);
  if (r.code !== 0) throw new Error(`git log ${from}..${to} failed: ${gitFailure(r)}`);
  return r.stdout
    .split('\x1e')
    .map((rec) => rec.replace(/^\n/, ''))
    .filter((rec) => rec.includes('\0'))
    .map((rec) => {
      const [sha = '', text = ''] = rec.split('\0');
      const trailers = text
        .split('\n')
        .map((line) => /^([^:\s]+):\s*(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ key: m[1] as string, value: (m[2] as string).trim() }));
      return { sha, trailers };
    });
}

export interface PushResult {
  pushed: boolean;
  /** The token was needed (and given through GIT_CONFIG_*). */
  withToken: boolean;
  /** git's reason when not pushed. */
  reason?: string;
  /** Refused for want of (valid) credentials. */
  credentials?: boolean;
  /** Refused because the branch moved on (not a fast-forward). */
  rejected?: boolean;
}

/**
 * Pushes HEAD to `refs/heads/<branch>` of `remote`, never forced. Without credentials first (the
 * checkout may have kept its own); refused for want of them, again with `token` given to that one
 * process as `mergeBase` gives it (GIT_CONFIG_* variables, never argv or `.git/config`), with the
 * repository's credential helpers and askpass program switched off: that environment carries the token.
 */
export async function pushHead(
  cwd: string,
  branch: string,
  { remote = 'origin', token, serverUrl, env = process.env }: { remote?: string } & FetchAuth = {},
): Promise<PushResult> {
  assertRevision(remote, 'remote');
  assertRevision(branch, 'branch');
  const check = await git(['check-ref-format', `refs/heads/${branch}`], cwd);
  if (check.code !== 0) return { pushed: false, withToken: false, reason: `\`${branch}\` is not a valid branch name` };
  const server = serverUrl || env.GITHUB_SERVER_URL || 'https://github.com';
  const args = ['push', '--quiet', '--no-verify', '--porcelain', '--end-of-options', remote, `HEAD:refs/heads/${branch}`];
  const plainEnv: NodeJS.ProcessEnv = { ...env, GIT_TERMINAL_PROMPT: '0' };
  let withToken = false;
  let r = await git([...QUIET_WRITES, ...args], cwd, plainEnv);
  if (r.code !== 0 && token && needsCredentials(r.stderr)) {
    withToken = true;
    r = await git([...QUIET_WRITES, ...NO_HELPERS, ...args], cwd, tokenEnvironment(token, server, env));
  }
  if (r.code === 0) return { pushed: true, withToken };
  const said = `${r.stderr}\n${r.stdout}`;
  return {
    pushed: false,
    withToken,
    reason: gitReason(said),
    credentials: needsCredentials(r.stderr) || /\b403\b|permission to .* denied/i.test(r.stderr),
    rejected: /\[rejected\]|non-fast-forward|fetch first/i.test(said),
  };
}
