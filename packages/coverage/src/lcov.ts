/**
 * LCOV tracefiles (lcov 1.x and 2.x, genhtml's input; also what istanbul, c8, coverage.py and
 * gcov-based tools write). Read line by line as the file streams. Records used: SF, DA, BRDA,
 * end_of_record; FN/FNDA/FNF/FNH/FNL/FNA/LF/LH/BRF/BRH/VER/TN are accepted and not needed.
 */
import { CoverageData, CoverageReportError, LineNumberError } from './model';
import { streamByteLines } from './stream';

const D = 68;
const A = 65;
const B = 66;
const R = 82;
const COLON = 58;
const COMMA = 44;
const DASH = 45;
const E = 101;
const F = 70;
const H = 72;
const L = 76;
const N = 78;
const T = 84;

/** Digits of buf[from, to) as a number; NaN when there are none or anything else is there. */
function digits(buf: Buffer, from: number, to: number): number {
  if (from >= to) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = (buf[i] as number) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

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
  // Lines arrive as byte ranges of the read chunk: DA and BRDA (nearly every line of a tracefile)
  // are read in place, without decoding the chunk to text or copying the line.
  const onLine = (buf: Buffer, s: number, e: number): void => {
    lineNo++;
    const c0 = buf[s];
    if (file && c0 === D && buf[s + 1] === A && buf[s + 2] === COLON) {
      // DA:<line>,<hits>[,<checksum>]
      let c1 = s + 3;
      while (c1 < e && buf[c1] !== COMMA) c1++;
      if (c1 >= e) return malformed(buf.toString('utf8', s, e));
      let c2 = c1 + 1;
      while (c2 < e && buf[c2] !== COMMA) c2++;
      const n = digits(buf, s + 3, c1);
      const negative = buf[c1 + 1] === DASH; // broken gcov data can say -1: not covered
      const hits = negative ? 0 : digits(buf, c1 + 1, c2);
      if (Number.isNaN(n) || Number.isNaN(hits)) {
        const text = buf.toString('utf8', s, e);
        const slow = Number(text.slice(c1 + 1 - s, c2 - s));
        if (Number.isNaN(n) || Number.isNaN(slow)) return malformed(text);
        file.addLine(n, slow);
        return;
      }
      file.addLine(n, hits);
      return;
    }
    if (file && c0 === B && buf[s + 1] === R && buf[s + 2] === D && buf[s + 3] === A && buf[s + 4] === COLON) {
      // BRDA:<line>,[<exception>]<block>,<branch>,<taken>; the block/branch field may hold commas in lcov 2.x.
      let c1 = s + 5;
      while (c1 < e && buf[c1] !== COMMA) c1++;
      let last = e - 1;
      while (last > c1 && buf[last] !== COMMA) last--;
      const n = digits(buf, s + 5, c1);
      const taken = buf[last + 1] === DASH && last + 2 === e ? 0 : digits(buf, last + 1, e);
      if (c1 >= e || last <= c1 || Number.isNaN(n) || Number.isNaN(taken)) return malformed(buf.toString('utf8', s, e));
      // Branches are numbered by their order on the line within the record; a tool writes them in
      // the same order in every shard, so merged shards add up branch by branch.
      const index = perLine.get(n) ?? 0;
      perLine.set(n, index + 1);
      file.addBranch(n, index, taken);
      return;
    }
    if (c0 === E && e - s === 13 && buf.toString('latin1', s, e) === 'end_of_record') {
      if (!file) return malformed('end_of_record');
      file = undefined;
      return;
    }
    // Records not needed here (FN*, LF/LH, BRF/BRH, TN, VER) are skipped without decoding them.
    if (
      (c0 === F && buf[s + 1] === N) ||
      (c0 === L && (buf[s + 1] === F || buf[s + 1] === H) && buf[s + 2] === COLON) ||
      (c0 === B && buf[s + 1] === R && (buf[s + 2] === F || buf[s + 2] === H) && buf[s + 3] === COLON) ||
      (c0 === T && buf[s + 1] === N && buf[s + 2] === COLON)
    )
      return;
    const raw = buf.toString('utf8', s, e);
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
    if (tag === 'DA') {
      // The fast path did not take it: outside a record, or oddly spaced.
      if (!file) return malformed(line);
      const [n, hits] = rest.split(',').map((x) => Number(x.trim()));
      if (!Number.isInteger(n) || hits === undefined || Number.isNaN(hits)) return malformed(line);
      file.addLine(n as number, hits);
      return;
    }
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
  };
  await streamByteLines(path, label, (buf, s, e) => {
    try {
      onLine(buf, s, e);
    } catch (error) {
      if (error instanceof LineNumberError)
        throw new CoverageReportError(
          `${label}:${lineNo}: ${error.message}; the report is corrupted or was not written by a coverage tool`,
          label,
        );
      throw error;
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
