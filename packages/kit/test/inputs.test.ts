import { describe, expect, it } from 'vitest';
import { camelCase, defineInputs, inputEnvName, readInputs, splitList, type InputSpecs } from '../src/inputs';
import { InputErrors } from '../src/errors';
import { redactor } from '../src/redact';
import { captureCommands } from './capture';

const captured = captureCommands();

/** Reads one input declared as `spec` from the raw value `raw` (undefined: not set at all). */
async function one(spec: InputSpecs[string], raw: string | undefined): Promise<unknown> {
  const env = raw === undefined ? {} : { INPUT_VALUE: raw };
  return (await readInputs({ value: spec }, env)).value;
}

/** The problem message for one bad value, or a failure when the value was accepted. */
async function problem(spec: InputSpecs[string], raw: string): Promise<string> {
  try {
    await one(spec, raw);
  } catch (e) {
    expect(e).toBeInstanceOf(InputErrors);
    const errors = e as InputErrors;
    expect(errors.problems).toHaveLength(1);
    expect(errors.problems[0]?.input).toBe('value');
    return errors.problems[0]?.message ?? '';
  }
  throw new Error(`\`${raw}\` was accepted`);
}

describe('names', () => {
  it('maps input names to the runner variables and camelCase keys', async () => {
    expect(inputEnvName('wait-timeout')).toBe('INPUT_WAIT-TIMEOUT');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
    expect(camelCase('max-p95-ms')).toBe('maxP95Ms');
    expect(camelCase('url')).toBe('url');
  });
});

describe('booleans', () => {
  it('accepts the YAML 1.2 core spellings of true and false only', async () => {
    for (const t of ['true', 'True', 'TRUE']) expect(await one({ type: 'boolean' }, t)).toBe(true);
    for (const f of ['false', 'False', 'FALSE']) expect(await one({ type: 'boolean' }, f)).toBe(false);
  });

  it.each(['yes', 'no', '1', '0', 'on', 'tru', 'tRuE'])('rejects %s', async (raw) => {
    expect(await problem({ type: 'boolean' }, raw)).toBe(`must be \`true\` or \`false\`, got \`${raw}\``);
  });

  it('is false when empty and without a default', async () => {
    expect(await one({ type: 'boolean' }, '')).toBe(false);
    expect(await one({ type: 'boolean', default: 'true' }, '')).toBe(true);
  });
});

describe('numbers', () => {
  it('parses whole numbers within bounds', async () => {
    expect(await one({ type: 'int', min: 0, max: 10 }, '7')).toBe(7);
    expect(await one({ type: 'int', min: 0 }, '0')).toBe(0);
    expect(await one({ type: 'int' }, '-3')).toBe(-3);
    expect(await one({ type: 'int' }, ' 12 ')).toBe(12);
  });

  it('rejects negative, fractional, non-numeric and out-of-range values with the reason', async () => {
    expect(await problem({ type: 'int', min: 0 }, '-1')).toBe('must be at least 0, got -1');
    expect(await problem({ type: 'int', min: 1, max: 64 }, '65')).toBe('must be at most 64, got 65');
    expect(await problem({ type: 'int' }, '2.5')).toBe('must be a whole number, got `2.5`');
    expect(await problem({ type: 'int' }, 'three')).toBe('must be a whole number, got `three`');
    expect(await problem({ type: 'int' }, '1e3')).toBe('must be a whole number, got `1e3`');
    expect(await problem({ type: 'int' }, '0x10')).toBe('must be a whole number, got `0x10`');
    expect(await problem({ type: 'int' }, '99999999999999999999')).toMatch(/too large/);
  });

  it('parses decimals as numbers and rejects what is not one', async () => {
    expect(await one({ type: 'number' }, '0.25')).toBe(0.25);
    expect(await one({ type: 'number' }, '.5')).toBe(0.5);
    expect(await one({ type: 'number', min: 0 }, '3.')).toBe(3);
    expect(await problem({ type: 'number', min: 0 }, '-0.5')).toBe('must be at least 0, got -0.5');
    expect(await problem({ type: 'number' }, 'NaN')).toBe('must be a number, got `NaN`');
    expect(await problem({ type: 'number' }, 'Infinity')).toBe('must be a number, got `Infinity`');
    expect(await problem({ type: 'number' }, '1,5')).toBe('must be a number, got `1,5`');
  });

  it('parses percentages with or without the sign, from 0 to 100', async () => {
    expect(await one({ type: 'percent' }, '90')).toBe(90);
    expect(await one({ type: 'percent' }, '87.5%')).toBe(87.5);
    expect(await one({ type: 'percent' }, '0 %')).toBe(0);
    expect(await one({ type: 'percent' }, '100')).toBe(100);
    expect(await problem({ type: 'percent' }, '100.1')).toBe('must be a percentage from 0 to 100, got 100.1');
    expect(await problem({ type: 'percent' }, '-5%')).toMatch(/^must be a percentage from 0 to 100 \(e\.g\./);
    expect(await problem({ type: 'percent' }, '%')).toMatch(/got `%`$/);
    expect(await problem({ type: 'percent' }, 'ninety')).toMatch(/got `ninety`$/);
  });
});

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['250', 250],
    ['0s', 0],
    ['10S', 10_000],
    ['7d', 604_800_000],
  ])('%s is %d ms', async (raw, ms) => {
    expect(await one({ type: 'duration' }, raw)).toBe(ms);
  });

  it.each(['-5s', '5 s', '1w', 's', 'ten seconds', '1m30', '30s10', '1.2.3s', '5sec'])('rejects %s', async (raw) => {
    expect(await problem({ type: 'duration' }, raw)).toBe(`must be a duration such as \`500ms\`, \`30s\` or \`10m\`, got \`${raw}\``);
  });

  it('applies bounds in milliseconds', async () => {
    expect(await problem({ type: 'duration', min: 1000 }, '500ms')).toBe('must be at least 1000 ms, got `500ms`');
    expect(await problem({ type: 'duration', max: 60_000 }, '2m')).toBe('must be at most 60000 ms, got `2m`');
    expect(await one({ type: 'duration', min: 1000, max: 60_000 }, '1m')).toBe(60_000);
  });
});

