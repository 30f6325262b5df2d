/**
 * Where a pending draft is kept in localStorage: one key per user, case and form, so that on a
 * shared computer one user's unsent words are never found under another's name. Pure.
 */

/** The prefix of every draft kept per user. */
const PREFIX = 'lowform:user-draft:';
/**
 * The prefix drafts had before they were kept per user: their author is unknown, so they are
 * dropped, never restored or sent.
 */
const LEGACY_PREFIX = 'lowform:draft:';

/** Whose draft of which form on which case a key holds. */
export interface DraftAddress {
  userId: string;
  caseId: string;
  formId: string;
}

/** The key of one user's pending draft of one form on one case. */
export function draftKey({ userId, caseId, formId }: DraftAddress): string {
  // Encoded so that an id holding ':' cannot make one user's key look like another's.
  return `${PREFIX}${[userId, caseId, formId].map(encodeURIComponent).join(':')}`;
}

/** The address a draft key holds, or null when the key is not a per-user draft's. */
export function parseDraftKey(key: string): DraftAddress | null {
  if (!key.startsWith(PREFIX)) return null;
  const parts = key.slice(PREFIX.length).split(':');
  if (parts.length !== 3 || parts.some((part) => part === '')) return null;
  try {
    const [userId, caseId, formId] = parts.map(decodeURIComponent) as [string, string, string];
    return { userId, caseId, formId };
  } catch {
    return null;
  }
}

/** True for a draft kept before drafts were kept per user. */
export function isLegacyDraftKey(key: string): boolean {
  return key.startsWith(LEGACY_PREFIX);
}

/** The addresses of one user's drafts among the given keys. */
export function draftAddressesOf(keys: Iterable<string>, userId: string): DraftAddress[] {
  const found: DraftAddress[] = [];
  for (const key of keys) {
    const address = parseDraftKey(key);
    if (address && address.userId === userId) found.push(address);
  }
  return found;
}
