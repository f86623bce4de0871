import { z } from 'zod';
import { vocabularyCode } from './cases.ts';
import { CountryCode, Id, namedPattern, Timestamp } from './common.ts';

/** Kinds of organisation the partnership brings together. */
export const OrganisationKind = z.enum([
  'state_agency',
  'international_organisation',
  'civil_society',
  'private_sector',
  'local_government',
]);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

/**
 * Roles a user holds inside their organisation; `platform_admin` manages organisations. `auditor` reads the audit
 * log. The recruitment-integrity roles (IRIS, docs/recruitment.md): `recruiter_staff` acts for the labour
 * recruiter its organisation is, `certification_auditor` audits recruiters (an accredited auditor),
 * `certification_officer` runs the certifying body (registers recruiters, schedules audits, decides).
 * `fund_manager` keeps a fund's books and approves and releases money within the fund's limits (docs/operations.md).
 * `operations_officer` runs crises and movements: evacuation requests, legs, manifests, check-in, arrivals
 * (docs/operations.md).
 */
export const Role = z.enum([
  'platform_admin',
  'admin',
  'supervisor',
  'caseworker',
  'analyst',
  'auditor',
  'recruiter_staff',
  'certification_auditor',
  'certification_officer',
  'fund_manager',
  'operations_officer',
]);
export type Role = z.infer<typeof Role>;

/**
 * Roles whose authority reaches beyond the holder's organisation: the certifying body's officers and the accredited
 * auditors act on every organisation's recruiters (docs/recruitment.md). Only a platform administrator grants them,
 * as the platform administrator role itself; the server refuses others' grants and the users page offers them only
 * to a platform administrator.
 */
export const PLATFORM_GRANTED_ROLES: readonly Role[] = [
  'platform_admin',
  'certification_officer',
  'certification_auditor',
];

/**
 * What a name shown to other people must not hold: control characters (C0, DEL, C1), the bidirectional controls
 * (U+061C, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph separators. A direction control
 * inside a name reorders the text around it wherever the name is shown (a list, an audit line, an e-mail), so that
 * one name can be made to read as another, or a sentence to say something else.
 */
const NOT_PLAIN_TEXT = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]/u;

/** A name people read (a user's, an organisation's, an API token's): trimmed, 1 to `max` characters, plain text. */
export const plainName = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((v) => !NOT_PLAIN_TEXT.test(v), {
      message: 'must not contain control characters or text-direction marks',
      params: { rule: 'plain_text' },
    });

export const OrganisationCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,15}$/, 'must be 2-16 capital letters, digits or hyphens, e.g. "IOM-SDN"');

/**
 * The organisation's identifier in the IATI standard (an org-id.guide identifier: the registration agency's prefix,
 * then the organisation's number there), used to publish its activities.
 */
export const IatiOrganisationId = z
  .string()
  .trim()
  .max(100)
  .regex(
    /^[A-Z]{2}-[A-Z0-9]{2,}-[^\s/&|?]+$/,
    'must be an org-id.guide identifier such as "XM-DAC-47066" or "GB-CHC-202918"',
  );

