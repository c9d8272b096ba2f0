/** Reads any supported report (format detected from content) and merges several into one. */
import { detectFormat } from './detect';
import { parseIstanbul } from './istanbul';
import { parseLcov } from './lcov';
import { CoverageData, type CoverageFormat } from './model';
import { parseXmlCoverage } from './xml-formats';

export interface ReadReport {
  path: string;
  format: CoverageFormat;
  data: CoverageData;
}

export async function readCoverageReport(path: string, label = path): Promise<ReadReport> {
  const detected = await detectFormat(path, label);
  if (detected === 'json') {
    const { data, kind } = await parseIstanbul(path, label);
    return { path, format: kind, data };
  }
  if (detected === 'lcov') return { path, format: 'lcov', data: await parseLcov(path, label) };
  if (detected === 'istanbul' || detected === 'istanbul-summary') throw new Error('unreachable');
  return { path, format: detected, data: await parseXmlCoverage(path, detected, label) };
}

/** Reads every report and merges them: hits of the same file and line add up (sharded runs). */
export async function readCoverageReports(
  paths: readonly { path: string; label?: string }[],
): Promise<{ data: CoverageData; reports: Omit<ReadReport, 'data'>[] }> {
  const reports: Omit<ReadReport, 'data'>[] = [];
  let data: CoverageData | undefined;
  for (const { path, label } of paths) {
    const r = await readCoverageReport(path, label ?? path);
    if (data) data.mergeFrom(r.data);
    else data = r.data;
    reports.push({ path: r.path, format: r.format });
  }
  return { data: data ?? new CoverageData(), reports };
}
