/** multipart/form-data bodies (Cloudflare's version upload and Pages deployment create take them). */
import { randomBytes } from 'node:crypto';

export interface FormPart {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

export function multipart(parts: FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `----shipkit${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  const quote = (s: string): string => s.replace(/["\r\n\\]/g, (c) => encodeURIComponent(c));
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
    if (part.filename !== undefined) head += `; filename="${quote(part.filename)}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
