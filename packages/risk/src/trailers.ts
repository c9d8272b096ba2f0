/**
 * Agent identity from commit trailers (`Agent-By: forge/builder-01`, `Task-ID:`, `Model:`,
 * `Prompt-Hash:`), read with git's own trailer parser: `git log --format=%(trailers:only,unfold)`
 * for commits in the repository (the code `git interpret-trailers --parse` runs), and
 * `git interpret-trailers --parse --no-divider` itself for messages that come from the API (a commit
 * message's `---` line is text, not the start of a patch, as git log reads it). Revisions go after
 * `--end-of-options`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@shipkit/kit';
import { assertRevision, git } from '@shipkit/kit/git';

export interface Trailer {
  key: string;
  value: string;
}

export interface CommitTrailers {
  sha: string;
  trailers: Trailer[];
}

/** `Key: value` lines as git prints parsed trailers. */
export function parseTrailerLines(text: string): Trailer[] {
  const out: Trailer[] = [];
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\s*:\s?(.*)$/.exec(line.trimEnd());
    if (m) out.push({ key: m[1] as string, value: (m[2] as string).trim() });
  }
  return out;
}

/**
 * The trailers of the commits in `base..head`, oldest first, merge commits left out (a merge of
 * the base branch into the PR is nobody's change).
 */
export async function commitTrailers(base: string, head: string, cwd: string): Promise<CommitTrailers[]> {
  assertRevision(base, 'base');
  assertRevision(head, 'head');
  const r = await git(
    ['log', '--no-merges', '--reverse', '--format=%H%x00%(trailers:only,unfold)%x00', '--end-of-options', `${base}..${head}`, '--'],
    cwd,
  );
  if (r.code !== 0)
    throw new ConfigurationError(
      `could not list the pull request's commits (${base}..${head}; git: ${r.stderr.trim().split('\n').pop() ?? ''}); check out with \`fetch-depth: 0\` (actions/checkout) so the head commit and its history are present`,
      'github-token',
    );
  const fields = r.stdout.split('\0');
  const commits: CommitTrailers[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const sha = (fields[i] as string).trim();
    if (!/^[0-9a-f]{40,64}$/.test(sha)) continue;
    commits.push({ sha, trailers: parseTrailerLines(fields[i + 1] as string) });
  }
  return commits;
}

/**
 * The trailers of commit messages that are not in the repository (read from the API), through
 * `git interpret-trailers --parse --in-place` on one temporary file per message: one git process
 * for up to `batch` messages.
 */
export async function messageTrailers(messages: readonly string[], cwd: string, { batch = 500 } = {}): Promise<Trailer[][]> {
  const result: Trailer[][] = messages.map(() => []);
  if (messages.length === 0) return result;
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'shipkit-trailers-'));
  try {
    for (let start = 0; start < messages.length; start += batch) {
      const files: string[] = [];
      for (let i = start; i < Math.min(messages.length, start + batch); i++) {
        const file = join(dir, `${i}.txt`);
        writeFileSync(file, messages[i] as string, 'utf8');
        files.push(file);
      }
      // Absolute paths: none can be read as an option.
      const r = await git(['interpret-trailers', '--parse', '--no-divider', '--in-place', ...files], cwd);
      if (r.code !== 0) throw new Error(`git interpret-trailers failed: ${r.stderr.trim()}`);
      files.forEach((file, k) => {
        result[start + k] = parseTrailerLines(readFileSync(file, 'utf8'));
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

export const AGENT_KEY = 'agent-by';

/** The `Agent-By` values of one commit (keys compare without case, as git's do). */
export const agentsOf = (trailers: readonly Trailer[]): string[] => [
  ...new Set(trailers.filter((t) => t.key.toLowerCase() === AGENT_KEY && t.value !== '').map((t) => t.value)),
];

export type Identity =
  | { kind: 'agent'; agent: string; commits: number }
  | { kind: 'human'; commits: number }
  | { kind: 'disagree'; agents: Record<string, number>; unmarked: number; commits: number }
  | { kind: 'empty' };

/**
 * Who wrote the change: one agent when every commit names the same one and no other, a person when
 * no commit names any, and a disagreement otherwise (commits naming different agents, a commit
 * naming two, or agent commits beside unmarked ones).
 */
export function identify(commits: readonly { trailers: readonly Trailer[] }[]): Identity {
  if (commits.length === 0) return { kind: 'empty' };
  const counts: Record<string, number> = {};
  let unmarked = 0;
  let multi = false;
  for (const c of commits) {
    const agents = agentsOf(c.trailers);
    if (agents.length === 0) unmarked++;
    if (agents.length > 1) multi = true;
    for (const a of agents) counts[a] = (counts[a] ?? 0) + 1;
  }
  const names = Object.keys(counts);
  if (names.length === 0) return { kind: 'human', commits: commits.length };
  if (names.length === 1 && unmarked === 0 && !multi) return { kind: 'agent', agent: names[0] as string, commits: commits.length };
  return { kind: 'disagree', agents: counts, unmarked, commits: commits.length };
}

/** The other agent trailers of the change (Task-ID, Model, Prompt-Hash), each value once, for the report. */
export function agentMetadata(commits: readonly CommitTrailers[]): Record<string, string[]> {
  const keys = new Map([
    ['task-id', 'Task-ID'],
    ['model', 'Model'],
    ['prompt-hash', 'Prompt-Hash'],
  ]);
  const out: Record<string, string[]> = {};
  for (const c of commits)
    for (const t of c.trailers) {
      const name = keys.get(t.key.toLowerCase());
      if (!name) continue;
      const list = (out[name] ??= []);
      if (!list.includes(t.value)) list.push(t.value);
    }
  return out;
}
