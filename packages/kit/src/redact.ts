/**
 * Masks secrets before anything leaves the process: log lines, summaries, reports, comments,
 * requests to third parties. Registered values (inputs marked secret, header values) are replaced
 * verbatim; well-known token shapes are replaced wherever they appear.
 *
 * Redaction works on whole texts, not lines: a private key spans lines, and so does a secret
 * registered with newlines. Masks keep the text's line breaks (each masked line becomes `***`), so
 * a text split into lines after redaction has as many lines as before; `redactValue` redacts an
 * array of lines (a log excerpt) as one text. A log read line by line goes through
 * `PrivateKeyLines` first, which remembers that it is inside a key block.
 */

const MASK = '***';

/** The armour line of a private key, in any of its kinds (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP …). */
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
/** A line break inside a key, as text or JSON-escaped (`\n` in a string). */
const BREAK = String.raw`(?:\r?\n|\\r\\n|\\n)`;
/**
 * What follows BEGIN in a key whose END is not in the text (cut by a line window or a size cap):
 * whole lines of base64 and the armour headers, or long base64 runs on the BEGIN line itself.
 */
const PEM_BODY = String.raw`(?:[ \t]+[A-Za-z0-9+/=]{16,}|[ \t]*${BREAK}[ \t]*(?:[A-Za-z0-9+/=]{4,}(?=[ \t]*(?:${BREAK}|$|["',}]))|(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset): [^\r\n\\]*)?)*`;

const B64 = '[A-Za-z0-9/+]';
/** An AWS secret access key: 40 characters of base64, with upper case, lower case and digits (a SHA is not one). */
const AWS_SECRET = String.raw`(?<![A-Za-z0-9/+=])(?=${B64}*[A-Z])(?=${B64}*[a-z])(?=${B64}*[0-9])${B64}{40}(?![A-Za-z0-9/+=])`;
/** A quote as it appears around a value: plain, or escaped inside a JSON string. */
const Q = String.raw`(?:\\?["'])`;

/** A password-like key where a key starts: a line (YAML, env dumps), a list item, a JSON member. */
const PASSWORD_KEY = String.raw`(?:^[ \t]*(?:-[ \t]+)?|\\n[ \t]*|[{,][ \t]*)\\?["']?[A-Za-z0-9_.-]*(?:password|passwd|passphrase)\\?["']?[ \t]*`;

/** A regex built on first use: start-up pays for none of the patterns a run never needs. */
function lazy(make: () => RegExp): () => RegExp {
  let built: RegExp | undefined;
  return () => (built ??= make());
}

/**
 * Token shapes that are secret wherever they appear. Order matters: the longest shapes first.
 * `hints`: lower-case strings one of which the text must contain for the pattern to be tried (most
 * texts are short and hold none, so most patterns are never even compiled).
 */
