/**
 * Deadlines that can fall past the dates a calendar's bank holidays cover: working days counted
 * there skip no bank holiday, so the due date may be a day or more early. Lint warns about them,
 * and the server warns at start (with today a few months ahead, to give time to import a list).
 */
import type { WorkflowDefinition } from '../schemas/generated/workflow-definition.ts';
import { addWorkingDays, type Calendar, calendarCovers } from './calendar.ts';
import { type Finding, finding } from './finding.ts';

/** A stage deadline that, started on a given day, falls due past the calendar. */
export interface DeadlinePastCalendar {
  stage: string;
  label: string;
  amount: number;
  startedOn: string;
  dueOn: string;
}

/** The working-day deadlines of a workflow that, started on `startedOn`, fall past the calendar. */
export function deadlinesPastCalendar(
  definition: Pick<WorkflowDefinition, 'stages'>,
  startedOn: string,
  calendar: Calendar,
): DeadlinePastCalendar[] {
  const past: DeadlinePastCalendar[] = [];
  for (const [stage, { deadline }] of Object.entries(definition.stages ?? {})) {
    if (deadline?.unit !== 'workingDays' || deadline.amount === undefined) continue;
    const dueOn = addWorkingDays(startedOn, deadline.amount, calendar);
    if (!calendarCovers(calendar, dueOn))
      past.push({ stage, label: deadline.label, amount: deadline.amount, startedOn, dueOn });
  }
  return past;
}

/** Lint warnings for deadlines that, started today, fall past the calendar. */
export function lintCalendarReach(
  definition: WorkflowDefinition,
  today: string,
  calendar: Calendar,
): Finding[] {
  return deadlinesPastCalendar(definition, today, calendar).map((d) =>
    finding(
      'deadline-past-calendar',
      `"${d.label}" (${d.amount} working days) started today, ${today}, falls due on ${d.dueOn}, past ${calendar.range?.last}, the last date the ${calendar.name} bank holidays are known for: no bank holidays are counted after it. Import the current list with npm run lowform -- calendar import FILE.`,
      `/stages/${d.stage.replaceAll('~', '~0').replaceAll('/', '~1')}/deadline`,
    ),
  );
}
