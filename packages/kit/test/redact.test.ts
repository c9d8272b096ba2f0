import { describe, expect, it } from 'vitest';
import { PrivateKeyLines, Redactor, escapeRegExp } from '../src/redact';

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

  it('masks a whole PEM private key block, keeping its line breaks', () => {
    expect(r.redact(`key:\n${pem}\ndone`)).toBe('key:\n***\n***\n***\ndone');
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
    expect(r.redactValue({ log: 'before multi\nline "secret"\\ after' })).toEqual({ log: 'before ***\n*** after' });
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

// Real formats, assembled at run time (scanners would flag them written out): each one in every form
// it takes in a log. Shapes follow each vendor's documented token format.
const alnum = (n: number, seed = 7): string => {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  let x = seed;
  for (let i = 0; i < n; i++) out += chars[(x = (x * 1103515245 + 12345) % 2147483648) % chars.length];
  return out;
};
const rsaKey = [
  '-----BEGIN RSA PRIVATE ' + 'KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
  '-----END RSA PRIVATE ' + 'KEY-----',
].join('\n');
const opensshKey = [
  '-----BEGIN OPENSSH PRIVATE ' + 'KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDqvG0b7mN4rH2l7hgHc4f1m2mJ1xkd5JQ0tVJk0f3ZCQAAAJg7oXW7O6F1',
  '-----END OPENSSH PRIVATE ' + 'KEY-----',
].join('\n');
const SECRETS: [string, string][] = [
  ['GitHub classic PAT', `ghp_${alnum(36, 1)}`],
  ['GitHub fine-grained PAT', `github_pat_11${alnum(20, 2)}_${alnum(59, 3)}`],
  ['GitHub installation token (GITHUB_TOKEN)', `ghs_${alnum(36, 4)}`],
  ['AWS access key id', `AKIA${alnum(16, 5).toUpperCase()}`],
  ['Slack bot token', `xoxb-2${alnum(11, 6).replace(/\D/g, '7')}-${alnum(24, 7)}`],
  ['Slack webhook', `https://hooks.slack.com/services/T0${alnum(8, 8).toUpperCase()}/B0${alnum(8, 9).toUpperCase()}/${alnum(24, 10)}`],
  ['npm token', `npm_${alnum(36, 11)}`],
  ['OpenAI project key', `sk-proj-${alnum(48, 12)}`],
  ['Anthropic key', `sk-ant-api03-${alnum(40, 13)}-${alnum(20, 14)}`],
  ['Google API key', `AIza${alnum(35, 15)}`],
  ['Stripe live key', `sk_live_${alnum(24, 16)}`],
  ['GitLab PAT', `glpat-${alnum(20, 17)}`],
  ['Docker Hub PAT', `dckr_pat_${alnum(27, 18)}`],
  ['SendGrid key', `SG.${alnum(22, 19)}.${alnum(43, 20)}`],
  ['Hugging Face token', `hf_${alnum(34, 21)}`],
  ['JWT', jwt],
];

describe('a table of real secret formats, in every form they appear in logs', () => {
  const r = new Redactor();
  const forms: [string, (v: string) => string][] = [
    ['plain', (v) => `step output: ${v} (done)`],
    ['JSON-escaped', (v) => JSON.stringify({ log: `using "${v}"\n` })],
    ['single-quoted', (v) => `export TOKEN='${v}'`],
    ['double-quoted', (v) => `token: "${v}"`],
    ['in a URL (query)', (v) => `GET https://api.example.com/v1/items?token=${encodeURIComponent(v)}&page=2`],
    ['in a URL (userinfo)', (v) => `git clone https://x-access-token:${encodeURIComponent(v)}@github.com/acme/shop.git`],
  ];
  for (const [name, secret] of SECRETS)
    for (const [form, render] of forms)
      it(`${name}, ${form}`, () => {
        const text = render(secret);
        const out = r.redact(text);
        expect(out).not.toContain(secret);
        expect(out).not.toContain(encodeURIComponent(secret));
        expect(out).toContain('***');
      });

  const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const awsSecretPlain = `${alnum(20, 30)}9${alnum(19, 31)}`.slice(0, 40);
  const sessionToken = `IQoJb3JpZ2luX2VjE${alnum(120, 32)}/${alnum(60, 33)}==`;
  it.each([
    [
      'aws sts JSON',
      `{\n    "Credentials": {\n        "AccessKeyId": "ASIA${alnum(16, 34).toUpperCase()}",\n        "SecretAccessKey": "${awsSecret}",\n        "SessionToken": "${sessionToken}",\n        "Expiration": "2026-01-10T11:00:00+00:00"\n    }\n}`,
    ],
    [
      'aws sts JSON, JSON-escaped in a log line',
      JSON.stringify({ out: `{"SecretAccessKey":"${awsSecret}","SessionToken":"${sessionToken}"}` }),
    ],
    [
      'credentials file',
      `[default]\naws_access_key_id = AKIA${alnum(16, 35).toUpperCase()}\naws_secret_access_key = ${awsSecret}\naws_session_token = ${sessionToken}`,
    ],
    ['env', `AWS_SECRET_ACCESS_KEY=${awsSecret} AWS_SESSION_TOKEN=${sessionToken} aws s3 ls`],
    ['YAML', `secretAccessKey: ${awsSecret}\nsessionToken: '${sessionToken}'`],
    ['standing alone on its line', `$ aws configure get aws_secret_access_key\n${awsSecret}\n$ echo done`],
    ['quoted, alone on its line', `  "${awsSecretPlain}"`],
    ['beside its access key id', `AKIA${alnum(16, 36).toUpperCase()},${awsSecretPlain}`],
    ['URL-encoded in a query', `https://sts.example/?aws_secret_access_key=${encodeURIComponent(awsSecret)}&x=1`],
  ])('AWS secret access key and session token: %s', (_form, text) => {
    const out = r.redact(text);
    for (const s of [awsSecret, awsSecretPlain, sessionToken, encodeURIComponent(awsSecret)]) expect(out).not.toContain(s);
    expect(out).not.toMatch(/AKIA|ASIA[A-Z0-9]{16}/);
  });

  it.each([
    ['env', 'DB_PASSWORD=hunter2-Secret! npm test', 'DB_PASSWORD=*** npm test'],
    ['lower case in a query', 'GET /login?user=ann&password=p%40ss-w0rd&next=/', 'GET /login?user=ann&password=***&next=/'],
    ['connection string', 'Server=db;User Id=app;Password=Tr0ub4dor&3;', 'Server=db;User Id=app;Password=***&3;'],
    ['CLI flag', 'mysql --user=root --password=s3cr3t-pw db', 'mysql --user=root --password=*** db'],
    ['CLI flag, separate value', 'docker login --password s3cr3t-pw ghcr.io', 'docker login --password *** ghcr.io'],
    ['quoted value with spaces', 'PGPASSWORD="correct horse battery" psql', 'PGPASSWORD=*** psql'],
    [
      'YAML key',
      'services:\n  db:\n    password: correct horse battery\n    user: app',
      'services:\n  db:\n    password: ***\n    user: app',
    ],
    ['YAML list item', '- password: hunter2hunter2', '- password: ***'],
    ['JSON', '{"user":"app","password":"hunter2 staple"}', '{"user":"app","password":"***"}'],
    ['JSON with spaces', '{ "db_password": "x y z" }', '{ "db_password": "***" }'],
    ['JSON-escaped', '"{\\"password\\":\\"hunter2\\"}"', '"{\\"password\\":\\"***\\"}"'],
    ['runner env dump', '  env:\n    MYSQL_ROOT_PASSWORD: rootpw-123', '  env:\n    MYSQL_ROOT_PASSWORD: ***'],
  ])('passwords: %s', (_form, text, expected) => {
    expect(r.redact(text)).toBe(expected);
  });

  it.each([
    ['RSA, whole block', rsaKey],
    ['OpenSSH, whole block', opensshKey],
    ['JSON-escaped', JSON.stringify({ key: rsaKey })],
    ['JSON-escaped and cut before END', JSON.stringify({ key: rsaKey }).slice(0, 160)],
    ['cut before END (a window of context lines)', rsaKey.split('\n').slice(0, 3).join('\n') + '\nerror: could not parse key'],
    ['on one line with spaces', rsaKey.replace(/\n/g, ' ')],
  ])('private keys: %s', (_form, text) => {
    const out = r.redact(text);
    for (const line of [...rsaKey.split('\n'), ...opensshKey.split('\n')].slice(1, -1).filter((l) => !l.startsWith('-----'))) {
      expect(out).not.toContain(line);
      expect(out).not.toContain(line.slice(0, 24));
    }
    expect(out).not.toContain('PRIVATE KEY');
  });

  it('masks the end of a key whose BEGIN is out of view (a window starting inside the key)', () => {
    const tail = ['src/app.ts(3,1): error TS1005', ...rsaKey.split('\n').slice(2)].join('\n');
    expect(r.redact(tail)).toBe('src/app.ts(3,1): error TS1005\n***\n***\n***');
  });

  it('keeps the line structure of a masked key, so the text after it is still there', () => {
    expect(r.redact(`${rsaKey.split('\n').slice(0, 3).join('\n')}\nerror: could not parse key`)).toBe(
      '***\n***\n***\nerror: could not parse key',
    );
  });

  it('redactValue reads an array of lines as one text: a key cut by the window is masked', () => {
    const lines = [...rsaKey.split('\n').slice(0, 3), 'src/app.ts(3,1): error TS1005'];
    expect(r.redactValue({ context: lines })).toEqual({ context: ['***', '***', '***', 'src/app.ts(3,1): error TS1005'] });
  });

  it('PrivateKeyLines masks the lines of a key read one at a time, even without its BEGIN in view', () => {
    const guard = new PrivateKeyLines();
    const log = ['$ cat deploy.pem', ...rsaKey.split('\n'), 'Error: permission denied (publickey)'];
    expect(log.map((l) => guard.mask(l))).toEqual([
      '$ cat deploy.pem',
      '***',
      '***',
      '***',
      '***',
      '***',
      'Error: permission denied (publickey)',
    ]);
    // A key cut off by a truncated log: the next ordinary line is not part of it.
    const cut = new PrivateKeyLines();
    expect(['key: ' + rsaKey.split('\n')[0], rsaKey.split('\n')[1] as string, 'npm ERR! code E401'].map((l) => cut.mask(l))).toEqual([
      'key: ***',
      '***',
      'npm ERR! code E401',
    ]);
    const oneLine = new PrivateKeyLines();
    expect(oneLine.mask(`k=${JSON.stringify(rsaKey)} ok`)).toBe('k="***" ok');
    expect(oneLine.mask('next line')).toBe('next line');
  });

  it('leaves prose, ids and code alone', () => {
    const prose = [
      'Enter your password: ',
      'error: invalid password: must be at least 8 characters',
      'Password reset email sent to the user',
      'The password is stored in the keychain; passwordless login is enabled',
      'password_policy: strict',
      'Password: ********',
      'Use --password-stdin to read it from standard input',
      'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904 (HEAD -> main)',
      'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'tsc: src/auth/password.ts(12,5): error TS2322: Type string is not assignable',
      'GET /api/items?page=2&sort=name -> 200 (35 ms)',
      'Parsing error: Unexpected token: )',
      '<testcase name="E1001 Basic CloudFormation Template Configuration"/>',
      'GET /status?code=502&key=k1 -> 502',
      'at Object.<anonymous> (/home/runner/work/shop/shop/src/secret-sauce.test.ts:14:7)',
    ];
    for (const text of prose) expect(r.redact(text), text).toBe(text);
  });
});
