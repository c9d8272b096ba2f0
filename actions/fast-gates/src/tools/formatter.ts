/**
 * Where a formatter (Prettier, Biome) would change a file: the file is formatted on stdin and the
 * result diffed against it, so a "not formatted" finding becomes annotations at the lines that change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exec } from '@shipkit/kit/exec';
import type { GateContext } from '../context';
import type { Finding, Severity } from '../model';
import { changedRegions } from '../parse';
import { run } from './run-tool';

/** Formatter regions are computed for this many files; the rest are reported per file. */
export const LOCATED_FILES = 10;
const REGIONS_PER_FILE = 10;

/**
 * The regions of `file` (absolute, or relative to the working directory) that `bin ...stdinArgs`
 * would change, as 1-based line ranges of the original.
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
    const formatted = await run(bin, stdinArgs, ctx, original);
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

export interface FormatFinding {
  /** The file as the tool named it (absolute, or relative to the working directory). */
  file: string;
  /** `prettier`, `format`. */
  rule: string;
  severity: Severity;
  /** `Prettier`, `Biome`: "<tool> would reformat lines 3–5". */
  tool: string;
  /** How to fix it: "run `prettier --write src/a.ts`". */
  fix: string;
  /** The formatter's command line that formats stdin as this file. */
  stdinArgs: string[];
}

/**
 * One finding per region the formatter would change (the first few files, the first few regions
 * each), or one per file when the regions cannot be found. Undefined when the gate was cancelled meanwhile.
 */
export async function locateFormatFindings(
  bin: string,
  unformatted: readonly FormatFinding[],
  ctx: GateContext,
): Promise<Finding[] | undefined> {
  const findings: Finding[] = [];
  for (const [i, f] of unformatted.entries()) {
    const regions = i < LOCATED_FILES ? await formatterRegions(bin, f.stdinArgs, f.file, ctx) : [];
    if (ctx.signal.aborted) return undefined;
    const file = ctx.toPath(f.file);
    if (regions.length === 0) findings.push({ file, rule: f.rule, severity: f.severity, message: `not formatted; ${f.fix}` });
    for (const r of regions.slice(0, REGIONS_PER_FILE))
      findings.push({
        file,
        line: r.line,
        endLine: r.endLine,
        rule: f.rule,
        severity: f.severity,
        message: `${f.tool} would reformat ${r.line === r.endLine ? `line ${r.line}` : `lines ${r.line}–${r.endLine}`}; ${f.fix}`,
      });
  }
  return findings;
}
