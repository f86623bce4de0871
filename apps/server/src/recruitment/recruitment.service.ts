import { randomBytes, randomUUID } from 'node:crypto';
import type {
  CreateRecruiter,
  RecruiterCertStatus,
  RecruiterListQuery,
  SelfAssessment,
  UpdateRecruiter,
} from '@corridor/contracts';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { type AuditActor, actorOf, recordAudit } from '../audit/audit.service.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { lockRowForUpdate } from '../db/dialects/index.ts';
import type { DB } from '../db/schema.ts';
import { DomainError, invalidField, notFound } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { CRITERIA, criterionOf } from './iris.ts';
import { bumpRegister, publicRegister, searchRegister } from './public-register.ts';
import {
  assertOfficer,
  assertRead,
  assertRecruiterSide,
  isCertAuditor,
  isOfficer,
  isRecruiterSide,
} from './recruitment.policy.ts';
import type {
  AuditFindingRow,
  CertificationAuditRow,
  CertificationRow,
  RecruiterRow,
  RecruiterTable,
} from './recruitment.table.ts';

// ---------------------------------------------------------------------------------------------------------------
// Search keys and list columns

/** Lower case, accents and marks stripped, Arabic letter variants unified, spaces collapsed: for look-ups. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // alef forms -> alef
    .replace(/\u0649/g, '\u064a') // alef maksura -> yeh
    .replace(/\u0640/g, '') // tatweel
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A licence number as compared: upper case, without spaces, dots, dashes, slashes or underscores. */
export const foldLicence = (s: string): string =>
  s
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s./_-]+/g, '');

const codes = (list: readonly string[]): string => (list.length ? ` ${[...new Set(list)].join(' ')} ` : ' ');
const uncodes = (s: string): string[] => s.trim().split(' ').filter(Boolean);
const corridorCodes = (list: readonly { origin: string; destination: string }[]) =>
  codes(list.map((c) => `${c.origin}>${c.destination}`));
const uncorridors = (s: string) =>
  uncodes(s).map((c) => {
    const [origin = '', destination = ''] = c.split('>');
    return { origin, destination };
  });
/** Escapes LIKE wildcards (the patterns use ESCAPE '\'). */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const addMonths = (d: Date, months: number) => {
  const x = new Date(d.getTime());
  x.setUTCMonth(x.getUTCMonth() + months);
  return x;
};

const ACTIVE_CYCLE = new Set(['applied', 'self_assessed', 'in_audit', 'audited', 'suspended']);

/** The status a recruiter shows: its current certification's, or `expired` once a certificate has run out. */
export function effectiveStatus(
  r: Pick<RecruiterRow, 'cert_status' | 'cert_expires_at'>,
  now: Date,
): RecruiterCertStatus {
  if (r.cert_status === 'certified' && r.cert_expires_at && Date.parse(r.cert_expires_at) <= now.getTime())
    return 'expired';
  return r.cert_status as RecruiterCertStatus;
}

// ---------------------------------------------------------------------------------------------------------------
// Presenters

export function presentRecruiter(r: RecruiterRow, now: Date) {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    name: r.name,
    licenceNumber: r.licence_number,
    licensingAuthority: r.licensing_authority,
    licenceCountry: r.licence_country.trim(),
    licenceExpiresOn: r.licence_expires_on,
    countries: uncodes(r.countries),
    corridors: uncorridors(r.corridors),
    sectors: uncodes(r.sectors),
    employers: JSON.parse(r.employers) as string[],
    status: effectiveStatus(r, now),
    certificateNumber: r.cert_number,
    certificateExpiresAt: iso(r.cert_expires_at),
    statusReason: r.cert_reason,
    demo: Boolean(r.demo),
    updatedAt: iso(r.updated_at)!,
    version: r.version,
  };
}

/** Timestamps come back as Date objects from PostgreSQL and ISO text from SQLite. */
function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
}

function presentFinding(f: AuditFindingRow, now: Date) {
  return {
    id: f.id,
    auditId: f.audit_id,
    principle: f.principle as 'A',
    criterion: f.criterion,
    severity: f.severity as 'major',
    description: f.description,
    status: f.status as 'open',
    actionPlan: f.action_plan,
    actionDueOn: f.action_due_on,
    actionOverdue: f.status !== 'closed' && f.action_due_on !== null && f.action_due_on < dayOf(now),
    evidence: f.evidence,
    verifiedAt: iso(f.verified_at),
    verificationNote: f.verification_note,
    createdAt: iso(f.created_at)!,
  };
}

