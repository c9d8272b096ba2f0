/**
 * A fast streaming XML scanner for very large machine-written reports (a 120 MB Cobertura file).
 * saxes checks every character against the XML grammar and builds an attribute object for every
 * element; this scanner jumps from `<` to `>` with indexOf and parses attributes only when the
 * handler asks for them, which makes it several times faster. It keeps the same hostile-XML policy
 * (checkDoctype: no entity declarations; the external DTD is never fetched; undefined entities are
 * refused) and the well-formedness checks that matter for reports: balanced, properly nested tags,
 * quoted attributes, a single root, nothing truncated.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { checkDoctype, XmlError } from './policy';

/**
 * The attributes of the element just opened, read on demand: `get` walks the raw tag text without
 * building an object (the hot path of a big report); `all` parses every attribute.
 */
export interface Attributes {
  get(name: string): string | undefined;
  /** The attribute as a number (NaN when absent or not a number), read without copying it out. */
  number(name: string): number;
  all(): Record<string, string>;
}

export interface ScanHandlers {
  /** An element opened. Valid only during the call. */
  open?(name: string, attributes: Attributes): void;
  close?(name: string): void;
  /** Text and CDATA inside elements, entity references decoded. */
  text?(text: string): void;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is refused. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`a bare \`&\` is not allowed in XML (near \`${whole.slice(0, 20)}\`)`);
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (m) {
      const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    }
    throw new XmlError(`undefined entity \`&${name};\` (the report relies on an entity declaration, which is never processed)`);
  });
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const SPACE = /\s*/y;

function parseAttributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  for (;;) {
    SPACE.lastIndex = i;
    SPACE.exec(raw);
    i = SPACE.lastIndex;
    if (i >= raw.length) return out;
    ATTRIBUTE.lastIndex = i;
    const m = ATTRIBUTE.exec(raw);
    if (!m) throw new XmlError(`malformed attributes \`${raw.slice(i, i + 40).trim()}\` (attribute values must be quoted)`);
    out[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? '');
    i = ATTRIBUTE.lastIndex;
  }
}

// One sticky match from after `<` to the `>` that ends the tag, stepping over quoted values whole
// (a `>` may appear inside them). Alternatives start with distinct characters, so a tag that the
// buffer cuts off fails in linear time.
const TAG_BODY = /(?:[^"'>]|"[^"]*"|'[^']*')*>/y;
const NAME_END = /[\s/>]/g;

/** Index of the `>` that ends the tag starting at `from`; -1 when the buffer ends first. */
function tagEnd(buf: string, from: number): number {
  TAG_BODY.lastIndex = from;
  return TAG_BODY.test(buf) ? TAG_BODY.lastIndex - 1 : -1;
}

/** Attribute access over buf[start, end) without copying the tag. */
class RawAttributes implements Attributes {
  buf = '';
  start = 0;
  end = 0;
  private cached: Record<string, string> | undefined;

  reset(buf: string, start: number, end: number): this {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.cached = undefined;
    return this;
  }

  /** [start, end) of the value of `name` inside buf; undefined when absent; null when malformed. */
  private find(name: string): [number, number] | undefined | null {
    const { buf, end } = this;
    let i = this.start;
    for (;;) {
      const eq = buf.indexOf('=', i);
      if (eq < 0 || eq >= end) return undefined;
      let q = eq + 1;
      while (q < end && buf.charCodeAt(q) <= 32) q++;
      const quote = buf[q];
      if (quote !== '"' && quote !== "'") return null;
      const close = buf.indexOf(quote, q + 1);
      if (close < 0 || close >= end) return null;
      let e = eq;
      while (e > i && buf.charCodeAt(e - 1) <= 32) e--;
      const s = e - name.length;
      if (s >= i && buf.startsWith(name, s) && (s === i || buf.charCodeAt(s - 1) <= 32)) return [q + 1, close];
      i = close + 1;
    }
  }

  get(name: string): string | undefined {
    const at = this.find(name);
    if (at === null) return this.all()[name]; // the full parser reports what is malformed
    return at ? decodeEntities(this.buf.slice(at[0], at[1])) : undefined;
  }

  number(name: string): number {
    const at = this.find(name);
    if (!at) return at === null ? Number(this.all()[name] ?? NaN) : NaN;
    const [from, to] = at;
    // Plain digits (nearly every count in a report) are read in place; anything else through Number.
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = this.buf.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || i - from > 14) return to === from ? NaN : Number(decodeEntities(this.buf.slice(from, to)));
      n = n * 10 + c;
    }
    return to === from ? NaN : n;
  }

  all(): Record<string, string> {
    return (this.cached ??= parseAttributes(this.buf.slice(this.start, this.end)));
  }
}

/** End of a DOCTYPE starting at `from` (its internal subset may hold `>`); -1 when incomplete. */
function doctypeEnd(buf: string, from: number): number {
  let inSubset = false;
  let quote = '';
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) return i;
  }
  return -1;
}

export class XmlScanner {
  private buf = '';
  private offset = 0; // characters consumed before `buf`
  private readonly stack: string[] = [];
  private sawRoot = false;
  private rootClosed = false;
  private readonly attributes = new RawAttributes();
  /** Element names seen so far, so a name repeated a million times is not copied a million times. */
  private readonly names: string[] = [];

  private name(buf: string, from: number, to: number): string {
    const length = to - from;
    for (const n of this.names) if (n.length === length && buf.startsWith(n, from)) return n;
    const fresh = buf.slice(from, to);
    if (this.names.length < 64) this.names.push(fresh);
    return fresh;
  }

