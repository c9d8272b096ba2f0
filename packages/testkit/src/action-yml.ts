/** Reads an action's action.yml (inputs, outputs, defaults) — the runner contract's reader, by action name. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionNames as namesUnder, readActionYml as readFile, type ActionMetadata } from '@shipkit/cli/runner';

export type ActionYml = ActionMetadata;

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function readActionYml(name: string, root = repoRoot): ActionYml {
  return readFile(join(root, 'actions', name, 'action.yml'));
}

export function actionNames(root = repoRoot): string[] {
  return namesUnder(root);
}
