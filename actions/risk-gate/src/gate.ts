/**
 * The decision: what the change touches (each file's class and the rule that set it, migrations
 * checked statement by statement), who wrote it (the commits' `Agent-By` trailers) and the level
 * that agent earned. An agent's change may merge on its own when its level allows the change's
 * class and no critical path is touched; everything else waits for a person.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ConfigurationError, type EventContext } from '@shipkit/kit';
import { changedFiles, git, mergeBase, type ChangedFile } from '@shipkit/kit/git';
import { globMatcher } from '@shipkit/kit/globs';
import { readableRoots, realPath } from '@shipkit/kit/paths';
import {
  agentMetadata,
  builtinRules,
  checkMigrations,
  Classifier,
  commitTrailers,
  highestClass,
  identify,
  levelFor,
  parseLevels,
  parseRules,
  rank,
  rollbackRate,
  ageMonths,
  type AgentRecord,
  type FileRisk,
  type GraphQLRead,
  type Identity,
  type MigrationCheck,
  type RiskClass,
  type TrustLevel,
  type TrustRecord,
  readTrustRecord,
} from '@shipkit/risk';
import { loadConfig } from './config';

export interface GateOptions {
  cwd: string;
  ctx: EventContext;
  rules: unknown;
  migrations: string[];
  trust: 'ledger' | 'none';
  levels: unknown;
  token?: string;
  /** A read-only GraphQL client, made only when the record is read. */
  graphql: () => Promise<GraphQLRead>;
}

export interface GateResult {
  base: string;
  risk: RiskClass;
  critical: FileRisk[];
  files: FileRisk[];
  migrations: MigrationCheck[];
  identity: Identity;
  agent: string;
  metadata: Record<string, string[]>;
  level?: TrustLevel;
  next?: { level: string; missing: string[] };
  record?: AgentRecord;
  trustRecord?: Omit<TrustRecord, 'agents'>;
  decision: 'auto-merge' | 'review';
  reasons: string[];
  /** The files a person must look at (high risk, else those above the agent's allowance). */
  reviewPaths: string[];
}

const classes = (list: readonly RiskClass[]): string => (list.length === 0 ? 'nothing' : list.join(' and '));

/**
 * Reads a file of the checkout, unless it resolves (through a committed symlink) outside the
 * workspace and the runner's temp directory: a pull request's files are not trusted. The roots are
 * resolved once; each file costs one realpath and one read.
 */
function checkoutReader(cwd: string): (path: string) => string | undefined {
  const roots = readableRoots(process.env, cwd).map((r) => realPath(r));
  return (path) => {
    try {
      const real = realpathSync.native(join(cwd, path));
      if (!roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep))) return undefined;
      return readFileSync(real, 'utf8');
    } catch {
      // Gone, a directory (a submodule), or unreadable: nothing to match.
      return undefined;
    }
  };
}

/** Lines the change adds to a file, read from the checkout. */
function addedLines(read: (path: string) => string | undefined, file: ChangedFile): () => Iterable<{ line: number; text: string }> {
  return function* () {
    const text = read(file.path);
    if (text === undefined) return;
    const lines = text.split('\n');
    for (const [from, to] of file.added)
      for (let n = from; n <= to && n <= lines.length; n++) yield { line: n, text: lines[n - 1] as string };
  };
}

async function migrationHistory(cwd: string, isMigration: (p: string) => boolean): Promise<string[]> {
  const r = await git(['ls-files', '-z'], cwd);
  return r.code === 0 ? r.stdout.split('\0').filter((p) => p !== '' && isMigration(p)) : [];
}

