import type { Locale, Reauthentication, SecondFactorStatus } from '@corridor/contracts';
import type { AppDeps } from '../app-deps.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, invalidField, notFound } from '../errors.ts';
import { sha256 } from '../http/authenticate.ts';
import type { Principal } from '../http/principal.ts';
import { resetRateLimit, takeRateLimit } from '../http/rate-limit.ts';
import { noticeAccountChange } from './account-notices.ts';
import { auditOutside, factorMatches, type NewSession, openSession, requiresSecondFactor } from './auth.service.ts';
import * as repo from './identity.repository.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts';
import { open, seal } from './secret-box.ts';
import { matchTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode } from './totp.ts';

/**
 * A second factor in use is never replaced from a session alone: whoever took over a signed-in browser could
 * otherwise put their own authenticator in its place. Moving it to another device starts with the password and the
 * current factor again (`startTotpReplacement`); an administrator's reset (users.routes.ts) remains for a person
 * who has lost both the app and the recovery codes.
 */
function refuseReplacingFactor(user: { totp_enabled_at: string | null }): void {
  if (user.totp_enabled_at)
    throw new DomainError(
      'conflict',
      'Your authenticator app is already set up. To move it to another device, use "Move to another device" on your account page (your password and a code are asked); if you have lost both the app and your recovery codes, ask an administrator to reset your second factor.',
    );
}

/**
 * Checks, from a signed-in session, that the account holder is at the keyboard: the password and, when asked, the
 * second factor (a recovery code given here is used up). Each attempt counts against the person's own limit
 * before anything is checked, in the database, so a taken-over session cannot try passwords or codes without end;
 * a success gives the count back. A failure is audited in a transaction of its own.
 */
async function reauthenticate(
  deps: AppDeps,
  principal: Principal,
  input: { password: string; code?: string | undefined; recoveryCode?: string | undefined },
  withFactor: boolean,
  now: Date,
): Promise<repo.UserWithRoles> {
  const db = deps.database.db;
  const bucket = `reauth:${principal.userId}`;
  await takeRateLimit(db, bucket, deps.config.loginMaxAttempts, deps.config.loginWindowMs, now);
  const user = await repo.findUser(db, principal.userId);
  if (!user) throw notFound('user');
  const failed = async (code: 'invalid_credentials' | 'invalid_second_factor', message: string) => {
    await auditOutside(deps, actorOf(principal), 'auth.reauthentication_failed', user.id, user.organisation_id, now);
    return new DomainError(code, message);
  };
  if (!(await verifyPassword(user.password_hash, input.password)))
    throw await failed('invalid_credentials', 'The password is not correct.');
  if (withFactor) {
    if (!user.totp_secret || !user.totp_enabled_at)
      throw new DomainError('conflict', 'No authenticator app is set up for your account.');
    if (!(await factorMatches(deps, user, input, now)))
      throw await failed('invalid_second_factor', 'The code is not correct or was already used.');
  }
  await resetRateLimit(db, bucket);
  return user;
}

/** Ten new recovery codes (shown once, stored hashed) in place of the old ones, used or not. */
async function issueRecoveryCodes(trx: Trx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await repo.replaceRecoveryCodes(
    trx,
    userId,
    codes.map((c) => sha256(normaliseRecoveryCode(c))),
  );
  return codes;
}

/** The caller's own second factor: set up or not, required or not, and the recovery codes left. */
export async function secondFactorStatus(deps: AppDeps, db: Db, principal: Principal): Promise<SecondFactorStatus> {
  const user = await repo.findUser(db, principal.userId);
  if (!user) throw notFound('user');
  const codes = user.totp_enabled_at ? await repo.countRecoveryCodes(db, user.id) : { issued: 0, left: 0 };
  return {
    enabled: user.totp_enabled_at !== null,
    enabledAt: user.totp_enabled_at,
    required: requiresSecondFactor(deps, user.roles),
    recoveryCodesLeft: codes.left,
    recoveryCodesIssued: codes.issued,
  };
}

/** New recovery codes, after the password and the second factor: the old ones, used or not, stop working. */
export async function renewRecoveryCodes(
  deps: AppDeps,
  principal: Principal,
  input: Reauthentication,
  now: Date,
): Promise<string[]> {
  const user = await reauthenticate(deps, principal, input, true, now);
  return deps.database.db.transaction().execute(async (trx) => {
    const codes = await issueRecoveryCodes(trx, user.id);
    await noticeAccountChange(trx, user, 'recovery_codes_renewed', now);
    await recordAudit(
      trx,
      deps.database.engine,
      actorOf(principal),
      {
        action: 'auth.recovery_codes_renewed',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        details: { byRecoveryCode: input.recoveryCode !== undefined },
      },
      now,
    );
    return codes;
  });
}

/**
 * Starts moving the second factor to another device, after the password and the current factor: a new secret is
 * kept aside until a code from the new app proves it (`activateTotp`); until then the current app keeps working.
 */
export async function startTotpReplacement(
  deps: AppDeps,
  principal: Principal,
  input: Reauthentication,
  now: Date,
): Promise<{ secret: string; otpauthUri: string }> {
  const user = await reauthenticate(deps, principal, input, true, now);
  const { secret, uri } = newTotpSecret(user.email);
  await deps.database.db.transaction().execute(async (trx) => {
    await repo.updateUserFields(trx, user.id, { totp_pending_secret: seal(deps.secretKey, secret) });
    await recordAudit(
      trx,
      deps.database.engine,
      actorOf(principal),
      {
        action: 'auth.totp_replacement_started',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        details: { byRecoveryCode: input.recoveryCode !== undefined },
      },
      now,
    );
  });
  return { secret, otpauthUri: uri };
}

