import type { Locale } from '@corridor/contracts';
import type { AppDeps } from '../app-deps.ts';
import type { Trx } from '../db/database.ts';
import { DomainError, notFound } from '../errors.ts';
import { sha256 } from '../http/authenticate.ts';
import type { Principal } from '../http/principal.ts';
import { type NewSession, openSession } from './auth.service.ts';
import * as repo from './identity.repository.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.ts';
import { open, seal } from './secret-box.ts';
import { matchTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode } from './totp.ts';

/**
 * A second factor in use is never replaced from a session: whoever took over a signed-in browser could otherwise
 * put their own authenticator in its place. Moving it to another device goes through an administrator's reset of
 * the second factor (users.routes.ts), after which the person sets it up again at their next sign-in.
 */
function refuseReplacingFactor(user: { totp_enabled_at: string | null }): void {
  if (user.totp_enabled_at)
    throw new DomainError(
      'conflict',
      'Your authenticator app is already set up. To move it to another device, ask an administrator to reset your second factor; you set it up again at your next sign-in.',
    );
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
 * issued (shown once, stored hashed) and, for a session that had to enrol, the session is upgraded.
 */
export async function activateTotp(
  deps: AppDeps,
  trx: Trx,
  principal: Principal,
  code: string,
  now: Date,
): Promise<{ recoveryCodes: string[]; session: NewSession | null }> {
  if (principal.secondFactor === 'verify')
    throw new DomainError('second_factor_required', 'Give your current second factor first.');
  const user = await repo.findUser(trx, principal.userId);
  if (!user) throw notFound('user');
  refuseReplacingFactor(user);
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
  const recoveryCodes = newRecoveryCodes();
  await repo.replaceRecoveryCodes(
    trx,
    user.id,
    recoveryCodes.map((c) => sha256(normaliseRecoveryCode(c))),
  );
  let session: NewSession | null = null;
  if (principal.secondFactor === 'enrol' && principal.sessionIdHash) {
    await repo.deleteSession(trx, principal.sessionIdHash);
    session = await openSession(deps, trx, user.id, 'none', now);
    await repo.updateUserFields(trx, user.id, { last_login_at: now.toISOString() });
  }
  return { recoveryCodes, session };
}

/** Changes the caller's own password and ends their other sessions. */
export async function changePassword(
  trx: Trx,
  principal: Principal,
  current: string,
  next: string,
  now: Date,
): Promise<void> {
  const user = await repo.findUser(trx, principal.userId);
  if (!user) throw notFound('user');
  if (!(await verifyPassword(user.password_hash, current))) {
    throw new DomainError('invalid_credentials', 'The current password is not correct.');
  }
  assertPasswordAcceptable(next, { email: user.email, name: user.display_name });
  const ok = await repo.updateUserVersioned(
    trx,
    user.id,
    user.version,
    { password_hash: await hashPassword(next) },
    now.toISOString(),
  );
  if (!ok) throw new DomainError('conflict', 'Your account changed meanwhile; try again.');
  await repo.deleteUserSessions(trx, user.id, principal.sessionIdHash);
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