describe('URLs', () => {
  it('accepts http and https URLs as written', async () => {
    expect(await one({ type: 'url' }, 'https://example.com')).toBe('https://example.com');
    expect(await one({ type: 'url' }, 'http://127.0.0.1:3000/base?x=1')).toBe('http://127.0.0.1:3000/base?x=1');
  });

  it('rejects relative URLs and other protocols', async () => {
    expect(await problem({ type: 'url' }, 'example.com')).toBe(
      'must be an absolute http(s) URL such as `https://example.com`, got `example.com`',
    );
    expect(await problem({ type: 'url' }, '/healthz')).toMatch(/absolute http\(s\) URL/);
    expect(await problem({ type: 'url' }, 'ftp://example.com')).toBe('must be an http or https URL, got protocol `ftp:`');
    expect(await problem({ type: 'url' }, 'file:///etc/passwd')).toBe('must be an http or https URL, got protocol `file:`');
    expect(await problem({ type: 'url' }, 'javascript:alert(1)')).toBe('must be an http or https URL, got protocol `javascript:`');
  });

  it('registers credentials in a URL as secrets (password, URL-decoded)', async () => {
    await one({ type: 'url' }, 'https://deploy:s3cr%2Ft-pass@example.com/');
    expect(captured.masks()).toEqual(['s3cr/t-pass']);
    expect(redactor.redact('s3cr/t-pass and s3cr%2Ft-pass')).toBe('*** and ***');
    // The user name next to a password is not a secret.
    expect(redactor.redact('deploy')).toBe('deploy');
  });

  it('registers a token given as the user name', async () => {
    await one({ type: 'url' }, 'https://tok-9f8e7d6c5b4a@git.example.com/repo.git');
    expect(captured.masks()).toEqual(['tok-9f8e7d6c5b4a']);
  });

  it('registers credentials of a URL too broken to parse, before the message echoes it', async () => {
    const message = await problem({ type: 'url' }, 'http://user:pa ss-word@[bad');
    expect(captured.masks()).toEqual(['pa ss-word']);
    expect(redactor.redact(message)).not.toContain('pa ss-word');
  });
});