/**
 * Starts TOTP enrolment: a new secret is kept aside (sealed) until the user proves it with a code. Refused while
 * the session still owes its second factor (a stolen password alone must not replace the factor).
 */
export async function enrolTotp(
  deps: AppDeps,
  trx: Trx,
  principal: Principal,
): Promise<{ secret: string; otpauthUri: string }> {
  if (principal.secondFactor === 'verify')
    throw new DomainError('second_factor_required', 'Give your current second factor first.');
  const user = await repo.findUser(trx, principal.userId);
  if (!user) throw notFound('user');
  refuseReplacingFactor(user);
  const { secret, uri } = newTotpSecret(user.email);
  await repo.updateUserFields(trx, user.id, { totp_pending_secret: seal(deps.secretKey, secret) });
  return { secret, otpauthUri: uri };
}

/**
 * Finishes enrolment with a code from the app: the pending secret becomes the factor, ten recovery codes are
 * issued (shown once, stored hashed) and, for a session that had to enrol, the session is upgraded. With a factor
 * already in use, a secret is pending only when `startTotpReplacement` checked the password and the factor: the new
 * app then takes the old one's place, and the person's other sessions end.
 */
export async function activateTotp(
  deps: AppDeps,
  trx: Trx,
  principal: Principal,
  code: string,
  now: Date,
): Promise<{ recoveryCodes: string[]; session: NewSession | null; replaced: boolean }> {
  if (principal.secondFactor === 'verify')
    throw new DomainError('second_factor_required', 'Give your current second factor first.');
  const user = await repo.findUser(trx, principal.userId);
  if (!user) throw notFound('user');
  const replaced = user.totp_enabled_at !== null;
  if (replaced && !user.totp_pending_secret) refuseReplacingFactor(user);
  if (!user.totp_pending_secret)
    throw new DomainError('conflict', 'Start the set-up again: there is no secret waiting.');
  const step = matchTotp(open(deps.secretKey, user.totp_pending_secret), code, now);
  if (step === null)
    throw new DomainError('invalid_second_factor', 'The code does not match; check the time on your phone.');
  await repo.updateUserFields(trx, user.id, {
    totp_secret: user.totp_pending_secret,
    totp_pending_secret: null,
    totp_enabled_at: now.toISOString(),
    totp_last_step: step,
  });
  const recoveryCodes = await issueRecoveryCodes(trx, user.id);
  if (replaced) {
    await repo.deleteUserSessions(trx, user.id, principal.sessionIdHash);
    await noticeAccountChange(trx, user, 'totp_replaced', now);
  }
  let session: NewSession | null = null;
  if (principal.secondFactor === 'enrol' && principal.sessionIdHash) {
    await repo.deleteSession(trx, principal.sessionIdHash);
    session = await openSession(deps, trx, user.id, 'none', now);
    await repo.updateUserFields(trx, user.id, { last_login_at: now.toISOString() });
  }
  return { recoveryCodes, session, replaced };
}

/**
 * Changes the caller's own password and ends their other sessions. The current password is checked against the
 * person's own attempt limit, so a taken-over session cannot guess it without end.
 */
export async function changePassword(
  deps: AppDeps,
  principal: Principal,
  current: string,
  next: string,
  now: Date,
): Promise<void> {
  const user = await reauthenticate(deps, principal, { password: current }, false, now);
  // The same password again changes nothing but would end the other sessions and send a notice: refused.
  if (next === current) throw invalidField('/newPassword', 'must differ from your current password', 'not_same');
  assertPasswordAcceptable(next, { email: user.email, name: user.display_name }, '/newPassword');
  const hash = await hashPassword(next);
  await deps.database.db.transaction().execute(async (trx) => {
    const ok = await repo.updateUserVersioned(trx, user.id, user.version, { password_hash: hash }, now.toISOString());
    if (!ok) throw new DomainError('conflict', 'Your account changed meanwhile; try again.');
    await repo.deleteUserSessions(trx, user.id, principal.sessionIdHash);
    await noticeAccountChange(trx, user, 'password_changed', now);
    await recordAudit(
      trx,
      deps.database.engine,
      actorOf(principal),
      { action: 'auth.password_changed', entityType: 'user', entityId: user.id, organisationId: user.organisation_id },
      now,
    );
  });
}

/**
 * Sets the language of the caller's own account; true when it changed. A change made meanwhile by an administrator
 * (its version) is simply overwritten for this one field: the person's own choice of language is the later word.
 */
export async function setOwnLanguage(trx: Trx, principal: Principal, locale: Locale, now: Date): Promise<boolean> {
  const user = await repo.findUser(trx, principal.userId);
  if (!user) throw notFound('user');
  if (user.locale === locale) return false;
  await repo.setUserLocale(trx, user.id, locale, now.toISOString());
  return true;
}

/** Decrypts a stored TOTP secret (used by the demo tooling and tests). */
export const revealTotpSecret = (deps: AppDeps, sealed: string): string => open(deps.secretKey, sealed);
