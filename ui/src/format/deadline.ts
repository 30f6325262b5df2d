/**
 * Deadlines in words: "Overdue by 3 working days", "Due soon: 2 working days left". Pure.
 */
import type { Deadline, DeadlineStatus } from '../api/types.ts';

function days(n: number): string {
  return `${n} working ${n === 1 ? 'day' : 'days'}`;
}

/** The status as a short label for a badge. */
export function deadlineStatusLabel(status: DeadlineStatus): string {
  if (status === 'overdue') return 'Overdue';
  if (status === 'due-soon') return 'Due soon';
  return 'On track';
}

/** How many working days are left, or how late it is, in words. */
export function workingDaysInWords(deadline: Deadline): string {
  const n = deadline.workingDays;
  if (n === undefined) return '';
  if (n < 0) return `Overdue by ${days(-n)}`;
  if (n === 0) return 'Due today';
  return `${days(n)} left`;
}