function presentCertification(c: CertificationRow, now: Date) {
  return {
    id: c.id,
    status: c.status as 'applied',
    expired: c.status === 'certified' && c.expires_at !== null && Date.parse(iso(c.expires_at)!) <= now.getTime(),
    appliedAt: iso(c.applied_at)!,
    selfAssessment: c.self_assessment ? JSON.parse(c.self_assessment) : null,
    selfAssessedAt: iso(c.self_assessed_at),
    decidedAt: iso(c.decided_at),
    decisionReason: c.decision_reason,
    certificateNumber: c.certificate_number,
    issuedAt: iso(c.issued_at),
    expiresAt: iso(c.expires_at),
    suspendedAt: iso(c.suspended_at),
    withdrawnAt: iso(c.withdrawn_at),
    statusReason: c.status_reason,
    version: c.version,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** A write in progress: the transaction, its engine, the caller and the time. */
export type Act = { trx: Trx; engine: Engine; p: Principal; now: Date };

async function recruiterById(db: Db, id: string): Promise<RecruiterRow | undefined> {
  return db.selectFrom('recruiters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The recruiter if the caller may see it, else 404. */
export async function readableRecruiter(db: Db, p: Principal, id: string): Promise<RecruiterRow> {
  const r = await recruiterById(db, id);
  assertRead(p, r);
  return r;
}

/**
 * For the grievances context, which hands a worker's identity over only to a protection organisation: the
 * organisations that are labour recruiters of the register, and among them those a grievance is about (its linked
 * recruiter, the recruiter with the licence number it gives, or one of the name it gives, compared folded).
 */
export async function recruiterOrganisations(
  db: Db,
  about: { recruiterId: string | null; licence: string | null; name: string | null },
): Promise<{ all: Set<string>; named: Set<string> }> {
  const all = await db.selectFrom('recruiters').select('organisation_id').distinct().execute();
  const licence = about.licence ? foldLicence(about.licence) : '';
  const name = about.name ? foldForSearch(about.name) : '';
  const named =
    about.recruiterId || licence || name
      ? await db
          .selectFrom('recruiters')
          .select('organisation_id')
          .where((eb) =>
            eb.or([
              // (ids are uuids on PostgreSQL: an empty one is never compared)
              ...(about.recruiterId ? [eb('id', '=', about.recruiterId)] : []),
              ...(licence ? [eb('licence_folded', '=', licence)] : []),
              ...(name ? [eb('name_folded', '=', name)] : []),
            ]),
          )
          .execute()
      : [];
  return { all: new Set(all.map((r) => r.organisation_id)), named: new Set(named.map((r) => r.organisation_id)) };
}

type RecruiterQuery = SelectQueryBuilder<DB, 'recruiters', object>;

function applyFilters(
  qb: RecruiterQuery,
  f: {
    q?: string | undefined;
    status?: string | undefined;
    country?: string | undefined;
    destination?: string | undefined;
    sector?: string | undefined;
  },
  now: Date,
): RecruiterQuery {
  let out = qb;
  if (f.q) {
    const name = `%${likeEscape(foldForSearch(f.q))}%`;
    const lic = `${likeEscape(foldLicence(f.q))}%`;
    out = out.where(sql<boolean>`(name_folded like ${name} escape '\\' or licence_folded like ${lic} escape '\\')`);
  }
  const nowIso = now.toISOString();
  if (f.status === 'expired') out = out.where('cert_status', '=', 'certified').where('cert_expires_at', '<=', nowIso);
  else if (f.status === 'certified')
    out = out.where('cert_status', '=', 'certified').where('cert_expires_at', '>', nowIso);
  else if (f.status) out = out.where('cert_status', '=', f.status);
  if (f.country) out = out.where('countries', 'like', `% ${f.country} %`);
  if (f.destination) out = out.where('corridors', 'like', `%>${f.destination} %`);
  if (f.sector) out = out.where('sectors', 'like', `% ${f.sector} %`);
  return out;
}

/** Recruiters the caller may see, filtered, by name. */
export async function listRecruiters(db: Db, p: Principal, q: RecruiterListQuery, now: Date) {
  let base: RecruiterQuery = db.selectFrom('recruiters');
  if (!isOfficer(p) && !isCertAuditor(p)) base = base.where('organisation_id', '=', p.organisationId);
  base = applyFilters(base, q, now);
  const total = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('name_folded').orderBy('id').limit(q.limit).offset(q.offset).execute();
  return { items: rows.map((r) => presentRecruiter(r, now)), total: Number(total.n) };
}

/** Everything about one recruiter's certification, for its page. */
export async function recruiterDetail(db: Db, p: Principal, id: string, now: Date) {
  const r = await readableRecruiter(db, p, id);
  const org = await db
    .selectFrom('organisations')
    .select(['id', 'code', 'name'])
    .where('id', '=', r.organisation_id)
    .executeTakeFirstOrThrow();
  const certs = await db
    .selectFrom('certifications')
    .selectAll()
    .where('recruiter_id', '=', id)
    .orderBy('applied_at', 'desc')
    .execute();
  const audits = await db
    .selectFrom('certification_audits as a')
    .leftJoin('users as u', 'u.id', 'a.auditor_user_id')
    .selectAll('a')
    .select('u.display_name as auditor_name')
    .where('a.recruiter_id', '=', id)
    .orderBy('a.created_at', 'desc')
    .execute();
  const findings = await db
    .selectFrom('audit_findings')
    .selectAll()
    .where('recruiter_id', '=', id)
    .orderBy('created_at')
    .execute();
  const events = await db
    .selectFrom('certification_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .selectAll('e')
    .select('u.display_name as actor_name')
    .where('e.recruiter_id', '=', id)
    .orderBy('e.seq')
    .execute();
  const current = certs[0];
  const recruiterSide = isRecruiterSide(p, r);
  return {
    recruiter: presentRecruiter(r, now),
    organisation: org,
    certifications: certs.map((c) => presentCertification(c, now)),
    audits: audits.map((a) => ({
      ...presentAudit(a, r.name, a.auditor_name),
      findings: findings.filter((f) => f.audit_id === a.id).map((f) => presentFinding(f, now)),
    })),
    events: events.map((e) => ({
      id: e.id,
      event: e.event,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      certificationId: e.certification_id,
      auditId: e.audit_id,
      findingId: e.finding_id,
      actor: e.actor_name ?? null,
      at: iso(e.at)!,
    })),
    can: {
      edit: recruiterSide || isOfficer(p),
      apply: (recruiterSide || isOfficer(p)) && mayApply(current, now),
      actAsRecruiter: recruiterSide,
      officer: isOfficer(p),
      auditor: isCertAuditor(p),
    },
  };
}

function presentAudit(a: CertificationAuditRow, recruiterName: string, auditorName: string | null) {
  return {
    id: a.id,
    recruiterId: a.recruiter_id,
    recruiterName,
    certificationId: a.certification_id,
    kind: a.kind as 'initial',
    status: a.status as 'scheduled',
    auditor: a.auditor_user_id ? { id: a.auditor_user_id, displayName: auditorName ?? '' } : null,
    scheduledFor: a.scheduled_for,
    completedAt: iso(a.completed_at),
    summary: a.summary,
    reason: a.reason,
    source: a.source,
    sourceRef: a.source_ref,
    createdAt: iso(a.created_at)!,
  };
}

/** Audits for the worklist: an auditor's own assignments, or (officers) every audit. */
export async function auditWorklist(
  db: Db,
  p: Principal,
  f: { status?: string | undefined; mine?: string | undefined },
  now: Date,
) {
  let q = db
    .selectFrom('certification_audits as a')
    .innerJoin('recruiters as r', 'r.id', 'a.recruiter_id')
    .leftJoin('users as u', 'u.id', 'a.auditor_user_id')
    .selectAll('a')
    .select(['r.name as recruiter_name', 'u.display_name as auditor_name']);
  if (!isOfficer(p) || f.mine === 'true') q = q.where('a.auditor_user_id', '=', p.userId);
  if (f.status) q = q.where('a.status', '=', f.status);
  const rows = await q.orderBy('a.scheduled_for').orderBy('a.created_at').limit(500).execute();
  const ids = rows.map((r) => r.id);
  const findings = ids.length
    ? await db.selectFrom('audit_findings').selectAll().where('audit_id', 'in', ids).orderBy('created_at').execute()
    : [];
  return rows.map((a) => ({
    ...presentAudit(a, a.recruiter_name, a.auditor_name),
    findings: findings.filter((x) => x.audit_id === a.id).map((x) => presentFinding(x, now)),
  }));
}

/** Users who may be assigned an audit (certification auditors, enabled). */
export async function listCertificationAuditors(db: Db) {
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.display_name as displayName', 'o.name as organisationName'])
    .where('r.role', '=', 'certification_auditor')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.display_name')
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// The registry

async function logEvent(
  a: Act | { trx: Trx; now: Date; actorUserId: string | null },
  e: {
    recruiterId: string;
    event: string;
    certificationId?: string | null;
    auditId?: string | null;
    findingId?: string | null;
    from?: string | null;
    to?: string | null;
    note?: string | null;
  },
): Promise<void> {
  const last = await a.trx
    .selectFrom('certification_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('recruiter_id', '=', e.recruiterId)
    .executeTakeFirst();
  await a.trx
    .insertInto('certification_events')
    .values({
      id: randomUUID(),
      recruiter_id: e.recruiterId,
      seq: Number(last?.seq ?? 0) + 1,
      certification_id: e.certificationId ?? null,
      audit_id: e.auditId ?? null,
      finding_id: e.findingId ?? null,
      event: e.event,
      from_status: e.from ?? null,
      to_status: e.to ?? null,
      note: e.note ?? null,
      actor_user_id: 'p' in a ? a.p.userId : a.actorUserId,
      at: a.now.toISOString(),
    })
    .execute();
}

async function audit(
  a: Act,
  action: string,
  r: Pick<RecruiterRow, 'id' | 'organisation_id'>,
  details: Record<string, unknown>,
) {
  await recordAudit(
    a.trx,
    a.engine,
    actorOf(a.p),
    { action, entityType: 'recruiter', entityId: r.id, organisationId: r.organisation_id, details },
    a.now,
  );
}

function registryColumns(
  f: Partial<CreateRecruiter>,
): Partial<Omit<RecruiterTable, 'id' | 'organisation_id' | 'version'>> {
  const out: Partial<Omit<RecruiterTable, 'id' | 'organisation_id' | 'version'>> = {};
  if (f.name !== undefined) {
    out.name = f.name;
    out.name_folded = foldForSearch(f.name);
  }
  if (f.licenceNumber !== undefined) {
    out.licence_number = f.licenceNumber;
    out.licence_folded = foldLicence(f.licenceNumber);
    if (!out.licence_folded)
      throw new DomainError('validation_failed', 'The licence number has no letters or digits.', {
        errors: [
          { location: 'body', pointer: '/licenceNumber', message: 'must contain letters or digits', code: 'custom' },
        ],
      });
  }
  if (f.licensingAuthority !== undefined) out.licensing_authority = f.licensingAuthority;
  if (f.licenceCountry !== undefined) out.licence_country = f.licenceCountry;
  if (f.licenceExpiresOn !== undefined) out.licence_expires_on = f.licenceExpiresOn;
  if (f.countries !== undefined) out.countries = codes(f.countries);
  if (f.corridors !== undefined) out.corridors = corridorCodes(f.corridors);
  if (f.sectors !== undefined) out.sectors = codes(f.sectors);
  if (f.employers !== undefined) out.employers = JSON.stringify(f.employers);
  return out;
}

/** Registers a recruiter for a private-sector organisation (certifying body). */
export async function createRecruiter(a: Act, input: CreateRecruiter, demo = false): Promise<RecruiterRow> {
  assertOfficer(a.p);
  const org = await a.trx
    .selectFrom('organisations')
    .select(['id', 'kind'])
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!org) throw new DomainError('invalid_reference', 'The organisation does not exist.');
  if (org.kind !== 'private_sector')
    throw new DomainError('invalid_reference', 'A recruiter must be an organisation of kind private_sector.');
  const taken = await a.trx
    .selectFrom('recruiters')
    .select('id')
    .where('organisation_id', '=', org.id)
    .executeTakeFirst();
  if (taken) throw new DomainError('conflict', 'This organisation is already registered as a recruiter.');
  const nowIso = a.now.toISOString();
  const row = {
    id: randomUUID(),
    organisation_id: org.id,
    ...(registryColumns(input) as Required<ReturnType<typeof registryColumns>>),
    cert_status: 'none',
    cert_number: null,
    cert_expires_at: null,
    cert_changed_at: null,
    cert_reason: null,
    demo: demo ? 1 : 0,
    created_at: nowIso,
    updated_at: nowIso,
    version: 1,
  };
  await a.trx.insertInto('recruiters').values(row).execute();
  await bumpRegister(a.trx);
  await logEvent(a, { recruiterId: row.id, event: 'registered', to: 'none' });
  await audit(a, 'recruiter.create', row, { licenceCountry: input.licenceCountry });
  return (await recruiterById(a.trx, row.id))!;
}

/** Changes a recruiter's registry facts (officers, or the recruiter's own staff); optimistic concurrency. */
export async function updateRecruiter(a: Act, id: string, version: number, patch: UpdateRecruiter): Promise<void> {
  const r = await readableRecruiter(a.trx, a.p, id);
  assertRecruiterSide(a.p, r, true);
  if (r.version !== version)
    throw new DomainError('precondition_failed', 'The recruiter was changed meanwhile; reload.');
  const set = registryColumns(patch);
  const res = await a.trx
    .updateTable('recruiters')
    .set({ ...set, updated_at: a.now.toISOString(), version: r.version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw new DomainError('precondition_failed', 'The recruiter was changed meanwhile; reload.');
  await bumpRegister(a.trx);
  await logEvent(a, { recruiterId: id, event: 'registry_updated', note: Object.keys(patch).sort().join(', ') });
  await audit(a, 'recruiter.update', r, { fields: Object.keys(patch).sort() });
}

// ---------------------------------------------------------------------------------------------------------------
// The certification state machine

/** The refusal of a step on a certificate past its expiry (the web words it in the page's language). */
const CERTIFICATE_EXPIRED = 'The certificate has expired; the recruiter must apply again.';
/** The refusal of a second audit for cause while one is open (the web words it: recruitment/refusals.ts). */
const FOR_CAUSE_OPEN =
  'An audit for cause of this recruiter is already requested or scheduled; complete it before requesting another.';

function refuse(detail: string): never {
  throw new DomainError('invalid_transition', detail);
}

function mayApply(current: CertificationRow | undefined, now: Date): boolean {
  if (!current) return true;
  if (current.status === 'certified') return Date.parse(iso(current.expires_at)!) <= now.getTime();
  return !ACTIVE_CYCLE.has(current.status);
}

async function certificationById(db: Db, id: string) {
  const c = await db.selectFrom('certifications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('certification');
  return c;
}

/** The certification and its recruiter, if the caller may see them (else 404). */
async function readableCertification(a: Act, id: string) {
  const c = await a.trx.selectFrom('certifications').selectAll().where('id', '=', id).executeTakeFirst();
  const r = c ? await recruiterById(a.trx, c.recruiter_id) : undefined;
  if (!c || !r) throw notFound('certification');
  try {
    assertRead(a.p, r);
  } catch {
    throw notFound('certification');
  }
  return { c, r };
}

/** Copies the certification's public facts onto the recruiter (what the public look-up reads). */
async function syncRecruiter(a: { trx: Trx; now: Date }, recruiterId: string, certificationId: string) {
  const c = await certificationById(a.trx, certificationId);
  await a.trx
    .updateTable('recruiters')
    .set((eb) => ({
      cert_status: c.status,
      cert_number: c.certificate_number,
      cert_expires_at: c.expires_at === null ? null : iso(c.expires_at),
      cert_changed_at: a.now.toISOString(),
      cert_reason: c.status === 'suspended' || c.status === 'withdrawn' ? c.status_reason : null,
      updated_at: a.now.toISOString(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', recruiterId)
    .execute();
  await bumpRegister(a.trx);
}

/** Moves a certification from one status to another, refusing if someone else moved it meanwhile. */
async function move(
  a: Act,
  c: CertificationRow,
  to: string,
  set: Partial<Omit<CertificationRow, 'id' | 'recruiter_id' | 'version'>>,
  event: string,
  note: string | null = null,
) {
  const res = await a.trx
    .updateTable('certifications')
    .set({ ...set, status: to, updated_at: a.now.toISOString(), version: c.version + 1 })
    .where('id', '=', c.id)
    .where('status', '=', c.status)
    .where('version', '=', c.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) refuse('The certification changed meanwhile; reload and try again.');
  await syncRecruiter(a, c.recruiter_id, c.id);
  await logEvent(a, { recruiterId: c.recruiter_id, certificationId: c.id, event, from: c.status, to, note });
}

/** A recruiter applies for certification (its staff, or an officer on its behalf). */
export async function applyForCertification(a: Act, recruiterId: string): Promise<string> {
  const r = await readableRecruiter(a.trx, a.p, recruiterId);
  assertRecruiterSide(a.p, r, true);
  const current = await a.trx
    .selectFrom('certifications')
    .selectAll()
    .where('recruiter_id', '=', recruiterId)
    .orderBy('applied_at', 'desc')
    .executeTakeFirst();
  if (!mayApply(current, a.now))
    refuse(
      `The recruiter already has a certification that is ${current!.status}; a new application is possible once it is refused, withdrawn or expired.`,
    );
  const id = randomUUID();
  const nowIso = a.now.toISOString();
  await a.trx
    .insertInto('certifications')
    .values({
      id,
      recruiter_id: recruiterId,
      status: 'applied',
      applied_at: nowIso,
      applied_by: a.p.userId,
      self_assessment: null,
      self_assessed_at: null,
      decided_at: null,
      decided_by: null,
      decision_reason: null,
      certificate_number: null,
      issued_at: null,
      expires_at: null,
      suspended_at: null,
      withdrawn_at: null,
      status_reason: null,
      created_at: nowIso,
      updated_at: nowIso,
      version: 1,
    })
    .execute();
  await syncRecruiter(a, recruiterId, id);
  await logEvent(a, {
    recruiterId,
    certificationId: id,
    event: 'applied',
    from: current?.status ?? null,
    to: 'applied',
  });
  await audit(a, 'certification.apply', r, { certificationId: id });
  return id;
}

/** The recruiter's self-assessment against every criterion; moves applied -> self_assessed. */
export async function submitSelfAssessment(a: Act, certificationId: string, s: SelfAssessment): Promise<string> {
  const { c, r } = await readableCertification(a, certificationId);
  assertRecruiterSide(a.p, r);
  if (c.status !== 'applied')
    refuse(`The self-assessment is submitted once, right after applying; this certification is ${c.status}.`);
  const unknown = Object.keys(s.answers).filter((k) => !criterionOf(k));
  if (unknown.length)
    throw new DomainError('validation_failed', 'Some criteria do not exist.', {
      errors: unknown.map((k) => ({
        location: 'body',
        pointer: `/answers/${k}`,
        message: 'unknown criterion',
        code: 'custom',
      })),
    });
  const missing = CRITERIA.filter((x) => !(x.code in s.answers)).map((x) => x.code);
  if (missing.length)
    throw new DomainError('validation_failed', `Answer every criterion; missing: ${missing.join(', ')}.`, {
      errors: missing.map((k) => ({ location: 'body', pointer: `/answers/${k}`, message: 'required', code: 'custom' })),
    });
  await move(
    a,
    c,
    'self_assessed',
    { self_assessment: JSON.stringify(s.answers), self_assessed_at: a.now.toISOString() },
    'self_assessed',
  );
  await audit(a, 'certification.self_assess', r, { certificationId: c.id });
  return r.id;
}

async function assertAuditorUser(a: Act, userId: string, recruiter: RecruiterRow) {
  const u = await a.trx
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.organisation_id', 'u.disabled_at'])
    .where('u.id', '=', userId)
    .where('r.role', '=', 'certification_auditor')
    .executeTakeFirst();
  if (!u || u.disabled_at)
    throw new DomainError('invalid_reference', 'The auditor is not an active certification auditor.');
  if (u.organisation_id === recruiter.organisation_id)
    throw new DomainError('invalid_reference', 'An auditor may not audit their own organisation.');
}

/** Schedules an initial audit (self_assessed -> in_audit) or a surveillance audit of a live certificate. */
export async function scheduleAudit(
  a: Act,
  certificationId: string,
  s: { kind: 'initial' | 'surveillance'; auditorUserId: string; scheduledFor: string },
): Promise<string> {
  assertOfficer(a.p);
  // (an audit is planned ahead: a day already gone would be overdue the moment it is scheduled)
  if (s.scheduledFor < dayOf(a.now)) throw invalidField('/scheduledFor', 'must be today or later', 'not_past');
  const { c, r } = await readableCertification(a, certificationId);
  if (s.kind === 'initial' && c.status !== 'self_assessed')
    refuse(`An initial audit follows the self-assessment; this certification is ${c.status}.`);
  if (s.kind === 'surveillance') {
    if (c.status !== 'certified' && c.status !== 'suspended')
      refuse(`A surveillance audit is for a certified or suspended recruiter; this certification is ${c.status}.`);
    // Past its expiry date a certificate is over, suspended or not: there is no period left to survey.
    if (Date.parse(iso(c.expires_at)!) <= a.now.getTime()) refuse(CERTIFICATE_EXPIRED);
    // One open surveillance audit at a time: a second would audit the same period twice. (The recruiter's row is
    // locked first, so that two officers scheduling at once cannot both find none open.)
    await lockRowForUpdate(a.trx, a.engine, 'recruiters', r.id);
    const open = await a.trx
      .selectFrom('certification_audits')
      .select('id')
      .where('recruiter_id', '=', r.id)
      .where('kind', '=', 'surveillance')
      .where('status', 'in', ['requested', 'scheduled'])
      .executeTakeFirst();
    if (open)
      throw new DomainError(
        'conflict',
        'A surveillance audit of this recruiter is already scheduled; complete it before scheduling another.',
      );
  }
  await assertAuditorUser(a, s.auditorUserId, r);
  const id = randomUUID();
  const nowIso = a.now.toISOString();
  await a.trx
    .insertInto('certification_audits')
    .values({
      id,
      recruiter_id: r.id,
      certification_id: c.id,
      kind: s.kind,
      status: 'scheduled',
      auditor_user_id: s.auditorUserId,
      scheduled_for: s.scheduledFor,
      completed_at: null,
      summary: null,
      reason: null,
      source: 'officer',
      source_ref: null,
      requested_by: a.p.userId,
      created_at: nowIso,
      updated_at: nowIso,
      version: 1,
    })
    .execute();
  if (s.kind === 'initial') await move(a, c, 'in_audit', {}, 'audit_scheduled');
  else await logEvent(a, { recruiterId: r.id, certificationId: c.id, auditId: id, event: 'surveillance_scheduled' });
  await audit(a, 'certification.audit_schedule', r, { auditId: id, kind: s.kind, auditorUserId: s.auditorUserId });
  return r.id;
}

/**
 * Requests an audit "for cause" of a recruiter, e.g. after a worker's grievance: an audit with status `requested`
 * (no auditor yet), attached to the recruiter's current certification if any, that a certification officer then
 * assigns (assignAudit). For other contexts (grievances): the CALLER checks who may ask; this records the request,
 * its event and an audit-log entry in the caller's transaction, and returns the audit id.
 */
export async function requestRecruiterAudit(
  trx: Trx,
  engine: Engine,
  actor: AuditActor,
  recruiterId: string,
  req: { reason: string; source: 'grievance' | 'officer'; sourceRef?: string | null },
  now: Date,
): Promise<string> {
  const r = await recruiterById(trx, recruiterId);
  if (!r) throw notFound('recruiter');
  // One audit for cause at a time: while one is requested or scheduled, a second would only send an auditor to the
  // same recruiter twice. (The row lock makes two requests at once wait for each other rather than both find none
  // open.)
  await lockRowForUpdate(trx, engine, 'recruiters', recruiterId);
  const open = await trx
    .selectFrom('certification_audits')
    .select('id')
    .where('recruiter_id', '=', recruiterId)
    .where('kind', '=', 'for_cause')
    .where('status', 'in', ['requested', 'scheduled'])
    .executeTakeFirst();
  if (open) throw new DomainError('conflict', FOR_CAUSE_OPEN);
  const current = await trx
    .selectFrom('certifications')
    .select('id')
    .where('recruiter_id', '=', recruiterId)
    .orderBy('applied_at', 'desc')
    .executeTakeFirst();
  const id = randomUUID();
  const nowIso = now.toISOString();
  await trx
    .insertInto('certification_audits')
    .values({
      id,
      recruiter_id: recruiterId,
      certification_id: current?.id ?? null,
      kind: 'for_cause',
      status: 'requested',
      auditor_user_id: null,
      scheduled_for: null,
      completed_at: null,
      summary: null,
      reason: req.reason,
      source: req.source,
      source_ref: req.sourceRef ?? null,
      requested_by: actor.userId,
      created_at: nowIso,
      updated_at: nowIso,
      version: 1,
    })
    .execute();
  await logEvent(
    { trx, now, actorUserId: actor.userId },
    { recruiterId, certificationId: current?.id ?? null, auditId: id, event: 'audit_requested', note: req.reason },
  );
  await recordAudit(
    trx,
    engine,
    actor,
    {
      action: 'certification.audit_request',
      entityType: 'recruiter',
      entityId: recruiterId,
      organisationId: r.organisation_id,
      details: { auditId: id, source: req.source, sourceRef: req.sourceRef ?? null },
    },
    now,
  );
  return id;
}

async function auditById(a: Act, id: string) {
  const au = await a.trx.selectFrom('certification_audits').selectAll().where('id', '=', id).executeTakeFirst();
  const r = au ? await recruiterById(a.trx, au.recruiter_id) : undefined;
  if (!au || !r) throw notFound('audit');
  try {
    assertRead(a.p, r);
  } catch {
    throw notFound('audit');
  }
  return { au, r };
}

async function moveAudit(a: Act, au: CertificationAuditRow, set: Partial<CertificationAuditRow>) {
  const res = await a.trx
    .updateTable('certification_audits')
    .set({ ...set, updated_at: a.now.toISOString(), version: au.version + 1 })
    .where('id', '=', au.id)
    .where('version', '=', au.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) refuse('The audit changed meanwhile; reload and try again.');
}

/** Assigns an auditor and a date to a requested (for-cause) audit: requested -> scheduled. */
export async function assignAudit(a: Act, auditId: string, s: { auditorUserId: string; scheduledFor: string }) {
  assertOfficer(a.p);
  if (s.scheduledFor < dayOf(a.now)) throw invalidField('/scheduledFor', 'must be today or later', 'not_past');
  const { au, r } = await auditById(a, auditId);
  if (au.status !== 'requested') refuse(`Only a requested audit is assigned; this audit is ${au.status}.`);
  await assertAuditorUser(a, s.auditorUserId, r);
  await moveAudit(a, au, { status: 'scheduled', auditor_user_id: s.auditorUserId, scheduled_for: s.scheduledFor });
  await logEvent(a, { recruiterId: r.id, certificationId: au.certification_id, auditId, event: 'audit_assigned' });
  await audit(a, 'certification.audit_assign', r, { auditId, auditorUserId: s.auditorUserId });
  return r.id;
}

function assertAssignedAuditor(a: Act, au: CertificationAuditRow) {
  if (au.auditor_user_id !== a.p.userId || !isCertAuditor(a.p))
    throw new DomainError('forbidden', 'Only the auditor assigned to this audit may do this.');
}

/** The assigned auditor records a finding against a criterion, while the audit is scheduled. */
export async function recordFinding(
  a: Act,
  auditId: string,
  f: { criterion: string; severity: 'major' | 'minor' | 'observation'; description: string },
) {
  const { au, r } = await auditById(a, auditId);
  assertAssignedAuditor(a, au);
  if (au.status !== 'scheduled') refuse(`Findings are recorded during the audit; this audit is ${au.status}.`);
  const crit = criterionOf(f.criterion);
  if (!crit)
    throw new DomainError('validation_failed', 'Unknown criterion.', {
      errors: [{ location: 'body', pointer: '/criterion', message: 'not an IRIS criterion', code: 'custom' }],
    });
  const id = randomUUID();
  const nowIso = a.now.toISOString();
  await a.trx
    .insertInto('audit_findings')
    .values({
      id,
      audit_id: au.id,
      recruiter_id: r.id,
      principle: crit.principle,
      criterion: crit.code,
      severity: f.severity,
      description: f.description,
      status: 'open',
      action_plan: null,
      action_due_on: null,
      action_planned_at: null,
      evidence: null,
      evidence_at: null,
      verified_at: null,
      verified_by: null,
      verification_note: null,
      created_by: a.p.userId,
      created_at: nowIso,
      updated_at: nowIso,
      version: 1,
    })
    .execute();
  await logEvent(a, {
    recruiterId: r.id,
    certificationId: au.certification_id,
    auditId,
    findingId: id,
    event: 'finding_recorded',
    note: `${crit.code} ${f.severity}`,
  });
  await audit(a, 'certification.finding', r, { auditId, findingId: id, criterion: crit.code, severity: f.severity });
  return r.id;
}

/** The assigned auditor completes the audit; an initial audit moves its certification in_audit -> audited. */
export async function completeAudit(a: Act, auditId: string, summary: string) {
  const { au, r } = await auditById(a, auditId);
  assertAssignedAuditor(a, au);
  if (au.status !== 'scheduled') refuse(`Only a scheduled audit is completed; this audit is ${au.status}.`);
  await moveAudit(a, au, { status: 'completed', completed_at: a.now.toISOString(), summary });
  await logEvent(a, { recruiterId: r.id, certificationId: au.certification_id, auditId, event: 'audit_completed' });
  if (au.kind === 'initial' && au.certification_id) {
    const c = await certificationById(a.trx, au.certification_id);
    if (c.status === 'in_audit') await move(a, c, 'audited', {}, 'audited');
  }
  await audit(a, 'certification.audit_complete', r, { auditId, kind: au.kind });
  return r.id;
}

async function findingById(a: Act, id: string) {
  const f = await a.trx.selectFrom('audit_findings').selectAll().where('id', '=', id).executeTakeFirst();
  const r = f ? await recruiterById(a.trx, f.recruiter_id) : undefined;
  if (!f || !r) throw notFound('finding');
  try {
    assertRead(a.p, r);
  } catch {
    throw notFound('finding');
  }
  const au = await a.trx
    .selectFrom('certification_audits')
    .selectAll()
    .where('id', '=', f.audit_id)
    .executeTakeFirstOrThrow();
  return { f, r, au };
}

async function moveFinding(a: Act, f: AuditFindingRow, set: Partial<AuditFindingRow>) {
  const res = await a.trx
    .updateTable('audit_findings')
    .set({ ...set, updated_at: a.now.toISOString(), version: f.version + 1 })
    .where('id', '=', f.id)
    .where('version', '=', f.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) refuse('The finding changed meanwhile; reload and try again.');
}

/** The recruiter sets (or revises) the corrective action for a finding, with a deadline. */
export async function planCorrectiveAction(a: Act, findingId: string, plan: string, dueOn: string) {
  const { f, r, au } = await findingById(a, findingId);
  assertRecruiterSide(a.p, r);
  if (f.status !== 'open' && f.status !== 'action_planned')
    refuse(`A corrective action is planned for an open finding; this finding is ${f.status}.`);
  if (dueOn < dayOf(a.now)) throw invalidField('/dueOn', 'must be today or later', 'not_past');
  await moveFinding(a, f, {
    status: 'action_planned',
    action_plan: plan,
    action_due_on: dueOn,
    action_planned_at: a.now.toISOString(),
  });
  await logEvent(a, {
    recruiterId: r.id,
    certificationId: au.certification_id,
    auditId: au.id,
    findingId,
    event: 'action_planned',
    from: f.status,
    to: 'action_planned',
    note: `due ${dueOn}`,
  });
  await audit(a, 'certification.action_plan', r, { findingId, dueOn });
  return r.id;
}

/** The recruiter reports the action taken: action_planned -> action_submitted. */
export async function submitActionEvidence(a: Act, findingId: string, evidence: string) {
  const { f, r, au } = await findingById(a, findingId);
  assertRecruiterSide(a.p, r);
  if (f.status !== 'action_planned')
    refuse(`Evidence follows a planned corrective action; this finding is ${f.status}.`);
  await moveFinding(a, f, { status: 'action_submitted', evidence, evidence_at: a.now.toISOString() });
  await logEvent(a, {
    recruiterId: r.id,
    certificationId: au.certification_id,
    auditId: au.id,
    findingId,
    event: 'action_submitted',
    from: f.status,
    to: 'action_submitted',
  });
  await audit(a, 'certification.action_evidence', r, { findingId });
  return r.id;
}

/** The assigned auditor or an officer accepts the evidence (closed) or sends it back (action_planned). */
export async function verifyCorrectiveAction(a: Act, findingId: string, accepted: boolean, note: string) {
  const { f, r, au } = await findingById(a, findingId);
  const assigned = au.auditor_user_id === a.p.userId && isCertAuditor(a.p);
  if (!assigned && !isOfficer(a.p))
    throw new DomainError('forbidden', 'Only the audit’s auditor or a certification officer may verify an action.');
  if (f.status !== 'action_submitted')
    refuse(`Only a submitted corrective action is verified; this finding is ${f.status}.`);
  const to = accepted ? 'closed' : 'action_planned';
  await moveFinding(a, f, {
    status: to,
    verified_at: accepted ? a.now.toISOString() : null,
    verified_by: a.p.userId,
    verification_note: note,
  });
  await logEvent(a, {
    recruiterId: r.id,
    certificationId: au.certification_id,
    auditId: au.id,
    findingId,
    event: accepted ? 'finding_closed' : 'action_rejected',
    from: f.status,
    to,
    note,
  });
  await audit(a, 'certification.action_verify', r, { findingId, accepted });
  return r.id;
}

/** Findings of the certification's audits that still stand in the way of a certificate. */
async function blockingFindings(db: Db, certificationId: string) {
  const rows = await db
    .selectFrom('audit_findings as f')
    .innerJoin('certification_audits as a', 'a.id', 'f.audit_id')
    .select(['f.criterion', 'f.severity', 'f.status'])
    .where('a.certification_id', '=', certificationId)
    .where('f.status', '!=', 'closed')
    .execute();
  return {
    major: rows.filter((x) => x.severity === 'major').map((x) => x.criterion),
    minorWithoutPlan: rows.filter((x) => x.severity === 'minor' && x.status === 'open').map((x) => x.criterion),
  };
}

/** The certifying body decides: grant (audited, no open major finding, a plan for every minor one) or refuse. */
export async function decideCertification(
  a: Act,
  certificationId: string,
  d: { decision: 'grant' | 'refuse'; reason: string; validityMonths: number },
) {
  assertOfficer(a.p);
  const { c, r } = await readableCertification(a, certificationId);
  if (d.decision === 'grant') {
    if (c.status !== 'audited')
      refuse(`A certificate is granted after the initial audit is completed; this certification is ${c.status}.`);
    const b = await blockingFindings(a.trx, c.id);
    if (b.major.length)
      refuse(
        `No certificate while a major finding is open: ${b.major.join(', ')}. Its corrective action must be verified first.`,
      );
    if (b.minorWithoutPlan.length)
      refuse(
        `Every minor finding needs a corrective action plan with a deadline first: ${b.minorWithoutPlan.join(', ')}.`,
      );
    const number = `IRIS-${r.licence_country.trim()}-${a.now.getUTCFullYear()}-${randomBytes(3).toString('hex').toUpperCase()}`;
    await move(
      a,
      c,
      'certified',
      {
        decided_at: a.now.toISOString(),
        decided_by: a.p.userId,
        decision_reason: d.reason,
        certificate_number: number,
        issued_at: a.now.toISOString(),
        expires_at: addMonths(a.now, d.validityMonths).toISOString(),
      },
      'certified',
      d.reason,
    );
    await audit(a, 'certification.grant', r, {
      certificationId: c.id,
      certificateNumber: number,
      validityMonths: d.validityMonths,
    });
  } else {
    if (!['applied', 'self_assessed', 'audited'].includes(c.status))
      refuse(`A certification is refused before a decision and outside an audit in progress; this one is ${c.status}.`);
    await move(
      a,
      c,
      'refused',
      { decided_at: a.now.toISOString(), decided_by: a.p.userId, decision_reason: d.reason },
      'refused',
      d.reason,
    );
    await audit(a, 'certification.refuse', r, { certificationId: c.id });
  }
  return r.id;
}

/** Suspends a live certificate (certified -> suspended), with a published reason. */
export async function suspendCertification(a: Act, certificationId: string, reason: string) {
  assertOfficer(a.p);
  const { c, r } = await readableCertification(a, certificationId);
  if (c.status !== 'certified') refuse(`Only a certified recruiter is suspended; this certification is ${c.status}.`);
  if (Date.parse(iso(c.expires_at)!) <= a.now.getTime()) refuse('The certificate has already expired.');
  await move(a, c, 'suspended', { suspended_at: a.now.toISOString(), status_reason: reason }, 'suspended', reason);
  await audit(a, 'certification.suspend', r, { certificationId: c.id });
  return r.id;
}

/** Lifts a suspension (suspended -> certified) once no major finding is open. */
export async function reinstateCertification(a: Act, certificationId: string, reason: string) {
  assertOfficer(a.p);
  const { c, r } = await readableCertification(a, certificationId);
  if (c.status !== 'suspended') refuse(`Only a suspended certification is reinstated; this one is ${c.status}.`);
  if (Date.parse(iso(c.expires_at)!) <= a.now.getTime())
    refuse('The certificate has expired meanwhile; the recruiter must apply again.');
  const b = await blockingFindings(a.trx, c.id);
  if (b.major.length) refuse(`A major finding is still open: ${b.major.join(', ')}.`);
  await move(a, c, 'certified', { suspended_at: null, status_reason: reason }, 'reinstated', reason);
  await audit(a, 'certification.reinstate', r, { certificationId: c.id });
  return r.id;
}

/** Withdraws a certificate for good (certified or suspended -> withdrawn), with a published reason. */
export async function withdrawCertification(a: Act, certificationId: string, reason: string) {
  assertOfficer(a.p);
  const { c, r } = await readableCertification(a, certificationId);
  if (c.status !== 'certified' && c.status !== 'suspended')
    refuse(`Only a certified or suspended certification is withdrawn; this one is ${c.status}.`);
  // An expired certificate is over already (the register says so): there is nothing left to withdraw.
  if (c.status === 'certified' && Date.parse(iso(c.expires_at)!) <= a.now.getTime()) refuse(CERTIFICATE_EXPIRED);
  await move(a, c, 'withdrawn', { withdrawn_at: a.now.toISOString(), status_reason: reason }, 'withdrawn', reason);
  await audit(a, 'certification.withdraw', r, { certificationId: c.id });
  return r.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Public look-up

export type PublicStatus = 'certified' | 'expired' | 'suspended' | 'withdrawn' | 'in_progress' | 'not_certified';

export function publicStatusOf(r: Pick<RecruiterRow, 'cert_status' | 'cert_expires_at'>, now: Date): PublicStatus {
  // Past its expiry date a suspended certificate is over too (it can no longer be reinstated): the public reads that
  // it is no longer valid, not that it might be again. (Staff still see it suspended: it may yet be withdrawn.)
  if (r.cert_status === 'suspended' && r.cert_expires_at && Date.parse(r.cert_expires_at) <= now.getTime())
    return 'expired';
  const s = effectiveStatus(r, now);
  switch (s) {
    case 'certified':
    case 'expired':
    case 'suspended':
    case 'withdrawn':
      return s;
    case 'applied':
    case 'self_assessed':
    case 'in_audit':
    case 'audited':
      return 'in_progress';
    default:
      return 'not_certified';
  }
}

/** Most results one public look-up returns. */
export const PUBLIC_MAX_RESULTS = 20;

/**
 * Public look-up by part of the name (accents and case ignored) or by licence number (spaces and dashes
 * ignored, prefix), over the server's copy of the public register (public-register.ts). Only published facts;
 * an exact licence number first, then an exact name, then by name.
 */
export async function publicLookup(db: Kysely<DB>, q: string, now: Date) {
  const name = foldForSearch(q);
  const lic = foldLicence(q);
  if (name.length < 2 && lic.length < 2) return { items: [], truncated: false };
  const found = searchRegister(await publicRegister(db), name, lic, PUBLIC_MAX_RESULTS);
  return {
    truncated: found.truncated,
    items: found.entries.map((e) => {
      const expires = e.certExpiresAt === null ? null : new Date(e.certExpiresAt).toISOString();
      const status = publicStatusOf({ cert_status: e.certStatus, cert_expires_at: expires }, now);
      const published = status !== 'not_certified' && status !== 'in_progress';
      return {
        name: e.name,
        licenceNumber: e.licenceNumber,
        licensingAuthority: e.licensingAuthority,
        licenceCountry: e.licenceCountry,
        licenceExpiresOn: e.licenceExpiresOn,
        licenceExpired: e.licenceExpiresOn !== null && e.licenceExpiresOn < now.toISOString().slice(0, 10),
        status,
        certificateNumber: published ? e.certNumber : null,
        certificateExpiresAt: published ? expires : null,
        statusSince: e.certChangedAt,
        statusReason: status === 'suspended' || status === 'withdrawn' ? e.certReason : null,
        corridors: uncorridors(e.corridors),
        sectors: uncodes(e.sectors),
      };
    }),
  };
}
