import { describe, expect, it } from 'vitest';
import { debug, error, group, info, issueCommand, notice, setSecret, warning } from '../src/commands';
import { redactor } from '../src/redact';
import { captureCommands } from './capture';

const captured = captureCommands();
const pat = `ghp_${'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'}`;

describe('escaping', () => {
  it('escapes %, CR and LF in messages so one command stays one line', () => {
    error('100% done\r\nnext line\nlast');
    expect(captured.lines).toEqual(['::error::100%25 done%0D%0Anext line%0Alast']);
    expect(captured.commands()[0]?.message).toBe('100% done\r\nnext line\nlast');
  });

  it('escapes : and , in properties as well, and drops empty ones', () => {
    warning('msg', { title: 'a: b, c 50%', file: 'src/a,b.ts', line: 3, endLine: 4, col: 1, endColumn: undefined });
    expect(captured.lines).toEqual(['::warning title=a%3A b%2C c 50%25,file=src/a%2Cb.ts,line=3,endLine=4,col=1::msg']);
    expect(captured.commands()[0]?.properties).toEqual({ title: 'a: b, c 50%', file: 'src/a,b.ts', line: '3', endLine: '4', col: '1' });
    notice('n', { title: '' });
    expect(captured.lines[1]).toBe('::notice::n');
  });

  it('round-trips escaped text that itself looks like an escape', () => {
    error('literal %0A and %25', { title: 'x%3Ay%2C' });
    expect(captured.commands()[0]).toEqual({ command: 'error', properties: { title: 'x%3Ay%2C' }, message: 'literal %0A and %25' });
  });
});

describe('redaction', () => {
  it('passes every command, property, log line and group name through the redactor', () => {
    redactor.addSecret('registered-value-1');
    error(`failed with ${pat}`, { title: 'registered-value-1 x', file: `${pat}.txt` });
    warning('registered-value-1');
    notice('registered-value-1');
    debug(`Authorization: Bearer ${pat}`);
    info(`plain registered-value-1 line`);
    issueCommand('custom', { key: 'registered-value-1' }, 'registered-value-1');
    const joined = captured.lines.join('\n');
    expect(joined).not.toContain('registered-value-1');
    expect(joined).not.toContain(pat);
    expect(captured.lines).toEqual([
      '::error title=*** x,file=***.txt::failed with ***',
      '::warning::***',
      '::notice::***',
      '::debug::Authorization: Bearer ***',
      'plain *** line',
      '::custom key=***::***',
    ]);
  });

  it('wraps a group in group/endgroup, redacting its name, even when the body throws', async () => {
    redactor.addSecret('group-secret');
    await expect(
      group('deploy group-secret', async () => {
        info('inside');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(captured.lines).toEqual(['::group::deploy ***', 'inside', '::endgroup::']);
    expect(await group('g', async () => 42)).toBe(42);
  });
});

describe('info', () => {
  it('prints text that reads as a workflow command inside stop-commands, so the runner does not obey it', () => {
    info('body:\n  ::add-mask::x\n::error::injected');
    expect(captured.lines).toHaveLength(3);
    const token = /^::stop-commands::(shipkit-[a-p]{32})$/.exec(captured.lines[0] ?? '')?.[1];
    expect(token).toBeDefined();
    expect(captured.lines.slice(1)).toEqual(['body:\n  ::add-mask::x\n::error::injected', `::${token}::`]);
    expect(captured.commands()).toEqual([]);
    info('plain text, with :: inside');
    expect(captured.lines[3]).toBe('plain text, with :: inside');
  });
});

describe('setSecret', () => {
  it('emits the raw value once as add-mask and registers it with the redactor', () => {
    setSecret('my-raw-secret%value');
    setSecret('my-raw-secret%value');
    setSecret('  my-raw-secret%value  ');
    expect(captured.lines).toEqual(['::add-mask::my-raw-secret%25value']);
    expect(captured.masks()).toEqual(['my-raw-secret%value']);
    expect(redactor.redact('x my-raw-secret%value y')).toBe('x *** y');
  });

  it('ignores empty and short values', () => {
    setSecret(undefined);
    setSecret('');
    setSecret(' ab ');
    expect(captured.lines).toEqual([]);
  });

  it('masks a multi-line secret whole and line by line (the runner matches per line)', () => {
    setSecret('line-one-aaaa\nline-two-bbbb\nx');
    expect(captured.masks()).toEqual(['line-one-aaaa\nline-two-bbbb\nx', 'line-one-aaaa', 'line-two-bbbb']);
    expect(redactor.redact('log: line-two-bbbb')).toBe('log: ***');
  });
});
