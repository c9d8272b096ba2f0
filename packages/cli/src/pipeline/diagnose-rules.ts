// The rules diagnose gets for the pipeline's own stage logs (its `rules` input, checked before its
// built-in ones). Those logs hold the actions' annotations as the CLI renders them —
// `✖ <file>:<line>: <title>: <message>` — and the verdicts of shipkit's own gates are there, not in
// any tool's raw output: a format gate's finding, the changed lines coverage-gate found untested,
// a surviving mutant, a failed smoke probe, a canary's abort. Each one gets its category and a next
// step that names where its details are.
import { stringify } from 'yaml';

interface Rule {
  id: string;
  pattern: string;
  category: string;
  tool: string;
  next?: string;
}

const WHERE = String.raw`^✖ (?:(?<file>[^:\s]+):(?<line>\d+)(?::\d+)?: )?`;
const gate = (names: string, category: string, tool: string): Rule => ({
  id: `fast-gates-${category}`,
  pattern: `${WHERE}(?:${names}): (?<message>.*)$`,
  category,
  tool,
});

export const PIPELINE_DIAGNOSE_RULES: readonly Rule[] = [
  gate('format|ruff-format', 'format', 'fast-gates'),
  gate('lint|ruff', 'lint', 'fast-gates'),
  gate('types|mypy', 'type', 'fast-gates'),
  {
    ...gate('secrets', 'security', 'fast-gates'),
    next: 'Remove the secret from the change (and its history), revoke and rotate it, then run the pipeline again.',
  },
  {
    id: 'coverage-gate',
    pattern: `${WHERE}(?:Changed lines not covered|Branches not taken|Coverage gate): (?<message>.*)$`,
    category: 'test',
    tool: 'coverage-gate',
    next: 'Add tests that run the changed lines and branches the coverage-gate summary in the reports directory lists, then run the pipeline again.',
  },
  {
    id: 'mutation-changed',
    pattern: `${WHERE}(?:Surviving mutant|Mutant without coverage|Mutation testing[^:]*): (?<message>.*)$`,
    category: 'test',
    tool: 'mutation-changed',
    next: 'Make the tests of the changed lines fail when the code is wrong: kill the surviving mutants the mutation-changed summary in the reports directory lists.',
  },
  {
    id: 'smoke',
    pattern: String.raw`^✖ smoke: (?<message>.*)$`,
    category: 'test',
    tool: 'smoke',
    next: 'The deployed artifact does not answer a smoke probe: start it with `start-command` in `artifact-path` and try the failing probe; the smoke report in the reports directory has each attempt.',
  },
  {
    id: 'deploy',
    pattern: String.raw`^✖ (?:[\w-]+ deploy failed: )?preview-deploy failed: (?<message>.*)$`,
    category: 'build',
    tool: 'preview-deploy',
    next: 'The artifact did not start: run `start-command` in a copy of `artifact-path` (with `PORT` set) and read its log; the deployment log is under .shipkit/local-deployments.',
  },
  {
    id: 'canary',
    pattern: String.raw`^✖ canary aborted(?: \([^)]*\))?: (?<message>.*)$`,
    category: 'unknown',
    tool: 'canary-step',
    next: "The release behaved worse than production under the same traffic; production stays on the stable release. Compare the release with production's commit, with the canary-step report's numbers (reports directory) as the evidence.",
  },
  {
    id: 'slo-watch',
    pattern: String.raw`^✖ slo-watch: (?<message>.*)$`,
    category: 'unknown',
    tool: 'slo-watch',
    next: "The release broke its SLO after it was promoted, and was rolled back. Compare it with production's commit, with the slo-watch report's numbers (reports directory) as the evidence.",
  },
];

/** The rules file diagnose reads. */
export const diagnoseRulesYaml = (): string =>
  `# diagnose rules for shipkit pipeline's stage logs (written by shipkit pipeline)\n${stringify({ rules: PIPELINE_DIAGNOSE_RULES }, { lineWidth: 0 })}`;
