/**
 * Runs the user's Stryker command on the changed ranges: adds `--mutate <ranges>` and a wrapper
 * config (the user's own config, plus the JSON reporter at a known path and a tiny reporter plugin
 * that appends every finished mutant to a file), stops it when the time budget is spent, and
 * returns the report — the JSON reporter's, or one built from the mutants that finished in time.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError } from '@shipkit/kit';
import { isInside } from '@shipkit/kit/paths';
import { exec, shellQuote, toolEnvironment } from '@shipkit/kit/exec';
import { parseMutationReport, type MutantStatus, type MutationReport, type SchemaFile } from './schema';

export interface StrykerOptions {
  command: string;
  projectDir: string;
  /** `--mutate` patterns (`file:start-end` or `file`). */
  patterns: readonly string[];
  /** A scratch directory outside the project for the wrapper config, plugin and reports. */
  workDir: string;
  timeBudgetMs: number;
  /** Stryker's incremental file, when incremental mode is on. */
  incrementalFile?: string;
  log: (line: string) => void;
}

export interface StrykerRun {
  report: MutationReport;
  /** False when the time budget stopped the run: the report holds only the mutants that finished. */
  complete: boolean;
  /** Mutants Stryker planned to test (when it got that far), and how many finished. */
  planned?: number;
  finished: number;
  elapsedMs: number;
  commandLine: string;
}

const CONFIG_FILE = /\.(json|js|mjs|cjs)$/;
const DEFAULT_CONFIG_FILES = ['', '.'].flatMap((p) =>
  ['.conf', '.config'].flatMap((s) => ['json', 'js', 'mjs', 'cjs'].map((e) => `${p}stryker${s}.${e}`)),
);

/** Splits a command line the way a POSIX shell would for plain words and quotes (no expansions). */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of command.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return words;
}

/**
 * The command without its config-file argument (we pass our wrapper instead), and that config
 * file (or the one Stryker would find by itself in the project directory).
 */
export function splitConfigArgument(command: string, projectDir: string): { words: string[]; configFile?: string } {
  const words = splitCommand(command);
  if (words.length === 0) throw new ConfigurationError('`command` is empty; use the default `npx stryker run`', 'command');
  const runAt = words.indexOf('run');
  const index = words.findIndex(
    (w, i) => i > runAt && runAt >= 0 && !w.startsWith('-') && CONFIG_FILE.test(w) && !/^-/.test(words[i - 1] ?? ''),
  );
  if (index >= 0) {
    const configFile = words[index] as string;
    if (!existsSync(join(projectDir, configFile)))
      throw new ConfigurationError(`the Stryker config \`${configFile}\` named in \`command\` does not exist in ${projectDir}`, 'command');
    return { words: words.filter((_, i) => i !== index), configFile };
  }
  return { words, configFile: DEFAULT_CONFIG_FILES.find((f) => existsSync(join(projectDir, f))) };
}

/** `npx stryker …` would download a random package when StrykerJS is missing: check first, and never let npx install. */
export function guardStrykerInstalled(words: string[], projectDir: string): string[] {
  if (words[0] !== 'npx') return words;
  const stryker = words.indexOf('stryker');
  if (stryker < 0) return words;
  try {
    createRequire(join(projectDir, 'package.json')).resolve('@stryker-mutator/core/package.json');
  } catch {
    throw new ConfigurationError(
      `StrykerJS is not installed in ${projectDir} (\`@stryker-mutator/core\` cannot be resolved); install it with \`npm install --save-dev @stryker-mutator/core\` and your test runner's plugin (e.g. \`@stryker-mutator/vitest-runner\`), or pass a mutation report as \`report\``,
      'command',
    );
  }
  return words.includes('--no-install') || words.includes('--no') ? words : ['npx', '--no-install', ...words.slice(1)];
}

interface SupportFiles {
  wrapper: string;
  json: string;
  events: string;
  /** Where the wrapper records Stryker's temp directory (`tempDirName`, resolved), once Stryker loads it. */
  tempDirRecord: string;
}

