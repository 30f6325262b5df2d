/**
 * Drafts not yet accepted by the server, kept in localStorage so that no word is lost when the
 * connection drops or the tab closes: one entry per case and form, removed once the server has
 * the draft.
 */

/** A draft waiting to be sent. */
export interface PendingDraft {
  data: Record<string, unknown>;
  /** The server revision the draft was made on. */
  revision: number;
  /** When it was last changed (ISO). */
  changedAt: string;
}

function keyOf(caseId: string, formId: string): string {
  return `lowform:draft:${caseId}:${formId}`;
}

/** Keeps (replaces) the pending draft of a form. */
export function keepDraft(caseId: string, formId: string, draft: PendingDraft): boolean {
  try {
    localStorage.setItem(keyOf(caseId, formId), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/** The pending draft of a form, if any. */
export function pendingDraft(caseId: string, formId: string): PendingDraft | null {
  try {
    const text = localStorage.getItem(keyOf(caseId, formId));
    if (!text) return null;
    const parsed = JSON.parse(text) as PendingDraft;
    return parsed && typeof parsed.data === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

/** Forgets the pending draft once the server has it. */
export function forgetDraft(caseId: string, formId: string): void {
  try {
    localStorage.removeItem(keyOf(caseId, formId));
  } catch {
    // Storage unavailable: nothing was kept.
  }
}
