import type { Problem } from '@corridor/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { isAbort, problemOf } from '../api/problem.ts';
import { type Page, readPages } from './fund-view.ts';

/** A list read page by page: what is shown so far, whether more is being read, and what went wrong. */
export type PagesHandle<T> = {
  data: Page<T> | null;
  status: 'loading' | 'ok' | 'error';
  problem: Problem | null;
  /** Reads the next page and shows it below the ones shown (when `data.next` is set). */
  more: () => void;
  /** Reads again every page shown (after a change that may have moved the list). */
  reload: () => void;
};

/**
 * A list of the API (`path` with its filters and limit) with "Show more": the next page is read through the `next`
 * cursor and added below. A reload reads again as many pages as are shown, so a change on a later page shows too;
 * another path (a filter) starts again from its first page. Stale answers are aborted.
 */
export function usePages<T>(path: string): PagesHandle<T> {
  const [state, setState] = useState<{
    data: Page<T> | null;
    status: PagesHandle<T>['status'];
    problem: Problem | null;
  }>({ data: null, status: 'loading', problem: null });
  const [generation, setGeneration] = useState(0);
  // How many pages are shown, for a reload to read them all again.
  const shown = useRef({ path, pages: 1 });
  if (shown.current.path !== path) shown.current = { path, pages: 1 };
  const controller = useRef<AbortController | null>(null);
  const pageAt = useCallback(
    (signal: AbortSignal) => async (cursor: string | null) =>
      (
        await api<Page<T>>(
          'GET',
          cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path,
          { signal },
        )
      ).data,
    [path],
  );
  const load = useCallback((read: (signal: AbortSignal) => Promise<Page<T>>) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setState((s) => ({ ...s, status: 'loading', problem: null }));
    read(c.signal).then(
      (data) => setState({ data, status: 'ok', problem: null }),
      (err: unknown) => {
        if (!isAbort(err)) setState((s) => ({ ...s, status: 'error', problem: problemOf(err) }));
      },
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger
  useEffect(() => {
    load((signal) => readPages(pageAt(signal), shown.current.pages));
    return () => controller.current?.abort();
  }, [load, pageAt, generation]);

  const next = state.data?.next ?? null;
  const more = useCallback(() => {
    const shownItems = state.data?.items ?? [];
    if (!next) return;
    load(async (signal) => {
      const page = await pageAt(signal)(next);
      shown.current.pages += 1;
      return { items: [...shownItems, ...page.items], next: page.next };
    });
  }, [load, pageAt, next, state.data]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, more, reload };
}
