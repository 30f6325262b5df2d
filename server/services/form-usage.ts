/**
 * How a form is used, for the practice lead who edits it: how often each question is answered
 * (its fill rate) and how long recording takes (active minutes measured by the form page), over
 * the submissions of a period, read along the submissions index by form, status and time.
 * Aggregates only: no case, worker or answer is named, and figures over fewer than
 * MIN_SUBMISSIONS submissions are withheld so that no one case can be read from them.
 */

import type { LoadedForm } from '../../forms/index.ts';
import { pointerTokens, valueAt } from '../../forms/json-pointer.ts';
import type { Store, SubmissionRecord } from '../store/store.ts';
import type { DefinitionRegistry } from './definition-registry.ts';

/** Figures over fewer submissions than this are not shown. */
export const MIN_SUBMISSIONS = 5;

/** One question's fill rate. */
export interface QuestionUse {
  pointer: string;
  label: string;
  /** Submissions of versions that ask it. */
  asked: number;
  answered: number;
  /** answered / asked, or null when fewer than MIN_SUBMISSIONS asked it. */
  rate: number | null;
  /** The rate per form version that asks it. */
  byVersion: { version: number; asked: number; rate: number | null }[];
}

/** A form's use over a period. */
export interface FormUsage {
  since: string;
  submissions: number;
  questions: QuestionUse[];
  /** Median active minutes per form version, from the submissions that measured it. */
  recording: { version: number; measured: number; medianMinutes: number | null }[];
}

/** True when an answer was given: not missing, not empty text, not an empty list. */
function answered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(answered);
  return true;
}

function share(part: number, whole: number): number | null {
  return whole < MIN_SUBMISSIONS ? null : Math.round((part / whole) * 1000) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The questions a fill rate is counted for: every field outside a list, and each list. */
function questionsOf(form: LoadedForm) {
  return form.fields.filter((f) => !f.pointer.includes('/*') && f.kind !== 'group');
}

/** A form's fill rates and recording time over the submissions since `since` (ISO instant). */
export async function formUsage(
  deps: { store: Store; registry: DefinitionRegistry },
  formId: string,
  since: string,
): Promise<FormUsage> {
  // Counted per version: each submission against the questions its own version asked.
  const counts = new Map<
    number,
    {
      total: number;
      answered: Map<string, number>;
      minutes: number[];
      /** The version's questions, each with its pointer's tokens. */
      asked: { pointer: string; tokens: string[] }[];
    }
  >();
  let cursor: string | null = null;
  do {
    const page: { items: SubmissionRecord[]; nextCursor: string | null } =
      await deps.store.submissions.list({
        filter: { formId, status: 'submitted', submittedAt: { gte: since } },
        sort: { field: 'submittedAt', direction: 'asc' },
        limit: 500,
        cursor,
      });
    for (const submission of page.items) {
      let version = counts.get(submission.formVersion);
      if (!version) {
        const form = await deps.registry.form(formId, submission.formVersion);
        const asked = questionsOf(form).map((q) => ({
          pointer: q.pointer,
          tokens: pointerTokens(q.pointer),
        }));
        version = { total: 0, answered: new Map(), minutes: [], asked };
        counts.set(submission.formVersion, version);
      }
      version.total++;
      for (const q of version.asked) {
        if (answered(valueAt(submission.data, q.tokens)))
          version.answered.set(q.pointer, (version.answered.get(q.pointer) ?? 0) + 1);
      }
      if (typeof submission.activeSeconds === 'number')
        version.minutes.push(submission.activeSeconds / 60);
    }
    cursor = page.nextCursor;
  } while (cursor);

  const latest = await deps.registry.latestForm(formId);
  const versions = [...counts.keys()].sort((a, b) => a - b);
  const questions: QuestionUse[] = [];
  for (const q of latest ? questionsOf(latest) : []) {
    const byVersion: QuestionUse['byVersion'] = [];
    let asked = 0;
    let given = 0;
    for (const v of versions) {
      const c = counts.get(v)!;
      if (!c.asked.some((f) => f.pointer === q.pointer)) continue;
      const yes = c.answered.get(q.pointer) ?? 0;
      asked += c.total;
      given += yes;
      byVersion.push({ version: v, asked: c.total, rate: share(yes, c.total) });
    }
    questions.push({
      pointer: q.pointer,
      label: q.label,
      asked,
      answered: asked < MIN_SUBMISSIONS ? 0 : given,
      rate: share(given, asked),
      byVersion,
    });
  }
  return {
    since,
    submissions: [...counts.values()].reduce((n, c) => n + c.total, 0),
    questions,
    recording: versions.map((v) => {
      const minutes = counts.get(v)!.minutes;
      return {
        version: v,
        measured: minutes.length,
        medianMinutes:
          minutes.length < MIN_SUBMISSIONS ? null : Math.round(median(minutes) * 10) / 10,
      };
    }),
  };
}
