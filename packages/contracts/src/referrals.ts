// Contracts of referrals between organisations: a case, or one service of it, referred to another organisation
// with only the minimal data set, under a consent or basis for that recipient; the lifecycle
// sent -> accepted | declined -> service_delivered -> closed, and `revoked` once the basis is withdrawn.
import { z } from 'zod';
import { CurrencyCode, IsoDate, vocabularyCode } from './cases.ts';
import { CountryCode, Id, Timestamp } from './common.ts';

export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'service_delivered', 'closed', 'revoked'] as const;
export const ReferralStatus = z.enum(REFERRAL_STATUSES).meta({
  id: 'ReferralStatus',
  description:
    'sent, accepted or declined by the receiver, service_delivered, closed by the receiver with an outcome; ' +
    'revoked when the consent or basis for the receiver was withdrawn before the referral was closed.',
});
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const CreateReferral = z
  .object({
    toOrganisationId: Id,
    serviceType: vocabularyCode('corridor.service_type')
      .nullable()
      .describe('The one service referred, or null to refer the whole case.'),
    reason: vocabularyCode('htcds.referral_reason'),
    message: z.string().trim().min(1).max(2000).nullable().default(null),
    dueOn: IsoDate.nullable().default(null).describe('When the receiver should have responded and acted.'),
  })
  .strict()
  .meta({ id: 'CreateReferral' });
export type CreateReferral = z.infer<typeof CreateReferral>;

/** The person as a referral carries them: the minimal data set, fixed when the referral was sent. */
export const ReferredPerson = z
  .object({
    nameLatin: z.string(),
    nameOriginal: z.string().nullable(),
    sex: z.string().nullable(),
    yearOfBirth: z.number().int().nullable(),
    citizenships: z.array(CountryCode),
    languages: z.array(z.string()),
    country: CountryCode.nullable(),
    pcode: z.string().nullable(),
  })
  .meta({ id: 'ReferredPerson' });

/** What the receiving organisation is given: nothing else of the case ever reaches it. */
export const SharedData = z
  .object({
    person: ReferredPerson.nullable().describe(
      'Null when the caller may not see it: a sensitive referral (trafficking, GBV, child) shows the person only ' +
        'to the receiving caseworker it is assigned to; its supervisors manage it without seeing them.',
    ),
    caseType: vocabularyCode('corridor.case_type'),
    serviceType: vocabularyCode('corridor.service_type').nullable(),
  })
  .meta({ id: 'SharedData' });
export type SharedData = z.infer<typeof SharedData>;

/** A service the receiving organisation delivered under the referral. */
export const ReferralService = z
  .object({
    id: Id,
    serviceType: vocabularyCode('corridor.service_type'),
    deliveredOn: IsoDate,
    providerOrganisationId: Id,
    valueMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    description: z.string().nullable(),
    recordedAt: Timestamp,
  })
  .meta({ id: 'ReferralService' });

/**
 * One referral, as either side sees it. `direction` says which side the caller is on; `caseId` is null for the
 * receiver, who never sees the case.
 */
export const Referral = z
  .object({
    id: Id,
    direction: z.enum(['outgoing', 'incoming']),
    caseId: Id.nullable(),
    fromOrganisationId: Id,
    toOrganisationId: Id,
    serviceType: vocabularyCode('corridor.service_type').nullable(),
    reason: vocabularyCode('htcds.referral_reason'),
    message: z.string().nullable(),
    status: ReferralStatus,
    dueOn: IsoDate.nullable(),
    overdue: z.boolean(),
    sentAt: Timestamp,
    respondedAt: Timestamp.nullable(),
    declineReason: z.string().nullable(),
    outcome: z.string().nullable(),
    closedAt: Timestamp.nullable(),
    sharedData: SharedData,
    services: z.array(ReferralService),
    assignedTo: Id.nullable().describe(
      'Receiver only: its caseworker the referral is assigned to (always null for the referring side).',
    ),
    restricted: z
      .boolean()
      .describe('True when the person and the message are withheld from the caller (see SharedData.person).'),
    version: z.number().int(),
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof Referral>;

/** A referral in the inbox or outbox: no person data. */
export const ReferralSummary = z
  .object({
    id: Id,
    direction: z.enum(['outgoing', 'incoming']),
    caseId: Id.nullable(),
    fromOrganisationId: Id,
    toOrganisationId: Id,
    caseType: vocabularyCode('corridor.case_type'),
    serviceType: vocabularyCode('corridor.service_type').nullable(),
    reason: vocabularyCode('htcds.referral_reason'),
    status: ReferralStatus,
    dueOn: IsoDate.nullable(),
    overdue: z.boolean(),
    sentAt: Timestamp,
    assignedTo: Id.nullable().describe('Receiver only: its caseworker the referral is assigned to.'),
  })
  .meta({ id: 'ReferralSummary' });
export type ReferralSummary = z.infer<typeof ReferralSummary>;

export const ReferralListQuery = z.object({
  status: ReferralStatus.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  caseId: Id.optional().describe('Outbox only: the referrals of one case.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const DeclineReferral = z
  .object({ reason: z.string().trim().min(1).max(400) })
  .strict()
  .meta({ id: 'DeclineReferral' });

export const CloseReferral = z
  .object({ outcome: z.string().trim().min(1).max(1000) })
  .strict()
  .meta({ id: 'CloseReferral' });

export const RecordReferralService = z
  .object({
    serviceType: vocabularyCode('corridor.service_type'),
    deliveredOn: IsoDate,
    valueMinor: z.number().int().min(0).max(1_000_000_000_000).nullable().default(null),
    currency: CurrencyCode.nullable().default(null),
    description: z.string().trim().min(1).max(1000).nullable().default(null),
  })
  .strict()
  .refine((v) => (v.valueMinor === null) === (v.currency === null), {
    path: ['currency'],
    message: 'give the value and its currency together',
    params: { rule: 'together' },
  })
  .meta({ id: 'RecordReferralService' });

/** The receiving organisation's supervisor assigns (or reassigns) the referral to one of its caseworkers. */
export const AssignReferral = z.object({ userId: Id }).strict().meta({ id: 'AssignReferral' });

/**
 * The short reference staff see for a referral, on its page, in the lists and in the notices about it: `R-` and its
 * id's first eight characters in capitals. It carries no personal data, so a notice or an e-mail may name it.
 */
export const referralReference = (id: string): string => `R-${id.slice(0, 8).toUpperCase()}`;
