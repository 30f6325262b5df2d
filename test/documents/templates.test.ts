import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkTemplate } from '../../documents/check-template.ts';
import { templateFiles } from '../../server/documents/template-files.ts';
import { loadChildProtectionPack, packDir } from '../packs/child-protection-pack.ts';

describe('document templates of the child protection pack', () => {
  const pack = loadChildProtectionPack();
  const forms = pack.forms;
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('ships a template for every document the workflow names, and no other', async () => {
    const named = new Set<string>();
    for (const stage of Object.values(pack.workflowDefinition.stages))
      for (const id of stage.documents ?? []) named.add(id);
    const files = (await templateFiles()).filter((f) => f.startsWith(packDir));
    const shipped = files.map((f) => String(read(f).id));
    assert.deepEqual(shipped.sort(), [...named].sort());
    assert.deepEqual(shipped.sort(), [
      'assessment-report',
      'child-protection-plan',
      'chronology',
      'closure-letter',
      'conference-report',
      'core-group-minutes',
      'court-statement',
      'section-47-report',
      'strategy-discussion-record',
    ]);
  });

  it('has templates that pass the meta-schema and name only forms, fields and placeholders that exist', async () => {
    for (const file of await templateFiles()) {
      const template = read(file);
      assert.equal(path.basename(file), `${String(template.id)}.json`);
      assert.deepEqual(checkTemplate(template, forms), [], path.basename(file));
    }
  });

  it('finds an unknown form, field, placeholder and a table of a field that is not a list', () => {
    const template = {
      id: 'broken',
      version: 1,
      title: 'Broken',
      issuedSummary: 'Broken issued',
      happenedFields: { contact: '/referrer' },
      sections: [
        {
          heading: 'One',
          blocks: [
            { type: 'text', text: 'For {child.nickname}' },
            { type: 'answers', form: 'contact', fields: ['/referrer', '/favouriteColour'] },
            { type: 'answers', form: 'no-such-form', fields: ['/a'] },
            { type: 'table', form: 'contact', field: '/address', columns: ['x'] },
          ],
        },
      ],
    };
    assert.deepEqual(
      checkTemplate(template, forms).map((f) => `${f.path}: ${f.message}`),
      [
        '/happenedFields/contact: /referrer is not a date.',
        '/sections/0/blocks/0: {child.nickname} is not a placeholder: use one of {child.fullName}, {child.dateOfBirth}, {case.reference}, {case.stage}, {case.team}, {case.worker}, {document.date}.',
        '/sections/0/blocks/1/fields/1: Contact and referral has no field /favouriteColour.',
        '/sections/0/blocks/2/fields/0: There is no form "no-such-form".',
        '/sections/0/blocks/3/field: /address is not a list.',
      ],
    );
  });

  it('refuses a template that breaks the meta-schema, saying where', () => {
    const findings = checkTemplate(
      {
        id: 'x',
        version: 1,
        title: 'X',
        issuedSummary: 'X',
        sections: [{ heading: 'A', blocks: [{ type: 'picture' }] }],
      },
      forms,
    );
    assert.ok(
      findings.some((f) => f.path === '/sections/0/blocks/0'),
      JSON.stringify(findings),
    );
  });
});
