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
  // Branches seen so far on each line of the current record.
  const perLine = new Map<number, number>();
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
    // Fast path for the bulk of a tracefile: `DA:<line>,<hits>[,<checksum>]`.
    if (raw.charCodeAt(0) === 68 && raw.charCodeAt(1) === 65 && raw.charCodeAt(2) === 58 && file) {
      const c1 = raw.indexOf(',', 3);
      const c2 = raw.indexOf(',', c1 + 1);
      const n = Number(raw.slice(3, c1));
      const hits = Number(c2 < 0 ? raw.slice(c1 + 1) : raw.slice(c1 + 1, c2));
      if (c1 < 0 || !Number.isInteger(n) || Number.isNaN(hits)) malformed(raw.trim());
      file.addLine(n, hits);
      return;
    }
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
      perLine.clear();
      return;
    }
    if (tag === 'DA') malformed(line); // a DA outside a record
    if (tag === 'BRDA') {
      if (!file) malformed(line);
      const first = rest.indexOf(',');
      const last = rest.lastIndexOf(',');
      const n = Number(rest.slice(0, first));
      const takenText = rest.slice(last + 1);
      const taken = takenText === '-' ? 0 : Number(takenText);
      if (first < 0 || last <= first || !Number.isInteger(n) || Number.isNaN(taken)) malformed(line);
      // Branches are numbered by their order on the line within the record; a tool writes them in
      // the same order in every shard, so merged shards add up branch by branch.
      const index = perLine.get(n) ?? 0;
      perLine.set(n, index + 1);
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
