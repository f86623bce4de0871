import { randomUUID } from 'node:crypto';
import { type Locale, PLATFORM_GRANTED_ROLES, type Role } from '@corridor/contracts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { type CheckRule, DomainError, notFound } from '../errors.ts';
import { hasAnyRole, isPlatformAdmin, type Principal } from '../http/principal.ts';
import { noticeAccountChange } from './account-notices.ts';
import { canActInOrganisation } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { assertPasswordAcceptable, hashPassword } from './passwords.ts';

export type NewUserInput = {
  organisationId: string;
  email: string;
  displayName: string;
  roles: Role[];
  locale: Locale;
  password: string;
};

/** Creates a user with a checked, argon2id-hashed password. Used by the API, the CLI and the demo seed. */
export async function createUser(trx: Trx, input: NewUserInput, now: Date): Promise<repo.UserWithRoles> {
  assertPasswordAcceptable(input.password, { email: input.email, name: input.displayName });
  if (!(await repo.findOrganisation(trx, input.organisationId))) {
    throw new DomainError('invalid_reference', 'The organisation does not exist.');
  }
  if (await repo.findUserByEmail(trx, input.email))
    throw new DomainError('conflict', 'Another user already has this email.');
  const id = randomUUID();
  await repo.insertUser(
    trx,
    {
      id,
      organisation_id: input.organisationId,
      email: input.email,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      locale: input.locale,
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      disabled_at: null,
      last_login_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      version: 1,
    },
    input.roles,
  );
  return (await repo.findUser(trx, id))!;
}

/** A refusal of roles, pointing at the `roles` field with the rule a client words it by. */
const rolesRefused = (code: 'forbidden' | 'conflict', detail: string, message: string, rule: CheckRule) =>
  new DomainError(code, detail, {
    errors: [{ location: 'body', pointer: '/roles', message, code: 'custom', params: { rule } }],
  });

/**
 * The caller may give a user of `organisationId` these roles? `held` are the roles the user has already (an update
 * that keeps a role granted earlier is not a new grant). Throws when not.
 *
 * The platform administrator role acts on every organisation, so it stays with the platform's own staff. Corridor
 * marks no organisation as the platform's: the platform's organisation is that of the platform administrator who
 * grants the role, so a platform administrator gives it only to people of their own organisation (docs/accounts.md).
 */
export function assertMayAssign(
  p: Principal,
  organisationId: string,
  roles: readonly Role[],
  held: readonly Role[] = [],
): void {
  if (!canActInOrganisation(p, organisationId))
    throw new DomainError('forbidden', 'You may only manage users of your own organisation.');
  const granted = roles.filter((r) => PLATFORM_GRANTED_ROLES.includes(r) && !held.includes(r));
  if (isPlatformAdmin(p)) {
    if (granted.includes('platform_admin') && organisationId !== p.organisationId)
      throw rolesRefused(
        'conflict',
        'The platform administrator role is given only to people of the platform’s own organisation; give this person the administrator role of their organisation instead.',
        'only for people of the platform’s own organisation',
        'platform_organisation',
      );
    return;
  }
  if (granted.includes('platform_admin'))
    throw rolesRefused(
      'forbidden',
      'Only a platform administrator may grant the platform administrator role.',
      'only a platform administrator may grant this role',
      'platform_grant',
    );
  if (granted.length > 0)
    throw rolesRefused(
      'forbidden',
      `Only a platform administrator may grant the ${granted.join(' and ')} role${granted.length > 1 ? 's' : ''}: they act on every organisation's recruiters.`,
      'only a platform administrator may grant this role',
      'platform_grant',
    );
}

/** One user the caller may see (themselves, their organisation for managing roles, anyone for platform admins). */
export async function getUser(db: Db, p: Principal, id: string): Promise<repo.UserWithRoles> {
  const u = await repo.findUser(db, id);
  const visible =
    u &&
    (u.id === p.userId ||
      isPlatformAdmin(p) ||
      (u.organisation_id === p.organisationId && hasAnyRole(p, 'admin', 'supervisor', 'auditor')));
  if (!u || !visible) throw notFound('user');
  return u;
}

