/**
 * Drafts not yet accepted by the server, kept in localStorage so that no word is lost when the
 * connection drops or the tab closes: one entry per user, case and form (draft-keys.ts), removed
 * once the server has the draft, and every one of a user's entries removed when they log out.
 * Each function takes the storage to use so that it can be tested without a browser.
 */
import { type DraftAddress, draftAddressesOf, draftKey, isLegacyDraftKey } from './draft-keys.ts';

/** A draft waiting to be sent. */
export interface PendingDraft {
  data: Record<string, unknown>;
  /** The server revision the draft was made on. */
  revision: number;
  /** When it was last changed (ISO). */
  changedAt: string;
}

/** One of a user's pending drafts, with where it belongs. */
export interface StoredDraft extends DraftAddress {
  draft: PendingDraft;
}

/**
 * The part of the Web Storage API the outbox uses (written out, not picked from the DOM's
 * Storage, so that Node's type check of the unit tests needs no DOM types).
 */
export interface DraftStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function browserStorage(): DraftStorage | null {
  try {
    return (globalThis as { localStorage?: DraftStorage }).localStorage ?? null;
  } catch {
    // Storage refused (privacy settings): nothing can be kept.
    return null;
  }
}

function allKeys(storage: DraftStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key !== null) keys.push(key);
  }
  return keys;
}

/** Keeps (replaces) a user's pending draft of a form. */
export function keepDraft(
  address: DraftAddress,
  draft: PendingDraft,
  storage = browserStorage(),
): boolean {
  try {
    // The author is stored in the entry too, and checked on reading.
    storage?.setItem(draftKey(address), JSON.stringify({ ...draft, author: address.userId }));
    return storage !== null;
  } catch {
    return false;
  }
}

/** A user's pending draft of a form, if any; never one that another user wrote. */
export function pendingDraft(
  address: DraftAddress,
  storage = browserStorage(),
): PendingDraft | null {
  try {
    const text = storage?.getItem(draftKey(address));
    if (!text) return null;
    const { author, ...parsed } = JSON.parse(text) as PendingDraft & { author?: unknown };
    if (author !== address.userId) return null;
    return parsed && typeof parsed.data === 'object' && parsed.data !== null ? parsed : null;
  } catch {
    return null;
  }
}

/** Forgets a user's pending draft once the server has it. */
export function forgetDraft(address: DraftAddress, storage = browserStorage()): void {
  try {
    storage?.removeItem(draftKey(address));
  } catch {
    // Storage unavailable: nothing was kept.
  }
}

/** Every pending draft of one user. */
export function listDrafts(userId: string, storage = browserStorage()): StoredDraft[] {
  if (!storage) return [];
  const found: StoredDraft[] = [];
  for (const address of draftAddressesOf(allKeys(storage), userId)) {
    const draft = pendingDraft(address, storage);
    if (draft) found.push({ ...address, draft });
  }
  return found;
}

/** Removes every draft one user kept on this device (at log-out); returns how many. */
export function clearDrafts(userId: string, storage = browserStorage()): number {
  if (!storage) return 0;
  const addresses = draftAddressesOf(allKeys(storage), userId);
  for (const address of addresses) forgetDraft(address, storage);
  return addresses.length;
}

/** Removes drafts kept before drafts were kept per user: nobody knows whose they are. */
export function dropLegacyDrafts(storage = browserStorage()): number {
  if (!storage) return 0;
  const legacy = allKeys(storage).filter(isLegacyDraftKey);
  for (const key of legacy) {
    try {
      storage.removeItem(key);
    } catch {
      // Storage unavailable: it cannot be read back either.
    }
  }
  return legacy.length;
}
