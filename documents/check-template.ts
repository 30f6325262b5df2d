/**
 * Checks a document template: against its meta-schema, then that every form, field and
 * placeholder it names exists in the forms it will read. Findings are data, never thrown.
 */
import { Ajv } from 'ajv';
import type { FormField } from '../forms/form-field.ts';
import type { DocumentTemplate } from '../schemas/generated/document-template.ts';
import metaSchema from '../schemas/meta/document-template.schema.json' with { type: 'json' };
import { PLACEHOLDERS, placeholdersIn } from './placeholders.ts';

/** One thing wrong with a template, with where (a JSON pointer into the template). */
export interface TemplateFinding {
  path: string;
  message: string;
}

/** The forms a template may read: id to title and fields (of the latest version). */
export type FormsByIdView = ReadonlyMap<string, { title: string; fields: readonly FormField[] }>;

const validate = new Ajv({ allErrors: true, strict: false }).compile(metaSchema);

/** Every way the value breaks the document template meta-schema; empty when it conforms. */
export function templateSchemaFindings(value: unknown): TemplateFinding[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => ({
    path: e.instancePath,
    message: `${e.instancePath || 'The template'} ${e.message ?? 'is not valid'}.`,
  }));
}

/** Everything wrong with a template, read against the forms it names. */
export function checkTemplate(value: unknown, forms: FormsByIdView): TemplateFinding[] {
  const schema = templateSchemaFindings(value);
  if (schema.length > 0) return schema;
  const template = value as DocumentTemplate;
  const findings: TemplateFinding[] = [];
  const field = (path: string, formId: string, pointer: string) => {
    const form = forms.get(formId);
    if (!form) findings.push({ path, message: `There is no form "${formId}".` });
    else if (!form.fields.some((f) => f.pointer === pointer))
      findings.push({ path, message: `${form.title} has no field ${pointer}.` });
    return form?.fields.find((f) => f.pointer === pointer);
  };
  for (const [formId, pointer] of Object.entries(template.happenedFields ?? {})) {
    const found = field(`/happenedFields/${formId}`, formId, pointer);
    if (found && found.kind !== 'date')
      findings.push({ path: `/happenedFields/${formId}`, message: `${pointer} is not a date.` });
  }
  template.sections.forEach((section, s) => {
    section.blocks.forEach((block, b) => {
      const path = `/sections/${s}/blocks/${b}`;
      if (block.type === 'text') {
        for (const name of placeholdersIn(block.text))
          if (!(PLACEHOLDERS as readonly string[]).includes(name))
            findings.push({
              path,
              message: `{${name}} is not a placeholder: use one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
            });
      } else if (block.type === 'answers') {
        block.fields.forEach((pointer, i) => {
          field(`${path}/fields/${i}`, block.form, pointer);
        });
      } else if (block.type === 'table') {
        const list = field(`${path}/field`, block.form, block.field);
        if (list && list.kind !== 'list')
          findings.push({ path: `${path}/field`, message: `${block.field} is not a list.` });
        if (list?.kind === 'list')
          block.columns.forEach((key, i) => {
            field(`${path}/columns/${i}`, block.form, `${block.field}/*/${key}`);
          });
      }
    });
  });
  return findings;
}
