/** A directory of built output for the provider tests. */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeSite(files: Record<string, string>): { dir: string; write(path: string, text: string): void; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'shipkit-site-'));
  const write = (path: string, text: string): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const noSleep = async (): Promise<void> => {};