const SECRET_PATTERNS: readonly { pattern: () => RegExp; hints?: readonly string[]; minLength?: number }[] = [
  // PEM private keys: the whole block, or from BEGIN through the key's lines when END is missing.
  { pattern: lazy(() => new RegExp(`${PEM_BEGIN.source}(?:[\\s\\S]*?${PEM_END.source}|${PEM_BODY})`, 'g')), hints: ['private key'] },
  // The end of a key whose BEGIN is out of view: its last base64 lines and the END line.
  {
    pattern: lazy(() => new RegExp(`(?:^[ \\t]*[A-Za-z0-9+/=]{16,}[ \\t]*\\r?\\n)*[ \\t]*${PEM_END.source}`, 'gm')),
    hints: ['private key'],
  },
  // GitHub tokens: classic, OAuth, user-to-server, server-to-server, refresh, fine-grained.
  { pattern: lazy(() => /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g), hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  { pattern: lazy(() => /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g), hints: ['github_pat_'] },
  // AWS: an access key id with the secret beside it (as `aws configure list` or a CSV prints them),
  // then ids alone, then secrets named by their key (`aws sts` JSON, ini, env, YAML, query strings),
  // session tokens, and a secret standing alone on its line.
  {
    pattern: lazy(() => new RegExp(String.raw`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b[\s,;:|"'=]{1,8}${AWS_SECRET}`, 'g')),
    hints: ['akia', 'asia', 'abia', 'acca'],
  },
  { pattern: lazy(() => /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g), hints: ['akia', 'asia', 'abia', 'acca'] },
  {
    pattern: lazy(
      () => new RegExp(String.raw`((?:aws_?)?secret_?(?:access_?)?key${Q}?\s*[=:]\s*${Q}?)(?:[A-Za-z0-9/+=]|%[0-9A-Fa-f]{2}){16,}`, 'gi'),
    ),
    hints: ['secret'],
  },
  {
    pattern: lazy(
      () => new RegExp(String.raw`((?:aws_?)?session_?token${Q}?\s*[=:]\s*${Q}?)(?:[A-Za-z0-9/+=]|%[0-9A-Fa-f]{2}){16,}`, 'gi'),
    ),
    hints: ['session'],
  },
  { pattern: lazy(() => new RegExp(String.raw`^([ \t]*["']?)${AWS_SECRET}(?=["']?[ \t]*\r?$)`, 'gm')), minLength: 40 },
  // Slack, npm, OpenAI/Anthropic-style, Google, Stripe, GitLab, PyPI, Docker Hub, SendGrid, Hugging Face.
  { pattern: lazy(() => /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g), hints: ['xox'] },
  { pattern: lazy(() => /\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g), hints: ['hooks.slack.com'] },
  { pattern: lazy(() => /\bnpm_[A-Za-z0-9]{36}\b/g), hints: ['npm_'] },
  { pattern: lazy(() => /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b/g), hints: ['sk-'] },
  { pattern: lazy(() => /\bAIza[0-9A-Za-z_-]{35}\b/g), hints: ['aiza'] },
  { pattern: lazy(() => /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g), hints: ['k_live_', 'k_test_'] },
  { pattern: lazy(() => /\bglpat-[A-Za-z0-9_-]{20,}\b/g), hints: ['glpat-'] },
  { pattern: lazy(() => /\bpypi-AgE[A-Za-z0-9_-]{50,}\b/g), hints: ['pypi-'] },
  { pattern: lazy(() => /\bdckr_pat_[A-Za-z0-9_-]{20,}\b/g), hints: ['dckr_pat_'] },
  { pattern: lazy(() => /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g), hints: ['sg.'] },
  { pattern: lazy(() => /\bhf_[A-Za-z0-9]{30,}\b/g), hints: ['hf_'] },
  // JSON Web Tokens.
  { pattern: lazy(() => /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g), hints: ['eyj'] },
  // Passwords: `password=…` anywhere (env, query strings, connection strings), `--password …`,
  // and `password: …` as a key (at a line start, in YAML, in JSON), not as a word in a sentence
  // such as "invalid password: too short". A quoted value is masked to its closing quote.
  {
    pattern: lazy(
      () =>
        new RegExp(
          String.raw`(\b[A-Za-z0-9_.-]*(?:password|passwd|passphrase)${Q}?=|--(?:[a-z-]*-)?password[= ])(?!\*\*\*)(?:\\?"(?:[^"\\\r\n]|\\[^"\r\n])*\\?"|'[^'\r\n]*'|[^\s&;,'"\\]+)`,
          'gi',
        ),
    ),
    hints: ['passw', 'passphrase'],
  },
  {
    pattern: lazy(() => new RegExp(String.raw`(${PASSWORD_KEY}:[ \t]*\\?")(?!\*\*\*)(?:[^"\\\r\n]|\\[^"\r\n])+`, 'gim')),
    hints: ['passw', 'passphrase'],
  },
  { pattern: lazy(() => new RegExp(String.raw`(${PASSWORD_KEY}:[ \t]*')(?!\*\*\*)[^'\r\n]+`, 'gim')), hints: ['passw', 'passphrase'] },
  {
    pattern: lazy(() => new RegExp(String.raw`(${PASSWORD_KEY}:[ \t]+)(?!\*\*\*)[^\s"',}][^\r\n,}]*`, 'gim')),
    hints: ['passw', 'passphrase'],
  },
  // Authorization header values: anything after `Authorization:`; after a bare scheme word only a
  // value that looks like a credential (a digit, a symbol, or capitals inside lower case twice, as
  // base64 has), so that prose such as "token verification", "Basic Authentication" or "Basic
  // CloudFormation Template" is left alone.
  {
    pattern: lazy(() => /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|token|basic|digest)\s+)?)[A-Za-z0-9._~+/=-]{8,}/gi),
    hints: ['authorization'],
  },
  { pattern: lazy(() => /(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi), hints: ['bearer'] },
  {
    pattern: lazy(
      () =>
        /(\b(?:[Tt]oken|TOKEN|[Bb]asic|BASIC)\s+)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-]|(?:[A-Za-z]*?[a-z][A-Z]){2})[A-Za-z0-9._~+/=-]{8,}/g,
    ),
    hints: ['token', 'basic'],
  },
  // Query parameters named as credentials (`?token=`, `&api_key=`, `X-Amz-Signature=`, `sig=` …).
  {
    pattern: lazy(
      () => /([?&](?:[A-Za-z0-9_.-]*(?:token|secret|signature|password|passwd|api[_-]?key|apikey|access[_-]?key)|sig)=)[^&#\s"'\\]+/gi,
    ),
    hints: ['?', '&'],
  },
  // Credentials inside URLs: scheme://user:password@host
  { pattern: lazy(() => /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(@)/gi), hints: ['://'] },
];

/** Masks every line of `text` (keeping its line breaks), or the whole of it when it has none. */
const maskKeepingLines = (text: string): string => (/[^\r\n]/.test(text) ? text.replace(/[^\r\n]+/g, MASK) : MASK);

