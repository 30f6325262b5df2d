/**
 * The guarantees a crash run holds one case to, checked against what the server shows after a
 * clean start: acknowledged writes there exactly once, the chronology numbered without gaps and
 * in the order the acts were acknowledged, and nothing a client was shown gone. Pure: it reads
 * the ledger and the final answers and returns violations as data.
 */
import {
  type Act,
  type CaseLedger,
  type ChronologyItem,
  described,
  entryIdentity,
  type Witness,
} from './ledger.ts';

/** A form's state as GET /api/cases/:id/forms/:formId shows it. */
export interface FormState {
  status: string;
  revision: number;
}

/** What the server shows of a case at the end, and what the clients did and saw of it. */
export interface CaseEvidence {
  id: string;
  ledger: CaseLedger | undefined;
  /** null when the case is not found. */
  version: number | null;
  chronology: ChronologyItem[];
  forms: Map<string, FormState>;
  seenVersion: { version: number; witness: Witness; how: string } | undefined;
  seenEntries: Map<number, Map<string, Witness>> | undefined;
}

/** One broken guarantee. */
export interface Violation {
  kind: string;
  example: string;
}

type Placed = { act: Act; seq: number };

function actName(act: Act): string {
  if (act.kind === 'create') return 'the opening';
  if (act.kind === 'submit') return `submission ${act.formId} ${act.submissionId.slice(-36)}`;
  if (act.kind === 'move') return `move ${act.event} "${act.tag}"`;
  return `draft ${act.formId} r${act.revision}`;
}

/** Every guarantee the case breaks. */
export function checkCase(evidence: CaseEvidence): Violation[] {
  const found: Violation[] = [];
  const name = `case ${evidence.ledger?.reference ? `${evidence.ledger.reference} ` : ''}${evidence.id}`;
  const add = (kind: string, example: string) =>
    found.push({ kind, example: `${name}: ${example}` });
  const acked = evidence.ledger?.acts.filter((a) => a.outcome === 'acked') ?? [];
  const opened = acked.find((a) => a.kind === 'create');
  if (evidence.version === null) {
    if (opened) add('acknowledged case missing', `opened (${described(opened)}), now not found`);
    else if (evidence.seenVersion)
      add(
        'shown case gone',
        `shown at version ${evidence.seenVersion.version} by ${evidence.seenVersion.how} (${described(evidence.seenVersion.witness)}), now not found`,
      );
    return found;
  }
  const seen = evidence.seenVersion;
  if (seen && seen.version > evidence.version)
    add(
      'shown case version gone',
      `shown at version ${seen.version} by ${seen.how} (${described(seen.witness)}), now at version ${evidence.version}`,
    );
  checkNumbering(evidence.chronology, add);
  checkSeenEntries(evidence, add);
  if (!evidence.ledger) return found;
  const placed = placeActs(evidence, acked, add);
  checkOrder(placed, add);
  checkForms(evidence, add);
  return found;
}

function checkNumbering(items: ChronologyItem[], add: (kind: string, example: string) => void) {
  const seqs = items.map((i) => i.seq);
  const bad = seqs.findIndex((seq, i) => seq !== i + 1);
  if (bad >= 0)
    add(
      'chronology gap or repeat',
      `seq ${seqs.slice(Math.max(0, bad - 2), bad + 3).join(', ')} where ${bad + 1} was due`,
    );
}

function checkSeenEntries(evidence: CaseEvidence, add: (kind: string, example: string) => void) {
  const bySeq = new Map(evidence.chronology.map((i) => [i.seq, i]));
  for (const [seq, identities] of evidence.seenEntries ?? []) {
    const now = bySeq.get(seq);
    for (const [identity, witness] of identities) {
      if (now && entryIdentity(now) === identity) continue;
      add(
        'shown chronology entry gone',
        `seq ${seq} was shown as "${identity}" (${described(witness)}), now ${now ? `"${entryIdentity(now)}"` : 'absent'}`,
      );
    }
  }
}

