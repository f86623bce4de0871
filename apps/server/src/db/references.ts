import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * The highest number among an organisation's human references with this prefix (e.g. `VOT-2026-` in `cases`,
 * `GRV-2026-` in `grievances`), 0 when there is none. References are numbered in order with six digits
 * (`VOT-2026-000042`); past 999,999 the numbers outgrow the padding and text order no longer follows number order
 * (`…-999999` sorts after `…-1000000`), so the highest text (one index probe) is the answer only below that; above
 * it the numbers are compared as numbers, which reads every reference of the prefix: only an organisation with a
 * million references of one prefix pays it.
 */
export async function lastReferenceNumber(
  db: Db,
  table: 'cases' | 'grievances',
  organisationId: string,
  prefix: string,
): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('reference').as('last'))
    .where('organisation_id', '=', organisationId)
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirst();
  const last = r?.last ?? undefined;
  if (!last) return 0;
  const n = Number(last.slice(prefix.length));
  if (n < 999_999) return n;
  const all = await db
    .selectFrom(table)
    .select(sql<number | string>`max(cast(substr(reference, ${prefix.length + 1}) as bigint))`.as('n'))
    .where('organisation_id', '=', organisationId)
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirst();
  return Math.max(n, Number(all?.n ?? 0));
}
