/**
 * The workflow rules OpenSSF Scorecard and zizmor enforce, checked on the parsed YAML (the `yaml`
 * package, with source positions) so a finding names the file, line and column:
 *
 * - `unpinned-uses`: a third-party action or reusable workflow not pinned to a full commit SHA
 *   (local `./…` is fine; `docker://` needs an `@sha256:` digest). Scorecard: Pinned-Dependencies;
 *   zizmor: unpinned-uses.
 * - `pin-comment`: a SHA pin without a `# vX.Y.Z` comment saying which release it is (Dependabot
 *   keeps the comment up to date; without it nobody can tell what runs).
 * - `template-injection`: a `${{ }}` expression inside a `run:` script (or actions/github-script's
 *   `script:`) that is not one of the few values the workflow controls: the runner pastes it into
 *   the script before the shell reads it. Values go through `env:`. zizmor: template-injection.
 * - `missing-permissions`: no top-level `permissions:` and a job without its own. Scorecard:
 *   Token-Permissions; zizmor: excessive-permissions.
 * - `excessive-permissions`: `write-all`, or a write scope at the top level (every job gets it;
 *   grant it to the job that needs it).
 * - `persisted-credentials`: actions/checkout without `persist-credentials: false` leaves the token
 *   in .git/config for every later step (and any artifact of the workspace). zizmor: artipacked.
 * - `dangerous-checkout`: `pull_request_target` or `workflow_run` with a checkout of the pull
 *   request's head: untrusted code runs with the base repository's token and secrets. Scorecard:
 *   Dangerous-Workflow; zizmor: dangerous-triggers.
 * - `missing-timeout`: a job without `timeout-minutes` runs up to GitHub's 6 hours when it hangs.
 * - `tee-without-pipefail`: `cmd | tee file` in a step whose shell has no pipefail (GitHub runs an
 *   unspecified shell as `bash -e`): the step's status is tee's, so a failing `cmd` passes.
 * - `reusable-local-action`: `uses: ./…` in a workflow only other workflows call resolves against
 *   the CALLER's workspace, not this repository. It must point into a directory an earlier step
 *   of the job checked out from `job.workflow_repository` at `job.workflow_sha`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

export type RuleId =
  | 'yaml'
  | 'unpinned-uses'
  | 'pin-comment'
  | 'template-injection'
  | 'missing-permissions'
  | 'excessive-permissions'
  | 'persisted-credentials'
  | 'dangerous-checkout'
  | 'missing-timeout'
  | 'tee-without-pipefail'
  | 'reusable-local-action';

export interface Finding {
  rule: RuleId;
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface CheckOptions {
  /**
   * `uses:` references allowed with a tag instead of a SHA (zizmor's `ref-pin` policy), e.g. the
   * project's own actions in its README, which users take by their major tag.
   */
  refPinAllowed?: readonly RegExp[];
}

/** github.* properties whose values the workflow's author controls, or that cannot carry shell syntax. */
const SAFE_GITHUB = new Set([
  'action_path',
  'action_repository',
  'actor_id',
  'api_url',
  'event_name',
  'graphql_url',
  'job',
  'ref_type',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'retention_days',
  'run_attempt',
  'run_id',
  'run_number',
  'server_url',
  'sha',
  'workflow_sha',
  'workspace',
]);
/** Contexts whose every property is set by the runner or the workflow itself. */
const SAFE_CONTEXTS = new Set(['runner', 'strategy', 'job', 'matrix']);
const KEYWORDS = new Set(['true', 'false', 'null']);
const SHA = /^[0-9a-f]{40}$/;

