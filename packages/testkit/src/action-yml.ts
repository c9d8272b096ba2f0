/** Reads an action's action.yml (inputs, outputs, defaults) — shared by the harness, the CLI and the yml check. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface ActionYml {
  name: string;
  description: string;
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function readActionYml(name: string, root = repoRoot): ActionYml {
  const doc = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as ActionYml;
  doc.inputs ??= {};
  doc.outputs ??= {};
  for (const input of Object.values(doc.inputs)) if (input.default !== undefined) input.default = String(input.default);
  return doc;
}

export function actionNames(root = repoRoot): string[] {
  return readdirSync(join(root, 'actions'))
    .filter((n) => existsSync(join(root, 'actions', n, 'action.yml')))
    .sort();
}
