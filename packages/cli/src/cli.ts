// The shipkit CLI: maps flags to the inputs an action's action.yml declares, runs the committed
// bundle through the runner contract (./runner.ts, the same code the e2e harness uses), and renders
// the workflow commands and the markdown summary as terminal text. It exits with the action's exit
// code. Erasable TypeScript with `.ts` imports, so Node 22.18+ runs it from a clone without a build;
// the installable package (scripts/pack-cli.mjs) carries it bundled as JavaScript.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.ts';
import { renderMarkdown } from './markdown.ts';
import { commandReader, type WorkflowCommand } from './workflow-commands.ts';
import { DEFAULT_EVENT_NAME, actionNames, execAction, loadAction, prepareRun, readRunFiles, type ActionMetadata } from './runner.ts';

export { CliError } from './errors.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The folder holding `actions/<name>/action.yml` and `dist/<name>/`: the repository root in a clone
 * (this file is packages/cli/src/cli.ts), the package root once installed (lib/cli.js).
 */
export function findRoot(from: string = here): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'actions')) && existsSync(join(dir, 'dist'))) return dir;
    if (dirname(dir) === dir) throw new CliError(`no actions/ and dist/ above ${from}: this shipkit installation is incomplete`);
  }
}

export interface Style {
  red: (t: string) => string;
  yellow: (t: string) => string;
  cyan: (t: string) => string;
  bold: (t: string) => string;
  dim: (t: string) => string;
}

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR;
  const color =
    (code: string) =>
    (text: string): string =>
      on ? `\u001b[${code}m${text}\u001b[0m` : text;
  return { red: color('31'), yellow: color('33'), cyan: color('36'), bold: color('1'), dim: color('2') };
}

const plain = styleFor({ isTTY: false });

/** A writer that stops quietly when the reader goes away (`shipkit … | head`): EPIPE is not the action's failure. */
export function pipeSafe(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

const oneLine = (text: unknown): string =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** The CLI's own options; an action input of the same name could not be given as a flag. */
export const CLI_OPTIONS = ['help', 'json', 'event', 'event-name', 'report-dir'] as const;

function usage(root: string, s: Style): string {
  const actions = actionNames(root).map((name) => ({ name, description: loadAction(root, name)?.metadata.description ?? '' }));
  const width = Math.max(...actions.map((a) => a.name.length));
  return [
    `${s.bold('shipkit')} — run a shipkit action outside GitHub, as the runner runs it`,
    '',
    'Usage: shipkit <action> [--<input> <value> …] [--event <file>] [--event-name <name>] [--report-dir <dir>] [--json]',
    '       shipkit <action> --help',
    '       shipkit pipeline [--config shipkit.yml] [--base <rev>] [--yes] [--reports <dir>]   the whole release pipeline, locally (--help)',
    '       shipkit --version',
    '',
    'Actions:',
    ...actions.map((a) => `  ${a.name.padEnd(width)}  ${a.description}`),
    '',
    'Inputs are the action.yml inputs as flags (`--wait-timeout 30s`); a bare boolean flag means true,',
    '`--no-<input>` means false; unset inputs take their action.yml defaults, and a `${{ github.token }}`',
    'default takes $GITHUB_TOKEN.',
    `--event <file>       a GitHub event payload (JSON); --event-name names its event (default: ${DEFAULT_EVENT_NAME})`,
    '--report-dir <dir>   keep the JSON report (and other files the action keeps for later steps) there;',
    "                     without it they go with the run's temporary directory when the run ends",
    '--json               only the outputs, as JSON, on stdout (everything else on stderr)',
  ].join('\n');
}

function actionHelp(name: string, action: ActionMetadata, s: Style): string {
  const lines = [`${s.bold(`shipkit ${name}`)} — ${action.description}`, '', 'Inputs:'];
  for (const [input, spec] of Object.entries(action.inputs)) {
    const def = spec.default !== undefined ? s.dim(` (default: ${spec.default})`) : spec.required ? s.dim(' (required)') : '';
    lines.push(`  --${input}${def}`, `      ${oneLine(spec.description)}`);
  }
  lines.push('', 'Outputs:');
  for (const [output, spec] of Object.entries(action.outputs)) lines.push(`  ${output}: ${oneLine(spec.description)}`);
  lines.push('', `Docs: actions/${name}/README.md`);
  return lines.join('\n');
}

export interface CliOptions {
  json: boolean;
  help: boolean;
  event?: string;
  eventName?: string;
  reportDir?: string;
}

/** Parses `--name value`, `--name=value`, `--flag`, `--no-flag` against the declared inputs. */
export function parseFlags(
  args: string[],
  action: Pick<ActionMetadata, 'inputs'>,
): { inputs: Record<string, string>; options: CliOptions; problems: string[] } {
  const inputs: Record<string, string> = {};
  const options: CliOptions = { json: false, help: false };
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    if (arg === '--json') {
      options.json = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument \`${arg}\`; inputs are given as \`--<input> <value>\``);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (name === 'event' || name === 'event-name' || name === 'report-dir') {
      value ??= args[++i];
      if (value === undefined || value === '') problems.push(`\`--${name}\` needs a value`);
      else if (name === 'event') options.event = value;
      else if (name === 'event-name') options.eventName = value;
      else options.reportDir = value;
      continue;
    }
    let negated = false;
    if (!(name in action.inputs) && name.startsWith('no-') && name.slice(3) in action.inputs) {
      name = name.slice(3);
      negated = true;
    }
    if (!(name in action.inputs)) {
      problems.push(
        `unknown input \`--${name}\`; this action takes: ${Object.keys(action.inputs)
          .map((n) => `--${n}`)
          .join(', ')}`,
      );
      continue;
    }
    if (negated) value = 'false';
    else if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) value = 'true';
      else value = args[++i] ?? '';
    }
    inputs[name] = value;
  }
  return { inputs, options, problems };
}

