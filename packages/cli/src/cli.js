// The shipkit CLI. Plain JavaScript so it runs on Node 22+ without a build step: it maps flags to
// the inputs an action's action.yml declares, runs the committed bundle exactly as the runner
// would (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, …), and renders the workflow commands and the
// markdown summary as terminal text. It exits with the action's exit code.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { renderMarkdown } from './markdown.js';
import { commandReader, parseOutputFile } from './workflow-commands.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const color = (code) => (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[${code}m${text}\u001b[0m` : text);
const red = color('31');
const yellow = color('33');
const cyan = color('36');
const bold = color('1');
const dim = color('2');

export function listActions(root = repoRoot) {
  const dir = join(root, 'actions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'action.yml')))
    .sort()
    .map((name) => ({ name, ...readAction(name, root) }));
}

export function readAction(name, root = repoRoot) {
  const file = join(root, 'actions', name, 'action.yml');
  if (!existsSync(file)) return undefined;
  const doc = parseYaml(readFileSync(file, 'utf8'));
  return { description: doc.description ?? '', inputs: doc.inputs ?? {}, outputs: doc.outputs ?? {} };
}

function usage(root) {
  const actions = listActions(root);
  const width = Math.max(...actions.map((a) => a.name.length));
  return [
    `${bold('shipkit')} — run a shipkit action outside GitHub`,
    '',
    `Usage: shipkit <action> [--<input> <value> …] [--event <file>] [--json]`,
    `       shipkit <action> --help`,
    '',
    'Actions:',
    ...actions.map((a) => `  ${a.name.padEnd(width)}  ${a.description}`),
    '',
    'Inputs are the action.yml inputs as flags (`--wait-timeout 30s`); a bare boolean flag means true,',
    '`--no-<input>` means false. `--json` prints the outputs as JSON at the end.',
  ].join('\n');
}

function actionHelp(name, action) {
  const lines = [`${bold(`shipkit ${name}`)} — ${action.description}`, '', 'Inputs:'];
  for (const [input, spec] of Object.entries(action.inputs)) {
    const def = spec.default !== undefined ? dim(` (default: ${spec.default})`) : spec.required ? dim(' (required)') : '';
    lines.push(
      `  --${input}${def}`,
      `      ${String(spec.description ?? '')
        .replace(/\s+/g, ' ')
        .trim()}`,
    );
  }
  lines.push('', 'Outputs:');
  for (const [output, spec] of Object.entries(action.outputs))
    lines.push(
      `  ${output}: ${String(spec.description ?? '')
        .replace(/\s+/g, ' ')
        .trim()}`,
    );
  lines.push('', `Docs: actions/${name}/README.md`);
  return lines.join('\n');
}

/** Parses `--name value`, `--name=value`, `--flag`, `--no-flag` against the declared inputs. */
export function parseFlags(args, action) {
  const inputs = {};
  const options = { json: false, event: undefined, help: false };
  const problems = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
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
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    if (name === 'event') {
      options.event = value ?? args[++i];
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
      else value = args[++i];
    }
    inputs[name] = value;
  }
  return { inputs, options, problems };
}

/** Turns one stdout line of the action into terminal text (or nothing, for masks and debug). */
export function renderCommand({ command, properties: props, message }, { debug = false } = {}) {
  const where = props.file ? `${props.file}${props.line ? `:${props.line}${props.col ? `:${props.col}` : ''}` : ''}: ` : '';
  const title = props.title ? `${props.title}: ` : '';
  switch (command) {
    case 'error':
      return red(`✖ ${where}${title}${message}`);
    case 'warning':
      return yellow(`⚠ ${where}${title}${message}`);
    case 'notice':
      return cyan(`ℹ ${where}${title}${message}`);
    case 'debug':
      return debug ? dim(`· ${message}`) : undefined;
    case 'group':
      return bold(`▸ ${message}`);
    case 'endgroup':
    case 'add-mask':
      return undefined;
    default:
      return undefined;
  }
}

