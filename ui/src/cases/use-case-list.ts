/**
 * A filtered, cursor-paginated list of cases (GET /api/cases), shared by the caseload and the
 * team page. Previous pages are reached through the stack of cursors already used.
 */
import { reactive, ref } from 'vue';
import { ApiError, getJson, query } from '../api/client.ts';
import type { CaseSummary } from '../api/types.ts';
import { normaliseSearch } from './date-query.ts';

/** The filters the list is asked for. */
export interface CaseFilters {
  q: string;
  stage: string;
  overdue: boolean;
  assignee: string;
  team: string;
}

/** Builds the GET /api/cases URL for these filters and page. */
export function caseListUrl(filters: CaseFilters, cursor: string | null, limit: number): string {
  return `/api/cases${query({
    q: normaliseSearch(filters.q),
    stage: filters.stage,
    overdue: filters.overdue ? 'true' : '',
    assignee: filters.assignee,
    team: filters.team,
    cursor,
    limit,
  })}`;
}

/** State and loading of one case list. */
export function useCaseList(initial: CaseFilters, limit = 25) {
  const filters = reactive<CaseFilters>({ ...initial });
  const items = ref<CaseSummary[]>([]);
  const nextCursor = ref<string | null>(null);
  const previous = ref<(string | null)[]>([]);
  const current = ref<string | null>(null);
  const loading = ref(false);
  const error = ref('');
  const loaded = ref(false);

  async function loadPage(cursor: string | null) {
    loading.value = true;
    error.value = '';
    try {
      const page = await getJson<{ items: CaseSummary[]; nextCursor: string | null }>(
        caseListUrl(filters, cursor, limit),
      );
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      current.value = cursor;
    } catch (failure) {
      items.value = [];
      nextCursor.value = null;
      error.value =
        failure instanceof ApiError && failure.status === 404
          ? 'Cases cannot be listed yet on this server.'
          : failure instanceof Error
            ? failure.message
            : 'The cases could not be loaded.';
    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  return {
    filters,
    items,
    nextCursor,
    loading,
    error,
    loaded,
    hasPrevious: () => previous.value.length > 0,
    /** Loads the first page for the current filters. */
    reload: () => {
      previous.value = [];
      return loadPage(null);
    },
    next: () => {
      if (!nextCursor.value) return Promise.resolve();
      previous.value.push(current.value);
      return loadPage(nextCursor.value);
    },
    back: () => loadPage(previous.value.pop() ?? null),
  };
}
