/**
 * Tool output → findings. Each parser takes the tool's machine-readable output and a function
 * that turns the tool's path (absolute or relative to the working directory) into a path relative
 * to the repository root.
 */
import type { Finding, Severity } from './model';

export type ToPath = (toolPath: string) => string;

const positive = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined);

/** Only the part of a tool's output that is JSON (some tools print a banner or a warning first). */
function jsonPart(text: string, open: '[' | '{'): unknown {
  const start = text.indexOf(open);
  if (start < 0) throw new Error('no JSON in the output');
  return JSON.parse(text.slice(start));
}

interface EslintMessage {
  ruleId?: string | null;
  severity?: number;
  message?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
}

/** `eslint -f json`: one entry per file, messages with 1-based line/column, severity 2 = error. */
export function parseEslintJson(text: string, toPath: ToPath): Finding[] {
  const files = jsonPart(text, '[') as { filePath: string; messages?: EslintMessage[] }[];
  const findings: Finding[] = [];
  for (const f of files)
    for (const m of f.messages ?? [])
      findings.push({
        file: toPath(f.filePath),
        line: positive(m.line),
        column: positive(m.column),
        endLine: positive(m.endLine),
        endColumn: positive(m.endColumn),
        rule: m.ruleId ?? (m.fatal ? 'parse-error' : undefined),
        message: m.message ?? '',
        severity: m.severity === 2 || m.fatal ? 'error' : 'warning',
      });
  return findings;
}

const TSC_LINE = /^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/;
const TSC_GLOBAL = /^(error|warning) (TS\d+): (.*)$/;

/** `tsc --pretty false`: `file(line,col): error TSxxxx: message`, continuation lines indented. */
export function parseTscOutput(text: string, toPath: ToPath): Finding[] {
  const findings: Finding[] = [];
  let last: Finding | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '') continue;
    const m = TSC_LINE.exec(line);
    if (m) {
      last = {
        file: toPath(m[1] as string),
        line: Number(m[2]),
        column: Number(m[3]),
        rule: m[5],
        message: m[6] as string,
        severity: m[4] === 'error' ? 'error' : m[4] === 'warning' ? 'warning' : 'note',
      };
      findings.push(last);
      continue;
    }
    const g = TSC_GLOBAL.exec(line);
    if (g) {
      last = { rule: g[2], message: g[3] as string, severity: g[1] === 'error' ? 'error' : 'warning' };
      findings.push(last);
      continue;
    }
    if (last && /^\s/.test(raw)) last.message += `\n${line.trim()}`;
  }
  return findings;
}

/** Prettier `--list-different`: one path per line. */
export const parsePrettierList = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('['));

/** Prettier's stderr for a file it cannot parse: `[error] src/a.ts: SyntaxError: message (line:col)`. */
export function parsePrettierErrors(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const m of text.matchAll(/^\[error\] (.+?): (\w*Error): (.*?) \((\d+):(\d+)\)$/gm))
    findings.push({
      file: m[1] as string,
      line: Number(m[4]),
      column: Number(m[5]),
      rule: 'syntax-error',
      message: `${m[2]}: ${m[3]}`,
      severity: 'error',
    });
  return findings;
}

/**
 * `git diff --no-index -U0 formatted original`: the hunks give, on the `+` side, the lines of the
 * original file that the formatter would change (a pure deletion points at the line after it).
 */
export function changedRegions(diff: string): { line: number; endLine: number }[] {
  const regions: { line: number; endLine: number }[] = [];
  for (const m of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count === 0) regions.push({ line: Math.max(start, 1), endLine: Math.max(start, 1) });
    else regions.push({ line: start, endLine: start + count - 1 });
  }
  return regions;
}

interface SecretlintMessage {
  ruleId?: string;
  messageId?: string;
  message?: string;
  range?: [number, number];
  loc?: { start?: { line?: number; column?: number }; end?: { line?: number; column?: number } };
  severity?: string;
}

export interface SecretHit {
  finding: Finding;
  /** The secret's text (from `range`), so it can be registered with the redactor; never printed. */
  secret?: string;
}

/** A rule id without the package prefix: `@secretlint/secretlint-rule-github` → `github`. */
const shortRule = (ruleId: string): string => ruleId.replace(/^@secretlint\/secretlint-rule-/, '').replace(/^secretlint-rule-/, '');

/**
 * `secretlint --format json`. The message and the echoed `sourceContent` contain the secret, so
 * neither is used: a finding says which rule matched where, nothing more.
 */
