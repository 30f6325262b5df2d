/**
 * Scale benchmark: a synthetic council on the embedded store, generated straight into the
 * SQLite file in bulk, then the lists people use measured through the real app (app.inject, 200
 * sequential requests each after a warm-up) beside a bare indexed query on the same table in
 * the same run. Targets: caseload, search, overdue and sign-off pages p99 under 100 ms, flat
 * from 10,000 to 1,000,000 cases; a full CSV export in constant memory (under 200 MB RSS).
 *
 * The council: teams of 8 practitioners and a manager, one team per 2,000 cases (so a bigger
 * store is more teams, as a region is more councils); 5% of cases open, copied from the child
 * protection pack's demo cases (their stage, snapshot, deadlines, submissions and chronology),
 * due dates from 20 working days overdue to 5 weeks ahead; 3% of open cases waiting for a
 * sign-off; 1% restricted; the rest closed, with no submissions or chronology of their own.
 *
 * npm run bench:scale -- --cases 100000   (1,000,000 by default)
 *   --dir <path>   generate into (or, when it holds a store, reuse) this data directory
 */

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { londonDate } from '../../engine/index.ts';
import { buildApp } from '../../server/app.ts';
import { prepareStore } from '../../server/demo/prepare.ts';
import { caseVisibility } from '../../server/services/case-access.ts';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { NO_DEADLINE } from '../../server/services/case-effects.ts';
import { caseKeys } from '../../server/services/case-keys.ts';
import { milestoneFields, stepOf } from '../../server/services/case-milestones.ts';
import { caseSearchTerms } from '../../server/services/case-search.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { indicatorReport } from '../../server/services/reports.ts';
import { EMBEDDED_FILE_NAME, openEmbeddedStore } from '../../server/store/embedded.ts';
import { sideRows, sideTables } from '../../server/store/embedded-multikey.ts';
import { listAll } from '../../server/store/list-all.ts';
import type {
  CaseRecord,
  EventRecord,
  Store,
  SubmissionRecord,
  UserRecord,
} from '../../server/store/store.ts';
import { printTable } from './table.ts';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
const CASES = Number(arg('cases') ?? 1_000_000);
const REQUESTS = 200;
const WARM_UP = 20;
const CASES_PER_TEAM = 2000;
const PRACTITIONERS_PER_TEAM = 8;
const PASSWORD = 'scale-bench-password';
/** The benchmark's today: a Monday. */
const NOW = new Date('2026-11-30T10:00:00.000Z');
const DAY = 86_400_000;

/** A small deterministic generator, so runs at each size build the same council. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = (
  'Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy ' +
  'Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Ruby ' +
  'Maya Noah Oliver George Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack ' +
  'Charlie Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander ' +
  'Luca Edward James Joshua Albie Elijah Max Mohammed Reggie Hugo Ezra Jude Zoë Siân Niamh ' +
  'Aoife Dylan Rhys Owen Cerys Megan Ffion Carys Gethin Iolo Nia Eira Tomos Osian Mali Elis ' +
  'Kai Ravi Priya Aisha Yusuf Amira Zara Hamza Ibrahim Layla Maryam'
).split(' ');
const LAST = (
  'Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson ' +
  'Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson ' +
  'Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen ' +
  'James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook ' +
  'Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson ' +
  'Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali ' +
  'Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell ' +
  'Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur ' +
  'Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks ' +
  'West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton OBrien Watts Rose ' +
  'Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster ' +
  'Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland ' +
  'Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah ' +
  'Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross ' +
  'Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson ' +
  'Curtis Hopkins OConnor Harper Coleman Watkins Moss McCarthy Chambers ONeill Griffin Sharp ' +
  'Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe ' +
  'Burke May Pritchard Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold ' +
  'Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert ' +
  'Stephens Blake Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter'
).split(' ');

interface Templates {
  open: { record: CaseRecord; submissions: SubmissionRecord[]; events: EventRecord[] }[];
  closed: CaseRecord;
  users: UserRecord[];
}

/** The pack's demo cases, seeded through the ordinary services, as the council's patterns. */
async function seedTemplates(dataDir: string): Promise<Templates> {
  const store = openEmbeddedStore({ dataDir });
  try {
    const registry = createDefinitionRegistry(store);
    const now = () => NOW;
    const config = { demo: true, demoPassword: PASSWORD, packs: ['child-protection'] };
    await prepareStore(store, registry, config, now);
    const cases = await listAll(store.cases, {});
    const open = [];
    for (const record of cases.filter((c) => !c.final)) {
      const submissions = await listAll(store.submissions, { filter: { caseId: record.id } });
      const events = await listAll(store.events, { filter: { caseId: record.id } });
      open.push({ record, submissions, events });
    }
    const users = await listAll(store.users, {});
    const closed = closedCase(open[0]!.record);
    // The demo cases stay in the store (team north); the generated ones are in teams of their own.
    return { open, closed, users };
  } finally {
    await store.close();
  }
}

