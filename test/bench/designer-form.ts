/** The form both designer benchmarks edit: 200 questions in four sections. */
import type { FormDefinition } from '../../schemas/generated/form-definition.ts';

/**
 * 200 top-level questions in four Groups: text, long text, dates, choices and yes/no, a third
 * required; `words` starts every question's title, so that another word makes every question new.
 */
export function designerForm(words = 'Question'): FormDefinition {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const groups: { type: 'Group'; label: string; elements: unknown[] }[] = [];
  for (let s = 0; s < 4; s++) {
    const elements: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      const key = `q${s}_${i}`;
      const kind = i % 5;
      properties[key] =
        kind === 0
          ? { type: 'string', title: `${words} ${key}`, maxLength: 200 }
          : kind === 1
            ? { type: 'string', title: `${words} ${key}`, maxLength: 10000 }
            : kind === 2
              ? { type: 'string', format: 'date', title: `${words} ${key}` }
              : kind === 3
                ? {
                    type: 'string',
                    title: `${words} ${key}`,
                    oneOf: [
                      { const: 'a', title: 'A' },
                      { const: 'b', title: 'B' },
                    ],
                  }
                : { type: 'boolean', title: `${words} ${key}` };
      if (i % 3 === 0) required.push(key);
      elements.push({ type: 'Control', scope: `#/properties/${key}` });
    }
    groups.push({ type: 'Group', label: `Section ${s + 1}`, elements });
  }
  return {
    id: 'designer-bench',
    version: 1,
    title: 'Designer bench',
    schema: { type: 'object', properties, required },
    uischema: { type: 'VerticalLayout', elements: groups },
  } as unknown as FormDefinition;
}
