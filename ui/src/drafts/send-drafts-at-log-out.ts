/**
 * Log-out's part in drafts: first every pending draft of the user leaving is sent, under their
 * own session, from the forms still open (their autosave) and from this device's outbox; then,
 * once they agree to lose what could not be sent, all of it is dropped, so that nothing they
 * typed is left for the next user of the computer.
 */
import { request } from '../api/client.ts';
import type { DraftAddress } from './draft-keys.ts';
import {
  clearDrafts,
  type DraftStorage,
  forgetDraft,
  listDrafts,
  type StoredDraft,
} from './draft-outbox.ts';

/** An open (or just closed, still sending) form's autosave, as log-out sees it. */
export interface LiveDraft extends DraftAddress {
  /** Sends what is pending now; true when nothing is left unsent. */
  flush(): Promise<boolean>;
  /** Stops for good: no more sending; what it kept on this device stays there. */
  stop(): void;
}

const live = new Set<LiveDraft>();

/** Registers an autosave until it unregisters (the returned function). */
export function registerLiveDraft(draft: LiveDraft): () => void {
  live.add(draft);
  return () => live.delete(draft);
}

/** Sends one stored draft to the server; true when the server kept it. */
export type DraftSender = (stored: StoredDraft) => Promise<boolean>;

/** Sends a stored draft with the current session (the caller makes sure it is its author's). */
export const sendStoredDraft: DraftSender = async ({ caseId, formId, draft }) => {
  try {
    await request('PUT', `/api/cases/${caseId}/forms/${formId}/draft`, {
      data: draft.data,
      revision: draft.revision,
    });
    return true;
  } catch {
    return false;
  }
};

function sameForm(a: DraftAddress, b: DraftAddress): boolean {
  return a.userId === b.userId && a.caseId === b.caseId && a.formId === b.formId;
}

/**
 * Tries to send every pending draft of the user (who must be the one logged in); returns how
 * many forms still have changes the server does not have.
 */
export async function sendDraftsBeforeLogOut(
  userId: string,
  options: { send?: DraftSender; storage?: DraftStorage | null; open?: Iterable<LiveDraft> } = {},
): Promise<number> {
  const send = options.send ?? sendStoredDraft;
  const open = [...(options.open ?? live)].filter((d) => d.userId === userId);
  let unsent = 0;
  // An open form knows its own revision and latest words better than its stored copy.
  for (const draft of open) if (!(await draft.flush())) unsent += 1;
  const stored = listDrafts(userId, options.storage).filter(
    (s) => !open.some((d) => sameForm(d, s)),
  );
  for (const entry of stored) {
    if (await send(entry)) forgetDraft(entry, options.storage);
    else unsent += 1;
  }
  return unsent;
}

/**
 * Drops every draft of the user leaving: this device's copies are removed, and every autosave
 * still in memory stops (anyone else's too: theirs stay on this device for their next log-in).
 */
export function discardDrafts(
  userId: string,
  options: { storage?: DraftStorage | null; open?: Iterable<LiveDraft> } = {},
): void {
  for (const draft of [...(options.open ?? live)]) draft.stop();
  clearDrafts(userId, options.storage);
}
