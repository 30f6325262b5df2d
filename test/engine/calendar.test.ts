import assert from 'node:assert/strict';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  createCalendar,
  englandAndWalesHolidays,
  isEngineError,
  isWorkingDay,
  toIsoDate,
  workingDaysBetween,
} from '../../engine/index.ts';

describe('engine calendar', () => {
  describe('bank holidays of England and Wales', () => {
    const expected: Record<number, string[]> = {
      2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
      2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
      2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
      2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
      2028: ['01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
      2029: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
      2030: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
    };
    for (const [year, days] of Object.entries(expected)) {
      it(`lists exactly the eight bank holidays of ${year}, substitute days included`, () => {
        const listed = englandAndWalesHolidays.filter((d) => d.startsWith(`${year}-`));
        assert.deepEqual(
          listed,
          days.map((d) => `${year}-${d}`),
        );
      });
    }

    it('never lists a Saturday or Sunday, since substitute days replace them', () => {
      const weekend = englandAndWalesHolidays.filter((d) =>
        [0, 6].includes(new Date(d).getUTCDay()),
      );
      assert.deepEqual(weekend, []);
    });
  });

  describe('addWorkingDays', () => {
    it('passes over Christmas and the Boxing Day substitute: 2026-12-24 + 1 working day is 2026-12-29', () => {
      assert.equal(addWorkingDays('2026-12-24', 1), '2026-12-29');
    });

    it('passes over both substitute days at the end of 2027 and New Year 2028', () => {
      assert.equal(addWorkingDays('2027-12-24', 1), '2027-12-29');
      assert.equal(addWorkingDays('2027-12-31', 1), '2028-01-04');
    });

    it('passes over Good Friday and Easter Monday 2027', () => {
      assert.equal(addWorkingDays('2027-03-25', 1), '2027-03-30');
      assert.equal(addWorkingDays('2027-03-24', 3), '2027-03-31');
    });

    it("crosses a year end and New Year's Day: 2025-12-24 + 4 working days is 2026-01-02", () => {
      assert.equal(addWorkingDays('2025-12-24', 4), '2026-01-02');
    });

    it('counts 15 working days over a weekend and a spring bank holiday', () => {
      assert.equal(addWorkingDays('2026-05-18', 15), '2026-06-09');
    });

    it('does not count the start day, even a weekend one', () => {
      assert.equal(addWorkingDays('2026-03-07', 1), '2026-03-09');
      assert.equal(addWorkingDays('2026-03-07', 0), '2026-03-07');
    });

    it('counts backwards for a negative number', () => {
      assert.equal(addWorkingDays('2026-12-29', -1), '2026-12-24');
    });

    it('takes an instant and counts from its London date (GMT in March before the clocks change)', () => {
      assert.equal(addWorkingDays(new Date('2026-03-02T23:30:00-01:00'), 1), '2026-03-04');
    });

    it('passes over extra closure days of a configured calendar', () => {
      const council = createCalendar({ closures: ['2026-12-29', '2026-12-30'] });
      assert.equal(addWorkingDays('2026-12-24', 1, council), '2026-12-31');
      assert.equal(isWorkingDay('2026-12-30', council), false);
      assert.equal(isWorkingDay('2026-12-30'), true);
    });

    it('can replace the bank holidays altogether', () => {
      const none = createCalendar({ name: 'No holidays', holidays: [] });
      assert.equal(addWorkingDays('2026-12-24', 1, none), '2026-12-25');
    });

    it('refuses a fraction of a day', () => {
      assert.throws(
        () => addWorkingDays('2026-03-02', 1.5),
        (e) => isEngineError(e, 'LF_DATE_INVALID'),
      );
    });
  });

  describe('workingDaysBetween', () => {
    it('counts the working days after the start up to and including the end', () => {
      assert.equal(workingDaysBetween('2026-12-24', '2026-12-29'), 1);
      assert.equal(workingDaysBetween('2026-03-02', '2026-03-09'), 5);
      assert.equal(workingDaysBetween('2026-03-02', '2026-03-02'), 0);
    });

    it('is negative when the end is earlier, and undoes addWorkingDays', () => {
      assert.equal(workingDaysBetween('2026-12-29', '2026-12-24'), -1);
      const due = addWorkingDays('2027-03-20', 20);
      assert.equal(workingDaysBetween('2027-03-20', due), 20);
    });
  });

  describe('addCalendarDays and addMonths', () => {
    it('adds calendar days across a month and a leap day', () => {
      assert.equal(addCalendarDays('2028-02-27', 3), '2028-03-01');
      assert.equal(addCalendarDays('2026-01-01', -1), '2025-12-31');
    });

    it('clamps to the end of a shorter month', () => {
      assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
      assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
      assert.equal(addMonths('2026-08-31', 3), '2026-11-30');
    });

    it('crosses year ends both ways', () => {
      assert.equal(addMonths('2026-11-15', 3), '2027-02-15');
      assert.equal(addMonths('2026-01-15', -2), '2025-11-15');
      assert.equal(addMonths('2026-03-31', 6), '2026-09-30');
    });
  });

  describe('toIsoDate', () => {
    it('accepts the leap day of a leap year', () => {
      assert.equal(toIsoDate('2028-02-29T12:00:00Z'), '2028-02-29');
      assert.equal(toIsoDate('2000-02-29'), '2000-02-29');
    });

    it('takes the date of an instant in London, not in UTC', () => {
      assert.equal(toIsoDate('2026-06-01T00:30:00+01:00'), '2026-06-01');
      assert.equal(toIsoDate(new Date(Date.UTC(2026, 5, 1, 23, 59))), '2026-06-02');
      assert.equal(toIsoDate(new Date(Date.UTC(2026, 11, 1, 23, 59))), '2026-12-01');
    });

    it('refuses dates that do not exist and text that is not a date', () => {
      for (const bad of ['2026-02-30', '2026-02-30T10:00:00Z', '2027-02-29', 'next Tuesday', '']) {
        assert.throws(
          () => toIsoDate(bad),
          (e) => isEngineError(e, 'LF_DATE_INVALID'),
          bad,
        );
      }
    });
  });
});
