import type { Problem } from '@corridor/contracts';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { useIdempotencyKey } from '../admin/idempotency.ts';
import { validate } from '../admin/validate.ts';
import { api, CLIENT_CODES } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';

type Method = 'POST' | 'PATCH' | 'DELETE';

type ActionOptions = {
  body?: unknown;
  schema?: z.ZodType;
  creates?: boolean;
  done?: string;
  /** The version of the record the page shows, sent as If-Match so that a write never overrides a newer change. */
  version?: number;
  /** Called when the record changed meanwhile (412): the page reloads it; the action says so in its problem. */
  onConflict?: () => void;
};

/** One write from a form or a button: its problem, whether it is running, and a confirmation once done. */
export type Action = {
  problem: Problem | null;
  busy: boolean;
  notice: string | null;
  /** Validates (when a schema is given), sends, and returns the answer's body, or null when it failed. */
  run: <T>(method: Method, path: string, options?: ActionOptions) => Promise<T | null>;
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
    async <T>(method: Method, path: string, options: ActionOptions = {}): Promise<T | null> => {
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
          ifMatch: options.version === undefined ? null : `"v${options.version}"`,
        });
        if (options.creates) idempotency.reset();
        if (options.done) setNotice(options.done);
        return r.data;
      } catch (err) {
        const p = problemOf(err);
        if (p.code === 'precondition_failed') {
          // Someone else's change won: say so plainly (in every language) and show the latest version.
          const { detail: _server, ...rest } = p;
          setProblem({ ...rest, code: CLIENT_CODES.changedMeanwhile });
          options.onConflict?.();
        } else setProblem(p);
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
