/**
 * JSON is read as UTF-8 only (RFC 8259 §8.1). Fastify decodes every body as UTF-8 whatever its
 * content-type says, so a body declared latin-1 or UTF-16 would be stored as replacement
 * characters: it is refused instead, before it is read.
 */
import { LowformError } from './errors.ts';

const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/** The charset a content-type header declares, lower-cased; undefined when it declares none. */
export function declaredCharset(contentType: string | undefined): string | undefined {
  const match = contentType?.match(/;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i);
  if (!match) return undefined;
  return (match[1] ?? match[2] ?? '').toLowerCase();
}

/** Throws 415 when a request declares its body in a charset other than UTF-8. */
export function refuseNonUtf8Body(contentType: string | undefined): void {
  const charset = declaredCharset(contentType);
  if (charset === undefined || UTF8_NAMES.has(charset)) return;
  throw new LowformError(
    'LF_UNSUPPORTED_MEDIA_TYPE',
    `Send JSON in UTF-8 (application/json; charset=utf-8), not ${charset}.`,
    { charset },
  );
}