export async function runRiskGate(o: GateOptions): Promise<GateResult> {
  const { cwd, ctx } = o;
  if (ctx.prNumber === undefined || !ctx.baseSha)
    throw new ConfigurationError(
      `risk-gate decides about a pull request, and this \`${ctx.eventName || 'unknown'}\` event has none; run it on \`pull_request\` (or \`pull_request_target\` with the head checked out)`,
    );
  const { mergeBase: base } = await mergeBase(ctx.baseSha, cwd, { token: o.token, serverUrl: ctx.serverUrl, input: 'base' });
  const rulesConfig = await loadConfig(o.rules, 'rules', base, cwd);
  const levelsConfig = await loadConfig(o.levels, 'levels', base, cwd);
  const userRules = parseRules(rulesConfig.value);
  const levels = parseLevels(levelsConfig.value);
  const isMigrationGlob = o.migrations.length > 0 ? globMatcher(o.migrations, { input: 'migrations' }) : () => false;
  const classifier = new Classifier([...userRules, ...builtinRules(o.migrations)]);
  const configPaths = new Set([rulesConfig.path, levelsConfig.path].filter((p): p is string => p !== undefined));

  // The change as it would land: the checkout (on pull_request, GitHub's merge commit) against the merge-base.
  const changed = await changedFiles(base, cwd, 'HEAD');
  const read = checkoutReader(cwd);
  const sqlMigrations = changed
    .filter((f) => f.status !== 'deleted' && isMigrationGlob(f.path) && /\.sql$/i.test(f.path))
    .map((f) => f.path);
  const migrations =
    sqlMigrations.length > 0
      ? await checkMigrations(sqlMigrations, await migrationHistory(cwd, (p) => isMigrationGlob(p) && /\.sql$/i.test(p)), read)
      : [];
  const byMigration = new Map(migrations.map((m) => [m.path, m]));
  const files = changed.map((f): FileRisk => {
    if (configPaths.has(f.path))
      return { path: f.path, class: 'high', rule: "risk-gate's own configuration", origin: 'built-in', critical: true };
    const risk = classifier.classify({ path: f.path, addedLines: f.status === 'deleted' ? undefined : addedLines(read, f) });
    if (isMigrationGlob(f.path) && f.status !== 'deleted' && !/\.sql$/i.test(f.path))
      return rank(risk.class) >= rank('high')
        ? risk
        : { path: f.path, class: 'high', rule: 'migration not in SQL (not checked)', origin: 'migration', critical: false };
    const m = byMigration.get(f.path);
    if (m?.unparseable)
      return {
        path: f.path,
        class: 'high',
        rule: 'migration shipkit could not parse',
        origin: 'migration',
        critical: true,
        line: m.unparseable.line,
      };
    if (m && m.findings.length > 0)
      return {
        path: f.path,
        class: 'high',
        rule: `destructive migration (${[...new Set(m.findings.map((x) => x.op))].join(', ')})`,
        origin: 'migration',
        critical: true,
        line: m.findings[0]?.line,
      };
    return risk;
  });
  const risk = highestClass(files);
  const critical = files.filter((f) => f.critical);

  const commits = await commitTrailers(base, 'HEAD', cwd);
  const identity = identify(commits);
  const metadata = agentMetadata(commits);
  const reasons: string[] = [];
  const topFiles = (list: readonly FileRisk[]): string =>
    list
      .slice(0, 3)
      .map((f) => `\`${f.path}\` (${f.rule})`)
      .join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  const atRisk = files.filter((f) => f.class === risk);
  reasons.push(files.length === 0 ? 'the change touches no file: low risk' : `risk ${risk}: ${topFiles(atRisk)}`);
  if (critical.length > 0) reasons.push(`critical paths never merge on their own: ${topFiles(critical)}`);

  let agent = '';
  let level: TrustLevel | undefined;
  let next: GateResult['next'];
  let record: AgentRecord | undefined;
  let trustRecord: GateResult['trustRecord'];
  if (identity.kind === 'empty' || identity.kind === 'human') {
    reasons.push(
      identity.kind === 'empty'
        ? "the pull request has no commits of its own beyond the base: treated as a person's, a person reviews it"
        : `no commit carries an \`Agent-By\` trailer (${identity.commits} commit(s)): a person's pull request, reviewed by a person as usual`,
    );
  } else if (identity.kind === 'disagree') {
    agent = Object.keys(identity.agents).join(',');
    level = levels[0];
    const parts = Object.entries(identity.agents).map(([a, n]) => `${a} (${n})`);
    if (identity.unmarked > 0) parts.push(`no \`Agent-By\` (${identity.unmarked})`);
    reasons.push(
      `the commits disagree on the agent: ${parts.join(', ')}; treated as an unknown agent at ${level?.name ?? 'the first level'}`,
    );
  } else {
    agent = identity.agent;
    if (o.trust === 'none') {
      level = levels[0];
      reasons.push(`agent ${agent}: \`trust: none\`, so every agent is at ${level?.name ?? 'the first level'}`);
    } else {
      const read = await readTrustRecord({
        ask: await o.graphql(),
        owner: ctx.repository?.owner ?? '',
        repo: ctx.repository?.repo ?? '',
        cwd,
      });
      const { agents, ...rest } = read;
      trustRecord = rest;
      record = agents.get(agent) ?? { agent, merged: 0, rolledBack: 0, rolledBackPrs: [] };
      const found = levelFor(record, levels);
      level = found.level;
      next = found.next ? { level: found.next.level.name, missing: found.next.missing } : undefined;
      const capped = read.mergedTotal > read.mergedRead ? ` (the newest ${read.mergedRead} of ${read.mergedTotal} merged PRs read)` : '';
      reasons.push(
        `agent ${agent}: ${record.merged} merged PR(s), ${record.rolledBack} rolled back (${rollbackRate(record).toFixed(1)} %), ${ageMonths(record).toFixed(1)} months since its first${capped}: ${level ? `level ${level.name}` : 'no level'}${next ? `; ${next.level} needs ${next.missing.join(', ')}` : ''}`,
      );
    }
  }

  let decision: GateResult['decision'] = 'review';
  if (level && identity.kind === 'agent') {
    if (critical.length > 0) reasons.push(`${level.name} allows ${classes(level.allows)}, never critical paths: a person approves`);
    else if (level.allows.includes(risk)) {
      decision = 'auto-merge';
      reasons.push(`${level.name} allows ${classes(level.allows)}: may merge on its own once the required checks pass`);
    } else reasons.push(`${level.name} allows ${classes(level.allows)}, not ${risk} risk: a person approves`);
  } else if (level)
    reasons.push(`${level.name} allows ${classes(level.allows)}, and a disagreement is never trusted further: a person approves`);

  const allowed = new Set(level && identity.kind === 'agent' ? level.allows : []);
  const high = files.filter((f) => f.class === 'high').map((f) => f.path);
  const reviewPaths = high.length > 0 ? high : files.filter((f) => f.critical || !allowed.has(f.class)).map((f) => f.path);
  return {
    base,
    risk,
    critical,
    files,
    migrations,
    identity,
    agent,
    metadata,
    level,
    next,
    record,
    trustRecord,
    decision,
    reasons,
    reviewPaths,
  };
}
