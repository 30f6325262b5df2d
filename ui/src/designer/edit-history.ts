/**
 * Undo and redo over a session's edits: a stack of definitions and where the session stands in
 * it. Pure, so it is tested without a DOM; use-form-editor.ts keeps one in a ref.
 */

/** The definitions of a session, oldest first, and the index of the current one. */
export interface EditHistory<T> {
  readonly entries: readonly T[];
  readonly at: number;
  /** What each entry's edit was, in words (the first is where the session started). */
  readonly what: readonly string[];
}

/** A history that starts at one definition. */
export function startHistory<T>(first: T, what = 'Opened'): EditHistory<T> {
  return { entries: [first], at: 0, what: [what] };
}

/** The definition the session stands at. */
export function currentOf<T>(history: EditHistory<T>): T {
  return history.entries[history.at]!;
}

/** Records an edit: anything that was undone past is dropped, as in every editor. */
export function record<T>(history: EditHistory<T>, next: T, what: string): EditHistory<T> {
  return {
    entries: [...history.entries.slice(0, history.at + 1), next],
    what: [...history.what.slice(0, history.at + 1), what],
    at: history.at + 1,
  };
}

/** True when there is an edit to undo. */
export function canUndo(history: EditHistory<unknown>): boolean {
  return history.at > 0;
}

/** True when there is an undone edit to redo. */
export function canRedo(history: EditHistory<unknown>): boolean {
  return history.at < history.entries.length - 1;
}

/** One step back; the edit undone is named by `what[at]` of the history given. */
export function undo<T>(history: EditHistory<T>): EditHistory<T> {
  return canUndo(history) ? { ...history, at: history.at - 1 } : history;
}

/** One step forward again. */
export function redo<T>(history: EditHistory<T>): EditHistory<T> {
  return canRedo(history) ? { ...history, at: history.at + 1 } : history;
}
