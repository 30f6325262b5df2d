/**
 * Stage deadlines. A deadline starts on the London date of its anchor (entering the stage, or the
 * last time an event happened), falls due a number of working days, calendar days or months
 * later, and is met by leaving the stage on or before that date. It prompts and never blocks.
 */
import type { Deadline } from '../schemas/generated/workflow-definition.ts';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  type Calendar,
  calendarDaysBetween,
  toIsoDate,
  workingDaysBetween,
} from './calendar.ts';
import type { Effect } from './effects.ts';
import type { Workflow } from './load-workflow.ts';
import type { CaseDeadline } from './snapshot.ts';

/** When the anchors of deadlines happened: states entered and events taken, as ISO instants. */
export interface DeadlineHistory {
  entered: ReadonlyMap<string, string>;
  events: ReadonlyMap<string, string>;
}

/** The deadlines of the active stages whose anchors have happened. */
export function deadlinesFor(
  workflow: Workflow,
  activePaths: readonly string[],
  history: DeadlineHistory,
  calendar: Calendar,
): CaseDeadline[] {
  const deadlines: CaseDeadline[] = [];
  for (const state of activePaths) {
    const deadline = workflow.stages.get(state)?.deadline;
    if (!deadline?.from) continue;
    const anchor =
      'event' in deadline.from
        ? history.events.get(deadline.from.event)
        : history.entered.get(state);
    if (anchor === undefined) continue;
    const startedOn = toIsoDate(anchor);
    deadlines.push({
      state,
      label: deadline.label,
      startedOn,
      dueOn: cachedDueDate(deadline, startedOn, calendar),
    });
  }
  return deadlines;
}

// Every event recomputes the deadlines of the stages the case stays in; their anchors rarely
// change, so the due dates are remembered per definition, calendar and start date.
const dueDates = new WeakMap<Deadline, WeakMap<Calendar, Map<string, string | null>>>();
const MAX_REMEMBERED = 4_096;

function cachedDueDate(deadline: Deadline, startedOn: string, calendar: Calendar): string | null {
  const byCalendar = dueDates.get(deadline) ?? new WeakMap();
  dueDates.set(deadline, byCalendar);
  const byStart = byCalendar.get(calendar) ?? new Map<string, string | null>();
  byCalendar.set(calendar, byStart);
  const known = byStart.get(startedOn);
  if (known !== undefined) return known;
  const due = dueDate(deadline, startedOn, calendar);
  if (byStart.size >= MAX_REMEMBERED) byStart.clear();
  byStart.set(startedOn, due);
  return due;
}

/** The date a deadline falls due from its start date; null when it only counts days. */
export function dueDate(deadline: Deadline, startedOn: string, calendar: Calendar): string | null {
  if (deadline.amount === undefined || deadline.unit === undefined) return null;
  switch (deadline.unit) {
    case 'workingDays':
      return addWorkingDays(startedOn, deadline.amount, calendar);
    case 'calendarDays':
      return addCalendarDays(startedOn, deadline.amount);
    case 'months':
      return addMonths(startedOn, deadline.amount);
  }
}

/** True when the deadline has a due date and `today` (a London date) is after it. */
export function isOverdue(deadline: CaseDeadline, today: string): boolean {
  return deadline.dueOn !== null && today > deadline.dueOn;
}

/** How a deadline stands on a day: days elapsed, working days left, and whether it is overdue. */
export function deadlineProgress(
  deadline: CaseDeadline,
  now: Date | string,
  calendar: Calendar,
): { elapsedDays: number; workingDaysLeft: number | null; overdue: boolean } {
  const today = toIsoDate(now);
  return {
    elapsedDays: calendarDaysBetween(deadline.startedOn, today),
    workingDaysLeft:
      deadline.dueOn === null ? null : workingDaysBetween(today, deadline.dueOn, calendar),
    overdue: isOverdue(deadline, today),
  };
}

/** The setDeadline and clearDeadline effects that take the case from `before` to `after`. */
export function deadlineEffects(before: CaseDeadline[], after: CaseDeadline[]): Effect[] {
  const key = (d: CaseDeadline) => `${d.state}\u0000${d.label}`;
  const old = new Map(before.map((d) => [key(d), d]));
  const now = new Map(after.map((d) => [key(d), d]));
  const effects: Effect[] = [];
  for (const [k, d] of old) if (!now.has(k)) effects.push({ type: 'clearDeadline', deadline: d });
  for (const [k, d] of now) {
    const was = old.get(k);
    if (!was || was.startedOn !== d.startedOn || was.dueOn !== d.dueOn) {
      effects.push({ type: 'setDeadline', deadline: d });
    }
  }
  return effects;
}
