import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';

/** Idempotency keys are kept this long: long enough for any client retry, short enough to hold little. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/**
 * Deletes what has expired: sessions past their idle or absolute timeout, idempotency keys older than a day and
 * finished rate-limit windows. Safe to run from every server at once (each delete is idempotent).
 */
export async function purgeExpired(
  db: Db,
  config: Config,
  now: Date,
): Promise<{ sessions: number; idempotencyKeys: number; rateLimits: number }> {
  const iso = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([eb('absolute_expires_at', '<=', now.toISOString()), eb('last_seen_at', '<', iso(config.sessionIdleMs))]),
    )
    .executeTakeFirst();
  const keys = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', iso(IDEMPOTENCY_TTL_MS))
    .executeTakeFirst();
  const limits = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', iso(config.loginWindowMs))
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    idempotencyKeys: Number(keys.numDeletedRows),
    rateLimits: Number(limits.numDeletedRows),
  };
}
