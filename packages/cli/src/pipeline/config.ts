// shipkit.yml: the configuration of `shipkit pipeline`. Its keys are the inputs of the reusable
// release workflow (.github/workflows/promote.yml), plus the pull-request workflow's test, coverage,
// mutation and risk-gate inputs, with the same names, types and defaults, so one description serves both.
// Declared once here; packages/cli/test/pipeline-config.test.ts checks this table against the
// workflows' `on.workflow_call.inputs`.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { parseDuration } from '@shipkit/kit/duration';
import { CliError } from '../errors.ts';

export interface KeySpec {
  type: 'string' | 'boolean';
  default: string | boolean;
  /** The workflow whose input this key is. */
  workflow: 'promote' | 'pull-request';
  /** What the local pipeline does with it. */
  local: string;
}

const promote = (def: string, local: string): KeySpec => ({ type: 'string', default: def, workflow: 'promote', local });
const pr = (def: string, local: string): KeySpec => ({ type: 'string', default: def, workflow: 'pull-request', local });

export const PIPELINE_KEYS = {
  'node-version': promote('24', 'not used: the pipeline runs on the Node that runs shipkit (a different major is warned about)'),
  'install-command': promote('npm ci', 'not run: your checkout is installed already'),
  'build-command': promote('npm run build', 'run once in the project; empty skips it'),
  'artifact-path': promote('dist', 'the built directory, copied once and deployed unchanged to preview, staging and production'),
  provider: promote('vercel', 'not used: the local pipeline always deploys with the local provider'),
  project: promote('', "the app's name (ledger records, its traffic proxy); default the project folder's name"),
  account: promote('', 'not used'),
  'start-command': promote('', 'how the artifact is started (`$PORT` is set); required'),
  'deploy-command': promote('', 'not used (command provider)'),
  'promote-command': promote('', 'not used (command provider)'),
  'rollback-command': promote('', 'not used (command provider)'),
  'weight-command': promote('', 'not used (command provider)'),
  'staging-environment': promote('staging', "staging's environment in the local ledger"),
  'production-environment': promote('production', "production's environment in the local ledger"),
  'smoke-probes': promote('', 'smoke probes after every deploy, the canary traffic and the watch (inline YAML or a file)'),
  'canary-steps': promote('5,25,100', "the canary's traffic weights in %"),
  bake: promote('5m', 'the longest watch of each canary step'),
  source: promote('', 'the analysis source; empty: the traffic proxy counts the canary, probes watch production'),
  'prometheus-url': promote('', 'source prometheus'),
  metrics: promote('', 'the metrics the analysis reads'),
  selector: promote('', 'the labels of the release'),
  'error-slo': promote('99.5%', 'share of requests that must succeed'),
  'latency-slo': promote('', 'e.g. `99% < 300ms`; empty: the actions’ default'),
  baseline: promote('auto', 'what the canary is judged against: auto, concurrent or none (the SLOs alone)'),
  'watch-duration': promote('15m', 'the longest watch of production after the promotion'),
  hotfix: { type: 'boolean', default: false, workflow: 'promote', local: 'no "go" prompt; the smoke tests and the analysis still run' },
  'test-command': pr('npm test -- --coverage', 'the tests, with coverage'),
  'coverage-files': pr('coverage/lcov.info', 'the coverage reports the tests write'),
  'min-new-lines': pr('90', '% of changed lines that must be covered'),
  'min-new-branches': pr('80', '% of branches on changed lines that must be covered'),
  mutation: { type: 'boolean', default: true, workflow: 'pull-request', local: 'mutation testing of the changed lines' },
  'min-mutation-score': pr('75', 'mutation score the changed lines need'),
  'risk-gate': {
    type: 'boolean',
    default: true,
    workflow: 'pull-request',
    local: "the risk stage: risk-gate's class of the change (informational), with `trust: none` and nothing sent to GitHub",
  },
  'risk-rules': pr('', "risk-gate's `rules` (YAML, or a path read from the base commit); empty = the built-in classes"),
} as const satisfies Record<string, KeySpec>;

export type PipelineKey = keyof typeof PIPELINE_KEYS;
export type PipelineConfig = { [K in PipelineKey]: (typeof PIPELINE_KEYS)[K]['type'] extends 'boolean' ? boolean : string };

export const PIPELINE_KEY_NAMES = Object.keys(PIPELINE_KEYS) as PipelineKey[];

const isKey = (name: string): name is PipelineKey => Object.hasOwn(PIPELINE_KEYS, name);

