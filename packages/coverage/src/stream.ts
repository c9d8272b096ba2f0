/** Chunked reading shared by the text parsers: lines as the file streams, binary files refused. */
import { createReadStream } from 'node:fs';
import { CoverageReportError } from './model';

export async function* readChunks(path: string, label: string): AsyncGenerator<string> {
  let first = true;
  let stream;
  try {
    stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
    for await (const chunk of stream as AsyncIterable<string>) {
      if (first && chunk.includes('\u0000'))
        throw new CoverageReportError(`${label} is a binary file, not a coverage report`, label);
      first = false;
      yield chunk;
    }
  } catch (e) {
    if (e instanceof CoverageReportError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CoverageReportError(
      `cannot read ${label}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`,
      label,
    );
  } finally {
    stream?.destroy();
  }
}

export async function streamLines(path: string, label: string, onLine: (line: string) => void): Promise<void> {
  let rest = '';
  for await (const chunk of readChunks(path, label)) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      onLine(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') onLine(rest);
}
