import type { Problem } from '@corridor/contracts';
import type { z } from 'zod';

/**
 * Checks a request body against the shared contract before sending it, and reports failures in the same shape
 * as the server's validation problem, so one code path shows both. The server still validates everything.
 */
export function validate<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; data: T } | { ok: false; problem: Problem } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problem: {
      type: 'about:blank',
      title: 'The request is not valid',
      status: 400,
      code: 'validation_failed',
      errors: result.error.issues.map((issue) => ({
        location: 'body' as const,
        pointer: `/${issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
        message: issue.message,
        code: issue.code,
      })),
    },
  };
}

/** The fields whose value differs from the original: what a PATCH should carry. */
export function changedFields<T extends Record<string, unknown>>(original: T, edited: Partial<T>): Partial<T> {
  const diff: Partial<T> = {};
  for (const key of Object.keys(edited) as (keyof T)[]) {
    if (JSON.stringify(edited[key]) !== JSON.stringify(original[key])) diff[key] = edited[key];
  }
  return diff;
}
