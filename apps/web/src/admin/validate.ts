import { issueParams, type Problem } from '@corridor/contracts';
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
      errors: withoutRepeatedRequired(
        result.error.issues.map((issue) => {
          // A value never given (or left blank) reads better as "required" than as zod's type or length message,
          // and a mistyped identifier better as what it should look like.
          const given = issue.path.length > 0 ? valueAt(value, issue.path) : value;
          // Cross-field rules (code `custom`) keep their own message: it says what else would do.
          const missing =
            issue.code !== 'custom' &&
            issue.path.length > 0 &&
            (given === undefined || (typeof given === 'string' && !given.trim()));
          const badId = !missing && issue.code === 'invalid_format' && 'format' in issue && issue.format === 'uuid';
          // Letters typed where a number goes reach the contract as NaN: say what to type, not zod's type names.
          if (!missing && issue.code === 'invalid_type' && typeof given === 'number' && Number.isNaN(given))
            return {
              location: 'body' as const,
              pointer: pointerOf(issue.path),
              message: 'must be a number, written in digits',
              code: 'custom',
              params: { rule: 'number' },
            };
          return {
            location: 'body' as const,
            pointer: pointerOf(issue.path),
            message: missing
              ? 'This is required.'
              : badId
                ? 'This is not a Corridor identifier; it looks like 3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f.'
                : issue.message,
            code: missing ? 'required' : badId ? 'invalid_identifier' : issue.code,
            ...(missing || badId ? {} : paramsOf(issue)),
          };
        }),
      ),
    },
  };
}

type Issue = NonNullable<Problem['errors']>[number];

/**
 * A field left empty that a cross-field rule also requires (rule `required`, "Required here.") is said once: as
 * required, not twice in two wordings.
 */
function withoutRepeatedRequired(issues: Issue[]): Issue[] {
  const required = new Set(issues.filter((i) => i.code === 'required').map((i) => i.pointer));
  return issues.filter((i) => !(i.code === 'custom' && i.params?.rule === 'required' && required.has(i.pointer)));
}

/** A zod path as a JSON pointer (`/legs/0/departsAt`). */
const pointerOf = (path: readonly PropertyKey[]): string =>
  `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

function paramsOf(issue: z.core.$ZodIssue) {
  const params = issueParams(issue);
  return params ? { params } : {};
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** The fields whose value differs from the original: what a PATCH should carry. */
export function changedFields<T extends Record<string, unknown>>(original: T, edited: Partial<T>): Partial<T> {
  const diff: Partial<T> = {};
  for (const key of Object.keys(edited) as (keyof T)[]) {
    if (JSON.stringify(edited[key]) !== JSON.stringify(original[key])) diff[key] = edited[key];
  }
  return diff;
}
