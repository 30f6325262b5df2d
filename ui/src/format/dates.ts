/**
 * Dates as people in England write them: "14 March 2026", times as "14:32". Pure, so unit tests
 * run without a DOM.
 */

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const localLongDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "2026-03-14" (a calendar date) as "14 March 2026"; anything unreadable is returned as is. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  if (isoDate.length > 10) return formatDateTimeDate(isoDate);
  return longDate.format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))));
}

function formatDateTimeDate(isoDateTime: string): string {
  const date = new Date(isoDateTime);
  return Number.isNaN(date.getTime()) ? isoDateTime : localLongDate.format(date);
}

/** A moment as "14:32" in the user's time zone. */
export function formatTime(isoDateTime: string | Date): string {
  const date = typeof isoDateTime === 'string' ? new Date(isoDateTime) : isoDateTime;
  return Number.isNaN(date.getTime()) ? String(isoDateTime) : clock.format(date);
}

/** A moment as "14 March 2026 at 14:32". */
export function formatDateTime(isoDateTime: string): string {
  const date = new Date(isoDateTime);
  if (Number.isNaN(date.getTime())) return isoDateTime;
  return `${localLongDate.format(date)} at ${clock.format(date)}`;
}
