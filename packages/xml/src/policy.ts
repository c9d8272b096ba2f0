/**
 * The hostile-XML policy both readers share (the saxes reader in ./sax and the fast scanner in
 * ./scan): the error type, and which DOCTYPE contents are refused. Its own module, so neither
 * reader imports the other (or the package index).
 */
export class XmlError extends Error {
  override readonly name = 'XmlError';
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** Throws when a DOCTYPE carries declarations we refuse to process. */
export function checkDoctype(doctype: string): void {
  if (/<!ENTITY/i.test(doctype))
    throw new XmlError(
      'the document declares XML entities in its DOCTYPE; entity declarations are never processed, so the report is refused',
    );
  if (/<!(ELEMENT|ATTLIST|NOTATION)/i.test(doctype)) {
    // An internal subset without entities is harmless: ignored.
  }
}
