// SQL of the consent ledger: append and read, never update or delete (the ledger is append-only).
import { insertMany } from '../db/bulk-insert.ts';
import type { Db, Trx } from '../db/database.ts';
import type { ConsentEventRow, ConsentEventTable } from './consent.table.ts';

/** Appends one event. */
export async function insertConsentEvent(trx: Trx, row: ConsentEventTable): Promise<void> {
  await trx.insertInto('consent_events').values(row).execute();
}

/** Appends many events in multi-row statements compiled once (db/bulk-insert.ts). */
export async function insertConsentEvents(trx: Trx, rows: readonly ConsentEventTable[]): Promise<void> {
  await insertMany(
    trx,
    'consent_events',
    [
      'id',
      'organisation_id',
      'beneficiary_id',
      'purpose',
      'recipient_organisation_id',
      'basis',
      'action',
      'information_given',
      'child_assent',
      'recorded_by',
      'recorded_at',
      'expires_at',
    ],
    rows,
    1000,
  );
}

/** The latest event of a person for one purpose and recipient (null recipient matches only null). */
export function latestConsentEvent(
  db: Db,
  q: { beneficiaryId: string; purpose: string; recipientOrganisationId: string | null },
): Promise<ConsentEventRow | undefined> {
  let query = db
    .selectFrom('consent_events')
    .selectAll()
    .where('beneficiary_id', '=', q.beneficiaryId)
    .where('purpose', '=', q.purpose);
  query =
    q.recipientOrganisationId === null
      ? query.where('recipient_organisation_id', 'is', null)
      : query.where('recipient_organisation_id', '=', q.recipientOrganisationId);
  return query.orderBy('recorded_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Every event of several people for one purpose without a recipient (bulk checks of the current basis). */
export function purposeEventsOf(
  db: Db,
  beneficiaryIds: readonly string[],
  purpose: string,
): Promise<ConsentEventRow[]> {
  if (beneficiaryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('consent_events')
    .selectAll()
    .where('beneficiary_id', 'in', [...beneficiaryIds])
    .where('purpose', '=', purpose)
    .where('recipient_organisation_id', 'is', null)
    .execute();
}

/** The time of a person's latest event of any purpose, or null when the ledger is empty. */
export async function latestRecordedAt(db: Db, beneficiaryId: string): Promise<string | null> {
  const r = await db
    .selectFrom('consent_events')
    .select((eb) => eb.fn.max('recorded_at').as('at'))
    .where('beneficiary_id', '=', beneficiaryId)
    .executeTakeFirst();
  return (r?.at as string | null | undefined) ?? null;
}

/** Every event of a person, oldest first. */
export function consentEventsOf(db: Db, beneficiaryId: string): Promise<ConsentEventRow[]> {
  return db
    .selectFrom('consent_events')
    .selectAll()
    .where('beneficiary_id', '=', beneficiaryId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}