/** A closed case on the pattern of an open one: its deadlines met, in the final state. */
function closedCase(record: CaseRecord): CaseRecord {
  return {
    ...record,
    snapshot: { ...record.snapshot, value: 'closed', status: 'done', done: true, deadlines: [] },
    stage: 'closed',
    stages: [{ state: 'closed', title: 'Closed' }],
    stageStates: ['closed'],
    stageTitle: 'Closed',
    final: true,
    deadline: null,
    dueAt: NO_DEADLINE,
    deadlines: (record.deadlines ?? []).map((d) => ({
      ...d,
      status: 'met' as const,
      closedOn: d.dueOn ?? d.startedOn,
    })),
    signOffRequests: [],
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Shifts an instant so that a template's dates fall at the generated case's. */
function shift(at: string, by: number): string {
  return new Date(Date.parse(at) + by).toISOString();
}

/**
 * The milestones the case repository would have written (reports read them): from an open
 * case's chronology, copied from its template and shifted to its dates; a closed case has no
 * chronology here, and its deadlines, closed on the template's dates, are moved to its own.
 */
function generatedMilestones(
  record: CaseRecord,
  pattern: CaseRecord,
  template: Templates['open'][number] | null,
) {
  const by = Date.parse(record.createdAt) - Date.parse(pattern.createdAt);
  const day = (on: string) => isoDay(Date.parse(on) + by);
  const deadlines = template
    ? record.deadlines
    : (record.deadlines ?? []).map((d) => ({
        ...d,
        startedOn: day(d.startedOn),
        dueOn: d.dueOn && day(d.dueOn),
        ...(d.closedOn ? { closedOn: day(d.closedOn) } : {}),
      }));
  const steps = (template?.events ?? []).flatMap((e) => {
    const step = stepOf({ ...e, at: shift(e.at, by) });
    return step ? [step] : [];
  });
  const { planFrom, planUntil, ...fields } = milestoneFields(steps, { ...record, deadlines });
  return { deadlines, ...fields, ...(planFrom ? { planFrom, planUntil } : {}) };
}

/** Writes the council straight into the SQLite file, in transactions of 10,000 cases. */
function generate(file: string, templates: Templates) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // Indexes are kept up as rows go in (SQLite parses a document once for all of a row's index
  // expressions; building each index afterwards parsed every document once per index, 100 s
  // at 100,000 cases), and the multikey tables are written from the records in hand.
  const sides = sideTables('cases').map((side) => ({
    side,
    insert: db.prepare(
      side.sort
        ? `INSERT OR IGNORE INTO "${side.name}" (value, s, id) VALUES (?, ?, ?)`
        : `INSERT OR IGNORE INTO "${side.name}" (value, id) VALUES (?, ?)`,
    ),
  }));
  const insertCase = db.prepare('INSERT INTO cases (id, doc) VALUES (?, ?)');
  const insertSubmission = db.prepare('INSERT INTO submissions (id, doc) VALUES (?, ?)');
  const insertEvent = db.prepare('INSERT INTO events (id, doc) VALUES (?, ?)');
  const insertUser = db.prepare('INSERT INTO users (id, doc) VALUES (?, ?)');
  const teams = Math.max(1, Math.ceil(CASES / CASES_PER_TEAM));
  const passwordHash = templates.users[0]!.passwordHash;
  const userAt = NOW.toISOString();
  db.transaction(() => {
    for (let t = 0; t < teams; t++) {
      const team = `team-${t}`;
      const people: [string, UserRecord['roles']][] = [
        [`m-${t}`, ['manager']],
        ...Array.from(
          { length: PRACTITIONERS_PER_TEAM },
          (_, k) => [`p-${t}-${k}`, ['practitioner']] as [string, UserRecord['roles']],
        ),
      ];
      for (const [id, roles] of people) {
        const user: UserRecord = {
          id,
          version: 1,
          username: id,
          displayName: `Worker ${id}`,
          passwordHash,
          roles,
          teams: [team],
          active: true,
          createdAt: userAt,
          updatedAt: userAt,
        };
        insertUser.run(id, JSON.stringify(user));
      }
    }
  })();
  const rand = random(20261130);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  let submissions = 0;
  let events = 0;
  let open = 0;
  let waiting = 0;
  const BATCH = 10_000;
  const writeBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = i % teams;
      const team = `team-${t}`;
      // Every 20th case of each team is open.
      const isOpen = Math.floor(i / teams) % 20 === 0;
      const template = isOpen ? pick(templates.open) : null;
      const base = template ? template.record : templates.closed;
      const firstName = pick(FIRST);
      const lastName = pick(LAST);
      const dateOfBirth = isoDay(Date.parse('2008-01-01') + Math.floor(rand() * 17 * 365) * DAY);
      const created = isOpen
        ? NOW.getTime() - Math.floor(rand() * 365 * DAY)
        : NOW.getTime() - Math.floor((1 + rand() * 8 * 365) * DAY);
      const updated = Math.min(NOW.getTime() - 60_000, created + Math.floor(rand() * 60 * DAY));
      const year = new Date(created).getUTCFullYear();
      const reference = `CP-${year}-${String(i + 1).padStart(7, '0')}`;
      const assignee =
        isOpen || rand() < 0.7 ? `p-${t}-${Math.floor(rand() * PRACTITIONERS_PER_TEAM)}` : null;
      const restricted = rand() < 0.01;
      const who = { team, restricted, assignee, workers: [] as string[] };
      const id = `case-${String(i).padStart(8, '0')}`;
      const subject = { firstName, lastName, dateOfBirth, familyId: `family-${i}` };
      let deadline = base.deadline;
      let deadlines = base.deadlines ?? [];
      let dueAt = base.dueAt;
      if (isOpen && deadline) {
        // From 4 weeks overdue to 5 weeks ahead.
        const dueOn = isoDay(NOW.getTime() + Math.floor(rand() * 63 - 28) * DAY);
        const startedOn = isoDay(Date.parse(dueOn) - 14 * DAY);
        const next = { ...deadline, dueOn, startedOn };
        deadlines = deadlines.map((d) =>
          d.status === 'open' && d.label === next.label ? { ...d, dueOn, startedOn } : d,
        );
        deadline = next;
        dueAt = dueOn;
      }
      const signOffRequests: CaseRecord['signOffRequests'] = [];
      if (isOpen && rand() < 0.03) {
        waiting++;
        signOffRequests.push({
          event: 'close-case',
          summary: 'Close the case',
          requestedBy: assignee ?? `p-${t}-0`,
          at: new Date(updated).toISOString(),
          stage: base.stage,
          by: ['manager'],
        });
      }
      const record: CaseRecord = {
        ...base,
        id,
        version: 1,
        reference,
        subject,
        ...who,
        visibleTo: caseVisibility(who),
        searchTerms: caseSearchTerms(subject, reference),
        deadline,
        deadlines,
        dueAt,
        signOffRequests,
        signOffs: [],
        pendingEvents: [],
        createdAt: new Date(created).toISOString(),
        updatedAt: new Date(updated).toISOString(),
        createdBy: assignee ?? `m-${t}`,
      };
      Object.assign(record, caseKeys(record), generatedMilestones(record, base, template));
      insertCase.run(id, JSON.stringify(record));
      for (const { side, insert } of sides)
        for (const r of sideRows(side, record)) insert.run(...r);
      if (!template) continue;
      open++;
      const by = created - Date.parse(template.record.createdAt);
      for (const [k, s] of template.submissions.entries()) {
        const copy: SubmissionRecord = {
          ...s,
          id: `${id}-s${k}`,
          caseId: id,
          author: assignee ?? s.author,
          updatedAt: shift(s.updatedAt, by),
          ...(s.submittedAt ? { submittedAt: shift(s.submittedAt, by) } : {}),
        };
        insertSubmission.run(copy.id, JSON.stringify(copy));
        submissions++;
      }
      for (const e of template.events) {
        const copy: EventRecord = { ...e, id: `${id}:${e.seq}`, caseId: id, at: shift(e.at, by) };
        insertEvent.run(copy.id, JSON.stringify(copy));
        events++;
      }
    }
  });
  for (let from = 0; from < CASES; from += BATCH) {
    writeBatch(from, Math.min(CASES, from + BATCH));
    if (from % 100_000 === 0 && from > 0)
      console.log(`  ${from.toLocaleString('en-GB')} cases written`);
  }
  // Every generated case carries its list keys: the store's one-off backfill has nothing to do.
  db.prepare(
    "INSERT INTO counters (name, value) VALUES ('lowform.migration.case-keys-1', 1) ON CONFLICT (name) DO NOTHING",
  ).run();
  // And their milestones: the milestones' backfill has nothing to do either.
  db.prepare(
    "INSERT INTO counters (name, value) VALUES ('lowform.migration.case-milestones-1', 1) ON CONFLICT (name) DO NOTHING",
  ).run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { teams, users: teams * (PRACTITIONERS_PER_TEAM + 1), open, waiting, submissions, events };
}

