import { type AppointmentRefusal, appointmentRefusalOf, type Problem } from '@corridor/contracts';

/** The centre-specific problem codes the pages word themselves (others go to the shared problem messages). */
export const CENTRE_ERROR_CODES = ['slot_full', 'already_booked', 'slot_unavailable', 'invalid_transition'] as const;
export type CentreErrorCode = (typeof CENTRE_ERROR_CODES)[number];

/** The code when the page has its own sentence for it. */
export function centreErrorCode(p: Problem | null): CentreErrorCode | null {
  return p && (CENTRE_ERROR_CODES as readonly string[]).includes(p.code) ? (p.code as CentreErrorCode) : null;
}

/** Codes whose detail may name the reason of the refusal (the contracts' APPOINTMENT_REFUSALS). */
const REFUSAL_CODES: ReadonlySet<string> = new Set(['slot_unavailable', 'invalid_transition']);

/**
 * The message (under `centres.`) a centre page words a problem with: the reason of a refusal when its detail names
 * one (the server's English sentence is never shown in another language), else the code's own sentence; null for a
 * problem the shared messages word.
 */
export function centreProblemKey(
  p: Problem | null,
): { key: `refusals.${AppointmentRefusal}` | `errors.${CentreErrorCode}`; code: CentreErrorCode } | null {
  const code = centreErrorCode(p);
  if (!code) return null;
  const reason = REFUSAL_CODES.has(code) ? appointmentRefusalOf(p?.detail) : null;
  return { key: reason ? `refusals.${reason}` : `errors.${code}`, code };
}
