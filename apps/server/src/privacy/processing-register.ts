// The processing register (SECURITY.md D1, GDPR art. 30): every column of every table is classified. A test
// compares this register with the live schema, so a new column without a classification fails the suite.

export type Category =
  | 'identifier' // opaque ids, codes
  | 'staff_contact' // personal data of platform users (staff), not of migrants
  | 'credential' // secrets and their hashes
  | 'operational' // timestamps, versions, states
  | 'organisation' // data about organisations, not persons
  | 'audit'; // the audit trail

export type Classification = {
  category: Category;
  personal: boolean;
  specialCategory: boolean;
  purpose: string;
  legalBasis:
    | 'contract'
    | 'legitimate_interest'
    | 'legal_obligation'
    | 'public_interest'
    | 'vital_interest'
    | 'consent'
    | 'none';
  retention: string;
  recipients: string;
};

const op = (purpose: string): Classification => ({
  category: 'operational',
  personal: false,
  specialCategory: false,
  purpose,
  legalBasis: 'none',
  retention: 'with the record',
  recipients: 'none',
});
const id = (purpose: string): Classification => ({
  category: 'identifier',
  personal: false,
  specialCategory: false,
  purpose,
  legalBasis: 'none',
  retention: 'with the record',
  recipients: 'none',
});
const org = (purpose: string): Classification => ({
  category: 'organisation',
  personal: false,
  specialCategory: false,
  purpose,
  legalBasis: 'none',
  retention: 'while the organisation takes part',
  recipients: 'partners in the deployment',
});
const staff = (purpose: string): Classification => ({
  category: 'staff_contact',
  personal: true,
  specialCategory: false,
  purpose,
  legalBasis: 'contract',
  retention: 'account lifetime + 1 year',
  recipients: 'administrators of the user’s organisation; platform administrators',
});
const secret = (purpose: string): Classification => ({
  category: 'credential',
  personal: true,
  specialCategory: false,
  purpose,
  legalBasis: 'contract',
  retention: 'until replaced or the account is removed',
  recipients: 'none (never leaves the server)',
});
const audit = (purpose: string, personal = false): Classification => ({
  category: 'audit',
  personal,
  specialCategory: false,
  purpose,
  legalBasis: 'legal_obligation',
  retention: 'audit retention (default 7 years)',
  recipients: 'auditors and administrators of the organisation concerned',
});

/** Classification of every column, by table. */
export const processingRegister: Record<string, Record<string, Classification>> = {
  organisations: {
    id: id('record identity'),
    code: org('short code shown to partners'),
    name: org('name shown to partners'),
    kind: org('kind of partner'),
    country: org('country of the partner'),
    demo: op('marks demo data'),
    created_at: op('record history'),
    updated_at: op('record history'),
    version: op('optimistic concurrency'),
  },
  users: {
    id: id('record identity'),
    organisation_id: id('which organisation the user works for'),
    email: staff('sign-in and contact'),
    display_name: staff('shown to colleagues and in the audit trail'),
    password_hash: secret('authentication (argon2id)'),
    locale: op('interface language'),
    totp_secret: secret('second factor (encrypted)'),
    totp_pending_secret: secret('second factor being set up (encrypted)'),
    totp_enabled_at: op('second factor state'),
    totp_last_step: op('prevents replay of a second-factor code'),
    disabled_at: op('account state'),
    last_login_at: staff('security monitoring'),
    created_at: op('record history'),
    updated_at: op('record history'),
    version: op('optimistic concurrency'),
  },
  user_roles: { user_id: id('whose role'), role: op('authorization') },
  recovery_codes: {
    user_id: id('whose code'),
    code_hash: secret('second-factor recovery (hashed)'),
    used_at: op('one use only'),
  },
  sessions: {
    id_hash: secret('session identity (hashed)'),
    user_id: id('whose session'),
    csrf_token: secret('CSRF protection'),
    mfa_pending: op('second-factor step'),
    created_at: op('session lifetime'),
    last_seen_at: op('idle timeout'),
    absolute_expires_at: op('absolute timeout'),
  },
  api_tokens: {
    id: id('record identity'),
    organisation_id: id('scope of the token'),
    created_by: id('who issued it'),
    name: op('label'),
    roles: op('authorization'),
    secret_hash: secret('token authentication (hashed)'),
    expires_at: op('expiry'),
    revoked_at: op('revocation'),
    last_used_at: op('security monitoring'),
    created_at: op('record history'),
  },
  audit_log: {
    seq: audit('order of the chain'),
    at: audit('when'),
    action: audit('what was done'),
    entity_type: audit('on what kind of record'),
    entity_id: audit('on which record'),
    organisation_id: audit('whose record'),
    actor_user_id: audit('who did it', true),
    actor_organisation_id: audit('for which organisation'),
    actor_roles: audit('with which roles'),
    purpose: audit('for which purpose'),
    sensitive_read: audit('marks reads of sensitive records'),
    details: audit('what changed (field names, never secrets)'),
    prev_hash: audit('tamper evidence'),
    hash: audit('tamper evidence'),
  },
  idempotency_keys: {
    principal: id('whose request'),
    key: op('retry safety'),
    request_hash: op('detects a key reused for another request'),
    state: op('retry safety'),
    response_status: op('replayed response'),
    response_body: {
      ...op('replayed response'),
      personal: true,
      retention: '24 hours',
      purpose: 'replayed response (may hold what the response held)',
    },
    response_headers: op('replayed response'),
    created_at: op('expiry of the key'),
  },
  rate_limits: {
    bucket: { ...op('rate limiting (address or hashed account name)'), personal: true, retention: 'one window' },
    window_start: op('rate limiting'),
    hits: op('rate limiting'),
  },
};
