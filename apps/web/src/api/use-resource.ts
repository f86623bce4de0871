import type { Problem } from '@corridor/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from './client.ts';
import { isAbort, problemOf } from './problem.ts';

/** The state of one GET: loading, loaded (with its ETag) or failed. */
export type Resource<T> =
  | { status: 'loading'; data: T | null; etag: string | null; problem: null }
  | { status: 'ok'; data: T; etag: string | null; problem: null }
  | { status: 'error'; data: T | null; etag: string | null; problem: Problem };

/**
 * What useResource returns: the state, the path its data was loaded from (while another path loads, the data shown
 * is still the previous one's), a reload trigger and a way to take a fresher copy (after a write).
 */
export type ResourceHandle<T> = Resource<T> & {
  dataPath: string | null;
  reload: () => void;
  replace: (data: T, etag: string | null) => void;
};

/** Loads a JSON document and reloads it on demand; a null path loads nothing. Stale answers are aborted. */
export function useResource<T>(path: string | null): ResourceHandle<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading', data: null, etag: null, problem: null });
  const [generation, setGeneration] = useState(0);
  const [dataPath, setDataPath] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ status: 'loading', data: s.data, etag: s.etag, problem: null }));
    api<T>('GET', path, { signal: controller.signal }).then(
      (r) => {
        setState({ status: 'ok', data: r.data, etag: r.etag, problem: null });
        setDataPath(path);
      },
      (err: unknown) => {
        if (isAbort(err)) return;
        setState((s) => ({ status: 'error', data: s.data, etag: s.etag, problem: problemOf(err) }));
      },
    );
    return () => controller.abort();
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const replace = useCallback(
    (data: T, etag: string | null) => setState({ status: 'ok', data, etag, problem: null }),
    [],
  );
  return { ...state, dataPath, reload, replace };
}
