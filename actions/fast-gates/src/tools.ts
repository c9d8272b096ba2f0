/** The built-in gates: each runs one tool with its machine-readable output and parses it. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { redactor } from '@shipkit/kit';
import { chunkArgs, exec, shellQuote, type ExecResult } from './exec';
import type { GateContext, GateOutcome } from './context';
import { statusOf } from './context';
import type { Finding } from './model';
import {
  changedRegions,
  outputTail,
  parseEslintJson,
  parseGithubAnnotations,
  parseMypyOutput,
  parsePrettierErrors,
  parsePrettierList,
  parseRuffFormat,
  parseRuffJson,
  parseSecretlintJson,
  parseTscOutput,
} from './parse';

export const JS_LIKE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/i;
export const PYTHON = /\.(?:py|pyi)$/i;

/** Formatter (Prettier, Biome) regions are computed for this many files; the rest are reported per file. */
const LOCATED_FILES = 10;
const REGIONS_PER_FILE = 10;

const cancelled = (command: string): GateOutcome => ({ command, status: 'cancelled', exitCode: null, findings: [] });
const skipped = (command: string, note: string): GateOutcome => ({ command, status: 'skipped', exitCode: null, findings: [], note });

/** `prettier --list-different <20 changed files>`: readable without every path. */
function display(bin: string, args: readonly string[], files: readonly string[] | undefined): string {
  const tool = basename(bin);
  const head = [tool, ...args].map(shellQuote).join(' ');
  if (!files) return head;
  if (files.length <= 3) return `${head} ${files.map(shellQuote).join(' ')}`;
  return `${head} <${files.length} changed files>`;
}

/** Runs `bin args... files...`, chunking long file lists; codes and output are combined. */
async function runChunked(bin: string, args: readonly string[], files: readonly string[] | undefined, ctx: GateContext) {
  const results: ExecResult[] = [];
  for (const chunk of files ? chunkArgs(files) : [[]]) {
    const r = await exec(bin, [...args, ...chunk], { cwd: ctx.dir, signal: ctx.signal, env: ctx.env });
    results.push(r);
    if (r.cancelled) break;
  }
  return {
    code: results.find((r) => r.code !== 0)?.code ?? 0,
    outputs: results,
    cancelled: results.some((r) => r.cancelled),
  };
}

/** A tool that failed without output the parser understood: its stderr/stdout tail becomes the finding. */
function toolFailure(tool: string, code: number | null, text: string): Finding {
  return { rule: tool, severity: 'error', message: `${tool} exited with code ${code}:\n${redactor.redact(outputTail(text))}` };
}

export async function runPrettier(bin: string, ctx: GateContext): Promise<GateOutcome> {
  const outcome = await runFileTool(
    bin,
    {
      tool: 'prettier',
      args: ['--list-different', '--ignore-unknown', '--no-color'],
      files: ctx.changed,
      nothingToCheck: 'no changed files',
      parse: (r) => [
        ...parsePrettierList(r.stdout).map((file) => ({
          file,
          rule: 'prettier',
          severity: 'error' as const,
          message: `not formatted; run \`prettier --write ${file}\``,
        })),
        ...parsePrettierErrors(r.stderr),
      ],
    },
    ctx,
  );
  // Findings still carry Prettier's own path here; each becomes the regions Prettier would change.
  const findings: Finding[] = [];
  for (const [i, f] of outcome.findings.entries()) {
    if (!f.file || f.rule !== 'prettier') {
      findings.push(f.file ? { ...f, file: ctx.toPath(f.file) } : f);
      continue;
    }
    const file = f.file;
    const regions = i < LOCATED_FILES ? await formatterRegions(bin, ['--stdin-filepath', file], file, ctx) : [];
    if (ctx.signal.aborted) return cancelled(outcome.command);
    if (regions.length === 0) findings.push({ ...f, file: ctx.toPath(file) });
    for (const r of regions.slice(0, REGIONS_PER_FILE))
      findings.push({
        file: ctx.toPath(file),
        line: r.line,
        endLine: r.endLine,
        rule: 'prettier',
        severity: 'error',
        message: `Prettier would reformat ${r.line === r.endLine ? `line ${r.line}` : `lines ${r.line}–${r.endLine}`}; run \`prettier --write ${file}\``,
      });
  }
  return { ...outcome, findings };
}

