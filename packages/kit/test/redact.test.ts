import { describe, expect, it } from 'vitest';
import { Redactor, escapeRegExp } from '../src/redact';

// Token-shaped values are assembled at run time so secret scanners do not flag this file.
const body36 = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const pem = [
  '-----BEGIN RSA PRIVATE ' + 'KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  '-----END RSA PRIVATE ' + 'KEY-----',
].join('\n');
const jwt = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');

describe('well-known token shapes', () => {
  const r = new Redactor();

  it.each(['ghp', 'gho', 'ghs', 'ghu', 'ghr'])('masks GitHub %s_ tokens', (prefix) => {
    expect(r.redact(`token=${prefix}_${body36} end`)).toBe('token=*** end');
  });

  it('masks fine-grained personal access tokens', () => {
    const pat = `github_pat_11ABCDEFG0${body36}_${body36}`;
    expect(r.redact(`using ${pat}.`)).toBe('using ***.');
  });

  it('masks AWS access key ids and secret keys in assignments, keeping the name', () => {
    expect(r.redact(`id AKIA${'IOSFODNN7EXAMPLE'} here`)).toBe('id *** here');
    expect(r.redact(`aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"`)).toBe('aws_secret_access_key = "***"');
    expect(r.redact(`AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`)).toBe('AWS_SECRET_ACCESS_KEY: ***');
  });

  it('masks a whole PEM private key block', () => {
    expect(r.redact(`key:\n${pem}\ndone`)).toBe('key:\n***\ndone');
  });

  it('masks JSON Web Tokens', () => {
    expect(r.redact(`cookie session=${jwt}; Path=/`)).toBe('cookie session=***; Path=/');
  });

  it('masks credentials in URLs but keeps the scheme, user and host', () => {
    expect(r.redact('cloning https://deploy:hunter2-long@git.example.com/repo.git')).toBe(
      'cloning https://deploy:***@git.example.com/repo.git',
    );
    expect(r.redact('postgres://app:p4ss%40word@db:5432/app and redis://u:x@cache')).toBe(
      'postgres://app:***@db:5432/app and redis://u:***@cache',
    );
  });

  it('masks authorization header values of every scheme', () => {
    expect(r.redact('Authorization: Bearer abcdefgh12345678')).toBe('Authorization: Bearer ***');
    expect(r.redact('authorization: token 0123456789abcdef')).toBe('authorization: token ***');
    expect(r.redact('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe('Authorization: Basic ***');
    expect(r.redact('"authorization":"opaquevalue"')).toBe('"authorization":"***"');
    expect(r.redact('curl -H "Authorization: Bearer sk_live.abc-123"')).toBe('curl -H "Authorization: Bearer ***"');
    expect(r.redact('sent bearer abcdefghijkl')).toBe('sent bearer ***');
    expect(r.redact('with Basic dXNlcjpwYXNz')).toBe('with Basic ***');
  });

  it('leaves ordinary text alone: SHAs, UUIDs, words, prose about tokens', () => {
    const ordinary = [
      'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904 on main',
      'run 123e4567-e89b-12d3-a456-426614174000 finished in 12.5 s',
      'GET /api/items?page=2 -> 200 (35 ms)',
      'the token verification failed; Basic Authentication is disabled',
      'token expired, bearer missing',
      'see https://example.com:8443/path@v1 and user@example.com',
      'sk-learn is not a key; ghp_short is not a token',
      'eyJhbGciOiJIUzI1NiJ9 alone is a header, not a token',
    ];
    for (const text of ordinary) expect(r.redact(text)).toBe(text);
  });
});

describe('registered secrets', () => {
  it('masks a registered value, its URL-encoded and JSON-escaped forms, longest first', () => {
    const r = new Redactor();
    r.addSecret('p@ss word/1');
    r.addSecret('p@ss');
    expect(r.redact('a p@ss word/1 b p%40ss%20word%2F1 c p@ss')).toBe('a *** b *** c ***');
    const quoted = new Redactor();
    quoted.addSecret('say "hi"\\now');
    expect(quoted.redact(JSON.stringify({ v: 'say "hi"\\now' }))).toBe('{"v":"***"}');
  });

  it('ignores empty and very short values so ordinary words survive', () => {
    const r = new Redactor();
    r.addSecret('');
    r.addSecret(undefined);
    r.addSecret('abc');
    r.addSecret('  ab  ');
    expect(r.secretValues).toEqual([]);
    expect(r.redact('abc ab')).toBe('abc ab');
  });

  it('trims registered values and escapes regex characters', () => {
    const r = new Redactor();
    r.addSecret('  a.b*c+d  ');
    expect(r.redact('a.b*c+d axbbccd')).toBe('*** axbbccd');
    expect(escapeRegExp('a.b*c')).toBe('a\\.b\\*c');
  });

  it('takes secrets registered after a first redaction into account', () => {
    const r = new Redactor();
    r.addSecret('first-secret');
    expect(r.redact('first-secret second-secret')).toBe('*** second-secret');
    r.addSecret('second-secret');
    expect(r.redact('first-secret second-secret')).toBe('*** ***');
  });
});

describe('extra patterns', () => {
  it('masks what a user pattern matches, with or without the g flag', () => {
    const r = new Redactor();
    r.addPattern(/internal-[0-9]+/);
    r.addPattern(/CUST-\d{4}/g);
    expect(r.redact('ids internal-42 internal-7 CUST-1234')).toBe('ids *** *** ***');
  });

  it('does not sprinkle masks when a user pattern can match nothing', () => {
    const r = new Redactor();
    r.addPattern(/x*/);
    expect(r.redact('abc xx d')).toBe('abc *** d');
  });
});

describe('redactValue', () => {
  it('redacts every string and key inside a JSON-like value and keeps other values', () => {
    const r = new Redactor();
    r.addSecret('tok-secret-1');
    const value = {
      url: 'https://u:pw-123456@h/x',
      nested: [{ header: 'Bearer abcdefgh12345678', n: 3, ok: true, none: null }],
      'tok-secret-1': 'key is secret',
    };
    expect(r.redactValue(value)).toEqual({
      url: 'https://u:***@h/x',
      nested: [{ header: 'Bearer ***', n: 3, ok: true, none: null }],
      '***': 'key is secret',
    });
    expect(value.url).toBe('https://u:pw-123456@h/x');
  });

  it('finds secrets containing quotes, backslashes and newlines, and still returns valid data', () => {
    const r = new Redactor();
    r.addSecret('multi\nline "secret"\\');
    expect(r.redactValue({ log: 'before multi\nline "secret"\\ after' })).toEqual({ log: 'before *** after' });
  });

  it('redacts repeated keys and values every time, and sees a secret added between calls', () => {
    const r = new Redactor();
    r.addSecret('tok-secret-2');
    const rows = Array.from({ length: 3 }, () => ({
      'tok-secret-2': 'tok-secret-2',
      path: 'a.js',
      long: `x${'y'.repeat(300)} tok-secret-2`,
    }));
    expect(r.redactValue(rows)).toEqual(Array.from({ length: 3 }, () => ({ '***': '***', path: 'a.js', long: `x${'y'.repeat(300)} ***` })));
    expect(r.redactValue({ path: 'a.js' })).toEqual({ path: 'a.js' });
    r.addSecret('a.js-but-longer');
    expect(r.redactValue({ path: 'see a.js-but-longer' })).toEqual({ path: 'see ***' });
  });

  it('serialises like JSON (dates become strings, undefined disappears)', () => {
    const r = new Redactor();
    expect(r.redactValue({ at: new Date(0), gone: undefined })).toEqual({ at: '1970-01-01T00:00:00.000Z' });
    expect(r.redactValue(undefined)).toBeNull();
    expect(r.redactValue('plain')).toBe('plain');
  });
});
