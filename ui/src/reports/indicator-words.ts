/**
 * The words for each timescale indicator: its title, what the number counts, and what a row of
 * its case list means. The server sends ids and numbers; words live here (a Welsh table would be
 * another copy of this one). The definitions are the README's, shortened.
 */
import type { IndicatorId } from './report-types.ts';

/** How an indicator is named and explained on the reports page. */
export interface IndicatorWords {
  title: string;
  /** What the numerator counts, of what denominator. */
  counts: string;
  /** The date a row is put in the period by. */
  dateLabel: string;
  /** What a counted row is, and one not counted. */
  yes: string;
  no: string;
}

export const indicatorWords: Record<IndicatorId, IndicatorWords> = {
  'assessments-in-time': {
    title: 'Assessments completed within 45 working days of the referral',
    counts: 'Of the assessments completed in the period, those completed within 45 working days.',
    dateLabel: 'Completed',
    yes: 'In time',
    no: 'Late',
  },
  'initial-conferences-in-time': {
    title: 'Initial child protection conferences within 15 working days of the strategy discussion',
    counts:
      'Of the initial conferences held in the period, those within 15 working days of the latest strategy discussion.',
    dateLabel: 'Held',
    yes: 'In time',
    no: 'Late',
  },
  'reviews-in-time': {
    title: 'Review conferences in time (the first within 3 months, then every 6 months)',
    counts: 'Of the review conferences held in the period, those held by their due date.',
    dateLabel: 'Held',
    yes: 'In time',
    no: 'Late',
  },
  'long-plans': {
    title: 'Child protection plans open for more than 2 years',
    counts:
      'Of the plans open at the end of the period, those that had been open for more than 2 years.',
    dateLabel: 'Open on',
    yes: 'Over 2 years',
    no: '2 years or less',
  },
  'repeat-plans': {
    title: 'Second or later child protection plans',
    counts: 'Of the plans that started in the period, those for a child who had a plan before.',
    dateLabel: 'Started',
    yes: 'Second or later',
    no: 'First plan',
  },
  're-referrals': {
    title: 'Re-referrals within 12 months of a previous referral',
    counts:
      'Of the referrals in the period, those within 12 months of an earlier referral of the same child.',
    dateLabel: 'Referred',
    yes: 'Re-referral',
    no: 'First in 12 months',
  },
  'missed-timescales': {
    title: 'Missed timescales, with the reasons given',
    counts: 'Of the timescales that came to an end in the period, those missed.',
    dateLabel: 'Ended',
    yes: 'Missed',
    no: 'Met',
  },
};

/** "12 of 15 (80%)", or "none" when nothing was counted. */
export function ratioText(numerator: number, denominator: number): string {
  if (denominator === 0) return 'none in the period';
  return `${numerator} of ${denominator} (${percent(numerator, denominator)}%)`;
}

/** A whole percentage, or 0 for an empty denominator. */
export function percent(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.round((numerator / denominator) * 100);
}

/** "2026-01" as "Jan 2026". */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-');
  const names = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  return `${names[Number(m) - 1]} ${year}`;
}