/** Milliseconds at the 50th and 99th percentiles, and the slowest. */
function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}

async function timed(n: number, run: (i: number) => Promise<unknown> | unknown) {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await run(i + WARM_UP);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return percentiles(samples);
}

/** Streams every case to a CSV file a store page at a time, sampling the process's memory. */
async function exportCsv(store: Store, file: string) {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = process.hrtime.bigint();
  const out = createWriteStream(file);
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  out.write(
    'reference,first_name,last_name,date_of_birth,team,stage,assignee,due,opened,updated\r\n',
  );
  let rows = 0;
  let cursor: string | null = null;
  do {
    const page = await store.cases.list({
      limit: 500,
      cursor,
      omit: [
        'snapshot',
        'pendingEvents',
        'searchKeys',
        'searchTerms',
        'deadlines',
        'visibleTo',
        'stages',
        'documentOffers',
      ],
    });
    let chunk = '';
    for (const c of page.items) {
      chunk += `${[c.reference, c.subject.firstName, c.subject.lastName, c.subject.dateOfBirth, c.team, c.stageTitle, c.assignee, c.dueAt === NO_DEADLINE ? '' : c.dueAt, c.createdAt.slice(0, 10), c.updatedAt.slice(0, 10)].map(cell).join(',')}\r\n`;
      rows++;
    }
    if (!out.write(chunk)) await once(out, 'drain');
    cursor = page.nextCursor;
    peak = Math.max(peak, process.memoryUsage().rss);
  } while (cursor);
  out.end();
  await once(out, 'finish');
  clearInterval(sampler);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rows, seconds, rssBefore, peak, bytes: (await stat(file)).size };
}

