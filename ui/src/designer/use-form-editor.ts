/**
 * The state of one form in the designer: the session's edits (undo and redo), the draft saved
 * through PUT /api/forms/:id/draft a moment after each edit, and lint run on what was saved.
 */
import { computed, ref, shallowRef } from 'vue';
import { EditRefused, findingsByQuestion, listQuestions } from '../../../forms/edit-form.ts';
import type { FormDefinition } from '../../../schemas/generated/form-definition.ts';
import { ApiError } from '../api/client.ts';
import { announce } from '../session/use-announcer.ts';
import {
  type DefinitionView,
  getDraft,
  getLiveForm,
  type LintProblem,
  lintDefinition,
  saveDraft,
} from './designer-api.ts';
import {
  canRedo,
  canUndo,
  currentOf,
  type EditHistory,
  record,
  redo as redoStep,
  startHistory,
  undo as undoStep,
} from './edit-history.ts';

/** How long after the last edit the draft is saved. */
const saveDelayMs = 600;

/** Where the draft stands against the server. */
export type SaveState = 'saved' | 'waiting' | 'saving' | 'failed' | 'conflict';

/** Loads a form into the designer and keeps its draft saved and linted. */
export function useFormEditor(formId: string) {
  const history = shallowRef<EditHistory<FormDefinition> | null>(null);
  const live = shallowRef<DefinitionView | null>(null);
  /** The draft's recordVersion, or undefined before a draft exists. */
  const draftVersion = ref<number | undefined>(undefined);
  const saveState = ref<SaveState>('saved');
  const saveProblem = ref('');
  const errors = shallowRef<LintProblem[]>([]);
  const warnings = shallowRef<LintProblem[]>([]);
  const loadProblem = ref('');
  /** Counts every change of the current definition, so the preview can follow it. */
  const revision = ref(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | null = null;
  let savedDefinition: FormDefinition | null = null;

  const current = computed(() => (history.value ? currentOf(history.value) : null));
  const sections = computed(() => (current.value ? listQuestions(current.value) : []));
  const findings = computed(() =>
    current.value
      ? findingsByQuestion(current.value, [
          ...errors.value.map((f) => ({ ...f, severity: 'error' as const })),
          ...warnings.value.map((f) => ({ ...f, severity: 'warning' as const })),
        ])
      : new Map(),
  );

  async function load(): Promise<void> {
    loadProblem.value = '';
    try {
      const [draft, published] = await Promise.all([getDraft(formId), getLiveForm(formId)]);
      live.value = published;
      const start = draft ?? published;
      if (!start) {
        loadProblem.value = 'There is no form with this name.';
        return;
      }
      draftVersion.value = draft?.recordVersion;
      // With no draft, the live version is what the server has: saving it unchanged would make
      // a draft nobody asked for (and a restore would then ask to replace it).
      savedDefinition = start.definition;
      history.value = startHistory(start.definition);
      revision.value += 1;
      await runLint();
    } catch (error) {
      loadProblem.value = error instanceof Error ? error.message : 'The form could not be loaded.';
    }
  }

  /** Applies an edit; a refused edit is announced and changes nothing. Returns true if applied. */
  function apply(what: string, edit: (d: FormDefinition) => FormDefinition): boolean {
    if (!history.value) return false;
    let next: FormDefinition;
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

  /** Starts again from a definition (a restored version), keeping it undoable. */
  function replace(definition: FormDefinition, what: string, version: number | undefined): void {
    draftVersion.value = version;
    savedDefinition = definition;
    history.value = history.value
      ? record(history.value, definition, what)
      : startHistory(definition, what);
    revision.value += 1;
    void runLint();
  }

  function changed(): void {
    revision.value += 1;
    saveState.value = 'waiting';
    clearTimeout(timer);
    timer = setTimeout(() => void save(), saveDelayMs);
  }

  /** Saves the draft now if it changed; resolves when the server has it. */
  async function save(): Promise<void> {
    clearTimeout(timer);
    if (saving) await saving;
    const definition = current.value;
    if (!definition || definition === savedDefinition) {
      if (saveState.value === 'waiting') saveState.value = 'saved';
      return;
    }
    saving = (async () => {
      saveState.value = 'saving';
      try {
        const saved = await saveDraft(formId, definition, draftVersion.value);
        draftVersion.value = saved.recordVersion;
        savedDefinition = definition;
        saveState.value = current.value === definition ? 'saved' : 'waiting';
        await runLint();
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
    const definition = current.value;
    if (!definition) return;
    try {
      const report = await lintDefinition(formId, definition);
      if (current.value !== definition) return;
      errors.value = report.errors;
      warnings.value = report.warnings;
    } catch {
      // Lint is advice while editing; publishing lints again on the server.
    }
  }

  /** After a publish: the live version is the one published, and no draft remains. */
  function published(view: DefinitionView): void {
    live.value = view;
    draftVersion.value = undefined;
    savedDefinition = null;
  }

  return {
    history,
    live,
    current,
    sections,
    findings,
    errors,
    warnings,
    draftVersion,
    saveState,
    saveProblem,
    loadProblem,
    revision,
    canUndo: computed(() => history.value !== null && canUndo(history.value)),
    canRedo: computed(() => history.value !== null && canRedo(history.value)),
    load,
    apply,
    undo,
    redo,
    replace,
    save,
    published,
  };
}

/** The editor's state and actions, for the components that share one form. */
export type FormEditor = ReturnType<typeof useFormEditor>;
