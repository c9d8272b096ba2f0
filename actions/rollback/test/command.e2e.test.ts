import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundle, type TestServer } from '@shipkit/testkit';
import { fileLedger, seed, sha, startEdge } from './helpers';

let workspace: string;
let edge: TestServer;
/** What the "platform" serves: the id the scripts last pointed traffic at. */
const liveFile = () => join(workspace, 'live.txt');
const live = (): string | undefined => (existsSync(liveFile()) ? readFileSync(liveFile(), 'utf8').trim() : undefined);

beforeEach(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'shipkit-rollback-cmd-'));
  edge = await startEdge(live, (id) => !id.startsWith('bad'));
});
afterEach(async () => {
  await edge.close();
  rmSync(workspace, { recursive: true, force: true });
});

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runBundle('rollback', { inputs: { provider: 'command', ...inputs }, cwd: workspace, env });

describe('rollback with the command provider (file ledger)', () => {
  it('rollback-command puts the good deployment back; the bad one is marked; a second run changes nothing', async () => {
    const ledger = fileLedger(workspace);
    const good = await seed(ledger, { sha: sha('a'), providerId: 'rel-1', url: edge.url });
    const bad = await seed(ledger, { sha: sha('b'), providerId: 'bad-2', url: edge.url });
    writeFileSync(liveFile(), 'bad-2');
    // The script sees the deployment to restore, and never the action's inputs or tokens.
    writeFileSync(join(workspace, 'rollback.sh'), 'echo "$SHIPKIT_DEPLOYMENT_ID" > live.txt; env > script-env.txt\n');
    const inputs = { 'rollback-command': 'sh rollback.sh', reason: 'error rate 4.1 % vs 1.0 %', token: 'cmd_secret_token_9' };
    const first = await run(inputs, { GITHUB_SHA: sha('b') });
    expect(first.code, first.stdout).toBe(0);
    expect(live()).toBe('rel-1');
    expect(first.outputs.verified).toBe('true');
    expect(JSON.parse(first.outputs['rolled-back-to'] as string)).toMatchObject({
      ledgerId: good.id,
      deploymentId: 'rel-1',
      sha: sha('a'),
    });
    expect(JSON.parse(first.outputs['rolled-back-from'] as string)).toMatchObject({ ledgerId: bad.id, sha: sha('b') });
    expect(first.outputs.url).toBe(edge.url);
    expect(Number(first.outputs['duration-ms'])).toBeGreaterThan(0);
    expect(first.summary).toMatch(
      /native instant rollback: the command provider points traffic back at #1 \(rel-1\) at aaaaaaa, which is still deployed/,
    );
    expect(readFileSync(join(workspace, 'script-env.txt'), 'utf8')).not.toMatch(/INPUT_|cmd_secret_token_9/);

    const [goodRecord, badRecord] = await Promise.all([ledger.get(good.id), ledger.get(bad.id)]);
    expect(badRecord?.statuses.map((s) => s.state).slice(0, 2)).toEqual(['failure', 'in_progress']);
    expect(badRecord?.statuses[0]?.description).toMatch(/^rolled back to #1: error rate 4.1 % vs 1.0 %/);
    expect(goodRecord?.statuses[0]).toMatchObject({ state: 'success', logUrl: 'https://github.com/acme/shop/actions/runs/1001' });
    expect(JSON.parse(goodRecord?.statuses[0]?.description ?? '{}')).toEqual({ id: 'rel-1', restoredFrom: bad.id });

    const before = readFileSync(join(workspace, '.shipkit', 'deployments.json'), 'utf8');
    writeFileSync(liveFile(), 'rel-1');
    rmSync(join(workspace, 'script-env.txt'));
    for (const env of [{ GITHUB_SHA: sha('b') }, { GITHUB_SHA: sha('f') }]) {
      const again = await run(inputs, env);
      expect(again.code, again.stdout).toBe(0);
      expect(again.summary).toMatch(/Nothing to do: #1 \(rel-1\) at aaaaaaa is/);
      expect(again.outputs.verified).toBe('true');
      // The ledger file was not rewritten, the script not run.
      expect(readFileSync(join(workspace, '.shipkit', 'deployments.json'), 'utf8')).toBe(before);
      expect(existsSync(join(workspace, 'script-env.txt'))).toBe(false);
    }
  });

  it('`to` by the provider’s id restores an older deployment than the last good one', async () => {
    const ledger = fileLedger(workspace);
    const oldest = await seed(ledger, { sha: sha('0'), providerId: 'rel-0', url: edge.url });
    const skipped = await seed(ledger, { sha: sha('1'), providerId: 'rel-1', url: edge.url });
    const bad = await seed(ledger, { sha: sha('2'), providerId: 'bad-2', url: edge.url });
    writeFileSync(liveFile(), 'bad-2');
    writeFileSync(join(workspace, 'rollback.sh'), 'echo "$SHIPKIT_DEPLOYMENT_ID" > live.txt\n');
    const r = await run({ 'rollback-command': 'sh rollback.sh', to: 'rel-0' });
    expect(r.code, r.stdout).toBe(0);
    expect(live()).toBe('rel-0');
    expect(JSON.parse(r.outputs['rolled-back-to'] as string)).toMatchObject({ ledgerId: oldest.id, sha: sha('0') });
    expect((await ledger.get(bad.id))?.statuses[0]?.description).toMatch(new RegExp(`^rolled back to #${oldest.id}: no reason given`));
    // The good deployment skipped over stops being live with the bad one (inactive, not marked bad).
    expect((await ledger.get(skipped.id))?.statuses[0]).toMatchObject({
      state: 'inactive',
      description: expect.stringMatching(/superseded, not marked bad/),
    });
    // `to` the live one now: nothing to do.
    const again = await run({ 'rollback-command': 'sh rollback.sh', to: oldest.id });
    expect(again.code).toBe(0);
    expect(again.summary).toMatch(/Nothing to do: #1 \(rel-0\) at 0000000 is already the live deployment/);
  });

  it('without rollback-command: redeploys the good artifact with deploy-command, and says so', async () => {
    const ledger = fileLedger(workspace);
    const good = await seed(ledger, { sha: sha('c'), providerId: 'rel-3', url: edge.url });
    await seed(ledger, { sha: sha('d'), providerId: 'bad-4', url: edge.url });
    writeFileSync(liveFile(), 'bad-4');
    writeFileSync(
      join(workspace, 'deploy.sh'),
      `echo "redeploy-$SHIPKIT_SHA" > live.txt\necho '{"url": "${edge.url}", "id": "redeploy-'$SHIPKIT_SHA'"}'\n`,
    );
    const r = await run({ 'deploy-command': 'sh deploy.sh' });
    expect(r.code, r.stdout).toBe(0);
    expect(live()).toBe(`redeploy-${sha('c')}`);
    expect(r.summary).toMatch(
      /redeploy: the command provider cannot point traffic back at #1 \(rel-3\) at ccccccc .* so the good deployment's artifact in `.*` is deployed again for ccccccc/,
    );
    const restored = await ledger.get(good.id);
    expect(JSON.parse(restored?.statuses[0]?.description ?? '{}')).toMatchObject({ id: `redeploy-${sha('c')}` });
  });

  it('a rollback-command that fails: one error, the environment left as it was', async () => {
    const ledger = fileLedger(workspace);
    await seed(ledger, { sha: sha('e'), providerId: 'rel-5', url: edge.url });
    const bad = await seed(ledger, { sha: sha('f'), providerId: 'bad-6', url: edge.url });
    writeFileSync(liveFile(), 'bad-6');
    const r = await run({ 'rollback-command': 'echo "platform says no" >&2; exit 3' });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/did not restore service.*`rollback-command` exited with code 3.*platform says no.*still on #2/s);
    expect(r.outputs.verified).toBe('false');
    const record = await ledger.get(bad.id);
    // The lock was taken and given back: the bad deployment's status is what it was.
    expect(record?.statuses.map((s) => s.state).slice(0, 3)).toEqual(['success', 'in_progress', 'success']);
    expect(record?.statuses[0]?.description).toBe(JSON.stringify({ id: 'bad-6' }));
  });
});
