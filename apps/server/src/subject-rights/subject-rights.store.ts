// The one place that reaches every store holding data about a person (SECURITY.md D7, D8): subject access reads
// them, erasure deletes them, anonymisation blanks them. Other contexts own their tables for everyday work; the
// rights of the person cut across all of them, so this module lists each store explicitly. A new table that can
// hold data about a person must be added here (the canary test in subject-rights.integration.test.ts searches
// every table of the database for a marker after erasure, so a forgotten one fails it).
import { sql } from 'kysely';
import { ANONYMISED_NAME } from '../beneficiaries/anonymised.ts';
import { eraseNameKeys } from '../beneficiaries/beneficiaries.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { retireReferences } from '../db/references.ts';
import { evidenceAfter, evidenceBefore } from '../evidence/maintain.ts';
import { forgetImportedRecords } from '../imports/imports.service.ts';
import { forgetPersonInLinkage } from '../linkage/pprl/projects.service.ts';
import { forgetNotificationsAbout } from '../notifications/notify.ts';

// The registry locks an anonymised record against names (beneficiaries/anonymised.ts); these are its words for it.
export { ANONYMISED_NAME, isAnonymised } from '../beneficiaries/anonymised.ts';

/** Ids of everything hanging from one person: their cases and the referrals they are in. */
export type Graph = { personId: string; caseIds: string[]; referralIds: string[] };

export async function graphOf(db: Db, personId: string): Promise<Graph> {
  const cases = await db.selectFrom('cases').select('id').where('beneficiary_id', '=', personId).execute();
  const caseIds = cases.map((c) => c.id);
  const referrals = await db
    .selectFrom('referrals')
    .select('id')
    .where((eb) =>
      caseIds.length
        ? eb.or([eb('beneficiary_id', '=', personId), eb('case_id', 'in', caseIds)])
        : eb('beneficiary_id', '=', personId),
    )
    .execute();
  return { personId, caseIds, referralIds: referrals.map((r) => r.id) };
}

const none = ['00000000-0000-0000-0000-000000000000'];
const ids = (xs: readonly string[]) => (xs.length ? [...xs] : none);

