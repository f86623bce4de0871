// Contracts of the consent and legal-basis ledger (SECURITY.md D2, D3). The ledger is append-only: a withdrawal
// or a change of basis is a new event; the current state is the latest event per purpose and recipient.
import { z } from 'zod';
import { whenObject } from './beneficiaries.ts';
import { Id, Timestamp } from './common.ts';

/** What a person's data may be used for. */
export const CONSENT_PURPOSES = ['assistance', 'referral', 'statistics', 'tracing', 'publication'] as const;
export const ConsentPurpose = z.enum(CONSENT_PURPOSES).meta({
  id: 'ConsentPurpose',
  description: 'assistance, referral to a named organisation, statistics, tracing, publication.',
});
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

/**
 * The legal basis for processing (GDPR art. 6, ICRC Handbook ch. 3). Consent is often not valid when aid
 * depends on it; record the basis actually relied on.
 */
export const LEGAL_BASES = ['consent', 'vital_interest', 'public_interest', 'legitimate_interest'] as const;
export const LegalBasis = z.enum(LEGAL_BASES).meta({ id: 'LegalBasis' });
export type LegalBasis = z.infer<typeof LegalBasis>;

export const CONSENT_ACTIONS = ['grant', 'withdraw'] as const;
export const ConsentAction = z.enum(CONSENT_ACTIONS).meta({ id: 'ConsentAction' });
export type ConsentAction = z.infer<typeof ConsentAction>;

/**
 * A child's own assent, asked besides the basis: required for grants when the person is under 18, refused for a
 * person who is 18 or more by their date of birth; a refusal rules out a grant on the basis of consent.
 */
export const CHILD_ASSENT = ['given', 'refused', 'not_applicable'] as const;
export const ChildAssent = z.enum(CHILD_ASSENT).meta({ id: 'ChildAssent' });
export type ChildAssent = z.infer<typeof ChildAssent>;

export const RecordConsent = z
  .object({
    purpose: ConsentPurpose,
    recipientOrganisationId: Id.nullable()
      .optional()
      .describe('The organisation the data may go to; required for the referral purpose.'),
    basis: LegalBasis,
    action: ConsentAction,
    informationGiven: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .nullable()
      .optional()
      .describe('What the person was told (purpose, recipients, rights); required to grant on the basis of consent.'),
    childAssent: ChildAssent.nullable()
      .optional()
      .describe(
        'Required for a grant when the person is under 18 by their date of birth; not accepted for a person of 18 or more. A grant on the basis of consent is refused when the child refuses.',
      ),
    expiresAt: Timestamp.nullable().optional().describe('When the grant lapses; must lie in the future.'),
  })
  .strict()
  .refine((v) => !(v.purpose === 'referral' && !v.recipientOrganisationId), {
    path: ['recipientOrganisationId'],
    message: 'required for the referral purpose',
    params: { rule: 'required' },
    when: whenObject,
  })
  .refine((v) => !(v.action === 'grant' && v.basis === 'consent' && !v.informationGiven), {
    path: ['informationGiven'],
    message: 'required to grant on the basis of consent: say what the person was told',
    params: { rule: 'required' },
    when: whenObject,
  })
  // A child's refusal is respected (SECURITY.md D2: the assent is recorded besides the basis): consent that the
  // person refuses is no consent, so no grant on that basis is recorded; a grant already in force is withdrawn.
  .refine((v) => !(v.action === 'grant' && v.basis === 'consent' && v.childAssent === 'refused'), {
    path: ['childAssent'],
    message:
      'the child refuses: their refusal is respected, so no grant on the basis of consent is recorded; record a withdrawal if a grant is in force',
    params: { rule: 'child_refuses' },
    when: whenObject,
  })
  .refine((v) => !(v.action === 'withdraw' && v.expiresAt), {
    path: ['expiresAt'],
    message: 'a withdrawal does not expire',
    params: { rule: 'no_expiry' },
    when: whenObject,
  })
  .meta({ id: 'RecordConsent' });
export type RecordConsent = z.infer<typeof RecordConsent>;

export const ConsentEvent = z
  .object({
    id: Id,
    beneficiaryId: Id,
    purpose: ConsentPurpose,
    recipientOrganisationId: Id.nullable(),
    basis: LegalBasis,
    action: ConsentAction,
    informationGiven: z.string().nullable(),
    childAssent: ChildAssent.nullable(),
    recordedBy: Id,
    recordedAt: Timestamp,
    expiresAt: Timestamp.nullable(),
  })
  .meta({ id: 'ConsentEvent' });
export type ConsentEvent = z.infer<typeof ConsentEvent>;

/** The state for one purpose and recipient: is there a valid basis now, and which event says so. */
export const ConsentState = z
  .object({
    purpose: ConsentPurpose,
    recipientOrganisationId: Id.nullable(),
    status: z.enum(['granted', 'withdrawn', 'expired']),
    basis: LegalBasis,
    since: Timestamp,
    expiresAt: Timestamp.nullable(),
    eventId: Id,
  })
  .meta({ id: 'ConsentState' });
export type ConsentState = z.infer<typeof ConsentState>;

export const ConsentLedger = z
  .object({
    beneficiaryId: Id,
    /** Every event, oldest first. */
    events: z.array(ConsentEvent),
    /** One entry per purpose and recipient that has any event. */
    current: z.array(ConsentState),
  })
  .meta({ id: 'ConsentLedger' });
export type ConsentLedger = z.infer<typeof ConsentLedger>;
