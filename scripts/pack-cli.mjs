#!/usr/bin/env node
// `npm run pack:cli [-- --out <dir>]`: the shipkit CLI as an npm tarball that installs into any
// project (`npm install --save-dev ./shipkit-cli-<version>.tgz`) with nothing fetched from a
// registry: the CLI is bundled with its one dependency (yaml) into lib/shipkit.js, and every action
// comes with it as the runner would run it, actions/<name>/action.yml beside the committed bundle
// dist/<name>/. The package stays `private`, so it can never be published by accident under a name
// someone else could own; it is installed from the tarball. Prints the tarball's path.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { actionNames, loadAction } from '@shipkit/cli/runner';
import { bundle } from './ncc.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: root } } });
const out = resolve(values.out);
const cli = JSON.parse(readFileSync(join(root, 'packages', 'cli', 'package.json'), 'utf8'));

const stage = mkdtempSync(join(tmpdir(), 'shipkit-pack-'));
try {
  const pkg = join(stage, 'package');
  mkdirSync(join(pkg, 'bin'), { recursive: true });

  // The CLI and its dependencies, one ES module (bundled as the actions are).
  await bundle(join(root, 'packages', 'cli', 'src', 'bin.ts'), join(pkg, 'lib'), 'shipkit.js');
  writeFileSync(
    join(pkg, 'bin', 'shipkit.js'),
    "#!/usr/bin/env node\n// `shipkit <action> --<input> value …`: runs a shipkit action's bundle outside GitHub.\nimport { run } from '../lib/shipkit.js';\n\nawait run();\n",
    { mode: 0o755 },
  );

  // Every action: its action.yml and README beside the bundle its `runs.main` names.
  const names = actionNames(root);
  for (const name of names) {
    const action = loadAction(root, name);
    if (!action || !existsSync(action.main)) throw new Error(`dist/${name} is missing; run \`npm run build\` first`);
    for (const file of ['action.yml', 'README.md'])
      if (existsSync(join(action.dir, file))) cpSync(join(action.dir, file), join(pkg, 'actions', name, file), { recursive: true });
    cpSync(dirname(action.main), join(pkg, dirname(join('actions', name, action.metadata.runs.main))), { recursive: true });
  }
  // The local provider's traffic proxy: canary-step and rollback (and so `shipkit pipeline`) start
  // it as a process of its own, from the bundle beside theirs.
  const helpers = ['proxy'];
  for (const name of helpers) {
    if (!existsSync(join(root, 'dist', name, 'index.js'))) throw new Error(`dist/${name} is missing; run \`npm run build\` first`);
    cpSync(join(root, 'dist', name), join(pkg, 'dist', name), { recursive: true });
  }
  for (const name of readdirSync(join(pkg, 'dist')))
    if (!names.includes(name) && !helpers.includes(name)) throw new Error(`dist/${name} in the package belongs to no action`);

  cpSync(join(root, 'packages', 'cli', 'README.md'), join(pkg, 'README.md'));
  if (existsSync(join(root, 'LICENSE'))) cpSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify(
      {
        name: cli.name,
        version: cli.version,
        private: true,
        description: cli.description,
        license: cli.license,
        type: 'module',
        engines: { node: '>=22' },
        bin: { shipkit: 'bin/shipkit.js' },
      },
      null,
      2,
    ) + '\n',
  );

  mkdirSync(out, { recursive: true });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: pkg,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = join(out, packed.filename);
  console.log(`${tarball} (${(packed.size / 1024 / 1024).toFixed(1)} MB, ${packed.entryCount} files: the CLI and ${names.join(', ')})`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
