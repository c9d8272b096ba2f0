/**
 * The files of a directory to deploy, each with its size and digests: the manifest a
 * content-addressed upload sends first, so the provider can say which bodies it lacks.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface ManifestFile {
  /** Path relative to the directory, with `/` separators. */
  path: string;
  absolute: string;
  size: number;
  sha1: string;
  sha256: string;
}

/** Never part of a deployment. */
const SKIP = new Set(['.git', '.DS_Store']);

/** Walks `directory` (symlinks that lead outside it are skipped) and digests every file. */
export async function readManifest(directory: string): Promise<ManifestFile[]> {
  const root = await realpath(directory);
  const paths: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) paths.push(full);
      else if (entry.isSymbolicLink()) {
        const target = await realpath(full).catch(() => undefined);
        if (target && (target + sep).startsWith(root + sep) && (await stat(target)).isFile()) paths.push(full);
      }
    }
  };
  await walk(root);
  paths.sort();
  const files: ManifestFile[] = new Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      const absolute = paths[i] as string;
      const bytes = await readFile(absolute);
      files[i] = {
        path: relative(root, absolute).split(sep).join('/'),
        absolute,
        size: bytes.length,
        sha1: createHash('sha1').update(bytes).digest('hex'),
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, paths.length) }, worker));
  return files;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function eachLimit<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
