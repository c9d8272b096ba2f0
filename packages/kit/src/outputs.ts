/** Step outputs through `GITHUB_OUTPUT` (multi-line safe), redacted like everything else. */
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { redactor } from './redact';

export type OutputValue = string | number | boolean | undefined | null;

export function setOutput(name: string, value: OutputValue, env: NodeJS.ProcessEnv = process.env): void {
  const text = value === undefined || value === null ? '' : redactor.redact(String(value));
  const file = env.GITHUB_OUTPUT;
  if (!file) {
    // Outside a runner (and without the CLI's capture file) outputs are still visible.
    process.stdout.write(`output ${name}=${text}\n`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${text}\n${delimiter}\n`, 'utf8');
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
