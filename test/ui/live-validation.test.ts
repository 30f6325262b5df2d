import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadForm, validateSubmission } from '../../forms/index.ts';
import { labelsByPointer } from '../../ui/src/forms/form-labels.ts';
import type { JsonSchema, UiElement } from '../../ui/src/forms/form-types.ts';
import { checkField } from '../../ui/src/forms/live-validation.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe("web app: checks on leaving a field, in the server's words", () => {
  it("says for each field with a problem what the server's submission check says", async () => {
    const file = path.join(root, 'schemas/packs/child-protection/forms/contact.json');
    const definition = JSON.parse(await readFile(file, 'utf8'));
    const data = {
      child: { fullName: '', dateOfBirth: '2019-02-30' },
      address: 'x'.repeat(201),
      household: [{ memberName: 'Ade Price' }],
      contactDate: 'yesterday',
      reportedConcerns: 'Hungry most mornings.',
      referralDecision: 'adopt',
    };
    const server = validateSubmission(loadForm(definition), data).errors;
    const schema = definition.schema as JsonSchema;
    const labels = labelsByPointer(schema, definition.uischema as UiElement);
    const browser = server.map((e) => [
      e.pointer,
      checkField(schema, data, e.pointer, labels)?.message,
    ]);
    assert.deepEqual(
      browser,
      server.map((e) => [e.pointer, e.message]),
    );
    // The problems this data has, written out, so the comparison above is not of two empty lists.
    assert.deepEqual(server.map((e) => e.pointer).sort(), [
      '/address',
      '/child/dateOfBirth',
      '/child/fullName',
      '/contactDate',
      '/household/0/relationship',
      '/referralDecision',
      '/referralReasons',
      '/referrer',
    ]);
  });

  it('finds nothing wrong with a field that is fine, and keeps the keyword of a problem', async () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['age'],
      properties: { age: { type: 'integer', title: 'Age', maximum: 17 }, name: { type: 'string' } },
    };
    const labels = labelsByPointer(schema, null);
    assert.equal(checkField(schema, { age: 12 }, '/age', labels), undefined);
    assert.equal(checkField(schema, { age: 12 }, '/name', labels), undefined);
    const problem = checkField(schema, { age: 19 }, '/age', labels);
    assert.equal(problem?.message, 'Age must be 17 or less');
    assert.equal(problem?.keyword, 'maximum');
    assert.equal(checkField(schema, {}, '/age', labels)?.message, 'Enter the age');
  });
});
