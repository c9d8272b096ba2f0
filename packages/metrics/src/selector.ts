/**
 * PromQL instant-vector selectors, the one part of PromQL a source that reads an exposition
 * directly can evaluate: `name{label="v", code=~"5..", arm!="stable"}` (or `{__name__="name", …}`).
 * Strings are quoted as PromQL quotes them (`"…"` and `'…'` with escapes, `` `…` `` raw); regular
 * expressions are fully anchored, as in PromQL. Anything else (functions, operators, ranges) is
 * not a selector, and the error says what this source accepts.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export interface VectorSelector {
  /** The metric name, when given (also as `__name__="…"`). */
  name?: string;
  matchers: Matcher[];
  /** Matches a sample's name and labels. */
  matches(name: string, labels: Readonly<Record<string, string>>): boolean;
}

export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

export function parseSelector(text: string): VectorSelector {
  let i = 0;
  const fail = (what: string): never => {
    throw new SelectorError(
      `\`${text}\` is not a metric selector such as \`http_requests_total{status=~"5..", version="v2"}\` (${what}); an exposition is read directly, so queries cannot use PromQL functions or operators`,
    );
  };
  const blanks = (): void => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const word = (start: RegExp, rest: RegExp, what: string): string => {
    const from = i;
    if (!start.test(text[i] ?? '')) fail(`expected ${what} at column ${i + 1}`);
    i++;
    while (rest.test(text[i] ?? '')) i++;
    return text.slice(from, i);
  };
  const string = (): string => {
    const quote = text[i];
    if (quote !== '"' && quote !== "'" && quote !== '`') return fail(`expected a quoted value at column ${i + 1}`);
    i++;
    let out = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) return fail('a quoted value is not closed');
      if (c === quote) return out;
      if (c === '\\' && quote !== '`') {
        const e = text[i++] ?? '';
        if (e in ESCAPES) out += ESCAPES[e];
        else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i, i + 2))) {
          out += String.fromCharCode(parseInt(text.slice(i, i + 2), 16));
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4))) {
          out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
          i += 4;
        } else return fail(`unknown escape \`\\${e}\``);
      } else out += c;
    }
  };
  blanks();
  let name: string | undefined;
  if (text[i] !== '{') name = word(/[a-zA-Z_:]/, /[a-zA-Z0-9_:]/, 'a metric name');
  blanks();
  const matchers: Matcher[] = [];
  if (text[i] === '{') {
    i++;
    for (;;) {
      blanks();
      if (text[i] === '}') {
        i++;
        break;
      }
      const label = text[i] === '"' ? string() : word(/[a-zA-Z_]/, /[a-zA-Z0-9_]/, 'a label name');
      blanks();
      const op = (['=~', '!~', '!=', '='] as const).find((o) => text.startsWith(o, i));
      if (!op) return fail(`expected =, !=, =~ or !~ after \`${label}\``);
      i += op.length;
      blanks();
      matchers.push({ label, op, value: string() });
      blanks();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail(`expected \`,\` or \`}\` at column ${i + 1}`);
    }
  }
  blanks();
  if (i < text.length) fail(`unexpected \`${text.slice(i)}\``);
  const nameMatcher = matchers.find((m) => m.label === '__name__' && m.op === '=');
  if (name !== undefined && nameMatcher && nameMatcher.value !== name) fail('it names two metrics');
  name ??= nameMatcher?.value;
  if (name === undefined && !matchers.some((m) => m.label === '__name__')) fail('it names no metric');
  const tests = matchers.map((m) => {
    if (m.op === '=' || m.op === '!=') return m;
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${m.value})$`, 'u');
    } catch (e) {
      return fail(`the regular expression \`${m.value}\` does not compile: ${(e as Error).message}`);
    }
    return { ...m, re };
  });
  return {
    ...(name !== undefined ? { name } : {}),
    matchers,
    matches(sampleName, labels) {
      if (name !== undefined && sampleName !== name) return false;
      for (const t of tests) {
        // An absent label matches as the empty string, as in PromQL.
        const v = t.label === '__name__' ? sampleName : (labels[t.label] ?? '');
        if (t.op === '=' && v !== t.value) return false;
        if (t.op === '!=' && v === t.value) return false;
        if ('re' in t && (t.re as RegExp).test(v) !== (t.op === '=~')) return false;
      }
      return true;
    },
  };
}
