#!/usr/bin/env node
// Bundles every action (actions/<name>/src/main.ts) with @vercel/ncc into dist/<name>/index.js,
// plus its third-party licences. Actions are discovered, not listed; the few other programs an
// action starts as a process of its own are listed in `programs`. `node scripts/build.mjs smoke`
// builds one.
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './ncc.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
// Programs that are not actions: dist/<name>/index.js from their entry (the local provider's
// traffic proxy, which actions spawn as `node dist/proxy/index.js`).
const programs = { proxy: 'packages/proxy/src/main.ts' };
const entries = Object.fromEntries([
  ...readdirSync(join(root, 'actions'))
    .filter((name) => existsSync(join(root, 'actions', name, 'src', 'main.ts')))
    .map((name) => [name, join('actions', name, 'src', 'main.ts')]),
  ...Object.entries(programs),
]);
const names = Object.keys(entries)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

if (only.length === 0) rmSync(join(root, 'dist'), { recursive: true, force: true });
for (const name of names) {
  const started = Date.now();
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  const bytes = await bundle(join(root, entries[name]), out).catch((error) => {
    // ncc's own stack is megabytes of minified source; the message is what matters.
    console.error(`::error title=build ${name}::${String(error?.message ?? error).slice(0, 4000)}`);
    process.exit(1);
  });
  const kb = (bytes / 1024).toFixed(0);
  console.log(`built ${relative(root, join(out, 'index.js'))} (${kb} KiB) in ${Date.now() - started} ms`);
}
