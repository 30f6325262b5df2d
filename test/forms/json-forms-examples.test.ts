/**
 * Lowform's form dialect measured against JSON Forms' own examples: every JSON-only example that
 * ships in @jsonforms/examples 3.7.0 is loaded from the package (nothing is copied here), wrapped
 * as a form definition the way a pack's forms/*.json wraps its schema and UI schema, and linted.
 *
 * An example is JSON-only when nothing in it is code: no function anywhere in the example (its
 * actions, an i18n translate function, a rule condition's validate, a registered UI schema's
 * tester), and it gives both a schema and a UI schema (without one, JSON Forms generates the UI
 * schema at run time, and a form definition names its layout). Its config, when it has one, is
 * data for the renderers and is left out, as a form definition has none.
 */
import assert from 'node:assert/strict';
import { getExamples } from '@jsonforms/examples';
import { type FormFinding, formRefusals, lintForm } from '../../forms/index.ts';

/** The issue's target: at least four in five accepted unchanged. */
const targetShare = 0.8;

function holdsCode(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsCode);
}

interface Measured {
  name: string;
  errors: FormFinding[];
}

function measure(): { measured: Measured[]; skipped: string[] } {
  const measured: Measured[] = [];
  const skipped: string[] = [];
  for (const example of getExamples()) {
    if (holdsCode(example) || !example.schema || !example.uischema) {
      skipped.push(example.name);
      continue;
    }
    const definition = structuredClone({
      id: 'json-forms-example',
      version: 1,
      title: example.label,
      schema: example.schema,
      uischema: example.uischema,
      ...(example.readonly === undefined ? {} : { readonly: example.readonly }),
    });
    const errors = lintForm(definition).filter((f) => f.severity === 'error');
    measured.push({ name: example.name, errors });
  }
  return { measured, skipped };
}

describe("forms: JSON Forms' own JSON-only examples", () => {
  let measured: Measured[] = [];
  let skipped: string[] = [];
  let refused: Measured[] = [];
  let accepted = 0;

  before(() => {
    ({ measured, skipped } = measure());
    refused = measured.filter((m) => m.errors.length > 0);
    accepted = measured.length - refused.length;
    console.log(
      `      JSON Forms 3.7.0 examples: ${accepted} of ${measured.length} JSON-only examples accepted unchanged (${skipped.length} skipped as code or without a UI schema)`,
    );
    for (const { name, errors } of refused) {
      const reasons = [...new Set(errors.map((e) => `${e.code} at ${e.path || '/'}`))];
      console.log(`        refused ${name}: ${reasons.join('; ')}`);
    }
  });

  it('finds most of the package JSON-only, so the measure covers the dialect', () => {
    assert.ok(measured.length >= 40, `only ${measured.length} JSON-only examples`);
    assert.ok(skipped.length < measured.length);
  });

  it('accepts at least four in five of them unchanged', () => {
    const share = accepted / measured.length;
    assert.ok(
      share >= targetShare,
      `${accepted} of ${measured.length} accepted (${(share * 100).toFixed(0)}%)`,
    );
  });

  it('refuses the rest only for what the README lists as a form may not do', () => {
    const listed = new Set(Object.keys(formRefusals));
    for (const { name, errors } of refused) {
      for (const error of errors) {
        assert.ok(listed.has(error.code), `${name}: ${error.code} ${error.path} ${error.message}`);
      }
    }
  });
});
