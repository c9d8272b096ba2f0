/** The saxes-based reader (full XML grammar checks, attribute objects): see ./index for the policy. */
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { checkDoctype, XmlError } from './policy';

export interface XmlHandlers {
  /** An element opened; attributes are plain strings. */
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  /** Text and CDATA inside the current element (may arrive in several pieces). */
  text?(text: string): void;
}

export interface XmlStreamOptions {
  /** Stop reading after this many bytes (a guard against runaway inputs). */
  maxBytes?: number;
  /** Called with the raw DOCTYPE text, after the policy check. */
  doctype?(text: string): void;
}

function makeParser(handlers: XmlHandlers, options: XmlStreamOptions): { parser: SaxesParser; error: () => XmlError | undefined } {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failure: XmlError | undefined;
  let sawRoot = false;
  parser.on('doctype', (text) => {
    checkDoctype(text);
    options.doctype?.(text);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    sawRoot = true;
    handlers.open?.(tag.name, tag.attributes as Record<string, string>);
  });
  parser.on('closetag', (tag) => handlers.close?.(tag.name));
  if (handlers.text) {
    parser.on('text', (t) => handlers.text?.(t));
    parser.on('cdata', (t) => handlers.text?.(t));
  }
  parser.on('error', (e) => {
    failure ??= new XmlError(describeSaxesError(e.message), parser.line, parser.column);
    throw failure;
  });
  return {
    parser,
    error: () => failure ?? (sawRoot ? undefined : new XmlError('no XML element found (empty or not an XML document)')),
  };
}

function describeSaxesError(message: string): string {
  if (/undefined entity/i.test(message))
    return `${message.replace(/^.*?:\d+:\d+:\s*/, '')} (the report relies on an entity declaration, which is never processed)`;
  return message.replace(/^.*?:\d+:\d+:\s*/, '');
}

/** Streams an XML file through the handlers. Throws XmlError on malformed or hostile input. */
export async function streamXmlFile(path: string, handlers: XmlHandlers, options: XmlStreamOptions = {}): Promise<void> {
  const { parser, error } = makeParser(handlers, options);
  let bytes = 0;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      if (bytes === 0 && chunk.includes('\u0000')) throw new XmlError('the file contains NUL bytes; it is binary, not XML');
      bytes += chunk.length;
      if (options.maxBytes !== undefined && bytes > options.maxBytes)
        throw new XmlError(`the file is larger than ${options.maxBytes} bytes`);
      parser.write(chunk);
    }
    parser.close();
  } catch (e) {
    stream.destroy();
    if (e instanceof XmlError) throw e;
    throw new XmlError(e instanceof Error ? describeSaxesError(e.message) : String(e), parser.line, parser.column);
  }
  const failure = error();
  if (failure) throw failure;
}

/** Same as streamXmlFile for a string already in memory (small inputs, tests). */
export function parseXmlString(text: string, handlers: XmlHandlers, options: XmlStreamOptions = {}): void {
  const { parser, error } = makeParser(handlers, options);
  try {
    if (text.includes('\u0000')) throw new XmlError('the text contains NUL bytes; it is binary, not XML');
    parser.write(text).close();
  } catch (e) {
    if (e instanceof XmlError) throw e;
    throw new XmlError(e instanceof Error ? describeSaxesError(e.message) : String(e), parser.line, parser.column);
  }
  const failure = error();
  if (failure) throw failure;
}
