import type { Problem } from '@corridor/contracts';

/** The centre-specific problem codes the pages word themselves (others go to the shared problem messages). */
export const CENTRE_ERROR_CODES = ['slot_full', 'already_booked', 'slot_unavailable', 'invalid_transition'] as const;
export type CentreErrorCode = (typeof CENTRE_ERROR_CODES)[number];

/** The code when the page has its own sentence for it. */
export function centreErrorCode(p: Problem | null): CentreErrorCode | null {
  return p && (CENTRE_ERROR_CODES as readonly string[]).includes(p.code) ? (p.code as CentreErrorCode) : null;
}
