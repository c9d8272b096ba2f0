import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXmlString, streamXmlFile, XmlError } from '../src/index';

const collect = (xml: string): string[] => {
  const seen: string[] = [];
  parseXmlString(xml, { open: (n, a) => seen.push(`${n}${a.x ? `:${a.x}` : ''}`) });
  return seen;
};

describe('streaming XML with the hostile-XML policy', () => {
  it('reads elements and attributes', () => {
    expect(collect('<a x="1"><b/><b x="2"></b></a>')).toEqual(['a:1', 'b', 'b:2']);
  });

  it('ignores the external DTD that Cobertura reports name, and never fetches it', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage x="9"/>`;
    expect(collect(xml)).toEqual(['coverage:9']);
  });

  it('refuses entity declarations (billion laughs, XXE)', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>`;
    expect(() => collect(laughs)).toThrow(/entity declarations are never processed/);
    const xxe = `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>`;
    expect(() => collect(xxe)).toThrow(XmlError);
  });

  it('refuses a document that uses an undeclared entity', () => {
    expect(() => collect('<a>&secret;</a>')).toThrow(/entity/);
  });

  it('rejects truncated, empty and binary input', async () => {
    expect(() => collect('<a><b>')).toThrow(XmlError);
    expect(() => collect('')).toThrow(/root element|no XML element/);
    const dir = mkdtempSync(join(tmpdir(), 'xml-'));
    const bin = join(dir, 'bin.xml');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    await expect(streamXmlFile(bin, {})).rejects.toThrow(/binary|XML/);
    const cut = join(dir, 'cut.xml');
    writeFileSync(cut, '<coverage><packages><package name="a">');
    await expect(streamXmlFile(cut, {})).rejects.toThrow(XmlError);
  });

  it('streams a file and reports text and CDATA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xml-'));
    const file = join(dir, 'r.xml');
    writeFileSync(file, '<r><t>one &amp; two</t><t><![CDATA[<raw>]]></t></r>');
    const texts: string[] = [];
    await streamXmlFile(file, { text: (t) => texts.push(t) });
    expect(texts.join('|')).toBe('one & two|<raw>');
  });
});
