/**
 * One crash client: a practitioner who opens cases, autosaves and submits their forms and moves
 * them on, reads caseloads and chronologies, and writes down in the ledger what each answer
 * said. A lost answer is an unknown outcome: a submit is retried with the same idempotency key
 * until it is answered; an opening or a move is recorded as unknown and the case read again.
 */
import { randomUUID } from 'node:crypto';
import { ApiClient, type ErrorBody, type ServerHandle, StalledRequest } from './api-client.ts';
import { type AvailableEvent, draftAnswers, planFor, type StagePlan } from './case-plan.ts';
import type { CrashConfig } from './crash-config.ts';
import type { ChronologyItem, Ledger, Witness } from './ledger.ts';

/** The parts of a case view the client reads. */
interface CaseView {
  id: string;
  reference: string;
  version: number;
  availableEvents: AvailableEvent[];
}

/** A case the client is working on, and where it is in the current stage. */
interface CaseWork {
  id: string;
  plan: StagePlan | null;
  draftsWanted: number;
  drafts: number;
  /** The draft revision the client last saw (0: no draft). */
  revision: number;
  submitted: boolean;
  moves: number;
}

/** Tells the clients to finish the act they are on and stop. */
export interface StopSignal {
  stopped: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** A client of the crash run. */
export class CrashClient {
  readonly api: ApiClient;
  #cases: CaseWork[] = [];
  #listed: string[] = [];
  #opened = 0;
  #moved = 0;

  constructor(
    readonly name: string,
    server: ServerHandle,
    readonly ledger: Ledger,
    readonly config: CrashConfig,
  ) {
    this.api = new ApiClient(server, { timeoutMs: config.requestTimeoutMs });
  }

  /** Acts until told to stop; a stalled request is a violation and the client goes on. */
  async run(stop: StopSignal): Promise<void> {
    while (!stop.stopped) {
      try {
        await this.step();
      } catch (error) {
        if (!(error instanceof StalledRequest)) throw error;
        this.ledger.violation('stalled request', `${this.name}: ${error.message}`);
      }
    }
  }

  /** One act: open a case, read something, or take a case one step on. */
  async step(): Promise<void> {
    if (this.#cases.length < this.config.casesPerClient) return this.#open();
    const roll = Math.random();
    if (roll < 0.08) return this.#readCaseload();
    if (roll < 0.16) return this.#readChronology();
    const work = pick(this.#cases)!;
    if (!work.plan) {
      await this.#refresh(work);
      return;
    }
    if (work.drafts < work.draftsWanted) return this.#saveDraft(work);
    if (!work.submitted) return this.#submit(work);
    return this.#move(work);
  }

  #witness(epoch: number): Witness {
    return { client: this.name, epoch, at: new Date().toISOString() };
  }

  #unexpected(what: string, answer: { status: number; body: ErrorBody }): void {
    const error = answer.body.error;
    const text = `${this.name} ${what}: ${answer.status} ${error?.code ?? ''} ${error?.message ?? ''}`;
    if (answer.status >= 500) this.ledger.violation('server error (5xx)', text);
    else this.ledger.note(`${answer.status} ${error?.code ?? ''}`.trim(), text);
  }

  #startStage(work: CaseWork, plan: StagePlan | null): void {
    work.plan = plan;
    // Some forms are submitted with no draft: the submit then has no draft to remove, which
    // changes what it writes, and when, before it answers.
    work.draftsWanted = Math.floor(Math.random() * 4);
    work.drafts = 0;
    work.revision = 0;
    work.submitted = false;
    if (!plan) this.#retire(work, 'the case offers no event the client knows');
  }

