import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEventContext, runUrl } from '../src/context';

const sha = (c: string): string => c.repeat(40);

function withEvent(payload: unknown, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const file = join(mkdtempSync(join(tmpdir(), 'kit-event-')), 'event.json');
  writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return { GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: sha('f'), ...env };
}

describe('readEventContext', () => {
  it('reads a pull request: number, base and head', () => {
    const ctx = readEventContext(
      withEvent(
        { pull_request: { number: 42, base: { sha: sha('a'), ref: 'main' }, head: { sha: sha('b') } } },
        { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' },
      ),
    );
    expect(ctx).toMatchObject({
      eventName: 'pull_request',
      repository: { owner: 'acme', repo: 'shop' },
      prNumber: 42,
      baseSha: sha('a'),
      headSha: sha('b'),
      baseRef: 'main',
    });
  });

  it('uses `before` of a push as the base, but not the zero SHA of a new branch', () => {
    const push = readEventContext(withEvent({ before: sha('c'), after: sha('f') }, { GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: '' }));
    expect(push).toMatchObject({ prNumber: undefined, baseSha: sha('c'), headSha: sha('f'), baseRef: undefined });
    const created = readEventContext(withEvent({ before: sha('0'), after: sha('f'), created: true }, { GITHUB_EVENT_NAME: 'push' }));
    expect(created.baseSha).toBeUndefined();
  });

  it('finds the PR of a comment on a pull request, not of one on an issue', () => {
    expect(readEventContext(withEvent({ issue: { number: 7, pull_request: { url: 'x' } } })).prNumber).toBe(7);
    expect(readEventContext(withEvent({ issue: { number: 8 } })).prNumber).toBeUndefined();
  });

  it('reads the triggering run of a workflow_run event (GITHUB_SHA is the default branch there)', () => {
    const ctx = readEventContext(
      withEvent(
        {
          workflow_run: {
            head_sha: sha('d'),
            pull_requests: [{ number: 12, base: { sha: sha('e'), ref: 'main' }, head: { sha: sha('d') } }],
          },
        },
        { GITHUB_EVENT_NAME: 'workflow_run' },
      ),
    );
    expect(ctx).toMatchObject({ prNumber: 12, baseSha: sha('e'), headSha: sha('d'), baseRef: 'main' });
    const noPr = readEventContext(withEvent({ workflow_run: { head_sha: sha('d'), pull_requests: [] } }));
    expect(noPr).toMatchObject({ prNumber: undefined, baseSha: undefined, headSha: sha('d') });
  });

  it('reads a merge group', () => {
    const ctx = readEventContext(withEvent({ merge_group: { base_sha: sha('1'), head_sha: sha('2'), base_ref: 'refs/heads/main' } }));
    expect(ctx).toMatchObject({ baseSha: sha('1'), headSha: sha('2') });
  });

  it('survives a missing or broken event file and a bare environment', () => {
    const missing = readEventContext({ GITHUB_EVENT_PATH: join(tmpdir(), 'does-not-exist.json'), GITHUB_SHA: sha('f') });
    expect(missing).toMatchObject({ payload: {}, headSha: sha('f'), prNumber: undefined, repository: undefined });
    expect(readEventContext(withEvent('{not json')).payload).toEqual({});
    const bare = readEventContext({});
    expect(bare).toMatchObject({ eventName: '', serverUrl: 'https://github.com', apiUrl: 'https://api.github.com', payload: {} });
  });

  it('builds the run URL when the repository and run id are known', () => {
    const env = withEvent({}, { GITHUB_RUN_ID: '99', GITHUB_SERVER_URL: 'https://ghe.example.com', GITHUB_API_URL: 'http://127.0.0.1:1' });
    const ctx = readEventContext(env);
    expect(ctx.apiUrl).toBe('http://127.0.0.1:1');
    expect(runUrl(ctx)).toBe('https://ghe.example.com/acme/shop/actions/runs/99');
    expect(runUrl(readEventContext({}))).toBeUndefined();
  });
});
