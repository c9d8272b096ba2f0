/** Test helpers: the kit's workflow commands captured and parsed the way the runner reads them; runner files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { setCommandWriter } from '../src/commands';
import { parseCommands, type WorkflowCommand } from '@shipkit/testkit';

export interface Captured {
  lines: string[];
  commands(): WorkflowCommand[];
  masks(): string[];
}

/** Call at the top of a describe (or file): every test gets a fresh capture. */
export function captureCommands(): Captured {
  const captured: Captured = {
    lines: [],
    commands: () => parseCommands(captured.lines.join('\n')),
    masks: () =>
      captured
        .commands()
        .filter((c) => c.command === 'add-mask')
        .map((c) => c.message),
  };
  beforeEach(() => {
    captured.lines.length = 0;
    setCommandWriter((line) => captured.lines.push(line));
  });
  afterEach(() => setCommandWriter((line) => void process.stdout.write(`${line}\n`)));
  return captured;
}

/** An empty file in a fresh temp dir, like the runner's GITHUB_OUTPUT or GITHUB_STEP_SUMMARY. */
export function emptyFile(name: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kit-test-')), name);
  writeFileSync(file, '');
  return file;
}
