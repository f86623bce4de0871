import { z } from 'zod';
import { IsoDate } from './cases.ts';
import { Id, Timestamp } from './common.ts';

// Privacy-preserving record linkage between organisations (docs/linkage.md): projects, agreements, encodings
// files and results. A result never carries a similarity score or a partner's identifier.

export const AGREEMENT_PURPOSES = ['record_linkage'] as const;
export const AgreementPurpose = z.enum(AGREEMENT_PURPOSES).meta({ id: 'AgreementPurpose' });

export const RecordAgreement = z
  .object({
    organisationAId: Id,
    organisationBId: Id,
    purpose: AgreementPurpose,
    startsOn: IsoDate,
    endsOn: IsoDate.nullable().default(null),
  })
  .strict()
  .refine((a) => a.organisationAId !== a.organisationBId, {
    path: ['organisationBId'],
    message: 'an agreement is between two different organisations',
    params: { rule: 'two_parties' },
  })
  .refine((a) => a.endsOn === null || a.endsOn >= a.startsOn, {
    path: ['endsOn'],
    message: 'ends before it starts',
    params: { rule: 'not_before' },
  })
  .meta({ id: 'RecordAgreement' });
export type RecordAgreement = z.infer<typeof RecordAgreement>;

export const Agreement = z
  .object({
    id: Id,
    organisationAId: Id,
    organisationAName: z.string(),
    organisationBId: Id,
    organisationBName: z.string(),
    purpose: AgreementPurpose,
    startsOn: IsoDate,
    endsOn: IsoDate.nullable(),
    recordedAt: Timestamp,
  })
  .meta({ id: 'Agreement' });
export type Agreement = z.infer<typeof Agreement>;
export const AgreementList = z.object({ items: z.array(Agreement) }).meta({ id: 'AgreementList' });
export type AgreementList = z.infer<typeof AgreementList>;

/**
 * The person fields a schema of a project with platform custody may encode (its feature identifiers), read from the
 * registry; a project whose members encode their own files may name other fields.
 */
export const REGISTRY_FIELDS = [
  'given_name',
  'family_name',
  'full_name',
  'date_of_birth',
  'year_of_birth',
  'sex',
  'citizenship',
] as const;
export type RegistryField = (typeof REGISTRY_FIELDS)[number];
export const isRegistryField = (f: string): f is RegistryField => (REGISTRY_FIELDS as readonly string[]).includes(f);

export const SecretCustody = z.enum(['platform', 'organisations']).meta({ id: 'SecretCustody' });

export const CreateLinkageProject = z
  .object({
    name: z.string().trim().min(1).max(200),
    memberOrganisationIds: z
      .array(Id)
      .min(2, 'a project needs at least two organisations')
      .max(20)
      .refine((ids) => new Set(ids).size === ids.length, {
        message: 'an organisation is listed twice',
        params: { rule: 'no_repeat' },
      }),
    schema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('A linkage schema v3; by default Corridor’s schema of given name, family name, date of birth, sex.'),
    threshold: z.number().min(0.5).max(1).optional().describe('Least Dice coefficient of a match.'),
    secretCustody: SecretCustody.default('platform'),
  })
  .meta({ id: 'CreateLinkageProject' });
export type CreateLinkageProject = z.infer<typeof CreateLinkageProject>;

export const LinkageProjectMember = z.object({
  organisationId: Id,
  name: z.string(),
  encodedCount: z.number().int(),
  encodedAt: Timestamp.nullable(),
  encodeRequestedAt: Timestamp.nullable(),
  source: z.enum(['registry', 'file']).nullable(),
});

export const LinkageProject = z
  .object({
    id: Id,
    name: z.string(),
    secretCustody: SecretCustody,
    threshold: z.number(),
    bits: z.number().int(),
    balanced: z.boolean(),
    xorFolds: z.number().int(),
    features: z.array(z.string()),
    schema: z.record(z.string(), z.unknown()),
    members: z.array(LinkageProjectMember),
    matchedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'LinkageProject' });
export type LinkageProject = z.infer<typeof LinkageProject>;
export const LinkageProjectList = z.object({ items: z.array(LinkageProject) }).meta({ id: 'LinkageProjectList' });
export type LinkageProjectList = z.infer<typeof LinkageProjectList>;

export const EncodeRequested = z
  .object({ projectId: Id, organisationId: Id, requestedAt: Timestamp })
  .meta({ id: 'EncodeRequested' });

/** The encodings file (`corridor linkage encode` writes the same): record ids of one side and base64 CLKs. */
export const LinkageEncodingsFile = z
  .object({
    format: z.literal('corridor-clk/1'),
    bits: z.number().int().min(1).max(131072),
    schemaDigest: z.string().regex(/^[0-9a-f]{64}$/),
    ids: z.array(z.string().min(1).max(200)).max(500_000),
    clks: z.array(z.string().max(40_000)).max(500_000),
  })
  .meta({ id: 'LinkageEncodingsFile' });
export type LinkageEncodingsFile = z.infer<typeof LinkageEncodingsFile>;

export const EncodingsImported = z
  .object({ projectId: Id, organisationId: Id, records: z.number().int() })
  .meta({ id: 'EncodingsImported' });

export const LinkageResult = z.object({
  recordRef: z.string().describe('Your own record id (the person’s id, or the id in your imported file).'),
  beneficiaryId: Id.nullable(),
  displayName: z
    .string()
    .nullable()
    .describe(
      'Your own record’s name; null for imported records, and for a caller who may not read people (an administrator without a case role).',
    ),
  caseId: Id.nullable().describe('Your person’s most recent open case, where a referral can be made.'),
  partners: z.array(z.object({ organisationId: Id, name: z.string() })),
});
export const LinkageResults = z
  .object({ projectId: Id, matchedAt: Timestamp.nullable(), items: z.array(LinkageResult) })
  .meta({ id: 'LinkageResults' });
export type LinkageResults = z.infer<typeof LinkageResults>;
