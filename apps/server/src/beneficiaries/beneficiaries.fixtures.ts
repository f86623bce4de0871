// Test factories of the registry, search and consent tests (not a test file itself): signed-in staff, persons
// registered through the API, and a sensitive case inserted directly (the cases context owns its API).
import { randomUUID } from 'node:crypto';
import type { CreateBeneficiary, Role } from '@corridor/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { buildUser, idemKey, type SessionAuth, signIn, type TestApp, type TestUser } from '../../test/harness.ts';
import { evidenceAfter, evidenceBefore } from '../evidence/maintain.ts';
import { markRestricted } from './beneficiaries.service.ts';

export type Member = TestUser & { session: SessionAuth };

/** A user with `roles`, signed in. */
export async function buildMember(t: TestApp, organisationId: string, roles: Role[]): Promise<Member> {
  const u = await buildUser(t, organisationId, roles);
  return { ...u, session: await signIn(t, u) };
}

/** Calls the API as `who`; a POST carries a fresh Idempotency-Key unless `headers` has one. */
export function as(
  t: TestApp,
  who: Member,
  method: 'GET' | 'POST' | 'PATCH' | 'HEAD',
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

/** Registers a person through the API and returns the created record. */
export async function buildBeneficiary(t: TestApp, who: Member, person: CreateBeneficiary) {
  const res = await as(t, who, 'POST', '/api/beneficiaries', person);
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; nameLatin: string };
}

/** Search as `who`; returns the ids in rank order and the raw items. */
export async function search(t: TestApp, who: Member, body: Record<string, unknown>) {
  const res = await as(t, who, 'POST', '/api/beneficiaries/search', body);
  if (res.statusCode !== 200) throw new Error(`search failed: ${res.statusCode} ${res.body}`);
  const json = res.json() as {
    items: { beneficiary: { id: string; nameLatin: string }; match: Record<string, unknown> }[];
    more: boolean;
  };
  return { ids: json.items.map((i) => i.beneficiary.id), items: json.items, more: json.more };
}

/**
 * Simulates opening a sensitive (trafficking) case for a person, assigned to `assignedTo`: a `cases` row written
 * directly, then markRestricted, as the cases context does when it opens one.
 */
export async function openSensitiveCase(
  t: TestApp,
  organisationId: string,
  beneficiaryId: string,
  assignedTo: string,
): Promise<string> {
  const id = randomUUID();
  const at = t.clock.now().toISOString();
  await t.deps.database.db.transaction().execute(async (trx) => {
    // The evidence base's aggregates follow this case as they follow one opened through the API.
    const evidence = await evidenceBefore(trx, [beneficiaryId], t.clock.now());
    await trx
      .insertInto('cases')
      .values({
        id,
        organisation_id: organisationId,
        beneficiary_id: beneficiaryId,
        reference: `VOT-T-${id.slice(0, 8)}`,
        type: 'trafficking',
        status: 'Active',
        sensitive: 1,
        assigned_to: assignedTo,
        opened_on: at.slice(0, 10),
        closed_on: null,
        closure_requested_by: null,
        closure_requested_at: null,
        closure_reason: null,
        closure_approved_by: null,
        details: '{}',
        created_by: assignedTo,
        created_at: at,
        updated_at: at,
        version: 1,
      })
      .execute();
    await markRestricted(trx, beneficiaryId);
    await evidenceAfter(trx, evidence, t.clock.now());
  });
  return id;
}
