/**
 * Workflow commands on stdout (https://docs.github.com/actions/reference/workflow-commands) and
 * file commands (GITHUB_OUTPUT, GITHUB_STATE). Every message goes through the redactor first.
 * Written to agree with @actions/core byte for byte (test/actions-core.test.ts), which is not
 * imported: it costs ~80 ms of cold start (see docs/DEVELOPING.md).
 */
import { appendFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { redactor } from './redact';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

let write: (line: string) => void = (line) => {
  process.stdout.write(`${line}\n`);
};

/** Lets tests and the CLI capture command output. */
export function setCommandWriter(writer: (line: string) => void): void {
  write = writer;
}

/** The order @actions/core writes annotation properties in (whatever order the caller used). */
const PROPERTY_ORDER = ['title', 'file', 'line', 'endLine', 'col', 'endColumn'];
const rank = (key: string): number => (PROPERTY_ORDER.includes(key) ? PROPERTY_ORDER.indexOf(key) : PROPERTY_ORDER.length);

export function issueCommand(
  command: string,
  properties: Record<string, string | number | undefined>,
  message: string,
  { redacted = true }: { redacted?: boolean } = {},
): void {
  const props = Object.entries(properties)
    // As @actions/core: a property with no value (undefined, '' or 0, never a valid line) is left out.
    .filter(([, v]) => v !== undefined && v !== '' && v !== 0)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => `${k}=${escapeProperty(redacted ? redactor.redact(String(v)) : String(v))}`)
    .join(',');
  const body = redacted ? redactor.redact(message) : message;
  write(`::${command}${props ? ` ${props}` : ''}::${escapeData(body)}`);
}

export const error = (message: string, props: AnnotationProperties = {}): void => issueCommand('error', { ...props }, message);
export const warning = (message: string, props: AnnotationProperties = {}): void => issueCommand('warning', { ...props }, message);
export const notice = (message: string, props: AnnotationProperties = {}): void => issueCommand('notice', { ...props }, message);
export const debug = (message: string): void => issueCommand('debug', {}, message);

/**
 * Plain log line (redacted). Text that would read as a workflow command (a line starting with
 * `::`, say from a response body or a log being diagnosed) is fenced with `stop-commands`, so the
 * runner prints it instead of obeying it.
 */
export function info(message: string): void {
  const text = redactor.redact(message);
  if (!/^\s*::/m.test(text)) return write(text);
  // Letters only, so a command-line reader such as the CLI's takes the end marker for a command it hides.
  const token = `shipkit-${randomBytes(16)
    .toString('hex')
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)] ?? 'g')}`;
  write(`::stop-commands::${token}`);
  write(text);
  write(`::${token}::`);
}

const masked = new Set<string>();

/**
 * Registers a secret with the runner and with our own redactor, once per value. The runner matches
 * masks line by line, so each line of a multi-line secret (a PEM key, a YAML map) is masked too.
 */
export function setSecret(value: string | undefined): void {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length < 4) return;
  const lines = trimmed.split(/\r?\n/).map((l) => l.trim());
  for (const form of lines.length > 1 ? [trimmed, ...lines] : [trimmed]) {
    if (form.length < 4 || masked.has(form)) continue;
    masked.add(form);
    redactor.addSecret(form);
    // The value itself must be sent unredacted, or the runner would mask `***`.
    issueCommand('add-mask', {}, form, { redacted: false });
  }
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  write(`::group::${escapeData(redactor.redact(name))}`);
  try {
    return await fn();
  } finally {
    write('::endgroup::');
  }
}

/**
 * Appends `name<<delimiter` / value / delimiter to the file a runner variable names
 * (GITHUB_OUTPUT, GITHUB_STATE): the multi-line-safe form @actions/core writes. Returns false when
 * the variable is not set (outside a runner).
 */
export function fileCommand(
  variable: 'GITHUB_OUTPUT' | 'GITHUB_STATE',
  name: string,
  value: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const file = env[variable];
  if (!file) return false;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  // A value holding the delimiter would end the value early; with a random UUID that is an attack.
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`the ${name} value contains its own delimiter`);
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, 'utf8');
  return true;
}

/** Saves state for the action's post step (redacted, like every value written). */
export function saveState(name: string, value: string | number | boolean, env: NodeJS.ProcessEnv = process.env): void {
  const text = redactor.redact(String(value));
  if (!fileCommand('GITHUB_STATE', name, text, env)) process.stdout.write(`state ${name}=${text}\n`);
}

/** State saved by the main step, as the runner hands it to the post step. */
export const getState = (name: string, env: NodeJS.ProcessEnv = process.env): string => env[`STATE_${name}`] ?? '';
