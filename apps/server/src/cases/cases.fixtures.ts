// Test factories of the cases and referrals tests (not a test file itself): signed-in staff, persons, consent
// events, the five forms, and a small client for the API.
import type { Role } from '@corridor/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { buildUser, idemKey, type SessionAuth, signIn, type TestApp, type TestUser } from '../../test/harness.ts';

/** A member of staff with an open session. */
export type Staff = TestUser & { session: SessionAuth };

/** Creates a user with `roles` in the organisation and signs them in. */
export async function buildStaff(t: TestApp, organisationId: string, roles: Role[]): Promise<Staff> {
  const user = await buildUser(t, organisationId, roles);
  return { ...user, session: await signIn(t, user) };
}

/** Signs staff in again (after the test clock jumped past the session timeouts). */
export async function signInAgain(t: TestApp, ...staff: Staff[]): Promise<void> {
  for (const s of staff) s.session = await signIn(t, s);
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'HEAD';

/** Calls the API as `who`; POSTs that create carry a fresh Idempotency-Key. */
export function call(
  t: TestApp,
  who: Staff,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { ...who.session.headers, ...(method === 'POST' ? { 'idempotency-key': idemKey() } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/**
 * The If-Match header for a case or referral at its current version, as a client that has just read it sends it
 * (read here from the database, since a supervisor may manage a sensitive case they may not read).
 */
export async function versionOf(t: TestApp, table: 'cases' | 'referrals', id: string): Promise<{ 'if-match': string }> {
  const row = await t.deps.database.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  // A record that does not exist (or the caller may not see) gets any version: the answer is 404 regardless.
  return { 'if-match': `"v${row?.version ?? 1}"` };
}

/** Calls a route guarded by If-Match, sending the record's current version. */
export async function callAt(
  t: TestApp,
  who: Staff,
  table: 'cases' | 'referrals',
  id: string,
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return call(t, who, 'POST', url, payload, await versionOf(t, table, id));
}

/** Registers a person through the registry's API as `who`; returns their id. */
export async function registerPerson(
  t: TestApp,
  who: Staff,
  o: { nameLatin?: string; nameOriginal?: string | null; dateOfBirth?: string } = {},
): Promise<string> {
  const res = await call(t, who, 'POST', '/api/beneficiaries', {
    nameLatin: o.nameLatin ?? 'Amina Yusuf',
    nameOriginal: o.nameOriginal ?? null,
    dateOfBirth: o.dateOfBirth ?? '1998-03-14',
    sex: 'female',
    citizenships: ['ERI'],
    languages: ['tir', 'ar'],
    phone: '+249 91 234 5678',
    country: 'SDN',
    pcode: 'SD01',
  });
  if (res.statusCode !== 201) throw new Error(`registering a person failed: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/** Records a consent event through the consent ledger's API as `who` (who must be able to see the person). */
export async function recordBasis(
  t: TestApp,
  who: Staff,
  o: {
    beneficiaryId: string;
    purpose: 'assistance' | 'referral';
    recipientOrganisationId?: string;
    action?: 'grant' | 'withdraw';
  },
): Promise<void> {
  const res = await call(t, who, 'POST', `/api/beneficiaries/${o.beneficiaryId}/consents`, {
    purpose: o.purpose,
    recipientOrganisationId: o.recipientOrganisationId ?? null,
    basis: 'consent',
    action: o.action ?? 'grant',
    informationGiven: 'Purpose, recipients and the right to withdraw explained in Tigrinya.',
  });
  if (res.statusCode !== 201) throw new Error(`recording consent failed: ${res.statusCode} ${res.body}`);
}

/** A person registered with an assistance basis, ready for a case. */
export async function personWithAssistanceBasis(
  t: TestApp,
  who: Staff,
  o: Parameters<typeof registerPerson>[2] = {},
): Promise<string> {
  const id = await registerPerson(t, who, o);
  await recordBasis(t, who, { beneficiaryId: id, purpose: 'assistance' });
  return id;
}

/** Valid forms of the five case types. */
export const forms = {
  protection: () => ({
    type: 'protection',
    situation: 'stranded',
    vulnerabilities: ['Poverty'],
    needs: ['accommodation'],
  }),
  trafficking: () => ({
    type: 'trafficking',
    traffickingStatus: 'ActualVictimOfTrafficking',
    statusDecidedBy: 'NGO',
    exploitationTypes: ['ForcedLabour', 'SexualExploitation'],
    forcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
    sexualExploitationTypes: ['Prostitution'],
    methodsOfControl: ['DebtBondage', 'WithholdsDocuments'],
    recruitmentMethods: ['ThroughOnlineSocialNetworks'],
    relationshipToTrafficker: 'Acquainted',
    perpetratorRoles: ['RecruiterOrIntermediary', 'Exploiter'],
    vulnerabilities: ['Poverty', 'Migration'],
    traffickingEvents: [
      { stage: 'Recruitment', country: 'ERI', place: 'Asmara', date: '2025-11-02' },
      { stage: 'Exploitation', country: 'LBY', place: null, date: null },
    ],
  }),
  child: () => ({
    type: 'child',
    separation: 'unaccompanied',
    guardian: { kind: 'focal_point', name: 'Hawa Idris', relationship: 'social worker' },
  }),
  gbv: () => ({ type: 'gbv', coreType: 'physical_assault', contexts: ['intimate_partner_violence'] }),
  avrr: () => ({ type: 'avrr', countryOfReturn: 'ETH', fitToTravel: 'fit', reintegrationNeeds: ['livelihood'] }),
} as const;

/** Opens a case through the API and returns its JSON (fails the test when the API refuses). */
export async function openCase(
  t: TestApp,
  who: Staff,
  beneficiaryId: string,
  form: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; reference: string; version: number; [k: string]: unknown }> {
  const res = await call(t, who, 'POST', '/api/cases', { beneficiaryId, form, ...extra });
  if (res.statusCode !== 201) throw new Error(`opening a case failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Audit entries of sensitive reads of one record. */
export async function sensitiveReads(t: TestApp, entityId: string) {
  return t.deps.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('sensitive_read', '=', 1)
    .orderBy('seq')
    .execute();
}
