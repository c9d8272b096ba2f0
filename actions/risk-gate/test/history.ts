// A seeded record in the GitHub emulator: merged pull requests whose commits carry an agent's
// trailers, and deployments of their merge commits in the ledger (packages/deploy's shape: our
// payload, created by the token's account), some of them replaced by a rollback.
import { createHash } from 'node:crypto';
import type { Account, GitHubApi } from '@shipkit/testkit';

const sha = (text: string): string => createHash('sha1').update(text).digest('hex');
const DAY = 24 * 60 * 60 * 1000;

export interface AgentHistory {
  agent: string;
  merged: number;
  rolledBack: number;
  /** Days ago of the oldest merged PR. */
  sinceDays: number;
}

let seq = 0;

/** Seeds merged PRs for each agent (and `humans` merged PRs by people), newest last; returns how many deployments were written. */
export function seedHistory(
  api: GitHubApi,
  agents: readonly AgentHistory[],
  { humans = 0, strangerRollbacks = 0, strangerTarget = '' }: { humans?: number; strangerRollbacks?: number; strangerTarget?: string } = {},
): number {
  const now = Date.now();
  const bot: Account = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
  const stranger: Account = { login: 'mallory', id: 666, type: 'User' };
  let deployments = 0;
  const deploy = (commit: string, at: number, rolledBack: boolean, creator: Account): void => {
    const id = 900_000 + seq++;
    const created = new Date(at).toISOString();
    api.state.deployments.push({
      id,
      sha: commit,
      ref: commit,
      task: 'deploy',
      environment: 'production',
      description: null,
      payload: { shipkit: 1, provider: 'local', name: 'shop' },
      transient_environment: false,
      production_environment: true,
      creator,
      created_at: created,
      updated_at: created,
    });
    deployments++;
    api.state.deploymentStatuses.push({
      id: 800_000 + seq++,
      deployment_id: id,
      state: 'success',
      created_at: created,
      environment: 'production',
    });
    if (rolledBack)
      api.state.deploymentStatuses.push({
        id: 800_000 + seq++,
        deployment_id: id,
        state: 'failure',
        description: `rolled back to #${id - 1}: smoke failed on /healthz`,
        created_at: new Date(at + 60_000).toISOString(),
        environment: 'production',
      });
  };
  const all: { agent?: string; at: number; rolledBack: boolean; n: number }[] = [];
  for (const a of agents)
    for (let k = 0; k < a.merged; k++) {
      const at = now - a.sinceDays * DAY + Math.floor(((a.sinceDays * DAY - DAY) * k) / Math.max(1, a.merged - 1));
      all.push({ agent: a.agent, at, rolledBack: isRolledBack(a, k), n: k });
    }
  for (let k = 0; k < humans; k++) all.push({ at: now - ((k * 7) % 90) * DAY - k * 1000, rolledBack: false, n: k });
  all.sort((x, y) => x.at - y.at);
  for (const pr of all) {
    const merge = sha(`merge-${seq++}`);
    const commits = pr.agent
      ? [
          { sha: sha(`c1-${seq}`), message: `feat: step ${pr.n}\n\nAgent-By: ${pr.agent}\nTask-ID: T-${pr.n}\nModel: model-x\n` },
          {
            sha: sha(`c2-${seq}`),
            message: `test: step ${pr.n}\n\nMore detail.\n\nAgent-By: ${pr.agent}\nPrompt-Hash: ${sha(String(pr.n)).slice(0, 12)}\n`,
          },
        ]
      : [{ sha: sha(`h-${seq}`), message: `fix: typo ${pr.n}\n\nSigned-off-by: Dev <dev@example.com>\n` }];
    api.addPullRequest({
      createdAt: new Date(pr.at - 3_600_000).toISOString(),
      mergedAt: new Date(pr.at).toISOString(),
      mergeCommitSha: merge,
      commits,
    });
    deploy(merge, pr.at + 600_000, pr.rolledBack, bot);
  }
  // A stranger's "rollback" records must not count against anyone.
  const victims = api.state.pulls.filter((p) => p.merged_at && p.commits[0]?.message.includes(`Agent-By: ${strangerTarget}\n`));
  for (const victim of victims.slice(0, strangerRollbacks))
    if (victim.merge_commit_sha) deploy(victim.merge_commit_sha, Date.now(), true, stranger);
  return deployments;
}

/** Exactly `rolledBack` of the agent's PRs, spread evenly: the last of each group of `merged / rolledBack`. */
function isRolledBack(a: AgentHistory, k: number): boolean {
  if (a.rolledBack === 0) return false;
  const step = Math.max(1, Math.floor(a.merged / a.rolledBack));
  return k % step === step - 1 && Math.floor(k / step) < a.rolledBack;
}
