import type { Role } from '@corridor/contracts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { containsInsensitive } from '../db/dialects/index.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import { withField } from '../lib/objects.ts';
import type {
  ApiTokenRow,
  NewUserRow,
  OrganisationRow,
  OrganisationTable,
  SessionRow,
  UserRow,
  UserTable,
} from './identity.table.ts';

// ---- organisations

export function insertOrganisation(trx: Trx, row: OrganisationTable): Promise<unknown> {
  return trx.insertInto('organisations').values(row).execute();
}

export function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The select of an organisation's id (no row when there is none), compiled: for a caller that sends it with another read. */
export function organisationIdQuery(db: Db, id: string) {
  return db.selectFrom('organisations').select('id').where('id', '=', id).compile();
}

/** An organisation by its short code (codes are unique). */
export function findOrganisationByCode(db: Db, code: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Organisations ordered by code; `onlyId` restricts to one (a non-platform caller's own). */
export function listOrganisations(
  db: Db,
  opts: { onlyId?: string; afterCode?: string; limit: number },
): Promise<OrganisationRow[]> {
  let q = db.selectFrom('organisations').selectAll();
  if (opts.onlyId) q = q.where('id', '=', opts.onlyId);
  if (opts.afterCode) q = q.where('code', '>', opts.afterCode);
  return q.orderBy('code').limit(opts.limit).execute();
}

/** Updates when the version still matches; returns false when someone else changed it first. */
export async function updateOrganisationVersioned(
  trx: Trx,
  id: string,
  version: number,
  changes: Partial<
    Pick<
      OrganisationTable,
      'name' | 'kind' | 'country' | 'iati_identifier' | 'referrals_paused' | 'referral_services' | 'referral_note'
    >
  >,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('organisations')
    .set({ ...changes, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countOrganisations(db: Db): Promise<number> {
  const r = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- users

export type UserWithRoles = UserRow & { roles: Role[] };

async function withRoles(db: Db, users: UserRow[]): Promise<UserWithRoles[]> {
  if (users.length === 0) return [];
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  const byUser = new Map<string, Role[]>();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push(r.role as Role);
    byUser.set(r.user_id, list);
  }
  return users.map((u) => ({ ...u, roles: (byUser.get(u.id) ?? []).sort() }));
}

export async function insertUser(trx: Trx, row: NewUserRow, roles: readonly Role[]): Promise<void> {
  await trx.insertInto('users').values(row).execute();
  await setUserRoles(trx, row.id, roles);
}

export async function setUserRoles(trx: Trx, userId: string, roles: readonly Role[]): Promise<void> {
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  const unique = [...new Set(roles)];
  if (unique.length)
    await trx
      .insertInto('user_roles')
      .values(unique.map((role) => ({ user_id: userId, role })))
      .execute();
}

// One round trip for a user and their roles (a row per role): every authenticated request reads a user.
const userWithRolesQuery = preparedQuery<DB, { id: string }, UserRow & { role: string | null }>((db, arg) =>
  db
    .selectFrom('users')
    .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
    .selectAll('users')
    .select('user_roles.role')
    .where('users.id', '=', arg('id')),
);

export async function findUser(db: Db, id: string): Promise<UserWithRoles | undefined> {
  const rows = await userWithRolesQuery(db, { id });
  const first = rows[0];
  if (!first) return undefined;
  const { role: _role, ...user } = first;
  const roles = rows.flatMap((r) => (r.role ? [r.role as Role] : [])).sort();
  return withField(user, 'roles', roles);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserWithRoles | undefined> {
  const u = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return u ? (await withRoles(db, [u]))[0] : undefined;
}

export async function listUsers(
  db: Db,
  engine: Engine,
  opts: { organisationId?: string; afterEmail?: string; search?: string; limit: number },
): Promise<UserWithRoles[]> {
  let q = db.selectFrom('users').selectAll();
  if (opts.organisationId) q = q.where('organisation_id', '=', opts.organisationId);
  if (opts.afterEmail) q = q.where('email', '>', opts.afterEmail);
  if (opts.search) {
    const pattern = `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const op = containsInsensitive(engine);
    q = q.where((eb) => eb.or([eb('email', op, pattern), eb('display_name', op, pattern)]));
  }
  return withRoles(db, await q.orderBy('email').limit(opts.limit).execute());
}

/** The people of an organisation by name: id, display name and whether the account is disabled. */
export function listColleagues(db: Db, organisationId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'disabled_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

export async function updateUserVersioned(
  trx: Trx,
  id: string,
  version: number,
  changes: Partial<Pick<UserTable, 'display_name' | 'locale' | 'disabled_at' | 'password_hash'>>,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('users')
    .set({ ...changes, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets a user's language, whatever their version (which it moves on, so an edit from before it gets 412). */
export async function setUserLocale(trx: Trx, id: string, locale: string, now: string): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ locale, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function updateUserFields(
  db: Db,
  id: string,
  changes: Partial<
    Pick<
      UserTable,
      'password_hash' | 'last_login_at' | 'totp_secret' | 'totp_pending_secret' | 'totp_enabled_at' | 'totp_last_step'
    >
  >,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Accepts a TOTP step only if it is newer than the last one used (no replay); true when accepted. */
export async function advanceTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- recovery codes

export async function replaceRecoveryCodes(trx: Trx, userId: string, hashes: string[]): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
    .execute();
}

/** Marks a recovery code used; true when it existed and was unused. */
export async function consumeRecoveryCode(db: Db, userId: string, hash: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How many recovery codes the user was given with the last set, and how many of them are still unused. */
export async function countRecoveryCodes(db: Db, userId: string): Promise<{ issued: number; left: number }> {
  const rows = await db.selectFrom('recovery_codes').select('used_at').where('user_id', '=', userId).execute();
  return { issued: rows.length, left: rows.filter((r) => r.used_at === null).length };
}

// ---- sessions

export function insertSession(db: Db, row: SessionRow): Promise<unknown> {
  return db.insertInto('sessions').values(row).execute();
}

/** The session with its user, or undefined. */
// One round trip for a session, its user's state and the user's roles (a row per role).
const sessionQuery = preparedQuery<
  DB,
  { idHash: string },
  {
    id_hash: string;
    csrf_token: string;
    mfa_pending: number;
    last_seen_at: string;
    absolute_expires_at: string;
    user_id: string;
    organisation_id: string;
    disabled_at: string | null;
    role: string | null;
  }
>((db, arg) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.csrf_token',
      'sessions.mfa_pending',
      'sessions.last_seen_at',
      'sessions.absolute_expires_at',
      'users.id as user_id',
      'users.organisation_id',
      'users.disabled_at',
      'user_roles.role',
    ])
    .where('sessions.id_hash', '=', arg('idHash')),
);

/** The session with its user's state and roles, or undefined. */
export async function findSessionWithUser(db: Db, idHash: string) {
  const rows = await sessionQuery(db, { idHash });
  const first = rows[0];
  if (!first) return undefined;
  const { role: _r, ...session } = first;
  return withField(session, 'roles', rows.flatMap((r) => (r.role ? [r.role as Role] : [])).sort());
}

export async function rolesOf(db: Db, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role as Role).sort();
}

export async function touchSession(db: Db, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function setSessionMfa(db: Db, idHash: string, pending: number): Promise<void> {
  await db.updateTable('sessions').set({ mfa_pending: pending }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user (disabling, password change). */
export async function deleteUserSessions(db: Db, userId: string, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

// ---- API tokens

export function insertApiToken(trx: Trx, row: ApiTokenRow): Promise<unknown> {
  return trx.insertInto('api_tokens').values(row).execute();
}

// One round trip for a token, its creator's state and the creator's current roles (a row per role).
const tokenQuery = preparedQuery<
  DB,
  { secretHash: string },
  {
    id: string;
    organisation_id: string;
    created_by: string;
    roles: string;
    expires_at: string;
    revoked_at: string | null;
    last_used_at: string | null;
    disabled_at: string | null;
    creator_role: string | null;
  }
>((db, arg) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.created_by')
    .leftJoin('user_roles', 'user_roles.user_id', 'api_tokens.created_by')
    .select([
      'api_tokens.id',
      'api_tokens.organisation_id',
      'api_tokens.created_by',
      'api_tokens.roles',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.disabled_at',
      'user_roles.role as creator_role',
    ])
    .where('api_tokens.secret_hash', '=', arg('secretHash')),
);

/** The token with its creator's disabled state and current roles, or undefined. */
export async function findApiTokenBySecretHash(db: Db, secretHash: string) {
  const rows = await tokenQuery(db, { secretHash });
  const first = rows[0];
  if (!first) return undefined;
  const { creator_role: _r, ...token } = first;
  return withField(
    token,
    'creatorRoles',
    rows.flatMap((r) => (r.creator_role ? [r.creator_role as Role] : [])),
  );
}

export function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listApiTokens(db: Db, organisationId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(trx: Trx, id: string, now: string): Promise<void> {
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchApiToken(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
