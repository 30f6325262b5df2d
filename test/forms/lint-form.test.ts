import assert from 'node:assert/strict';
import { type FormFinding, lintForm } from '../../forms/index.ts';
import { contactForm } from './fixtures.ts';

function codes(findings: FormFinding[], severity: FormFinding['severity']): string[] {
  return findings
    .filter((f) => f.severity === severity)
    .map((f) => `${f.code} ${f.path}`)
    .sort();
}

describe('lintForm', () => {
  it('finds nothing wrong with a good form', () => {
    assert.deepEqual(lintForm(contactForm()), []);
  });

  it('warns about a field the layout leaves out and a field with no label', () => {
    const definition = contactForm();
    definition.schema.properties.notes = { type: 'string', maxLength: 100 };
    definition.schema.properties.extra = { type: 'string', title: 'Extra', maxLength: 100 };
    definition.uischema.elements.push({ type: 'Control', scope: '#/properties/notes' });
    assert.deepEqual(codes(lintForm(definition), 'warning'), [
      'field-not-shown /schema/properties/extra',
      'missing-label /schema/properties/notes',
    ]);
  });

  it('warns, without refusing, about a required field the layout leaves out', () => {
    const definition = contactForm();
    definition.uischema.elements.splice(1, 1);
    const findings = lintForm(definition);
    assert.deepEqual(codes(findings, 'error'), []);
    assert.deepEqual(codes(findings, 'warning'), ['field-not-shown /schema/properties/reason']);
    assert.match(findings[0]?.message ?? '', /is required but the layout does not show it/);
    definition.prefill = { reason: { form: 'referral', field: 'reason' } };
    assert.doesNotMatch(lintForm(definition)[0]?.message ?? '', /required/);
  });

  it('checks the scopes of controls, list details and rules against the schema', () => {
    const definition = contactForm();
    definition.uischema.elements[3].rule.condition.scope = '#/properties/reasons';
    definition.uischema.elements[4].options.detail.elements[0].scope = '#/properties/nmae';
    definition.uischema.elements[0].elements[0].scope = '#/properties/firstName';
    assert.deepEqual(codes(lintForm(definition), 'error'), [
      'unknown-scope /uischema/elements/0/elements/0/scope',
      'unknown-scope /uischema/elements/3/rule/condition/scope',
      'unknown-scope /uischema/elements/4/options/detail/elements/0/scope',
    ]);
  });

  it('checks patterns in rule conditions too', () => {
    const definition = contactForm();
    definition.uischema.elements[3].rule.condition.schema = { pattern: '(a|a)*' };
    assert.deepEqual(codes(lintForm(definition), 'error'), [
      'unsafe-pattern /uischema/elements/3/rule/condition/schema/pattern',
    ]);
  });

  it('warns when a field has a pattern but no maxLength', () => {
    const definition = contactForm();
    delete definition.schema.properties.child.properties.nhsNumber.maxLength;
    assert.deepEqual(codes(lintForm(definition), 'warning'), [
      'pattern-without-max-length /schema/properties/child/properties/nhsNumber',
    ]);
  });

  it('allows x-family only on top-level fields', () => {
    const definition = contactForm();
    definition.schema.properties.child.properties.firstName['x-family'] = true;
    assert.deepEqual(codes(lintForm(definition), 'error'), [
      'family-not-top-level /schema/properties/child/properties/firstName/x-family',
    ]);
  });

  it('accepts patternProperties, propertyNames and $id, but not an unsafe key pattern', () => {
    const definition = contactForm();
    definition.schema.additionalProperties = true;
    definition.schema.patternProperties = { '^x': { type: 'string', maxLength: 10 } };
    definition.schema.propertyNames = { maxLength: 40 };
    definition.schema.properties.child.$id = 'https://example.org/child';
    assert.deepEqual(codes(lintForm(definition), 'error'), []);
    definition.schema.patternProperties = { '^(a+)+$': { type: 'string' } };
    assert.deepEqual(codes(lintForm(definition), 'error'), [
      'unsafe-pattern /schema/patternProperties/^(a+)+$',
    ]);
  });

  it('refuses a local $ref that points nowhere', () => {
    const definition = contactForm();
    definition.schema.properties.mother = { $ref: '#/definitions/person' };
    definition.uischema.elements.push({ type: 'Control', scope: '#/properties/mother' });
    assert.deepEqual(codes(lintForm(definition), 'error'), [
      'unresolved-ref /schema/properties/mother/$ref',
    ]);
  });

  it('follows local $refs for scopes and labels', () => {
    const definition = contactForm();
    definition.schema.definitions = {
      person: { type: 'object', properties: { name: { type: 'string', title: 'Name' } } },
    };
    definition.schema.properties.mother = { $ref: '#/definitions/person' };
    definition.uischema.elements.push({
      type: 'Control',
      scope: '#/properties/mother/properties/name',
    });
    assert.deepEqual(lintForm(definition), []);
  });

  it('refuses a prefill into a field the form does not have', () => {
    const definition = contactForm();
    definition.prefill = {
      'child/firstName': { form: 'referral', field: 'childName' },
      'child/middleName': { form: 'referral', field: 'middleName' },
    };
    assert.deepEqual(codes(lintForm(definition), 'error'), [
      'unknown-prefill-field /prefill/child~1middleName',
    ]);
  });

  it('reports what the meta-schema refuses, with its path', () => {
    const definition = contactForm();
    definition.version = '1';
    definition.uischema.elements.push({
      type: 'Categorization',
      elements: [{ type: 'Label', text: 'x' }],
    });
    definition.uischema.elements.push({ type: 'Table' });
    const errors = lintForm(definition).filter((f) => f.code === 'meta-schema');
    const paths = errors.map((f) => f.path);
    assert.ok(paths.includes('/version'));
    assert.ok(paths.includes('/uischema/elements/5/elements/0'));
    assert.ok(
      errors.some(
        (f) =>
          f.path === '/uischema/elements/6' && /"Table" is not a layout element/.test(f.message),
      ),
    );
  });

  it('refuses a layout nested more than 32 levels deep', () => {
    const definition = contactForm();
    let element: Record<string, unknown> = { type: 'Control', scope: '#/properties/reason' };
    for (let i = 0; i < 40; i++) element = { type: 'VerticalLayout', elements: [element] };
    definition.uischema = element;
    assert.ok(
      lintForm(definition).some((f) => f.code === 'too-deep' && f.path.startsWith('/uischema')),
    );
  });

  it('warns about schema keywords that are not JSON Schema draft-07, as JSON Forms ignores them', () => {
    const definition = contactForm();
    definition.schema.properties.reason.maxlength = 10;
    const findings = lintForm(definition);
    assert.deepEqual(codes(findings, 'error'), []);
    assert.equal(findings[0]?.code, 'schema-keyword-ignored');
    assert.match(findings[0]?.message ?? '', /unknown keyword: "maxlength"/);
  });

  it('refuses an unknown format, which the server could not check', () => {
    const definition = contactForm();
    definition.schema.properties.reason.format = 'postcode';
    const findings = lintForm(definition);
    assert.equal(findings[0]?.code, 'schema-not-compilable');
    assert.match(findings[0]?.message ?? '', /unknown format "postcode"/);
  });

  it('reports a draft-07 meta-schema violation at its path', () => {
    const definition = contactForm();
    definition.schema.properties.child.properties.firstName.minLength = -1;
    const findings = lintForm(definition);
    assert.ok(
      findings.some((f) => f.path === '/schema/properties/child/properties/firstName/minLength'),
    );
  });

  it('does not change the definition it checks', () => {
    const definition = contactForm();
    const before = JSON.stringify(definition);
    lintForm(definition);
    assert.equal(JSON.stringify(definition), before);
  });
});
