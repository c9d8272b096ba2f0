/** Which format a report is, from its first bytes (never from its name). */
import { open } from 'node:fs/promises';
import { CoverageReportError, type CoverageFormat } from './model';

export async function detectFormat(path: string, label = path): Promise<CoverageFormat | 'json'> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CoverageReportError(
      `cannot read ${label}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`,
      label,
    );
  }
  if (head.length === 0) throw new CoverageReportError(`${label} is empty; did the test step write coverage?`, label);
  if (head.includes(0)) throw new CoverageReportError(`${label} is a binary file, not a coverage report`, label);
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) return 'json';
  if (text.startsWith('<')) {
    // The root element: skip the XML declaration, comments, processing instructions and the DOCTYPE.
    const body = text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/g, '');
    const m = /<([A-Za-z_][\w.:-]*)([^>]*)>?/.exec(body);
    const root = m?.[1];
    if (root === 'report') return 'jacoco';
    if (root === 'coverage') {
      if (/\sclover=|\sgenerated=/.test(m?.[2] ?? '') || /<project[\s>]/.test(body)) return 'clover';
      return 'cobertura';
    }
    throw new CoverageReportError(
      `${label} is XML with root element <${root ?? '?'}>, which is no coverage format shipkit reads (Cobertura and Clover use <coverage>, JaCoCo <report>)`,
      label,
    );
  }
  if (/^(TN|SF|VER|DA|FN|FNL|FNA|FNDA|BRDA|LF|LH):/m.test(text)) return 'lcov';
  throw new CoverageReportError(
    `${label} is not a coverage report shipkit reads (LCOV, Cobertura, Clover, JaCoCo XML or istanbul JSON)`,
    label,
  );
}
