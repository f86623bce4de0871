// The consent and legal-basis ledger (SECURITY.md D2, D3). Every action that depends on a purpose asks
// requireBasis first; the answer is the latest event for that purpose and recipient, and nothing else: a
// withdrawal or an expiry ends the basis at once, and only a new grant restores it.
import { randomUUID } from 'node:crypto';
import { type ConsentPurpose, isChildOn, type LegalBasis, type RecordConsent } from '@corridor/contracts';
import { assertNotAnonymised, assertPersonNotAnonymised } from '../beneficiaries/anonymised.ts';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { lockRowForUpdate } from '../db/dialects/index.ts';
import { type CheckRule, DomainError, invalidField } from '../errors.ts';
import { evidenceAfter, evidenceBefore } from '../evidence/maintain.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisation } from '../identity/identity.repository.ts';
import * as repo from './consent.repository.ts';
import type { ConsentEventRow } from './consent.table.ts';

/** Which basis is asked about: a person, a purpose and (for referrals) the receiving organisation. */
export type BasisQuery = {
  beneficiaryId: string;
  purpose: 'assistance' | 'referral' | 'statistics' | 'tracing' | 'publication';
  recipientOrganisationId?: string | null;
};

/** True when a grant has lapsed at `now` (an expiry at exactly `now` has lapsed). */
const hasExpired = (e: ConsentEventRow, now: Date): boolean =>
  e.expires_at !== null && Date.parse(e.expires_at) <= now.getTime();

/**
 * The event that gives a valid basis for the purpose (and recipient) now: the latest event, when it is a grant
 * that has not expired. Null when there is no event, the latest is a withdrawal, or it has expired.
 */
export async function currentBasis(db: Db, q: BasisQuery, now: Date): Promise<ConsentEventRow | null> {
  const latest = await repo.latestConsentEvent(db, {
    beneficiaryId: q.beneficiaryId,
    purpose: q.purpose,
    recipientOrganisationId: q.recipientOrganisationId ?? null,
  });
  if (latest?.action !== 'grant' || hasExpired(latest, now)) return null;
  return latest;
}

/**
 * Which of these people have a valid basis for `purpose` (without a recipient) at `now`: currentBasis for many
 * people in one query (the bulk import's path).
 */
