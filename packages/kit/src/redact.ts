/**
 * Masks secrets before anything leaves the process: log lines, summaries, reports, comments,
 * requests to third parties. Registered values (inputs marked secret, header values) are replaced
 * verbatim; well-known token shapes are replaced wherever they appear.
 */

const MASK = '***';

/** Token shapes that are secret wherever they appear. Order matters: the longest shapes first. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // PEM private keys (whole block).
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
  // GitHub tokens: classic, OAuth, user-to-server, server-to-server, refresh, fine-grained.
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
  // AWS access key ids and secret keys given as assignments.
  /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
  /(aws_secret_access_key\s*[=:]\s*["']?)[A-Za-z0-9/+=]{40}/gi,
  // Slack, npm, OpenAI-style and Google API keys.
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  // JSON Web Tokens.
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g,
  // Authorization header values: anything after `Authorization:`; after a bare scheme word only a
  // value that looks like a credential (a digit, a symbol or inner capitals), so that prose such as
  // "token verification" or "Basic Authentication" is left alone.
  /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|token|basic|digest)\s+)?)[A-Za-z0-9._~+/=-]{8,}/gi,
  /(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /(\b(?:[Tt]oken|TOKEN|[Bb]asic|BASIC)\s+)(?=[A-Za-z0-9._~+/=-]*(?:[0-9._~+/=-]|[A-Za-z][A-Z]))[A-Za-z0-9._~+/=-]{8,}/g,
  // Credentials inside URLs: scheme://user:password@host
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(@)/gi,
];

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
      out = out.replace(this.combined, MASK);
    }
    for (const pattern of [...SECRET_PATTERNS, ...this.extra]) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, (match, ...groups: unknown[]) => {
        // A user pattern that can match nothing (`x*`) must not sprinkle masks between characters.
        if (match === '') return match;
        // Patterns with a leading capture group keep the prefix (`Bearer `, `user:`), mask the rest.
        const captures = groups.slice(0, -2).filter((g): g is string => typeof g === 'string');
        if (captures.length === 0) return MASK;
        const prefix = captures[0] ?? '';
        const suffix = captures.length > 1 ? (captures[captures.length - 1] ?? '') : '';
        return match.startsWith(prefix) ? `${prefix}${MASK}${suffix}` : MASK;
      });
    }
    return out;
  }

  /**
   * Redacts every string (and object key) inside a JSON-like value. Walks the value rather than
   * redacting its JSON text, so a secret containing a quote, a backslash or a newline is still
   * found, and the result is always valid JSON. Non-JSON values (dates, class instances) are
   * serialised first, as `JSON.stringify` would.
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
      if (Array.isArray(v)) return v.map(walk);
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

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The process-wide redactor every output path goes through. */
export const redactor = new Redactor();

export const redact = (text: string): string => redactor.redact(text);
