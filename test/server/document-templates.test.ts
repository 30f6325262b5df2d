import assert from 'node:assert/strict';
import type { DocumentTemplate } from '../../schemas/generated/document-template.ts';
import { loadPack } from '../../server/demo/load-pack.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { pdfText } from '../documents/read-back.ts';
import { seedCaseToPlan, sendAs } from './documents-case.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

const TEMPLATE = 'child-protection-plan';
const RENAMED = 'What the plan is for';

for (const kind of storeKinds) {
  describe(`document templates, versioned and published (${kind})`, function () {
    this.timeout(180_000);
    let test: TestApp;
    let worker: Client;
    let lead: Client;
    let caseId: string;

    const seed = () =>
      loadPack(
        { store: test.store, registry: createDefinitionRegistry(test.store) },
        'child-protection',
        'system',
        new Date(),
      );

    beforeEach(async () => {
      test = await startTestApp(kind);
      await seed();
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      lead = await loginAs(test, 'lee', ['practice_lead'], ['north']);
      caseId = await seedCaseToPlan(sendAs(worker));
    });
    afterEach(() => test.close());

    async function call(by: Client, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
      return by.request({ method, url, ...(payload ? { payload } : {}) });
    }

    async function issuePdf() {
      const response = await call(worker, 'POST', `/api/cases/${caseId}/documents`, {
        templateId: TEMPLATE,
        format: 'pdf',
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: string; templateVersion: number };
    }

    async function bytesOf(documentId: string) {
      const response = await call(worker, 'GET', `/api/cases/${caseId}/documents/${documentId}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.rawPayload;
    }

    it('seeds the pack’s templates as version 1, and seeding again leaves a published edit alone', async () => {
      const list = await call(worker, 'GET', '/api/document-templates');
      assert.equal(list.statusCode, 200, list.body);
      const items = (list.json() as { items: { id: string; version: number }[] }).items;
      assert.equal(items.length, 9);
      assert.ok(items.every((t) => t.version === 1));

      const v1 = (await call(lead, 'GET', `/api/document-templates/${TEMPLATE}`)).json() as {
        definition: DocumentTemplate;
      };
      const edited = structuredClone(v1.definition);
      edited.sections[1]!.heading = RENAMED;
      const draft = await call(lead, 'PUT', `/api/document-templates/${TEMPLATE}/draft`, {
        definition: edited,
      });
      assert.equal(draft.statusCode, 200, draft.body);
      const published = await call(lead, 'POST', `/api/document-templates/${TEMPLATE}/publish`, {
        expectedVersion: (draft.json() as { recordVersion: number }).recordVersion,
        note: 'Plainer heading',
      });
      assert.equal(published.statusCode, 200, published.body);

      // A server starting again with the pack's files seeds nothing over the edit.
      assert.deepEqual(await seed(), []);
      const live = (await call(lead, 'GET', `/api/document-templates/${TEMPLATE}`)).json() as {
        version: number;
        definition: DocumentTemplate;
      };
      assert.equal(live.version, 2);
      assert.equal(live.definition.sections[1]!.heading, RENAMED);
    });

    it('a published change is used by the next document; one issued before keeps its bytes', async () => {
      const before = await issuePdf();
      assert.equal(before.templateVersion, 1);
      const beforeBytes = await bytesOf(before.id);
      assert.ok(!pdfText(beforeBytes).includes(RENAMED));

      // A practitioner may read templates but not edit them.
      const refused = await call(worker, 'PUT', `/api/document-templates/${TEMPLATE}/draft`, {
        definition: { id: TEMPLATE },
      });
      assert.equal(refused.statusCode, 403, refused.body);

      const v1 = (
        await call(lead, 'GET', `/api/document-templates/${TEMPLATE}/versions/1`)
      ).json() as { definition: DocumentTemplate };
      const edited = structuredClone(v1.definition);
      edited.sections[1]!.heading = RENAMED;

      // A field no form has is a finding on its block, and publishing is refused with it.
      const broken = structuredClone(edited);
      const block = broken.sections[2]!.blocks[0]!;
      assert.equal(block.type, 'answers');
      if (block.type === 'answers') block.fields = ['/noSuchQuestion'];
      const lint = await call(lead, 'POST', `/api/document-templates/${TEMPLATE}/lint`, {
        definition: broken,
      });
      assert.equal(lint.statusCode, 200, lint.body);
      const findings = (lint.json() as { errors: { path: string; message: string }[] }).errors;
      assert.deepEqual(
        findings.map((f) => f.path),
        ['/sections/2/blocks/0/fields/0'],
      );
      const brokenDraft = await call(lead, 'PUT', `/api/document-templates/${TEMPLATE}/draft`, {
        definition: broken,
      });
      assert.equal(brokenDraft.statusCode, 200, brokenDraft.body);
      const draftVersion = (brokenDraft.json() as { recordVersion: number }).recordVersion;
      const refusedPublish = await call(
        lead,
        'POST',
        `/api/document-templates/${TEMPLATE}/publish`,
        { expectedVersion: draftVersion },
      );
      assert.equal(refusedPublish.statusCode, 422, refusedPublish.body);

      // The draft rendered on the case: the new heading, nothing stored, the read logged.
      const documentsBefore = await test.store.documents.count({ caseId });
      const preview = await call(lead, 'POST', `/api/document-templates/${TEMPLATE}/preview`, {
        definition: edited,
        caseId,
      });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.match(String(preview.headers['content-type']), /^text\/html/);
      assert.ok(preview.body.includes(`<h2>${RENAMED}</h2>`), preview.body.slice(0, 500));
      assert.ok(preview.body.includes('Freya Fictional'));
      assert.equal(await test.store.documents.count({ caseId }), documentsBefore);
      const logged = await test.store.access.findOne({
        caseId,
        type: `template-draft-previewed:${TEMPLATE}`,
      });
      assert.ok(logged, 'the preview is in the access log');
      // Without a case named, the case the lead may see that changed last.
      const anyCase = await call(lead, 'POST', `/api/document-templates/${TEMPLATE}/preview`, {
        definition: edited,
      });
      assert.equal(anyCase.statusCode, 200, anyCase.body);
      assert.equal(anyCase.headers['x-lowform-case-id'], caseId);
      // A lead of another team may not preview on this case.
      const stranger = await loginAs(test, 'lou', ['practice_lead'], ['south']);
      const hidden = await call(stranger, 'POST', `/api/document-templates/${TEMPLATE}/preview`, {
        definition: edited,
        caseId,
      });
      assert.equal(hidden.statusCode, 404, hidden.body);

      const fixed = await call(lead, 'PUT', `/api/document-templates/${TEMPLATE}/draft`, {
        definition: edited,
        expectedVersion: draftVersion,
      });
      assert.equal(fixed.statusCode, 200, fixed.body);
      const published = await call(lead, 'POST', `/api/document-templates/${TEMPLATE}/publish`, {
        expectedVersion: (fixed.json() as { recordVersion: number }).recordVersion,
        note: 'Plainer heading',
      });
      assert.equal(published.statusCode, 200, published.body);
      assert.equal((published.json() as { version: number }).version, 2);
      const versions = (
        await call(lead, 'GET', `/api/document-templates/${TEMPLATE}/versions`)
      ).json() as { items: { version: number; note?: string }[] };
      assert.deepEqual(
        versions.items.map((v) => [v.version, v.note]),
        [
          [2, 'Plainer heading'],
          [1, undefined],
        ],
      );

      const after = await issuePdf();
      assert.equal(after.templateVersion, 2);
      assert.ok(pdfText(await bytesOf(after.id)).includes(RENAMED));
      // The document issued before is the same bytes as when it was issued.
      assert.ok((await bytesOf(before.id)).equals(beforeBytes));
      const casePreview = await call(
        worker,
        'GET',
        `/api/cases/${caseId}/documents/preview?templateId=${TEMPLATE}`,
      );
      assert.ok(casePreview.body.includes(`<h2>${RENAMED}</h2>`));
    });
  });
}