  #retire(work: CaseWork, why?: string): void {
    this.#cases = this.#cases.filter((c) => c !== work);
    if (why) this.ledger.note('case put aside', `${this.name} ${work.id}: ${why}`);
  }

  async #open(): Promise<void> {
    this.#opened += 1;
    const lastName = `${this.name}x${this.#opened}`;
    const answer = await this.api.send<CaseView>('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Crash', lastName },
    });
    if (answer.kind === 'lost') {
      this.ledger.unknownCreates.push({ ...this.#witness(this.api.server.epoch), lastName });
      return;
    }
    if (answer.kind === 'error') return this.#unexpected('POST /api/cases', answer);
    const view = answer.body;
    const witness = this.#witness(answer.epoch);
    this.ledger.act(view.id, { kind: 'create', outcome: 'acked', ...witness }, view.reference);
    this.ledger.sawCase(view.id, view.version, witness, 'POST /api/cases');
    const work: CaseWork = {
      id: view.id,
      plan: null,
      draftsWanted: 0,
      drafts: 0,
      revision: 0,
      submitted: false,
      moves: 0,
    };
    this.#cases.push(work);
    this.#startStage(work, planFor(view.availableEvents));
  }

  async #readCaseload(): Promise<void> {
    const answer = await this.api.send<{ items: { id: string; version: number }[] }>(
      'GET',
      '/api/cases?limit=100',
    );
    if (answer.kind === 'lost') return;
    if (answer.kind === 'error') return this.#unexpected('GET /api/cases', answer);
    this.ledger.read('caseload');
    const witness = this.#witness(answer.epoch);
    for (const item of answer.body.items)
      this.ledger.sawCase(item.id, item.version, witness, 'GET /api/cases');
    this.#listed = answer.body.items.map((i) => i.id);
  }

  /** Reads the chronology of one of its own cases or of one just seen in the caseload. */
  async #readChronology(): Promise<void> {
    const id = Math.random() < 0.5 ? pick(this.#listed) : pick(this.#cases)?.id;
    if (!id) return;
    const url = `/api/cases/${id}/chronology`;
    const answer = await this.api.send<{ items: ChronologyItem[] }>('GET', url);
    if (answer.kind === 'lost') return;
    if (answer.kind === 'error') return this.#unexpected(`GET ${url}`, answer);
    this.ledger.read('chronology');
    this.ledger.sawEntries(id, answer.body.items, this.#witness(answer.epoch));
  }

  /** Reads a case again (after a lost answer or a refusal) and plans its current stage. */
  async #refresh(work: CaseWork): Promise<CaseView | null> {
    const url = `/api/cases/${work.id}`;
    const answer = await this.api.send<CaseView>('GET', url);
    if (answer.kind === 'lost') return null;
    if (answer.kind === 'error') {
      this.#unexpected(`GET ${url}`, answer);
      if (answer.status === 404) this.#retire(work);
      return null;
    }
    this.ledger.read('case');
    this.ledger.sawCase(work.id, answer.body.version, this.#witness(answer.epoch), `GET ${url}`);
    if (!work.plan) this.#startStage(work, planFor(answer.body.availableEvents));
    return answer.body;
  }

  async #saveDraft(work: CaseWork): Promise<void> {
    const plan = work.plan!;
    work.drafts += 1;
    const url = `/api/cases/${work.id}/forms/${plan.formId}/draft`;
    const answer = await this.api.send<{ revision: number }>('PUT', url, {
      data: draftAnswers(plan, work.drafts),
      revision: work.revision,
    });
    const base = { kind: 'draft', formId: plan.formId } as const;
    if (answer.kind === 'lost') {
      this.ledger.act(work.id, {
        ...base,
        revision: null,
        outcome: 'unknown',
        ...this.#witness(this.api.server.epoch),
      });
      return;
    }
    if (answer.kind === 'ok') {
      work.revision = answer.body.revision;
      this.ledger.act(work.id, {
        ...base,
        revision: answer.body.revision,
        outcome: 'acked',
        ...this.#witness(answer.epoch),
      });
      return;
    }
    if (answer.status !== 409) return this.#unexpected(`PUT ${url}`, answer);
    // A newer draft than the client knew: its own lost save, or one a submit should have removed.
    const details = answer.body.error?.details as
      | { draft: { revision: number; savedAt: string } | null }
      | undefined;
    const draft = details?.draft ?? null;
    if (draft && work.revision === 0) this.#draftOutlivedSubmit(work, plan.formId, draft);
    work.revision = draft?.revision ?? 0;
    work.drafts -= 1;
  }

  /** A draft found right after an acknowledged submit of the form, with no save since. */
  #draftOutlivedSubmit(
    work: CaseWork,
    formId: string,
    draft: { revision: number; savedAt: string },
  ): void {
    const own = this.ledger.cases.get(work.id);
    const acts = own?.acts ?? [];
    const last = acts.findLast(
      (a) => (a.kind === 'draft' || a.kind === 'submit') && a.formId === formId,
    );
    if (last?.kind !== 'submit' || last.outcome !== 'acked') return;
    this.ledger.violation(
      'draft outlived an acknowledged submit',
      `case ${own?.reference ?? ''} ${work.id}: ${formId}: submission ${last.submissionId} acknowledged (${last.attempts} attempts, start ${last.epoch}) yet the draft saved at ${draft.savedAt} (revision ${draft.revision}) was still there on the next save`,
    );
  }

  async #submit(work: CaseWork): Promise<void> {
    const plan = work.plan!;
    const key = randomUUID();
    const submissionId = `${work.id}:${plan.formId}:${key}`;
    const url = `/api/cases/${work.id}/forms/${plan.formId}/submit`;
    for (let attempts = 1; ; attempts++) {
      const answer = await this.api.send<{ submission: { id: string } }>('POST', url, {
        data: plan.answers,
        idempotencyKey: key,
      });
      const act = { kind: 'submit', formId: plan.formId, submissionId, attempts } as const;
      if (answer.kind === 'lost') {
        await sleep(20);
        continue;
      }
      if (answer.kind === 'error') {
        this.#unexpected(`POST ${url}`, answer);
        // An earlier attempt may have been stored before its answer was lost.
        if (attempts > 1)
          this.ledger.act(work.id, {
            ...act,
            outcome: 'unknown',
            ...this.#witness(answer.epoch),
          });
        work.plan = null;
        return;
      }
      if (answer.body.submission.id !== submissionId)
        this.ledger.violation(
          'submit answered with another submission',
          `${this.name} ${url} key ${key}: answered ${answer.body.submission.id}`,
        );
      this.ledger.act(work.id, { ...act, outcome: 'acked', ...this.#witness(answer.epoch) });
      work.submitted = true;
      return;
    }
  }

  async #move(work: CaseWork): Promise<void> {
    const plan = work.plan!;
    const view = await this.#refresh(work);
    if (!view) return;
    this.#moved += 1;
    const tag = `crash move ${this.name}-${this.#moved}`;
    const url = `/api/cases/${work.id}/events`;
    const answer = await this.api.send<CaseView>('POST', url, {
      type: plan.event,
      expectedVersion: view.version,
      reason: tag,
    });
    const act = { kind: 'move', event: plan.event, tag } as const;
    if (answer.kind === 'lost') {
      this.ledger.act(work.id, {
        ...act,
        version: null,
        outcome: 'unknown',
        ...this.#witness(this.api.server.epoch),
      });
      work.plan = null;
      return;
    }
    if (answer.kind === 'error' || answer.status !== 200) {
      if (answer.kind === 'error') this.#unexpected(`POST ${url} ${plan.event}`, answer);
      else this.ledger.note('move waits for sign-off', `${this.name} ${url} ${plan.event}`);
      work.plan = null;
      return;
    }
    const witness = this.#witness(answer.epoch);
    this.ledger.act(work.id, {
      ...act,
      version: answer.body.version,
      outcome: 'acked',
      ...witness,
    });
    this.ledger.sawCase(work.id, answer.body.version, witness, `POST ${url}`);
    work.moves += 1;
    if (work.moves >= this.config.movesPerCase) this.#retire(work);
    else this.#startStage(work, planFor(answer.body.availableEvents));
  }
}
