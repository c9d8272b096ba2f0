/**
 * LCOV tracefiles (lcov 1.x and 2.x, genhtml's input; also what istanbul, c8, coverage.py and
 * gcov-based tools write). Read line by line as the file streams. Records used: SF, DA, BRDA,
 * end_of_record; FN/FNDA/FNF/FNH/FNL/FNA/LF/LH/BRF/BRH/VER/TN are accepted and not needed.
 */
import { CoverageData, CoverageReportError } from './model';
import { streamLines } from './stream';

const KNOWN = new Set(['TN', 'SF', 'DA', 'BRDA', 'FN', 'FNDA', 'FNF', 'FNH', 'FNL', 'FNA', 'LF', 'LH', 'BRF', 'BRH', 'VER']);

export async function parseLcov(path: string, label = path): Promise<CoverageData> {
  const data = new CoverageData();
  let file: ReturnType<CoverageData['file']> | undefined;
  let fileName = '';
  // Branch identity within one record: `line,block,branch` → index on that line.
  let branchIndex = new Map<string, number>();
  let perLine = new Map<number, number>();
  let records = 0;
  let lineNo = 0;
  const malformed = (text: string): never => {
    throw new CoverageReportError(
      `${label}:${lineNo}: malformed LCOV record \`${text.slice(0, 80)}\`; is the file truncated or corrupted?`,
      label,
    );
  };
  await streamLines(path, label, (raw) => {
    lineNo++;
    const line = raw.trim();
    if (line === '') return;
    if (line === 'end_of_record') {
      if (!file) malformed(line);
      file = undefined;
      return;
    }
    const colon = line.indexOf(':');
    const tag = colon > 0 ? line.slice(0, colon) : '';
    if (!KNOWN.has(tag)) return; // Unknown lines (a trailing `EOF`, future records) are tolerated.
    const rest = line.slice(colon + 1);
    if (tag === 'SF') {
      records++;
      fileName = rest;
      file = data.file(rest);
      branchIndex = new Map();
      perLine = new Map();
      return;
    }
    if (tag === 'DA') {
      if (!file) malformed(line);
      const c1 = rest.indexOf(',');
      const c2 = rest.indexOf(',', c1 + 1);
      const n = Number(rest.slice(0, c1));
      const hits = Number(c2 < 0 ? rest.slice(c1 + 1) : rest.slice(c1 + 1, c2));
      if (c1 < 0 || !Number.isInteger(n) || Number.isNaN(hits)) malformed(line);
      file?.addLine(n, hits);
      return;
    }
    if (tag === 'BRDA') {
      if (!file) malformed(line);
      const parts = rest.split(',');
      if (parts.length < 4) malformed(line);
      const n = Number(parts[0]);
      const takenText = parts[parts.length - 1] as string;
      const taken = takenText === '-' ? 0 : Number(takenText);
      if (!Number.isInteger(n) || Number.isNaN(taken)) malformed(line);
      // lcov 2.x may put an expression with commas in the branch field; the key is everything between line and taken.
      const key = `${n}|${parts.slice(1, -1).join(',')}`;
      let index = branchIndex.get(key);
      if (index === undefined) {
        index = perLine.get(n) ?? 0;
        perLine.set(n, index + 1);
        branchIndex.set(key, index);
      }
      file?.addBranch(n, index, taken);
    }
  });
  if (records === 0)
    throw new CoverageReportError(
      `${label} is not an LCOV report (no \`SF:\` record)${lineNo === 0 ? ': the file is empty' : ''}; did the test step write coverage?`,
      label,
    );
  if (file) throw new CoverageReportError(`${label} is truncated: the record of \`${fileName}\` has no \`end_of_record\``, label);
  return data;
}
