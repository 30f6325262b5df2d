import assert from 'node:assert/strict';
import {
  addWorkingDays,
  calendarCovers,
  createCalendar,
  deadlineProgress,
  englandAndWales,
  lintWorkflow,
  londonDate,
  startCase,
  toIsoDate,
} from '../../engine/index.ts';
import { fixtureDefinition, fixtureForms, loadFixture, practitioner } from './fixtures.ts';

describe('engine dates in Europe/London', () => {
  it('counts an act at 00:30 BST on 30 March 2026 (23:30 UTC on the 29th) as the 30th', () => {
    assert.equal(londonDate('2026-03-29T23:30:00Z'), '2026-03-30');
    assert.equal(toIsoDate('2026-03-29T23:30:00Z'), '2026-03-30');
    assert.equal(toIsoDate(new Date('2026-03-29T23:30:00Z')), '2026-03-30');
  });

  it('keeps the UTC date in winter and around both clock changes', () => {
    assert.equal(londonDate('2026-01-10T23:30:00Z'), '2026-01-10');
    assert.equal(londonDate('2026-03-29T00:30:00Z'), '2026-03-29', 'before the clocks go forward');
    assert.equal(londonDate('2026-10-24T23:30:00Z'), '2026-10-25', 'the last night of BST');
    assert.equal(londonDate('2026-10-25T23:30:00Z'), '2026-10-25', 'GMT again');
    assert.equal(londonDate('2026-06-01T00:30:00+01:00'), '2026-06-01');
  });

  it('starts a deadline on the London date of the act that entered the stage', () => {
    const started = startCase(loadFixture(), {
      now: '2026-03-29T23:30:00Z',
      actor: practitioner,
    });
    const deadline = started.snapshot.deadlines[0]!;
    assert.equal(deadline.startedOn, '2026-03-30');
    assert.equal(deadline.dueOn, '2026-03-31', 'one working day after Monday the 30th');
  });

  it('counts working days across a bank holiday from the London date of an instant', () => {
    // 00:30 BST on Friday 28 August 2026; Monday 31 August is the summer bank holiday.
    assert.equal(addWorkingDays(new Date('2026-08-27T23:30:00Z'), 1), '2026-09-01');
  });

  it('is overdue from 00:00 London time on the day after the due date', () => {
    const deadline = { state: 's', label: 'x', startedOn: '2026-06-01', dueOn: '2026-06-02' };
    assert.equal(
      deadlineProgress(deadline, '2026-06-02T22:59:00Z', englandAndWales).overdue,
      false,
    );
    assert.equal(deadlineProgress(deadline, '2026-06-02T23:01:00Z', englandAndWales).overdue, true);
  });
});

describe('the range a calendar covers', () => {
  it('knows the years its bank holidays cover', () => {
    assert.deepEqual(englandAndWales.range, { first: '2024-01-01', last: '2030-12-31' });
    assert.equal(calendarCovers(englandAndWales, '2030-12-31'), true);
    assert.equal(calendarCovers(englandAndWales, '2031-01-01'), false);
    assert.equal(calendarCovers(englandAndWales, '2023-12-31'), false);
  });

  it('takes the years of the holidays it is given, or a range given with them', () => {
    const imported = createCalendar({ holidays: ['2031-01-01', '2031-12-25'] });
    assert.deepEqual(imported.range, { first: '2031-01-01', last: '2031-12-31' });
    const given = createCalendar({
      holidays: ['2031-01-01'],
      range: { first: '2024-01-01', last: '2032-12-31' },
    });
    assert.deepEqual(given.range, { first: '2024-01-01', last: '2032-12-31' });
  });

  it('lint warns when a working-day deadline started today can fall due past the calendar', () => {
    const late = lintWorkflow(fixtureDefinition(), {
      forms: fixtureForms,
      today: '2030-11-25',
      calendar: englandAndWales,
    });
    const past = late.warnings.filter((w) => w.code === 'deadline-past-calendar');
    assert.ok(past.length > 0, JSON.stringify(late.warnings));
    assert.equal(past[0]!.path, '/stages/assessment/deadline');
    assert.match(past[0]!.message, /45 working days/);
    assert.match(past[0]!.message, /2030-12-31/);
    assert.match(past[0]!.message, /calendar import/);
    const early = lintWorkflow(fixtureDefinition(), {
      forms: fixtureForms,
      today: '2026-11-25',
      calendar: englandAndWales,
    });
    assert.deepEqual(
      early.warnings.filter((w) => w.code === 'deadline-past-calendar'),
      [],
    );
  });
});
