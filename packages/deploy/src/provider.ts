/**
 * The provider interface, declared once. preview-deploy, canary-step and rollback call only this;
 * they branch on `capabilities`, never on a provider's name.
 */

/** How a provider moves traffic to a candidate: any percentage, its own configured stages, or not at all. */
export type TrafficCapability = 'percent' | 'stages' | 'none';

export interface ProviderCapabilities {
  traffic: TrafficCapability;
  /** Rollback re-points traffic at a deployment that still exists (no rebuild). */
  instantRollback: boolean;
  /** Uploads are keyed by content digest: files the provider already has are not sent again. */
  contentAddressedUpload: boolean;
  /** A stable alias (e.g. `pr-12`) can point at a deployment. */
  alias: boolean;
  /** A single deployment can be deleted (a preview removed). */
  deleteDeployment: boolean;
}

export type DeployTarget = 'preview' | 'staging' | 'production';

export type DeploymentState = 'queued' | 'building' | 'ready' | 'error' | 'canceled' | 'deleted';

export interface Deployment {
  /** The provider's id of the deployment. */
  id: string;
  /** The deployment's own URL (never replaced by an alias). */
  url: string;
  /** Aliases that point at it (stable names such as `pr-12`). */
  aliasUrls: string[];
  state: DeploymentState;
  target?: DeployTarget;
  createdAt?: string;
  /** Why it failed, when the provider says. */
  errorMessage?: string;
  /** Provider-specific facts worth keeping in the ledger (local: pid, log file). */
  details?: Record<string, string | number>;
}

export interface DeployRequest {
  target: DeployTarget;
  /** What to deploy: built output (cloud providers) or the app (local, command). */
  directory: string;
  /** The app's name (one environment per name). */
  name: string;
  /** A stable alias where the provider supports one (`pr-12`). */
  alias?: string;
  ref?: string;
  sha?: string;
  /** Free-form metadata the provider records with the deployment (branch, PR, run). */
  meta?: Record<string, string>;
  signal?: AbortSignal;
}

/** What an upload sent, so a benchmark and the report can show what content addressing saved. */
export interface UploadStats {
  files: number;
  filesSent: number;
  bytesSent: number;
  requests: number;
}

export interface DeployResult extends Deployment {
  upload?: UploadStats;
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Poll interval (cloud providers); the default suits the providers' rate limits. */
  intervalMs?: number;
}

/** The traffic the provider reports now: canary-step's `resume` starts from this. */
export interface TrafficSplit {
  /** Deployment (Workers: version) ids and the percentage each serves; they add up to 100. */
  weights: { id: string; percent: number }[];
  /** Stage-based providers: where the rolling release is. */
  stage?: { index: number; percents: number[]; state: string };
}

export interface SetTrafficRequest {
  candidate: string;
  /** The deployment that keeps the rest; the provider's current one when omitted. */
  stable?: string;
  percent: number;
}

export interface DeployProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  deploy(request: DeployRequest): Promise<DeployResult>;
  /** Resolves when the deployment is ready; throws DeployFailure when it failed or the time ran out. */
  waitReady(id: string, options: WaitOptions): Promise<Deployment>;
  get(id: string): Promise<Deployment | undefined>;
  list(options?: { target?: DeployTarget; limit?: number }): Promise<Deployment[]>;
  /** `percent` providers. */
  setTraffic(request: SetTrafficRequest): Promise<TrafficSplit>;
  /**
   * `percent` and `stages` providers. `candidate`: the deployment being rolled out, for a provider
   * that keeps one split per app (local: the app of that deployment); the others ignore it.
   */
  getTraffic(candidate?: string): Promise<TrafficSplit>;
  /** `stages` providers: start the rolling release to `candidate`, or approve its next stage. */
  advanceStage(candidate: string): Promise<TrafficSplit>;
  /** All production traffic to this deployment. */
  promote(id: string): Promise<void>;
  /** All production traffic back to this earlier deployment (instantly where the provider can). */
  rollback(id: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** The deployment failed: a build error, an upload rejected, an app that crashed or never answered. */
export class DeployFailure extends Error {
  override readonly name = 'DeployFailure';
  constructor(
    message: string,
    readonly deploymentId?: string,
  ) {
    super(message);
  }
}

/** The provider's API said no (4xx) or kept failing (5xx after the retries). */
export class ProviderApiError extends Error {
  override readonly name = 'ProviderApiError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code?: string,
    /** The parsed error answer (Vercel's `missing_files` lists the digests it lacks). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** The operation is outside the provider's declared capabilities. */
export class UnsupportedOperation extends Error {
  override readonly name = 'UnsupportedOperation';
  constructor(provider: string, operation: string, hint: string) {
    super(`the ${provider} provider cannot ${operation}: ${hint}`);
  }
}

export function assertPercent(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100)
    throw new RangeError(`a traffic weight is a whole percentage from 0 to 100, got ${percent}`);
}
