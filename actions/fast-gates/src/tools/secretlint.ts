/**
 * secretlint on the changed files (or every tracked file), plus the diff's added lines as one text
 * file: a secret pasted into any file — a type secretlint would skip, or one its ignore file hides —
 * is still in there. The secrets found go to the redactor only.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { redactor } from '@shipkit/kit';
import { exec } from '@shipkit/kit/exec';
import type { GateContext, GateOutcome } from '../context';
import { statusOf } from '../context';
import type { Finding } from '../model';
import { parseSecretlintJson } from '../parse';
import { cancelled, exitCodeOf, run, runChunked, skipped, toolFailure } from './run-tool';

const SECRETLINT_CONFIG = /^\.secretlintrc(\.(json|ya?ml|js|cjs|mjs))?$/;

/** The project's secretlint config, or the recommended preset in a config of our own. */
export function secretlintConfig(ctx: Pick<GateContext, 'dir' | 'tempDir'>): { args: string[]; own: boolean } {
  if (readdirSync(ctx.dir).some((f) => SECRETLINT_CONFIG.test(f))) return { args: [], own: true };
  const path = join(ctx.tempDir, 'secretlintrc.json');
  writeFileSync(path, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  return { args: ['--secretlintrc', path], own: false };
}

/** A regular file (a committed symlink's added line is its target's name, not the target's contents). */
const isRegularFile = (path: string): boolean => {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
};

/** The added lines of the diff as one text file, with a map back to file and line. */
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
    if (relative(ctx.dir, abs).startsWith('..') || !isRegularFile(abs)) continue;
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
  const ran = files.length > 0 ? await runChunked(bin, args, files, ctx) : { code: 0, outputs: [], cancelled: false };
  if (ran.cancelled) return cancelled(command);
  const hits = [];
  let code = ran.code;
  let parsed = true;
  for (const r of ran.outputs) {
    try {
      if (r.stdout.trim()) hits.push(...parseSecretlintJson(r.stdout, ctx.toPath));
    } catch {
      parsed = false;
    }
  }
  if (added) {
    const r = await run(bin, [...args, added.path], ctx);
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
    if (r.code !== 0 && code === 0) code = exitCodeOf(r);
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
    findings.push(toolFailure('secretlint', code, ran.outputs.map((r) => r.stderr).join('\n')));
  return { command, status: statusOf(code, findings), exitCode: code, findings };
}
