import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  type FormRefusalCode,
  formLimits,
  formRefusals,
  isFormError,
  loadForm,
} from '../../forms/index.ts';
import { contactForm, type Json } from './fixtures.ts';

/** For each refusal, a change to the contact form that makes it, and where it is reported. */
const cases: Record<FormRefusalCode, { change: (d: Json) => unknown; path: string }> = {
  'root-not-object': {
    change: (d) => {
      d.schema = { type: 'string' };
      d.uischema = { type: 'Control', scope: '#' };
    },
    path: '/schema/type',
  },
  'bad-property-name': {
    change: (d) => {
      d.schema.properties['child.name'] = { type: 'string' };
    },
    path: '/schema/properties/child.name',
  },
  'not-draft-07': {
    change: (d) => {
      d.schema.$schema = 'https://json-schema.org/draft/2020-12/schema';
    },
    path: '/schema/$schema',
  },
  'remote-ref': {
    change: (d) => {
      d.schema.properties.reason = { $ref: 'https://example.org/reason.json' };
    },
    path: '/schema/properties/reason/$ref',
  },
  'unsafe-pattern': {
    change: (d) => {
      d.schema.properties.analysis.pattern = '^(\\w+\\s?)*$';
    },
    path: '/schema/properties/analysis/pattern',
  },
  'family-not-top-level': {
    change: (d) => {
      d.schema.properties.child.properties.firstName['x-family'] = true;
    },
    path: '/schema/properties/child/properties/firstName/x-family',
  },
  'too-many-fields': {
    change: (d) => {
      for (let i = 0; i <= formLimits.maxFields; i++) d.schema.properties[`extra${i}`] = {};
    },
    path: '/schema',
  },
  'too-deep': {
    change: (d) => {
      let element: Json = { type: 'Control', scope: '#/properties/reason' };
      for (let i = 0; i <= formLimits.maxDepth; i++) {
        element = { type: 'VerticalLayout', elements: [element] };
      }
      d.uischema = element;
    },
    path: '/uischema',
  },
  'too-large': {
    change: (d) => {
      d.description = 'x'.repeat(formLimits.maxBytes);
      return JSON.stringify(d);
    },
    path: '',
  },
};

async function readmeSection(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('### What a form may not do, and why');
  assert.ok(start >= 0, 'the README has no section "What a form may not do, and why"');
  const end = readme.indexOf('\n#', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('forms: what a form may not do', () => {
  it('lists every refusal in the README, and nothing that is not one', async () => {
    const section = await readmeSection();
    for (const code of Object.keys(formRefusals)) {
      assert.ok(section.includes(`\`${code}\``), `the README does not list ${code}`);
    }
    const listed = [...section.matchAll(/^\| `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    for (const code of listed) assert.ok(code! in formRefusals, `${code} is not a refusal`);
  });

  for (const code of Object.keys(cases) as FormRefusalCode[]) {
    it(`refuses to load a form with ${code}, saying where`, () => {
      const definition = contactForm();
      const changed = cases[code].change(definition) ?? definition;
      let error: unknown;
      try {
        loadForm(changed);
      } catch (thrown) {
        error = thrown;
      }
      assert.ok(isFormError(error), `${code}: the form loaded`);
      const problem = error.details.problems.find((p) => p.code === code);
      assert.ok(problem, `${code}: ${error.message}`);
      assert.ok(problem.path.startsWith(cases[code].path), `${code} at ${problem.path}`);
      assert.ok(problem.message.length > 20);
    });
  }
});
