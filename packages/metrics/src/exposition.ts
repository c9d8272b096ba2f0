/**
 * The Prometheus text exposition format (`text/plain; version=0.0.4`, what prom-client,
 * client_golang and the proxy's `/metrics` serve), parsed line by line as the format's spec
 * describes it: `#` lines are comments (`# HELP` / `# TYPE` carry metadata, ignored here), blank
 * lines are skipped, and a sample is `name{label="value",…} value [timestamp]` with tokens
 * separated by any blanks or tabs, an optional trailing comma in the label set, label values
 * escaped as `\\`, `\"` and `\n`, values as Go floats (`NaN`, `+Inf`, `-Inf`, exponents), and
 * the UTF-8 form of newer clients (a quoted name inside the braces, quoted label names).
 *
 * prom-client's own parser is not public and the npm parsers for this format are unmaintained
 * ES5 ports; this is the small, strict subset a reader of counters needs, with its errors naming
 * the line.
 */
import type { Sample } from './counters';

export interface ExpositionSample extends Sample {
  name: string;
  /** Milliseconds since the epoch, when the line carries one. */
  timestamp?: number;
}

export class ExpositionParseError extends Error {
  override readonly name = 'ExpositionParseError';
  constructor(
    readonly line: number,
    what: string,
  ) {
    super(`line ${line} of the exposition: ${what}`);
  }
}

const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_CHAR = /[a-zA-Z0-9_]/;

/** A Go `strconv.ParseFloat` value as the format writes it. */
export function parseExpositionValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

class LineReader {
  i = 0;
  constructor(
    readonly text: string,
    readonly lineNo: number,
  ) {}

  fail(what: string): never {
    throw new ExpositionParseError(this.lineNo, what);
  }

  peek(): string | undefined {
    return this.text[this.i];
  }

  blanks(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  word(start: RegExp, rest: RegExp, what: string): string {
    const from = this.i;
    if (!start.test(this.text[this.i] ?? '')) this.fail(`expected ${what} at column ${this.i + 1}`);
    this.i++;
    while (rest.test(this.text[this.i] ?? '')) this.i++;
    return this.text.slice(from, this.i);
  }

  /** A double-quoted string with the format's escapes (`\\`, `\"`, `\n`). */
  quoted(): string {
    if (this.text[this.i] !== '"') this.fail(`expected \`"\` at column ${this.i + 1}`);
    this.i++;
    let out = '';
    for (;;) {
      const c = this.text[this.i++];
      if (c === undefined) this.fail('a quoted string is not closed');
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.text[this.i++];
        if (e === 'n') out += '\n';
        else if (e === '\\' || e === '"') out += e;
        else this.fail(`unknown escape \`\\${e ?? ''}\` in a quoted string`);
      } else out += c;
    }
  }

  token(): string {
    const from = this.i;
    while (this.i < this.text.length && this.text[this.i] !== ' ' && this.text[this.i] !== '\t') this.i++;
    return this.text.slice(from, this.i);
  }
}

/** Every sample of an exposition; throws ExpositionParseError (naming the line) on a malformed one. */
export function parseExposition(text: string): ExpositionSample[] {
  const samples: ExpositionSample[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const r: LineReader = new LineReader(line, index + 1);
    r.blanks();
    if (r.peek() === undefined || r.peek() === '#') continue;
    let name: string | undefined;
    if (r.peek() !== '{') name = r.word(NAME_START, NAME_CHAR, 'a metric name');
    const afterName = r.i;
    r.blanks();
    // `name {…}` is allowed; without braces the blanks belong before the value.
    if (r.peek() !== '{') r.i = afterName;
    const labels: Record<string, string> = {};
    if (r.peek() === '{') {
      r.i++;
      for (;;) {
        r.blanks();
        if (r.peek() === '}') {
          r.i++;
          break;
        }
        let key: string;
        if (r.peek() === '"') {
          key = r.quoted();
          r.blanks();
          // `{"utf8.metric.name", …}`: a quoted string standing alone is the metric's name.
          if (r.peek() === ',' || r.peek() === '}') {
            if (name !== undefined) r.fail('the metric has two names');
            name = key;
            if (r.peek() === ',') r.i++;
            continue;
          }
        } else key = r.word(LABEL_START, LABEL_CHAR, 'a label name');
        r.blanks();
        if (r.peek() !== '=') r.fail(`expected \`=\` after the label name \`${key}\``);
        r.i++;
        r.blanks();
        const value = r.quoted();
        if (key in labels) r.fail(`the label \`${key}\` is given twice`);
        labels[key] = value;
        r.blanks();
        if (r.peek() === ',') r.i++;
        else if (r.peek() !== '}') r.fail(`expected \`,\` or \`}\` at column ${r.i + 1}`);
      }
    }
    if (name === undefined) r.fail('a sample without a metric name');
    const before = r.i;
    r.blanks();
    if (r.i === before && r.peek() !== undefined) r.fail('expected a blank before the value');
    const valueText = r.token();
    if (valueText === '') r.fail(`\`${name}\` has no value`);
    const value = parseExpositionValue(valueText);
    if (value === undefined) r.fail(`\`${valueText}\` is not a number`);
    r.blanks();
    let timestamp: number | undefined;
    if (r.peek() !== undefined) {
      const ts = r.token();
      if (!/^-?\d+$/.test(ts)) r.fail(`\`${ts}\` is not a timestamp (milliseconds)`);
      timestamp = Number(ts);
      r.blanks();
      if (r.peek() !== undefined) r.fail(`unexpected \`${line.slice(r.i)}\` after the timestamp`);
    }
    samples.push({ name, labels, value, ...(timestamp !== undefined ? { timestamp } : {}) });
  }
  return samples;
}