interface FileToolSpec {
  /** For messages: the command's name. */
  tool: string;
  args: string[];
  /** The changed files this tool takes, or undefined for the whole project (`.`). */
  files: string[] | undefined;
  /** Why the gate is skipped when there are no such changed files. */
  nothingToCheck: string;
  /** Findings from one invocation's output; throwing means the output was not what the tool promises. */
  parse(output: ExecResult): Finding[];
}

/**
 * A tool that takes files (or `.`): run it on the chunks, parse each output; when it fails without
 * an error finding to show for it, its output tail becomes the finding.
 */
async function runFileTool(bin: string, spec: FileToolSpec, ctx: GateContext): Promise<GateOutcome> {
  const command = display(bin, spec.args, spec.files);
  if (spec.files && spec.files.length === 0) return skipped(command, spec.nothingToCheck);
  const run = await runChunked(bin, spec.args, spec.files ?? ['.'], ctx);
  if (run.cancelled) return cancelled(command);
  const findings: Finding[] = [];
  let parsed = true;
  for (const r of run.outputs) {
    try {
      findings.push(...spec.parse(r));
    } catch {
      parsed = false;
    }
  }
  if (run.code !== 0 && (!parsed || !findings.some((f) => f.severity === 'error')))
    findings.push(toolFailure(spec.tool, run.code, run.outputs.map((r) => `${r.stderr}\n${parsed ? '' : r.stdout}`).join('\n')));
  return { command, status: statusOf(run.code, findings), exitCode: run.code, findings };
}

/**
 * Where in `file` (absolute, or relative to the working directory) a formatter would change lines:
 * format it on stdin (`bin ...stdinArgs`), diff the result against the original.
 */
async function formatterRegions(
  bin: string,
  stdinArgs: readonly string[],
  file: string,
  ctx: GateContext,
): Promise<{ line: number; endLine: number }[]> {
  try {
    const path = resolve(ctx.dir, file);
    const original = readFileSync(path, 'utf8');
    const formatted = await exec(bin, [...stdinArgs], { cwd: ctx.dir, signal: ctx.signal, env: ctx.env, input: original });
    if (formatted.code !== 0 || formatted.cancelled) return [];
    const tmp = join(ctx.tempDir, `formatted-${Math.random().toString(36).slice(2)}`);
    writeFileSync(tmp, formatted.stdout);
    const diff = await exec('git', ['diff', '--no-index', '-U0', '--no-color', '--no-ext-diff', '--', tmp, path], {
      cwd: ctx.dir,
      signal: ctx.signal,
      env: ctx.env,
    });
    return changedRegions(diff.stdout);
  } catch {
    return [];
  }
}

export function runEslint(bin: string, ctx: GateContext): Promise<GateOutcome> {
  return runFileTool(
    bin,
    {
      tool: 'eslint',
      args: ['-f', 'json', '--no-warn-ignored', '--no-error-on-unmatched-pattern'],
      files: ctx.changed?.filter((f) => JS_LIKE.test(f)),
      nothingToCheck: 'no changed JavaScript/TypeScript files',
      // Exit code 2 is a configuration error or a crash (its stderr says which); 1 is lint errors.
      parse: (r) => (r.stdout.trim() ? parseEslintJson(r.stdout, ctx.toPath) : []),
    },
    ctx,
  );
}

/** tsconfig files are JSONC: comments and trailing commas. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'fixtures', '__fixtures__', 'vendor']);

/**
 * The TypeScript projects to check: the root tsconfig.json (and the projects it references), or,
 * without one, the tsconfig.json files of the sub-projects (up to three levels down).
 */
