/**
 * Cobertura, Clover and JaCoCo XML, streamed through @shipkit/xml's fast scanner (no DOM; the
 * external DTD that Cobertura and JaCoCo reports name is never fetched; entity declarations are
 * refused). Attributes are parsed only for the elements read here: inside Cobertura's `<methods>`
 * (which repeat the class's lines) nothing is parsed.
 */
import { scanXmlFile, XmlError, type Attributes } from '@shipkit/xml';
import { CoverageData, CoverageReportError, LineNumberError, type FileCoverage } from './model';

type XmlFormat = 'cobertura' | 'clover' | 'jacoco';

const num = (text: string | undefined): number => (text === undefined || text === '' ? NaN : Number(text));

/** A copy of a string sliced out of a read chunk, so a kept path does not keep the whole chunk alive. */
const own = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/** `50% (1/2)` → [covered, total] */
function conditionCoverage(text: string | undefined): [number, number] | undefined {
  if (!text) return undefined;
  const m = /\((\d+)\s*\/\s*(\d+)\)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const branchArray = (covered: number, total: number): number[] => {
  const arr = new Array<number>(total).fill(0);
  for (let i = 0; i < covered && i < total; i++) arr[i] = 1;
  return arr;
};

export async function parseXmlCoverage(path: string, format: XmlFormat, label = path): Promise<CoverageData> {
  const data = new CoverageData();
  let files = 0;
  let root: string | undefined;
  // Cobertura
  const sources: string[] = [];
  let inSource = false;
  let sourceText = '';
  let methodsDepth = 0;
  let current: FileCoverage | undefined;
  // JaCoCo
  let pkg = '';

  const openCobertura = (name: string, a: Attributes): void => {
    if (name === 'line') {
      if (!current || methodsDepth > 0) return;
      const n = a.number('number');
      current.addLine(n, a.number('hits'));
      const cc = conditionCoverage(a.get('condition-coverage'));
      if (cc) current.addBranches(n, branchArray(cc[0], cc[1]));
    } else if (name === 'source') {
      inSource = true;
      sourceText = '';
    } else if (name === 'class') {
      files++;
      const filename = a.get('filename') ?? a.get('name') ?? '';
      current = data.file(own(filename));
      if (sources.length > 0) current.sourceRoots = sources;
    } else if (name === 'methods') methodsDepth++;
  };

  const openClover = (name: string, a: Attributes): void => {
    if (name === 'file') {
      files++;
      current = data.file(own(a.get('path') ?? a.get('name') ?? ''));
    } else if (name === 'line' && current) {
      const type = a.get('type');
      const n = num(a.get('num'));
      const tc = num(a.get('truecount'));
      const fc = num(a.get('falsecount'));
      if (type === 'stmt') current.addLine(n, num(a.get('count')));
      else if (type === 'cond') {
        const count = num(a.get('count'));
        current.addLine(n, Number.isNaN(count) ? ((tc || 0) > 0 || (fc || 0) > 0 ? 1 : 0) : count);
        current.addBranches(n, [tc || 0, fc || 0]);
      }
    }
  };

  const openJacoco = (name: string, a: Attributes): void => {
    if (name === 'package') pkg = a.get('name') ?? '';
    else if (name === 'sourcefile') {
      files++;
      const file = a.get('name') ?? '';
      current = data.file(own(pkg ? `${pkg}/${file}` : file));
    } else if (name === 'line' && current) {
      const n = a.number('nr');
      const mi = a.number('mi') || 0;
      const ci = a.number('ci') || 0;
      const mb = a.number('mb') || 0;
      const cb = a.number('cb') || 0;
      if (mi + ci > 0) current.addLine(n, ci);
      if (mb + cb > 0) current.addBranches(n, branchArray(cb, mb + cb));
    }
  };

  const open = format === 'cobertura' ? openCobertura : format === 'clover' ? openClover : openJacoco;
  try {
    await scanXmlFile(path, {
      open(name, attributes) {
        if (root === undefined) {
          root = name;
          const want = format === 'jacoco' ? 'report' : 'coverage';
          if (name !== want) throw new XmlError(`the root element is <${name}>, not <${want}>`);
        }
        open(name, attributes);
      },
      close(name) {
        if (name === 'source' && inSource) {
          inSource = false;
          if (sourceText.trim()) sources.push(Buffer.from(sourceText.trim()).toString()); // a copy: no chunk kept alive
        } else if (name === 'methods') methodsDepth--;
        else if (name === (format === 'cobertura' ? 'class' : format === 'clover' ? 'file' : 'sourcefile')) current = undefined;
        else if (name === 'package' && format === 'jacoco') pkg = '';
      },
      text(t) {
        if (inSource) sourceText += t;
      },
    });
  } catch (e) {
    if (e instanceof LineNumberError)
      throw new CoverageReportError(`${label}: ${e.message}; the report is corrupted or was not written by a coverage tool`, label);
    if (e instanceof XmlError)
      throw new CoverageReportError(
        `${label} is not a readable ${format} report${e.line ? ` (line ${e.line})` : ''}: ${e.message}${/truncated/.test(e.message) ? '' : /unexpected end|unclosed|close tag/i.test(e.message) ? ' (is the file truncated?)' : ''}`,
        label,
      );
    throw e;
  }
  if (files === 0 && format !== 'jacoco')
    throw new CoverageReportError(`${label} is a ${format} report that lists no files; did the tests run with coverage enabled?`, label);
  return data;
}
