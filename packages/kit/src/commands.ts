/**
 * Workflow commands on stdout (https://docs.github.com/actions/reference/workflow-commands).
 * Every message goes through the redactor first.
 */
import { randomBytes } from 'node:crypto';
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

export function issueCommand(
  command: string,
  properties: Record<string, string | number | undefined>,
  message: string,
  { redacted = true }: { redacted?: boolean } = {},
): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
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
