import assert from 'node:assert/strict';
import { createCalendar } from '../../engine/calendar.ts';
import {
  type CaseHistory,
  caseEpisode,
  childKey,
  countRows,
  type IndicatorMap,
  type IndicatorRow,
  indicatorRows,
  monthsOf,
  type Period,
  type RelatedEpisode,
  rowsByMonth,
} from '../../engine/indicators.ts';
import map from '../../schemas/packs/child-protection/indicators.json' with { type: 'json' };
import { reportCases, reportPeriod } from './fixtures/report-cases.ts';

const indicatorMap: IndicatorMap = map;

/** Every case's rows over the period, other cases of the same child as its related ones. */
function allRows(
  cases: CaseHistory[],
  period: Period,
  calendar = createCalendar(),
): IndicatorRow[] {
  const episodes = cases.map((c) => ({ c, episode: caseEpisode(c, indicatorMap, calendar) }));
  return episodes.flatMap(({ c, episode }) => {
    const related: RelatedEpisode[] = episodes
      .filter(
        (o) => o.c.id !== c.id && childKey(o.c.child) === childKey(c.child) && childKey(c.child),
      )
      .map((o) => ({ reference: o.c.reference, episode: o.episode }));
    return indicatorRows(c, related, period, indicatorMap, calendar, episode);
  });
}

/** Each indicator as "numerator/denominator: counted ids | not counted ids". */
function answers(rows: IndicatorRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, ratio] of countRows(rows)) {
    const of = rows.filter((r) => r.indicator === id);
    const ids = (counted: boolean) =>
      of
        .filter((r) => r.counted === counted)
        .map((r) => r.caseId)
        .sort()
        .join(',');
    out[id] = `${ratio.numerator}/${ratio.denominator}: ${ids(true)} | ${ids(false)}`;
  }
  return out;
}

describe('timescale indicators', () => {
  it('counts every indicator over a period across the year end, in working days', () => {
    assert.deepEqual(answers(allRows(reportCases, reportPeriod)), {
      'assessments-in-time': '3/4: a,c,d | b',
      'initial-conferences-in-time': '1/2: c | d',
      'reviews-in-time': '1/2: e | f',
      'long-plans': '2/5: e,k | c,f,g2',
      'repeat-plans': '1/2: g2 | c',
      're-referrals': '1/3: h2 | g2,i2',
      'missed-timescales': '2/3: b,d | a',
    });
  });

  it('gives the dates and working days behind each row', () => {
    const rows = allRows(reportCases, reportPeriod);
    const find = (indicator: string, caseId: string) =>
      rows.find((r) => r.indicator === indicator && r.caseId === caseId);
    assert.deepEqual(pick(find('assessments-in-time', 'a')), {
      on: '2026-01-08',
      start: '2025-11-03',
      due: '2026-01-08',
      workingDays: 45,
    });
    assert.deepEqual(pick(find('assessments-in-time', 'b')), {
      on: '2026-01-09',
      start: '2025-11-03',
      due: '2026-01-08',
      workingDays: 46,
    });
    assert.deepEqual(pick(find('initial-conferences-in-time', 'c')), {
      on: '2026-01-05',
      start: '2025-12-10',
      due: '2026-01-05',
      workingDays: 15,
    });
    assert.equal(find('repeat-plans', 'g2')?.detail, 'CP-TEST-g1');
    assert.equal(find('re-referrals', 'h2')?.detail, 'CP-TEST-h1');
    assert.equal(find('missed-timescales', 'b')?.reason, 'Family away over Christmas');
    assert.equal(find('missed-timescales', 'd')?.reason, 'Chair unavailable');
    assert.equal(find('reviews-in-time', 'f')?.due, '2026-01-10');
  });

  it('makes the same conference late when the bank holidays are not counted', () => {
    const noHolidays = createCalendar({ holidays: [] });
    const rows = allRows(reportCases, reportPeriod, noHolidays);
    const c = rows.find((r) => r.indicator === 'initial-conferences-in-time' && r.caseId === 'c');
    assert.equal(c?.due, '2025-12-31');
    assert.equal(c?.counted, false);
    const a = rows.find((r) => r.indicator === 'assessments-in-time' && r.caseId === 'a');
    assert.equal(a?.counted, false);
  });

  it('counts each month of the period on its own, plans at the month end', () => {
    const months = monthsOf(reportPeriod);
    assert.deepEqual(
      months.map((m) => `${m.month} ${m.from}..${m.to}`),
      ['2025-12 2025-12-01..2025-12-31', '2026-01 2026-01-01..2026-01-31'],
    );
    const [december, january] = months.map((m) => answers(allRows(reportCases, m)));
    assert.equal(december!['assessments-in-time'], '2/2: c,d | ');
    assert.equal(january!['assessments-in-time'], '1/2: a | b');
    assert.equal(december!['long-plans'], '2/3: e,k | f');
    assert.equal(december!['re-referrals'], '0/2:  | g2,i2');
    assert.equal(january!['re-referrals'], '1/1: h2 | ');
    assert.equal(december!['initial-conferences-in-time'], undefined);
  });

  it('buckets the rows of a period by month as counting each month on its own would', () => {
    const months = monthsOf({ from: '2023-11-15', to: '2026-02-10' });
    const period = { from: '2023-11-15', to: '2026-02-10' };
    const calendar = createCalendar();
    for (const c of reportCases) {
      const related = reportCases
        .filter(
          (o) =>
            o.id !== c.id && childKey(o.child) !== null && childKey(o.child) === childKey(c.child),
        )
        .map((o) => ({ reference: o.reference, episode: caseEpisode(o, indicatorMap, calendar) }));
      const episode = caseEpisode(c, indicatorMap, calendar);
      const rows = indicatorRows(c, related, period, indicatorMap, calendar, episode);
      const bucketed = rowsByMonth(rows, c, episode, months, indicatorMap);
      for (const m of months) {
        const own = indicatorRows(c, related, m, indicatorMap, calendar, episode);
        const key = (r: IndicatorRow) => `${r.indicator} ${r.on} ${r.counted} ${r.detail ?? ''}`;
        assert.deepEqual(
          bucketed.get(m.month)!.map(key).sort(),
          own.map(key).sort(),
          `${c.id} ${m.month}`,
        );
      }
    }
  });

  it('dates a step by London: 23:30 UTC on 30 June is 1 July in summer time', () => {
    const history: CaseHistory = {
      id: 'z',
      reference: 'CP-TEST-z',
      team: 'north',
      assignee: null,
      child: { firstName: 'Zed', lastName: 'Test' },
      steps: [
        {
          type: 'case-started',
          at: '2026-06-30T23:30:00.000Z',
          from: [],
          to: ['referralAndAssessment.referral'],
        },
      ],
      deadlines: [],
    };
    const june = indicatorRows(history, [], { from: '2026-06-01', to: '2026-06-30' }, indicatorMap);
    const july = indicatorRows(history, [], { from: '2026-07-01', to: '2026-07-31' }, indicatorMap);
    assert.deepEqual(june, []);
    assert.equal(july[0]?.on, '2026-07-01');
  });

  it('splits a period into the parts of the months it touches, across a year end', () => {
    assert.deepEqual(monthsOf({ from: '2025-11-15', to: '2026-02-10' }), [
      { month: '2025-11', from: '2025-11-15', to: '2025-11-30' },
      { month: '2025-12', from: '2025-12-01', to: '2025-12-31' },
      { month: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-10' },
    ]);
  });
});

function pick(row: IndicatorRow | undefined) {
  assert.ok(row, 'the row is there');
  const { on, start, due, workingDays } = row;
  return { on, start, due, workingDays };
}
