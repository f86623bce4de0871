// What is wrong with a field of a public form, in the page's language, from a zod validation issue. The public
// forms are checked by the server only (they have novalidate: the browser's own bubbles would speak the browser's
// language, not the page's), so each problem is worded here.
import type { z } from 'zod';

/** The words of a form's problems, in one language. */
export type ProblemTexts = {
  required: string;
  chooseOne: string;
  tooShort: (min: number) => string;
  tooLong: (max: number) => string;
  notEmail: string;
  notInForm: string;
};

/** The value at a path of the (not yet validated) input, to tell an empty field from a short one. */
export const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    input,
  );

/** What is wrong with a field, in the page's language, from the validation issue. */
export function reasonOf(t: ProblemTexts, issue: z.core.$ZodIssue, input: unknown): string {
  // An empty field is missing, whatever rule it then breaks (a pattern, a format).
  const empty = valueAt(input, issue.path) === '';
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return t.chooseOne;
      if (issue.origin !== 'string') return t.notInForm;
      return Number(issue.minimum) <= 1 || empty ? t.required : t.tooShort(Number(issue.minimum));
    case 'too_big':
      return issue.origin === 'string' ? t.tooLong(Number(issue.maximum)) : t.notInForm;
    case 'invalid_format':
      if (empty) return t.required;
      return issue.format === 'email' ? t.notEmail : t.notInForm;
    case 'custom':
      // a check that stands for a missing value (a name of punctuation only names nobody)
      return issue.params?.rule === 'required' ? t.required : t.notInForm;
    default:
      return t.notInForm;
  }
}