/** Everything held about the person, as rows of each store (subject access). */
export async function readAll(db: Db, organisationId: string, g: Graph) {
  const person = await db
    .selectFrom('beneficiaries')
    .selectAll()
    .where('id', '=', g.personId)
    .executeTakeFirstOrThrow();
  const documents = await db
    .selectFrom('beneficiary_documents')
    .select(['id', 'type', 'number', 'issuing_country'])
    .where('beneficiary_id', '=', g.personId)
    .orderBy('type')
    .execute();
  const consents = await db
    .selectFrom('consent_events')
    .selectAll()
    .where('beneficiary_id', '=', g.personId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  const cases = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', 'in', ids(g.caseIds))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byCase = async <T extends 'case_codes' | 'case_assessments' | 'case_plan_items' | 'case_services'>(table: T) =>
    // biome-ignore lint/suspicious/noExplicitAny: the same query over four tables with a case_id column
    (await (db as any).selectFrom(table).selectAll().where('case_id', 'in', ids(g.caseIds)).execute()) as Record<
      string,
      unknown
    >[];
  const codes = await byCase('case_codes');
  const assessments = await byCase('case_assessments');
  const planItems = await byCase('case_plan_items');
  const services = await byCase('case_services');
  const notes = await db
    .selectFrom('case_notes')
    .selectAll()
    .where('case_id', 'in', ids(g.caseIds))
    .orderBy('created_at')
    .execute();
  const tasks = await db
    .selectFrom('case_tasks')
    .selectAll()
    .where('case_id', 'in', ids(g.caseIds))
    .orderBy('created_at')
    .execute();
  const access = await db
    .selectFrom('case_access')
    .select(['case_id', 'user_id', 'granted_by', 'granted_at'])
    .where('case_id', 'in', ids(g.caseIds))
    .execute();
  const referrals = await db
    .selectFrom('referrals')
    .selectAll()
    .where('id', 'in', ids(g.referralIds))
    .where('from_organisation_id', '=', organisationId)
    .orderBy('sent_at')
    .execute();
  const imported = await db
    .selectFrom('import_keys')
    .select(['record_type', 'record_id', 'created_at', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .where('record_id', 'in', [g.personId, ...g.caseIds])
    .execute();
  const entityIds = [g.personId, ...g.caseIds, ...g.referralIds];
  const audit = await db
    .selectFrom('audit_log')
    .select([
      'seq',
      'at',
      'action',
      'entity_type',
      'entity_id',
      'actor_user_id',
      'actor_organisation_id',
      'actor_roles',
      'purpose',
      'sensitive_read',
      'details',
    ])
    .where('entity_id', 'in', entityIds)
    .where((eb) =>
      eb.or([eb('organisation_id', '=', organisationId), eb('actor_organisation_id', '=', organisationId)]),
    )
    .orderBy('seq')
    .execute();
  return {
    person,
    documents,
    consents,
    cases,
    codes,
    assessments,
    planItems,
    services,
    notes,
    tasks,
    access,
    referrals,
    imported,
    audit,
  };
}

/** Row counts of what an erasure or anonymisation touched, by store (no values, only numbers). */
export type Counts = Record<string, number>;

const n = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) =>
  Number(r.numDeletedRows ?? r.numUpdatedRows ?? 0n);

/**
 * Stored responses of creating requests (idempotency keys) carry the records they created; those that mention
 * the person, a case or a referral of theirs are deleted with them. A replay of such a request after erasure then
 * runs afresh (and finds nothing to act on).
 */
async function forgetStoredResponses(trx: Trx, g: Graph): Promise<number> {
  let total = 0;
  for (const id of [g.personId, ...g.caseIds, ...g.referralIds]) {
    const r = await trx.deleteFrom('idempotency_keys').where('response_body', 'like', `%${id}%`).executeTakeFirst();
    total += n(r);
  }
  return total;
}

/** Deletes the person and everything hanging from them, in the caller's transaction. */
export async function eraseAll(trx: Trx, g: Graph): Promise<Counts> {
  // Evidence base: aggregates stay fresh; this also removes the person's kept snapshot (evidence_people).
  const evidence = await evidenceBefore(trx, [g.personId], new Date());
  const caseIds = ids(g.caseIds);
  const counts: Counts = {};
  const count = async (table: string, col: string, values: readonly string[]) => {
    const r = await sql<{
      n: number;
    }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(col)} in (${sql.join(values)})`.execute(trx);
    return Number(r.rows[0]?.n ?? 0);
  };
  counts.documents = await count('beneficiary_documents', 'beneficiary_id', [g.personId]);
  counts.consentEvents = await count('consent_events', 'beneficiary_id', [g.personId]);
  counts.assessments = await count('case_assessments', 'case_id', caseIds);
  counts.planItems = await count('case_plan_items', 'case_id', caseIds);
  counts.services = await count('case_services', 'case_id', caseIds);
  counts.notes = await count('case_notes', 'case_id', caseIds);
  counts.tasks = await count('case_tasks', 'case_id', caseIds);
  counts.storedResponses = await forgetStoredResponses(trx, g);
  counts.importKeys = await forgetImportedCount(trx, [g.personId, ...g.caseIds]);
  // Staff notices about the person's records (a partner's "referral received", a closure to decide) would lead to
  // records that no longer exist: they go, with their read receipts and e-mail copies.
  counts.notifications = await forgetNotificationsAbout(trx, [
    { type: 'beneficiary', ids: [g.personId] },
    { type: 'case', ids: g.caseIds },
    { type: 'referral', ids: g.referralIds },
  ]);
  // Services another organisation recorded on a referral of the person keep no link to it (the FK nulls it).
  counts.referrals = n(await trx.deleteFrom('referrals').where('id', 'in', ids(g.referralIds)).executeTakeFirst());
  // The cases' references are kept (nothing of the person), so that none is given again to someone else's case.
  await retireReferences(
    trx,
    await trx.selectFrom('cases').select(['organisation_id', 'reference']).where('id', 'in', caseIds).execute(),
    new Date(),
  );
  // The case's own records go with it (ON DELETE CASCADE): codes, access, assessments, plan, services, notes, tasks.
  counts.cases = n(await trx.deleteFrom('cases').where('id', 'in', caseIds).executeTakeFirst());
  // Name keys, documents and consent events go with the person (ON DELETE CASCADE).
  await eraseNameKeys(trx, g.personId);
  await trx.deleteFrom('beneficiary_documents').where('beneficiary_id', '=', g.personId).execute();
  await trx.deleteFrom('consent_events').where('beneficiary_id', '=', g.personId).execute();
  await forgetPersonInLinkage(trx, g.personId); // privacy-preserving linkage: encodings and matches
  // Requests about the person stay, saying what was done and by whom, without a link to anyone; those still open
  // (pending, or an approved copy not downloaded) are closed: there is no one left to decide about or to copy.
  await trx
    .updateTable('subject_rights_requests')
    .set({ status: 'closed', completed_at: new Date().toISOString() })
    .where('beneficiary_id', '=', g.personId)
    .where('status', 'in', ['pending', 'approved'])
    .execute();
  await trx
    .updateTable('subject_rights_requests')
    .set({ beneficiary_id: null })
    .where('beneficiary_id', '=', g.personId)
    .execute();
  counts.persons = n(await trx.deleteFrom('beneficiaries').where('id', '=', g.personId).executeTakeFirst());
  await evidenceAfter(trx, evidence, new Date());
  return counts;
}

async function forgetImportedCount(trx: Trx, recordIds: readonly string[]): Promise<number> {
  const before = await trx
    .selectFrom('import_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('record_id', 'in', [...recordIds])
    .executeTakeFirstOrThrow();
  await forgetImportedRecords(trx, recordIds);
  return Number(before.n);
}

/** `2026-03-14` or an ISO timestamp to the first day of its month, same shape; null stays null. */
export function toMonth(v: string | null): string | null {
  if (!v) return v;
  if (v.length === 10) return `${v.slice(0, 7)}-01`;
  return new Date(`${v.slice(0, 7)}-01T00:00:00.000Z`).toISOString();
}

/**
 * Claims the person for anonymisation, in the caller's transaction: false when they are anonymised already. The
 * statement takes the person's row lock (PostgreSQL), so a concurrent anonymisation of them waits here and then finds
 * them anonymised, and a person is anonymised (and audited as such) once.
 */
export async function claimForAnonymising(trx: Trx, personId: string): Promise<boolean> {
  const r = await trx
    .updateTable('beneficiaries')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', personId)
    .where((eb) => eb.or([eb('search_name', '<>', ''), eb('name_latin', '<>', ANONYMISED_NAME)]))
    .executeTakeFirst();
  return n(r) > 0;
}

/**
 * Blanks every direct identifier of the person and their cases and referrals, keeping what statistics need: case
 * type, status, codes, sensitivity, dates to the month, sex, year of birth, citizenships, country, migration
 * status, disability and specific-needs codes, service types and values.
 */
export async function anonymiseAll(trx: Trx, g: Graph): Promise<Counts> {
  // Evidence base: aggregates stay fresh; this also removes the person's kept snapshot (evidence_people).
  const evidence = await evidenceBefore(trx, [g.personId], new Date());
  const caseIds = ids(g.caseIds);
  const counts: Counts = {};
  const p = await trx.selectFrom('beneficiaries').selectAll().where('id', '=', g.personId).executeTakeFirstOrThrow();
  const year = p.date_of_birth ? `${p.date_of_birth.slice(0, 4)}-01-01` : null;
  counts.nameKeys = await eraseNameKeys(trx, g.personId);
  counts.documents = n(
    await trx.deleteFrom('beneficiary_documents').where('beneficiary_id', '=', g.personId).executeTakeFirst(),
  );
  counts.consentEvents = n(
    await trx.deleteFrom('consent_events').where('beneficiary_id', '=', g.personId).executeTakeFirst(),
  );
  await forgetPersonInLinkage(trx, g.personId); // privacy-preserving linkage: encodings and matches
  await trx
    .updateTable('beneficiaries')
    .set({
      given_name: null,
      family_name: null,
      name_original: null,
      name_latin: ANONYMISED_NAME,
      search_name: '',
      date_of_birth: year,
      dob_precision: year ? 'year' : null,
      gender: null,
      languages: '',
      phone: null,
      email: null,
      pcode: null,
      household_id: null,
      household_role: null,
      created_at: toMonth(p.created_at)!,
      updated_at: toMonth(p.created_at)!,
      version: p.version + 1,
    })
    .where('id', '=', g.personId)
    .execute();
  counts.persons = 1;

  const cases = await trx.selectFrom('cases').selectAll().where('id', 'in', caseIds).execute();
  for (const c of cases) {
    let closureReferred = false;
    try {
      closureReferred = Boolean((JSON.parse(c.details) as { closureReferred?: boolean }).closureReferred);
    } catch {
      // a malformed details column is replaced like any other
    }
    await trx
      .updateTable('cases')
      .set({
        opened_on: toMonth(c.opened_on)!,
        closed_on: toMonth(c.closed_on),
        closure_reason: null,
        closure_requested_at: toMonth(c.closure_requested_at),
        // Free-text and uncoded form fields go; coded fields live in case_codes and stay.
        details: JSON.stringify({ form: {}, closureReferred }),
        created_at: toMonth(c.created_at)!,
        updated_at: toMonth(c.created_at)!,
        version: c.version + 1,
      })
      .where('id', '=', c.id)
      .execute();
  }
  counts.cases = cases.length;
  counts.accessGrants = n(await trx.deleteFrom('case_access').where('case_id', 'in', caseIds).executeTakeFirst());
  counts.notes = n(await trx.deleteFrom('case_notes').where('case_id', 'in', caseIds).executeTakeFirst());
  counts.tasks = n(await trx.deleteFrom('case_tasks').where('case_id', 'in', caseIds).executeTakeFirst());
  for (const a of await trx.selectFrom('case_assessments').selectAll().where('case_id', 'in', caseIds).execute())
    await trx
      .updateTable('case_assessments')
      .set({
        completed_on: toMonth(a.completed_on),
        outcome: null,
        details: '{}',
        recorded_at: toMonth(a.recorded_at)!,
      })
      .where('id', '=', a.id)
      .execute();
  for (const i of await trx.selectFrom('case_plan_items').selectAll().where('case_id', 'in', caseIds).execute())
    await trx
      .updateTable('case_plan_items')
      .set({ description: '', created_at: toMonth(i.created_at)! })
      .where('id', '=', i.id)
      .execute();
  const services = await trx.selectFrom('case_services').selectAll().where('case_id', 'in', caseIds).execute();
  for (const s of services)
    await trx
      .updateTable('case_services')
      .set({ description: null, delivered_on: toMonth(s.delivered_on)!, recorded_at: toMonth(s.recorded_at)! })
      .where('id', '=', s.id)
      .execute();
  counts.services = services.length;
  const referrals = await trx.selectFrom('referrals').selectAll().where('id', 'in', ids(g.referralIds)).execute();
  for (const r of referrals) {
    let shared: { person?: Record<string, unknown> | null; caseType?: unknown; serviceType?: unknown } = {};
    try {
      shared = JSON.parse(r.shared_data) as typeof shared;
    } catch {
      // replaced below
    }
    // The shape the partner's view expects, with only the statistical facts left.
    const person = {
      nameLatin: ANONYMISED_NAME,
      nameOriginal: null,
      sex: shared.person?.sex ?? null,
      yearOfBirth: shared.person?.yearOfBirth ?? null,
      citizenships: shared.person?.citizenships ?? [],
      languages: [],
      country: shared.person?.country ?? null,
      pcode: null,
    };
    await trx
      .updateTable('referrals')
      .set({
        message: null,
        decline_reason: null,
        outcome: null,
        shared_data: JSON.stringify({
          person,
          caseType: shared.caseType ?? null,
          serviceType: shared.serviceType ?? null,
        }),
        due_on: toMonth(r.due_on),
        sent_at: toMonth(r.sent_at)!,
        responded_at: toMonth(r.responded_at),
        closed_at: toMonth(r.closed_at),
        version: r.version + 1,
      })
      .where('id', '=', r.id)
      .execute();
  }
  counts.referrals = referrals.length;
  counts.storedResponses = await forgetStoredResponses(trx, g);
  counts.importKeys = await forgetImportedCount(trx, [g.personId, ...g.caseIds]);
  await evidenceAfter(trx, evidence, new Date());
  return counts;
}
