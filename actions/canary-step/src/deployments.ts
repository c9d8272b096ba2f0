/**
 * The two deployments of a rollout. The candidate: a deployment the provider knows (preview-deploy's
 * or a deploy step's `deployment-id`), or with the local provider a folder of the workspace that
 * `start-command` starts now. The stable one: the input, else the one the provider reports serving
 * beside the candidate, else the last good deployment of the environment in the ledger.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError, errorMessage } from '@shipkit/kit';
import { readableRoots, resolveInside } from '@shipkit/kit/paths';
import { lastGood, DeployFailure, type DeployProvider, type Ledger, type TrafficCapability } from '@shipkit/deploy';
import type { CanaryState } from './state';

export interface Candidate {
  id: string;
  url: string;
  /** The provider reports on it (its state is the rollout's health check); the command provider's scripts do not. */
  checkable: boolean;
  /** canary-step started it (local, from a folder): an aborted one is stopped again. */
  startedHere: boolean;
}

/** Whether `input` names a folder of the workspace (a local candidate to start). */
export function isFolder(workspace: string, input: string): boolean {
  const path = isAbsolute(input) ? input : join(workspace, input);
  return existsSync(path) && statSync(path).isDirectory();
}

const SERVING = new Set(['ready']);

/** The command provider's deployments are its scripts' own: their ids are taken as given, and nothing reports their state. */
const opaque = (provider: DeployProvider): boolean => provider.name === 'command';

export async function resolveCandidate(o: {
  provider: DeployProvider;
  input: string;
  earlier?: CanaryState;
  name: string;
  waitTimeoutMs: number;
  workspace: string;
}): Promise<Candidate> {
  const id = o.earlier?.candidate ?? o.input;
  const known = await o.provider.get(id).catch((e: unknown) => {
    if (e instanceof DeployFailure) return undefined;
    throw e;
  });
  if (known && SERVING.has(known.state))
    return { id: known.id, url: known.url, checkable: true, startedHere: o.earlier?.candidateStartedHere ?? false };
  if (!known && opaque(o.provider)) return { id, url: '', checkable: false, startedHere: false };
  if (known) throw new ConfigurationError(`\`candidate\` ${id} is ${known.state}, not serving; deploy it again`, 'candidate');
  if (o.provider.name === 'local' && !o.earlier && isFolder(o.workspace, o.input)) {
    const directory = resolveInside(o.input, { roots: readableRoots(process.env, o.workspace), input: 'candidate', cwd: o.workspace });
    const deployed = await o.provider.deploy({ target: 'production', directory, name: o.name });
    try {
      const ready = await o.provider.waitReady(deployed.id, { timeoutMs: o.waitTimeoutMs });
      return { id: ready.id, url: ready.url, checkable: true, startedHere: true };
    } catch (e) {
      throw new DeployFailure(`the candidate from \`${o.input}\` did not start: ${errorMessage(e)}`, deployed.id);
    }
  }
  throw new ConfigurationError(
    `\`candidate\` \`${o.input}\` is no deployment the ${o.provider.name} provider knows${o.provider.name === 'local' ? ' and no folder of the workspace to start' : ''}; pass the \`deployment-id\` of the step that deployed it`,
    'candidate',
  );
}

export async function resolveStable(o: {
  provider: DeployProvider;
  capability: TrafficCapability;
  input?: string;
  candidate: string;
  ledger: Ledger;
  environment: string;
  earlier?: CanaryState;
}): Promise<string | undefined> {
  if (o.input !== undefined) {
    if (o.input === o.candidate)
      throw new ConfigurationError('`stable` is the candidate itself; name the deployment serving now', 'stable');
    if (opaque(o.provider)) return o.input;
    const d = await o.provider.get(o.input).catch(() => undefined);
    if (!d || !SERVING.has(d.state))
      throw new ConfigurationError(
        `\`stable\` ${o.input} is ${d ? d.state : 'no deployment the provider knows'}; name the deployment serving now`,
        'stable',
      );
    return d.id;
  }
  if (o.earlier?.stable) return o.earlier.stable;
  if (o.capability !== 'none') {
    const split = await o.provider.getTraffic(o.candidate).catch(() => undefined);
    const serving = split?.weights.filter((w) => w.id !== o.candidate).sort((a, b) => b.percent - a.percent)[0];
    if (serving) return serving.id;
  }
  const good = await lastGood(o.ledger, o.environment, { id: undefined });
  const id = good?.payload.providerId;
  return typeof id === 'string' && id !== o.candidate ? id : undefined;
}