  constructor(private readonly handlers: ScanHandlers) {}

  private fail(message: string, at: number): never {
    throw new XmlError(`${message} (at character ${this.offset + at})`);
  }

  private textSegment(text: string, at: number): void {
    if (this.stack.length === 0) {
      if (text.trim() !== '') this.fail('text outside the root element', at);
      return;
    }
    if (text.includes('&')) {
      const decoded = decodeEntities(text);
      this.handlers.text?.(decoded);
    } else this.handlers.text?.(text);
  }

  write(chunk: string): void {
    const buf = this.buf === '' ? chunk : this.buf + chunk;
    const { handlers, stack, attributes } = this;
    let pos = 0;
    // Entity references are rare in reports: when the buffer has no `&`, no tag needs checking.
    let nextAmpersand = buf.indexOf('&');
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        // Keep trailing text only when it may continue; text between tags is otherwise handled now.
        break;
      }
      if (lt > pos) this.textSegment(buf.slice(pos, lt), pos);
      pos = lt;
      const c = buf.charCodeAt(lt + 1);
      if (Number.isNaN(c)) break;
      if (c === 33 /* ! */) {
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
        } else if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9);
          if (end < 0) break;
          if (stack.length === 0) this.fail('CDATA outside the root element', lt);
          handlers.text?.(buf.slice(lt + 9, end));
          pos = end + 3;
        } else if (buf.startsWith('<!DOCTYPE', lt)) {
          const end = doctypeEnd(buf, lt + 9);
          if (end < 0) break;
          if (this.sawRoot) this.fail('a DOCTYPE after the root element', lt);
          checkDoctype(buf.slice(lt, end + 1));
          pos = end + 1;
        } else if (buf.length - lt < 9) break;
        else this.fail(`unexpected \`${buf.slice(lt, lt + 12)}\``, lt);
        continue;
      }
      if (c === 63 /* ? */) {
        const end = buf.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      const end = tagEnd(buf, lt + 1);
      if (end < 0) break;
      if (c === 47 /* / */) {
        let nameTo = end;
        while (nameTo > lt + 2 && buf.charCodeAt(nameTo - 1) <= 32) nameTo--;
        const name = this.name(buf, lt + 2, nameTo);
        const open = stack.pop();
        if (open !== name)
          this.fail(open ? `closing tag </${name}> does not match <${open}>` : `closing tag </${name}> without an opening tag`, lt);
        handlers.close?.(name);
        if (stack.length === 0) this.rootClosed = true;
      } else {
        NAME_END.lastIndex = lt + 1;
        const m = NAME_END.exec(buf);
        const nameEnd = m && m.index < end ? m.index : end;
        if (nameEnd === lt + 1) this.fail('an element without a name', lt);
        const name = this.name(buf, lt + 1, nameEnd);
        const selfClosing = buf.charCodeAt(end - 1) === 47;
        if (stack.length === 0) {
          if (this.rootClosed) this.fail(`a second root element <${name}>`, lt);
          this.sawRoot = true;
        }
        const attrEnd = selfClosing ? end - 1 : end;
        // Refuse undefined entities even in attributes no one reads.
        if (nextAmpersand >= 0) {
          if (nextAmpersand < nameEnd) nextAmpersand = buf.indexOf('&', nameEnd);
          if (nextAmpersand >= 0 && nextAmpersand < attrEnd) decodeEntities(buf.slice(nameEnd, attrEnd));
        }
        handlers.open?.(name, attributes.reset(buf, nameEnd, attrEnd));
        if (selfClosing) {
          handlers.close?.(name);
          if (stack.length === 0) this.rootClosed = true;
        } else stack.push(name);
      }
      pos = end + 1;
    }
    // Text after the last tag may continue in the next chunk; markup that did not finish certainly does.
    this.offset += pos;
    this.buf = buf.slice(pos);
  }

  close(): void {
    const rest = this.buf;
    if (rest.trim() !== '') {
      if (rest.trimStart().startsWith('<')) this.fail('the document ends inside markup (is the file truncated?)', 0);
      this.textSegment(rest, 0);
    }
    if (this.stack.length > 0)
      throw new XmlError(`the document ends with <${this.stack[this.stack.length - 1]}> still open (is the file truncated?)`);
    if (!this.sawRoot) throw new XmlError('no XML element found (empty or not an XML document)');
  }
}

/** Streams a file through the scanner; throws XmlError on malformed or hostile input. */
export async function scanXmlFile(path: string, handlers: ScanHandlers): Promise<void> {
  const scanner = new XmlScanner(handlers);
  // Large reads (fewer trips to the thread pool), scanned in 64 KB pieces of text (small strings
  // stay in V8's young generation).
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder('utf8');
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first && chunk.includes(0)) throw new XmlError('the file contains NUL bytes; it is binary, not XML');
      for (let off = 0; off < chunk.length; off += 1 << 16) {
        const text = decoder.write(chunk.subarray(off, off + (1 << 16)));
        scanner.write(first ? text.replace(/^\uFEFF/, '') : text);
        first = false;
      }
    }
    const rest = decoder.end();
    if (rest) scanner.write(rest);
    scanner.close();
  } finally {
    stream.destroy();
  }
}

/** The same for a string in memory (tests, small inputs). */
export function scanXmlString(text: string, handlers: ScanHandlers): void {
  if (text.includes('\u0000')) throw new XmlError('the text contains NUL bytes; it is binary, not XML');
  const scanner = new XmlScanner(handlers);
  scanner.write(text.replace(/^\uFEFF/, ''));
  scanner.close();
}
