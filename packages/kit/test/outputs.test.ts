import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOutputFile } from '@shipkit/testkit';
import { defineOutputs, setOutput } from '../src/outputs';
import { redactor } from '../src/redact';
import { emptyFile } from './capture';

describe('outputs', () => {
  it('writes heredoc blocks that the runner (and parseOutputFile) read back, multi-line values included', () => {
    const file = emptyFile('output');
    const env = { GITHUB_OUTPUT: file };
    setOutput('passed', true, env);
    setOutput('p95-ms', 41.5, env);
    setOutput('details', 'line one\nname=not-an-output\n\nlast<<EOF', env);
    setOutput('empty', '', env);
    setOutput('missing', undefined, env);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^passed<<ghadelimiter_[0-9a-f-]{36}\ntrue\nghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseOutputFile(text)).toEqual({
      passed: 'true',
      'p95-ms': '41.5',
      details: 'line one\nname=not-an-output\n\nlast<<EOF',
      empty: '',
      missing: '',
    });
  });

  it('redacts output values', () => {
    redactor.addSecret('output-secret-1');
    const file = emptyFile('output');
    setOutput('url', 'https://x/?t=output-secret-1', { GITHUB_OUTPUT: file });
    expect(parseOutputFile(readFileSync(file, 'utf8'))).toEqual({ url: 'https://x/?t=***' });
  });

  it('defineOutputs writes every declared output', () => {
    const outputs = defineOutputs(['total', 'failed', 'report'] as const);
    const file = emptyFile('output');
    outputs.write({ total: 3, failed: 0, report: '/tmp/r.json' }, { GITHUB_OUTPUT: file });
    expect(outputs.names).toEqual(['total', 'failed', 'report']);
    expect(parseOutputFile(readFileSync(file, 'utf8'))).toEqual({ total: '3', failed: '0', report: '/tmp/r.json' });
  });
});

describe('parseOutputFile', () => {
  it('reads the legacy name=value form too', () => {
    expect(parseOutputFile('a=1\nb=x=y\n\nc<<D\n\nD\n')).toEqual({ a: '1', b: 'x=y', c: '' });
  });
});
