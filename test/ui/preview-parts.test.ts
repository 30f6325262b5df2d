import assert from 'node:assert/strict';
import { addSection, allQuestions, hide, relabel } from '../../forms/edit-form.ts';
import type { FormDefinition } from '../../schemas/generated/form-definition.ts';
import { previewParts } from '../../ui/src/designer/preview-parts.ts';

/** Two sections and a loose question after them; the second section's question reads the first's. */
function twoSections(): FormDefinition {
  return {
    id: 'parts',
    version: 1,
    title: 'Parts',
    schema: {
      type: 'object',
      required: ['a', 'c'],
      properties: {
        a: { type: 'boolean', title: 'A' },
        b: { type: 'string', title: 'B', maxLength: 20 },
        c: { type: 'string', title: 'C', maxLength: 20 },
        d: { type: 'string', title: 'D', maxLength: 20 },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Group', label: 'One', elements: [{ type: 'Control', scope: '#/properties/a' }] },
        {
          type: 'Group',
          label: 'Two',
          elements: [
            { type: 'Control', scope: '#/properties/b' },
            {
              type: 'Control',
              scope: '#/properties/c',
              rule: {
                effect: 'SHOW',
                condition: { scope: '#/properties/a', schema: { const: true } },
              },
            },
          ],
        },
        { type: 'Control', scope: '#/properties/d' },
      ],
    },
  } as unknown as FormDefinition;
}

const scopeOf = (d: FormDefinition, label: string) =>
  allQuestions(d).find((q) => q.label === label)!.scope;

describe('the designer preview’s parts', () => {
  it('gives each section a schema of the properties its controls and rules read', () => {
    const parts = previewParts(twoSections());
    assert.deepEqual(
      parts.map((p) => [Object.keys(p.schema.properties as object), p.schema.required]),
      [
        [['a'], ['a']],
        [
          ['b', 'c', 'a'],
          ['a', 'c'],
        ],
        [['d'], undefined],
      ],
    );
    assert.equal(parts[2]!.uischema.type, 'VerticalLayout');
  });

  it('keeps the objects of every section an edit did not change', () => {
    const form = twoSections();
    const before = previewParts(form);
    const after = previewParts(relabel(form, scopeOf(form, 'B'), 'B reworded'), before);
    assert.deepEqual(
      after.map((p, i) => p === before[i]),
      [true, false, true],
    );
    const hidden = previewParts(hide(form, scopeOf(form, 'A')), before);
    // A's section changes, and so does the section whose rule reads A (its required list too).
    assert.deepEqual(
      hidden.map((p, i) => p === before[i]),
      [false, false, true],
    );
  });

  it('adds a part for a new section and draws a layout it cannot split as one part', () => {
    const form = addSection(twoSections(), 'Three');
    assert.equal(previewParts(form).length, 4);
    const categorized = twoSections();
    (categorized.uischema as unknown as { type: string }).type = 'Categorization';
    assert.equal(previewParts(categorized).length, 1);
    assert.equal(previewParts(categorized)[0]!.schema, categorized.schema);
  });
});