/** Finds each acknowledged act's entry; counts every act's entries (acknowledged or not). */
function placeActs(
  evidence: CaseEvidence,
  acked: Act[],
  add: (kind: string, example: string) => void,
): Placed[] {
  const items = evidence.chronology;
  const entriesOf = (act: Act) =>
    items.filter((i) => {
      if (act.kind === 'create') return i.type === 'case-started';
      if (act.kind === 'submit')
        return i.type === 'form-submitted' && i.data.submissionId === act.submissionId;
      if (act.kind === 'move') return i.data.reason === act.tag;
      return false;
    });
  const counted = new Set<string>();
  for (const act of evidence.ledger!.acts) {
    if (act.kind === 'draft') continue;
    const key =
      act.kind === 'create' ? 'create' : act.kind === 'submit' ? act.submissionId : act.tag;
    if (counted.has(key)) continue;
    counted.add(key);
    const entries = entriesOf(act);
    if (entries.length > 1)
      add(
        `${act.kind === 'create' ? 'opening' : act.kind} recorded twice`,
        `${actName(act)} is at seq ${entries.map((e) => e.seq).join(' and ')}`,
      );
  }
  const placed: Placed[] = [];
  for (const act of acked) {
    if (act.kind === 'draft') continue;
    const entry = entriesOf(act)[0];
    if (entry) placed.push({ act, seq: entry.seq });
    else
      add(
        `acknowledged ${act.kind === 'create' ? 'opening' : act.kind} missing from the chronology`,
        `${actName(act)} acknowledged (${described(act)}) has no entry`,
      );
  }
  return placed;
}

/**
 * Each acknowledged act's entry comes after the entries of every act acknowledged before it.
 * One violation per entry that landed late, naming the first act that overtook it (a move, if
 * one did: that is the case moved on before the late entry was in).
 */
function checkOrder(placed: Placed[], add: (kind: string, example: string) => void) {
  placed.forEach((late, i) => {
    const overtaking = placed.slice(i + 1).filter((p) => p.seq < late.seq);
    if (overtaking.length === 0) return;
    const move = overtaking.find((p) => p.act.kind === 'move');
    const first = move ?? overtaking[0]!;
    const kind =
      late.act.kind === 'submit' && move
        ? 'submission entered after a later move'
        : 'chronology out of acknowledged order';
    add(
      kind,
      `${actName(late.act)} acknowledged first (${described(late.act)}) is at seq ${late.seq}, after ${actName(first.act)} acknowledged later (${described(first.act)}) at seq ${first.seq}${overtaking.length > 1 ? ` and ${overtaking.length - 1} more acts acknowledged later` : ''}`,
    );
  });
}

/**
 * A form whose last acknowledged act is a draft at revision r still has a draft at r or later,
 * unless a submit was attempted since; one whose last acknowledged act is a submit shows no
 * draft, unless a save was attempted since.
 */
function checkForms(evidence: CaseEvidence, add: (kind: string, example: string) => void) {
  for (const [formId, state] of evidence.forms) {
    const acts = evidence.ledger!.acts.filter(
      (a): a is Extract<Act, { kind: 'draft' | 'submit' }> =>
        (a.kind === 'draft' || a.kind === 'submit') && a.formId === formId,
    );
    const lastAcked = acts.findLastIndex((a) => a.outcome === 'acked');
    if (lastAcked < 0) continue;
    const last = acts[lastAcked]!;
    const since = acts.slice(lastAcked + 1);
    if (last.kind === 'draft') {
      if (since.some((a) => a.kind === 'submit')) continue;
      if (state.status !== 'draft' || state.revision < last.revision!)
        add(
          'acknowledged draft lost',
          `${formId} saved at revision ${last.revision} (${described(last)}), now ${state.status} at revision ${state.revision}`,
        );
    } else {
      if (since.some((a) => a.kind === 'draft')) continue;
      if (state.status === 'draft')
        add(
          'draft outlived an acknowledged submit',
          `${formId}: ${actName(last)} acknowledged after ${last.attempts} attempt(s) (${described(last)}), yet the form shows a draft at revision ${state.revision}`,
        );
    }
  }
}