describe('enums, lists and YAML', () => {
  it('accepts only the declared values of an enum', async () => {
    const spec = { type: 'enum', values: ['comment', 'issue', 'none'] } as const;
    expect(await one(spec, 'issue')).toBe('issue');
    expect(await problem(spec, 'Issue')).toBe('must be one of `comment`, `issue`, `none`, got `Issue`');
  });

  it('splits lists on newlines and commas, dropping blanks and comments', async () => {
    expect(await one({ type: 'list' }, 'src/**/*.ts\n  # generated code\n\nlib/a.js, lib/b.js,\r\ntest/**')).toEqual([
      'src/**/*.ts',
      'lib/a.js',
      'lib/b.js',
      'test/**',
    ]);
    expect(await one({ type: 'list' }, '')).toEqual([]);
    expect(await one({ type: 'list' }, 'coverage/{unit,e2e}/lcov.info, src/**/*.{ts,tsx}\nreports/*.xml')).toEqual([
      'coverage/{unit,e2e}/lcov.info',
      'src/**/*.{ts,tsx}',
      'reports/*.xml',
    ]);
    expect(splitList('a}, b{c, d\ne')).toEqual(['a}', 'b{c, d', 'e']);
    expect(splitList(' , ,\n#x')).toEqual([]);
  });

  it('parses YAML and JSON values', async () => {
    expect(await one({ type: 'yaml' }, '- name: health\n  path: /healthz\n  expect: { status: 200 }')).toEqual([
      { name: 'health', path: '/healthz', expect: { status: 200 } },
    ]);
    expect(await one({ type: 'yaml' }, '{"Accept": "application/json", "X-Retry": 2}')).toEqual({
      Accept: 'application/json',
      'X-Retry': 2,
    });
    expect(await one({ type: 'yaml' }, 'plain text')).toBe('plain text');
  });

  it.each([
    ['a: [1, 2', /^is not valid YAML\/JSON: Flow sequence .* at line 1, column 9:$/],
    ['a: b: c', /^is not valid YAML\/JSON: Nested mappings are not allowed/],
    ['a: 1\na: 2', /^is not valid YAML\/JSON: Map keys must be unique/],
    ['---\na\n---\nb', /^is not valid YAML\/JSON: Source contains multiple documents/],
    ['{"a": 1', /^is not valid YAML\/JSON: /],
  ])('rejects malformed YAML %j with the parser reason on one line', async (raw, expected) => {
    const message = await problem({ type: 'yaml' }, raw);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });
});

describe('defaults and required', () => {
  const specs = defineInputs({
    retries: { type: 'int', default: '2', min: 0 },
    timeout: { type: 'duration', default: '10s' },
    'github-token': { type: 'string', default: '${{ github.token }}', secret: true },
    url: { type: 'url', required: true },
    note: { type: 'string' },
    paths: { type: 'list' },
  });

  it('applies defaults only to empty inputs and returns camelCase keys', async () => {
    const inputs = await readInputs(specs, { INPUT_URL: 'https://example.com', INPUT_RETRIES: '  ' });
    expect(inputs).toEqual({
      retries: 2,
      timeout: 10_000,
      githubToken: undefined,
      url: 'https://example.com',
      note: undefined,
      paths: [],
    });
    expect((await readInputs(specs, { INPUT_URL: 'https://example.com', INPUT_RETRIES: '0' })).retries).toBe(0);
  });

  it('treats a `${{ … }}` default as empty (the runner evaluates it, a local run cannot)', async () => {
    expect((await readInputs(specs, { INPUT_URL: 'https://example.com' })).githubToken).toBeUndefined();
    expect((await readInputs(specs, { INPUT_URL: 'https://example.com', 'INPUT_GITHUB-TOKEN': 'gho_abc' })).githubToken).toBe('gho_abc');
  });

  it('reports a missing required input', async () => {
    await expect(readInputs(specs, {})).rejects.toThrow('input `url`: is required but was not given');
  });

  it('reports every problem at once, in declaration order, in one InputErrors', async () => {
    let caught: unknown;
    try {
      await readInputs(specs, { INPUT_RETRIES: '-1', INPUT_TIMEOUT: 'soon' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputErrors);
    const errors = caught as InputErrors;
    expect(errors.problems.map((p) => p.input)).toEqual(['retries', 'timeout', 'url']);
    expect(errors.input).toBe('retries');
    expect(errors.message).toBe(
      'input `retries`: must be at least 0, got -1; ' +
        'input `timeout`: must be a duration such as `500ms`, `30s` or `10m`, got `soon`; ' +
        'input `url`: is required but was not given',
    );
  });
});

describe('secrets', () => {
  const specs = defineInputs({
    'api-key': { type: 'string', secret: true },
    'bearer-token': { type: 'int', secret: true },
    short: { type: 'string', secret: true },
  });

  it('masks secret inputs before validating, so a message that echoes one is redacted', async () => {
    let message = '';
    try {
      await readInputs(specs, { 'INPUT_API-KEY': 'k-1234567890', 'INPUT_BEARER-TOKEN': 'not-a-number-token', INPUT_SHORT: 'abc' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(captured.masks()).toEqual(['k-1234567890', 'not-a-number-token']);
    expect(message).toContain('not-a-number-token');
    expect(redactor.redact(message)).toBe('input `bearer-token`: must be a whole number, got `***`');
    // The masks come first: nothing else was written before them.
    expect(captured.lines.every((l) => l.startsWith('::add-mask::'))).toBe(true);
  });
});