export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly extra: RegExp[] = [];
  private combined: RegExp | undefined;

  /**
   * Registers a literal value to mask everywhere, with its URL-encoded and JSON-escaped forms (a
   * secret echoed inside a JSON body or a query string is still the secret).
   */
  addSecret(value: string | undefined): void {
    if (!value) return;
    const trimmed = value.trim();
    // Very short values would mask ordinary words; GitHub applies the same caution.
    if (trimmed.length < 4) return;
    for (const form of [trimmed, encodeURIComponent(trimmed), JSON.stringify(trimmed).slice(1, -1)]) this.secrets.add(form);
    this.combined = undefined;
  }

  /** Adds a user-supplied pattern (for example diagnose's `redact` input). */
  addPattern(pattern: RegExp): void {
    this.extra.push(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
  }

  get secretValues(): readonly string[] {
    return [...this.secrets];
  }

  redact(text: string): string {
    if (!text) return text;
    let out = text;
    if (this.secrets.size > 0) {
      this.combined ??= new RegExp(
        [...this.secrets]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      );
      out = out.replace(this.combined, maskKeepingLines);
    }
    const lower = out.toLowerCase();
    const patterns = SECRET_PATTERNS.filter(
      (p) => (!p.hints || p.hints.some((h) => lower.includes(h))) && (!p.minLength || out.length >= p.minLength),
    ).map((p) => p.pattern());
    for (const pattern of [...patterns, ...this.extra]) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, (match, ...groups: unknown[]) => {
        // A user pattern that can match nothing (`x*`) must not sprinkle masks between characters.
        if (match === '') return match;
        // Patterns with a leading capture group keep the prefix (`Bearer `, `user:`), mask the rest.
        const captures = groups.slice(0, -2).filter((g): g is string => typeof g === 'string');
        if (captures.length === 0) return maskKeepingLines(match);
        const prefix = captures[0] ?? '';
        const suffix = captures.length > 1 ? (captures[captures.length - 1] ?? '') : '';
        if (!match.startsWith(prefix)) return maskKeepingLines(match);
        return `${prefix}${maskKeepingLines(match.slice(prefix.length, match.length - suffix.length))}${suffix}`;
      });
    }
    return out;
  }

  /**
   * Redacts every string (and object key) inside a JSON-like value. Walks the value rather than
   * redacting its JSON text, so a secret containing a quote, a backslash or a newline is still
   * found, and the result is always valid JSON. An array of single-line strings (a log excerpt,
   * context lines) is redacted as one text, so a key spanning its lines is found. Non-JSON values
   * (dates, class instances) are serialised first, as `JSON.stringify` would.
   */
  redactValue<T>(value: T): T {
    // A large report repeats the same keys (and many short values) thousands of times: redact each
    // distinct short string once per call. The secrets cannot change during the call.
    const seen = new Map<string, string>();
    const redactOnce = (text: string): string => {
      if (text.length > 256) return this.redact(text);
      let out = seen.get(text);
      if (out === undefined) seen.set(text, (out = this.redact(text)));
      return out;
    };
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return redactOnce(v);
      if (Array.isArray(v)) {
        if (v.length > 1 && v.every((item) => typeof item === 'string' && !/[\r\n]/.test(item))) {
          const lines = this.redact(v.join('\n')).split('\n');
          // Masks keep line breaks, so the lines line up; anything else would be a bug, caught here.
          if (lines.length === v.length) return lines;
        }
        return v.map(walk);
      }
      if (v !== null && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(v)) out[redactOnce(k)] = walk(item);
        return out;
      }
      return v;
    };
    const json = JSON.stringify(value ?? null) as string | undefined;
    return walk(json === undefined ? null : JSON.parse(json)) as T;
  }
}

/**
 * For text read one line at a time (a log being scanned): remembers being inside a private key
 * block, so the key's lines are masked even when a later window of lines never shows its BEGIN.
 * Lines of the key become `***`; the text before BEGIN and after END is kept.
 */
export class PrivateKeyLines {
  private inside = false;

  mask(line: string): string {
    if (this.inside) {
      const end = PEM_END.exec(line);
      if (end) {
        this.inside = false;
        return `${MASK}${line.slice(end.index + end[0].length)}`;
      }
      // The key's base64 lines and its armour headers (Proc-Type, DEK-Info, Comment).
      if (/^\s*(?:[A-Za-z0-9+/=]+|[A-Za-z-]+: .*)?\s*$/.test(line)) return line.trim() === '' ? line : MASK;
      // Anything else: the key was cut off (a truncated log); this line is not part of it.
      this.inside = false;
      return line;
    }
    const begin = PEM_BEGIN.exec(line);
    if (!begin) return line;
    const rest = line.slice(begin.index + begin[0].length);
    const end = PEM_END.exec(rest);
    if (end) return `${line.slice(0, begin.index)}${MASK}${rest.slice(end.index + end[0].length)}`;
    // A key pasted on one line with spaces, or JSON-escaped, ends on this line; otherwise it goes on.
    this.inside = !/\\n/.test(rest) && /^[\sA-Za-z0-9+/=]*$/.test(rest);
    return `${line.slice(0, begin.index)}${MASK}`;
  }
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The process-wide redactor every output path goes through. */
export const redactor = new Redactor();

export const redact = (text: string): string => redactor.redact(text);
