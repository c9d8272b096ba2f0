#!/usr/bin/env node
// Before a release is tagged: the version in package.json is X.Y.Z, the actions report the same
// version (packages/kit/src/version.ts), CHANGELOG.md has a `## [X.Y.Z]` section, and the tag
// vX.Y.Z does not exist yet. Prints what the release workflow needs (version, major tag, whether
// the major tag moves: only when X.Y.Z is the newest release of its major, so a backport to an
// older minor never moves users back) to $GITHUB_OUTPUT, and the changelog section to --notes.
//
//   node scripts/release-check.mjs [--notes <file>]     (in the repository's root)
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const fail = (message) => {
  console.log(`::error title=release::${message}`);
  process.exit(1);
};

const args = process.argv.slice(2);
const notesAt = args.indexOf('--notes');
const notesFile = notesAt >= 0 ? args[notesAt + 1] : undefined;
if (notesAt >= 0 && !notesFile) fail('--notes needs a file name');

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(String(version));
if (!semver) fail(`package.json has version "${version}"; a release needs X.Y.Z`);
const parts = semver.slice(1).map(Number);

const kitVersion = /SHIPKIT_VERSION\s*=\s*'([^']*)'/.exec(readFileSync('packages/kit/src/version.ts', 'utf8'))?.[1];
if (kitVersion !== version)
  fail(
    `packages/kit/src/version.ts says ${kitVersion ?? '(no SHIPKIT_VERSION)'} but package.json says ${version}; the actions report the kit's version, so bump both`,
  );

const changelog = readFileSync('CHANGELOG.md', 'utf8').split('\n');
const escaped = version.replaceAll('.', '\\.');
const start = changelog.findIndex((line) => new RegExp(`^## \\[${escaped}\\](\\s|$)`).test(line));
if (start < 0) fail(`CHANGELOG.md has no "## [${version}]" section; move what "## [Unreleased]" lists under it, with the date`);
let end = changelog.findIndex((line, i) => i > start && /^## /.test(line));
if (end < 0) end = changelog.length;
const notes = changelog
  .slice(start + 1, end)
  .filter((line) => !/^\[[^\]]+\]:\s/.test(line))
  .join('\n')
  .trim();
if (notes === '') fail(`the "## [${version}]" section of CHANGELOG.md is empty; say what changed`);

const tags = execFileSync('git', ['tag', '--list', 'v*'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const tag = `v${version}`;
if (tags.includes(tag)) fail(`the tag ${tag} exists already; bump the version in package.json and packages/kit/src/version.ts`);

const newer = tags
  .map((t) => /^v(\d+)\.(\d+)\.(\d+)$/.exec(t))
  .filter((m) => m !== null && Number(m[1]) === parts[0])
  .map((m) => m.slice(1).map(Number))
  .filter((other) => other[1] > parts[1] || (other[1] === parts[1] && other[2] > parts[2]))
  .sort((a, b) => b[1] - a[1] || b[2] - a[2]);
const major = `v${parts[0]}`;
const moveMajor = newer.length === 0;

if (notesFile) writeFileSync(notesFile, `${notes}\n`);
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `version=${version}\nmajor=${major}\nmove-major=${moveMajor}\n`);
console.log(
  moveMajor
    ? `release ${tag}: tag ${tag} and move ${major} to it`
    : `release ${tag}: tag ${tag}; ${major} stays (v${newer[0].join('.')} is newer)`,
);
