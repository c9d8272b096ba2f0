#!/usr/bin/env node
// Rebuilds dist/ from a clean slate and fails when the committed bundles differ: the runner
// executes dist/ as committed, so a stale bundle would ship old code.
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' });
if (status.trim() !== '') {
  console.error('::error title=Stale dist::dist/ does not match the sources; run `npm run build` and commit dist/');
  console.error(status);
  console.error(execFileSync('git', ['diff', '--stat', '--', 'dist'], { encoding: 'utf8' }));
  process.exit(1);
}
console.log('dist/ is up to date');
