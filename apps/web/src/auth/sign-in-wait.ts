// How long a refused sign-in says to wait, worded by the page in its language (login-page.tsx). Pure, for tests.

import type { Problem } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { formatMinutes } from '../i18n/format.ts';

/**
 * The minutes a refused sign-in says to wait, from the problem's `retryAfter` (seconds, as its Retry-After header
 * says them), rounded up to whole minutes; null for any other problem or one that names no wait.
 */
export function minutesToWait(problem: Problem): number | null {
  if (problem.code !== 'rate_limited' || typeof problem.retryAfter !== 'number' || problem.retryAfter <= 0) return null;
  return Math.max(1, Math.ceil(problem.retryAfter / 60));
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
