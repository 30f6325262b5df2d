import assert from 'node:assert/strict';
import { diffForms, loadForm } from '../../forms/index.ts';
import { contactForm, type Json } from './fixtures.ts';

let next = 1;
/** Loads contactForm changed by edit, under a fresh id so the cache never hands back another. */
function version(edit: (definition: Json) => void = () => {}) {
  const definition = contactForm(`diff-${next++}`);
  edit(definition);
  return loadForm(definition);
}

function addField(definition: Json, key: string, schema: Json, required = false): void {
  definition.schema.properties[key] = schema;
  if (required) definition.schema.required.push(key);
  definition.uischema.elements.push({ type: 'Control', scope: `#/properties/${key}` });
}

describe('diffForms', () => {
  it('finds no change and nothing breaking between identical versions', () => {
    const diff = diffForms(version(), version());
    assert.equal(diff.breaking, false);
    assert.deepEqual(
      [diff.added, diff.removed, diff.renamed, diff.retyped, diff.reasons],
      [[], [], [], [], []],
    );
  });

  it('reports an optional field added as not breaking', () => {
    const diff = diffForms(
      version(),
      version((d) => addField(d, 'school', { type: 'string', title: 'School' })),
    );
    assert.deepEqual(diff.added, [{ pointer: '/school', label: 'School', type: 'string' }]);
    assert.equal(diff.breaking, false);
  });

  it('reports a required field added as breaking', () => {
    const after = version((d) => addField(d, 'school', { type: 'string', title: 'School' }, true));
    const diff = diffForms(version(), after);
    assert.equal(diff.breaking, true);
    assert.deepEqual(diff.reasons, ['"School" (/school) was added as a required field.']);
  });

  it('reports a removed field, and not each field inside a removed group', () => {
    const after = version((d) => {
      delete d.schema.properties.siblings;
      d.uischema.elements.pop();
    });
    const diff = diffForms(version(), after);
    assert.deepEqual(diff.removed, [
      { pointer: '/siblings', label: 'Siblings', type: 'array<object>' },
    ]);
    assert.equal(diff.breaking, true);
  });

  it('detects a likely rename: one field removed and one added with the same type and label', () => {
    const after = version((d) => {
      const child = d.schema.properties.child;
      child.properties.dob = child.properties.dateOfBirth;
      delete child.properties.dateOfBirth;
      child.required = ['firstName', 'dob'];
      d.uischema.elements[0].elements[1].scope = '#/properties/child/properties/dob';
    });
    const diff = diffForms(version(), after);
    assert.deepEqual(
      diff.renamed.map((r) => [r.from.pointer, r.to.pointer]),
      [['/child/dateOfBirth', '/child/dob']],
    );
    assert.deepEqual([diff.added, diff.removed], [[], []]);
    assert.equal(diff.breaking, true);
  });

  it('does not call it a rename when the type changed too', () => {
    const after = version((d) => {
      const child = d.schema.properties.child;
      child.properties.dob = { type: 'string', title: 'Date of birth' };
      delete child.properties.dateOfBirth;
      child.required = ['firstName'];
      d.uischema.elements[0].elements[1].scope = '#/properties/child/properties/dob';
    });
    const diff = diffForms(version(), after);
    assert.deepEqual(diff.renamed, []);
    assert.deepEqual(
      diff.removed.map((f) => f.pointer),
      ['/child/dateOfBirth'],
    );
    assert.deepEqual(
      diff.added.map((f) => f.pointer),
      ['/child/dob'],
    );
  });

  it('treats a narrowing retype as breaking and a widening one as not', () => {
    const narrowed = version((d) => {
      d.schema.properties.parentalResponsibility.type = 'integer';
    });
    const widened = version((d) => {
      delete d.schema.properties.child.properties.dateOfBirth.format;
    });
    const narrow = diffForms(version(), narrowed);
    assert.deepEqual(
      narrow.retyped.map((r) => [r.from, r.to, r.breaking]),
      [['string', 'integer', true]],
    );
    assert.equal(narrow.breaking, true);
    const wide = diffForms(version(), widened);
    assert.deepEqual(
      wide.retyped.map((r) => [r.from, r.to, r.breaking]),
      [['string:date', 'string', false]],
    );
    assert.equal(wide.breaking, false);
  });

  it('treats a field newly required as breaking', () => {
    const diff = diffForms(
      version(),
      version((d) => d.schema.required.push('analysis')),
    );
    assert.deepEqual(
      diff.madeRequired.map((f) => f.pointer),
      ['/analysis'],
    );
    assert.equal(diff.breaking, true);
  });

  it('treats a narrowed choice as breaking and a widened one as not', () => {
    const narrowed = diffForms(
      version(),
      version((d) => d.schema.properties.reason.enum.pop()),
    );
    assert.deepEqual(
      narrowed.narrowedChoices.map((c) => c.removed),
      [['sexual']],
    );
    assert.equal(narrowed.breaking, true);
    const widened = diffForms(
      version(),
      version((d) => d.schema.properties.reason.enum.push('other')),
    );
    assert.deepEqual(widened.narrowedChoices, []);
    assert.equal(widened.breaking, false);
  });

  it('treats closing a free-text field to a list of choices as breaking', () => {
    const diff = diffForms(
      version(),
      version((d) => {
        d.schema.properties.parentalResponsibility.enum = ['Mother', 'Father'];
      }),
    );
    assert.equal(diff.breaking, true);
    assert.match(diff.reasons.join(' '), /now only allows a fixed list/);
  });
});

describe('diffForms in plain words', () => {
  /** Takes the control for a scope out of the layout, wherever it is. */
  function unplace(definition: Json, scope: string): void {
    const walk = (node: Json): void => {
      if (Array.isArray(node.elements)) {
        node.elements = node.elements.filter((e: Json) => e.scope !== scope);
        for (const e of node.elements) walk(e);
      }
    };
    walk(definition.uischema);
  }

  it('counts hidden, optional, reworded and new choices, and says nothing breaks', () => {
    const after = version((d) => {
      unplace(d, '#/properties/parentalResponsibility');
      unplace(d, '#/properties/analysis');
      d.schema.required = ['child'];
      d.schema.properties.reason.enum.push('exploitation');
      d.schema.properties.child.properties.firstName.title = 'First name';
    });
    const diff = diffForms(version(), after);
    assert.deepEqual(
      diff.hidden.map((f) => f.pointer),
      ['/parentalResponsibility', '/analysis'],
    );
    assert.deepEqual(
      diff.madeOptional.map((f) => f.pointer),
      ['/reason'],
    );
    assert.deepEqual(diff.relabelled, [
      { pointer: '/child/firstName', from: "Child's first name", to: 'First name' },
    ]);
    assert.deepEqual(diff.addedChoices, [
      { pointer: '/reason', label: 'Reason for contact', added: ['exploitation'] },
    ]);
    assert.equal(
      diff.summary,
      '2 questions hidden, 1 question made optional, 1 question reworded, 1 choice added; nothing breaking.',
    );
  });

  it('names the breaking changes in its count', () => {
    const after = version((d) => {
      d.schema.properties.analysis = { type: 'number', title: 'Analysis' };
    });
    assert.equal(
      diffForms(version(), after).summary,
      '1 question given another answer type; 1 breaking change.',
    );
    assert.equal(
      diffForms(version(), version()).summary,
      'No change to the questions; nothing breaking.',
    );
  });
});