export function tsProjects(dir: string): string[] {
  const projects: string[] = [];
  const add = (config: string): void => {
    const abs = resolve(config);
    if (projects.includes(abs) || !existsSync(abs)) return;
    projects.push(abs);
    try {
      const json = parseJsonc(readFileSync(abs, 'utf8')) as { references?: { path?: string }[] };
      for (const ref of json.references ?? []) {
        if (!ref.path) continue;
        const target = resolve(dirname(abs), ref.path);
        add(target.endsWith('.json') ? target : join(target, 'tsconfig.json'));
      }
    } catch {
      // tsc reports a broken config itself.
    }
  };
  const rootConfig = join(dir, 'tsconfig.json');
  if (existsSync(rootConfig)) {
    add(rootConfig);
    return projects;
  }
  const walk = (d: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isFile() && e.name === 'tsconfig.json') add(join(d, e.name));
      else if (e.isDirectory() && depth < 3 && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) walk(join(d, e.name), depth + 1);
    }
  };
  walk(dir, 0);
  return projects;
}

export async function runTsc(bin: string, ctx: GateContext): Promise<GateOutcome> {
  const projects = tsProjects(ctx.dir);
  const commands = projects.map((p) => `${basename(bin)} -p ${shellQuote(relative(ctx.dir, p) || '.')} --noEmit --pretty false`);
  const command = commands.join(' && ') || `${basename(bin)} --noEmit --pretty false`;
  if (projects.length === 0) return skipped(command, 'no tsconfig.json found');
  const findings: Finding[] = [];
  let exitCode = 0;
  let checked = 0;
  for (const project of projects) {
    const r = await exec(bin, ['-p', project, '--noEmit', '--pretty', 'false'], { cwd: ctx.dir, signal: ctx.signal, env: ctx.env });
    if (r.cancelled) return cancelled(command);
    const projectFindings = parseTscOutput(r.stdout, ctx.toPath);
    // TS18003: "No inputs were found" — a config without sources (a solution file) is not checked.
    if (projectFindings.length > 0 && projectFindings.every((f) => f.rule === 'TS18003')) continue;
    checked++;
    findings.push(...projectFindings);
    if (r.code !== 0 && exitCode === 0) exitCode = r.code ?? 1;
    if (r.code !== 0 && projectFindings.length === 0) findings.push(toolFailure('tsc', r.code, `${r.stdout}\n${r.stderr}`));
  }
  if (checked === 0) return skipped(command, 'no tsconfig project has sources');
  return { command, status: statusOf(exitCode, findings), exitCode, findings };
}

const SECRETLINT_CONFIG = /^\.secretlintrc(\.(json|ya?ml|js|cjs|mjs))?$/;

/** The project's secretlint config, or the recommended preset in a config of our own. */
export function secretlintConfig(ctx: Pick<GateContext, 'dir' | 'tempDir'>): { args: string[]; own: boolean } {
  if (readdirSync(ctx.dir).some((f) => SECRETLINT_CONFIG.test(f))) return { args: [], own: true };
  const path = join(ctx.tempDir, 'secretlintrc.json');
  writeFileSync(path, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  return { args: ['--secretlintrc', path], own: false };
}

/**
 * The added lines of the diff as one text file, with a map back to file and line. A secret pasted
 * into any file — a type secretlint would skip, or one its ignore file hides — is still in here.
 */
export async function addedLinesFile(ctx: GateContext): Promise<{ path: string; origin: { file: string; line: number }[] } | undefined> {
  if (!ctx.diff) return undefined;
  const lines: string[] = [];
  const origin: { file: string; line: number }[] = [];
  const ignored = await secretlintIgnored(
    ctx,
    ctx.diff.map((f) => f.path),
  );
  for (const f of ctx.diff) {
    if (f.binary || f.status === 'deleted' || f.added.length === 0 || ignored.has(f.path)) continue;
    const abs = join(ctx.root, f.path);
    if (relative(ctx.dir, abs).startsWith('..')) continue;
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      continue;
    }
    if (text.includes('\u0000')) continue;
    const fileLines = text.split(/\r?\n/);
    for (const [start, end] of f.added)
      for (let n = start; n <= end && n <= fileLines.length; n++) {
        lines.push(fileLines[n - 1] as string);
        origin.push({ file: f.path, line: n });
      }
  }
  if (lines.length === 0) return undefined;
  const path = join(ctx.tempDir, 'added-lines.txt');
  writeFileSync(path, lines.join('\n') + '\n');
  return { path, origin };
}