/** Turns one workflow command of the action into terminal text (or nothing, for masks and debug). */
export function renderCommand(
  { command, properties: props, message }: WorkflowCommand,
  { debug = false, style = plain } = {},
): string | undefined {
  const where = props.file ? `${props.file}${props.line ? `:${props.line}${props.col ? `:${props.col}` : ''}` : ''}: ` : '';
  const title = props.title ? `${props.title}: ` : '';
  switch (command) {
    case 'error':
      return style.red(`✖ ${where}${title}${message}`);
    case 'warning':
      return style.yellow(`⚠ ${where}${title}${message}`);
    case 'notice':
      return style.cyan(`ℹ ${where}${title}${message}`);
    case 'debug':
      return debug ? style.dim(`· ${message}`) : undefined;
    case 'group':
      return style.bold(`▸ ${message}`);
    default:
      // endgroup, add-mask, stop-commands and anything newer: nothing to show.
      return undefined;
  }
}

/** Reads an event payload file: one clear error when it is missing or not JSON. */
export function readEventFile(file: string, cwd: string): unknown {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code;
    throw new CliError(`\`--event ${file}\`: cannot read it (${why}); pass a GitHub event payload, a JSON file`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`\`--event ${file}\` is not JSON (${(error as Error).message}); pass a GitHub event payload, a JSON file`);
  }
}

export interface RunActionOptions {
  root?: string;
  /** The event payload (already parsed); default `{}`. */
  event?: unknown;
  eventName?: string;
  /** The job environment the action inherits; default process.env. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the kit keeps the report and other files for later steps (`SHIPKIT_REPORT_DIR`). */
  reportDir?: string;
  onLine?: (line: string) => void;
  debug?: boolean;
  style?: Style;
  signal?: AbortSignal;
}

export interface RunActionResult {
  code: number;
  /** The step outputs; outputs naming files in the run's temporary directory, removed at the end, are left out. */
  outputs: Record<string, string>;
  summary: string;
  /** The JSON report (its envelope), read before the run's directory is removed. */
  report?: { action: string; verdict: string; data: unknown };
  /** Outputs left out because the files they named were removed with the run. */
  removed: string[];
}

