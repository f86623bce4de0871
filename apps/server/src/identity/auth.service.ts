import { randomBytes } from 'node:crypto';
import type { Role } from '@corridor/contracts';
import type { AppDeps } from '../app-deps.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import { sha256 } from '../http/authenticate.ts';
import type { Principal } from '../http/principal.ts';
import { addressKey, giveBackRateLimit, resetRateLimit, takeRateLimit } from '../http/rate-limit.ts';
import * as repo from './identity.repository.ts';
import { hashPassword, needsRehash, verifyDecoy, verifyPassword } from './passwords.ts';
import { open } from './secret-box.ts';
import { matchTotp, normaliseRecoveryCode } from './totp.ts';

/** Session states stored in `sessions.mfa_pending`. */
const STEP = { none: 0, verify: 1, enrol: 2 } as const;
const STEP_NAME = ['none', 'verify', 'enrol'] as const;
/** last_seen_at is written at most this often, so reads do not all become writes. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Waits for a "last seen" or "last used" stamp at most a moment. When the database is busy with another process's
 * long write (a bulk import on the embedded database), the stamp finishes in the background, or fails quietly and
 * the next request stamps again; the request itself goes on.
 */
async function stamp(write: Promise<void>): Promise<void> {
  const settled = write.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, 100)))]);
  clearTimeout(timer);
}

/** What a new session needs to be set as a cookie. */
export type NewSession = { token: string; csrfToken: string; step: 'none' | 'verify' | 'enrol'; expiresAt: Date };

/** Writes one audit entry about a user in a transaction of its own (the work it records is not, or not yet, done). */
export async function auditOutside(
  deps: AppDeps,
  actor: AuditActor,
  action: string,
  entityId: string | null,
  organisationId: string | null,
  now: Date,
  details?: Record<string, unknown>,
) {
  await deps.database.db
    .transaction()
    .execute((trx) =>
      recordAudit(
        trx,
        deps.database.engine,
        actor,
        { action, entityType: 'user', entityId, organisationId, ...(details ? { details } : {}) },
        now,
      ),
    );
}

/** Opens a session row for a user who has just proved their password. */
export async function openSession(
  deps: AppDeps,
  db: Db,
  userId: string,
  step: NewSession['step'],
  now: Date,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteMs);
  await repo.insertSession(db, {
    id_hash: sha256(token),
    user_id: userId,
    csrf_token: csrfToken,
    mfa_pending: STEP[step],
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    absolute_expires_at: expiresAt.toISOString(),
  });
  return { token, csrfToken, step, expiresAt };
}

/**
 * How many failed sign-ins one client address may make in a window, as a multiple of an account's limit. Many people
 * share an address (an office or a camp behind one NAT, a mobile operator's gateway), so the address's limit is only
 * a brake on someone trying many accounts from one place; the lockout that protects an account is the account's own.
 */
const ADDRESS_LIMIT_FACTOR = 10;

/**
 * Counts one sign-in attempt in a bucket; beyond `max` in the window, refused with a 429 whose Retry-After and
 * sentence say how long to wait (the same sentence whatever the bucket, so it reveals nothing of the account).
 */
async function takeSignIn(db: Db, bucket: string, max: number, windowMs: number, now: Date): Promise<void> {
  try {
    await takeRateLimit(db, bucket, max, windowMs, now);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'rate_limited') throw err;
    const seconds = err.extra.retryAfterSeconds ?? Math.ceil(windowMs / 1000);
    throw new DomainError('rate_limited', signInWait(seconds), { retryAfterSeconds: seconds });
  }
}

/** True for the first call with this bucket in a window, false for the others (a latch, shared by every server). */
async function firstInWindow(db: Db, bucket: string, windowMs: number, now: Date): Promise<boolean> {
  try {
    await takeRateLimit(db, bucket, 1, windowMs, now);
    return true;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'rate_limited') return false;
    throw err;
  }
}

/** The sentence of a refused sign-in: how many minutes to wait (the problem's `retryAfter` gives the seconds). */
export const signInWait = (seconds: number): string => {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Too many failed sign-ins; wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
};