/** Users of the caller's organisation (or of any, for platform administrators), by email. */
export async function listUsersFor(
  db: Db,
  engine: Engine,
  p: Principal,
  q: { organisationId?: string | undefined; search?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const organisationId = isPlatformAdmin(p) ? q.organisationId : p.organisationId;
  const rows = await repo.listUsers(db, engine, {
    ...(organisationId ? { organisationId } : {}),
    ...(q.search ? { search: q.search } : {}),
    ...(q.cursor ? { afterEmail: q.cursor } : {}),
    limit: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  return { items, next: more ? (items[items.length - 1]?.email ?? null) : null };
}

/** The people of the caller's own organisation by name (never e-mail or roles), for case staff who may not list users. */
export async function listColleaguesOf(db: Db, p: Principal) {
  const rows = await repo.listColleagues(db, p.organisationId);
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, disabled: r.disabled_at !== null }));
}

export type UserChanges = { displayName?: string; roles?: Role[]; locale?: Locale; disabled?: boolean };

/**
 * Updates a user under optimistic concurrency. Disabling ends every session of the user at once; an
 * administrator cannot disable themselves or drop their own administrator role (no lock-out).
 */
export async function updateUser(trx: Trx, p: Principal, id: string, version: number, c: UserChanges, now: Date) {
  const before = await repo.findUser(trx, id);
  if (!before || !canActInOrganisation(p, before.organisation_id)) throw notFound('user');
  if (c.roles) assertMayAssign(p, before.organisation_id, c.roles, before.roles);
  if (before.roles.includes('platform_admin') && !isPlatformAdmin(p)) {
    throw new DomainError('forbidden', 'Only a platform administrator may change a platform administrator.');
  }
  if (id === p.userId && c.disabled) throw new DomainError('conflict', 'You cannot disable your own account.');
  if (
    id === p.userId &&
    c.roles &&
    !c.roles.some((r) => p.roles.includes(r) && (r === 'admin' || r === 'platform_admin'))
  ) {
    throw new DomainError('conflict', 'You cannot remove your own administrator role.');
  }
  const ok = await repo.updateUserVersioned(
    trx,
    id,
    version,
    {
      ...(c.displayName !== undefined ? { display_name: c.displayName } : {}),
      ...(c.locale !== undefined ? { locale: c.locale } : {}),
      ...(c.disabled !== undefined
        ? { disabled_at: c.disabled ? (before.disabled_at ?? now.toISOString()) : null }
        : {}),
    },
    now.toISOString(),
  );
  if (!ok) throw new DomainError('precondition_failed', 'The user changed since you read it; reload and retry.');
  if (c.roles) await repo.setUserRoles(trx, id, c.roles);
  if (c.disabled) await repo.deleteUserSessions(trx, id);
  return { before, after: (await repo.findUser(trx, id))! };
}

/** Removes a user's second factor (lost phone and codes); they must enrol again at next sign-in. */
export async function resetSecondFactor(trx: Trx, p: Principal, id: string, now: Date): Promise<repo.UserWithRoles> {
  const u = await repo.findUser(trx, id);
  if (!u || !canActInOrganisation(p, u.organisation_id)) throw notFound('user');
  if (u.roles.includes('platform_admin') && !isPlatformAdmin(p))
    throw new DomainError(
      'forbidden',
      "Only a platform administrator may reset a platform administrator's second factor.",
    );
  // One's own factor is changed on one's account page, where the password and a code are asked again: a signed-in
  // browser alone is never enough to remove it (docs/accounts.md).
  if (id === p.userId)
    throw new DomainError(
      'conflict',
      'You cannot reset your own authenticator app. To move it to another device, use "Move to another device" on your account page (your password and a code are asked); if you have lost both the app and your recovery codes, ask another administrator.',
    );
  if (!u.totp_enabled_at)
    throw new DomainError(
      'invalid_transition',
      'This account has no authenticator app set up, so there is nothing to reset: the person sets one up at their next sign-in.',
    );
  await repo.updateUserFields(trx, id, {
    totp_secret: null,
    totp_pending_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
  });
  await trx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
  await repo.deleteUserSessions(trx, id);
  await noticeAccountChange(trx, u, 'second_factor_reset', now);
  return u;
}
