/**
 * Autosave of a form's draft: a few seconds after typing stops and when a field is left. Every
 * change is first kept on this device (draft-outbox.ts); when the server cannot be reached the
 * draft waits there and is sent when the connection is back. A 409 stops saving and hands the
 * other person's draft to the page, which lets the user keep theirs or take the other.
 * A draft belongs to the user logged in when the form was opened: it is kept under their name and
 * sent only while the session is still theirs, and log-out sends or stops it.
 */
import { onBeforeUnmount, reactive } from 'vue';
import { ApiError, request } from '../api/client.ts';
import type { ConflictingDraft, FieldError } from '../api/types.ts';
import { plainCopy } from '../forms/data-path.ts';
import { sessionIsUser, useSession } from '../session/use-session.ts';
import { type ActiveTimer, createActiveTimer } from './active-time.ts';
import { forgetDraft, keepDraft, type PendingDraft, pendingDraft } from './draft-outbox.ts';
import { registerLiveDraft } from './send-drafts-at-log-out.ts';

/** How long after the last keystroke a draft is saved. */
export const AUTOSAVE_DELAY_MS = 2500;
/** How often a draft that could not be sent is tried again. */
export const RETRY_DELAY_MS = 5000;

/** What the page shows about saving. */
export interface AutosaveState {
  revision: number;
  savedAt: string | null;
  dirty: boolean;
  saving: boolean;
  offline: boolean;
  conflict: ConflictingDraft | null;
  error: string;
  /** Answers the server would not keep even in a draft (e.g. text in a number field). */
  fieldErrors: FieldError[];
}

/** Autosave for the draft of one form on one case. */
export function useAutosave(
  caseId: string,
  formId: string,
  data: Record<string, unknown>,
  /** Active recording time, sent with each save. */
  activeTime: ActiveTimer = createActiveTimer(),
) {
  const state = reactive<AutosaveState>({
    revision: 0,
    savedAt: null,
    dirty: false,
    saving: false,
    offline: false,
    conflict: null,
    error: '',
    fieldErrors: [],
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let changeCount = 0;
  let savePromise: Promise<void> | null = null;
  let unmounted = false;
  let stopped = false;
  // Read once: the draft stays its author's even if someone else logs in while it waits.
  const author = useSession().user?.id ?? null;
  const address = author ? { userId: author, caseId, formId } : null;

  function forgetHere() {
    if (address) forgetDraft(address);
  }

  function schedule(delay: number) {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), delay);
  }

  function keepLocally() {
    if (!address || stopped) return;
    keepDraft(address, {
      data: plainCopy(data),
      revision: state.revision,
      changedAt: new Date().toISOString(),
    });
  }

  /** Call after every change: keeps the draft here and saves it soon. */
  function changed() {
    changeCount += 1;
    state.dirty = true;
    keepLocally();
    if (!state.conflict) schedule(state.offline ? RETRY_DELAY_MS : AUTOSAVE_DELAY_MS);
  }

  /** Call when a field is left: saves now if anything changed. */
  function left() {
    if (state.dirty && !state.conflict && !state.offline) void save();
  }

  async function sendOnce() {
    const sentAt = changeCount;
    state.saving = true;
    try {
      if (!author || !(await sessionIsUser(author))) {
        // Someone else's session, or none: kept on this device for its author, never sent.
        state.error =
          'Your session has ended. Your changes are kept on this device: log in again in another tab, then come back here.';
        if (!unmounted) schedule(RETRY_DELAY_MS * 2);
        return;
      }
      if (stopped) return;
      const activeSeconds = activeTime.unsent();
      const { body } = await request<{ revision: number; savedAt: string }>(
        'PUT',
        `/api/cases/${caseId}/forms/${formId}/draft`,
        { data: plainCopy(data), revision: state.revision, activeSeconds },
      );
      activeTime.sent(activeSeconds);
      state.revision = body.revision;
      state.savedAt = body.savedAt;
      state.offline = false;
      state.error = '';
      state.fieldErrors = [];
      if (changeCount === sentAt) {
        state.dirty = false;
        forgetHere();
      } else {
        keepLocally();
        schedule(AUTOSAVE_DELAY_MS);
      }
    } catch (failure) {
      handleFailure(failure);
    } finally {
      state.saving = false;
    }
  }

  function handleFailure(failure: unknown) {
    if (failure instanceof ApiError && failure.code === 'LF_CONFLICT') {
      const details = failure.details as { draft?: ConflictingDraft } | undefined;
      state.conflict = details?.draft ?? {
        data: {},
        revision: state.revision + 1,
        savedAt: new Date().toISOString(),
        author: null,
      };
      return;
    }
    if (failure instanceof ApiError && failure.code === 'LF_SUBMISSION_INVALID') {
      // Kept on this device; saved again after the next change fixes it.
      state.fieldErrors = (failure.details as { errors?: FieldError[] })?.errors ?? [];
      state.error = `The draft cannot be saved yet. ${failure.message}`;
      return;
    }
    if (failure instanceof ApiError && (failure.status === 0 || failure.status >= 500)) {
      state.offline = true;
      schedule(RETRY_DELAY_MS);
      return;
    }
    state.error =
      failure instanceof ApiError && failure.status === 401
        ? 'Your session has ended. Your changes are kept on this device: log in again in another tab, then come back here.'
        : failure instanceof Error
          ? failure.message
          : 'The draft could not be saved.';
    schedule(RETRY_DELAY_MS * 2);
  }

  /** Saves the draft now (waits for a save already under way first). */
  async function save(): Promise<void> {
    clearTimeout(timer);
    if (state.conflict || stopped) return;
    while (savePromise) await savePromise;
    if (!state.dirty || stopped) return;
    savePromise = sendOnce();
    try {
      await savePromise;
    } finally {
      savePromise = null;
      // A closed form that has sent everything has nothing left for log-out to do.
      if (unmounted && !state.dirty) unregister();
    }
  }

  /** Keeps this user's draft over the other one: saves again on top of its revision. */
  async function keepMine() {
    if (!state.conflict) return;
    state.revision = state.conflict.revision;
    state.conflict = null;
    state.dirty = true;
    await save();
  }

  /** Takes the other draft; the caller replaces the data with it. */
  function takeTheirs() {
    if (!state.conflict) return;
    state.revision = state.conflict.revision;
    state.savedAt = state.conflict.savedAt;
    state.conflict = null;
    state.dirty = false;
    forgetHere();
  }

  /** After a submission: nothing is pending any more. */
  function settled() {
    clearTimeout(timer);
    state.dirty = false;
    forgetHere();
  }

  /** At log-out, once sent or given up: never sends again; the caller clears this device. */
  function stop() {
    stopped = true;
    clearTimeout(timer);
    state.dirty = false;
    state.offline = false;
    unregister();
  }

  /** This user's changes that never reached the server, kept on this device, if any. */
  function pending(): PendingDraft | null {
    return address ? pendingDraft(address) : null;
  }

  const unregister = author
    ? registerLiveDraft({
        userId: author,
        caseId,
        formId,
        async flush() {
          await save();
          return !state.dirty;
        },
        stop,
      })
    : () => false;

  const onOnline = () => {
    if (state.dirty) void save();
  };
  window.addEventListener('online', onOnline);
  onBeforeUnmount(() => {
    unmounted = true;
    window.removeEventListener('online', onOnline);
    if (!state.dirty) unregister();
    // Leaving the page: send what is pending now (it stays on this device if that fails).
    if (state.dirty && !state.conflict) void save();
    else clearTimeout(timer);
  });

  return { state, changed, left, save, keepMine, takeTheirs, settled, pending, activeTime };
}
