#!/usr/bin/env node
// `shipkit <action> --<input> value …`: runs an action's committed bundle outside GitHub. In a clone
// this imports the TypeScript source, which Node runs by stripping its types (Node 22.18+, 24);
// the installable package (scripts/pack-cli.mjs) has its own bin that imports the bundled JavaScript.
if (!process.features.typescript) {
  process.stderr.write(
    `✖ shipkit from a clone needs a Node that runs TypeScript (22.18 or newer; this is ${process.version}); ` +
      'or install the packed CLI (`npm run pack:cli`), which runs on any Node 22\n',
  );
  process.exit(1);
}
const { run } = await import('../src/bin.ts');
await run();
