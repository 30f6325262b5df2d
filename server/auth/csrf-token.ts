/** The CSRF check: the token a mutating request sends must be its session's own. */
import { timingSafeEqual } from 'node:crypto';

/**
 * True when the sent header is exactly the session's token. Compared in constant time, so the
 * time taken does not tell how much of a guess was right; a length that differs refuses at once
 * (the length of a token is no secret).
 */
export function csrfTokenMatches(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
