// How long a refused sign-in says to wait, worded by the page in its language (login-page.tsx). Pure, for tests.

import type { Problem } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { formatMinutes } from '../i18n/format.ts';

/**
 * The minutes a refused sign-in says to wait: the server's sentence names them ("wait 15 minutes", auth.service.ts
 * signInWait, as its Retry-After header does in seconds); null for any other problem.
 */
export function minutesToWait(problem: Problem): number | null {
  if (problem.code !== 'rate_limited') return null;
  const m = /\bwait (\d+) minutes?\b/.exec(problem.detail ?? '');
  return m ? Number(m[1]) : null;
}

/** A refused sign-in worded in the page's language with how long to wait; any other problem as it is. */
export function withWaitWorded(problem: Problem, t: TFunction, lng: string): Problem {
  const minutes = minutesToWait(problem);
  if (minutes === null) return problem;
  // Not a code of the catalogue: the page shows the sentence as given, in its own language.
  return {
    ...problem,
    code: 'sign_in_wait',
    detail: t('login.tooManyAttempts', { wait: formatMinutes(minutes, lng) }),
  };
}
