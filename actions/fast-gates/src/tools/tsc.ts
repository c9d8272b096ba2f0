/**
 * `tsc -p <project> --noEmit` for every TypeScript project: the root tsconfig.json (and the projects
 * it references), or, without one, the tsconfig.json files of the sub-projects (up to three levels down).
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { shellQuote } from '@shipkit/kit/exec';
import type { GateContext, GateOutcome } from '../context';
import { statusOf } from '../context';
import type { Finding } from '../model';
import { readJsonc } from '../detect';
import { parseTscOutput } from '../parse';
import { cancelled, exitCodeOf, run, skipped, toolFailure } from './run-tool';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'fixtures', '__fixtures__', 'vendor']);

export function tsProjects(dir: string): string[] {
  const projects: string[] = [];
  const add = (config: string): void => {
    const abs = resolve(config);
    if (projects.includes(abs) || !existsSync(abs)) return;
    projects.push(abs);
    let json: { references?: { path?: unknown }[] } | undefined;
    try {
      json = readJsonc(abs) as typeof json;
    } catch {
      json = undefined; // tsc reports an unreadable config itself
    }
    for (const ref of Array.isArray(json?.references) ? json.references : []) {
      if (typeof ref?.path !== 'string') continue;
      const target = resolve(dirname(abs), ref.path);
      add(target.endsWith('.json') ? target : join(target, 'tsconfig.json'));
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
    // The project path is absolute: never an option, whatever the directory is called.
    const r = await run(bin, ['-p', project, '--noEmit', '--pretty', 'false'], ctx);
    if (r.cancelled) return cancelled(command);
    const code = exitCodeOf(r);
    const projectFindings = parseTscOutput(r.stdout, ctx.toPath);
    // TS18003: "No inputs were found" — a config without sources (a solution file) is not checked.
    if (projectFindings.length > 0 && projectFindings.every((f) => f.rule === 'TS18003')) continue;
    checked++;
    findings.push(...projectFindings);
    if (code !== 0 && exitCode === 0) exitCode = code;
    if (code !== 0 && projectFindings.length === 0) findings.push(toolFailure('tsc', code, `${r.stdout}\n${r.stderr}`));
  }
  if (checked === 0) return skipped(command, 'no tsconfig project has sources');
  return { command, status: statusOf(exitCode, findings), exitCode, findings };
}
