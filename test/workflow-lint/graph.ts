/**
 * A workflow's job graph as GitHub runs it, read from the YAML: each job's `needs` and its `if`,
 * evaluated with GitHub's own expression engine (`@actions/expressions`, the parser and evaluator of
 * actions/languageservices) and the job status functions as the runner defines them:
 *
 * - a job-level `if` without a status function is `success() && (if)`; no `if` is `success()`;
 * - `success()`: every job before it — every ancestor through `needs`, however far back — succeeded.
 *   A skipped ancestor counts: GitHub skips a job with an implied `success()` when any job before
 *   it was skipped, even when the job it needs directly ran and succeeded (actions/runner#2205);
 * - `failure()`: some ancestor failed; `cancelled()`: the run was cancelled; `always()`: true.
 *
 * `runGraph` plays one scenario: which jobs run, and each one's result (a job that runs ends with the
 * outcome the scenario gives it, success by default; a job that does not run is `skipped`).
 */
import { Evaluator, Lexer, Parser, data, type Expr } from '@actions/expressions';
import { FunctionCall, IndexAccess, ContextAccess, Literal, Grouping, Logical, Unary, Binary } from '@actions/expressions/ast';
import { truthy } from '@actions/expressions/result';

export type Result = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface Job {
  needs?: string | string[];
  if?: string | boolean;
  [key: string]: unknown;
}

export interface Workflow {
  on?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
  [key: string]: unknown;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always'];
const CONTEXTS = ['github', 'inputs', 'needs', 'vars', 'secrets', 'env', 'steps', 'job', 'jobs', 'runner', 'matrix', 'strategy'];

/** `${{ x }}` → `x`; an `if` may be written with or without the braces. */
export function unwrap(expression: string): string {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(expression);
  return (m ? m[1]! : expression).trim();
}

export function parseExpression(expression: string): Expr {
  const lexed = new Lexer(unwrap(expression)).lex();
  return new Parser(
    lexed.tokens,
    CONTEXTS,
    STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 })),
  ).parse();
}

/** Every node of an expression's tree. */
function nodes(e: Expr): Expr[] {
  const children: Expr[] =
    e instanceof FunctionCall
      ? e.args
      : e instanceof IndexAccess
        ? [e.expr, e.index]
        : e instanceof Grouping
          ? [e.group]
          : e instanceof Logical
            ? e.args
            : e instanceof Unary
              ? [e.expr]
              : e instanceof Binary
                ? [e.left, e.right]
                : [];
  return [e, ...children.flatMap(nodes)];
}

/** The dotted path of a property access (`needs.canary.result`), or undefined for anything else. */
function path(e: Expr): string | undefined {
  if (e instanceof ContextAccess) return e.name.lexeme;
  if (e instanceof IndexAccess && e.index instanceof Literal) {
    const base = path(e.expr);
    return base === undefined ? undefined : `${base}.${e.index.literal.coerceString()}`;
  }
  return undefined;
}

/** The context properties an expression reads (`inputs.hotfix`, `needs.staging.result`, …): the longest paths only. */
export function references(expression: string): string[] {
  const all = nodes(parseExpression(expression))
    .map(path)
    .filter((p): p is string => p !== undefined);
  return [...new Set(all.filter((p) => !all.some((q) => q !== p && q.startsWith(`${p}.`))))];
}

/** The functions an expression calls. */
export function functionsCalled(expression: string): string[] {
  return nodes(parseExpression(expression))
    .filter((e): e is FunctionCall => e instanceof FunctionCall)
    .map((f) => f.functionName.lexeme.toLowerCase());
}

/** The `${{ }}` expressions anywhere in a value (strings of nested maps and lists). */
export function embeddedExpressions(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]!.trim());
  if (Array.isArray(value)) return value.flatMap(embeddedExpressions);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(embeddedExpressions);
  return [];
}