function writeSupportFiles(o: StrykerOptions, configFile: string | undefined): SupportFiles {
  const json = join(o.workDir, 'mutation.json');
  const events = join(o.workDir, 'mutants.ndjson');
  const tempDirRecord = join(o.workDir, 'temp-dir.json');
  const plugin = join(o.workDir, 'shipkit-progress-reporter.mjs');
  const wrapper = join(o.workDir, 'stryker.shipkit.config.mjs');
  rmSync(json, { force: true });
  writeFileSync(events, '');
  writeFileSync(
    plugin,
    `// Written by shipkit mutation-changed: appends each finished mutant, so a run stopped by the time budget still counts.
import { appendFileSync } from 'node:fs';
const out = ${JSON.stringify(events)};
class ShipkitProgressReporter {
  static inject = [];
  onMutationTestingPlanReady(event) { appendFileSync(out, JSON.stringify({ planned: event.mutantPlans.length }) + '\\n'); }
  onMutantTested(m) {
    appendFileSync(out, JSON.stringify({ fileName: m.fileName, id: m.id, mutatorName: m.mutatorName, replacement: m.replacement, location: m.location, status: m.status, statusReason: m.statusReason }) + '\\n');
  }
}
export const strykerPlugins = [{ kind: 'Reporter', name: 'shipkit-progress', injectableClass: ShipkitProgressReporter }];
`,
  );
  const base = configFile ? join(o.projectDir, configFile) : undefined;
  const load = !base
    ? 'const base = {};'
    : base.endsWith('.json')
      ? `import { readFileSync } from 'node:fs';\nconst base = JSON.parse(readFileSync(${JSON.stringify(base)}, 'utf8'));`
      : `const base = { ...(await import(${JSON.stringify(pathToFileURL(base).href)})).default };`;
  const incremental = o.incrementalFile ? `incremental: true, incrementalFile: ${JSON.stringify(o.incrementalFile)},` : '';
  rmSync(tempDirRecord, { force: true });
  writeFileSync(
    wrapper,
    `// Written by shipkit mutation-changed: your Stryker config${base ? ` (${configFile})` : ''}, plus the JSON report at a known path.
${load}
// Where Stryker makes its sandboxes, so a run stopped by the time budget can remove them.
import { writeFileSync as recordTempDir } from 'node:fs';
import { resolve as resolveTempDir } from 'node:path';
recordTempDir(${JSON.stringify(tempDirRecord)}, JSON.stringify(resolveTempDir(base.tempDirName ?? '.stryker-tmp')));
export default {
  ...base,
  reporters: [...new Set([...(base.reporters ?? ['clear-text', 'progress', 'html']), 'json', 'shipkit-progress'])],
  jsonReporter: { ...base.jsonReporter, fileName: ${JSON.stringify(json)} },
  appendPlugins: [...(base.appendPlugins ?? []), ${JSON.stringify(plugin)}],
  ${incremental}
};
`,
  );
  return { wrapper, json, events, tempDirRecord };
}

interface FinishedMutant {
  fileName?: string;
  planned?: number;
  id: string;
  mutatorName: string;
  replacement?: string;
  location: SchemaFile['mutants'][number]['location'];
  status: MutantStatus;
  statusReason?: string;
}

