/**
 * Password hashing with argon2id (the maintained `argon2` binding), at OWASP's recommended cost.
 */
import argon2 from 'argon2';

const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

/** True when the password matches the stored hash; false for any malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the account does not exist, so that a
 * wrong username takes as long as a wrong password. */
export const decoyHash = hashPassword(`decoy-${Math.random()}`);
