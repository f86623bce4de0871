import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';

/** The longest window any rate limit uses (the hourly limits on exports, public forms and tracking codes), with margin. */
export const LONGEST_RATE_WINDOW_MS = 24 * 3_600_000;

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
): Promise<{ sessions: number; idempotencyKeys: number; rateLimits: number; passwordResets: number }> {
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
  // Windows of other limits (exports, public forms, tracking-code guesses) last up to an hour: a window is only
  // finished, and safe to forget, once the longest of them has passed, else a limit would restart early.
  const limits = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', iso(Math.max(config.loginWindowMs, LONGEST_RATE_WINDOW_MS)))
    .executeTakeFirst();
  // Password reset links once expired (used ones expire too): only the hash of a token that no longer works.
  const resets = await db.deleteFrom('password_resets').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    idempotencyKeys: Number(keys.numDeletedRows),
    rateLimits: Number(limits.numDeletedRows),
    passwordResets: Number(resets.numDeletedRows),
  };
}