/**
 * Password login. Unknown account, wrong password and disabled account give the same answer after the same work,
 * so the response reveals nothing about whether an account exists. Attempts are limited in the database, so that
 * every server shares the count: per account (`loginMaxAttempts` failures in the window lock the account, whatever
 * the address), per account and address (not cleared when the person signs in from elsewhere, so that someone
 * guessing from one place gets no fresh attempts each time the owner signs in), and per address only at a much
 * higher count (ADDRESS_LIMIT_FACTOR), so that one person's typing errors never lock out their colleagues behind
 * the same address.
 */
export async function login(
  deps: AppDeps,
  email: string,
  password: string,
  ip: string,
  now: Date,
): Promise<NewSession> {
  const db = deps.database.db;
  const { loginMaxAttempts: max, loginWindowMs: win } = deps.config;
  const address = addressKey(deps.secretKey, ip);
  const account = sha256(email);
  const buckets = {
    address: `login:ip:${address}`,
    account: `login:account:${account}`,
    accountAddress: `login:account-ip:${account}:${address}`,
  };
  // Every attempt is counted before the password is checked (one statement a bucket, atomic on both engines), so
  // attempts sent at once, to one server or several, never slip past the limit together; a success gives its
  // count back.
  await takeSignIn(db, buckets.address, max * ADDRESS_LIMIT_FACTOR, win, now);
  await takeSignIn(db, buckets.account, max, win, now);
  await takeSignIn(db, buckets.accountAddress, max, win, now);

  const user = await repo.findUserByEmail(db, email);
  let ok = false;
  if (user) ok = await verifyPassword(user.password_hash, password);
  else await verifyDecoy(password);
  if (!user || !ok || user.disabled_at) {
    // The entry names the account's organisation when there is one, so that its administrators see attempts on
    // their people's accounts (the caller is told nothing of it). The failure that fills the account's count is
    // noted too: the account is locked for the rest of the window (an unknown address alike, the same work).
    const actor = { userId: null, organisationId: null, roles: ['anonymous'] };
    const organisationId = user?.organisation_id ?? null;
    await auditOutside(deps, actor, 'auth.login_failed', user?.id ?? null, organisationId, now);
    const count = await db
      .selectFrom('rate_limits')
      .select(['hits', 'window_start'])
      .where('bucket', '=', buckets.account)
      .executeTakeFirst();
    // Noted once a lock: a latch of its own for the count's window (failures sent at once may all see it full).
    const started = count ? new Date(Date.parse(String(count.window_start))).toISOString() : '';
    if (count && count.hits >= max && (await firstInWindow(db, `login:locked:${account}:${started}`, win, now))) {
      const until = new Date(Date.parse(started) + win).toISOString();
      await auditOutside(deps, actor, 'auth.login_locked', user?.id ?? null, organisationId, now, { until });
    }
    throw new DomainError('invalid_credentials', 'Check your email and password and try again.');
  }
  await resetRateLimit(db, buckets.account);
  await resetRateLimit(db, buckets.accountAddress);
  await giveBackRateLimit(db, buckets.address);
  if (needsRehash(user.password_hash))
    await repo.updateUserFields(db, user.id, { password_hash: await hashPassword(password) });
  const step = user.totp_enabled_at ? 'verify' : requiresSecondFactor(deps, user.roles) ? 'enrol' : 'none';
  const session = await openSession(deps, db, user.id, step, now);
  if (step === 'none') await repo.updateUserFields(db, user.id, { last_login_at: now.toISOString() });
  await auditOutside(
    deps,
    { userId: user.id, organisationId: user.organisation_id, roles: user.roles },
    'auth.login',
    user.id,
    user.organisation_id,
    now,
  );
  return session;
}

/** True when one of the roles gives access to case data, so a second factor is mandatory (SECURITY.md). */
export function requiresSecondFactor(deps: AppDeps, roles: readonly Role[]): boolean {
  return roles.some((r) => deps.config.mfaRequiredRoles.includes(r));
}

