import type { Problem } from '@corridor/contracts';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { useIdempotencyKey } from '../admin/idempotency.ts';
import { validate } from '../admin/validate.ts';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';

type Method = 'POST' | 'PATCH' | 'DELETE';

/** One write from a form or a button: its problem, whether it is running, and a confirmation once done. */
export type Action = {
  problem: Problem | null;
  busy: boolean;
  notice: string | null;
  /** Validates (when a schema is given), sends, and returns the answer's body, or null when it failed. */
  run: <T>(
    method: Method,
    path: string,
    options?: { body?: unknown; schema?: z.ZodType; creates?: boolean; done?: string },
  ) => Promise<T | null>;
  clear: () => void;
};

/**
 * Sends one write the way every form of the case pages does: checked against the shared contract first, with an
 * Idempotency-Key when it creates (one key per distinct body, so a retried submit never creates twice).
 */
export function useAction(): Action {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const idempotency = useIdempotencyKey();

  const run = useCallback(
    async <T>(
      method: Method,
      path: string,
      options: { body?: unknown; schema?: z.ZodType; creates?: boolean; done?: string } = {},
    ): Promise<T | null> => {
      setNotice(null);
      let body = options.body;
      if (options.schema) {
        const checked = validate(options.schema, body ?? {});
        if (!checked.ok) {
          setProblem(checked.problem);
          return null;
        }
        body = checked.data;
      }
      setBusy(true);
      setProblem(null);
      try {
        const r = await api<T>(method, path, {
          body,
          idempotencyKey: options.creates ? idempotency.keyFor({ path, body }) : undefined,
        });
        if (options.creates) idempotency.reset();
        if (options.done) setNotice(options.done);
        return r.data;
      } catch (err) {
        setProblem(problemOf(err));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [idempotency],
  );

  return {
    problem,
    busy,
    notice,
    run,
    clear: () => {
      setProblem(null);
      setNotice(null);
    },
  };
}
