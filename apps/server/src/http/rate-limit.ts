import { createHmac } from 'node:crypto';
import { type Db, relaxedWriterOf } from '../db/database.ts';
import { DomainError } from '../errors.ts';

/**
 * The rate-limit key of a client address: a keyed hash (HMAC-SHA-256 with the server's secret key), so the
 * table holds no address and a leaked table cannot be reversed by hashing all 2^32 IPv4 addresses (D4).
 * Every server of one deployment shares the secret key, so they agree on the key of an address.
 */
export const addressKey = (secretKey: Buffer, ip: string): string =>
  createHmac('sha256', secretKey).update(`rate-limit-address\n${ip}`).digest('base64url').slice(0, 32);

const tooMany = (startedMs: number, windowMs: number, nowMs: number, message: string): DomainError =>
  new DomainError('rate_limited', message, {
    retryAfterSeconds: Math.max(1, Math.ceil((startedMs + windowMs - nowMs) / 1000)),
  });

/**
 * Fixed-window counters kept in the database, so every server behind a load balancer shares them.
 *
 * Counts one event and refuses it when it is beyond `max` in the bucket's window, in ONE statement (an upsert
 * answering the new count): cheap enough for every public read, and atomic on both engines, so concurrent
 * requests on several servers never both slip under the limit. A refused request is counted too (a flood keeps its
 * window full; the window still ends on time).
 */
export async function takeRateLimit(
  db: Db,
  bucket: string,
  max: number,
  windowMs: number,
  now: Date,
  message = 'Too many attempts; wait before trying again.',
): Promise<void> {
  const query = upsertHit(db, bucket, windowMs, now).returning(['hits', 'window_start']);
  // On SQLite the counter skips its own fsync (losing a minute's count on a power cut is harmless); see database.ts.
  const compiled = query.compile();
  const direct = relaxedWriterOf(db)?.(compiled.sql, compiled.parameters);
  const row = direct
    ? ((await direct)[0] as { hits: number; window_start: string })
    : await query.executeTakeFirstOrThrow();
  if (row.hits > max) throw tooMany(Date.parse(row.window_start), windowMs, now.getTime(), message);
}

function upsertHit(db: Db, bucket: string, windowMs: number, now: Date) {
  const windowFloor = new Date(now.getTime() - windowMs).toISOString();
  return db
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
    );
}

/**
 * Gives back one event taken with takeRateLimit (an attempt that turned out to be one the limit is not about: a
 * login that succeeded counts against the address only while it is being checked).
 */
export async function giveBackRateLimit(db: Db, bucket: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('bucket', '=', bucket)
    .where('hits', '>', 0)
    .execute();
}

/** Clears a bucket (after a successful login, for example). */
export async function resetRateLimit(db: Db, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
}