export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Every job a job waits for, directly or through others. */
export function ancestors(wf: Workflow, id: string, seen = new Set<string>()): Set<string> {
  for (const n of needsOf(wf.jobs[id] ?? {})) {
    if (seen.has(n)) continue;
    seen.add(n);
    ancestors(wf, n, seen);
  }
  return seen;
}

/** Jobs in an order where each comes after everything it needs. */
export function topological(wf: Workflow): string[] {
  const order: string[] = [];
  const visit = (id: string, stack: string[]): void => {
    if (order.includes(id)) return;
    if (stack.includes(id)) throw new Error(`needs cycle: ${[...stack, id].join(' → ')}`);
    if (!(id in wf.jobs)) throw new Error(`${stack.at(-1)} needs ${id}, which is not a job`);
    for (const n of needsOf(wf.jobs[id]!)) visit(n, [...stack, id]);
    order.push(id);
  };
  for (const id of Object.keys(wf.jobs)) visit(id, []);
  return order;
}

type Value = string | boolean | number | null | { [key: string]: Value };

function toData(v: Value | undefined): data.ExpressionData {
  if (v === undefined || v === null) return new data.Null();
  if (typeof v === 'string') return new data.StringData(v);
  if (typeof v === 'boolean') return new data.BooleanData(v);
  if (typeof v === 'number') return new data.NumberData(v);
  const d = new data.Dictionary();
  for (const [k, x] of Object.entries(v)) d.add(k, toData(x));
  return d;
}

export interface Scenario {
  /** The workflow's inputs (`inputs.*`), defaults not applied. */
  inputs?: Record<string, Value>;
  /** `github.*` (event_name, event.action, …). */
  github?: Record<string, Value>;
  /** How each job ends when it runs (default success). */
  outcomes?: Record<string, Exclude<Result, 'skipped'>>;
  /** The run was cancelled before the jobs' conditions were evaluated. */
  cancelled?: boolean;
}

/** Whether a job's `if` lets it run, given the results of the jobs before it. */
export function jobRuns(wf: Workflow, id: string, results: Record<string, Result>, scenario: Scenario): boolean {
  const job = wf.jobs[id]!;
  const before = [...ancestors(wf, id)];
  const status: Record<string, boolean> = {
    success: !scenario.cancelled && before.every((a) => results[a] === 'success'),
    failure: before.some((a) => results[a] === 'failure'),
    cancelled: Boolean(scenario.cancelled),
    always: true,
  };
  const raw = job.if === undefined ? 'success()' : String(job.if);
  const expression = functionsCalled(raw).some((f) => STATUS_FUNCTIONS.includes(f)) ? unwrap(raw) : `success() && (${unwrap(raw)})`;
  const needs: Record<string, Value> = {};
  for (const n of needsOf(job)) needs[n] = { result: results[n] ?? 'skipped', outputs: {} };
  const context = toData({ inputs: scenario.inputs ?? {}, github: scenario.github ?? {}, needs, vars: {} }) as data.Dictionary;
  const functions = new Map(
    STATUS_FUNCTIONS.map((name) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(status[name]!) }]),
  );
  return truthy(new Evaluator(parseExpression(expression), context, functions).evaluate());
}

/** One scenario through the whole graph: each job's result. */
export function runGraph(wf: Workflow, scenario: Scenario): Record<string, Result> {
  const results: Record<string, Result> = {};
  for (const id of topological(wf)) results[id] = jobRuns(wf, id, results, scenario) ? (scenario.outcomes?.[id] ?? 'success') : 'skipped';
  return results;
}

/** Every assignment of success/failure to the given jobs (2^n of them). */
export function allOutcomes(jobs: string[]): Record<string, 'success' | 'failure'>[] {
  return jobs.reduce<Record<string, 'success' | 'failure'>[]>(
    (acc, job) =>
      acc.flatMap((o) => [
        { ...o, [job]: 'success' as const },
        { ...o, [job]: 'failure' as const },
      ]),
    [{}],
  );
}
