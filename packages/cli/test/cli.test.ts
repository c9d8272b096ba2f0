/** The CLI's own logic: flags, the folder it finds actions in, how commands render. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { actionNames, readActionYml, repoRoot } from '@shipkit/testkit';
import { CLI_OPTIONS, findRoot, parseFlags, renderCommand } from '../src/cli.ts';

const action = { inputs: { url: {}, 'follow-redirects': { default: 'true' }, probes: {} } };

describe('parseFlags', () => {
  it('maps --name value, --name=value, bare booleans and --no-<input>', () => {
    expect(parseFlags(['--url', 'http://x', '--probes=- path: /a=b', '--follow-redirects'], action).inputs).toEqual({
      url: 'http://x',
      probes: '- path: /a=b',
      'follow-redirects': 'true',
    });
    expect(parseFlags(['--no-follow-redirects', '--url', '--probes', 'p'], action).inputs).toEqual({
      'follow-redirects': 'false',
      url: 'true',
      probes: 'p',
    });
  });

  it('takes the CLI’s own options apart from the inputs', () => {
    const r = parseFlags(['--event', 'e.json', '--event-name=pull_request', '--report-dir', 'out', '--json', '-h', '--url', 'u'], action);
    expect(r.options).toEqual({ json: true, help: true, event: 'e.json', eventName: 'pull_request', reportDir: 'out' });
    expect(r.inputs).toEqual({ url: 'u' });
    expect(r.problems).toEqual([]);
  });

  it('names every problem: unknown inputs, stray arguments, options without a value', () => {
    expect(parseFlags(['--colour', 'x', 'stray', '--report-dir'], action).problems).toEqual([
      'unknown input `--colour`; this action takes: --url, --follow-redirects, --probes',
      'unexpected argument `x`; inputs are given as `--<input> <value>`',
      'unexpected argument `stray`; inputs are given as `--<input> <value>`',
      '`--report-dir` needs a value',
    ]);
  });

  it('no action has an input named like a CLI option (it could not be given as a flag)', () => {
    for (const name of actionNames())
      for (const input of Object.keys(readActionYml(name).inputs))
        expect(CLI_OPTIONS as readonly string[], `${name}: input ${input}`).not.toContain(input);
  });
});

describe('findRoot', () => {
  it('finds the folder with actions/ and dist/ above the CLI, in a clone the repository root', () => {
    expect(findRoot()).toBe(repoRoot);
    expect(findRoot(join(repoRoot, 'packages', 'cli', 'src'))).toBe(repoRoot);
    expect(() => findRoot('/')).toThrow(/no actions\/ and dist\/ above \//);
  });
});

describe('renderCommand', () => {
  it('renders annotations with their place and title, and hides masks and debug', () => {
    expect(renderCommand({ command: 'error', properties: { file: 'a.ts', line: '3', col: '5', title: 'lint' }, message: 'bad' })).toBe(
      '✖ a.ts:3:5: lint: bad',
    );
    expect(renderCommand({ command: 'warning', properties: {}, message: 'w' })).toBe('⚠ w');
    expect(renderCommand({ command: 'notice', properties: { file: 'b' }, message: 'n' })).toBe('ℹ b: n');
    expect(renderCommand({ command: 'add-mask', properties: {}, message: 'secret' })).toBeUndefined();
    expect(renderCommand({ command: 'debug', properties: {}, message: 'd' })).toBeUndefined();
    expect(renderCommand({ command: 'debug', properties: {}, message: 'd' }, { debug: true })).toBe('· d');
  });
});