export function parseSecretlintJson(text: string, toPath: ToPath): SecretHit[] {
  const files = jsonPart(text, '[') as { filePath: string; sourceContent?: string; messages?: SecretlintMessage[] }[];
  const hits: SecretHit[] = [];
  for (const f of files)
    for (const m of f.messages ?? []) {
      const ruleId = m.ruleId ?? 'secretlint';
      const kind = (m.messageId ?? shortRule(ruleId)).replace(/_/g, ' ').toLowerCase();
      const start = m.loc?.start;
      const end = m.loc?.end;
      const secret = m.range && f.sourceContent ? f.sourceContent.slice(m.range[0], m.range[1]) : undefined;
      hits.push({
        finding: {
          file: toPath(f.filePath),
          // secretlint columns are 0-based.
          line: positive(start?.line),
          column: typeof start?.column === 'number' ? start.column + 1 : undefined,
          endLine: positive(end?.line),
          endColumn: typeof end?.column === 'number' ? end.column + 1 : undefined,
          rule: ruleId,
          message: `possible secret (${kind}); remove it, rotate it, and load it from a secret store instead`,
          severity: m.severity === 'warning' ? 'warning' : m.severity === 'info' ? 'note' : 'error',
        },
        secret,
      });
    }
  return hits;
}

interface RuffDiagnostic {
  code?: string | null;
  message?: string;
  filename?: string;
  location?: { row?: number; column?: number };
  end_location?: { row?: number; column?: number };
}

/** `ruff check --output-format json`: 1-based rows and columns. */
export function parseRuffJson(text: string, toPath: ToPath): Finding[] {
  const items = jsonPart(text, '[') as RuffDiagnostic[];
  return items.map((d) => ({
    file: d.filename ? toPath(d.filename) : undefined,
    line: positive(d.location?.row),
    column: positive(d.location?.column),
    endLine: positive(d.end_location?.row),
    endColumn: positive(d.end_location?.column),
    rule: d.code ?? 'syntax-error',
    message: d.message ?? '',
    severity: 'error' as Severity,
  }));
}

/** `ruff format --check`: `Would reformat: path` per file. */
export function parseRuffFormat(text: string, toPath: ToPath): Finding[] {
  const findings: Finding[] = [];
  for (const m of text.matchAll(/^Would reformat: (.+)$/gm))
    findings.push({
      file: toPath((m[1] as string).trim()),
      rule: 'ruff-format',
      message: 'not formatted; run `ruff format`',
      severity: 'error',
    });
  return findings;
}

const MYPY_LINE = /^(.+?):(\d+):(?:(\d+):)?(?:\d+:\d+:)? (error|warning|note): (.*?)(?:\s+\[([\w-]+)\])?$/;

/** mypy with `--show-column-numbers --no-pretty`: `file:line:col: error: message  [code]`. */
export function parseMypyOutput(text: string, toPath: ToPath): Finding[] {
  const findings: Finding[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = MYPY_LINE.exec(line);
    if (!m) continue;
    // Notes explain the error before them; they are kept as notes, not as failures.
    findings.push({
      file: toPath(m[1] as string),
      line: Number(m[2]),
      column: m[3] ? Number(m[3]) : undefined,
      rule: m[6],
      message: m[5] as string,
      severity: m[4] === 'error' ? 'error' : m[4] === 'warning' ? 'warning' : 'note',
    });
  }
  return findings;
}

const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string): string => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** Workflow-command annotations (`--reporter=github`, as Biome prints them). */
export function parseGithubAnnotations(text: string, toPath: ToPath): Finding[] {
  const findings: Finding[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) props[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
    }
    const num = (k: string): number | undefined => positive(Number(props[k]));
    findings.push({
      file: props.file ? toPath(props.file) : undefined,
      line: num('line'),
      column: num('col'),
      endLine: num('endLine'),
      endColumn: num('endColumn'),
      rule: props.title,
      message: unescapeData(m[3] ?? ''),
      severity: m[1] === 'error' ? 'error' : m[1] === 'warning' ? 'warning' : 'note',
    });
  }
  return findings;
}

/** Terminal colour codes (built from the code point: a control character in a regex literal is a lint error). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const GENERIC_LINE = /^(?:\S+:\s+)?([^\s:()][^:()]*?)(?::(\d+)(?::(\d+))?|\((\d+),(\d+)\)):\s*(?:(error|warning|note|info)\b:?\s*)?(.+)$/i;

/**
 * Custom gates: lines shaped like `file:line[:col]: message` or `file(line,col): message` whose
 * file exists become findings (the convention of compilers, linters and problem matchers).
 */
export function parseGenericLines(text: string, toPath: ToPath, fileExists: (p: string) => boolean): Finding[] {
  const findings: Finding[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(ANSI, '').trim();
    const m = GENERIC_LINE.exec(line);
    if (!m || !fileExists(m[1] as string)) continue;
    const level = (m[6] ?? 'error').toLowerCase();
    findings.push({
      file: toPath(m[1] as string),
      line: Number(m[2] ?? m[4]),
      column: m[3] || m[5] ? Number(m[3] ?? m[5]) : undefined,
      message: m[7] as string,
      severity: level === 'warning' ? 'warning' : level === 'note' || level === 'info' ? 'note' : 'error',
    });
    if (findings.length >= 1000) break;
  }
  return findings;
}

/** The last lines of a tool's output, for a failure the parsers could not place. */
export function outputTail(text: string, lines = 20): string {
  const all = text.replace(ANSI, '').trimEnd().split(/\r?\n/);
  return all.slice(-lines).join('\n');
}
