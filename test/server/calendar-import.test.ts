import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addWorkingDays } from '../../engine/index.ts';
import { runCli } from '../../server/cli.ts';
import { prepareStore } from '../../server/demo/prepare.ts';
import { isLowformError } from '../../server/errors.ts';
import {
  importBankHolidays,
  parseGovUkBankHolidays,
} from '../../server/services/calendar-import.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { lintDefinition } from '../../server/services/definitions.ts';
import { createCalendarSource, storedCalendar } from '../../server/services/working-calendar.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { startTestApp, storeKinds, type TestApp } from './harness.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const sample = path.join(fixtures, 'bank-holidays-2031.json');
const malformed = path.join(fixtures, 'bank-holidays-malformed.json');
const at = new Date('2030-11-25T10:00:00Z');

describe('reading the GOV.UK bank-holidays format', () => {
  it('takes the England and Wales events and the whole years they cover', async () => {
    const list = parseGovUkBankHolidays(await readFile(sample, 'utf8'), 'bank-holidays-2031.json');
    assert.deepEqual(list.range, { first: '2031-01-01', last: '2031-12-31' });
    assert.deepEqual(
      list.holidays.map((h) => h.date),
      [
        '2031-01-01',
        '2031-04-11',
        '2031-04-14',
        '2031-05-05',
        '2031-05-26',
        '2031-08-25',
        '2031-12-25',
        '2031-12-26',
      ],
    );
    assert.equal(list.holidays[1]!.title, 'Good Friday');
  });

  it('refuses a date that does not exist, naming the file and where in it', async () => {
    assert.throws(
      () =>
        parseGovUkBankHolidays(
          '{"england-and-wales": {"events": [{"title": "x", "date": "2031-02-30"}]}}',
          'f.json',
        ),
      (e) =>
        isLowformError(e) &&
        e.code === 'LF_VALIDATION' &&
        /f\.json: \/england-and-wales\/events\/0\/date/.test(e.message),
    );
    const text = await readFile(malformed, 'utf8');
    assert.throws(
      () => parseGovUkBankHolidays(text, 'bank-holidays-malformed.json'),
      (e) =>
        isLowformError(e) && /\/england-and-wales\/events\/2\/date.*2031-02-30/.test(e.message),
    );
  });

  it('refuses text that is not JSON, or has no England and Wales events', () => {
    for (const [text, where] of [
      ['not json', /not JSON/],
      ['{"scotland": {"events": []}}', /\/england-and-wales/],
      ['{"england-and-wales": {"events": {}}}', /\/england-and-wales\/events must be a list/],
      ['{"england-and-wales": {"events": [{"date": "2031-01-01"}]}}', /\/events\/0\/title/],
      ['{"england-and-wales": {"events": []}}', /no events/],
    ] as const) {
      assert.throws(
        () => parseGovUkBankHolidays(text, 'f.json'),
        (e) => isLowformError(e) && where.test(e.message),
        text,
      );
    }
  });
});

for (const kind of storeKinds) {
  describe(`imported bank holidays (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;

    beforeEach(async () => {
      test = await startTestApp(kind);
    });
    afterEach(() => test.close());

    it('are counted by the calendar the server reads from the store, beside the shipped ones', async () => {
      const before = await storedCalendar(test.store);
      assert.equal(addWorkingDays('2031-04-10', 1, before), '2031-04-11');
      assert.equal(before.range?.last, '2030-12-31');
      const list = parseGovUkBankHolidays(await readFile(sample, 'utf8'), 'sample');
      assert.deepEqual(await importBankHolidays(test.store, list, 'system', at), {
        version: 1,
        created: true,
      });
      const after = await storedCalendar(test.store);
      assert.deepEqual(after.range, { first: '2024-01-01', last: '2031-12-31' });
      assert.equal(
        addWorkingDays('2031-04-10', 1, after),
        '2031-04-15',
        'Good Friday, Easter Monday',
      );
      assert.equal(addWorkingDays('2026-12-24', 1, after), '2026-12-29', 'shipped years kept');
      assert.deepEqual(await importBankHolidays(test.store, list, 'system', at), {
        version: 1,
        created: false,
      });
    });

    it('reach every server process: a calendar source sees an import made elsewhere', async () => {
      let clock = at.getTime();
      const source = createCalendarSource(test.store, {
        refreshMs: 1_000,
        now: () => new Date(clock),
      });
      await source.refresh();
      assert.equal(source.current().range?.last, '2030-12-31');
      const list = parseGovUkBankHolidays(await readFile(sample, 'utf8'), 'sample');
      await importBankHolidays(test.store, list, 'system', at);
      clock += 1_500;
      await source.refresh();
      assert.equal(source.current().range?.last, '2031-12-31');
    });

    it('start-up warns while deadlines can fall past the calendar, and not once it is extended', async () => {
      const registry = createDefinitionRegistry(test.store);
      const config = { demo: false, demoPassword: undefined, packs: ['child-protection'] };
      const notes = await prepareStore(test.store, registry, config, () => at);
      const warning = notes.find((n) => /bank holidays/.test(n));
      assert.ok(warning, notes.join('\n'));
      assert.match(warning, /2030-12-31/);
      assert.match(warning, /calendar import/);
      const list = parseGovUkBankHolidays(await readFile(sample, 'utf8'), 'sample');
      await importBankHolidays(test.store, list, 'system', at);
      const again = await prepareStore(test.store, registry, config, () => at);
      assert.deepEqual(
        again.filter((n) => /bank holidays/.test(n)),
        [],
      );
    });

    it('lint of a workflow warns of a deadline past the calendar the store holds', async () => {
      const registry = createDefinitionRegistry(test.store);
      const flow = JSON.parse(
        await readFile(new URL('./fixtures/tiny-care.workflow.json', import.meta.url), 'utf8'),
      );
      flow.stages.referral.deadline = {
        label: 'Decision',
        amount: 40,
        unit: 'workingDays',
        from: { stateEntered: true },
      };
      const lint = await lintDefinition({ store: test.store, registry }, 'workflow', flow, at);
      assert.ok(
        lint.warnings.some((w) => w.code === 'deadline-past-calendar'),
        JSON.stringify(lint),
      );
    });
  });
}

describe('npm run lowform -- calendar import', function () {
  this.timeout(60_000);
  let dir: string;
  const saved = process.env.LOWFORM_DATA_DIR;
  const log = console.log;
  const error = console.error;
  let output: string[];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-cli-'));
    process.env.LOWFORM_DATA_DIR = dir;
    output = [];
    console.log = (...args: unknown[]) => output.push(args.join(' '));
    console.error = (...args: unknown[]) => output.push(args.join(' '));
  });
  afterEach(async () => {
    console.log = log;
    console.error = error;
    if (saved === undefined) delete process.env.LOWFORM_DATA_DIR;
    else process.env.LOWFORM_DATA_DIR = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the England and Wales events of a file, for the server to count', async () => {
    assert.equal(await runCli(['calendar', 'import', sample]), 0);
    assert.match(output.join('\n'), /8 England and Wales bank holidays.*2031-12-31/);
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      assert.equal((await storedCalendar(store)).range?.last, '2031-12-31');
    } finally {
      await store.close();
    }
  });

  it('refuses a malformed file with a message naming the path, and stores nothing', async () => {
    assert.equal(await runCli(['calendar', 'import', malformed]), 2);
    assert.match(output.join('\n'), /\/england-and-wales\/events\/2\/date/);
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      assert.equal((await storedCalendar(store)).range?.last, '2030-12-31');
    } finally {
      await store.close();
    }
  });
});
