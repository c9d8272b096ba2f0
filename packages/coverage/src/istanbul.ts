/**
 * Istanbul JSON: `coverage-final.json` (istanbul, nyc, jest, vitest v8/istanbul providers) and
 * `coverage-summary.json` (overall totals only). The top-level object is split into its entries as
 * the file streams, and each file's entry is parsed on its own, so the whole report never sits in
 * memory as one object.
 */
import { jsonProblem } from '@shipkit/kit/json';
import { CoverageData, CoverageReportError, LineNumberError } from './model';
import { readChunks } from './stream';

interface Position {
  line: number;
}
interface IstanbulFile {
  path?: string;
  statementMap?: Record<string, { start: Position }>;
  s?: Record<string, number>;
  branchMap?: Record<string, { loc?: { start: Position }; locations?: { start: Position }[]; line?: number }>;
  b?: Record<string, number[]>;
}
interface SummaryEntry {
  lines?: { total: number; covered: number };
  branches?: { total: number; covered: number };
}

/** Calls `onEntry(key, value)` for each member of the top-level JSON object. */
export async function streamJsonObjectEntries(
  path: string,
  label: string,
  onEntry: (key: string, value: unknown) => void,
): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let finished = false;
  let entry: string[] = [];
  let entryStart = 0;
  const flush = (chunk: string, end: number): void => {
    entry.push(chunk.slice(entryStart, end));
    const text = entry.join('').trim();
    entry = [];
    if (text === '') return;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(`{${text}}`) as Record<string, unknown>;
    } catch (e) {
      // Never the parser's own message: it quotes the report's text, which may be anything.
      throw new CoverageReportError(`${label} is not valid JSON: ${jsonProblem(e)}`, label);
    }
    for (const [k, v] of Object.entries(parsed)) onEntry(k, v);
  };
  for await (const chunk of readChunks(path, label)) {
    entryStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) {
        if (!started) {
          if (c !== 123) throw new CoverageReportError(`${label} is JSON but not an object of files (istanbul coverage)`, label);
          started = true;
          entryStart = i + 1;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          flush(chunk, i);
          finished = true;
          entryStart = chunk.length;
        }
      } else if (c === 44 && depth === 1) {
        flush(chunk, i);
        entryStart = i + 1;
      } else if (!started && c > 32 && c !== 0xfeff)
        throw new CoverageReportError(`${label} is not valid JSON`, label);
    }
    if (started && !finished) entry.push(chunk.slice(entryStart));
  }
  if (!started) throw new CoverageReportError(`${label} is empty`, label);
  if (!finished) throw new CoverageReportError(`${label} is truncated: the JSON object is not closed`, label);
}

export async function parseIstanbul(path: string, label = path): Promise<{ data: CoverageData; kind: 'istanbul' | 'istanbul-summary' }> {
  const data = new CoverageData();
  let kind: 'istanbul' | 'istanbul-summary' | undefined;
  const isFileCoverage = (v: unknown): v is IstanbulFile => typeof v === 'object' && v !== null && 'statementMap' in v;
  const addFile = (key: string, value: IstanbulFile): void => {
    kind = 'istanbul';
    const file = data.file(value.path ?? key);
    // istanbul-lib-coverage's getLineCoverage: a line's hits are the most of any statement starting on it.
    const lineHits = new Map<number, number>();
    for (const [id, loc] of Object.entries(value.statementMap ?? {})) {
      const line = loc?.start?.line;
      if (typeof line !== 'number') continue;
      const count = value.s?.[id] ?? 0;
      lineHits.set(line, Math.max(lineHits.get(line) ?? 0, count));
    }
    for (const [line, hits] of [...lineHits].sort((a, b) => a[0] - b[0])) file.addLine(line, hits);
    // Several branch points can start on one line: their branches are concatenated for that line.
    const lineBranches = new Map<number, number[]>();
    for (const [id, meta] of Object.entries(value.branchMap ?? {})) {
      const line = meta?.loc?.start?.line ?? meta?.locations?.[0]?.start?.line ?? meta?.line;
      const counts = value.b?.[id];
      if (typeof line !== 'number' || !Array.isArray(counts)) continue;
      const arr = lineBranches.get(line);
      if (arr) arr.push(...counts.map(Number));
      else lineBranches.set(line, counts.map(Number));
    }
    for (const [line, taken] of lineBranches) file.addBranches(line, taken);
  };
  await streamJsonObjectEntries(path, label, (key, entry) => {
    try {
      readEntry(key, entry);
    } catch (e) {
      if (e instanceof LineNumberError)
        throw new CoverageReportError(`${label}: ${e.message}; the report is corrupted or was not written by a coverage tool`, label);
      throw e;
    }
  });
  function readEntry(key: string, entry: unknown): void {
    if (isFileCoverage(entry)) return addFile(key, entry);
    const value = entry as SummaryEntry | null;
    if (key === 'total' && value && typeof value === 'object' && value.lines) {
      kind ??= 'istanbul-summary';
      data.summaryTotals = {
        lines: { covered: value.lines.covered, total: value.lines.total },
        branches: { covered: value.branches?.covered ?? 0, total: value.branches?.total ?? 0 },
      };
    } else if (key === 'map' && value && typeof value === 'object' && Object.values(value).every(isFileCoverage)) {
      // istanbul-reports' own fixtures wrap the coverage map: { title, opts, map: { <path>: <file coverage> } }.
      for (const [k, v] of Object.entries(value as Record<string, IstanbulFile>)) addFile(k, v);
    } else if (value && typeof value === 'object' && 'lines' in value) kind ??= 'istanbul-summary';
  }
  if (kind === undefined)
    throw new CoverageReportError(
      `${label} is JSON but holds no istanbul coverage (no entry with a \`statementMap\`, no summary \`total\`)`,
      label,
    );
  if (kind === 'istanbul-summary' && !data.summaryTotals)
    throw new CoverageReportError(`${label} is a coverage summary without a \`total\` entry`, label);
  return { data, kind };
}
