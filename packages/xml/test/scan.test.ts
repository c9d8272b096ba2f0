// The fast scanner: same answers as the saxes reader on well-formed input, the same hostile-XML
// policy, and refusal of the malformed and truncated documents reports turn up as.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEntities, parseXmlString, scanXmlString, XmlError, XmlScanner } from '../src/index';

const events = (xml: string, via: 'scan' | 'sax'): string[] => {
  const seen: string[] = [];
  if (via === 'scan')
    scanXmlString(xml, {
      open: (n, a) => seen.push(`<${n} ${JSON.stringify(a.all())}`),
      close: (n) => seen.push(`</${n}`),
      text: (t) => (t.trim() ? seen.push(`"${t.trim()}`) : undefined),
    });
  else
    parseXmlString(xml, {
      open: (n, a) => seen.push(`<${n} ${JSON.stringify(a)}`),
      close: (n) => seen.push(`</${n}`),
      text: (t) => (t.trim() ? seen.push(`"${t.trim()}`) : undefined),
    });
  return seen;
};

const corpus = join(import.meta.dirname, '..', '..', 'coverage', 'test', 'fixtures');

describe('scanXmlString', () => {
  it('reads elements, attributes (both quote styles, entities, `>` inside values), text, CDATA and comments', () => {
    const xml = `<?xml version="1.0"?>\n<!-- c --><a x="1 &amp; 2" y='it&apos;s &gt; 3' z="a>b"><b/>text &lt;ok&gt;<![CDATA[<raw>]]><c q = "&#65;&#x42;"></c></a>\n`;
    expect(events(xml, 'scan')).toEqual(events(xml, 'sax'));
  });

  it('agrees with the saxes reader on every XML coverage report of the corpus', () => {
    for (const kind of ['cobertura', 'clover', 'jacoco'])
      for (const name of readdirSync(join(corpus, kind))) {
        const xml = readFileSync(join(corpus, kind, name), 'utf8');
        expect(events(xml, 'scan'), name).toEqual(events(xml, 'sax'));
      }
  });

  it('reads single attributes and numbers in place, exactly as the full parse does', () => {
    const xml = `<r><line xnumber="9" number = "12" hits='3' big="12345678901234567890" neg="-2" odd="1e3" empty="" t="a&amp;b"/></r>`;
    scanXmlString(xml, {
      open: (n, a) => {
        if (n !== 'line') return;
        const all = a.all();
        for (const k of Object.keys(all)) expect(a.get(k), k).toBe(all[k]);
        expect(a.get('missing')).toBeUndefined();
        expect(a.number('number')).toBe(12);
        expect(a.number('hits')).toBe(3);
        expect(a.number('big')).toBe(Number('12345678901234567890'));
        expect(a.number('neg')).toBe(-2);
        expect(a.number('odd')).toBe(1000);
        expect(a.number('empty')).toBeNaN();
        expect(a.number('missing')).toBeNaN();
      },
    });
  });

  it('gives the same events however the input is split into chunks', () => {
    const xml = readFileSync(join(corpus, 'cobertura', 'cobertura-action-test-branch.xml'), 'utf8');
    const whole = events(xml, 'scan');
    for (const size of [1, 7, 64, 1000]) {
      const seen: string[] = [];
      const s = new XmlScanner({
        open: (n, a) => seen.push(`<${n} ${JSON.stringify(a.all())}`),
        close: (n) => seen.push(`</${n}`),
        text: (t) => (t.trim() ? seen.push(`"${t.trim()}`) : undefined),
      });
      for (let i = 0; i < xml.length; i += size) s.write(xml.slice(i, i + size));
      s.close();
      // Text may arrive in pieces when chunks split it; compare the markup events.
      expect(seen.filter((e) => !e.startsWith('"'))).toEqual(whole.filter((e) => !e.startsWith('"')));
    }
  });

  it('ignores the external DTD and refuses entity declarations and undefined entities', () => {
    expect(events('<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage v="1"/>', 'scan')).toEqual([
      '<coverage {"v":"1"}',
      '</coverage',
    ]);
    expect(() => events('<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>', 'scan')).toThrow(/entity declarations are never processed/);
    expect(() => events('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r x="&x;"/>', 'scan')).toThrow(XmlError);
    expect(() => events('<r><s n="&x;"/></r>', 'scan')).toThrow(/undefined entity `&x;`.*never processed/);
    expect(() => events('<r>&x;</r>', 'scan')).toThrow(/undefined entity/);
    expect(decodeEntities('&lt;&#60;&#x3c;')).toBe('<<<');
  });

  it('refuses malformed and truncated documents', () => {
    const bad: [string, RegExp][] = [
      ['<a><b></a>', /closing tag <\/a> does not match <b>/],
      ['<a></b>', /does not match/],
      ['</a>', /without an opening tag/],
      ['<a x=1/>', /attribute values must be quoted/],
      ['<a><b x="1"', /ends inside markup \(is the file truncated\?\)/],
      ['<a><b/>', /<a> still open \(is the file truncated\?\)/],
      ['<a/><b/>', /a second root element/],
      ['text', /text outside the root element/],
      ['', /no XML element found/],
      ['<a>x & y</a>', /bare `&`/],
    ];
    for (const [xml, message] of bad) expect(() => events(xml, 'scan'), xml).toThrow(message);
  });
});

describe('module structure', () => {
  it('no module of the package imports the package index (the index ↔ scan cycle stays broken)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const src = new URL('../src/', import.meta.url);
    for (const file of readdirSync(src).filter((f) => f.endsWith('.ts') && f !== 'index.ts'))
      expect(readFileSync(new URL(file, src), 'utf8'), file).not.toMatch(/from '\.\/index'|from '\.'/);
  });
});
