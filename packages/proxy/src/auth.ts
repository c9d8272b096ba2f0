/**
 * The admin token check. Only a SHA-256 digest of the token is kept, and the comparison of
 * digests is constant-time (`timingSafeEqual`), so neither the token's content nor its length
 * leaks through timing, and nothing that could be logged holds the token itself.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type TokenCheck = 'ok' | 'missing' | 'wrong';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function tokenChecker(token: string): (authorization: string | undefined) => TokenCheck {
  const expected = digest(token);
  return (authorization) => {
    const match = authorization === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!match) return 'missing';
    return timingSafeEqual(digest(match[1] as string), expected) ? 'ok' : 'wrong';
  };
}
