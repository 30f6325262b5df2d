/**
 * What depends on a form's questions: the workflows whose guards read an answer (the decision
 * that picks a branch) and the forms that copy an answer as their prefill. The form designer
 * shows them beside a question, and publishing refuses a version that leaves one of them
 * reading a question that no longer exists.
 */
import { isEngineError } from '../../engine/index.ts';
import type { LoadedForm } from '../../forms/index.ts';
import type { Store } from '../store/store.ts';
import { allLatestPublished, type DefinitionRegistry } from './definition-registry.ts';

/** One definition reading one of the form's questions. */
export interface QuestionDependent {
  /** The question's path in the form's answers: `decision`, `child/fullName`. */
  field: string;
  kind: 'guard' | 'prefill';
  /** The definition that reads it. */
  definition: { kind: 'workflow' | 'form'; id: string; version: number; title: string };
  /** Where, in words: `"Start an assessment" in Referral`, `its "Child's name"`. */
  where: string;
}

/** Every published definition's read of a question of the form `formId`. */
export async function formDependents(
  deps: { store: Store; registry: DefinitionRegistry },
  formId: string,
): Promise<QuestionDependent[]> {
  const found: QuestionDependent[] = [];
  for (const record of await allLatestPublished(deps.store.workflows)) {
    // A workflow that does not load now (a form it names is missing) reads nothing yet.
    const workflow = await deps.registry
      .workflow(record.definitionId, record.definitionVersion)
      .catch((error: unknown) => {
        if (isEngineError(error)) return null;
        throw error;
      });
    if (!workflow) continue;
    for (const read of workflow.fieldsRead) {
      if (read.form !== formId) continue;
      const stage = workflow.stages.get(read.state)?.title ?? read.state;
      found.push({
        field: read.field,
        kind: 'guard',
        definition: {
          kind: 'workflow',
          id: workflow.id,
          version: workflow.version,
          title: workflow.title,
        },
        where: `"${workflow.eventLabel(read.event)}" in ${stage}`,
      });
    }
  }
  for (const record of await allLatestPublished(deps.store.forms)) {
    if (record.definitionId === formId) continue;
    const form = await deps.registry.form(record.definitionId, record.definitionVersion);
    const prefill = (form.definition.prefill ?? {}) as Record<
      string,
      { form?: string; field?: string }
    >;
    for (const [target, source] of Object.entries(prefill)) {
      if (source.form !== formId || typeof source.field !== 'string') continue;
      const label = form.fields.find((f) => f.pointer === `/${target}`)?.label ?? target;
      found.push({
        field: source.field,
        kind: 'prefill',
        definition: { kind: 'form', id: form.id, version: form.version, title: form.title },
        where: `its "${label}"`,
      });
    }
  }
  return found;
}

/** The dependents reading a question the form does not have, as lint errors at the form's root. */
export function missingQuestionErrors(form: LoadedForm, dependents: readonly QuestionDependent[]) {
  const pointers = new Set(form.fields.map((f) => f.pointer));
  return dependents
    .filter((d) => !pointers.has(`/${d.field}`))
    .map((d) => ({
      code: 'question-depended-on',
      path: '/schema',
      message:
        d.kind === 'guard'
          ? `The question "${d.field}" is gone, but the workflow "${d.definition.title}" reads it to decide ${d.where}. Keep the question (hide it instead), or change the workflow first.`
          : `The question "${d.field}" is gone, but the form "${d.definition.title}" copies it into ${d.where}. Keep the question (hide it instead), or change that form's prefill first.`,
    }));
}
