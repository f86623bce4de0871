// The processing register (SECURITY.md D1, GDPR art. 30): every column of every table is classified. A test
// compares this register with the live schema, so a new column without a classification fails the suite.

export type Category =
  | 'identifier' // opaque ids, codes
  | 'staff_contact' // personal data of platform users (staff), not of migrants
  | 'credential' // secrets and their hashes
  | 'operational' // timestamps, versions, states
  | 'organisation' // data about organisations, not persons
  | 'audit' // the audit trail
  | 'beneficiary_identity' // who a migrant is: names, birth date, documents
  | 'beneficiary_contact' // how to reach them, where they are
  | 'beneficiary_profile' // status, nationality, languages, needs
  | 'protection' // case content: what happened to them and what is done about it
  | 'consent'; // the consent and legal-basis ledger

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

const RECORD_RETENTION = 'per case-type retention schedule (default: 7 years after the last case closes)';
const person = (category: Category, purpose: string, special = false): Classification => ({
  category,
  personal: true,
  specialCategory: special,
  purpose,
  legalBasis: 'public_interest',
  retention: RECORD_RETENTION,
  recipients:
    'the registering organisation; partners only through a referral with a basis for that recipient and purpose',
});
const protection = (purpose: string, special = true): Classification => ({
  ...person('protection', purpose, special),
  legalBasis: 'vital_interest',
});
const consentEvt = (purpose: string): Classification => ({
  ...person('consent', purpose),
  legalBasis: 'legal_obligation',
  retention: 'as long as the person’s record, then anonymised',
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
  beneficiaries: {
    id: id('record identity'),
    organisation_id: id('registering organisation'),
    given_name: person('beneficiary_identity', 'identify the person'),
    family_name: person('beneficiary_identity', 'identify the person'),
    name_original: person('beneficiary_identity', 'identify the person in their own script'),
    name_latin: person('beneficiary_identity', 'identify the person across scripts'),
    search_name: person('beneficiary_identity', 'find the person (normalised name)'),
    date_of_birth: person('beneficiary_identity', 'identify; age-specific protection'),
    dob_precision: op('quality of the birth date'),
    sex: person('beneficiary_profile', 'protection needs; statistics'),
    gender: person('beneficiary_profile', 'protection needs', true),
    citizenships: person('beneficiary_profile', 'consular contact; statistics'),
    languages: person('beneficiary_profile', 'communication'),
    phone: person('beneficiary_contact', 'follow-up'),
    email: person('beneficiary_contact', 'follow-up'),
    country: person('beneficiary_contact', 'where assistance is given'),
    pcode: person('beneficiary_contact', 'where assistance is given (area)'),
    household_id: id('household or group'),
    household_role: person('beneficiary_profile', 'household composition'),
    migration_status: person('beneficiary_profile', 'eligibility and protection', true),
    disability: person('beneficiary_profile', 'specific needs', true),
    specific_needs: person('beneficiary_profile', 'specific needs', true),
    restricted: op('access control: the person has a sensitive case'),
    created_by: id('who registered'),
    created_at: op('record history'),
    updated_at: op('record history'),
    version: op('optimistic concurrency'),
  },
  beneficiary_name_keys: {
    beneficiary_id: id('whose keys'),
    organisation_id: id('scope'),
    key: person('beneficiary_identity', 'name search keys'),
  },
  beneficiary_documents: {
    id: id('record identity'),
    beneficiary_id: id('whose document'),
    organisation_id: id('scope'),
    type: op('document type'),
    number: person('beneficiary_identity', 'identify; duplicate detection'),
    number_key: person('beneficiary_identity', 'document number search'),
    issuing_country: person('beneficiary_identity', 'identify'),
  },
  consent_events: {
    id: id('record identity'),
    organisation_id: id('holding organisation'),
    beneficiary_id: id('whose consent'),
    purpose: consentEvt('what the data may be used for'),
    recipient_organisation_id: id('who may receive it'),
    basis: consentEvt('legal basis'),
    action: consentEvt('grant or withdrawal'),
    information_given: consentEvt('what the person was told'),
    child_assent: consentEvt('a child’s own assent'),
    recorded_by: id('who recorded it'),
    recorded_at: op('when'),
    expires_at: op('expiry'),
  },
  cases: {
    id: id('record identity'),
    organisation_id: id('owning organisation'),
    beneficiary_id: id('whose case'),
    reference: id('human reference'),
    type: protection('kind of case (reveals e.g. trafficking or GBV)'),
    status: op('case workflow'),
    sensitive: op('access control'),
    assigned_to: id('responsible caseworker'),
    opened_on: op('case history'),
    closed_on: op('case history'),
    closure_requested_by: id('closure workflow'),
    closure_requested_at: op('closure workflow'),
    closure_reason: protection('why the case closed', false),
    closure_approved_by: id('closure workflow'),
    details: protection('the case form (HTCDS, GBVIMS, best-interest, return)'),
    created_by: id('who opened it'),
    created_at: op('record history'),
    updated_at: op('record history'),
    version: op('optimistic concurrency'),
  },
  case_codes: {
    case_id: id('whose codes'),
    organisation_id: id('scope'),
    vocabulary: op('which vocabulary'),
    code: protection('coded facts of the case (e.g. forms of exploitation)'),
  },
  case_access: {
    case_id: id('which case'),
    user_id: id('who may see it'),
    granted_by: id('who allowed it'),
    granted_at: op('when'),
    reason: op('why access was given'),
  },
  case_assessments: {
    id: id('record identity'),
    case_id: id('which case'),
    organisation_id: id('scope'),
    kind: op('kind of assessment'),
    completed_on: op('when'),
    outcome: protection('assessment result'),
    details: protection('assessment answers'),
    recorded_by: id('who'),
    recorded_at: op('when'),
  },
  case_plan_items: {
    id: id('record identity'),
    case_id: id('which case'),
    organisation_id: id('scope'),
    plan_type: protection('kind of support planned', false),
    description: protection('what support is planned'),
    status: op('plan workflow'),
    created_by: id('who'),
    created_at: op('when'),
  },
  case_services: {
    id: id('record identity'),
    case_id: id('which case'),
    organisation_id: id('scope'),
    plan_item_id: id('plan link'),
    referral_id: id('referral link'),
    service_type: protection('kind of service delivered', false),
    delivered_on: op('when'),
    provider_organisation_id: id('who delivered'),
    value_minor: op('cost of assistance'),
    currency: op('cost of assistance'),
    description: protection('what was delivered'),
    recorded_by: id('who'),
    recorded_at: op('when'),
  },
  case_notes: {
    id: id('record identity'),
    case_id: id('which case'),
    organisation_id: id('scope'),
    body: protection('caseworker notes'),
    author: id('who'),
    created_at: op('when'),
  },
  case_tasks: {
    id: id('record identity'),
    case_id: id('which case'),
    organisation_id: id('scope'),
    title: protection('task', false),
    due_on: op('deadline'),
    assigned_to: id('who does it'),
    done_at: op('completion'),
    created_by: id('who'),
    created_at: op('when'),
  },
  referrals: {
    id: id('record identity'),
    case_id: id('which case'),
    beneficiary_id: id('whose referral'),
    from_organisation_id: id('referring organisation'),
    to_organisation_id: id('receiving organisation'),
    service_type: protection('service asked for', false),
    reason: op('referral reason (HTCDS)'),
    status: op('referral workflow'),
    message: protection('message to the receiver'),
    shared_data: protection('the minimal data set shared with the receiver'),
    due_on: op('deadline'),
    sent_by: id('who'),
    sent_at: op('when'),
    responded_by: id('who answered'),
    responded_at: op('when'),
    decline_reason: op('why declined'),
    outcome: protection('what the receiver reports back', false),
    closed_at: op('when closed'),
    version: op('optimistic concurrency'),
  },
  import_keys: {
    organisation_id: id('importing organisation'),
    record_type: op('kind of record imported'),
    // The source's own row id (often another system's case number) or a keyed hash of the row: pseudonymous,
    // but personal. Deleted with the record it points to.
    source_key: person('beneficiary_identity', 'recognise a row imported before (no duplicates on re-import)'),
    record_id: id('the record the row became'),
    row_hash: person('beneficiary_identity', 'tell a changed row from an unchanged one (keyed hash)'),
    created_at: op('record history'),
    updated_at: op('record history'),
  },
};