export async function currentBases(
  db: Db,
  beneficiaryIds: readonly string[],
  purpose: ConsentPurpose,
  now: Date,
): Promise<Set<string>> {
  const valid = new Set<string>();
  const ids = [...new Set(beneficiaryIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const events = await repo.purposeEventsOf(db, ids.slice(i, i + 500), purpose);
    // Per person, the latest event decides (the same order as latestConsentEvent).
    const latest = new Map<string, ConsentEventRow>();
    for (const e of events) {
      const seen = latest.get(e.beneficiary_id);
      if (!seen || e.recorded_at > seen.recorded_at || (e.recorded_at === seen.recorded_at && e.id > seen.id))
        latest.set(e.beneficiary_id, e);
    }
    for (const [id, e] of latest) if (e.action === 'grant' && !hasExpired(e, now)) valid.add(id);
  }
  return valid;
}

// Fixed sentences per purpose: the error never repeats input values (errors.ts), only names the purpose.
const MISSING: Record<ConsentPurpose, string> = {
  assistance: 'No valid consent or legal basis is recorded for assistance.',
  referral: 'No valid consent or legal basis is recorded for referral to this organisation.',
  statistics: 'No valid consent or legal basis is recorded for use in statistics.',
  tracing: 'No valid consent or legal basis is recorded for tracing.',
  publication: 'No valid consent or legal basis is recorded for publication.',
};

/** The current basis, or `basis_required` (422) naming the purpose when there is none. */
export async function requireBasis(db: Db, q: BasisQuery, now: Date): Promise<ConsentEventRow> {
  const basis = await currentBasis(db, q, now);
  if (!basis) throw new DomainError('basis_required', MISSING[q.purpose]);
  return basis;
}

/**
 * Is the person under 18 at `now`? With only the year known, the latest possible birthday of that year is taken,
 * so anyone who could still be a child is treated as one (the protective reading). The contracts' isChildOn, which
 * the web's forms use too, so that a page asks for a child's assent exactly when this check requires it.
 */
export const isChildAt = (b: Pick<BeneficiaryRow, 'date_of_birth' | 'dob_precision'>, now: Date): boolean =>
  isChildOn(b.date_of_birth, b.dob_precision, now);

/**
 * Is the person 18 or more at `now` by their date of birth? Not when no date of birth is recorded (the age is not
 * known), nor while isChildAt says they could still be a child: only then is a child's assent out of place.
 */
export const isAdultAt = (b: Pick<BeneficiaryRow, 'date_of_birth' | 'dob_precision'>, now: Date): boolean =>
  b.date_of_birth !== null && !isChildAt(b, now);

// Why a child's assent is refused (the same words on every path that records an event).
const REFUSED =
  'the child refuses: their refusal is respected, so no grant on the basis of consent is recorded; record a withdrawal if a grant is in force';
const NOT_A_CHILD = 'only for a person under 18: by the date of birth, the person is 18 or more';

/**
 * The checks of a child's assent on an event: required for a grant to a child, and respected when they refuse
 * (consent against the person's refusal is no consent; the contract says so too, for the callers that pass through
 * it); an assent is a child's, so none is recorded for an adult. With no date of birth recorded the age is unknown and
 * an assent is accepted as given: the caseworker who sees the person judges.
 */
function assentIssue(
  b: Pick<BeneficiaryRow, 'date_of_birth' | 'dob_precision'>,
  e: { action: RecordConsent['action']; basis: LegalBasis; childAssent?: RecordConsent['childAssent'] },
  now: Date,
): { message: string; rule: CheckRule } | null {
  if (e.action === 'grant' && isChildAt(b, now) && !e.childAssent)
    return { message: 'required: the person is under 18', rule: 'required' };
  if (e.action === 'grant' && e.basis === 'consent' && e.childAssent === 'refused')
    return { message: REFUSED, rule: 'child_refuses' };
  if (e.childAssent && isAdultAt(b, now)) return { message: NOT_A_CHILD, rule: 'not_a_child' };
  return null;
}

/**
 * Appends an event to a person's ledger. The events of one person are strictly ordered in time: when the clock
 * has not moved past the previous event (same millisecond), the new one is placed one millisecond after it, so
 * "the latest event" is never ambiguous. An anonymised person has no ledger any more and gets none (409, rule
 * `anonymised`): nobody can tell who they are, so nobody can give or withdraw consent as them.
 */
export async function recordConsent(
  trx: Trx,
  engine: Engine,
  p: Principal,
  b: BeneficiaryRow,
  input: RecordConsent,
  now: Date,
): Promise<ConsentEventRow> {
  assertNotAnonymised(b);
  const assent = assentIssue(b, input, now);
  if (assent) throw invalidField('/childAssent', assent.message, assent.rule);
  if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime())
    throw invalidField('/expiresAt', 'must lie in the future', 'in_future');
  const recipient = input.recipientOrganisationId ?? null;
  if (recipient !== null && !(await findOrganisation(trx, recipient)))
    throw new DomainError('invalid_reference', 'The receiving organisation does not exist.');

  await lockRowForUpdate(trx, engine, 'beneficiaries', b.id);
  // An anonymisation that held the person's lock has committed by now (PostgreSQL): read them again, or the event
  // would outlive the ledger anonymisation deleted (SQLite runs one writer at a time: `b` is current there).
  if (engine === 'postgres') await assertPersonNotAnonymised(trx, b.id);
  // Only a grant in force is withdrawn (under the person's lock, so two withdrawals at once do not both pass): a
  // withdrawal of nothing, or of a grant that already lapsed or was withdrawn, would fill the ledger with events that
  // end no basis.
  if (
    input.action === 'withdraw' &&
    !(await currentBasis(trx, { beneficiaryId: b.id, purpose: input.purpose, recipientOrganisationId: recipient }, now))
  )
    throw new DomainError(
      'invalid_transition',
      'Nothing is granted for this purpose (and recipient) at the moment: there is nothing to withdraw.',
    );
  const last = await repo.latestRecordedAt(trx, b.id);
  const at = last && Date.parse(last) >= now.getTime() ? new Date(Date.parse(last) + 1) : now;
  const row: ConsentEventRow = {
    id: randomUUID(),
    organisation_id: b.organisation_id,
    beneficiary_id: b.id,
    purpose: input.purpose,
    recipient_organisation_id: recipient,
    basis: input.basis,
    action: input.action,
    information_given: input.informationGiven ?? null,
    child_assent: input.childAssent ?? null,
    recorded_by: p.userId,
    recorded_at: at.toISOString(),
    expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
  };
  // Evidence base: a statistics grant or withdrawal moves the person's records in or out of the figures.
  const evidence = input.purpose === 'statistics' ? await evidenceBefore(trx, [b.id], now) : null;
  await repo.insertConsentEvent(trx, row);
  if (evidence) await evidenceAfter(trx, evidence, now);
  return row;
}