/** The context references of one `${{ }}` expression: `github.event.issue.title`, `inputs.x`, … */
export function contextReferences(expression: string): string[] {
  const withoutStrings = expression.replace(/'(?:[^']|'')*'/g, "''");
  const refs: string[] = [];
  const token = /[A-Za-z_][\w-]*(?:\s*(?:\.\s*[\w-]+|\.\*|\[[^\]]*\]))*/g;
  for (const m of withoutStrings.matchAll(token)) {
    const after = withoutStrings.slice(m.index + m[0].length).trimStart();
    if (after.startsWith('(')) continue; // a function: contains(), format(), toJSON(), …
    const ref = m[0].replace(/\s+/g, '');
    if (KEYWORDS.has(ref)) continue;
    refs.push(ref);
  }
  return refs;
}

export function isTrustedReference(ref: string): boolean {
  const [root, prop] = ref.split(/[.[]/, 2);
  if (root === undefined) return false;
  if (SAFE_CONTEXTS.has(root)) return true;
  return root === 'github' && prop !== undefined && SAFE_GITHUB.has(prop);
}

/** The `${{ }}` expressions of a string, with their offsets. */
export function expressions(text: string): { expression: string; index: number }[] {
  const out: { expression: string; index: number }[] = [];
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) out.push({ expression: m[1]!.trim(), index: m.index });
  return out;
}

type Shell = { name: string; pipefail: boolean };

/** The shell GitHub runs a `run:` step with: unspecified → `bash -e {0}`; `bash` → `bash --noprofile --norc -eo pipefail {0}`. */
export function effectiveShell(shell: string | undefined): Shell {
  if (shell === undefined) return { name: 'bash', pipefail: false };
  return { name: shell.split(/\s+/)[0] ?? shell, pipefail: shell === 'bash' || /-o\s*pipefail|-\w*o\s+pipefail/.test(shell) };
}

