/**
 * Cobertura, Clover and JaCoCo XML, streamed through @shipkit/xml (no DOM; the external DTD that
 * Cobertura and JaCoCo reports name is never fetched; entity declarations are refused).
 */
import { posix } from 'node:path';
import { streamXmlFile, XmlError } from '@shipkit/xml';
import { CoverageData, CoverageReportError, type FileCoverage } from './model';

type XmlFormat = 'cobertura' | 'clover' | 'jacoco';

const num = (text: string | undefined): number => (text === undefined || text === '' ? NaN : Number(text));

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

  const openCobertura = (name: string, a: Record<string, string>): void => {
    if (name === 'source') {
      inSource = true;
      sourceText = '';
    } else if (name === 'class') {
      files++;
      const filename = a.filename ?? a.name ?? '';
      current = data.file(filename);
      if (!filename.startsWith('/'))
        for (const s of sources) {
          const alt = posix.join(s.replace(/\\/g, '/'), filename);
          if (!current.alternatives.includes(alt)) current.alternatives.push(alt);
        }
    } else if (name === 'methods') methodsDepth++;
    else if (name === 'line' && current && methodsDepth === 0) {
      const n = num(a.number);
      current.addLine(n, num(a.hits));
      const cc = conditionCoverage(a['condition-coverage']);
      if (cc) current.addBranches(n, branchArray(cc[0], cc[1]));
    }
  };

  const openClover = (name: string, a: Record<string, string>): void => {
    if (name === 'file') {
      files++;
      current = data.file(a.path ?? a.name ?? '');
    } else if (name === 'line' && current) {
      const n = num(a.num);
      const tc = num(a.truecount);
      const fc = num(a.falsecount);
      if (a.type === 'stmt') current.addLine(n, num(a.count));
      else if (a.type === 'cond') {
        const count = num(a.count);
        current.addLine(n, Number.isNaN(count) ? ((tc || 0) > 0 || (fc || 0) > 0 ? 1 : 0) : count);
        current.addBranches(n, [tc || 0, fc || 0]);
      }
    }
  };

  const openJacoco = (name: string, a: Record<string, string>): void => {
    if (name === 'package') pkg = a.name ?? '';
    else if (name === 'sourcefile') {
      files++;
      current = data.file(pkg ? `${pkg}/${a.name ?? ''}` : (a.name ?? ''));
    } else if (name === 'line' && current) {
      const n = num(a.nr);
      const mi = num(a.mi) || 0;
      const ci = num(a.ci) || 0;
      const mb = num(a.mb) || 0;
      const cb = num(a.cb) || 0;
      if (mi + ci > 0) current.addLine(n, ci);
      if (mb + cb > 0) current.addBranches(n, branchArray(cb, mb + cb));
    }
  };

  const open = format === 'cobertura' ? openCobertura : format === 'clover' ? openClover : openJacoco;
  try {
    await streamXmlFile(path, {
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
          if (sourceText.trim()) sources.push(sourceText.trim());
        } else if (name === 'methods') methodsDepth--;
        else if (name === (format === 'cobertura' ? 'class' : format === 'clover' ? 'file' : 'sourcefile')) current = undefined;
        else if (name === 'package' && format === 'jacoco') pkg = '';
      },
      text(t) {
        if (inSource) sourceText += t;
      },
    });
  } catch (e) {
    if (e instanceof XmlError)
      throw new CoverageReportError(
        `${label} is not a readable ${format} report${e.line ? ` (line ${e.line})` : ''}: ${e.message}${/unexpected end|unclosed|close tag/i.test(e.message) ? ' (is the file truncated?)' : ''}`,
        label,
      );
    throw e;
  }
  if (files === 0 && format !== 'jacoco')
    throw new CoverageReportError(`${label} is a ${format} report that lists no files; did the tests run with coverage enabled?`, label);
  return data;
}
