import type { FormDefinition } from '../schemas/generated/form-definition.ts';
import { collectFields } from './collect-fields.ts';
import { checkSchemaCompiles } from './compile-check.ts';
import { compileValidators, type FormValidators } from './compile-validators.ts';
import { createAjv } from './create-ajv.ts';
import type { FormFinding } from './errors.ts';
import type { FormField } from './form-field.ts';
import { formLimits } from './limits.ts';
import { lintLayout } from './lint-layout.ts';
import { lintPrefill } from './lint-prefill.ts';
import { lintSchema } from './lint-schema.ts';
import { checkJsonLimits, tooLargeFinding } from './measure-json.ts';
import { metaValidate } from './meta-validate.ts';
import { readLayout } from './read-layout.ts';
import { isSchemaNode } from './walk-schema.ts';

/** What inspecting a definition found, and what it built when it found no errors. */
export interface FormInspection {
  findings: FormFinding[];
  built?: { definition: FormDefinition; fields: FormField[]; validators: FormValidators };
}

/** Checks a form definition and returns every error and warning, each with its JSON path. */
export function lintForm(definition: unknown): FormFinding[] {
  const read = readDefinition(definition);
  return 'finding' in read ? [read.finding] : inspectForm(read.value, { build: false }).findings;
}

/**
 * A definition given as JSON text or as a value, refused before any deeper work when it is too
 * large or too deep.
 */
export function readDefinition(input: unknown): { value: unknown } | { finding: FormFinding } {
  if (typeof input === 'string') {
    if (input.length > formLimits.maxBytes) {
      return { finding: tooLargeFinding(formLimits.maxBytes) };
    }
    try {
      input = JSON.parse(input);
    } catch (error) {
      const message = `The definition is not JSON: ${(error as Error).message}`;
      return { finding: { severity: 'error', code: 'not-json', path: '', message } };
    }
  }
  const finding = checkJsonLimits(input, formLimits.maxBytes, formLimits.maxJsonDepth);
  return finding ? { finding } : { value: input };
}

/**
 * Runs every check on a definition already within the size limits, and when none is an error
 * compiles its validators (ajv's objections become findings too). With `build: false` (lint,
 * after every edit in the designer) nothing is built: the same objections come from compiling
 * the schema part by part, and only the parts not seen before (compile-check.ts).
 */
export function inspectForm(
  definition: unknown,
  { build }: { build: boolean } = { build: true },
): FormInspection {
  const findings = metaValidate(definition);
  if (!isSchemaNode(definition) || !isSchemaNode(definition.schema)) return { findings };
  const schema = definition.schema;
  findings.push(...lintSchema(schema, { at: '/schema', isFormSchema: true }));
  const layout = readLayout(definition.uischema, schema);
  const prefill = isSchemaNode(definition.prefill) ? definition.prefill : {};
  const readonly = definition.readonly === true;
  const fields = collectFields(schema, layout.controls, prefill as FormDefinition['prefill'], {
    readonly,
  });
  if (readonly) {
    findings.push({
      severity: 'warning',
      code: 'form-read-only',
      path: '/readonly',
      message: 'The whole form is read-only: users can see its answers but not give any.',
    });
  }
  if (fields.length >= formLimits.maxExpandedFields) {
    findings.push({
      severity: 'error',
      code: 'too-many-fields',
      path: '/schema',
      message: `Following its $refs, the schema has more than ${formLimits.maxExpandedFields} fields.`,
    });
  }
  const layoutFindings = lintLayout(schema, layout, fields);
  // On a read-only form every required field is read-only: form-read-only says so once.
  findings.push(
    ...layout.findings,
    ...layoutFindings.filter((f) => !readonly || f.code !== 'read-only-required'),
  );
  findings.push(...lintPrefill(definition.prefill, fields));
  if (findings.some((f) => f.severity === 'error')) return { findings };
  if (!draft07Validator.validateSchema(schema)) {
    for (const e of draft07Validator.errors ?? []) {
      const message = `Not valid JSON Schema draft-07: ${e.message ?? e.keyword}.`;
      findings.push({
        severity: 'error',
        code: 'schema-invalid',
        path: `/schema${e.instancePath}`,
        message,
      });
    }
    return { findings };
  }
  if (!build) {
    const outcome = checkSchemaCompiles(schema);
    if (outcome.error !== undefined) findings.push(notCompilableFinding(outcome.error));
    else findings.push(...outcome.ignored.map(ignoredKeywordFinding));
    return { findings };
  }
  const ignored = new Set<string>();
  // JSON Forms' ajv is not strict: a keyword ajv would ignore (unknown, or meaningless where it
  // stands) is a warning here, not a refusal, so it is never silent either.
  const ajv = createAjv({ strictSchema: 'log', logger: ignoredKeywordLogger(ignored) });
  try {
    const validators = compileValidators(schema, ajv);
    findings.push(...[...ignored].map(ignoredKeywordFinding));
    return {
      findings,
      built: { definition: definition as unknown as FormDefinition, fields, validators },
    };
  } catch (error) {
    findings.push(notCompilableFinding((error as Error).message));
    return { findings };
  }
}

/** Checks schemas against draft-07's meta-schema: one instance, its meta-schema compiled once. */
const draft07Validator = createAjv();

function notCompilableFinding(message: string): FormFinding {
  return {
    severity: 'error',
    code: 'schema-not-compilable',
    path: '/schema',
    message: `The schema does not compile: ${message}.`,
  };
}

function ignoredKeywordLogger(into: Set<string>) {
  const nothing = () => {};
  return { log: nothing, error: nothing, warn: (message: unknown) => into.add(String(message)) };
}

function ignoredKeywordFinding(message: string): FormFinding {
  const what = message.replace(/^strict mode: /, '');
  return {
    severity: 'warning',
    code: 'schema-keyword-ignored',
    path: '/schema',
    message: `Part of the schema has no effect when answers are checked: ${what}.`,
  };
}
