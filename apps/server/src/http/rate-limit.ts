import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';

/**
 * Fixed-window counters kept in the database, so every server behind a load balancer shares them.
 * `hit` counts one event; `check` refuses when the bucket is full.
 */
export async function checkRateLimit(db: Db, bucket: string, max: number, windowMs: number, now: Date): Promise<void> {
  const row = await db.selectFrom('rate_limits').selectAll().where('bucket', '=', bucket).executeTakeFirst();
  if (!row) return;
  const started = Date.parse(row.window_start);
  if (now.getTime() - started >= windowMs) return;
  if (row.hits >= max) {
    const retryAfterSeconds = Math.max(1, Math.ceil((started + windowMs - now.getTime()) / 1000));
    throw new DomainError('rate_limited', 'Too many attempts; wait before trying again.', { retryAfterSeconds });
  }
}

/** Counts one event against the bucket, starting a new window when the old one has passed. */
export async function hitRateLimit(db: Db, bucket: string, windowMs: number, now: Date): Promise<void> {
  const windowFloor = new Date(now.getTime() - windowMs).toISOString();
  await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: now.toISOString(), hits: 1 })
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet((eb) => ({
        hits: eb
          .case()
          .when('rate_limits.window_start', '<=', windowFloor)
          .then(1)
          .else(eb('rate_limits.hits', '+', 1))
          .end(),
        window_start: eb
          .case()
          .when('rate_limits.window_start', '<=', windowFloor)
          .then(now.toISOString())
          .else(eb.ref('rate_limits.window_start'))
          .end(),
      })),
    )
    .execute();
}

/** Clears a bucket (after a successful login, for example). */
export async function resetRateLimit(db: Db, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
}
