/**
 * The state of one workflow in the designer: the session's edits (undo and redo), the draft
 * saved through PUT /api/workflows/:id/draft a moment after each edit, and lint run on every
 * edit (the server's lint, all findings at once), placed on the card of their state.
 */
import { computed, ref, shallowRef } from 'vue';
import type { WorkflowDefinition } from '../../../schemas/generated/workflow-definition.ts';
import { ApiError } from '../api/client.ts';
import {
  canRedo,
  canUndo,
  currentOf,
  type EditHistory,
  record,
  redo as redoStep,
  startHistory,
  undo as undoStep,
} from '../designer/edit-history.ts';
import { announce } from '../session/use-announcer.ts';
import { EditRefused, findingsByState, type StateFinding } from './edit-workflow.ts';
import {
  getLiveWorkflow,
  getWorkflowDraft,
  type LintProblem,
  lintWorkflowDefinition,
  saveWorkflowDraft,
  type WorkflowView,
} from './workflow-api.ts';

/** How long after the last edit the draft is saved. */
const saveDelayMs = 600;
/** How long after the last edit lint runs. */
const lintDelayMs = 150;

/** Where the draft stands against the server. */
export type SaveState = 'saved' | 'waiting' | 'saving' | 'failed' | 'conflict';

/** Loads a workflow into the designer and keeps its draft saved and linted. */
export function useWorkflowEditor(workflowId: string) {
  const history = shallowRef<EditHistory<WorkflowDefinition> | null>(null);
  const live = shallowRef<WorkflowView | null>(null);
  const draftVersion = ref<number | undefined>(undefined);
  const saveState = ref<SaveState>('saved');
  const saveProblem = ref('');
  const errors = shallowRef<LintProblem[]>([]);
  const warnings = shallowRef<LintProblem[]>([]);
  const linting = ref(false);
  const loadProblem = ref('');
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let lintTimer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | null = null;
  let savedDefinition: WorkflowDefinition | null = null;

  const current = computed(() => (history.value ? currentOf(history.value) : null));
  const findings = computed(() =>
    current.value
      ? findingsByState(current.value, [
          ...errors.value.map((f) => ({ ...f, severity: 'error' as const })),
          ...warnings.value.map((f) => ({ ...f, severity: 'warning' as const })),
        ])
      : new Map<string, StateFinding[]>(),
  );

  async function load(): Promise<void> {
    loadProblem.value = '';
    try {
      const [draft, published] = await Promise.all([
        getWorkflowDraft(workflowId),
        getLiveWorkflow(workflowId),
      ]);
      live.value = published;
      const start = draft ?? published;
      if (!start) {
        loadProblem.value = 'There is no workflow with this name.';
        return;
      }
      draftVersion.value = draft?.recordVersion;
      savedDefinition = draft ? draft.definition : null;
      history.value = startHistory(start.definition);
      await runLint();
    } catch (error) {
      loadProblem.value =
        error instanceof Error ? error.message : 'The workflow could not be loaded.';
    }
  }

  /** Applies an edit; a refused edit is announced and changes nothing. Returns true if applied. */
  function apply(what: string, edit: (d: WorkflowDefinition) => WorkflowDefinition): boolean {
    if (!history.value) return false;
    let next: WorkflowDefinition;
    try {
      next = edit(currentOf(history.value));
    } catch (error) {
      if (error instanceof EditRefused) {
        announce(error.message);
        saveProblem.value = error.message;
        return false;
      }
      throw error;
    }
    saveProblem.value = '';
    history.value = record(history.value, next, what);
    changed();
    announce(what);
    return true;
  }

  function undo(): void {
    if (!history.value || !canUndo(history.value)) return;
    const what = history.value.what[history.value.at];
    history.value = undoStep(history.value);
    changed();
    announce(`Undone: ${what}`);
  }

  function redo(): void {
    if (!history.value || !canRedo(history.value)) return;
    history.value = redoStep(history.value);
    changed();
    announce(`Redone: ${history.value.what[history.value.at]}`);
  }

  /** Starts again from a definition (a restored or imported version), keeping it undoable. */
  function replace(definition: WorkflowDefinition, what: string, version: number | undefined) {
    draftVersion.value = version;
    savedDefinition = definition;
    history.value = history.value
      ? record(history.value, definition, what)
      : startHistory(definition, what);
    void runLint();
  }

  function changed(): void {
    saveState.value = 'waiting';
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void save(), saveDelayMs);
    clearTimeout(lintTimer);
    lintTimer = setTimeout(() => void runLint(), lintDelayMs);
  }

  /** Saves the draft now if it changed; resolves when the server has it. */
  async function save(): Promise<void> {
    clearTimeout(saveTimer);
    if (saving) await saving;
    const definition = current.value;
    if (!definition || definition === savedDefinition) {
      if (saveState.value === 'waiting') saveState.value = 'saved';
      return;
    }
    saving = (async () => {
      saveState.value = 'saving';
      try {
        const saved = await saveWorkflowDraft(workflowId, definition, draftVersion.value);
        draftVersion.value = saved.recordVersion;
        savedDefinition = definition;
        saveState.value = current.value === definition ? 'saved' : 'waiting';
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          saveState.value = 'conflict';
          saveProblem.value =
            'Someone else changed this draft. Reload the page to see their version; your last edit was not saved.';
        } else {
          saveState.value = 'failed';
          saveProblem.value = error instanceof Error ? error.message : 'The draft was not saved.';
        }
      } finally {
        saving = null;
      }
    })();
    await saving;
    if (saveState.value === 'waiting') await save();
  }

  async function runLint(): Promise<void> {
    clearTimeout(lintTimer);
    const definition = current.value;
    if (!definition) return;
    linting.value = true;
    try {
      const report = await lintWorkflowDefinition(workflowId, definition);
      if (current.value !== definition) return;
      errors.value = report.errors;
      warnings.value = report.warnings;
    } catch {
      // Lint is advice while editing; publishing lints again on the server.
    } finally {
      if (current.value === definition) linting.value = false;
    }
  }

  /** After a publish: the live version is the one published, and no draft remains. */
  function published(view: WorkflowView): void {
    live.value = view;
    draftVersion.value = undefined;
    savedDefinition = null;
  }

  return {
    history,
    live,
    current,
    findings,
    errors,
    warnings,
    linting,
    draftVersion,
    saveState,
    saveProblem,
    loadProblem,
    canUndo: computed(() => history.value !== null && canUndo(history.value)),
    canRedo: computed(() => history.value !== null && canRedo(history.value)),
    load,
    apply,
    undo,
    redo,
    replace,
    save,
    runLint,
    published,
  };
}

/** The editor's state and actions, for the components that share one workflow. */
export type WorkflowEditor = ReturnType<typeof useWorkflowEditor>;
