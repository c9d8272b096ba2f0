// Migrations in PostgreSQL and SQLite syntax, safe and destructive: parsed statement by statement,
// destructive ones high risk with an error annotation at their lines saying how to split them,
// unparseable SQL a warning and high risk, never a crash.
import { afterEach, describe, expect, it } from 'vitest';
import { runBundle, type ActionRun } from '@shipkit/testkit';
import { humanCommit, prRepo, type PrRepo } from './repo';

const repos: PrRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const PG_HISTORY = {
  'db/migrations/001_users.sql': `CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email varchar(255) NOT NULL,
  name varchar(100),
  plan text,
  score integer DEFAULT 0
);
`,
};

async function gate(base: Record<string, string>, files: Record<string, string>): Promise<ActionRun> {
  const repo = prRepo(base, [humanCommit('db: migrate', files)]);
  repos.push(repo);
  const r = await runBundle('risk-gate', {
    cwd: repo.dir,
    eventName: 'pull_request',
    event: { pull_request: { number: 3, base: { sha: repo.base, ref: 'main' }, head: { sha: repo.head, ref: 'feature' } } },
    inputs: { 'on-review': 'none' },
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

describe('PostgreSQL migrations', () => {
  it('expand-only (new table, nullable column, column with a default, concurrent index, widening) is medium, with no annotation', async () => {
    const r = await gate(PG_HISTORY, {
      'db/migrations/002_orders.sql': `-- expand: nothing the running release uses changes
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), total numeric(10, 2) NOT NULL);
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN verified boolean NOT NULL DEFAULT false;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user ON orders (user_id);
ALTER TABLE users ALTER COLUMN name TYPE varchar(200);
ALTER TABLE users ALTER COLUMN score TYPE bigint;
`,
    });
    expect(r.outputs.risk).toBe('medium');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.summary).toMatch(/`db\/migrations\/002_orders\.sql`: 6 statement\(s\) as postgresql, 0 destructive/);
    expect(r.summary).toMatch(
      /\| medium \| `db\/migrations\/002_orders\.sql` \| schema migration \(SQL, checked statement by statement\) \|/,
    );
  });

  it('destructive statements: each an error at its line, with how to split it into expand and contract', async () => {
    const r = await gate(PG_HISTORY, {
      'db/migrations/002_contract.sql': `BEGIN;
ALTER TABLE users DROP COLUMN plan;
ALTER TABLE users RENAME COLUMN name TO full_name;
ALTER TABLE users
  ALTER COLUMN email TYPE varchar(50);
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;
DROP TABLE IF EXISTS legacy_carts;
COMMIT;
`,
    });
    expect(r.outputs.risk).toBe('high');
    const at = r.errors.map((e) => [e.properties.file, e.properties.line, e.properties.title]);
    expect(at).toEqual([
      ['db/migrations/002_contract.sql', '2', 'Destructive migration: drop-column'],
      ['db/migrations/002_contract.sql', '3', 'Destructive migration: rename-column'],
      ['db/migrations/002_contract.sql', '5', 'Destructive migration: type-change'],
      ['db/migrations/002_contract.sql', '6', 'Destructive migration: set-not-null'],
      ['db/migrations/002_contract.sql', '7', 'Destructive migration: add-not-null-column'],
      ['db/migrations/002_contract.sql', '8', 'Destructive migration: drop-table'],
    ]);
    const messages = r.errors.map((e) => e.message);
    expect(messages[0]).toMatch(
      /drops column `users\.plan`.*Expand\/contract: first release code that no longer uses `plan`; drop the column in a later release/,
    );
    expect(messages[1]).toMatch(/add `full_name`, write both and backfill it from `name`/);
    expect(messages[2]).toMatch(/varchar\(255\) → varchar\(50\) narrows it/);
    expect(messages[3]).toMatch(/\(no default, no backfill before it\)/);
    expect(messages[4]).toMatch(
      /Add it with a DEFAULT, or add it nullable now \(expand\), backfill, and SET NOT NULL in a later release \(contract\)/,
    );
    expect(r.summary).toMatch(
      /\| high \(critical\) \| `db\/migrations\/002_contract\.sql` \| destructive migration \(drop-column, rename-column, type-change, set-not-null, add-not-null-column, drop-table\) \(line 2\) \|/,
    );
    expect(r.outputs.reasons).toMatch(/critical paths never merge on their own/);
  });

  it('SET NOT NULL after a default and a backfill is the contract step done right', async () => {
    const r = await gate(PG_HISTORY, {
      'db/migrations/002_plan.sql': `ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';
UPDATE users SET plan = 'free' WHERE plan IS NULL;
ALTER TABLE users ALTER COLUMN plan SET NOT NULL;
`,
    });
    expect(r.errors).toEqual([]);
    expect(r.outputs.risk).toBe('medium');
  });
});

describe('SQLite migrations', () => {
  const LITE = {
    'prisma/migrations/20240101000000_init/migration.sql': `CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL, "name" TEXT);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`,
  };

  it('adding a column with a default (SQLite syntax) is safe', async () => {
    const r = await gate(LITE, {
      'prisma/migrations/20240201000000_age/migration.sql':
        'ALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL DEFAULT 0;\nCREATE INDEX "User_age" ON "User"("age");\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.outputs.risk).toBe('medium');
  });

  it("Prisma's SQLite table rebuild drops the old table: destructive, at the DROP", async () => {
    const r = await gate(LITE, {
      'prisma/migrations/20240301000000_drop_name/migration.sql': `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL);
INSERT INTO "new_User" ("email", "id") SELECT "email", "id" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
    });
    expect(r.outputs.risk).toBe('high');
    expect(r.errors.map((e) => [e.properties.line, e.properties.title])).toEqual([['6', 'Destructive migration: drop-table']]);
    expect(r.summary).toMatch(/9 statement\(s\) as (postgresql|sqlite), 1 destructive/);
  });

  it('AUTOINCREMENT only parses as SQLite; DROP COLUMN there is destructive too', async () => {
    const r = await gate(LITE, {
      'prisma/migrations/20240401000000_tags/migration.sql':
        'CREATE TABLE "Tag" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "label" TEXT NOT NULL);\nALTER TABLE "User" DROP COLUMN "name";\n',
    });
    expect(r.summary).toMatch(/2 statement\(s\) as sqlite, 1 destructive/);
    expect(r.errors.map((e) => [e.properties.line, e.properties.title])).toEqual([['2', 'Destructive migration: drop-column']]);
  });
});

describe('unparseable SQL', () => {
  it('is said at its line, treated as high risk, and the action still decides (exit 0)', async () => {
    const r = await gate(PG_HISTORY, {
      'db/migrations/002_typo.sql': 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users DROP COLUM plan;\n',
    });
    expect(r.outputs.risk).toBe('high');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]?.properties).toMatchObject({ file: 'db/migrations/002_typo.sql', line: '2', title: 'Migration not parsed' });
    expect(r.warnings[0]?.message).toMatch(
      /could not parse this migration as PostgreSQL or SQLite \(Syntax Error: .*\), so it cannot tell it is safe: treated as high risk/,
    );
    expect(r.outputs.decision).toBe('review');
  });
});
