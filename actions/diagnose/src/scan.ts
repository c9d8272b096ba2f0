/**
 * Reads a log line by line through the rule table and keeps the evidence: the matching line, its
 * place (file/line when the tool names one) and a few lines of context around it. Logs are
 * streamed; only a small window of lines is held.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PrivateKeyLines } from '@shipkit/kit';
import type { Category, LogRule } from './rules';

export interface Evidence {
  category: Category;
  rule: string;
  tool: string;
  /** Where it was found: a log file, a JUnit report, or `job <name>`. */
  source: string;
  /** The workflow step, when the log says (job logs from the API do). */
  step?: string;
  file?: string;
  line?: number;
  col?: number;
  code?: string;
  message: string;
  /** The line in the log, 1-based. */
  logLine?: number;
  /** The matching line with a few lines before and after. */
  context: string[];
  stable?: boolean;
  next?: string;
}

const BEFORE = 2;
const AFTER = 3;
const MAX_LINE = 400;
/** Rules see at most this much of a line: minified code or a base64 blob on one line cannot stall the scan. */
const MATCH_LIMIT = 2000;
const MAX_PER_RULE = 40;
const MAX_EVIDENCE = 400;

// eslint-disable-next-line no-control-regex -- ANSI escape sequences are control characters by definition
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;

/** A line as the tool printed it: no colour codes, no runner timestamp. */
export const cleanLine = (raw: string): string => raw.replace(TIMESTAMP, '').replace(ANSI, '').replace(/\r$/, '');

const clip = (s: string): string => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE)}…` : s);

/** Makes runner paths relative to the workspace, so annotations land on the repository's files. */
export function relativePath(file: string, workspace: string): string {
  let f = file.trim().replace(/\\/g, '/');
  const ws = workspace.replace(/\\/g, '/').replace(/\/$/, '');
  if (ws && f.startsWith(`${ws}/`)) f = f.slice(ws.length + 1);
  f = f.replace(/^\/home\/runner\/work\/[^/]+\/[^/]+\//, '').replace(/^[A-Za-z]:\/a\/[^/]+\/[^/]+\//, '');
  return f.replace(/^\.\//, '');
}

/**
 * The path GitHub can attach an annotation to: relative to the workspace, or undefined for a path
 * outside it (an absolute path elsewhere, `../`), which GitHub would not show at any file.
 */
export function annotationPath(file: string | undefined, workspace: string): string | undefined {
  if (!file) return undefined;
  const f = relativePath(file, workspace);
  return f.startsWith('/') || /^[A-Za-z]:\//.test(f) || f.startsWith('../') || f === '..' ? undefined : f;
}

export class LogScanner {
  readonly evidence: Evidence[] = [];
  /** Every match per rule, the ones over the caps included: the true counts. */
  readonly matches: Record<string, { category: Category; count: number }> = {};
  private readonly perRule = new Map<string, number>();
  private readonly window: string[] = [];
  private readonly pending: { evidence: Evidence; remaining: number }[] = [];
  private fileContext: string | undefined;
  private step: string | undefined;
  /** Lines are kept as context one by one; a private key's lines must be masked knowing the lines before. */
  private readonly keys = new PrivateKeyLines();
  private lineNo = 0;
  dropped = 0;

  constructor(
    private readonly rules: readonly LogRule[],
    private readonly source: string,
    private readonly workspace: string,
  ) {}

  push(raw: string): void {
    const line = this.keys.mask(cleanLine(raw));
    this.lineNo++;
    for (const p of this.pending) if (p.remaining-- > 0) p.evidence.context.push(clip(line));
    while (this.pending.length > 0 && (this.pending[0]?.remaining ?? 0) <= 0) this.pending.shift();
    const group = line.startsWith('##[group]') ? line.slice(9).trim() : undefined;
    if (group !== undefined) this.step = group;
    else if (line.startsWith('[{"filePath":')) this.eslintJson(line);
    else if (line.trim() !== '') this.match(line.length > MATCH_LIMIT ? line.slice(0, MATCH_LIMIT) : line);
    this.window.push(clip(line));
    if (this.window.length > BEFORE) this.window.shift();
  }

  private match(line: string): void {
    for (const rule of this.rules) {
      const m = rule.pattern.exec(line);
      if (!m) continue;
      const g = m.groups ?? {};
      if (rule.setsFile) {
        this.fileContext = g.file;
        return;
      }
      if (rule.usesFile && !this.fileContext) continue;
      const file = rule.usesFile ? this.fileContext : g.file;
      this.add(
        {
          category: rule.category,
          rule: rule.id,
          tool: rule.tool,
          source: this.source,
          step: this.step,
          file: file ? relativePath(file, this.workspace) : undefined,
          line: g.line ? Number(g.line) : undefined,
          col: g.col ? Number(g.col) : undefined,
          code: g.code || undefined,
          message: clip((g.message ?? m[0]).trim() || line.trim()),
          logLine: this.lineNo,
          context: [...this.window, clip(line)],
          stable: rule.stable,
          next: rule.next,
        },
        AFTER,
      );
      return;
    }
    // A line no rule knows ends a stylish block only when it is blank; keep the file otherwise.
  }

  /** `eslint -f json` prints one line: an array of files with their messages. */
  private eslintJson(line: string): void {
    let files: {
      filePath: string;
      messages: { ruleId: string | null; severity: number; message: string; line?: number; column?: number }[];
    }[];
    try {
      files = JSON.parse(line) as typeof files;
    } catch {
      return;
    }
    for (const f of files)
      for (const msg of f.messages ?? [])
        if (msg.severity === 2)
          this.add(
            {
              category: 'lint',
              rule: 'eslint-json',
              tool: 'eslint',
              source: this.source,
              step: this.step,
              file: relativePath(f.filePath, this.workspace),
              line: msg.line,
              col: msg.column,
              code: msg.ruleId ?? undefined,
              message: clip(msg.message),
              logLine: this.lineNo,
              context: [clip(`${f.filePath}:${msg.line ?? 0}:${msg.column ?? 0} ${msg.message} (${msg.ruleId ?? 'fatal'})`)],
            },
            0,
          );
  }

  private add(evidence: Evidence, after: number): void {
    (this.matches[evidence.rule] ??= { category: evidence.category, count: 0 }).count++;
    const count = this.perRule.get(evidence.rule) ?? 0;
    if (count >= MAX_PER_RULE || this.evidence.length >= MAX_EVIDENCE) {
      this.dropped++;
      return;
    }
    this.perRule.set(evidence.rule, count + 1);
    this.evidence.push(evidence);
    if (after > 0) this.pending.push({ evidence, remaining: after });
  }
}

export async function scanLogFile(path: string, source: string, rules: readonly LogRule[], workspace: string): Promise<LogScanner> {
  const scanner = new LogScanner(rules, source, workspace);
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) scanner.push(line);
  return scanner;
}

export function scanLogText(text: string, source: string, rules: readonly LogRule[], workspace: string): LogScanner {
  const scanner = new LogScanner(rules, source, workspace);
  for (const line of text.split('\n')) scanner.push(line);
  return scanner;
}
