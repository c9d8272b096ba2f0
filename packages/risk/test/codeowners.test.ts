// CODEOWNERS semantics, on the examples of GitHub's documentation ("About code owners").
import { describe, expect, it } from 'vitest';
import { ownersOf, parseCodeowners, reviewRequest } from '../src/codeowners';

const FILE = `# Default owners
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
`;

describe('CODEOWNERS: the last matching pattern wins', () => {
  const rules = parseCodeowners(FILE);
  const owners = (path: string) => ownersOf(rules, path).owners;
  it.each([
    ['README.md', ['@global-owner1', '@global-owner2']],
    ['src/app.js', ['@js-owner']],
    ['main.go', ['docs@example.com']],
    ['notes/a.txt', ['@octo-org/octocats']],
    ['build/logs/today.log', ['@octocat']], // **/logs comes later than /build/logs/
    ['docs/getting-started.md', ['@doctocat']], // /docs/ comes after docs/*
    ['apps/web/index.html', ['@octocat']],
    ['deeply/nested/logs/x.log', ['@octocat']],
    ['scripts/deploy.sh', ['@doctocat', '@octocat']],
    ['apps/github/readme.md', []], // a pattern with no owners: nobody owns it
  ])('%s', (path, expected) => expect(owners(path)).toEqual(expected));

  it('docs/* owns only the files directly in docs, apps/ any apps directory', () => {
    const r = parseCodeowners('docs/* @a\napps/ @b\n');
    expect(ownersOf(r, 'docs/x.md').owners).toEqual(['@a']);
    expect(ownersOf(r, 'docs/build-app/troubleshooting.md').owners).toEqual([]);
    expect(ownersOf(r, 'src/apps/x.ts').owners).toEqual(['@b']);
  });

  it('review requests: users and team slugs; the author and e-mail owners are left out', () => {
    expect(reviewRequest(['@alice', '@acme/security', 'sec@example.com', '@bob'], ['Alice'])).toEqual({
      reviewers: ['bob'],
      teams: ['security'],
      skipped: ['sec@example.com'],
    });
  });
});
