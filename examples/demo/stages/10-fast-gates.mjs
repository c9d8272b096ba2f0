// Fast gates on a copy of the example service set up as a real project (Prettier, ESLint, tsc,
// secretlint from this repo's node_modules): the clean project passes, then a change with a format
// slip and a leaked token is rejected with the exact lines (that second run is expected to fail).
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitIn, initialCommit } from '../lib/project.mjs';

const ESLINT_CONFIG = `import js from '@eslint/js';

export default [
  js.configs.recommended,
  { languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' } } },
];
`;

export default async function fastGatesStage(ctx) {
  const dir = join(ctx.workdir, 'fast-gates-app');
  mkdirSync(dir, { recursive: true });
  cpSync(join(ctx.root, 'examples/app/src'), join(dir, 'src'), { recursive: true });
  cpSync(join(ctx.root, '.prettierrc.json'), join(dir, '.prettierrc.json'));
  const pkg = JSON.parse(readFileSync(join(ctx.root, 'examples/app/package.json'), 'utf8'));
  pkg.devDependencies = {
    prettier: '^3',
    eslint: '^10',
    '@eslint/js': '^10',
    typescript: '^6',
    '@types/node': '^24',
    secretlint: '^13',
    '@secretlint/secretlint-rule-preset-recommend': '^13',
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'eslint.config.js'), ESLINT_CONFIG);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', types: ['node'], skipLibCheck: true }, include: ['src/*.d.ts'] })}\n`,
  );
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  symlinkSync(join(ctx.root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The project's own files are formatted the way its Prettier config says, as in a real repo.
  await ctx.exec(
    join(dir, 'node_modules/.bin/prettier'),
    ['--write', '--log-level', 'warn', 'eslint.config.js', 'tsconfig.json', 'package.json'],
    { cwd: dir },
  );
  const git = gitIn(ctx, dir);
  const base = await initialCommit(git);

  const clean = await ctx.shipkit('fast-gates', { 'changed-only': 'false' }, { cwd: dir });

  // A pull request: a format slip in the service and a token pasted into a notes file.
  const token = ['ghp', 'Demo7xk2Pq9LmN4vB8sT1wY6zC3dF5gH0jK2'].join('_');
  const app = readFileSync(join(dir, 'src/app.js'), 'utf8');
  writeFileSync(join(dir, 'src/app.js'), app.replace(/^(export const MODES = )(.*)$/m, '$1  $2'));
  writeFileSync(join(dir, 'DEPLOY.txt'), `Deploy with the registry token ${token}\n`);
  await git('checkout', '-q', '-b', 'feature');
  await git('commit', '-q', '-am', 'wip');
  await git('add', 'DEPLOY.txt');
  await git('commit', '-q', '-m', 'notes');
  const bad = await ctx.shipkit('fast-gates', { 'changed-only': 'true', base, 'fail-fast': 'false' }, { cwd: dir });

  const failed = (bad.outputs['failed-gates'] ?? '').split(',').filter(Boolean).sort();
  const report = bad.report ? JSON.stringify(bad.report) : '';
  const leaked = `${bad.summary}${report}`.includes(token);
  const caught = bad.code === 1 && failed.join(',') === 'format,secrets' && !leaked;
  return {
    verdict: clean.code === 0 ? 'pass' : 'fail',
    detail: `clean project: ${clean.outputs.passed === 'true' ? 'passed' : 'FAILED'} in ${clean.outputs['duration-ms']} ms; bad change caught: ${caught ? `yes (${failed.join(', ')}) in ${bad.outputs['duration-ms']} ms, token never printed` : `NO (${failed.join(', ') || 'nothing failed'})`}`,
    expected: clean.code === 0 && caught,
  };
}