export function defaultConfig(): PipelineConfig {
  return Object.fromEntries(PIPELINE_KEY_NAMES.map((k) => [k, PIPELINE_KEYS[k].default])) as PipelineConfig;
}

/**
 * The configuration in `text` (a shipkit.yml), over the defaults. Every mistake is a CliError
 * naming the file and the key: an unknown key names the valid ones.
 */
export function parsePipelineConfig(text: string, file = 'shipkit.yml'): PipelineConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0]?.line;
    throw new CliError(
      `${file} is not valid YAML${line ? ` (line ${line})` : ''}: ${e?.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const value = doc.toJS() as unknown;
  const config = defaultConfig();
  if (value === null || value === undefined) return config;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new CliError(
      `${file} must be a mapping of keys to values (\`start-command: node server.js\`), not a ${Array.isArray(value) ? 'list' : typeof value}`,
    );
  const entries = Object.entries(value as Record<string, unknown>);
  const unknown = entries.map(([k]) => k).filter((k) => !isKey(k));
  if (unknown.length > 0)
    throw new CliError(
      `${file}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}; the valid keys (the release workflow's inputs, and the pull-request workflow's test, coverage, mutation and risk-gate inputs) are: ${PIPELINE_KEY_NAMES.join(', ')}`,
    );
  const mutable = config as Record<PipelineKey, string | boolean>;
  for (const [name, raw] of entries) {
    const key = name as PipelineKey;
    if (raw === null || raw === undefined) continue; // `key:` with nothing after it: the default
    const spec: KeySpec = PIPELINE_KEYS[key];
    if (spec.type === 'boolean') {
      if (typeof raw !== 'boolean') throw new CliError(`${file}: \`${key}\` must be true or false, not ${JSON.stringify(raw)}`);
      mutable[key] = raw;
    } else {
      if (typeof raw === 'object')
        throw new CliError(
          `${file}: \`${key}\` must be a string (a YAML block \`|\` for several lines), not a ${Array.isArray(raw) ? 'list' : 'mapping'}`,
        );
      mutable[key] = String(raw);
    }
  }
  checkValues(config, file);
  return config;
}

/** What the pipeline itself reads from the values, checked before any stage runs (the actions check the rest). */
function checkValues(c: PipelineConfig, file: string): void {
  const steps = c['canary-steps'].split(',').map((s) => s.trim());
  const weights = steps.map(Number);
  if (
    steps.some((s) => !/^\d+$/.test(s)) ||
    weights.some((w, i) => w < 1 || w > 100 || (i > 0 && w <= (weights[i - 1] ?? 0))) ||
    weights.at(-1) !== 100
  )
    throw new CliError(
      `${file}: \`canary-steps\` must be increasing percentages ending at 100, comma-separated (e.g. \`5,25,100\`), not \`${c['canary-steps']}\``,
    );
  for (const key of ['bake', 'watch-duration'] as const)
    if (parseDuration(c[key]) === undefined || (parseDuration(c[key]) ?? 0) < 1000)
      throw new CliError(`${file}: \`${key}\` must be a duration of at least a second (e.g. \`30s\`, \`5m\`, \`1h\`), not \`${c[key]}\``);
  for (const key of ['min-new-lines', 'min-new-branches', 'min-mutation-score'] as const) {
    const n = Number(c[key]);
    if (c[key].trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
      throw new CliError(`${file}: \`${key}\` must be a percentage between 0 and 100 (e.g. \`80\`), not \`${c[key]}\``);
  }
  if (c['start-command'].trim() === '')
    throw new CliError(
      `${file}: \`start-command\` is required: how the built artifact starts on this machine, listening on \`$PORT\` (e.g. \`start-command: node server.js\`)`,
    );
  if (c.project !== '' && !/^[\w.-]{1,100}$/.test(c.project))
    throw new CliError(`${file}: \`project\` (the app's name) may hold letters, digits, \`.\`, \`_\` and \`-\` only, not \`${c.project}\``);
}

/** Reads and checks the configuration file. */
export function readPipelineConfig(path: string, shown = path): PipelineConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new CliError(
        `no ${shown} here: \`shipkit pipeline\` needs one, with at least \`start-command\` (how your built app starts); the README's "Run the pipeline locally" has an example`,
      );
    throw new CliError(`cannot read ${shown} (${code ?? (error as Error).message})`);
  }
  return parsePipelineConfig(text, shown);
}