/**
 * Paths (relative to the root) that the project's `.secretlintignore` excludes: the added-lines
 * scan honours it like secretlint does. Git evaluates the gitignore-syntax file for us.
 */
async function secretlintIgnored(ctx: GateContext, paths: readonly string[]): Promise<Set<string>> {
  const ignoreFile = join(ctx.dir, '.secretlintignore');
  if (!existsSync(ignoreFile) || paths.length === 0) return new Set();
  const r = await exec('git', ['-c', `core.excludesFile=${ignoreFile}`, 'check-ignore', '--no-index', '--stdin', '-z'], {
    cwd: ctx.root,
    signal: ctx.signal,
    env: ctx.env,
    input: paths.join('\0') + '\0',
  });
  return new Set(r.stdout.split('\0').filter(Boolean));
}

export async function runSecretlint(bin: string, ctx: GateContext): Promise<GateOutcome> {
  const config = secretlintConfig(ctx);
  const args = ['--format', 'json', '--maskSecrets', '--no-color', ...config.args];
  const files = ctx.changed ?? (await ctx.trackedFiles());
  const shown = [basename(bin), '--format', 'json', '--maskSecrets', ...(config.own ? [] : ['(recommended preset)'])].join(' ');
  const command = ctx.changed
    ? `${shown} <${files.length} changed files> + the diff's added lines`
    : `${shown} <${files.length} tracked files>`;
  const added = ctx.changed ? await addedLinesFile(ctx) : undefined;
  if (files.length === 0 && !added)
    return skipped(command, ctx.changed ? 'no changed files' : 'no files found (is this a git repository?)');
  const run = files.length > 0 ? await runChunked(bin, args, files, ctx) : { code: 0, outputs: [], cancelled: false };
  if (run.cancelled) return cancelled(command);
  const hits = [];
  let code = run.code;
  let parsed = true;
  for (const r of run.outputs) {
    try {
      if (r.stdout.trim()) hits.push(...parseSecretlintJson(r.stdout, ctx.toPath));
    } catch {
      parsed = false;
    }
  }
  if (added) {
    const r = await exec(bin, [...args, added.path], { cwd: ctx.dir, signal: ctx.signal, env: ctx.env });
    if (r.cancelled) return cancelled(command);
    try {
      for (const hit of parseSecretlintJson(r.stdout, (p) => p)) {
        const from = added.origin[(hit.finding.line ?? 1) - 1];
        if (!from) continue;
        const span = (hit.finding.endLine ?? hit.finding.line ?? 0) - (hit.finding.line ?? 0);
        hits.push({ ...hit, finding: { ...hit.finding, file: from.file, line: from.line, endLine: from.line + span } });
      }
    } catch {
      parsed = false;
    }
    if (hits.length > 0 && code === 0) code = 1;
    if (r.code !== 0 && code === 0) code = r.code ?? 1;
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    // The secret itself goes to the redactor only: nothing fast-gates prints can contain it.
    if (hit.secret) redactor.addSecret(hit.secret);
    const key = `${hit.finding.file}:${hit.finding.line}:${hit.finding.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(hit.finding);
  }
  if (code !== 0 && (!parsed || findings.length === 0))
    findings.push(toolFailure('secretlint', code, run.outputs.map((r) => r.stderr).join('\n')));
  return { command, status: statusOf(code, findings), exitCode: code, findings };
}

/**
 * `biome format|lint --reporter=github`. Lint diagnostics carry the rule (`lint/suspicious/noDebugger`)
 * and the range. A format diagnostic (title `format`) names only the file (Biome puts it at line 1,
 * whatever changed), so, as for Prettier, the file is formatted on stdin and diffed to find the lines.
 */
export async function runBiome(bin: string, sub: 'format' | 'lint', ctx: GateContext): Promise<GateOutcome> {
  const outcome = await runFileTool(
    bin,
    {
      tool: 'biome',
      args: [sub, '--reporter=github', '--no-errors-on-unmatched', '--files-ignore-unknown=true', '--colors=off'],
      files: ctx.changed,
      nothingToCheck: 'no changed files',
      // Biome's own paths here (absolute); mapped to the repository below.
      parse: (r) => parseGithubAnnotations(`${r.stdout}\n${r.stderr}`, (p) => p),
    },
    ctx,
  );
  const findings: Finding[] = [];
  let located = 0;
  for (const f of outcome.findings) {
    if (!f.file) {
      findings.push(f);
      continue;
    }
    if (sub !== 'format' || f.rule !== 'format') {
      findings.push({ ...f, file: ctx.toPath(f.file) });
      continue;
    }
    const file = relative(ctx.dir, resolve(ctx.dir, f.file));
    const fix = `run \`biome format --write ${file}\``;
    const regions =
      located++ < LOCATED_FILES ? await formatterRegions(bin, ['format', `--stdin-file-path=${file}`, '--colors=off'], file, ctx) : [];
    if (ctx.signal.aborted) return cancelled(outcome.command);
    if (regions.length === 0)
      findings.push({ file: ctx.toPath(f.file), rule: 'format', severity: f.severity, message: `not formatted; ${fix}` });
    for (const r of regions.slice(0, REGIONS_PER_FILE))
      findings.push({
        file: ctx.toPath(f.file),
        line: r.line,
        endLine: r.endLine,
        rule: 'format',
        severity: f.severity,
        message: `Biome would reformat ${r.line === r.endLine ? `line ${r.line}` : `lines ${r.line}–${r.endLine}`}; ${fix}`,
      });
  }
  return { ...outcome, findings };
}