/** A first assistance grant for a person registered in the same transaction (grantAssistanceToNewPeople). */
export type NewPersonGrant = {
  person: Pick<BeneficiaryRow, 'id' | 'organisation_id' | 'date_of_birth' | 'dob_precision'>;
  basis: LegalBasis;
  informationGiven: string | null;
  childAssent: RecordConsent['childAssent'] | null;
};

/**
 * Records the `assistance` grant of many people registered in the caller's transaction (bulk import), as
 * recordConsent would: the same checks (a child's assent: assentIssue), one event each, in multi-row inserts.
 * The people are new, so no earlier event can exist to order against or race with: no lock and no read per person.
 * The whole batch is refused (nothing written) when one grant is not valid; the issue's pointer names its index.
 */
export async function grantAssistanceToNewPeople(
  trx: Trx,
  p: Principal,
  grants: readonly NewPersonGrant[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const rows: ConsentEventRow[] = grants.map((g, index) => {
    if (g.person.organisation_id !== p.organisationId)
      throw new Error('grantAssistanceToNewPeople: another organisation');
    // A file's assent is its children's (docs/import.md): none is recorded for a person of 18 or more.
    const childAssent = isAdultAt(g.person, now) ? null : g.childAssent;
    const assent = assentIssue(g.person, { action: 'grant', basis: g.basis, childAssent }, now);
    if (assent) throw invalidField(`/${index}/childAssent`, assent.message, assent.rule);
    return {
      id: randomUUID(),
      organisation_id: g.person.organisation_id,
      beneficiary_id: g.person.id,
      purpose: 'assistance',
      recipient_organisation_id: null,
      basis: g.basis,
      action: 'grant',
      information_given: g.informationGiven,
      child_assent: childAssent ?? null,
      recorded_by: p.userId,
      recorded_at: at,
      expires_at: null,
    };
  });
  await repo.insertConsentEvents(trx, rows);
}

/** The state of one purpose and recipient, derived from its latest event. */
export type ConsentStateRow = {
  purpose: ConsentPurpose;
  recipientOrganisationId: string | null;
  status: 'granted' | 'withdrawn' | 'expired';
  basis: LegalBasis;
  since: string;
  expiresAt: string | null;
  eventId: string;
};

/** Every event of a person (oldest first) and the current state per purpose and recipient. */
export async function consentLedger(
  db: Db,
  beneficiaryId: string,
  now: Date,
): Promise<{ events: ConsentEventRow[]; current: ConsentStateRow[] }> {
  const events = await repo.consentEventsOf(db, beneficiaryId);
  const latest = new Map<string, ConsentEventRow>();
  for (const e of events) latest.set(`${e.purpose} ${e.recipient_organisation_id ?? ''}`, e);
  const current = [...latest.values()]
    .map(
      (e): ConsentStateRow => ({
        purpose: e.purpose as ConsentPurpose,
        recipientOrganisationId: e.recipient_organisation_id,
        status: e.action === 'withdraw' ? 'withdrawn' : hasExpired(e, now) ? 'expired' : 'granted',
        basis: e.basis as LegalBasis,
        since: e.recorded_at,
        expiresAt: e.expires_at,
        eventId: e.id,
      }),
    )
    .sort((a, b) =>
      a.purpose === b.purpose
        ? (a.recipientOrganisationId ?? '').localeCompare(b.recipientOrganisationId ?? '')
        : a.purpose.localeCompare(b.purpose),
    );
  return { events, current };
}