/** Runs an action as the runner does; resolves with its exit code, outputs, summary and report. Leaves no temporary files. */
export async function runAction(name: string, inputs: Record<string, string>, o: RunActionOptions = {}): Promise<RunActionResult> {
  const root = o.root ?? findRoot();
  const action = loadAction(root, name);
  if (!action) throw new CliError(`unknown action \`${name}\`; available: ${actionNames(root).join(', ')}`);
  if (!existsSync(action.main))
    throw new CliError(`${relative(root, action.main) || action.main} is missing; run \`npm run build\` (in a clone) or reinstall shipkit`);
  const cwd = o.cwd ?? process.cwd();
  const env = { ...(o.env ?? process.env) };
  if (o.reportDir) env.SHIPKIT_REPORT_DIR = resolve(cwd, o.reportDir);
  const run = prepareRun({
    action: action.metadata,
    inputs,
    event: o.event,
    eventName: o.eventName,
    workspace: cwd,
    baseEnv: env,
    prefix: `shipkit-cli-${name}-`,
  });
  try {
    const read = commandReader();
    const emit = (line: string): void => {
      const r = read(line);
      const rendered = r.command ? renderCommand(r.command, { debug: o.debug, style: o.style }) : r.hidden ? undefined : r.text;
      if (rendered !== undefined) o.onLine?.(rendered);
    };
    const exec = await execAction(run, action.main, { onLine: emit, stderr: 'inherit', signal: o.signal });
    const files = readRunFiles(run.files);
    const inRun = (value: string): boolean => {
      const rel = relative(run.dir, value);
      return value !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    };
    let report: RunActionResult['report'];
    const reportPath = files.outputs.report;
    if (reportPath && existsSync(reportPath)) report = JSON.parse(readFileSync(reportPath, 'utf8')) as RunActionResult['report'];
    const outputs: Record<string, string> = {};
    const removed: string[] = [];
    for (const [k, v] of Object.entries(files.outputs)) {
      if (inRun(v)) removed.push(k);
      else outputs[k] = v;
    }
    return { code: exec.code, outputs, summary: files.summary, report, removed };
  } finally {
    run.dispose();
  }
}

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  root?: string;
}

/** The command line: resolves with the exit code. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const env = io.env ?? process.env;
  const out = pipeSafe(io.stdout);
  const err = pipeSafe(io.stderr);
  const errStyle = styleFor(io.stderr, env);
  try {
    const root = io.root ?? findRoot();
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      (name ? out : err)(usage(root, styleFor(name ? io.stdout : io.stderr, env)) + '\n');
      return name ? 0 : 1;
    }
    if (name === '--version') {
      out(`${(JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string }).version}\n`);
      return 0;
    }
    if (name === 'pipeline') {
      // The release pipeline: loaded only when asked for, off the start-up path of a single action.
      const { pipelineMain } = await import('./pipeline/main.ts');
      return await pipelineMain(rest, { ...io, env, root });
    }
    const action = loadAction(root, name);
    if (!action) throw new CliError(`unknown action \`${name}\`; available: ${actionNames(root).join(', ')}`);
    const { inputs, options, problems } = parseFlags(rest, action.metadata);
    if (options.help) {
      out(actionHelp(name, action.metadata, styleFor(io.stdout, env)) + '\n');
      return 0;
    }
    if (problems.length > 0) {
      for (const p of problems) err(errStyle.red(`✖ ${p}`) + '\n');
      return 1;
    }
    const cwd = io.cwd ?? process.cwd();
    const event = options.event === undefined ? undefined : readEventFile(options.event, cwd);
    if (options.reportDir) mkdirSync(resolve(cwd, options.reportDir), { recursive: true });
    // With --json, stdout carries only the JSON; the human text goes to stderr.
    const human = options.json ? err : out;
    const style = styleFor(options.json ? io.stderr : io.stdout, env);
    // Ctrl-C: the action is told (SIGTERM, as a cancelled job is), then the run's files are removed.
    const cancel = new AbortController();
    const onSignal = (): void => cancel.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let result: RunActionResult;
    try {
      result = await runAction(name, inputs, {
        root,
        cwd,
        env,
        event,
        eventName: options.eventName,
        reportDir: options.reportDir,
        debug: Boolean(env.SHIPKIT_DEBUG),
        style,
        signal: cancel.signal,
        onLine: (l) => human(l + '\n'),
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (result.summary.trim()) human('\n' + renderMarkdown(result.summary, style) + '\n');
    if (result.removed.length > 0)
      human(
        style.dim(
          `(${result.removed.join(', ')}: in the run's temporary directory, removed with it; \`--report-dir <dir>\` keeps such files)`,
        ) + '\n',
      );
    if (options.json) out(JSON.stringify(result.outputs, null, 2) + '\n');
    else if (Object.keys(result.outputs).length > 0) {
      out(style.dim('outputs:') + '\n');
      for (const [k, v] of Object.entries(result.outputs)) out(style.dim(`  ${k} = ${v.includes('\n') ? JSON.stringify(v) : v}`) + '\n');
    }
    return cancel.signal.aborted ? 130 : result.code;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    err(errStyle.red(`✖ ${error.message}`) + '\n');
    return 1;
  }
}
