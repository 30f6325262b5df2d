import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../server/cli.ts';
import { importPack } from '../../server/demo/import-pack.ts';
import { readPack } from '../../server/demo/load-pack.ts';
import { prepareStore } from '../../server/demo/prepare.ts';
import {
  createDefinitionRegistry,
  latestPublished,
} from '../../server/services/definition-registry.ts';
import { getDraft, publishDraft, saveDraft } from '../../server/services/definitions.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { Store } from '../../server/store/store.ts';
import { startTestApp, storeKinds, type TestApp } from '../server/harness.ts';

const now = () => new Date('2026-11-25T10:00:00.000Z');
const packOnly = { demo: false, demoPassword: undefined, packs: ['child-protection'] };

/** The pack's contact form with a question a practice lead added, as the lead would publish it. */
async function leadsContactForm() {
  const pack = await readPack('child-protection');
  const contact = structuredClone(pack.forms.find((f) => f.id === 'contact')!) as {
    title: string;
    schema: { properties: Record<string, unknown> };
    uischema: { elements: unknown[] };
  };
  contact.title = 'Contact and referral (North)';
  contact.schema.properties.localReference = {
    type: 'string',
    title: 'Local reference',
    maxLength: 40,
  };
  contact.uischema.elements.push({ type: 'Control', scope: '#/properties/localReference' });
  return contact as unknown as Record<string, unknown>;
}

/** Publishes the lead's contact form as version 2, then opens a draft of another change. */
async function leadChangesContact(store: Store) {
  const deps = { store, registry: createDefinitionRegistry(store) };
  const changed = await leadsContactForm();
  const draft = await saveDraft(store, 'form', 'contact', changed, undefined, 'lee', now());
  await publishDraft(deps, 'form', 'contact', draft.version, 'lee', now());
  const next = { ...changed, title: 'Contact and referral (North, draft)' };
  return saveDraft(store, 'form', 'contact', next, undefined, 'lee', now());
}

