import type { Db, Trx } from '../db/database.ts';
import type { AuditRow, AuditTable } from './audit.table.ts';

/** The newest entry of the chain, or undefined when the log is empty. */
export function lastEntry(trx: Trx): Promise<Pick<AuditRow, 'seq' | 'hash'> | undefined> {
  return trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** Appends one entry (the only write this table ever receives). */
export async function insertEntry(trx: Trx, row: AuditTable): Promise<void> {
  await trx.insertInto('audit_log').values(row).execute();
}

/** Filters for browsing the log; `organisationId` undefined means every organisation. */
export type AuditFilter = {
  organisationId?: string | undefined;
  before?: number | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only sensitive reads (true) or only other entries (false). */
  sensitiveRead?: boolean | undefined;
  limit: number;
};

/** Newest-first page of entries matching the filter. */
export function findEntries(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.organisationId !== undefined) {
    const org = f.organisationId;
    q = q.where((eb) => eb.or([eb('organisation_id', '=', org), eb('actor_organisation_id', '=', org)]));
  }
  if (f.before !== undefined) q = q.where('seq', '<', f.before);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorUserId) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.sensitiveRead !== undefined) q = q.where('sensitive_read', '=', f.sensitiveRead ? 1 : 0);
  return q.orderBy('seq', 'desc').limit(f.limit).execute();
}

/** Streams the whole chain in order, a batch at a time. */
export async function* allEntries(db: Db, batch = 5000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) yield r;
    after = rows[rows.length - 1]!.seq;
  }
}
