// The project `npm run demo` releases: the example service (examples/app/src) with the project
// files of examples/demo/project (its tests, the linters' configs, Stryker, shipkit.yml), a git
// history, and the repository's node_modules linked in as a checkout's `npm ci` would have them.
// Each release is a commit on top: `release(dir, version, change)`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** git in `dir` with a fixed identity (no global config needed). */
export const git = (dir, ...args) =>
  execFileSync('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

/** Creates the project in `dir` with its first commit; resolves with that commit. */
export function createShop(dir) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  cpSync(join(repoRoot, 'examples/demo/project'), dir, { recursive: true });
  for (const file of ['app.js', 'app.d.ts', 'server.js']) cpSync(join(repoRoot, 'examples/app/src', file), join(dir, 'src', file));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'the example service');
  return git(dir, 'rev-parse', 'HEAD');
}

const edit = (dir, file, change) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

/** Sets the version in package.json and, when given, the release switch (APP_MODE) in shipkit.yml's start-command. */
function bump(dir, version, mode) {
  edit(dir, 'package.json', (t) => t.replace(/"version": "[^"]*"/, `"version": "${version}"`));
  edit(dir, 'shipkit.yml', (t) =>
    t.replace(/^start-command: .*$/m, `start-command: ${mode ? `APP_MODE=${mode} ` : ''}exec node src/server.js`),
  );
}

/** The three releases of the demo, each a commit; resolves with its SHA. */
export const releases = {
  /** v1: POST /api/items rejects negative prices, with its test. */
  v1(dir) {
    edit(dir, 'src/app.js', (t) => {
      const changed = t.replace(
        '      const created = { id: state.nextId++',
        "      if (Number(item.price ?? 0) < 0) return ['/api/items', 422, { error: '`price` must not be negative' }];\n      const created = { id: state.nextId++",
      );
      if (changed === t) throw new Error('examples/app/src/app.js changed shape; update examples/demo/lib/shop.mjs');
      return changed;
    });
    edit(
      dir,
      'test/app.spec.mjs',
      (t) =>
        `${t}\nit('rejects a negative price', async () => {\n  const res = await post({ name: 'refund', price: -1 });\n  expect(res.status).toBe(422);\n  expect((await res.json()).error).toBe('\`price\` must not be negative');\n});\n`,
    );
    // The items table's schema, as a migration (risk-gate checks each statement).
    mkdirSync(join(dir, 'migrations'), { recursive: true });
    writeFileSync(
      join(dir, 'migrations', '001_items.sql'),
      'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price NUMERIC NOT NULL, legacy_price NUMERIC);\n',
    );
    git(dir, 'add', 'migrations');
    bump(dir, '1.0.0');
    git(dir, 'commit', '-q', '-am', 'v1: reject negative prices');
    return git(dir, 'rev-parse', 'HEAD');
  },
  /**
   * v2: a regression through the release switch (every request 800 ms slower), with a migration
   * that drops a column in the same release as the code (risk-gate: high).
   */
  v2(dir) {
    writeFileSync(join(dir, 'migrations', '002_drop_legacy_price.sql'), 'ALTER TABLE items DROP COLUMN legacy_price;\n');
    git(dir, 'add', 'migrations');
    bump(dir, '2.0.0', 'slow');
    git(dir, 'commit', '-q', '-am', 'v2: new item cache (slow: the release switch set to slow); drop items.legacy_price');
    return git(dir, 'rev-parse', 'HEAD');
  },
  /**
   * v3: the fix; the column's drop waits for a later release (the contract phase, once no running
   * code reads it), so against production (v1) the change is medium risk again.
   */
  v3(dir) {
    git(dir, 'rm', '-q', 'migrations/002_drop_legacy_price.sql');
    bump(dir, '3.0.0');
    git(dir, 'commit', '-q', '-am', 'v3: the cache fixed');
    return git(dir, 'rev-parse', 'HEAD');
  },
};