for (const kind of storeKinds) {
  describe(`a pack at start and on re-import (${kind})`, function () {
    this.timeout(120_000);
    let test: TestApp;

    beforeEach(async () => {
      test = await startTestApp(kind);
      await prepareStore(test.store, createDefinitionRegistry(test.store), packOnly, now);
    });
    afterEach(() => test.close());

    it("leaves a form a practice lead published, and the lead's draft, as they were at the next start", async () => {
      const draft = await leadChangesContact(test.store);
      const notes = await prepareStore(
        test.store,
        createDefinitionRegistry(test.store),
        packOnly,
        now,
      );
      const latest = await latestPublished(test.store.forms, 'contact');
      assert.equal(latest?.definitionVersion, 2);
      assert.equal(JSON.parse(latest!.definition).title, 'Contact and referral (North)');
      assert.deepEqual(await getDraft(test.store, 'form', 'contact'), draft);
      assert.deepEqual(notes, []);
    });

    it('seeds a definition whose id is not in the store, and only that one', async () => {
      await test.store.forms.delete('closure@1');
      const notes = await prepareStore(
        test.store,
        createDefinitionRegistry(test.store),
        packOnly,
        now,
      );
      assert.deepEqual(notes, ['Seeded from the child-protection pack: closure.']);
      assert.equal(await test.store.forms.count({ definitionId: 'contact' }), 1);
      assert.equal((await latestPublished(test.store.forms, 'closure'))?.definitionVersion, 1);
    });

    it('shows the diff and publishes nothing without --yes', async () => {
      const draft = await leadChangesContact(test.store);
      const deps = { store: test.store, registry: createDefinitionRegistry(test.store) };
      const report = await importPack(deps, 'child-protection', {
        publish: false,
        actor: 'alex',
        now: now(),
      });
      const contact = report.definitions.find((d) => d.id === 'contact')!;
      assert.equal(contact.latestVersion, 2);
      assert.equal(contact.published, undefined);
      assert.ok(
        contact.changes.some((c) => /Local reference.*removed/.test(c)),
        contact.changes.join('\n'),
      );
      assert.ok(
        contact.changes.some((c) => c.includes('/title')),
        contact.changes.join('\n'),
      );
      const unchanged = report.definitions
        .filter((d) => d.changes.length === 0 && d.kind !== 'template')
        .map((d) => d.id);
      assert.equal(unchanged.length, 8, 'seven forms and the workflow are as in the pack');
      const templates = report.definitions.filter((d) => d.kind === 'template');
      assert.equal(templates.length, 9);
      assert.ok(
        templates.every((d) => d.latestVersion === 1 && d.changes.length === 0),
        "the pack's document templates are as published",
      );
      assert.equal(await test.store.forms.count({ definitionId: 'contact' }), 3);
      assert.deepEqual(await getDraft(test.store, 'form', 'contact'), draft);
    });

    it('publishes the changed definitions as new versions with --yes, leaving the draft alone', async () => {
      const draft = await leadChangesContact(test.store);
      const deps = { store: test.store, registry: createDefinitionRegistry(test.store) };
      const pack = await readPack('child-protection');
      const report = await importPack(deps, 'child-protection', {
        publish: true,
        actor: 'alex',
        now: now(),
      });
      assert.deepEqual(
        report.definitions.filter((d) => d.published !== undefined).map((d) => [d.id, d.published]),
        [['contact', 3]],
      );
      const latest = await latestPublished(test.store.forms, 'contact');
      assert.equal(latest?.definitionVersion, 3);
      assert.equal(latest?.publishedBy, 'alex');
      const { version: _v, ...content } = JSON.parse(latest!.definition);
      const { version: _p, ...packContact } = pack.forms.find((f) => f.id === 'contact')!;
      assert.deepEqual(content, packContact);
      assert.deepEqual(await getDraft(test.store, 'form', 'contact'), draft);
      assert.equal(
        (await latestPublished(test.store.workflows, 'child-protection'))?.definitionVersion,
        1,
      );
    });

    it("publishes the lead's draft, opened before an import, as the version after the import's", async () => {
      const draft = await leadChangesContact(test.store);
      const deps = { store: test.store, registry: createDefinitionRegistry(test.store) };
      await importPack(deps, 'child-protection', { publish: true, actor: 'alex', now: now() });
      const published = await publishDraft(deps, 'form', 'contact', draft.version, 'lee', now());
      assert.equal(published.definitionVersion, 4);
      assert.equal(JSON.parse(published.definition).version, 4);
      assert.equal(JSON.parse(published.definition).title, 'Contact and referral (North, draft)');
      assert.equal((await latestPublished(test.store.forms, 'contact'))?.id, 'contact@4');
      assert.equal(await getDraft(test.store, 'form', 'contact'), null);
    });
  });
}

describe('npm run lowform -- pack import', function () {
  this.timeout(60_000);
  let dir: string;
  let output: string[];
  const log = console.log;
  const saved = process.env.LOWFORM_DATA_DIR;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-cli-'));
    process.env.LOWFORM_DATA_DIR = dir;
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      await prepareStore(store, createDefinitionRegistry(store), packOnly, now);
      await leadChangesContact(store);
    } finally {
      await store.close();
    }
    output = [];
    console.log = (...args: unknown[]) => output.push(args.join(' '));
  });
  afterEach(async () => {
    console.log = log;
    if (saved === undefined) delete process.env.LOWFORM_DATA_DIR;
    else process.env.LOWFORM_DATA_DIR = saved;
    await rm(dir, { recursive: true, force: true });
  });

  async function contactVersions() {
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      return (await latestPublished(store.forms, 'contact'))?.definitionVersion;
    } finally {
      await store.close();
    }
  }

  it('prints the diff, says how to publish and publishes nothing without --yes', async () => {
    assert.equal(await runCli(['pack', 'import', 'child-protection']), 0);
    const text = output.join('\n');
    assert.match(text, /form contact: differs from published version 2/);
    assert.match(text, /Local reference/);
    assert.match(text, /Nothing was published\. To publish .*--yes/);
    assert.equal(await contactVersions(), 2);
  });

  it('publishes the changed ones with --yes', async () => {
    assert.equal(await runCli(['pack', 'import', 'child-protection', '--yes']), 0);
    assert.match(output.join('\n'), /Published form contact version 3\./);
    assert.equal(await contactVersions(), 3);
  });

  it('names a pack that does not exist', async () => {
    const error = console.error;
    const errors: string[] = [];
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      assert.equal(await runCli(['pack', 'import', 'no-such-pack']), 2);
    } finally {
      console.error = error;
    }
    assert.match(errors.join('\n'), /no-such-pack/);
  });
});