export function runRuff(bin: string, sub: 'format' | 'check', ctx: GateContext): Promise<GateOutcome> {
  return runFileTool(
    bin,
    {
      tool: 'ruff',
      args: sub === 'format' ? ['format', '--check', '--force-exclude'] : ['check', '--output-format', 'json', '--force-exclude'],
      files: ctx.changed?.filter((f) => PYTHON.test(f)),
      nothingToCheck: 'no changed Python files',
      parse: (r) =>
        sub === 'format'
          ? parseRuffFormat(`${r.stdout}\n${r.stderr}`, ctx.toPath)
          : r.stdout.trim()
            ? parseRuffJson(r.stdout, ctx.toPath)
            : [],
    },
    ctx,
  );
}

/** mypy sees the whole project like tsc; the files come from its config when it names them. */
export async function runMypy(bin: string, ctx: GateContext, configNamesFiles: boolean): Promise<GateOutcome> {
  const args = ['--show-column-numbers', '--no-pretty', '--no-error-summary', '--no-color-output', ...(configNamesFiles ? [] : ['.'])];
  const command = display(bin, args, undefined);
  const r = await exec(bin, args, { cwd: ctx.dir, signal: ctx.signal, env: ctx.env });
  if (r.cancelled) return cancelled(command);
  const findings = parseMypyOutput(r.stdout, ctx.toPath);
  if (r.code !== 0 && !findings.some((f) => f.severity === 'error')) findings.push(toolFailure('mypy', r.code, `${r.stdout}\n${r.stderr}`));
  return { command, status: statusOf(r.code, findings), exitCode: r.code, findings };
}
