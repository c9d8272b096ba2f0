/**
 * The run wrapper decides how a process ends, so it is tested in real child processes: Node 24
 * runs the kit's TypeScript sources directly (type stripping), with a resolve hook for the
 * extensionless relative imports that ncc and vitest resolve in the build.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommands } from '@shipkit/testkit';

const src = (file: string): string => pathToFileURL(resolve(import.meta.dirname, '../src', file)).href;
let dir: string;
let hooks: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kit-run-'));
  hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { registerHooks } from 'node:module';
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.')) return next(specifier + '.ts', context);
      throw error;
    }
  },
});
`,
  );
});

let scripts = 0;
/** Runs `body` (ES module code with runAction, ConfigurationError, … in scope) as its own process. */
async function runScript(body: string, timeoutMs = 8000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const file = join(dir, `script-${++scripts}.mjs`);
  writeFileSync(
    file,
    `import { runAction } from '${src('run.ts')}';
import { ConfigurationError } from '${src('errors.ts')}';
import { readInputs } from '${src('inputs.ts')}';
import { setSecret, info } from '${src('commands.ts')}';
${body}
`,
  );
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', hooks, file], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  clearTimeout(timer);
  return { code, stdout, stderr, ms: Date.now() - started };
}

const STACK = /\n\s+at /;

describe('runAction', () => {
  it('turns a ConfigurationError into exactly one ::error:: naming the input, exit 1, no stack', async () => {
    const run = await runScript(`void runAction(async () => {
      throw new ConfigurationError('must be a whole number, got \`two\`; write a number such as \`2\`', 'retries');
    });`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('::error title=Invalid retries::must be a whole number, got `two`; write a number such as `2`\n');
    expect(run.stdout).not.toMatch(STACK);
  });

  it('leaves the title out when the error is about no particular input', async () => {
    const run = await runScript(`void runAction(() => { throw new ConfigurationError('GITHUB_REPOSITORY is not set'); });`);
    expect(run.code).toBe(1);
    expect(parseCommands(run.stdout)).toEqual([{ command: 'error', properties: {}, message: 'GITHUB_REPOSITORY is not set' }]);
  });

  it('reports every bad input in one ::error:: line', async () => {
    const run = await runScript(`void runAction(async () => {
      await readInputs({ retries: { type: 'int', min: 0 }, timeout: { type: 'duration' }, url: { type: 'url', required: true } },
        { INPUT_RETRIES: '-2', INPUT_TIMEOUT: '10 parsecs' });
    });`);
    expect(run.code).toBe(1);
    const commands = parseCommands(run.stdout);
    expect(commands).toHaveLength(1);
    expect(commands[0]?.command).toBe('error');
    expect(commands[0]?.properties).toEqual({ title: 'Invalid input' });
    expect(commands[0]?.message).toMatch(/^input `retries`: .*; input `timeout`: .*; input `url`: is required but was not given$/);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('treats anything else as a bug: the message as an error, the stack only at debug level', async () => {
    const run = await runScript(`void runAction(async () => {
      const config = undefined;
      return config.retries;
    });`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const commands = parseCommands(run.stdout);
    expect(commands.map((c) => c.command)).toEqual(['error', 'debug']);
    expect(commands[0]?.message).toMatch(/^Unexpected error \(this is a shipkit bug; please report it with the debug log\): .*retries/);
    expect(commands[0]?.message).not.toMatch(STACK);
    expect(commands[1]?.message).toMatch(/^TypeError: .*\n\s+at /);
    // Every line of output is a workflow command: the stack is escaped inside the debug one.
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('redacts secrets in error messages and stacks', async () => {
    const run = await runScript(`void runAction(async () => {
      setSecret('hunter2-secret-value');
      throw new Error('login failed for hunter2-secret-value');
    });`);
    expect(run.stdout).toContain('::add-mask::hunter2-secret-value\n');
    const rest = run.stdout.replace('::add-mask::hunter2-secret-value\n', '');
    expect(rest).not.toContain('hunter2-secret-value');
    expect(rest).toContain('login failed for ***');
  });

  it('exits with the code main returns, or 0', async () => {
    expect((await runScript(`void runAction(() => 3);`)).code).toBe(3);
    const ok = await runScript(`void runAction(async () => { info('done'); });`);
    expect(ok).toMatchObject({ code: 0, stdout: 'done\n', stderr: '' });
  });

  it('exits when main settles even with a dangling socket, server and timer', async () => {
    const run = await runScript(`import { createServer, connect } from 'node:net';
    void runAction(async () => {
      const server = createServer(() => {}).listen(0, '127.0.0.1');
      await new Promise((r) => server.on('listening', r));
      connect(server.address().port, '127.0.0.1');
      setInterval(() => {}, 1000);
      setTimeout(() => {}, 60_000);
      info('main done');
    });`);
    expect(run).toMatchObject({ code: 0, stdout: 'main done\n' });
    expect(run.ms).toBeLessThan(5000);
  });

  it('reports a rejection nobody awaited as a bug instead of a raw crash', async () => {
    const run = await runScript(`void runAction(async () => {
      void Promise.reject(new Error('floating rejection'));
      await new Promise((r) => setTimeout(r, 2000));
    });`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const commands = parseCommands(run.stdout);
    expect(commands[0]?.message).toMatch(/shipkit bug.*floating rejection/);
    expect(commands[1]?.command).toBe('debug');
    expect(run.ms).toBeLessThan(1900);
  });
  it('goes on to the end of its work when nobody reads its stdout any more (| head), without spinning', async () => {
    const marker = join(dir, 'finished.txt');
    const file = join(dir, 'closed-stdout.mjs');
    writeFileSync(
      file,
      `import { runAction } from '${src('run.ts')}';
import { info } from '${src('commands.ts')}';
import { writeFileSync } from 'node:fs';
void runAction(async () => {
  for (let i = 0; i < 2000; i++) {
    info('line ' + i + ' ' + 'x'.repeat(200));
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5));
  }
  writeFileSync(${JSON.stringify(marker)}, 'done');
  return 3;
});
`,
    );
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', hooks, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `| head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    clearTimeout(timer);
    expect(code).toBe(3);
    expect(existsSync(marker)).toBe(true);
    expect(stderr).toBe('');
    expect(Date.now() - started).toBeLessThan(6000);
  });
});
