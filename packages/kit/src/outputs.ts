/** Step outputs through `GITHUB_OUTPUT` (multi-line safe), redacted like everything else. */
import { fileCommand } from './commands';
import { redactor } from './redact';

export type OutputValue = string | number | boolean | undefined | null;

export function setOutput(name: string, value: OutputValue, env: NodeJS.ProcessEnv = process.env): void {
  const text = value === undefined || value === null ? '' : redactor.redact(String(value));
  // Outside a runner (and without the CLI's capture file) outputs are still visible.
  if (!fileCommand('GITHUB_OUTPUT', name, text, env)) process.stdout.write(`output ${name}=${text}\n`);
}

/** Declares an action's outputs once; `write` sets them all and is checked against action.yml. */
export function defineOutputs<const N extends readonly string[]>(names: N) {
  return {
    names,
    write(values: { [K in N[number]]: OutputValue }, env: NodeJS.ProcessEnv = process.env): void {
      for (const name of names) setOutput(name, values[name as N[number]], env);
    },
  };
}
