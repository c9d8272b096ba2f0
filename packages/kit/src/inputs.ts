/**
 * Typed inputs, declared once per action. `readInputs` parses every input, collecting every
 * problem before throwing one `InputErrors`, so a user fixes a bad config in one round.
 * The declaration is checked against action.yml by `test/action-yml.test.ts`.
 */
import { parseDuration } from './duration';
import { InputErrors } from './errors';
import { setSecret } from './commands';

interface Common {
  /** The default exactly as action.yml writes it (a string), applied when the input is empty. */
  default?: string;
  required?: boolean;
  /** Masked with `::add-mask::` and registered with the redactor before anything else runs. */
  secret?: boolean;
}

export type InputSpec = Common &
  (
    | { type: 'string' }
    | { type: 'boolean' }
    | { type: 'int'; min?: number; max?: number }
    | { type: 'number'; min?: number; max?: number }
    | { type: 'percent' }
    | { type: 'duration'; min?: number; max?: number }
    | { type: 'url' }
    | { type: 'enum'; values: readonly string[] }
    | { type: 'list' }
    | { type: 'yaml' }
  );

export type InputSpecs = Record<string, InputSpec>;

type ValueOf<S extends InputSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['type'] extends 'int' | 'number' | 'percent' | 'duration'
    ? number
    : S['type'] extends 'list'
      ? string[]
      : S['type'] extends 'yaml'
        ? unknown
        : S extends { type: 'enum'; values: readonly (infer V)[] }
          ? V
          : string;

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;

type IsPresent<S extends InputSpec> = S extends { required: true }
  ? true
  : S extends { default: string }
    ? true
    : S['type'] extends 'boolean' | 'list'
      ? true
      : false;

/** The typed object `readInputs` returns: camelCase keys; optional inputs without default may be undefined. */
export type Inputs<S extends InputSpecs> = {
  -readonly [K in keyof S & string as Camel<K>]: IsPresent<S[K]> extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

export const camelCase = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export const inputEnvName = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/**
 * Splits a list input on newlines and commas; blank entries and `#` comments are dropped. A comma
 * inside braces belongs to a glob (`coverage/{unit,e2e}/lcov.info`) and does not split.
 */
export function splitList(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let depth = 0;
    let start = 0;
    for (let i = 0; i <= line.length; i++) {
      const ch = line[i];
      if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
      else if (ch === undefined || (ch === ',' && depth === 0)) {
        items.push(line.slice(start, i));
        start = i + 1;
      }
    }
  }
  return items.map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'));
}

export function defineInputs<const S extends InputSpecs>(specs: S): S {
  return specs;
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

function parseOne(spec: InputSpec, raw: string, parseYaml: YamlParse | undefined): { value?: unknown; problem?: string } {
  switch (spec.type) {
    case 'string':
      return { value: raw };
    case 'boolean':
      if (TRUE.has(raw)) return { value: true };
      if (FALSE.has(raw)) return { value: false };
      return { problem: `must be \`true\` or \`false\`, got \`${raw}\`` };
    case 'int':
    case 'number': {
      const pattern = spec.type === 'int' ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
      if (!pattern.test(raw)) return { problem: `must be ${spec.type === 'int' ? 'a whole number' : 'a number'}, got \`${raw}\`` };
      const n = Number(raw);
      if (spec.type === 'int' && !Number.isSafeInteger(n)) return { problem: `is too large to be a whole number, got \`${raw}\`` };
      if (spec.min !== undefined && n < spec.min) return { problem: `must be at least ${spec.min}, got ${n}` };
      if (spec.max !== undefined && n > spec.max) return { problem: `must be at most ${spec.max}, got ${n}` };
      return { value: n };
    }
    case 'percent': {
      const text = raw.endsWith('%') ? raw.slice(0, -1).trim() : raw;
      if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text))
        return { problem: `must be a percentage from 0 to 100 (e.g. \`90\` or \`87.5%\`), got \`${raw}\`` };
      const n = Number(text);
      if (n > 100) return { problem: `must be a percentage from 0 to 100, got ${n}` };
      return { value: n };
    }
    case 'duration': {
      const ms = parseDuration(raw);
      if (ms === undefined) return { problem: `must be a duration such as \`500ms\`, \`30s\` or \`10m\`, got \`${raw}\`` };
      if (spec.min !== undefined && ms < spec.min) return { problem: `must be at least ${spec.min} ms, got \`${raw}\`` };
      if (spec.max !== undefined && ms > spec.max) return { problem: `must be at most ${spec.max} ms, got \`${raw}\`` };
      return { value: ms };
    }
    case 'url': {
      // Credentials in a URL are secrets, even in one too broken to parse (it is echoed below): the
      // password, or the user name alone when it is the token (`https://<token>@host`).
      const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(raw)?.[1];
      if (userinfo) setSecret(safeDecode(userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo));
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return { problem: `must be an absolute http(s) URL such as \`https://example.com\`, got \`${raw}\`` };
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return { problem: `must be an http or https URL, got protocol \`${url.protocol}\`` };
      return { value: raw };
    }
    case 'enum':
      if (!spec.values.includes(raw)) return { problem: `must be one of ${spec.values.map((v) => `\`${v}\``).join(', ')}, got \`${raw}\`` };
      return { value: raw };
    case 'list':
      return { value: splitList(raw) };
    case 'yaml':
      try {
        return { value: (parseYaml as YamlParse)(raw, { strict: true, uniqueKeys: true }) as unknown };
      } catch (e) {
        const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
        return { problem: `is not valid YAML/JSON: ${reason}` };
      }
  }
}

/**
 * Reads and validates every declared input from `env` (the runner's `INPUT_*` variables).
 * Secrets are masked first, so not even a validation message can leak them.
 */
type YamlParse = typeof import('yaml').parse;

/**
 * Reads and validates every declared input from `env` (the runner's `INPUT_*` variables).
 * Async only so the YAML parser loads when a YAML input is actually given: it is most of a
 * small action's start-up cost otherwise.
 */
export async function readInputs<const S extends InputSpecs>(specs: S, env: NodeJS.ProcessEnv = process.env): Promise<Inputs<S>> {
  const needsYaml = Object.entries(specs).some(
    ([name, spec]) =>
      spec.type === 'yaml' &&
      ((env[inputEnvName(name)] ?? '').trim() !== '' || (spec.default !== undefined && !spec.default.includes('${{'))),
  );
  const parseYaml = needsYaml ? (await import('yaml')).parse : undefined;
  const problems: { input: string; message: string }[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = (env[inputEnvName(name)] ?? '').trim();
    if (spec.secret) setSecret(raw);
  }
  for (const [name, spec] of Object.entries(specs)) {
    let raw = (env[inputEnvName(name)] ?? '').trim();
    if (raw === '' && spec.default !== undefined && !spec.default.includes('${{')) raw = spec.default;
    const key = camelCase(name);
    if (raw === '') {
      if (spec.required) problems.push({ input: name, message: 'is required but was not given' });
      result[key] = spec.type === 'boolean' ? false : spec.type === 'list' ? [] : undefined;
      continue;
    }
    const { value, problem } = parseOne(spec, raw, parseYaml);
    if (problem) problems.push({ input: name, message: problem });
    else result[key] = value;
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return result as Inputs<S>;
}
