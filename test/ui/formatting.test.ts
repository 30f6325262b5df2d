import assert from 'node:assert/strict';
import { normaliseSearch } from '../../ui/src/cases/date-query.ts';
import { caseListUrl } from '../../ui/src/cases/use-case-list.ts';
import { diffData } from '../../ui/src/drafts/diff-data.ts';
import { formatDate } from '../../ui/src/format/dates.ts';
import { deadlineStatusLabel, workingDaysInWords } from '../../ui/src/format/deadline.ts';

describe('web app: words and dates', () => {
  it('writes dates the English way', () => {
    assert.equal(formatDate('2026-03-14'), '14 March 2026');
    assert.equal(formatDate('2019-01-09'), '9 January 2019');
    assert.equal(formatDate('not a date'), 'not a date');
  });

  it('says how a deadline stands in working days', () => {
    const deadline = {
      label: 'Assessment',
      dueOn: '2026-03-14',
      startedOn: '2026-03-02',
      elapsedDays: 12,
    };
    assert.equal(workingDaysInWords({ ...deadline, workingDays: 5 }), '5 working days left');
    assert.equal(workingDaysInWords({ ...deadline, workingDays: 1 }), '1 working day left');
    assert.equal(workingDaysInWords({ ...deadline, workingDays: 0 }), 'Due today');
    assert.equal(workingDaysInWords({ ...deadline, workingDays: -3 }), 'Overdue by 3 working days');
    assert.equal(deadlineStatusLabel('due-soon'), 'Due soon');
  });

  it('reads dates typed into the search box as ISO dates', () => {
    assert.equal(normaliseSearch('14/03/2019'), '2019-03-14');
    assert.equal(normaliseSearch('4 Mar 2019'), '2019-03-04');
    assert.equal(normaliseSearch(' Okafor '), 'Okafor');
  });

  it('asks the API only for the filters that are set', () => {
    const url = caseListUrl(
      { q: '14/03/2019', stage: '', overdue: true, assignee: 'u1', team: '' },
      null,
      25,
    );
    assert.equal(url, '/api/cases?q=2019-03-14&overdue=true&assignee=u1&limit=25');
  });

  it('lists the fields that differ between two drafts', () => {
    assert.deepEqual(
      diffData(
        { child: { fullName: 'Amara' }, note: 'same', people: [{ n: 'A' }] },
        { child: { fullName: 'Amara Price' }, note: 'same', people: [{ n: 'B' }], extra: true },
      ),
      [
        { pointer: '/child/fullName', mine: 'Amara', theirs: 'Amara Price' },
        { pointer: '/people/0/n', mine: 'A', theirs: 'B' },
        { pointer: '/extra', mine: undefined, theirs: true },
      ],
    );
  });
});
