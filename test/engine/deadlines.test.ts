import assert from 'node:assert/strict';
import type { CaseDeadline } from '../../engine/index.ts';
import {
  calendarDaysBetween,
  createCalendar,
  deadlineProgress,
  dueDate,
  englandAndWales,
  isOverdue,
} from '../../engine/index.ts';

const conference: CaseDeadline = {
  state: 'enquiry',
  label: 'Initial child protection conference',
  startedOn: '2026-12-14',
  dueOn: '2027-01-07',
};

describe('engine deadlines', () => {
  it('falls due in working days, calendar days or months from the start date', () => {
    const from = { stateEntered: true as const };
    assert.equal(
      dueDate({ label: 'x', amount: 15, unit: 'workingDays', from }, '2026-12-14', englandAndWales),
      '2027-01-07',
    );
    assert.equal(
      dueDate(
        { label: 'x', amount: 15, unit: 'calendarDays', from },
        '2026-12-14',
        englandAndWales,
      ),
      '2026-12-29',
    );
    assert.equal(
      dueDate({ label: 'x', amount: 3, unit: 'months', from }, '2026-11-30', englandAndWales),
      '2027-02-28',
    );
  });

  it('has no due date when it only counts the days elapsed', () => {
    assert.equal(
      dueDate({ label: 'Time open', from: { stateEntered: true } }, '2026-12-14', englandAndWales),
      null,
    );
  });

  it('uses the calendar it is given for working days', () => {
    const closed = createCalendar({ closures: ['2026-12-29', '2026-12-30', '2026-12-31'] });
    assert.equal(
      dueDate({ label: 'x', amount: 1, unit: 'workingDays' }, '2026-12-24', closed),
      '2027-01-04',
    );
  });

  it('is overdue only after its due date, never on it, and never without one', () => {
    assert.equal(isOverdue(conference, '2027-01-07'), false);
    assert.equal(isOverdue(conference, '2027-01-08'), true);
    assert.equal(isOverdue({ ...conference, dueOn: null }, '2099-01-01'), false);
  });

  it('reports days elapsed, working days left and whether it is overdue on a given day', () => {
    assert.deepEqual(deadlineProgress(conference, '2026-12-24T15:00:00Z', englandAndWales), {
      elapsedDays: 10,
      workingDaysLeft: 7,
      overdue: false,
    });
    assert.deepEqual(
      deadlineProgress(conference, new Date('2027-01-11T09:00:00Z'), englandAndWales),
      {
        elapsedDays: 28,
        workingDaysLeft: -2,
        overdue: true,
      },
    );
    assert.deepEqual(
      deadlineProgress({ ...conference, dueOn: null }, '2026-12-15', englandAndWales),
      {
        elapsedDays: 1,
        workingDaysLeft: null,
        overdue: false,
      },
    );
  });

  it('counts calendar days between two dates, negative when the second is earlier', () => {
    assert.equal(calendarDaysBetween('2026-12-24', '2027-01-01'), 8);
    assert.equal(calendarDaysBetween('2027-01-01', '2026-12-24'), -8);
  });
});
