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
) {
  await deps.database.db
    .transaction()
    .execute((trx) =>
      recordAudit(trx, deps.database.engine, actor, { action, entityType: 'user', entityId, organisationId }, now),
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
 * Password login. Unknown account, wrong password and disabled account give the same answer after the same work,
 * so the response reveals nothing about whether an account exists. Attempts are limited per address and per
 * account name, in the database so that every server shares the count.
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
  const buckets = [`login:ip:${addressKey(deps.secretKey, ip)}`, `login:account:${sha256(email)}`];
  // Every attempt is counted before the password is checked (one statement a bucket, atomic on both engines), so
  // attempts sent at once, to one server or several, never slip past the limit together; a success gives its
  // count back.
  for (const b of buckets) await takeRateLimit(db, b, max, win, now);

  const user = await repo.findUserByEmail(db, email);
  let ok = false;
  if (user) ok = await verifyPassword(user.password_hash, password);
  else await verifyDecoy(password);
  if (!user || !ok || user.disabled_at) {
    const actor = { userId: null, organisationId: null, roles: ['anonymous'] };
    await auditOutside(deps, actor, 'auth.login_failed', user?.id ?? null, user?.organisation_id ?? null, now);
    throw new DomainError('invalid_credentials', 'Check your email and password and try again.');
  }
  await resetRateLimit(db, buckets[1]!);
  await giveBackRateLimit(db, buckets[0]!);
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
