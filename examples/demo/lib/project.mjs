// Shared by the demo stages that turn a copy of the example service into a project with a git
// history: the copy itself, git with a fixed identity, and the vitest setup of its specs.
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** The start of a vitest spec file that serves the example app on a free port. */
export const APP_SPEC_SETUP = `import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

let server;
let url;
beforeAll(async () => {
  ({ server } = createApp({ version: '1.0.0' }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  url = \`http://127.0.0.1:\${server.address().port}\`;
});
afterAll(() => new Promise((r) => server.close(r)));

const post = (body) => fetch(\`\${url}/api/items\`, { method: 'POST', body: JSON.stringify(body) });
`;

/** The pull request both test-minded stages review: POST /api/items rejects negative prices. */
export const rejectNegativePrice = (appSource) =>
  appSource.replace(
    '      const created = { id: state.nextId++',
    "      if (Number(item.price ?? 0) < 0) return ['/api/items', 422, { error: '`price` must not be negative' }];\n      const created = { id: state.nextId++",
  );

/** Copies examples/app/src into `<workdir>/<name>` with a test/ folder and the repo's node_modules linked. */
export function copyApp(ctx, name) {
  const dir = join(ctx.workdir, name);
  mkdirSync(join(dir, 'test'), { recursive: true });
  cpSync(join(ctx.root, 'examples/app/src'), join(dir, 'src'), { recursive: true });
  symlinkSync(join(ctx.root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** git in `dir` with a fixed identity (no global config needed). */
export const gitIn =
  (ctx, dir) =>
  (...args) =>
    ctx.exec('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });

/** `git init` + a first commit of everything; resolves with that commit's SHA (the PR base). */
export async function initialCommit(git, message = 'example service') {
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', message);
  return (await git('rev-parse', 'HEAD')).out.trim();
}
