// What the pipeline remembers between runs, in the project's `.shipkit/pipeline-state.json`: the
// release production runs (its deployment, URL and the artifact it was started from, so a rollback
// can start it again) and the earlier good releases. The local ledger (`.shipkit/deployments.json`)
// stays the record of every deployment; this is only the pipeline's own bookkeeping.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

export interface LiveRelease {
  sha: string;
  subject: string;
  /** The local provider's deployment id serving it. */
  deploymentId: string;
  /** The ledger record of that deployment (`to` for a rollback to it). */
  ledgerId?: string;
  /** Where production answers: the traffic proxy's stable URL once a canary ran, else the deployment's own. */
  url: string;
  /** The artifact copy it was started from, relative to the project. */
  artifact: string;
  startCommand: string;
  releasedAt: string;
}

export interface PipelineState {
  version: 1;
  production?: LiveRelease;
  /** Earlier releases that were live and good, newest first. */
  history: LiveRelease[];
}

const FILE = 'pipeline-state.json';
const KEEP = 5;

export function readState(stateDir: string): PipelineState {
  try {
    const state = JSON.parse(readFileSync(join(stateDir, FILE), 'utf8')) as PipelineState;
    if (state.version === 1 && Array.isArray(state.history)) return state;
  } catch {
    // none yet, or unreadable: nothing is known to be live
  }
  return { version: 1, history: [] };
}

export function writeState(stateDir: string, state: PipelineState): void {
  mkdirSync(stateDir, { recursive: true });
  const temp = join(stateDir, `${FILE}.${process.pid}.tmp`);
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, join(stateDir, FILE));
}

/** A new production release; the one it replaces goes into the history. */
export function promoted(state: PipelineState, release: LiveRelease): PipelineState {
  const history = state.production ? [state.production, ...state.history] : state.history;
  return { version: 1, production: release, history: history.slice(0, KEEP) };
}

/**
 * Copies the built artifact once, to `<stateDir>/artifacts/<name>`: preview, staging and production
 * start from this copy, so a rebuild in the project cannot change what is being promoted. A copy of
 * the project itself (`artifact-path: .`) leaves out `.git`, `node_modules` and the state directory.
 */
export function copyArtifact(project: string, artifactPath: string, stateDir: string, name: string): string {
  const from = resolve(project, artifactPath);
  const to = join(stateDir, 'artifacts', name);
  rmSync(to, { recursive: true, force: true });
  mkdirSync(join(stateDir, 'artifacts'), { recursive: true });
  const skip = new Set([resolve(stateDir), join(from, '.git'), join(from, 'node_modules')]);
  mkdirSync(to);
  // Entry by entry: the state directory (where the copy goes) may be inside what is copied.
  for (const entry of readdirSync(from)) {
    const src = join(from, entry);
    if (!skip.has(src)) cpSync(src, join(to, entry), { recursive: true, filter: (p) => !skip.has(resolve(p)) });
  }
  return relative(project, to);
}

/** Removes artifact copies no live or remembered release was started from. */
export function pruneArtifacts(stateDir: string, state: PipelineState, keep: string[]): void {
  const dir = join(stateDir, 'artifacts');
  if (!existsSync(dir)) return;
  const used = new Set(
    [...keep, ...[state.production, ...state.history].filter((r) => r !== undefined).map((r) => r.artifact)].map((a) => basename(a)),
  );
  for (const name of readdirSync(dir)) if (!used.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
}
