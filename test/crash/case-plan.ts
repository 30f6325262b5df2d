/**
 * What a crash client does at each stage of a child protection case: the event it takes, the
 * form that decides it and valid answers. The choices loop between assessment and strategy
 * discussion, so a case can be moved on as often as a run likes and never needs a sign-off.
 */
import { decisionFor } from '../packs/sample-data.ts';

/** The branch a client takes for each event it knows. */
const choices: Record<string, string> = {
  'decide-referral': 'assessment',
  'complete-assessment': 'strategy-discussion',
  'record-strategy-discussion': 'continue-assessment',
};

/** One stage's work: draft and submit the deciding form, then take the event. */
export interface StagePlan {
  event: string;
  formId: string;
  answers: Record<string, unknown>;
}

/** An event as the case view lists it. */
export interface AvailableEvent {
  type: string;
  enabled: boolean;
}

/** The plan for the first listed event a client knows; null when the case offers none. */
export function planFor(events: AvailableEvent[]): StagePlan | null {
  const event = events.find((e) => Object.hasOwn(choices, e.type));
  if (!event) return null;
  const forms = Object.entries(decisionFor(event.type, choices[event.type]));
  if (forms.length !== 1) throw new Error(`"${event.type}" is decided by ${forms.length} forms.`);
  const [formId, answers] = forms[0]!;
  return { event: event.type, formId, answers };
}

/** Answers half given, as autosave sends them, the longest (free text) marked with `n`. */
export function draftAnswers(plan: StagePlan, n: number): Record<string, unknown> {
  const entries = Object.entries(plan.answers);
  const kept = entries.slice(0, Math.max(1, Math.ceil(entries.length / 2)));
  const draft = Object.fromEntries(kept);
  const texts = kept.filter((e): e is [string, string] => typeof e[1] === 'string');
  const text = texts.sort((a, b) => b[1].length - a[1].length)[0];
  if (text) draft[text[0]] = `${text[1]} (draft ${n})`;
  return draft;
}
