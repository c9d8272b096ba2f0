/**
 * The repository stands alone: no document points outside it (to a shared folder beside the
 * checkout or to a machine's paths), every relative link in a document resolves to a file or
 * folder that is committed, and the licence file is the one package.json declares.
 */
import { expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { repoRoot } from '@shipkit/testkit';

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
const documents = tracked.filter((f) => f.endsWith('.md') && !f.includes('/fixtures/'));

it('finds the documents', () => {
  expect(documents).toEqual(
    expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/DEVELOPING.md', 'SECURITY.md', 'CHANGELOG.md']),
  );
});

it('no committed text points outside the repository', () => {
  const outside = /(?:^|[^\w.-])(?:\.\.\/shared\b|\/work\/(?:shared|main|wt|coord)\b)/;
  const hits = tracked
    .filter((f) => !f.startsWith('dist/') && !f.includes('/fixtures/') && f !== 'package-lock.json')
    .flatMap((f) =>
      readFileSync(join(repoRoot, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (outside.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
  expect(hits).toEqual([]);
});

it('every relative link in a document resolves inside the repository', () => {
  const broken: string[] = [];
  for (const doc of documents) {
    const text = readFileSync(join(repoRoot, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split('#')[0]!;
      if (target === '' || /^[a-z]+:/i.test(target)) continue;
      const path = normalize(join(dirname(doc), decodeURIComponent(target)));
      if (relative('.', path).startsWith('..') || !existsSync(join(repoRoot, path))) broken.push(`${doc}: ${m[1]}`);
    }
  }
  expect(broken).toEqual([]);
});

it('LICENSE is the licence package.json declares', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { license: string };
  expect(pkg.license).toBe('MIT');
  const licence = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
  expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} shipkit contributors\n/);
  expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
});
