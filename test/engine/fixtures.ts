/** The engine tests' fixture workflow, its forms, and people to act on it. */
import type { Actor, FormSummary, WorkflowDefinition } from '../../engine/index.ts';
import { loadWorkflow, type Workflow } from '../../engine/index.ts';
import definition from './fixtures/child-protection-workflow.json' with { type: 'json' };
import forms from './fixtures/forms.json' with { type: 'json' };

/** The forms the fixture workflow refers to. */
export const fixtureForms: readonly FormSummary[] = forms;

/** A fresh, deep copy of the fixture definition, safe to change in a test. */
export function fixtureDefinition(): WorkflowDefinition {
  return structuredClone(definition) as WorkflowDefinition;
}

/** The fixture workflow, loaded. */
export function loadFixture(): Workflow {
  return loadWorkflow(fixtureDefinition(), { forms: fixtureForms });
}

export const practitioner: Actor = { id: 'sw-1', roles: ['practitioner'] };
export const manager: Actor = { id: 'tm-1', roles: ['manager'] };

/** A submitted form with the given answers. */
export function submitted(data: Record<string, unknown> = {}) {
  return { status: 'submitted' as const, data };
}
