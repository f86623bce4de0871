// Test factories of crises, movements and reintegration (not a test file itself): an operations officer and a
// reception partner, people registered with a basis for assistance, and movement bodies.
import assert from 'node:assert/strict';
import type { CreateLeg } from '@corridor/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { buildOrganisation, idemKey, type TestApp } from '../../test/harness.ts';
import { as, buildBeneficiary, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';

/** A leg body; `capacity` seats, departing on `day` from Erbil to Addis Ababa. */
export const legBody = (capacity: number, day = '2026-07-01', over: Partial<CreateLeg> = {}): CreateLeg => ({
  mode: 'air',
  carrier: 'Ethiopian Airlines',
  serviceNumber: 'ET 3723',
  fromPlace: 'Erbil',
  fromCountry: 'IRQ',
  toPlace: 'Addis Ababa',
  toCountry: 'ETH',
  departsAt: `${day}T06:00:00Z`,
  arrivesAt: `${day}T10:30:00Z`,
  capacity,
  ...over,
});

/** Calls the API and asserts the status, returning the parsed body. */
export async function ok<T = Record<string, unknown>>(
  res: Promise<LightMyRequestResponse>,
  status: number,
): Promise<T> {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json() as T;
}

/** Two organisations: the one running the operation (officer, supervisor) and the reception partner (caseworker). */
export async function buildOperation(t: TestApp) {
  const org = await buildOrganisation(t, { country: 'IRQ' });
  const partnerOrg = await buildOrganisation(t, { country: 'ETH' });
  const officer = await buildMember(t, org.id, ['operations_officer', 'caseworker']);
  const supervisor = await buildMember(t, org.id, ['supervisor', 'caseworker']);
  const partner = await buildMember(t, partnerOrg.id, ['caseworker']);
  return { org, partnerOrg, officer, supervisor, partner };
}

/** A person registered by `who` with a vital-interest basis for assistance (and for referral to `partnerOrgId`). */
export async function buildTraveller(
  t: TestApp,
  who: Member,
  person: { givenName: string; familyName: string; dateOfBirth?: string; sex?: 'female' | 'male' },
  partnerOrgId?: string,
) {
  const b = await buildBeneficiary(t, who, {
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth ?? '1990-04-02',
    sex: person.sex ?? 'female',
    citizenships: ['ETH'],
    languages: ['amh'],
    phone: '+964 750 123 4567',
  });
  const childAssent = (person.dateOfBirth ?? '1990') > '2008' ? { childAssent: 'given' } : {};
  await ok(
    as(t, who, 'POST', `/api/beneficiaries/${b.id}/consents`, {
      purpose: 'assistance',
      basis: 'vital_interest',
      action: 'grant',
      ...childAssent,
    }),
    201,
  );
  if (partnerOrgId)
    await ok(
      as(t, who, 'POST', `/api/beneficiaries/${b.id}/consents`, {
        purpose: 'referral',
        recipientOrganisationId: partnerOrgId,
        basis: 'vital_interest',
        action: 'grant',
        ...childAssent,
      }),
      201,
    );
  return b;
}

/** Creates a movement through the API. */
export async function buildMovement(
  t: TestApp,
  who: Member,
  body: Record<string, unknown>,
): Promise<{ id: string; legs: { id: string; booked: number; capacity: number }[] }> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/movements',
    headers: { ...who.session.headers, 'idempotency-key': idemKey() },
    payload: body,
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}
