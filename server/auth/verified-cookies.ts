/**
 * Signed cookies whose signature has been checked. A browser sends the same session cookie on
 * every request; its HMAC is checked once and the outcome remembered (valid ones only, so a
 * forged cookie is checked, and refused, every time).
 */

/** The outcome of checking a signed cookie, as @fastify/cookie gives it. */
export interface Unsigned {
  valid: boolean;
  value: string | null;
}

/** Remembers which signed values carry a valid signature, and what they hold. */
export interface VerifiedCookies {
  /** The value inside `signed` when its signature is valid, else null. */
  check(signed: string, unsign: (signed: string) => Unsigned): string | null;
}

/** How many verified values to remember; past this, the memory starts again. */
const LIMIT = 10_000;

export function createVerifiedCookies(): VerifiedCookies {
  const verified = new Map<string, string>();
  return {
    check(signed, unsign) {
      const known = verified.get(signed);
      if (known !== undefined) return known;
      const result = unsign(signed);
      if (!result.valid || !result.value) return null;
      if (verified.size >= LIMIT) verified.clear();
      verified.set(signed, result.value);
      return result.value;
    },
  };
}
