// Hand-over of a grievance that shows trafficking indicators to a trafficking case in a protection organisation
// (issue #6 part 3, issue #3's case management). Only with the worker's recorded consent, and only what the
// protection organisation needs: the worker's name and contact details, and a trafficking form pre-filled from
// the indicators. The description, the recruiter and the employer stay with the grievance.
import { TraffickingForm } from '@corridor/contracts';
import { createBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { openCase } from '../cases/cases.service.ts';
import { recordConsent } from '../consent/consent.service.ts';
import type { Engine, Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisation } from '../identity/identity.repository.ts';
import { categoriesOf, getGrievance, hasTraffickingIndicators, markHandedOver } from './grievances.service.ts';
import type { GrievanceRow } from './grievances.table.ts';

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
 * indicators, without a name to register the person under, or twice (`invalid_transition`).
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
  if (organisationId === row.organisation_id || !(await findOrganisation(trx, organisationId)))
    throw new DomainError('invalid_reference', 'Choose an existing protection organisation other than your own.');

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