async function main() {
  const given = arg('dir');
  const dataDir = given ?? (await mkdtemp(path.join(os.tmpdir(), 'lowform-scale-')));
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, EMBEDDED_FILE_NAME);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  const facts: [string, string][] = [];
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  let genSeconds = 0;
  if (!exists) {
    console.log(`Generating ${CASES.toLocaleString('en-GB')} cases in ${dataDir} ...`);
    const t0 = process.hrtime.bigint();
    const templates = await seedTemplates(dataDir);
    const made = generate(file, templates);
    genSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    facts.push(
      ['teams / users', `${made.teams} / ${made.users}`],
      ['open cases', made.open.toLocaleString('en-GB')],
      ['waiting for sign-off', made.waiting.toLocaleString('en-GB')],
      [
        'submissions / chronology entries',
        `${made.submissions.toLocaleString('en-GB')} / ${made.events.toLocaleString('en-GB')}`,
      ],
      ['rows written', `${genSeconds.toFixed(1)} s`],
    );
  } else console.log(`Reusing the store in ${dataDir}`);
  const t1 = process.hrtime.bigint();
  const store = openEmbeddedStore({ dataDir });
  const openSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  facts.push(['open the store', `${openSeconds.toFixed(1)} s`]);
  const size = (await stat(file)).size;
  facts.push(['SQLite file', `${mb(size)} (${(size / CASES / 1024).toFixed(1)} KB a case)`]);
  const app = await buildApp({ store, now: () => NOW, sessionSecret: 'b'.repeat(40) });
  const teams = Math.max(1, Math.ceil(CASES / CASES_PER_TEAM));
  const rand = random(7);
  const login = async (username: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password: PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'lowform_session')!;
    return `lowform_session=${cookie.value}`;
  };
  const practitioners: string[] = [];
  const managers: string[] = [];
  for (let k = 0; k < Math.min(teams, 10); k++) {
    const t = Math.floor((k * teams) / Math.min(teams, 10));
    practitioners.push(await login(`p-${t}-${k % PRACTITIONERS_PER_TEAM}`));
    managers.push(await login(`m-${t}`));
  }
  // Items returned, to show that each list found what it is for.
  let shown = 0;
  let answered = 0;
  const get = async (cookie: string, url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (response.statusCode !== 200)
      throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    shown += (response.json() as { items: unknown[] }).items.length;
    answered++;
    return response;
  };
  const rows: (string | number)[][] = [];
  const row = (name: string, r: { p50: number; p99: number; max: number }, note = '') => {
    const items = answered ? `${(shown / answered).toFixed(1)} items a page` : '';
    const said = [items, note].filter(Boolean).join('; ');
    rows.push([name, REQUESTS, r.p50.toFixed(1), r.p99.toFixed(1), r.max.toFixed(1), said]);
    shown = 0;
    answered = 0;
  };

  // The bare baseline: one indexed page straight from SQLite, parsed as the store parses it.
  const raw = new Database(file, { readonly: true });
  const bare = raw.prepare(
    `SELECT doc FROM cases INDEXED BY cases_team_updatedAt WHERE json_extract(doc, '$.team') = ? ORDER BY json_extract(doc, '$.updatedAt') DESC, id DESC LIMIT 26`,
  );
  row(
    'bare: team page from the (team, updatedAt) index',
    await timed(REQUESTS, (i) =>
      bare.all(`team-${i % teams}`).map((r) => JSON.parse((r as { doc: string }).doc)),
    ),
    'raw SQLite, no HTTP',
  );
  // The same lists straight from the store, as the services ask for them: no HTTP, session,
  // summaries or access log (whose durable write every response that shows cases waits for).
  const today = londonDate(NOW);
  const visibility = (k: number) => {
    const t = Math.floor((k * teams) / Math.min(teams, 10));
    return [`user:p-${t}-${k % PRACTITIONERS_PER_TEAM}`, `team:team-${t}`];
  };
  const desc = { field: 'updatedAt', direction: 'desc' } as const;
  row(
    'store: caseload query (visibleTo, by updatedAt)',
    await timed(REQUESTS, (i) =>
      store.cases.list({
        filter: { visibleTo: { hasAny: visibility(i % practitioners.length) } },
        sort: desc,
        limit: 25,
      }),
    ),
    'store.cases.list, no HTTP',
  );
  row(
    'store: overdue query (visibleTo, by dueAt)',
    await timed(REQUESTS, (i) =>
      store.cases.list({
        filter: {
          visibleTo: { hasAny: visibility(i % practitioners.length) },
          dueAt: { lt: today },
        },
        sort: { field: 'dueAt', direction: 'asc' },
        limit: 25,
      }),
    ),
    'store.cases.list, no HTTP',
  );
  row(
    'bare route: GET /api/session (HTTP and session, no list)',
    await timed(REQUESTS, async (i) => {
      const response = await app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: practitioners[i % practitioners.length]! },
      });
      if (response.statusCode !== 200) throw new Error(`GET /api/session: ${response.statusCode}`);
    }),
    'what every route costs before its work',
  );
  row(
    'caseload page (GET /api/cases)',
    await timed(REQUESTS, (i) => get(practitioners[i % practitioners.length]!, '/api/cases')),
  );
  const secondPages: [string, string][] = [];
  for (const cookie of practitioners) {
    const first = (await get(cookie, '/api/cases')).json() as { nextCursor: string | null };
    if (first.nextCursor) secondPages.push([cookie, first.nextCursor]);
  }
  shown = 0;
  answered = 0;
  row(
    'caseload next page (cursor)',
    await timed(REQUESTS, (i) => {
      const [cookie, cursor] = secondPages[i % secondPages.length]!;
      return get(cookie, `/api/cases?cursor=${cursor}`);
    }),
  );
  // People search for children who are there: names of cases each practitioner's team holds.
  const names: [string, string, string][] = [];
  for (const [k, cookie] of practitioners.entries()) {
    const t = Math.floor((k * teams) / Math.min(teams, 10));
    const sample = await store.cases.list({ filter: { team: `team-${t}` }, limit: 40 });
    for (const c of sample.items) names.push([cookie, c.subject.firstName, c.subject.lastName]);
  }
  const named = () => names[Math.floor(rand() * names.length)]!;
  row(
    'search, one word (a surname in the team)',
    await timed(REQUESTS, () => {
      const [cookie, , last] = named();
      return get(cookie, `/api/cases?q=${encodeURIComponent(last)}`);
    }),
  );
  row(
    'search, two words (first name and surname)',
    await timed(REQUESTS, () => {
      const [cookie, first, last] = named();
      return get(cookie, `/api/cases?q=${encodeURIComponent(`${first} ${last}`)}`);
    }),
  );
  row(
    'search, first three letters of a surname',
    await timed(REQUESTS, () => {
      const [cookie, , last] = named();
      return get(cookie, `/api/cases?q=${encodeURIComponent(last.slice(0, 3))}`);
    }),
  );
  row(
    'overdue list (GET /api/cases?overdue=true)',
    await timed(REQUESTS, (i) =>
      get(practitioners[i % practitioners.length]!, '/api/cases?overdue=true'),
    ),
  );
  row(
    'team list, manager (?team=)',
    await timed(REQUESTS, (i) => {
      const k = i % managers.length;
      const t = Math.floor((k * teams) / Math.min(teams, 10));
      return get(managers[k]!, `/api/cases?team=team-${t}`);
    }),
  );
  row(
    'sign-off queue (GET /api/sign-offs)',
    await timed(REQUESTS, (i) => get(managers[i % managers.length]!, '/api/sign-offs')),
  );
  raw.close();

  // Council-wide: the timescale indicators (server/services/reports.ts) over the year to today,
  // as an admin asks for them; and beside them a count of the open overdue cases by stage, one
  // range of the dueAt index.
  const admin = (await store.users.findOne({ username: 'admin' }))!;
  const deps = caseDepsFor(store, { now: () => NOW });
  const from = isoDay(NOW.getTime() - 364 * DAY);
  const indicatorStart = process.hrtime.bigint();
  const report = await indicatorReport(deps, admin, { from, to: londonDate(NOW) });
  const indicatorMs = Number(process.hrtime.bigint() - indicatorStart) / 1e6;
  const referrals = report.indicators.find((x) => x.id === 're-referrals');
  rows.push([
    'council-wide: every indicator, one year (reports.ts)',
    1,
    '-',
    '-',
    indicatorMs.toFixed(0),
    `${referrals?.denominator.toLocaleString('en-GB') ?? '?'} referrals in the year`,
  ]);
  const overdueByStage = () => store.cases.countBy('stage', { final: false, dueAt: { lt: today } });
  const standIn = await timedFew(5, overdueByStage);
  const overdueCount = (await overdueByStage()).reduce((sum, g) => sum + g.count, 0);
  rows.push([
    'council-wide: open overdue cases by stage (countBy)',
    5,
    standIn.p50.toFixed(1),
    '-',
    standIn.max.toFixed(1),
    `${overdueCount.toLocaleString('en-GB')} overdue`,
  ]);

  await app.close();
  await store.close();
  // In a process of its own, so that its memory is the export's and not the benchmark's.
  const csv = await exportInChild(dataDir);

  console.log(`\nScale benchmark: ${CASES.toLocaleString('en-GB')} cases on the embedded store`);
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${mb(os.totalmem())} RAM, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, node ${process.version}\n`,
  );
  printTable(
    ['what', '', ''],
    facts.map(([a, b]) => [a, b, '']),
  );
  console.log('');
  printTable(['list', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'note'], rows);
  console.log('');
  printTable(
    [
      'export (a process of its own)',
      'rows',
      'seconds',
      'rows/s',
      'RSS at start',
      'peak RSS',
      'file',
    ],
    [
      [
        'every case to CSV, 500 a page',
        csv.rows.toLocaleString('en-GB'),
        csv.seconds.toFixed(1),
        Math.round(csv.rows / csv.seconds).toLocaleString('en-GB'),
        mb(csv.rssBefore),
        mb(csv.peak),
        mb(csv.bytes),
      ],
    ],
  );
  if (!given) await rm(dataDir, { recursive: true, force: true });
}

async function timedFew(n: number, run: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return percentiles(samples);
}

/** Runs the export in a child process (this file with --export) and reads its figures. */
async function exportInChild(dataDir: string) {
  const child = fork(import.meta.filename, ['--export', dataDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await once(child, 'message')) as [Awaited<ReturnType<typeof exportCsv>>];
  await once(child, 'exit');
  return message;
}

const exportDir = arg('export');
if (exportDir) {
  const store = openEmbeddedStore({ dataDir: exportDir });
  const result = await exportCsv(store, path.join(exportDir, 'cases.csv'));
  await store.close();
  process.send!(result);
} else await main();
