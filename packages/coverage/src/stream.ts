/** Chunked reading shared by the text parsers: chunks or byte lines as the file streams, binary files refused. */
import { createReadStream } from 'node:fs';
import { CoverageReportError } from './model';

/** A read error as the user should see it (a parse error passes through unchanged). */
function readFailure(e: unknown, label: string): CoverageReportError {
  if (e instanceof CoverageReportError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
  return new CoverageReportError(`cannot read ${label}: ${reason}`, label);
}

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
    throw readFailure(e, label);
  } finally {
    stream?.destroy();
  }
}

const findByte = Uint8Array.prototype.indexOf;

/**
 * Lines as byte ranges [start, end) of a buffer (without the `\n` or a trailing `\r`), for parsers
 * that read most lines without decoding them. The buffer is only valid during the call.
 */
export async function streamByteLines(
  path: string,
  label: string,
  onLine: (buf: Buffer, start: number, end: number) => void,
): Promise<void> {
  let stream;
  let carry: Buffer | undefined;
  let first = true;
  const emit = (buf: Buffer, s: number, e: number): void => onLine(buf, s, e > s && buf[e - 1] === 13 ? e - 1 : e);
  try {
    stream = createReadStream(path, { highWaterMark: 1 << 20 }); // Buffers live outside the V8 heap: big reads are cheap
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first && chunk.includes(0)) throw new CoverageReportError(`${label} is a binary file, not a coverage report`, label);
      first = false;
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      // The typed array's own indexOf (a V8 builtin): Buffer#indexOf's argument handling costs more
      // per call than a short line takes to scan.
      let pos = 0;
      for (let nl = findByte.call(buf, 10, 0); nl >= 0; nl = findByte.call(buf, 10, pos)) {
        emit(buf, pos, nl);
        pos = nl + 1;
      }
      carry = pos < buf.length ? Buffer.from(buf.subarray(pos)) : undefined;
    }
  } catch (e) {
    throw readFailure(e, label);
  } finally {
    stream?.destroy();
  }
  if (carry) emit(carry, 0, carry.length);
}
