/** What every built-in gate does alike: run a tool on the changed files (chunked), parse, report. */
import { basename } from 'node:path';
import { constants } from 'node:os';
import { redactor } from '@shipkit/kit';
import { exec, shellQuote, type ExecResult } from '@shipkit/kit/exec';
import type { GateContext, GateOutcome } from '../context';
import { statusOf } from '../context';
import type { Finding } from '../model';
import { outputTail } from '../parse';

export const JS_LIKE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/i;
export const PYTHON = /\.(?:py|pyi)$/i;

export const cancelled = (command: string): GateOutcome => ({ command, status: 'cancelled', exitCode: null, findings: [] });
export const skipped = (command: string, note: string): GateOutcome => ({ command, status: 'skipped', exitCode: null, findings: [], note });

/** The exit code to report: a signal death as 128 + its number (as a shell says it), a program that could not start as 127. */
export function exitCodeOf(r: ExecResult): number {
  if (r.code !== null) return r.code;
  if (r.spawnError) return 127;
  return 128 + (r.signal ? (constants.signals[r.signal] ?? 0) : 0);
}

/**
 * File arguments as tools must get them: a changed file named `--write` or `--no-config-lookup.js`
 * is passed as `./--write`, a path, never an option (Prettier, ESLint, secretlint, Biome and Ruff
 * all read `./x` as the file x; not every one of them honours `--`).
 */
export const pathArg = (file: string): string => (file.startsWith('-') ? `./${file}` : file);
export const fileArgs = (files: readonly string[]): string[] => files.map(pathArg);

/** Runs a tool in the gate's directory, stopped with the gate. */
export const run = (bin: string, args: readonly string[], ctx: GateContext, input?: string): Promise<ExecResult> =>
  exec(bin, args, { cwd: ctx.dir, signal: ctx.signal, env: ctx.env, input });

/** Splits a long argument list so no command line exceeds what the OS accepts. */
export function chunkArgs(items: readonly string[], maxChars = 100_000): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const item of items) {
    if (current.length > 0 && length + item.length + 1 > maxChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(item);
    length += item.length + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** `prettier --list-different <20 changed files>`: readable without every path. */
export function display(bin: string, args: readonly string[], files: readonly string[] | undefined): string {
  const head = [basename(bin), ...args].map(shellQuote).join(' ');
  if (!files) return head;
  if (files.length <= 3) return `${head} ${fileArgs(files).map(shellQuote).join(' ')}`;
  return `${head} <${files.length} changed files>`;
}

/** Runs `bin args... files...` (files as paths, never options), chunking long lists; codes and output are combined. */
export async function runChunked(bin: string, args: readonly string[], files: readonly string[] | undefined, ctx: GateContext) {
  const results: ExecResult[] = [];
  for (const chunk of files ? chunkArgs(fileArgs(files)) : [[]]) {
    const r = await run(bin, [...args, ...chunk], ctx);
    results.push(r);
    if (r.cancelled) break;
  }
  const failed = results.find((r) => r.code !== 0);
  return { code: failed ? exitCodeOf(failed) : 0, outputs: results, cancelled: results.some((r) => r.cancelled) };
}

/** A tool that failed without output the parser understood: its stderr/stdout tail becomes the finding. */
export function toolFailure(tool: string, code: number | null, text: string): Finding {
  return { rule: tool, severity: 'error', message: `${tool} exited with code ${code}:\n${redactor.redact(outputTail(text))}` };
}

export interface FileToolSpec {
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
export async function runFileTool(bin: string, spec: FileToolSpec, ctx: GateContext): Promise<GateOutcome> {
  const command = display(bin, spec.args, spec.files);
  if (spec.files && spec.files.length === 0) return skipped(command, spec.nothingToCheck);
  const ran = await runChunked(bin, spec.args, spec.files ?? ['.'], ctx);
  if (ran.cancelled) return cancelled(command);
  const findings: Finding[] = [];
  let parsed = true;
  for (const r of ran.outputs) {
    try {
      findings.push(...spec.parse(r));
    } catch {
      parsed = false;
    }
  }
  if (ran.code !== 0 && (!parsed || !findings.some((f) => f.severity === 'error')))
    findings.push(toolFailure(spec.tool, ran.code, ran.outputs.map((r) => `${r.stderr}\n${parsed ? '' : r.stdout}`).join('\n')));
  return { command, status: statusOf(ran.code, findings), exitCode: ran.code, findings };
}
