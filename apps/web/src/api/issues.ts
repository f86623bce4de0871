import type { Problem } from '@corridor/contracts';
import { entryIndexOf, type FieldIssue, type FieldIssues } from './problem.ts';

/** A JSON pointer (`/form/guardian/name`) as a dotted path (`form.guardian.name`), the key nested forms use. */
export function pathOfPointer(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/**
 * Groups a problem's issues by the most specific field the form shows: an issue at `form.exploitationTypes.0`
 * lands on the `form.exploitationTypes` field. Issues about nothing shown stay in `rest`, so none is ever lost.
 */
export function issuesByPath(
  problem: Problem | null,
  keys: readonly string[],
): { byKey: FieldIssues; rest: FieldIssue[] } {
  const byKey: FieldIssues = {};
  const rest: FieldIssue[] = [];
  for (const issue of problem?.errors ?? []) {
    const path = issue.location === 'body' ? pathOfPointer(issue.pointer) : '';
    let best = '';
    for (const key of keys) {
      if ((path === key || path.startsWith(`${key}.`)) && key.length > best.length) best = key;
    }
    const item: FieldIssue = {
      code: issue.code,
      message: issue.message,
      params: issue.params,
      index: best ? entryIndexOf(path.split('.'), best.split('.').length) : undefined,
    };
    if (best) byKey[best] = [...(byKey[best] ?? []), item];
    else rest.push(item);
  }
  return { byKey, rest };
}
