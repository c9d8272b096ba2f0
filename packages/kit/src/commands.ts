/**
 * Workflow commands on stdout (https://docs.github.com/actions/reference/workflow-commands).
 * Every message goes through the redactor first.
 */
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

/** Plain log line (redacted). */
export const info = (message: string): void => write(redactor.redact(message));

/** Registers a secret with the runner and with our own redactor. */
export function setSecret(value: string | undefined): void {
  if (!value || value.trim().length < 4) return;
  redactor.addSecret(value);
  // The value itself must be sent unredacted, or the runner would mask `***`.
  issueCommand('add-mask', {}, value, { redacted: false });
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  write(`::group::${escapeData(redactor.redact(name))}`);
  try {
    return await fn();
  } finally {
    write('::endgroup::');
  }
}
