/**
 * What the clients of a crash run were told: every write they attempted, with whether its answer
 * arrived (acknowledged) or was lost (unknown), in the order they made them per case; and every
 * case version and chronology entry any 2xx answer showed them. The check at the end holds the
 * server to all of it.
 */

/** Whether a write's 2xx arrived, or its answer was lost (it may or may not have happened). */
export type ActOutcome = 'acked' | 'unknown';

/** Where and when something was attempted or seen, for the report. */
export interface Witness {
  client: string;
  /** The server start the answer came from. */
  epoch: number;
  at: string;
}

/** One write a client made on a case. */
export type Act = Witness & { outcome: ActOutcome } & (
    | { kind: 'create' }
    | { kind: 'draft'; formId: string; revision: number | null }
    | { kind: 'submit'; formId: string; submissionId: string; attempts: number }
    | { kind: 'move'; event: string; tag: string; version: number | null }
  );

/** The kinds of write. */
export type ActKind = Act['kind'];

/** A chronology entry as GET /api/cases/:id/chronology shows it. */
export interface ChronologyItem {
  seq: number;
  kind: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

/** What makes an entry the same entry: a different one at the same seq means the first is gone. */
export function entryIdentity(item: ChronologyItem): string {
  const key = item.data.submissionId ?? item.data.reason ?? '';
  return `${item.kind} ${item.type} at ${item.at} ${String(key)}`.trim();
}

/** A case one client opened and works on. */
export interface CaseLedger {
  id: string;
  reference: string;
  acts: Act[];
}

/** Everything a crash run's clients did and saw. */
export class Ledger {
  readonly cases = new Map<string, CaseLedger>();
  /** Opened cases whose answer was lost: the subject's unique last name says which they were. */
  readonly unknownCreates: (Witness & { lastName: string })[] = [];
  /** The highest version of each case that any 2xx answer showed. */
  readonly seenVersions = new Map<string, { version: number; witness: Witness; how: string }>();
  /** Every chronology entry shown, by case and seq: each must still be there at the end. */
  readonly seenEntries = new Map<string, Map<number, Map<string, Witness>>>();
  readonly reads = new Map<string, number>();
  /** Answers that are no violation of durability but that a healthy run should not see. */
  readonly notes = new Map<string, string[]>();
  readonly violations = new Map<string, string[]>();

  /** Records a write on a case (opening it included). */
  act(caseId: string, act: Act, reference = ''): void {
    let entry = this.cases.get(caseId);
    if (!entry) {
      entry = { id: caseId, reference, acts: [] };
      this.cases.set(caseId, entry);
    }
    entry.acts.push(act);
  }

  /** Counts a read. */
  read(kind: string): void {
    this.reads.set(kind, (this.reads.get(kind) ?? 0) + 1);
  }

  /** Records a case version shown in a 2xx answer. */
  sawCase(caseId: string, version: number, witness: Witness, how: string): void {
    const seen = this.seenVersions.get(caseId);
    if (!seen || version > seen.version) this.seenVersions.set(caseId, { version, witness, how });
  }

  /** Records the chronology entries shown in a 2xx answer. */
  sawEntries(caseId: string, items: ChronologyItem[], witness: Witness): void {
    let bySeq = this.seenEntries.get(caseId);
    if (!bySeq) {
      bySeq = new Map();
      this.seenEntries.set(caseId, bySeq);
    }
    for (const item of items) {
      let identities = bySeq.get(item.seq);
      if (!identities) {
        identities = new Map();
        bySeq.set(item.seq, identities);
      }
      const identity = entryIdentity(item);
      if (!identities.has(identity)) identities.set(identity, witness);
    }
  }

  /** Records a violation of a guarantee, with an example. */
  violation(kind: string, example: string): void {
    this.#push(this.violations, kind, example);
  }

  /** Records something odd that breaks no guarantee. */
  note(kind: string, example: string): void {
    this.#push(this.notes, kind, example);
  }

  /** Writes by kind and outcome. */
  writeCounts(): Map<string, { acked: number; unknown: number }> {
    const counts = new Map<string, { acked: number; unknown: number }>();
    for (const kind of ['create', 'draft', 'submit', 'move'] satisfies ActKind[])
      counts.set(kind, { acked: 0, unknown: 0 });
    for (const c of this.cases.values())
      for (const act of c.acts) counts.get(act.kind)![act.outcome] += 1;
    counts.get('create')!.unknown += this.unknownCreates.length;
    return counts;
  }

  #push(map: Map<string, string[]>, kind: string, example: string): void {
    const list = map.get(kind) ?? [];
    list.push(example);
    map.set(kind, list);
  }
}

/** How a witness reads in an example. */
export function described(w: Witness): string {
  return `${w.client}, start ${w.epoch}, ${w.at.slice(11, 23)}`;
}
