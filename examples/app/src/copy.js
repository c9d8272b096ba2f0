// Copies the example service into another directory as a user's checkout would hold it after
// `npm ci`: its sources, and its dependencies (prom-client) reachable through node_modules.
import { cpSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoNodeModules = resolve(appDir, '..', '..', 'node_modules');

/** Copies examples/app to `dest` (created) and links the repository's installed node_modules beside it. */
export function copyExampleApp(dest) {
  cpSync(appDir, dest, { recursive: true, filter: (src) => !src.includes(`${join(appDir, 'node_modules')}`) });
  symlinkSync(repoNodeModules, join(dest, 'node_modules'), 'dir');
  return dest;
}
