/**
 * @actions/core is the reference for the runner protocol, kept off the start-up path (it costs
 * ~80 ms of cold start; docs/DEVELOPING.md). On the same cases, the kit must agree with it: input
 * reading, boolean parsing, output and state file commands, escaping of annotation properties and
 * messages, masks, and summary writing. Where the kit differs on purpose, the test says so.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { error, getState, info, notice, saveState, setSecret, warning, type AnnotationProperties } from '../src/commands';
import { readInputs, inputEnvName } from '../src/inputs';
import { setOutput } from '../src/outputs';
import { Summary } from '../src/summary';
import { captureCommands, emptyFile } from './capture';

const captured = captureCommands();

/** What @actions/core writes to stdout while `fn` runs. */
function coreStdout(fn: () => void): string {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

const kitStdout = (): string => captured.lines.map((l) => `${l}\n`).join('');

/** Runs `fn` with exactly these variables set (the rest of the environment kept), then restores them. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const saved = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const file = (text: string): string => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_UUID');

describe('inputs, as @actions/core reads them', () => {
  const cases: [string, string][] = [
    ['name', 'value'],
    ['with-dashes', '  padded value \t'],
    ['with spaces', 'x'],
    ['MiXeD-Case', 'y'],
    ['multi-line', '\n first\n second \n'],
    ['empty', ''],
    ['unicode', ' ✓ café '],
  ];

  it.each(cases)('%s: the same variable, the same trimmed value', async (name, value) => {
    const variable = inputEnvName(name);
    const env = { [variable]: value };
    const theirs = withEnv(env, () => core.getInput(name));
    const ours = (await readInputs({ [name]: { type: 'string' } }, env)) as Record<string, unknown>;
    const key = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    expect(ours[key] ?? '').toBe(theirs);
  });

  it('a required input that is missing is an error for both', async () => {
    expect(() => withEnv({ INPUT_TOKEN: '' }, () => core.getInput('token', { required: true }))).toThrow(/token/);
    await expect(readInputs({ token: { type: 'string', required: true } }, { INPUT_TOKEN: '  ' })).rejects.toThrow(/`token`/);
  });

  const booleans = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE', ' true ', 'yes', 'no', '1', '0', 'tRUE', 'on', 'y'];
  it.each(booleans)('boolean %j: the same value, or an error for both', async (raw) => {
    const env = { INPUT_FLAG: raw };
    let theirs: boolean | 'error';
    try {
      theirs = withEnv(env, () => core.getBooleanInput('flag'));
    } catch {
      theirs = 'error';
    }
    let ours: boolean | 'error';
    try {
      ours = (await readInputs({ flag: { type: 'boolean' } }, env)).flag;
    } catch {
      ours = 'error';
    }
    expect(ours).toBe(theirs);
  });
  // On purpose: an empty boolean without a default is `false` in the kit (core throws). action.yml
  // gives every boolean a default, so the runner never passes one empty.
});

describe('output and state file commands, as @actions/core writes them', () => {
  const values: [string, string | number | boolean][] = [
    ['plain', 'value'],
    ['multi-line', 'line 1\nline 2\n'],
    ['number', 42],
    ['fraction', 0.5],
    ['boolean', true],
    ['empty', ''],
    ['delimiter-like', '<<EOF\nEOF'],
    ['percent and colons', '100%: a, b'],
  ];

  it.each(values)('output %s: the same file content', (name, value) => {
    const theirs = emptyFile('output');
    withEnv({ GITHUB_OUTPUT: theirs }, () => core.setOutput(name, value));
    const ours = emptyFile('output');
    setOutput(name, value, { GITHUB_OUTPUT: ours });
    expect(file(readFileSync(ours, 'utf8'))).toBe(file(readFileSync(theirs, 'utf8')));
  });

  it.each(values)('state %s: the same file content, and the same value back in the post step', (name, value) => {
    const theirs = emptyFile('state');
    withEnv({ GITHUB_STATE: theirs }, () => core.saveState(name, value));
    const ours = emptyFile('state');
    saveState(name, value, { GITHUB_STATE: ours });
    expect(file(readFileSync(ours, 'utf8'))).toBe(file(readFileSync(theirs, 'utf8')));
    const env = { [`STATE_${name}`]: String(value) };
    expect(getState(name, env)).toBe(withEnv(env, () => core.getState(name)));
  });

  it('appends, never overwrites, like @actions/core', () => {
    const ours = emptyFile('output');
    setOutput('a', '1', { GITHUB_OUTPUT: ours });
    setOutput('b', '2', { GITHUB_OUTPUT: ours });
    const theirs = emptyFile('output');
    withEnv({ GITHUB_OUTPUT: theirs }, () => {
      core.setOutput('a', '1');
      core.setOutput('b', '2');
    });
    expect(file(readFileSync(ours, 'utf8'))).toBe(file(readFileSync(theirs, 'utf8')));
  });
});

describe('workflow commands on stdout, as @actions/core prints them', () => {
  const properties: [string, AnnotationProperties][] = [
    ['none', {}],
    ['file and line', { file: 'src/app.ts', line: 12 }],
    ['every property', { title: 'TS2322', file: 'src/a.ts', line: 3, endLine: 4, col: 5, endColumn: 9 }],
    ['given in another order', { endColumn: 9, col: 5, line: 3, file: 'src/a.ts', title: 'T', endLine: 4 }],
    ['colons, commas, percent, CR/LF', { title: 'a: b, c 50%\r\nd', file: 'C:\\work\\a,b.ts' }],
    ['line 0 and an empty title', { title: '', line: 0, file: 'x.ts' }],
  ];
  /** The same annotation in core's names (`startLine`, `startColumn`), with only the keys given. */
  const toCore = (p: AnnotationProperties): core.AnnotationProperties =>
    Object.fromEntries(
      Object.entries({
        title: p.title,
        file: p.file,
        startLine: p.line,
        endLine: p.endLine,
        startColumn: p.col,
        endColumn: p.endColumn,
      }).filter(([, v]) => v !== undefined),
    );
  const messages = ['plain', '100% done\r\nnext\nlast', 'a::b:: c', '%0A literal', ''];

  for (const [name, props] of properties)
    it(`error, warning and notice, ${name}: the same line`, () => {
      for (const message of messages) {
        captured.lines.length = 0;
        error(message, props);
        warning(message, props);
        notice(message, props);
        const theirs = coreStdout(() => {
          core.error(message, toCore(props));
          core.warning(message, toCore(props));
          core.notice(message, toCore(props));
        });
        expect(kitStdout()).toBe(theirs);
      }
    });

  it('masks: the same add-mask line (the kit adds one per line of a multi-line secret)', () => {
    for (const secret of ['s3cr3t-value', 'with%percent', 'first line\nsecond line']) {
      captured.lines.length = 0;
      setSecret(secret);
      const theirs = coreStdout(() => core.setSecret(secret));
      expect(`${captured.lines[0]}\n`).toBe(theirs);
    }
    expect(captured.lines.slice(1)).toEqual(['::add-mask::first line', '::add-mask::second line']);
  });

  it('info: the same line for ordinary text', () => {
    for (const message of ['hello', '100% of 3 files', 'a: b, c']) {
      captured.lines.length = 0;
      info(message);
      expect(kitStdout()).toBe(coreStdout(() => core.info(message)));
    }
    // On purpose: a line that reads as a workflow command (`::set-env …` in a log being diagnosed)
    // is fenced with stop-commands by the kit; core would print it and the runner obey it.
  });
});

describe('summary writing, as @actions/core writes it', () => {
  let theirs: string;
  beforeEach(() => {
    theirs = emptyFile('summary.md');
  });
  afterEach(() => core.summary.emptyBuffer());

  it('appends the same bytes to GITHUB_STEP_SUMMARY, run after run', async () => {
    const ours = emptyFile('summary.md');
    const parts = [
      new Summary().heading('Smoke ✅ passed').table(['a', 'b'], [['1', 'x|y']]),
      new Summary().paragraph('second step, 100%'),
    ];
    const texts = parts.map((s) => s.toString());
    for (const s of parts) s.write({ GITHUB_STEP_SUMMARY: ours });
    await withEnv({ GITHUB_STEP_SUMMARY: theirs }, async () => {
      for (const text of texts) await core.summary.addRaw(text).addEOL().write();
    });
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(theirs, 'utf8'));
  });
  // On purpose: without GITHUB_STEP_SUMMARY the kit prints the markdown (core throws), and the kit
  // caps a summary under GitHub's 1 MiB limit (core leaves it to the runner to reject).
});