/** Runs an action; resolves with its exit code, outputs and the summary markdown. */
export async function runAction(
  name,
  inputs,
  { root = repoRoot, event, env = process.env, cwd = process.cwd(), onLine, debug = false } = {},
) {
  const action = readAction(name, root);
  const bundle = join(root, 'dist', name, 'index.js');
  if (!existsSync(bundle)) throw new Error(`dist/${name}/index.js is missing; run \`npm run build\``);
  const temp = mkdtempSync(join(tmpdir(), `shipkit-cli-${name}-`));
  const files = { output: join(temp, 'output'), summary: join(temp, 'summary.md'), event: join(temp, 'event.json') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  if (event) writeFileSync(files.event, readFileSync(resolve(cwd, event)));
  else writeFileSync(files.event, '{}');
  const childEnv = { ...env };
  for (const key of Object.keys(childEnv)) if (key.startsWith('INPUT_')) delete childEnv[key];
  for (const [input, spec] of Object.entries(action.inputs)) {
    let value = inputs[input] ?? (spec.default === undefined ? undefined : String(spec.default));
    // Workflow expressions in defaults: the one that matters locally is the token.
    if (value !== undefined && value.includes('${{')) value = /github\.token/.test(value) ? (env.GITHUB_TOKEN ?? '') : '';
    if (value !== undefined) childEnv[`INPUT_${input.toUpperCase()}`] = value;
  }
  Object.assign(childEnv, {
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: env.GITHUB_EVENT_NAME ?? (event ? 'pull_request' : 'workflow_dispatch'),
    GITHUB_WORKSPACE: env.GITHUB_WORKSPACE ?? cwd,
    RUNNER_TEMP: env.RUNNER_TEMP ?? temp,
    SHIPKIT_LOCAL: '1',
  });
  const child = spawn(process.execPath, [bundle], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  const read = commandReader();
  const emit = (line) => {
    const r = read(line);
    const rendered = r.command ? renderCommand(r.command, { debug }) : r.hidden ? undefined : r.text;
    if (rendered !== undefined) onLine?.(rendered);
  };
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      emit(line);
    }
  });
  const code = await new Promise((resolveCode) => child.on('close', (c) => resolveCode(c ?? 1)));
  if (buffered) emit(buffered);
  const outputs = parseOutputFile(readFileSync(files.output, 'utf8'));
  const summary = readFileSync(files.summary, 'utf8');
  rmSync(files.output, { force: true });
  return { code, outputs, summary };
}

export async function main(argv, { root = repoRoot, write = (t) => process.stdout.write(t) } = {}) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    write(usage(root) + '\n');
    return name ? 0 : 1;
  }
  if (name === '--version') {
    write(`${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
    return 0;
  }
  const action = readAction(name, root);
  if (!action) {
    write(
      red(
        `✖ unknown action \`${name}\`; available: ${listActions(root)
          .map((a) => a.name)
          .join(', ')}`,
      ) + '\n',
    );
    return 1;
  }
  const { inputs, options, problems } = parseFlags(rest, action);
  if (options.help) {
    write(actionHelp(name, action) + '\n');
    return 0;
  }
  if (problems.length > 0) {
    for (const p of problems) write(red(`✖ ${p}`) + '\n');
    return 1;
  }
  const result = await runAction(name, inputs, {
    root,
    event: options.event,
    debug: Boolean(process.env.SHIPKIT_DEBUG),
    onLine: (l) => write(l + '\n'),
  });
  if (result.summary.trim()) write('\n' + renderMarkdown(result.summary, { bold, dim }) + '\n');
  if (options.json) write(JSON.stringify(result.outputs, null, 2) + '\n');
  else if (Object.keys(result.outputs).length > 0) {
    write(dim('outputs:') + '\n');
    for (const [k, v] of Object.entries(result.outputs)) write(dim(`  ${k} = ${v.includes('\n') ? JSON.stringify(v) : v}`) + '\n');
  }
  return result.code;
}
