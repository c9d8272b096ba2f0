import { describe, expect, it } from 'vitest';
import { Annotations, GITHUB_ANNOTATION_LIMIT } from '../src/annotations';
import { captureCommands } from './capture';

const captured = captureCommands();

describe('Annotations', () => {
  it('drops exact duplicates but keeps the same message at another place', () => {
    const a = new Annotations();
    a.add({ level: 'error', message: 'uncovered', file: 'a.ts', line: 1 });
    a.add({ level: 'error', message: 'uncovered', file: 'a.ts', line: 1 });
    a.add({ level: 'error', message: 'uncovered', file: 'a.ts', line: 2 });
    a.add({ level: 'warning', message: 'uncovered', file: 'a.ts', line: 1 });
    a.add({ level: 'error', message: 'uncovered', file: 'a.ts', line: 1, title: 'other title' });
    expect(a.size).toBe(4);
  });

  it('ranks errors, then warnings, then notices, each by file, line and column', () => {
    const a = new Annotations();
    a.add({ level: 'notice', message: 'n' });
    a.add({ level: 'warning', message: 'w2', file: 'b.ts', line: 1 });
    a.add({ level: 'error', message: 'e3', file: 'b.ts', line: 10 });
    a.add({ level: 'warning', message: 'w1', file: 'a.ts', line: 5 });
    a.add({ level: 'error', message: 'e2', file: 'b.ts', line: 2, col: 9 });
    a.add({ level: 'error', message: 'e1', file: 'b.ts', line: 2, col: 3 });
    a.add({ level: 'error', message: 'e0', file: 'a.ts', line: 99 });
    const result = a.flush();
    expect(result).toEqual({ emitted: 7, omitted: { error: 0, warning: 0, notice: 0 } });
    expect(captured.commands().map((c) => `${c.command}:${c.message}`)).toEqual([
      'error:e0',
      'error:e1',
      'error:e2',
      'error:e3',
      'warning:w1',
      'warning:w2',
      'notice:n',
    ]);
    expect(captured.commands()[1]?.properties).toEqual({ file: 'b.ts', line: '2', col: '3' });
  });

  it('shows at most 10 per level and counts the rest', () => {
    const a = new Annotations();
    for (let i = 0; i < 25; i++) a.add({ level: 'error', message: `e${i}`, file: 'f.ts', line: 25 - i });
    for (let i = 0; i < 12; i++) a.add({ level: 'warning', message: `w${i}`, file: 'f.ts', line: i + 1 });
    for (let i = 0; i < 3; i++) a.add({ level: 'notice', message: `n${i}`, file: 'f.ts', line: i + 1 });
    expect(GITHUB_ANNOTATION_LIMIT).toBe(10);
    expect(a.flush()).toEqual({ emitted: 23, omitted: { error: 15, warning: 2, notice: 0 } });
    const commands = captured.commands();
    expect(commands.filter((c) => c.command === 'error').map((c) => c.properties.line)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    expect(commands.filter((c) => c.command === 'warning')).toHaveLength(10);
    expect(commands.filter((c) => c.command === 'notice')).toHaveLength(3);
  });

  it('takes another limit, and is empty after a flush', () => {
    const a = new Annotations();
    for (let i = 0; i < 5; i++) a.add({ level: 'warning', message: `w${i}` });
    expect(a.flush(2)).toEqual({ emitted: 2, omitted: { error: 0, warning: 3, notice: 0 } });
    expect(a.size).toBe(0);
    expect(a.flush()).toEqual({ emitted: 0, omitted: { error: 0, warning: 0, notice: 0 } });
    expect(captured.lines).toHaveLength(2);
  });
});
