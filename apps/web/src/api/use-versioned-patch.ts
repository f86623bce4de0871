import type { Problem } from '@corridor/contracts';
import { useState } from 'react';
import type { z } from 'zod';
import { validate } from '../admin/validate.ts';
import { ApiError, api } from './client.ts';
import { problemOf } from './problem.ts';

/**
 * The save of an edit form guarded by its record's ETag: the body is checked against the contract first (its
 * problems shown as the server's would be), then sent with If-Match. A record changed meanwhile (412) calls
 * `onConflict` (the page reloads it and says so); any other failure becomes the form's problem. On success the form
 * stays busy: `onSaved` gives the page the new record, whose new ETag starts the form afresh.
 */
export function useVersionedPatch<T>(
  path: string,
  etag: string,
  onSaved: (saved: T, etag: string | null) => void,
  onConflict: () => void,
) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const patch = async <B>(schema: z.ZodType<B>, body: unknown): Promise<void> => {
    const checked = validate(schema, body);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const r = await api<T>('PATCH', path, { body: checked.data, ifMatch: etag });
      onSaved(r.data, r.etag);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 412) onConflict();
      else setProblem(problemOf(err));
    }
  };
  return { busy, problem, setProblem, patch };
}
