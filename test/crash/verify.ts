/**
 * The check at the end of a crash run, through the server's own API after a clean start: reads
 * every case a client wrote to or was shown, its chronology and the forms it touched, holds each
 * to the guarantees in case-checks.ts, and finds out what became of the writes whose answers
 * were lost.
 */
import type { ApiClient, Outcome } from './api-client.ts';
import { type CaseEvidence, checkCase, type FormState } from './case-checks.ts';
import type { ChronologyItem, Ledger } from './ledger.ts';

/** What became of the writes whose answers were lost. */
export interface Reconciled {
  openedFound: number;
  openedLost: number;
  movesFound: number;
  movesLost: number;
  casesChecked: number;
}

async function answered<T>(api: ApiClient, url: string): Promise<T | null> {
  for (;;) {
    const answer: Outcome<T> = await api.send<T>('GET', url);
    if (answer.kind === 'ok') return answer.body;
    if (answer.kind === 'error') {
      if (answer.status === 404) return null;
      throw new Error(`GET ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
  }
}

async function evidenceFor(api: ApiClient, ledger: Ledger, id: string): Promise<CaseEvidence> {
  const own = ledger.cases.get(id);
  const base = {
    id,
    ledger: own,
    seenVersion: ledger.seenVersions.get(id),
    seenEntries: ledger.seenEntries.get(id),
  };
  const view = await answered<{ version: number }>(api, `/api/cases/${id}`);
  if (!view) return { ...base, version: null, chronology: [], forms: new Map() };
  const chronology = await answered<{ items: ChronologyItem[] }>(
    api,
    `/api/cases/${id}/chronology`,
  );
  const forms = new Map<string, FormState>();
  const formIds = new Set(
    (own?.acts ?? []).flatMap((a) => (a.kind === 'draft' || a.kind === 'submit' ? [a.formId] : [])),
  );
  for (const formId of formIds) {
    const form = await answered<FormState>(api, `/api/cases/${id}/forms/${formId}`);
    if (form) forms.set(formId, { status: form.status, revision: form.revision });
  }
  return { ...base, version: view.version, chronology: chronology?.items ?? [], forms };
}

/** Every subject last name in the caseload, read page by page. */
async function caseloadNames(api: ApiClient): Promise<Set<string>> {
  const names = new Set<string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await answered<{
      items: { subject: { lastName: string } }[];
      nextCursor: string | null;
    }>(api, `/api/cases?limit=100&sort=reference${query}`);
    for (const item of page?.items ?? []) names.add(item.subject.lastName);
    cursor = page?.nextCursor ?? null;
  } while (cursor);
  return names;
}

/** Checks every case against the ledger, recording violations in it; says what lost writes did. */
export async function verifyRun(
  api: ApiClient,
  ledger: Ledger,
  concurrency = 8,
): Promise<Reconciled> {
  const ids = [
    ...new Set([
      ...ledger.cases.keys(),
      ...ledger.seenVersions.keys(),
      ...ledger.seenEntries.keys(),
    ]),
  ];
  let next = 0;
  let movesFound = 0;
  let movesLost = 0;
  const worker = async () => {
    while (next < ids.length) {
      const evidence = await evidenceFor(api, ledger, ids[next++]!);
      for (const v of checkCase(evidence)) ledger.violation(v.kind, v.example);
      for (const act of evidence.ledger?.acts ?? []) {
        if (act.kind !== 'move' || act.outcome !== 'unknown') continue;
        if (evidence.chronology.some((i) => i.data.reason === act.tag)) movesFound += 1;
        else movesLost += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const names = await caseloadNames(api);
  const openedFound = ledger.unknownCreates.filter((c) => names.has(c.lastName)).length;
  return {
    openedFound,
    openedLost: ledger.unknownCreates.length - openedFound,
    movesFound,
    movesLost,
    casesChecked: ids.length,
  };
}
