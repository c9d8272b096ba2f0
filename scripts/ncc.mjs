// One way to bundle with @vercel/ncc, for the action bundles (scripts/build.mjs) and the packed CLI
// (scripts/pack-cli.mjs): minified, licences beside the code, no source maps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const ncc = createRequire(import.meta.url)('@vercel/ncc');

/** Bundles `entry` into `outDir/<file>` plus its assets; resolves the bundle's size in bytes. */
export async function bundle(entry, outDir, file = 'index.js') {
  const { code, assets } = await ncc(entry, {
    minify: true,
    license: 'licenses.txt',
    sourceMap: false,
    quiet: true,
    target: 'es2023',
    // Types are checked once for the whole repo by `npm run typecheck`; bundling only transpiles.
    transpileOnly: true,
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, file), code);
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), asset.source);
  }
  return Buffer.byteLength(code);
}
