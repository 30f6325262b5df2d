import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentTemplate } from '../../schemas/generated/document-template.ts';
import { loadPack } from '../../server/demo/load-pack.ts';
import { shippedTemplates } from '../../server/documents/template-files.ts';
import { documentIdFor } from '../../server/services/case-documents.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { docxHtml, pdfInfo, pdfText } from '../documents/read-back.ts';
import { PLAN_ANSWERS, seedCaseToPlan, sendAs, submitForm } from './documents-case.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

/**
 * With LOWFORM_UPDATE_SCREENSHOTS=1, the first page of the conference report as the README
 * shows it (docs/screenshots/conference-report.png), drawn by poppler's pdftoppm.
 */
function savePagePicture(pdf: Buffer): void {
  if (process.env.LOWFORM_UPDATE_SCREENSHOTS !== '1') return;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lowform-page-'));
  try {
    writeFileSync(path.join(dir, 'report.pdf'), pdf);
    const out = path.join(root, 'docs/screenshots/conference-report');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      path.join(dir, 'report.pdf'),
      out,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EVIL = '<script>alert(1)</script> then <img src=x onerror=alert(2)>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; then &lt;img src=x onerror=alert(2)&gt;';

for (const kind of storeKinds) {
  describe(`case documents (${kind})`, function () {
    this.timeout(180_000);
    let test: TestApp;
    let worker: Client;
    let caseId: string;

    beforeEach(async () => {
      test = await startTestApp(kind);
      await loadPack(
        { store: test.store, registry: createDefinitionRegistry(test.store) },
        'child-protection',
        'system',
        new Date(),
      );
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      caseId = await seedCaseToPlan(sendAs(worker));
    });
    afterEach(() => test.close());

    async function issue(templateId: string, format: 'pdf' | 'docx', by = worker) {
      const response = await by.request({
        method: 'POST',
        url: `/api/cases/${caseId}/documents`,
        payload: { templateId, format },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as {
        id: string;
        size: number;
        modelSha256: string;
        caseVersion: number;
      };
    }

    async function bytesOf(documentId: string, by = worker) {
      const response = await by.request({
        method: 'GET',
        url: `/api/cases/${caseId}/documents/${documentId}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      return { bytes: response.rawPayload, type: response.headers['content-type'] };
    }

    async function preview(templateId: string) {
      const response = await worker.request({
        method: 'GET',
        url: `/api/cases/${caseId}/documents/preview?templateId=${templateId}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      return response.body;
    }

    async function documentEntries() {
      const response = await worker.request({
        method: 'GET',
        url: `/api/cases/${caseId}/chronology?kind=document`,
      });
      assert.equal(response.statusCode, 200, response.body);
      const entries = (
        response.json() as {
          items: { type: string; summary: string; data: { documentId?: string } }[];
        }
      ).items;
      // Filtered by kind, only the documents' entries come back.
      assert.ok(
        entries.every((e) => e.type === 'document-issued'),
        JSON.stringify(entries),
      );
      return entries;
    }

    const hasChronology = (t: DocumentTemplate) =>
      t.sections.some((s) => s.blocks.some((b) => b.type === 'chronology'));

    it('renders every shipped template for a case that went from contact to a plan, as HTML, PDF and Word', async () => {
      const templates = [...(await shippedTemplates()).values()];
      assert.equal(templates.length, 9);
      for (const template of templates) {
        const headings = template.sections.map((s) => s.heading);
        const html = await preview(template.id);
        for (const heading of headings)
          assert.ok(
            html.includes(`<h2>${heading.replaceAll("'", '&#39;')}</h2>`),
            `${template.id}: ${heading}`,
          );
        assert.ok(html.includes('Freya Fictional'));

        const pdf = await bytesOf((await issue(template.id, 'pdf')).id);
        if (template.id === 'conference-report' && kind === 'embedded') savePagePicture(pdf.bytes);
        assert.equal(pdf.type, 'application/pdf');
        const text = pdfText(pdf.bytes).replace(/\s+/g, ' ');
        const reference = /CP-\d{4}-\d{6}/.exec(text)?.[0];
        assert.ok(reference, `${template.id}: a case reference in the PDF`);
        for (const heading of [template.title, ...headings])
          assert.ok(text.includes(heading), `${template.id} PDF: ${heading}`);
        assert.ok(text.includes('Freya Fictional'), `${template.id}: the child's name`);
        if (hasChronology(template))
          assert.ok(
            text.includes('Contact and referral submitted.'),
            `${template.id}: a chronology entry`,
          );
        const info = pdfInfo(pdf.bytes);
        assert.equal(info.Tagged, 'yes', template.id);
        assert.equal(info.Title, `${template.title}: Freya Fictional`);
        assert.equal(info.Lang, 'en-GB');

        const word = await bytesOf((await issue(template.id, 'docx')).id);
        assert.match(String(word.type), /wordprocessingml/);
        const docx = await docxHtml(word.bytes);
        assert.ok(docx.includes(`<h1>${template.title}</h1>`), template.id);
        for (const heading of headings)
          assert.ok(docx.includes(`<h2>${heading}</h2>`), `${template.id} DOCX: ${heading}`);
        assert.match(docx, /<table><thead><tr><th>/, `${template.id}: a Word table`);
        assert.ok(docx.includes('Freya Fictional'));
        assert.ok(docx.includes(reference));
      }
    });

    it('shows what was recorded with who recorded it and when it happened, and the plan as submitted', async () => {
      const text = pdfText(
        await bytesOf((await issue('conference-report', 'pdf')).id).then((d) => d.bytes),
      ).replace(/\s+/g, ' ');
      assert.ok(text.includes(PLAN_ANSWERS.planActions));
      assert.match(
        text,
        /Child protection plan of 20 March 2026, recorded by sam on \d{1,2} [A-Z][a-z]+ \d{4}\./,
      );
      assert.ok(text.includes('Relationship to the child'), 'the household table');
      assert.ok(text.includes('Kayleigh Fictional'));
      // The first conference has no review yet: the section says so rather than disappearing.
      assert.ok(
        text.includes(
          'This is the first conference: there is no plan yet to report progress against.',
        ),
      );
    });

    it('lists what the stage offers and what was issued, with who issued it and when', async () => {
      const before = await worker.request({ method: 'GET', url: `/api/cases/${caseId}/documents` });
      assert.equal(before.statusCode, 200, before.body);
      const listed = before.json() as {
        offered: { templateId: string; formats: string[] }[];
        issued: unknown[];
      };
      const offered = listed.offered.map((o) => o.templateId);
      for (const id of ['child-protection-plan', 'chronology', 'court-statement'])
        assert.ok(offered.includes(id), offered.join());
      // Offers of stages the case has left are not offered any more.
      assert.ok(!offered.includes('assessment-report'), offered.join());
      assert.deepEqual(listed.offered[0]!.formats, ['pdf', 'docx']);
      assert.deepEqual(listed.issued, []);

      const issued = await issue('chronology', 'docx');
      const after = (
        await worker.request({ method: 'GET', url: `/api/cases/${caseId}/documents` })
      ).json() as {
        issued: {
          id: string;
          format: string;
          createdBy: { displayName: string };
          createdAt: string;
          title: string;
        }[];
      };
      assert.equal(after.issued.length, 1);
      assert.deepEqual(
        { ...after.issued[0]!, createdAt: typeof after.issued[0]!.createdAt },
        {
          ...after.issued[0]!,
          id: issued.id,
          format: 'docx',
          title: 'Chronology: Freya Fictional',
          createdBy: { id: worker.userId, displayName: 'sam' },
          createdAt: 'string',
        },
      );
    });

    it('stores each issue, serves the same bytes after the case changes, and enters each issue in the chronology once', async () => {
      const first = await issue('conference-report', 'pdf');
      const second = await issue('conference-report', 'pdf');
      assert.notEqual(first.id, second.id);
      assert.equal(await test.store.documents.count({ caseId }), 2);
      const before = await bytesOf(first.id);
      assert.equal(before.bytes.length, first.size);

      await submitForm(sendAs(worker), caseId, 'child-protection-plan', {
        ...PLAN_ANSWERS,
        planActions: 'A changed plan.',
      });
      const after = await bytesOf(first.id);
      assert.ok(after.bytes.equals(before.bytes), 'the same bytes after the case changed');
      assert.ok((await bytesOf(first.id)).bytes.equals(before.bytes));
      // A document issued now reads the changed plan; the stored one does not.
      const third = await issue('conference-report', 'pdf');
      assert.ok(pdfText((await bytesOf(third.id)).bytes).includes('A changed plan.'));
      assert.ok(!pdfText(after.bytes).includes('A changed plan.'));
      assert.ok(third.caseVersion > first.caseVersion || third.modelSha256 !== first.modelSha256);

      const entries = await documentEntries();
      assert.deepEqual(
        entries.map((e) => [e.summary, e.data.documentId]),
        [
          ['Conference report issued', first.id],
          ['Conference report issued', second.id],
          ['Conference report issued', third.id],
        ],
      );
    });

    it('finishes an issue a crash left half done when the same request comes again, once', async () => {
      const post = (payload: Record<string, unknown>) =>
        worker.request({ method: 'POST', url: `/api/cases/${caseId}/documents`, payload });
      const first = await issue('chronology', 'pdf');
      const stored = (await test.store.documents.get(first.id))!;
      // What a crash after storing a document and before writing its entry leaves.
      const key = 'retry-after-crash-1';
      const id = documentIdFor(caseId, key);
      await test.store.documents.insert({ ...stored, id });
      assert.deepEqual(
        (await documentEntries()).map((e) => e.data.documentId),
        [first.id],
      );
      for (let i = 0; i < 2; i++) {
        const retried = await post({
          templateId: 'chronology',
          format: 'pdf',
          idempotencyKey: key,
        });
        assert.equal(retried.statusCode, 201, retried.body);
        assert.equal((retried.json() as { id: string }).id, id);
      }
      assert.equal(await test.store.documents.count({ caseId }), 2);
      assert.deepEqual(
        (await documentEntries()).map((e) => [e.summary, e.data.documentId]),
        [
          ['Chronology issued', first.id],
          ['Chronology issued', id],
        ],
      );
      assert.ok((await bytesOf(id)).bytes.equals(Buffer.from(stored.content!, 'base64')));
      const misused = await post({ templateId: 'chronology', format: 'docx', idempotencyKey: key });
      assert.equal(misused.statusCode, 409, misused.body);
    });

    it('answers 404 to a practitioner of another team on every documents route', async () => {
      const issued = await issue('chronology', 'pdf');
      const other = await loginAs(test, 'olly', ['practitioner'], ['south']);
      const requests = [
        { method: 'GET' as const, url: `/api/cases/${caseId}/documents` },
        {
          method: 'GET' as const,
          url: `/api/cases/${caseId}/documents/preview?templateId=chronology`,
        },
        {
          method: 'POST' as const,
          url: `/api/cases/${caseId}/documents`,
          payload: { templateId: 'chronology', format: 'pdf' },
        },
        { method: 'GET' as const, url: `/api/cases/${caseId}/documents/${issued.id}` },
      ];
      for (const request of requests) {
        const response = await other.request(request);
        assert.equal(
          response.statusCode,
          404,
          `${request.method} ${request.url}: ${response.body}`,
        );
      }
      assert.equal(await test.store.documents.count({ caseId }), 1);
      // A practice lead is not a case worker: the route refuses them before the case is read.
      const lead = await loginAs(test, 'lee', ['practice_lead'], ['north']);
      assert.equal((await lead.request(requests[0]!)).statusCode, 403);
    });

    it('shows <script> and <img onerror> typed into an answer as text in HTML, PDF and Word', async () => {
      await submitForm(sendAs(worker), caseId, 'child-protection-plan', {
        ...PLAN_ANSWERS,
        planActions: EVIL,
      });
      const html = await preview('conference-report');
      assert.ok(html.includes(ESCAPED));
      assert.ok(!/<script|<img/i.test(html));
      const pdf = pdfText((await bytesOf((await issue('conference-report', 'pdf')).id)).bytes);
      assert.ok(pdf.includes(EVIL), 'the PDF shows the markup as typed');
      const docx = await docxHtml(
        (await bytesOf((await issue('conference-report', 'docx')).id)).bytes,
      );
      assert.ok(docx.includes(ESCAPED));
      assert.ok(!/<script|<img/i.test(docx));
    });

    it('writes every read of a document to the access log, and a preview stores nothing', async () => {
      const issued = await issue('chronology', 'pdf');
      await worker.request({ method: 'GET', url: `/api/cases/${caseId}/documents` });
      await preview('chronology');
      await bytesOf(issued.id);
      assert.equal(await test.store.documents.count({ caseId }), 1);
      const access = await test.store.access.list({ filter: { caseId }, limit: 500 });
      const types = access.items.filter((a) => a.actor === worker.userId).map((a) => a.type);
      for (const type of [
        `document-issued:${issued.id}`,
        'documents-listed',
        'document-previewed:chronology',
        `document-read:${issued.id}`,
      ])
        assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    });

    it('keeps a document of several megabytes, byte for byte, in the store', async () => {
      const bytes = Buffer.alloc(5 * 1024 * 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
      const record = {
        id: 'large-document',
        version: 1,
        caseId,
        templateId: 'chronology',
        format: 'pdf' as const,
        content: bytes.toString('base64'),
        size: bytes.length,
        createdAt: new Date().toISOString(),
        createdBy: worker.userId,
      };
      await test.store.documents.insert(record);
      const stored = await test.store.documents.get('large-document');
      const back = Buffer.from(stored!.content!, 'base64');
      assert.equal(
        createHash('sha256').update(back).digest('hex'),
        createHash('sha256').update(bytes).digest('hex'),
      );
      assert.ok((await bytesOf('large-document')).bytes.equals(bytes));
    });
  });
}
