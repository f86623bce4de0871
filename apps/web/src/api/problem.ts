import type { Problem } from '@corridor/contracts';
import { ApiError, CLIENT_CODES } from './client.ts';

/** One issue as a form shows it: its code, the server's (English) message, and what words it (ValidationIssue). */
export type FieldIssue = {
  code: string;
  message: string;
  params?: Record<string, string | number | boolean> | undefined;
  /** The field it is about, when it is listed apart from the field (a form that does not mark its fields). */
  field?: string | undefined;
  /** The entry of a list field it is about (`/languages/1` on the `languages` field: 1). */
  index?: number | undefined;
};

/** The entry of a list a path below a field's names (`1` of `languages.1` below `languages`), if it is one. */
export function entryIndexOf(path: readonly string[], depth: number): number | undefined {
  return path.length === depth + 1 && /^\d+$/.test(path[depth] ?? '') ? Number(path[depth]) : undefined;
}

/** Validation messages by form field name (the first segment of the issue's JSON pointer). */
export type FieldIssues = Record<string, FieldIssue[]>;

/** Turns a JSON pointer such as `/roles/0` into the field it is about (`roles`). */
export function fieldOfPointer(pointer: string): string {
  const first = pointer.split('/')[1] ?? '';
  return first.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Groups a problem's body issues by field; issues about a field the form does not show stay in `rest`. */
export function splitIssues(
  problem: Problem | null,
  fields: readonly string[],
): { byField: FieldIssues; rest: FieldIssue[] } {
  const byField: FieldIssues = {};
  const rest: FieldIssue[] = [];
  for (const issue of problem?.errors ?? []) {
    const field = issue.location === 'body' || issue.location === 'query' ? fieldOfPointer(issue.pointer) : '';
    const item: FieldIssue = {
      code: issue.code,
      message: issue.message,
      params: issue.params,
      index: entryIndexOf(issue.pointer.split('/').slice(1), 1),
    };
    if (field && fields.includes(field)) byField[field] = [...(byField[field] ?? []), item];
    else rest.push(item);
  }
  return { byField, rest };
}

/** The problem carried by an error, or a generic one for anything unexpected. */
export function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  return { type: 'about:blank', title: 'Unexpected error', status: 0, code: CLIENT_CODES.badResponse };
}

/** True for an aborted fetch, which is not an error worth showing. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
