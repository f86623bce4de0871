// Hand-over of a grievance that shows trafficking indicators to a trafficking case in a protection organisation
// (issue #6 part 3, issue #3's case management). Only with the worker's recorded consent, and only what the
// protection organisation needs: the worker's name and contact details, and a trafficking form pre-filled from
// the indicators. The description, the recruiter and the employer stay with the grievance.
import { TraffickingForm } from '@corridor/contracts';
import { createBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { CASE_ROLES } from '../cases/case-access.ts';
import { openCase } from '../cases/cases.service.ts';
import { recordConsent } from '../consent/consent.service.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisation } from '../identity/identity.repository.ts';
import type { OrganisationRow } from '../identity/identity.table.ts';
import { partnerDirectory } from '../identity/organisations.service.ts';
import { hasActiveStaff, REFERRAL_MANAGER_ROLES } from '../referrals/referrals.service.ts';
import { categoriesOf, getGrievance, hasTraffickingIndicators, markHandedOver } from './grievances.service.ts';
import type { GrievanceRow } from './grievances.table.ts';
import { recruitersOf, sameName } from './recruitment-link.ts';

/** HTCDS methods of control for each indicator category (vic_MethodsOfControl). */
const CONTROL: Record<string, string[]> = {
  document_retention: ['WithholdsDocuments'],
  debt_bondage: ['DebtBondage'],
  threats_violence: ['PhysicalThreats'],
  wages_unpaid: ['TakesEarnings'],
};

/** What the worker was told when they agreed (recorded in the receiving organisation's consent ledger). */
export const HANDOVER_INFORMATION =
  'Given through the public grievance form or tracking page: "If what happened to you needs protection, the ' +
  'certifying body may pass your name and contact details to a protection organisation so that it can contact ' +
  'and help you. The recruiter is not told." The worker may withdraw this consent at any time.';

/**
 * What decides whether an organisation may receive a hand-over: the organisation, whether an active caseworker or
 * supervisor works there (hasActiveStaff, as for a referral; the partner directory's takesReferrals, which also
 * counts a pause, is the same answer for a listing) and whether someone there could assign the sensitive case (an
 * active supervisor or administrator).
 */
type Receiver = { org: OrganisationRow; takesReferrals: boolean; assignable: () => Promise<boolean> };
type Recruiters = { all: Set<string>; named: Set<string> };

/**
 * Why the organisation may not receive the grievance's hand-over (a fixed sentence), or null when it may. The
 * worker's name and contact details go only where protection case work is done: never to the recruiter the worker
 * complained about (linked, or named by licence number or name), never to any recruiter or other private-sector
 * organisation, and never where nobody works cases or could assign the trafficking case, where they would have no
 * use (the rules of a referral, referrals.service.ts).
 */
async function refusalOf(row: GrievanceRow, r: Receiver, recruiters: Recruiters): Promise<string | null> {
  const { org } = r;
  if (recruiters.named.has(org.id) || (row.recruiter_name !== null && sameName(org.name, row.recruiter_name)))
    return 'The organisation is the recruiter the grievance is about; the worker’s identity never goes to it.';
  if (org.kind === 'private_sector' || recruiters.all.has(org.id))
    return 'A recruiter or other private-sector organisation never receives a hand-over; choose a protection organisation.';
  if (org.referrals_paused === 1)
    return 'The organisation has paused new referrals; choose another protection organisation.';
  // A whole case needs case management: an organisation that takes referrals only for some services does not take it.
  if (org.referral_services !== null && !org.referral_services.split(' ').includes('case_management'))
    return 'The organisation takes referrals only for some services, not a whole case; choose another protection organisation.';
  if (!r.takesReferrals)
    return 'The organisation has no active caseworker or supervisor on Corridor, so it takes no hand-over; choose a protection organisation.';
  if (!(await r.assignable()))
    return 'The organisation has no active supervisor or administrator, so nobody there could assign the trafficking case; choose another protection organisation.';
  return null;
}

/** A refused receiving organisation: 409, pointing at the field that chose it. */
const refused = (detail: string) =>
  new DomainError('conflict', detail, {
    errors: [
      {
        location: 'body',
        pointer: '/organisationId',
        message: 'not an organisation that may receive this hand-over',
        code: 'custom',
      },
    ],
  });

/**
 * The organisations the grievance may be handed over to (ids, by code): those refusalOf lets through, other than the
 * desk's own. What the officer's picker offers; the hand-over checks the chosen one again.
 */
export async function handoverOrganisations(db: Db, p: Principal, id: string): Promise<string[]> {
  const row = await getGrievance(db, p, id);
  const recruiters = await recruitersOf(db, row);
  const out: string[] = [];
  for (const o of await partnerDirectory(db, {}, CASE_ROLES)) {
    if (o.id === row.organisation_id) continue;
    const receiver = {
      org: o,
      takesReferrals: o.takes_referrals,
      assignable: () => hasActiveStaff(db, o.id, REFERRAL_MANAGER_ROLES),
    };
    if ((await refusalOf(row, receiver, recruiters)) === null) out.push(o.id);
  }
  return out;
}

export type HandoverResult = {
  row: GrievanceRow;
  beneficiaryId: string;
  caseId: string;
  caseReference: string;
  organisationId: string;
};

/**
 * Creates a person with a trafficking case (status PossibleVictimOfTrafficking, unassigned: the organisation's
 * supervisor assigns it) in the chosen protection organisation, records the worker's consent there, and links
 * the case to the grievance. Refused without the worker's consent (`basis_required`), without trafficking
 * indicators, without a name to register the person under, or twice (`invalid_transition`), and to an organisation
 * that may not receive it (`conflict`: refusalOf).
 */
export async function handOverGrievance(
  trx: Trx,
  engine: Engine,
  p: Principal,
  id: string,
  ifMatch: number,
  organisationId: string,
  now: Date,
): Promise<HandoverResult> {
  const row = await getGrievance(trx, p, id);
  if (row.version !== ifMatch)
    throw new DomainError('precondition_failed', 'The grievance has changed since you read it.');
  if (row.handed_over_at) throw new DomainError('invalid_transition', 'The grievance has been handed over already.');
  if (!hasTraffickingIndicators(row))
    throw new DomainError(
      'invalid_transition',
      'Only a grievance with trafficking indicators (retained documents, debt bondage, threats) is handed over.',
    );
  if (row.handover_consent !== 1)
    throw new DomainError('basis_required', 'The worker has not agreed to a hand-over to a protection organisation.');
  if (!row.worker_name)
    throw new DomainError(
      'invalid_transition',
      'The worker left no name; ask them in a message to file again with contact details if they want help.',
    );
  const org = organisationId === row.organisation_id ? undefined : await findOrganisation(trx, organisationId);
  if (!org)
    throw new DomainError('invalid_reference', 'Choose an existing protection organisation other than your own.');
  const receiver: Receiver = {
    org,
    takesReferrals: await hasActiveStaff(trx, org.id, CASE_ROLES),
    assignable: () => hasActiveStaff(trx, org.id, REFERRAL_MANAGER_ROLES),
  };
  const refusal = await refusalOf(row, receiver, await recruitersOf(trx, row));
  if (refusal) throw refused(refusal);

  // The officer acts for the grievance process inside the receiving organisation, for this one hand-over only:
  // records carry the officer as their author, and the organisation's supervisor assigns the case.
  const delegate: Principal = {
    kind: 'session',
    userId: p.userId,
    id: p.id,
    organisationId,
    roles: ['supervisor'],
    secondFactor: 'none',
  };
  const { row: person } = await createBeneficiary(
    trx,
    delegate,
    { nameOriginal: row.worker_name, phone: row.worker_phone ?? null, email: row.worker_email ?? null },
    now,
  );
  await recordConsent(
    trx,
    engine,
    delegate,
    person,
    { purpose: 'assistance', basis: 'consent', action: 'grant', informationGiven: HANDOVER_INFORMATION },
    now,
  );
  const cats = categoriesOf(row);
  const form = TraffickingForm.parse({
    type: 'trafficking',
    traffickingStatus: 'PossibleVictimOfTrafficking',
    exploitationTypes: ['ForcedLabour'],
    methodsOfControl: [...new Set(cats.flatMap((c) => CONTROL[c] ?? []))],
    perpetratorRoles: ['RecruiterOrIntermediary'],
  });
  const opened = await openCase(trx, engine, delegate, { beneficiaryId: person.id, form, assignedTo: null }, now);
  const after = await markHandedOver(
    trx,
    p,
    row,
    { organisationId, caseId: opened.row.id, caseReference: opened.row.reference },
    now,
  );
  return {
    row: after,
    beneficiaryId: person.id,
    caseId: opened.row.id,
    caseReference: opened.row.reference,
    organisationId,
  };
}
