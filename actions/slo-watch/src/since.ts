import { join } from 'node:path';
import { ConfigurationError, errorMessage, info, parseDuration } from '@shipkit/kit';
import type { LedgerRecord } from '@shipkit/deploy';

const MAX_AGO_MS = 7 * 24 * 3_600_000;

function inBounds(at: number, now: Date, what: string): Date {
  if (at > now.getTime() + 60_000) throw new ConfigurationError(`\`since\` is in the future (${what})`, 'since');
  if (at < now.getTime() - MAX_AGO_MS) throw new ConfigurationError(`\`since\` is more than 7 days ago (${what})`, 'since');
  return new Date(at);
}

/** A ledger deployment id: what preview-deploy's `github-deployment-id` output gives (digits). */
export const isDeploymentId = (text: string | undefined): boolean => /^\d+$/.test((text ?? '').trim());

/**
 * The `since` input: an ISO 8601 time (`2026-01-31T12:00:00Z`) or how long ago (`10m`: the watch
 * also counts the ten minutes before it started); empty: the start of the step. (A deployment id
 * is looked up by `sinceDeployment`.)
 */
export function parseSince(text: string | undefined, now: Date): Date {
  const t = (text ?? '').trim();
  if (t === '') return now;
  const ago = /[a-z]$/i.test(t) ? parseDuration(t) : undefined;
  if (ago !== undefined) return new Date(now.getTime() - ago);
  const at = /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
  if (!Number.isFinite(at))
    throw new ConfigurationError(
      `\`since\` must be an ISO 8601 time such as \`2026-01-31T12:00:00Z\`, a duration ago such as \`10m\`, or a deployment id of the ledger (preview-deploy's \`github-deployment-id\`), got \`${t}\``,
      'since',
    );
  return inBounds(at, now, t);
}

export interface LedgerAccess {
  /** On a runner with a token: GitHub Deployments of this repository. */
  github?: { token: string; owner: string; repo: string };
  /** Otherwise: the local ledger file (`<workspace>/.shipkit/deployments.json`, where preview-deploy writes it). */
  file: string;
}

/**
 * `since` as a deployment of the ledger: the time its record was created (before the deploy
 * itself, so the watched window holds the deployment's whole life, and a `before` window ends
 * before it existed). One read of the ledger: the local file, or on a runner GitHub Deployments
 * (the token's identity, the deployment and its statuses: three requests).
 */
export async function sinceDeployment(
  id: string,
  now: Date,
  access: LedgerAccess,
): Promise<{ at: Date; record: LedgerRecord; ledger: string }> {
  let record: LedgerRecord | undefined;
  let ledger: string;
  if (access.github) {
    const { owner, repo, token } = access.github;
    ledger = `GitHub Deployments of ${owner}/${repo}`;
    const { githubClient, tokenIdentity } = await import('@shipkit/kit/github');
    const { GitHubLedger } = await import('@shipkit/deploy/github-ledger');
    const client = githubClient({ token });
    try {
      const identity = await tokenIdentity(client);
      ledger += ` written by ${identity}`;
      record = await new GitHubLedger({ client, owner, repo, identity }).get(id);
    } catch (e) {
      const status = (e as { status?: number }).status;
      throw new ConfigurationError(
        `\`since\`: could not read deployment ${id} from ${ledger} (${status ? `HTTP ${status}: ` : ''}${errorMessage(e)}); the token (\`github-token\`) needs \`deployments: read\``,
        'since',
      );
    }
  } else {
    ledger = `the local ledger ${access.file}`;
    const { FileLedger } = await import('@shipkit/deploy/file-ledger');
    try {
      record = await new FileLedger(access.file).get(id);
    } catch (e) {
      throw new ConfigurationError(`\`since\`: could not read ${ledger}: ${errorMessage(e)}`, 'since');
    }
  }
  if (!record)
    throw new ConfigurationError(
      `\`since\`: deployment ${id} is not in ${ledger}; give the id preview-deploy recorded (its \`github-deployment-id\` output), or a time`,
      'since',
    );
  const at = Date.parse(record.createdAt);
  if (!Number.isFinite(at)) throw new ConfigurationError(`\`since\`: deployment ${id} in ${ledger} has no creation time`, 'since');
  return { at: inBounds(at, now, `deployment ${id}, created ${record.createdAt}`), record, ledger };
}

/** What the report says of a `since` deployment. */
export interface SinceDeployment {
  id: string;
  ledger: string;
  environment: string;
  sha: string;
  createdAt: string;
}

/**
 * The `since` input as a time: empty, a time or a duration ago, or a deployment id looked up in the
 * ledger (GitHub Deployments on a runner with a token, else the workspace's `.shipkit/deployments.json`).
 */
export async function resolveSince(
  text: string | undefined,
  now: Date,
  o: { token?: string; workspace: string; env?: NodeJS.ProcessEnv },
): Promise<{ since: Date; deployment?: SinceDeployment }> {
  if (!isDeploymentId(text)) return { since: parseSince(text, now) };
  const id = (text as string).trim();
  const env = o.env ?? process.env;
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const onGitHub = Boolean(o.token && owner && repo && rest.length === 0 && env.GITHUB_ACTIONS === 'true');
  const found = await sinceDeployment(id, now, {
    ...(onGitHub ? { github: { token: o.token as string, owner: owner as string, repo: repo as string } } : {}),
    file: join(o.workspace, '.shipkit', 'deployments.json'),
  });
  const { record } = found;
  info(`slo-watch: since deployment ${id} (${record.environment}, ${record.sha.slice(0, 7)}), created ${record.createdAt}`);
  return {
    since: found.at,
    deployment: { id, ledger: found.ledger, environment: record.environment, sha: record.sha, createdAt: record.createdAt },
  };
}
