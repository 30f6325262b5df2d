import assert from 'node:assert/strict';
import { type CaseEvidence, checkCase, type FormState } from './case-checks.ts';
import type { Act, ChronologyItem, Witness } from './ledger.ts';

const w = (epoch: number): Witness => ({ client: 'c1', epoch, at: '2026-03-02T10:00:00.000Z' });
const sub = 'case-1:contact:key-1';
const opened: Act = { kind: 'create', outcome: 'acked', ...w(1) };
const submitted: Act = {
  kind: 'submit',
  formId: 'contact',
  submissionId: sub,
  attempts: 1,
  outcome: 'acked',
  ...w(1),
};
const moved: Act = {
  kind: 'move',
  event: 'decide-referral',
  tag: 'crash move c1-1',
  version: 2,
  outcome: 'acked',
  ...w(2),
};
const started: ChronologyItem = { seq: 1, kind: 'case', type: 'case-started', at: 'a', data: {} };
const submissionEntry = (seq: number): ChronologyItem => ({
  seq,
  kind: 'submission',
  type: 'form-submitted',
  at: 'b',
  data: { submissionId: sub },
});
const moveEntry = (seq: number): ChronologyItem => ({
  seq,
  kind: 'event',
  type: 'decide-referral',
  at: 'c',
  data: { reason: 'crash move c1-1' },
});

function evidence(
  acts: Act[],
  chronology: ChronologyItem[],
  more: Partial<CaseEvidence> = {},
): CaseEvidence {
  return {
    id: 'case-1',
    ledger: { id: 'case-1', reference: 'CP-1', acts },
    version: 2,
    chronology,
    forms: new Map<string, FormState>([['contact', { status: 'submitted', revision: 0 }]]),
    seenVersion: undefined,
    seenEntries: undefined,
    ...more,
  };
}

const kinds = (e: CaseEvidence) => checkCase(e).map((v) => v.kind);

describe('crash test checks', () => {
  it('finds nothing wrong with acts entered once each in acknowledged order', () => {
    assert.deepEqual(
      kinds(evidence([opened, submitted, moved], [started, submissionEntry(2), moveEntry(3)])),
      [],
    );
  });

  it('allows a move whose answer was lost to be there or not', () => {
    const lost: Act = { ...moved, outcome: 'unknown', version: null };
    assert.deepEqual(kinds(evidence([opened, submitted, lost], [started, submissionEntry(2)])), []);
  });

  it('reports a submission entered after a move acknowledged after it', () => {
    assert.deepEqual(
      kinds(evidence([opened, submitted, moved], [started, moveEntry(2), submissionEntry(3)])),
      ['submission entered after a later move'],
    );
  });

  it('reports an entry that landed late once, however many acts overtook it', () => {
    const second: Act = { ...moved, tag: 'crash move c1-2', version: 3 };
    const secondEntry = { ...moveEntry(3), data: { reason: 'crash move c1-2' } };
    const chronology = [started, moveEntry(2), secondEntry, submissionEntry(4)];
    assert.deepEqual(kinds(evidence([opened, submitted, moved, second], chronology)), [
      'submission entered after a later move',
    ]);
  });

  it('reports an acknowledged submission entered twice, and a gap in the numbering', () => {
    assert.deepEqual(
      kinds(evidence([opened, submitted], [started, submissionEntry(2), submissionEntry(4)])),
      ['chronology gap or repeat', 'submit recorded twice'],
    );
  });

  it('reports an entry a client was shown that is no longer at its seq', () => {
    const seenEntries = new Map([[2, new Map([['event decide-referral at x crash move', w(3)]])]]);
    assert.deepEqual(kinds(evidence([opened], [started, moveEntry(2)], { seenEntries })), [
      'shown chronology entry gone',
    ]);
  });

  it('reports a case shown at a version it no longer reaches', () => {
    const seenVersion = { version: 3, witness: w(2), how: 'GET /api/cases' };
    assert.deepEqual(kinds(evidence([], [started], { seenVersion, ledger: undefined })), [
      'shown case version gone',
    ]);
  });

  it('reports a draft still shown after an acknowledged submit, unless a save came after', () => {
    const draft: Act = { kind: 'draft', formId: 'contact', revision: 1, outcome: 'acked', ...w(1) };
    const forms = new Map([['contact', { status: 'draft', revision: 1 }]]);
    const chronology = [started, submissionEntry(2)];
    assert.deepEqual(kinds(evidence([opened, draft, submitted], chronology, { forms })), [
      'draft outlived an acknowledged submit',
    ]);
    const later: Act = { ...draft, revision: null, outcome: 'unknown' };
    assert.deepEqual(kinds(evidence([opened, draft, submitted, later], chronology, { forms })), []);
  });
});
