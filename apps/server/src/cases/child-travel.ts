// What the movements context asks the cases context before booking a person on a movement: an unaccompanied or
// separated child (an open `child` case) travels only once a best-interest assessment is completed on that case.
import type { Db } from '../db/database.ts';

/**
 * True when the person has an open child case in the organisation that has no completed best-interest assessment
 * (the child may not be booked on a movement yet). False for anyone without an open child case.
 */
export async function childAwaitsBestInterest(db: Db, organisationId: string, beneficiaryId: string): Promise<boolean> {
  const row = await db
    .selectFrom('cases')
    .select('cases.id')
    .where('cases.organisation_id', '=', organisationId)
    .where('cases.beneficiary_id', '=', beneficiaryId)
    .where('cases.type', '=', 'child')
    .where('cases.status', 'not in', ['Closed', 'ClosedReferred'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_assessments')
            .select('case_assessments.id')
            .whereRef('case_assessments.case_id', '=', 'cases.id')
            .where('case_assessments.kind', '=', 'best_interest')
            .where('case_assessments.completed_on', 'is not', null),
        ),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** True when the person has an open child case (unaccompanied or separated) in the organisation. */
export async function hasOpenChildCase(db: Db, organisationId: string, beneficiaryId: string): Promise<boolean> {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('beneficiary_id', '=', beneficiaryId)
    .where('type', '=', 'child')
    .where('status', 'not in', ['Closed', 'ClosedReferred'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
