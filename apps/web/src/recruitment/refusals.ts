import type { Problem } from '@corridor/contracts';

/**
 * The certification workflow's refusals the page words in its own language. The server's details are fixed
 * sentences (apps/server/src/recruitment/recruitment.service.ts, whose integration tests assert them word for word):
 * each known one is read back to a key and the criteria it names, so that a Spanish or Arabic page does not show
 * English; anything else keeps the shared wording (the code's sentence, then the server's words).
 */
export type RefusalKey =
  | 'majorFindingOpen'
  | 'minorWithoutPlan'
  | 'majorStillOpen'
  | 'certificateExpired'
  | 'surveillanceOpen'
  | 'auditorInactive'
  | 'auditorOwnOrganisation';

export type Refusal = { key: RefusalKey; criteria: string | null };

/** Each sentence, with the criteria ("2.1, 3.4") it names as its one group where it names any. */
const SENTENCES: readonly [RegExp, RefusalKey][] = [
  [
    /^No certificate while a major finding is open: (.+)\. Its corrective action must be verified first\.$/,
    'majorFindingOpen',
  ],
  [/^Every minor finding needs a corrective action plan with a deadline first: (.+)\.$/, 'minorWithoutPlan'],
  [/^A major finding is still open: (.+)\.$/, 'majorStillOpen'],
  [/^The certificate has expired; the recruiter must apply again\.$/, 'certificateExpired'],
  [/^The certificate has expired meanwhile; the recruiter must apply again\.$/, 'certificateExpired'],
  [/^The certificate has already expired\.$/, 'certificateExpired'],
  [
    /^A surveillance audit of this recruiter is already scheduled; complete it before scheduling another\.$/,
    'surveillanceOpen',
  ],
  [/^The auditor is not an active certification auditor\.$/, 'auditorInactive'],
  [/^An auditor may not audit their own organisation\.$/, 'auditorOwnOrganisation'],
];

/** Criteria codes as the server lists them: "2.1" or "A.1, 3.4". */
const CRITERIA = /^[A-Z0-9]+\.[0-9]+(, [A-Z0-9]+\.[0-9]+)*$/;

/** The known refusal a problem is, or null. */
export function refusalOf(problem: Problem | null): Refusal | null {
  if (!problem?.detail || !['invalid_transition', 'conflict', 'invalid_reference'].includes(problem.code)) return null;
  for (const [sentence, key] of SENTENCES) {
    const m = sentence.exec(problem.detail);
    if (!m) continue;
    const criteria = m[1] ?? null;
    // (a list that is not one of criteria codes is not this sentence: the server's own words are shown instead)
    if (criteria !== null && !CRITERIA.test(criteria)) return null;
    return { key, criteria };
  }
  return null;
}
