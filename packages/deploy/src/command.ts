/**
 * The command provider: the user's own scripts deploy and destroy (Fly.io, Railway, Kubernetes
 * with Argo Rollouts, anything with a CLI). A script reports what it deployed on its last line:
 * a JSON object `{"url": …, "id": …}` or a bare URL (then the URL is the id). Each script runs in
 * `directory` in its own process group with SHIPKIT_* variables describing the deployment, never
 * with the action's inputs or tokens.
 */
import { describeExit, exec } from '@shipkit/kit/exec';
import { commandEnv } from './process';
import {
  DeployFailure,
  UnsupportedOperation,
  assertPercent,
  type DeployProvider,
  type DeployRequest,
  type DeployResult,
  type Deployment,
  type SetTrafficRequest,
  type TrafficSplit,
  type WaitOptions,
} from './provider';

export interface CommandOptions {
  /** Needed to deploy; canary-step's promote or rollback alone can do without it. */
  deployCommand?: string;
  destroyCommand?: string;
  promoteCommand?: string;
  rollbackCommand?: string;
  /** Sets the candidate's traffic weight (SHIPKIT_WEIGHT); makes the provider a `percent` one. */
  weightCommand?: string;
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** The deployment a script reported: its last JSON line `{"url","id"}`, else its last line as a URL. */
export function parseScriptResult(stdout: string): { url: string; id: string; aliasUrls: string[] } | undefined {
  const lines = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (!line.startsWith('{')) continue;
    try {
      const value = JSON.parse(line) as { url?: unknown; id?: unknown; aliasUrls?: unknown; alias?: unknown };
      if (typeof value.url === 'string' && isHttpUrl(value.url)) {
        const aliases = Array.isArray(value.aliasUrls)
          ? value.aliasUrls.filter((a): a is string => typeof a === 'string' && isHttpUrl(a))
          : [];
        if (typeof value.alias === 'string' && isHttpUrl(value.alias)) aliases.push(value.alias);
        return {
          url: value.url,
          id: typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id) : value.url,
          aliasUrls: aliases,
        };
      }
    } catch {
      // Not JSON after all: the last line may still be a URL.
    }
  }
  const last = lines.at(-1);
  return last && isHttpUrl(last) ? { url: last, id: last, aliasUrls: [] } : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

const tail = (text: string): string => text.trim().split('\n').slice(-15).join('\n');

export class CommandProvider implements DeployProvider {
  readonly name = 'command';
  readonly capabilities;
  private readonly known = new Map<string, Deployment>();

  constructor(private readonly options: CommandOptions) {
    this.capabilities = {
      traffic: options.weightCommand ? 'percent' : 'none',
      instantRollback: Boolean(options.rollbackCommand),
      contentAddressedUpload: false,
      alias: false,
      deleteDeployment: Boolean(options.destroyCommand),
    } as const;
  }

  private async run(input: string, command: string, vars: Record<string, string | undefined>) {
    const result = await exec(command, [], {
      shell: true,
      cwd: this.options.cwd,
      env: commandEnv(vars, this.options.env),
      timeoutMs: this.options.timeoutMs,
      maxOutputBytes: 1024 * 1024,
    });
    if (result.timedOut) throw new DeployFailure(`\`${input}\` did not finish within ${this.options.timeoutMs} ms`);
    if (result.code !== 0) {
      const output = result.stderr.trim() || result.stdout.trim();
      throw new DeployFailure(`\`${input}\` ${describeExit(result)}${output ? `; its output ends:\n${tail(output)}` : ''}`);
    }
    return result;
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    if (!this.options.deployCommand) throw new UnsupportedOperation('command', 'deploy', 'give `deploy-command`');
    const result = await this.run('deploy-command', this.options.deployCommand, {
      SHIPKIT_TARGET: request.target,
      SHIPKIT_NAME: request.name,
      SHIPKIT_ALIAS: request.alias,
      SHIPKIT_SHA: request.sha,
      SHIPKIT_REF: request.ref,
      SHIPKIT_DIRECTORY: request.directory,
    });
    const reported = parseScriptResult(result.stdout);
    if (!reported)
      throw new DeployFailure(
        '`deploy-command` finished without reporting a URL: print `{"url": "https://…", "id": "…"}` or the URL as its last line',
      );
    const deployment: Deployment = { ...reported, state: 'ready', target: request.target, createdAt: new Date().toISOString() };
    this.known.set(deployment.id, deployment);
    return deployment;
  }

  /** The script's exit is the deploy's end; the URL's first answer is waited for by the caller. */
  async waitReady(id: string, _options: WaitOptions): Promise<Deployment> {
    const d = this.known.get(id);
    if (!d) throw new DeployFailure(`deployment ${id} was not made by this run's deploy-command`, id);
    return d;
  }

  async get(id: string): Promise<Deployment | undefined> {
    return this.known.get(id);
  }

  async list(): Promise<Deployment[]> {
    return [...this.known.values()];
  }

  async setTraffic(request: SetTrafficRequest): Promise<TrafficSplit> {
    assertPercent(request.percent);
    if (!this.options.weightCommand) throw new UnsupportedOperation('command', 'split traffic', 'give a weight command');
    await this.run('weight-command', this.options.weightCommand, {
      SHIPKIT_DEPLOYMENT_ID: request.candidate,
      SHIPKIT_STABLE_ID: request.stable,
      SHIPKIT_WEIGHT: String(request.percent),
    });
    const weights = [{ id: request.candidate, percent: request.percent }];
    if (request.stable && request.percent < 100) weights.push({ id: request.stable, percent: 100 - request.percent });
    return { weights };
  }

  async getTraffic(): Promise<TrafficSplit> {
    throw new UnsupportedOperation(
      'command',
      'read the traffic split',
      'the scripts own the traffic; canary-step resumes from its own report',
    );
  }

  async advanceStage(): Promise<TrafficSplit> {
    throw new UnsupportedOperation('command', 'advance a provider stage', 'set the weight with a weight command');
  }

  async promote(id: string): Promise<void> {
    if (!this.options.promoteCommand) throw new UnsupportedOperation('command', 'promote', 'give a promote command');
    await this.run('promote-command', this.options.promoteCommand, { SHIPKIT_DEPLOYMENT_ID: id });
  }

  async rollback(id: string): Promise<void> {
    if (!this.options.rollbackCommand) throw new UnsupportedOperation('command', 'roll back', 'give a rollback command');
    await this.run('rollback-command', this.options.rollbackCommand, { SHIPKIT_DEPLOYMENT_ID: id });
  }

  async delete(id: string, url?: string): Promise<void> {
    if (!this.options.destroyCommand) throw new UnsupportedOperation('command', 'destroy a deployment', 'give `destroy-command`');
    await this.run('destroy-command', this.options.destroyCommand, {
      SHIPKIT_DEPLOYMENT_ID: id,
      SHIPKIT_DEPLOYMENT_URL: url ?? this.known.get(id)?.url,
    });
  }
}