/** Resolves a session cookie to its principal, ending sessions that are idle, too old or of a disabled user. */
export async function principalFromSession(deps: AppDeps, token: string, now: Date): Promise<Principal | null> {
  const db = deps.database.db;
  const idHash = sha256(token);
  const s = await repo.findSessionWithUser(db, idHash);
  if (!s) return null;
  const idle = now.getTime() - Date.parse(s.last_seen_at);
  if (s.disabled_at || idle > deps.config.sessionIdleMs || now.getTime() >= Date.parse(s.absolute_expires_at)) {
    await repo.deleteSession(db, idHash);
    return null;
  }
  if (idle > TOUCH_EVERY_MS) await stamp(repo.touchSession(db, idHash, now.toISOString()));
  return {
    kind: 'session',
    userId: s.user_id,
    id: s.user_id,
    organisationId: s.organisation_id,
    roles: s.roles,
    secondFactor: STEP_NAME[s.mfa_pending] ?? 'verify',
    sessionIdHash: idHash,
    csrfToken: s.csrf_token,
  };
}

/**
 * Resolves an API token. A token acts with the roles it was given, never more than its creator still holds, and
 * stops working when it expires, is revoked or its creator is disabled.
 */
export async function principalFromToken(deps: AppDeps, secret: string, now: Date): Promise<Principal | null> {
  const db = deps.database.db;
  const t = await repo.findApiTokenBySecretHash(db, sha256(secret));
  if (!t || t.revoked_at || t.disabled_at || now.getTime() >= Date.parse(t.expires_at)) return null;
  const roles = (t.roles.split(' ') as Role[]).filter((r) => t.creatorRoles.includes(r));
  if (!t.last_used_at || now.getTime() - Date.parse(t.last_used_at) > TOUCH_EVERY_MS) {
    await stamp(repo.touchApiToken(db, t.id, now.toISOString()));
  }
  return {
    kind: 'token',
    userId: t.created_by,
    id: `token:${t.id}`,
    organisationId: t.organisation_id,
    roles,
    secondFactor: 'none',
    tokenId: t.id,
  };
}

/**
 * Whether the code is the user's current TOTP code (a step not used before, then taken) or one of their unused
 * recovery codes (then used up).
 */
export async function factorMatches(
  deps: AppDeps,
  user: { id: string; totp_secret: string | null },
  input: { code?: string | undefined; recoveryCode?: string | undefined },
  now: Date,
): Promise<boolean> {
  const db = deps.database.db;
  if (user.totp_secret && input.code) {
    const step = matchTotp(open(deps.secretKey, user.totp_secret), input.code, now);
    return step !== null && (await repo.advanceTotpStep(db, user.id, step));
  }
  if (input.recoveryCode)
    return repo.consumeRecoveryCode(db, user.id, sha256(normaliseRecoveryCode(input.recoveryCode)), now.toISOString());
  return false;
}

/**
 * Checks the second factor (a TOTP code, or a one-time recovery code) and, when right, replaces the session with
 * a fresh one (new cookie, new CSRF token) so a token seen before the second factor is worth nothing after it.
 */
export async function verifySecondFactor(
  deps: AppDeps,
  principal: Principal,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
  now: Date,
): Promise<NewSession> {
  const db = deps.database.db;
  if (principal.secondFactor !== 'verify' || !principal.sessionIdHash) {
    throw new DomainError('conflict', 'This session is not waiting for a second factor.');
  }
  const bucket = `mfa:${principal.userId}`;
  // Counted before the code is checked, so codes sent at once never slip past the limit together.
  await takeRateLimit(db, bucket, deps.config.loginMaxAttempts, deps.config.loginWindowMs, now);
  const user = await repo.findUser(db, principal.userId);
  const ok = user ? await factorMatches(deps, user, input, now) : false;
  const actor = { userId: principal.userId, organisationId: principal.organisationId, roles: principal.roles };
  if (!ok || !user) {
    await auditOutside(deps, actor, 'auth.second_factor_failed', principal.userId, principal.organisationId, now);
    throw new DomainError('invalid_second_factor', 'The code is not correct or was already used.');
  }
  await resetRateLimit(db, bucket);
  await repo.deleteSession(db, principal.sessionIdHash);
  const session = await openSession(deps, db, user.id, 'none', now);
  await repo.updateUserFields(db, user.id, { last_login_at: now.toISOString() });
  const action = input.recoveryCode ? 'auth.recovery_code_used' : 'auth.second_factor';
  await auditOutside(deps, actor, action, user.id, user.organisation_id, now);
  return session;
}

/** Ends the caller's session. */
export async function logout(db: Db, principal: Principal): Promise<void> {
  if (principal.sessionIdHash) await repo.deleteSession(db, principal.sessionIdHash);
}