/** A schema report from the mutants that finished before the run was stopped. */
export function reportFromFinished(eventsText: string, projectDir: string): { report: MutationReport; planned?: number; finished: number } {
  const files: Record<string, SchemaFile> = {};
  let planned: number | undefined;
  let finished = 0;
  for (const line of eventsText.split('\n')) {
    if (line.trim() === '') continue;
    let event: FinishedMutant;
    try {
      event = JSON.parse(line) as FinishedMutant;
    } catch {
      continue; // the last line may be cut by the kill
    }
    if (event.planned !== undefined) {
      planned = event.planned;
      continue;
    }
    if (!event.fileName) continue;
    const file = (isAbsolute(event.fileName) ? relative(projectDir, event.fileName) : event.fileName).split(sep).join('/');
    if (!files[file]) {
      let source: string | undefined;
      try {
        // A committed symlink to a file outside the project is not copied into the report.
        source = isInside(join(projectDir, file), [projectDir]) ? readFileSync(join(projectDir, file), 'utf8') : undefined;
      } catch {
        source = undefined;
      }
      files[file] = { language: /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript', source, mutants: [] };
    }
    const { fileName: _f, planned: _p, ...mutant } = event;
    files[file].mutants.push(mutant);
    finished++;
  }
  return { report: { schemaVersion: '2', thresholds: { high: 80, low: 60 }, files }, planned, finished };
}

/** The lines of Stryker's log that say why it stopped: its ERROR/FATAL entries, else the last lines that look like an error. */
export function crashExplanation(tail: readonly string[]): string {
  const logged = tail
    .map((l) => /^\d\d:\d\d:\d\d \(\d+\) (?:ERROR|FATAL) \S+ (.*)$/.exec(l)?.[1]?.trim())
    .filter((l): l is string => Boolean(l));
  const picked =
    logged.length > 0 ? logged : tail.filter((l) => /error|fatal|not found|cannot|failed/i.test(l) && !/^\s+at /.test(l)).slice(-4);
  return [...new Set(picked.length > 0 ? picked : tail.slice(-4))].join(' ').slice(0, 1500);
}

/**
 * The tests that failed in Stryker's initial test run (its dry run, before any mutant), from its
 * log: `One or more tests failed in the initial test run:` then a tab and a test's name, two tabs
 * and its failure message, for each.
 */
export function initialRunFailures(log: readonly string[]): { name: string; message?: string }[] | undefined {
  const at = log.findIndex((l) => l.includes('One or more tests failed in the initial test run:'));
  if (at < 0) return undefined;
  const failed: { name: string; message?: string }[] = [];
  for (const line of log.slice(at + 1)) {
    if (/^\d\d:\d\d:\d\d \(\d+\)/.test(line)) break; // the next log entry
    const last = failed[failed.length - 1];
    if (line.startsWith('\t\t')) {
      if (last && last.message === undefined) last.message = line.trim();
    } else if (line.startsWith('\t')) failed.push({ name: line.trim() });
  }
  return failed;
}

/**
 * Removes the sandboxes (`sandbox-*`, a copy of the project each) that this run left in Stryker's
 * temp directory: those not there before it (when that is known), else those made since it
 * started; then the directory itself when nothing else is left in it. `backup-*` (inPlace mode's
 * originals) is never touched.
 */
export function removeSandboxes(tempDir: string, before: ReadonlySet<string> | undefined, startedMs: number): void {
  if (!existsSync(tempDir)) return;
  for (const entry of readdirSync(tempDir)) {
    if (!entry.startsWith('sandbox-')) continue;
    const path = join(tempDir, entry);
    const ours = before ? !before.has(entry) : statSync(path).mtimeMs >= startedMs - 1000;
    if (ours) rmSync(path, { recursive: true, force: true, maxRetries: 5 });
  }
  if (readdirSync(tempDir).length === 0) rmSync(tempDir, { recursive: true, force: true });
}

export async function runStryker(o: StrykerOptions): Promise<StrykerRun> {
  const { words: userWords, configFile } = splitConfigArgument(o.command, o.projectDir);
  const words = guardStrykerInstalled(userWords, o.projectDir);
  const withComma = o.patterns.find((p) => p.includes(','));
  if (withComma)
    throw new ConfigurationError(
      `cannot pass \`${withComma}\` to Stryker: \`--mutate\` is comma-separated; rename the file or narrow \`mutate\` to leave it out`,
      'mutate',
    );
  const files = writeSupportFiles(o, configFile);
  // `--mutate=<list>`: the list is the option's value whatever its first file is called (`--x.ts`).
  const commandLine = [...words, `--mutate=${o.patterns.join(',')}`, files.wrapper].map(shellQuote).join(' ');
  const defaultTempDir = join(o.projectDir, '.stryker-tmp');
  const entriesOf = (dir: string): Set<string> | undefined => (existsSync(dir) ? new Set(readdirSync(dir)) : undefined);
  const tempBefore = entriesOf(defaultTempDir);
  o.log(`$ ${commandLine}`);
  const started = Date.now();
  const tail: string[] = [];
  // The user's tests run in the user's environment, unchanged (colour settings included: some
  // tests check what their CLI prints) but for the action's inputs and tokens (`github-token`):
  // the code under test is the pull request's. Stryker's own colour codes are stripped from the log.
  const r = await exec(commandLine, [], {
    cwd: o.projectDir,
    env: toolEnvironment(),
    shell: true,
    timeoutMs: o.timeBudgetMs,
    graceMs: 5000,
    maxOutputBytes: 0,
    onLine: (raw) => {
      // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
      o.log(line);
      tail.push(line);
      if (tail.length > 200) tail.shift();
    },
  });
  const elapsedMs = Date.now() - started;
  const { json, events } = files;

  if (r.timedOut) {
    // Stopped mid-run, Stryker cleaned nothing: its sandboxes (a copy of the project) go now, so
    // the next step (fast-gates, a commit) does not trip over them.
    let tempDir = defaultTempDir;
    try {
      tempDir = resolve(o.projectDir, JSON.parse(readFileSync(files.tempDirRecord, 'utf8')) as string);
    } catch {
      // Stryker was stopped before it read its config: the default place.
    }
    removeSandboxes(tempDir, tempDir === defaultTempDir ? (tempBefore ?? new Set()) : undefined, started);
    const partial = reportFromFinished(existsSync(events) ? readFileSync(events, 'utf8') : '', o.projectDir);
    return { ...partial, complete: false, elapsedMs, commandLine };
  }
  if (!existsSync(json)) {
    const code = r.code ?? (r.signal ? 128 : 1);
    const failed = initialRunFailures(tail);
    if (failed && failed.length > 0) {
      const shown = failed
        .slice(0, 5)
        .map((t) => `\`${t.name}\`${t.message ? ` (${t.message.slice(0, 200)})` : ''}`)
        .join(', ');
      throw new ConfigurationError(
        `the initial test run failed: ${failed.length} test(s) fail without any mutant, so no mutant can be tested: ${shown}${failed.length > 5 ? `, and ${failed.length - 5} more` : ''}. Fix them (Stryker runs your tests as \`${o.command}\` does in ${o.projectDir}) and run again`,
        'command',
      );
    }
    const shown = crashExplanation(tail);
    if (code === 127)
      throw new ConfigurationError(`\`command\` could not be started (${shown}); is Stryker installed and on PATH?`, 'command');
    throw new ConfigurationError(
      `Stryker exited with code ${code} before writing its report: ${shown.replace(/[.:]\s*$/, '') || '(no output)'}. Run \`${o.command}\` in ${o.projectDir} to see the whole log (a failing test in the initial run and a missing test-runner plugin are the usual causes)`,
      'command',
    );
  }
  const report = parseMutationReport(readFileSync(json, 'utf8'), `the report Stryker wrote (${json})`, 'command');
  const finished = Object.values(report.files).reduce((n, f) => n + f.mutants.length, 0);
  return { report, complete: true, finished, planned: finished, elapsedMs, commandLine };
}