/** Lines of a script that pipe into `tee` (the status of such a pipeline is tee's without pipefail). */
export function teePipelines(script: string): string[] {
  const joined = script.replace(/\\\n/g, ' ');
  if (/^\s*set\s.*\bpipefail\b/m.test(joined)) return [];
  return joined.split('\n').filter((line) => /(?<!\|)\|(?!\|)\s*tee\b/.test(line.replace(/#.*$/, '')));
}

const get = (map: unknown, key: string): unknown => (isMap(map) ? map.get(key, true) : undefined);
const str = (node: unknown): string | undefined =>
  isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
const pairs = (map: unknown): Pair[] => (isMap(map) ? (map.items as Pair[]) : []);
const keyName = (pair: Pair): string => String(isScalar(pair.key) ? pair.key.value : pair.key);

/** Every rule on one workflow file. */
export function checkWorkflow(text: string, file: string, options: CheckOptions = {}): Finding[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const findings: Finding[] = [];
  const at = (node: unknown, rule: RuleId, message: string): void => {
    const offset = (node as Node | undefined)?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    findings.push({ rule, file, line, column: col, message });
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) at({ range: [e.pos[0]] }, 'yaml', e.message);
    return findings;
  }
  const root = doc.contents;
  if (!isMap(root)) {
    at(root, 'yaml', 'a workflow is a YAML map');
    return findings;
  }

  const triggers = triggerNames(get(root, 'on'));
  const onlyCalled = triggers.size === 1 && triggers.has('workflow_call');
  const topPermissions = get(root, 'permissions');
  const lineEnd = (node: Node): string => {
    const end = node.range?.[1] ?? 0;
    const next = text.indexOf('\n', end);
    return text.slice(end, next === -1 ? undefined : next);
  };

  const checkUses = (node: unknown, kind: 'action' | 'workflow'): string | undefined => {
    const uses = str(node);
    if (uses === undefined) return undefined;
    if (uses.startsWith('./')) return uses;
    if (uses.startsWith('docker://')) {
      if (!uses.includes('@sha256:')) at(node, 'unpinned-uses', `\`${uses}\` is not pinned: use the image's digest (\`@sha256:…\`)`);
      return uses;
    }
    const [name, ref] = uses.split('@');
    if (options.refPinAllowed?.some((re) => re.test(uses))) return uses;
    if (ref === undefined || !SHA.test(ref)) {
      at(
        node,
        'unpinned-uses',
        `\`${uses}\` is not pinned: pin the ${kind} to a full commit SHA with its version as a comment (\`${name}@<40-hex sha> # ${ref ?? 'vX.Y.Z'}\`)`,
      );
    } else if (!/#\s*v?\d+(\.\d+)*\b/.test(lineEnd(node as Node))) {
      at(node, 'pin-comment', `\`${uses}\`: say which release the SHA is (\`# vX.Y.Z\` after it)`);
    }
    return uses;
  };

  const checkScript = (node: unknown, where: string): void => {
    const script = str(node);
    if (script === undefined) return;
    for (const { expression } of expressions(script)) {
      const untrusted = contextReferences(expression).filter((r) => !isTrustedReference(r));
      if (untrusted.length === 0) continue;
      at(
        node,
        'template-injection',
        `\`\${{ ${expression} }}\` in ${where} is pasted into the script before it runs (${untrusted.join(', ')} may carry shell syntax): pass it through env: and use the variable`,
      );
    }
  };

  checkPermissions(topPermissions, true);
  function checkPermissions(node: unknown, topLevel: boolean, job?: string): void {
    if (node === undefined) return;
    const value = str(node);
    const where = topLevel ? 'at the top level' : `in job \`${job}\``;
    if (value === 'write-all') {
      at(node, 'excessive-permissions', `\`permissions: write-all\` ${where}: grant each job only the scopes it uses`);
      return;
    }
    if (!topLevel) return;
    for (const p of pairs(node))
      if (str(p.value) === 'write')
        at(
          p.key,
          'excessive-permissions',
          `\`${keyName(p)}: write\` at the top level applies to every job: grant it to the job that needs it`,
        );
  }

  const jobs = get(root, 'jobs');
  const defaultShell = str(get(get(get(root, 'defaults'), 'run'), 'shell'));
  for (const jobPair of pairs(jobs)) {
    const jobId = keyName(jobPair);
    const job = jobPair.value as YAMLMap;
    const jobPermissions = get(job, 'permissions');
    if (topPermissions === undefined && jobPermissions === undefined)
      at(
        jobPair.key,
        'missing-permissions',
        `job \`${jobId}\` has no \`permissions:\` and the workflow has none at the top level: the token gets the repository's default scopes`,
      );
    checkPermissions(jobPermissions, false, jobId);

    const called = get(job, 'uses');
    if (called !== undefined) {
      checkUses(called, 'workflow');
      continue; // a reusable workflow call: its own jobs carry steps and timeouts
    }
    if (get(job, 'timeout-minutes') === undefined)
      at(jobPair.key, 'missing-timeout', `job \`${jobId}\` has no \`timeout-minutes\`: a hung step holds the runner for 6 hours`);

    const jobShell = str(get(get(get(job, 'defaults'), 'run'), 'shell')) ?? defaultShell;
    const steps = get(job, 'steps');
    const selfCheckouts: string[] = [];
    for (const step of isSeq(steps) ? steps.items : []) {
      const usesNode = get(step, 'uses');
      const uses = checkUses(usesNode, 'action');
      const withs = get(step, 'with');
      if (uses?.startsWith('./') && onlyCalled) {
        const inside = selfCheckouts.some((dir) => uses.startsWith(`./${dir.replace(/^\.\/|\/$/g, '')}/`));
        if (!inside)
          at(
            usesNode,
            'reusable-local-action',
            `\`${uses}\` in a workflow other workflows call resolves against the caller's checkout: check out \`\${{ job.workflow_repository }}\` at \`\${{ job.workflow_sha }}\` into a directory first and use the action from there`,
          );
      }
      if (uses !== undefined && /^actions\/checkout@/.test(uses) && isSelfCheckout(withs)) selfCheckouts.push(str(get(withs, 'path'))!);
      if (uses !== undefined && /^actions\/checkout@/.test(uses)) {
        const persist = get(withs, 'persist-credentials');
        const value = isScalar(persist) ? String(persist.value) : undefined;
        if (value !== 'false')
          at(
            usesNode,
            'persisted-credentials',
            'actions/checkout keeps the token in .git/config for every later step: set `persist-credentials: false` (pass a token explicitly where a step pushes)',
          );
        if (triggers.has('pull_request_target') || triggers.has('workflow_run')) {
          const ref = `${str(get(withs, 'ref')) ?? ''} ${str(get(withs, 'repository')) ?? ''}`;
          if (/head|refs\/pull\/|merge/.test(ref))
            at(
              usesNode,
              'dangerous-checkout',
              `checks out the pull request's head (\`${ref.trim()}\`) under ${[...triggers].filter((t) => t === 'pull_request_target' || t === 'workflow_run').join('/')}: untrusted code would run with the base repository's token and secrets`,
            );
        }
      }
      if (uses !== undefined && /^actions\/github-script@/.test(uses)) checkScript(get(withs, 'script'), 'actions/github-script `script:`');
      const run = get(step, 'run');
      if (run !== undefined) {
        checkScript(run, '`run:`');
        const shell = effectiveShell(str(get(step, 'shell')) ?? jobShell);
        if (shell.name === 'bash' && !shell.pipefail) {
          const lines = teePipelines(str(run) ?? '');
          if (lines.length > 0)
            at(
              run,
              'tee-without-pipefail',
              `\`${lines[0]!.trim().replace(/\s+/g, ' ')}\`: GitHub runs this step as \`bash -e\` (no pipefail), so its status is tee's and a failing command passes; add \`shell: bash\` (which adds \`-o pipefail\`) or \`set -o pipefail\``,
            );
        }
      }
    }
  }
  return findings;
}

/** A checkout of the repository this workflow file belongs to, at the commit it runs from, into a sub-directory. */
function isSelfCheckout(withs: unknown): boolean {
  const value = (key: string): string => (str(get(withs, key)) ?? '').replace(/\s+/g, '');
  return value('repository') === '${{job.workflow_repository}}' && value('ref') === '${{job.workflow_sha}}' && value('path') !== '';
}

/** The event names of `on:` (a string, a list or a map). */
export function triggerNames(on: unknown): Set<string> {
  if (isScalar(on)) return new Set([String(on.value)]);
  if (isSeq(on)) return new Set(on.items.map((i) => str(i) ?? ''));
  return new Set(pairs(on).map(keyName));
}

export const formatFinding = (f: Finding): string => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.rule}]`;

export interface ActionUse {
  job: string;
  uses: string;
  /** The `with:` keys given. */
  inputs: string[];
  /** The `secrets:` keys given (a job that calls a reusable workflow). */
  secrets?: string[];
  line: number;
}

/** Every `uses:` (steps, and jobs that call a reusable workflow) with the inputs it passes, to check them against what the action or workflow declares. */
export function actionUses(text: string): ActionUse[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const out: ActionUse[] = [];
  for (const jobPair of pairs(get(doc.contents, 'jobs'))) {
    const called = get(jobPair.value, 'uses');
    if (str(called) !== undefined)
      out.push({
        job: keyName(jobPair),
        uses: str(called)!,
        inputs: pairs(get(jobPair.value, 'with')).map(keyName),
        secrets: pairs(get(jobPair.value, 'secrets')).map(keyName),
        line: lineCounter.linePos((called as Node).range?.[0] ?? 0).line,
      });
    const steps = get(jobPair.value, 'steps');
    for (const step of isSeq(steps) ? steps.items : []) {
      const node = get(step, 'uses');
      const uses = str(node);
      if (uses === undefined) continue;
      out.push({
        job: keyName(jobPair),
        uses,
        inputs: pairs(get(step, 'with')).map(keyName),
        line: lineCounter.linePos((node as Node).range?.[0] ?? 0).line,
      });
    }
  }
  return out;
}