export const Organisation = z
  .object({
    id: Id,
    code: OrganisationCode,
    name: z.string(),
    kind: OrganisationKind,
    country: CountryCode,
    iatiIdentifier: z.string().nullable(),
    referralsPaused: z.boolean().describe('It takes no new referrals for now (shown in the partner directory).'),
    referralServices: z
      .array(z.string())
      .nullable()
      .describe('The service types (`corridor.service_type`) it takes referrals for; null: any.'),
    referralNote: z.string().nullable().describe('What partners read before referring to it.'),
    demo: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof Organisation>;

/** What every partner may know of another organisation: who it is, never its users or records. */
export const Partner = z
  .object({
    id: Id,
    code: OrganisationCode,
    name: z.string(),
    kind: OrganisationKind,
    country: CountryCode,
    takesReferrals: z
      .boolean()
      .describe(
        'Someone there works cases (a caseworker or supervisor) and it has not paused new referrals: only such an ' +
          'organisation is referred to.',
      ),
    referralsPaused: z.boolean().describe('It has paused new referrals (its note may say until when).'),
    referralServices: z
      .array(z.string())
      .nullable()
      .describe(
        'The service types it takes referrals for; null: any. A referral of a whole case needs `case_management`.',
      ),
    referralNote: z.string().nullable().describe('What it asks partners to read before referring.'),
  })
  .meta({ id: 'Partner' });
export type Partner = z.infer<typeof Partner>;

export const CreateOrganisation = z
  .object({
    code: OrganisationCode,
    name: plainName(200, 2),
    kind: OrganisationKind,
    country: CountryCode,
    iatiIdentifier: IatiOrganisationId.nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateOrganisation' });

/** The service types an organisation takes referrals for: codes of `corridor.service_type`, each once; null: any. */
const ReferralServices = z
  .array(vocabularyCode('corridor.service_type'))
  .min(1, 'name at least one service, or send null for any')
  .max(40)
  .refine((a) => new Set(a).size === a.length, {
    message: 'must not list a code twice',
    params: { rule: 'no_repeat' },
  })
  .nullable();

export const UpdateOrganisation = CreateOrganisation.omit({ code: true })
  .extend({
    referralsPaused: z.boolean(),
    referralServices: ReferralServices,
    referralNote: z
      .string()
      .trim()
      .max(300)
      .transform((v) => (v === '' ? null : v))
      .nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: 'send at least one field to change',
    params: { rule: 'some_change' },
  })
  .meta({ id: 'UpdateOrganisation' });

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));

/** A password as entered; strength and breach checks happen on the server. */
export const NewPassword = z.string().min(12, 'must be at least 12 characters').max(256);

export const Locale = z.enum(['en', 'fr', 'es', 'ar']);
export type Locale = z.infer<typeof Locale>;

/** A colleague as the people of an organisation see each other: the name only (never e-mail or roles). */
export const Colleague = z.object({ id: Id, displayName: z.string(), disabled: z.boolean() }).meta({ id: 'Colleague' });
export type Colleague = z.infer<typeof Colleague>;
export const ColleagueList = z.object({ items: z.array(Colleague) }).meta({ id: 'ColleagueList' });

export const User = z
  .object({
    id: Id,
    organisationId: Id,
    email: z.string(),
    displayName: z.string(),
    roles: z.array(Role),
    locale: Locale,
    disabled: z.boolean(),
    totpEnabled: z.boolean(),
    lastLoginAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const CreateUser = z
  .object({
    organisationId: Id.optional().describe(
      'Defaults to the caller’s organisation; only a platform administrator may name another.',
    ),
    email: Email,
    displayName: plainName(200),
    roles: z.array(Role).min(1).max(9),
    locale: Locale.default('en'),
    password: NewPassword,
  })
  .strict()
  .meta({ id: 'CreateUser' });

export const UpdateUser = z
  .object({
    displayName: plainName(200),
    roles: z.array(Role).min(1).max(9),
    locale: Locale,
    disabled: z.boolean(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, {
    message: 'send at least one field to change',
    params: { rule: 'some_change' },
  })
  .meta({ id: 'UpdateUser' });

export const Login = z
  .object({ email: Email, password: z.string().min(1).max(256) })
  .strict()
  .meta({ id: 'Login' });

const factorFields = {
  code: z
    .string()
    .regex(namedPattern(/^\d{6}$/, 'auth_code'), 'must be the 6-digit code from the authenticator app')
    .optional(),
  recoveryCode: z.string().trim().min(8).max(32).optional(),
};
const oneFactor = (v: { code?: string | undefined; recoveryCode?: string | undefined }) =>
  (v.code === undefined) !== (v.recoveryCode === undefined);
const oneFactorRule = { message: 'give exactly one of code or recoveryCode', params: { rule: 'one_code' } };

export const SecondFactor = z
  .object(factorFields)
  .strict()
  .refine(oneFactor, oneFactorRule)
  .meta({ id: 'SecondFactor' });

/**
 * Proof, from a signed-in session, that the account holder is at the keyboard: the password and the second factor
 * (a code from the app, or a recovery code, which is then used up). Asked before the second factor is changed.
 */
export const Reauthentication = z
  .object({ password: z.string().min(1).max(256), ...factorFields })
  .strict()
  .refine(oneFactor, oneFactorRule)
  .meta({ id: 'Reauthentication' });
export type Reauthentication = z.infer<typeof Reauthentication>;

/** The caller's own second factor: whether it is set up, since when, and how many recovery codes are left. */
export const SecondFactorStatus = z
  .object({
    enabled: z.boolean(),
    enabledAt: Timestamp.nullable(),
    required: z.boolean().describe('One of the person’s roles requires a second factor.'),
    recoveryCodesLeft: z.number().int().min(0),
    recoveryCodesIssued: z.number().int().min(0),
  })
  .meta({ id: 'SecondFactorStatus' });
export type SecondFactorStatus = z.infer<typeof SecondFactorStatus>;

/** What a signed-in person still has to do: nothing, give the second factor, or set one up first. */
export const SecondFactorStep = z.enum(['none', 'verify', 'enrol']);

/** The state of the caller's session. */
export const Session = z
  .object({
    user: User,
    organisation: Organisation,
    secondFactor: SecondFactorStep,
    csrfToken: z.string(),
    expiresAt: Timestamp,
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const LoginResult = z
  .object({ secondFactor: SecondFactorStep, csrfToken: z.string() })
  .meta({ id: 'LoginResult' });

export const TotpEnrolment = z.object({ secret: z.string(), otpauthUri: z.string() }).meta({ id: 'TotpEnrolment' });

export const TotpActivate = z
  .object({
    code: z.string().regex(namedPattern(/^\d{6}$/, 'auth_code'), 'must be the 6-digit code from the authenticator app'),
  })
  .strict()
  .meta({ id: 'TotpActivate' });

export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });

/** The language of one's own account: the interface's after sign-in, and that of the e-mails and reminders sent. */
export const AccountLanguage = z.object({ locale: Locale }).strict().meta({ id: 'AccountLanguage' });
export type AccountLanguage = z.infer<typeof AccountLanguage>;

/** Asking for a link to set a new password (forgotten password). */
export const PasswordResetRequest = z.object({ email: Email }).strict().meta({ id: 'PasswordResetRequest' });

/** Setting a new password with the token of such a link. */
export const PasswordResetCompletion = z
  .object({ token: z.string().min(20).max(200), newPassword: NewPassword })
  .strict()
  .meta({ id: 'PasswordResetCompletion' });

export const ChangePassword = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword })
  .strict()
  .meta({ id: 'ChangePassword' });

export const ApiToken = z
  .object({
    id: Id,
    organisationId: Id,
    name: z.string(),
    roles: z.array(Role),
    createdBy: Id,
    expiresAt: Timestamp,
    revokedAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateApiToken = z
  .object({
    name: plainName(100),
    roles: z
      .array(Role.exclude(['platform_admin']))
      .min(1)
      .max(5),
    expiresInDays: z.number().int().min(1).max(366).default(90),
  })
  .strict()
  .meta({ id: 'CreateApiToken' });

/** Returned once, at creation: the secret is never shown again. */
export const CreatedApiToken = z.object({ token: ApiToken, secret: z.string() }).meta({ id: 'CreatedApiToken' });
