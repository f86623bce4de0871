// A forgotten password: the person asks for a link by e-mail and sets a new password with it. The answer to the
// request is the same whether or not an account has the address (nothing reveals who has an account); a link works
// once, for LINK_MINUTES, and only its token's hash is kept. Setting the password ends every session of the account
// and leaves the second factor as it is: whoever reads the person's e-mail still cannot sign in without it.
import { randomBytes } from 'node:crypto';
import type { Locale } from '@corridor/contracts';
import type { AppDeps } from '../app-deps.ts';
import { type AuditActor, actorOf, recordAudit } from '../audit/audit.service.ts';
import type { Trx } from '../db/database.ts';
import { DomainError, notFound } from '../errors.ts';
import { sha256 } from '../http/authenticate.ts';
import type { Principal } from '../http/principal.ts';
import { addressKey, takeRateLimit } from '../http/rate-limit.ts';
import { enqueueMessage, isEmailAddress } from '../notifications/outbox.ts';
import { noticeAccountChange } from './account-notices.ts';
import { canActInOrganisation } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { assertPasswordAcceptable, hashPassword } from './passwords.ts';

/** How long a link works. */
export const LINK_MINUTES = 30;

type Wording = { subject: string; body: (email: string, link: string) => string };

const WORDING: Record<Locale, Wording> = {
  en: {
    subject: 'Corridor: set a new password',
    body: (email, link) =>
      `Someone, probably you, asked to set a new password for the Corridor account ${email}.\n\n` +
      `To choose a new password, open this link within ${LINK_MINUTES} minutes. It works once:\n${link}\n\n` +
      'If you did not ask, ignore this e-mail: your password stays as it is. Signing in will still ask for your ' +
      'authenticator app if you use one.',
  },
  fr: {
    subject: 'Corridor : choisir un nouveau mot de passe',
    body: (email, link) =>
      `Quelqu’un, probablement vous, a demandé un nouveau mot de passe pour le compte Corridor ${email}.\n\n` +
      `Pour choisir un nouveau mot de passe, ouvrez ce lien dans les ${LINK_MINUTES} minutes. Il ne sert qu’une fois :\n${link}\n\n` +
      'Si vous n’avez rien demandé, ignorez ce courriel : votre mot de passe ne change pas. La connexion demandera ' +
      'toujours votre application d’authentification si vous en utilisez une.',
  },
  es: {
    subject: 'Corridor: elegir una nueva contraseña',
    body: (email, link) =>
      `Alguien, probablemente usted, pidió una nueva contraseña para la cuenta de Corridor ${email}.\n\n` +
      `Para elegir una nueva contraseña, abra este enlace en los próximos ${LINK_MINUTES} minutos. Solo sirve una vez:\n${link}\n\n` +
      'Si no lo pidió, ignore este correo: su contraseña no cambia. Al iniciar sesión se le seguirá pidiendo su ' +
      'aplicación de autenticación si usa una.',
  },
  ar: {
    subject: 'Corridor: تعيين كلمة مرور جديدة',
    body: (email, link) =>
      `طلب شخص ما، وربما أنت، تعيين كلمة مرور جديدة لحساب Corridor ‏${email}.\n\n` +
      `لاختيار كلمة مرور جديدة، افتح هذا الرابط خلال ${LINK_MINUTES} دقيقة. يعمل مرة واحدة فقط:\n${link}\n\n` +
      'إن لم تطلب ذلك فتجاهل هذه الرسالة: تبقى كلمة المرور كما هي. وسيظل تسجيل الدخول يطلب تطبيق المصادقة إن كنت ' +
      'تستخدمه.',
  },
};

/**
 * Where the links point: the deployment's public address (CORRIDOR_PUBLIC_URL), or, outside production, the port
 * this server listens on at localhost. Never the request's Host header, which whoever asks could set to their own
 * site to collect the link. Null: the links cannot be made here.
 */
export function resetLinkBase(deps: AppDeps, localPort: number | undefined): string | null {
  if (deps.config.publicUrl) return deps.config.publicUrl;
  if (deps.config.env === 'production' || !localPort) return null;
  return `http://localhost:${localPort}`;
}

const notSetUp = () =>
  new DomainError(
    'service_unavailable',
    'Password reset by e-mail is not set up on this server (CORRIDOR_PUBLIC_URL); ask an administrator.',
  );

/**
 * Asks for a link. The person's address and the caller's address each have their own attempt limit (in the
 * database, shared by every server). Returns nothing either way: an unknown or disabled account gets no e-mail,
 * and the caller cannot tell.
 */
export async function requestPasswordReset(
  deps: AppDeps,
  email: string,
  ip: string,
  base: string | null,
  now: Date,
): Promise<void> {
  if (!base) throw notSetUp();
  const db = deps.database.db;
  const { loginMaxAttempts: max, loginWindowMs: win } = deps.config;
  await takeRateLimit(db, `reset:ip:${addressKey(deps.secretKey, ip)}`, max, win, now);
  await takeRateLimit(db, `reset:account:${sha256(email)}`, max, win, now);
  const user = await repo.findUserByEmail(db, email);
  if (!user || user.disabled_at || !isEmailAddress(user.email)) return;
  await db
    .transaction()
    .execute((trx) =>
      sendResetLink(deps, trx, user, base, { userId: null, organisationId: null, roles: ['anonymous'] }, now),
    );
}

/**
 * An administrator sends a person of their organisation the link (someone who called for help): the same e-mail,
 * audited with the administrator as actor. Refused for a disabled account or an address the e-mail channel cannot
 * take, with the reason.
 */
export async function sendResetLinkFor(
  deps: AppDeps,
  trx: Trx,
  principal: Principal,
  userId: string,
  base: string | null,
  now: Date,
): Promise<repo.UserWithRoles> {
  const user = await repo.findUser(trx, userId);
  if (!user || !canActInOrganisation(principal, user.organisation_id)) throw notFound('user');
  if (!base) throw notSetUp();
  if (user.disabled_at)
    throw new DomainError('invalid_transition', 'The account is disabled: enable it before sending a link.');
  if (!isEmailAddress(user.email))
    throw new DomainError('invalid_transition', 'The account’s address cannot receive e-mail.');
  await sendResetLink(deps, trx, user, base, actorOf(principal), now);
  return user;
}

/** Replaces the person's link (one at a time) and queues the e-mail carrying it, in the caller's transaction. */
async function sendResetLink(
  deps: AppDeps,
  trx: Trx,
  user: repo.UserWithRoles,
  base: string,
  actor: AuditActor,
  now: Date,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const link = new URL(`/reset-password#token=${token}`, base).toString();
  const words = WORDING[user.locale as Locale] ?? WORDING.en;
  await trx.deleteFrom('password_resets').where('user_id', '=', user.id).execute();
  await trx
    .insertInto('password_resets')
    .values({
      token_hash: sha256(token),
      user_id: user.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + LINK_MINUTES * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  await enqueueMessage(
    trx,
    {
      channel: 'email',
      address: user.email,
      subject: words.subject,
      body: words.body(user.email, link),
      kind: 'account.password_reset_link',
      organisationId: user.organisation_id,
      related: { type: 'user', id: user.id },
    },
    now,
  );
  await recordAudit(
    trx,
    deps.database.engine,
    actor,
    {
      action: 'auth.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
      organisationId: user.organisation_id,
    },
    now,
  );
}

/**
 * Sets a new password with a link's token: once, before it expires, for an account still enabled. Ends every
 * session of the account; the second factor stays. Attempts are limited per caller's address.
 */
export async function completePasswordReset(
  deps: AppDeps,
  token: string,
  newPassword: string,
  ip: string,
  now: Date,
): Promise<void> {
  const db = deps.database.db;
  const { loginMaxAttempts: max, loginWindowMs: win } = deps.config;
  await takeRateLimit(db, `reset-link:ip:${addressKey(deps.secretKey, ip)}`, max, win, now);
  const invalid = () =>
    new DomainError(
      'invalid_reset_link',
      'This link no longer works: it was used already, it has expired, or a newer one was sent. Ask for a new link.',
    );
  const hash = sha256(token);
  const link = await db
    .selectFrom('password_resets')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  const user = link ? await repo.findUser(db, link.user_id) : undefined;
  if (!link || !user || user.disabled_at) throw invalid();
  assertPasswordAcceptable(newPassword, { email: user.email, name: user.display_name }, '/newPassword');
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx: Trx) => {
    // Claimed in the transaction: of two requests with the same link, one sets the password.
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw invalid();
    const ok = await repo.updateUserVersioned(
      trx,
      user.id,
      user.version,
      { password_hash: passwordHash },
      now.toISOString(),
    );
    if (!ok) throw new DomainError('conflict', 'The account changed meanwhile; open the link again and retry.');
    await repo.deleteUserSessions(trx, user.id);
    await noticeAccountChange(trx, user, 'password_reset', now);
    await recordAudit(
      trx,
      deps.database.engine,
      { userId: user.id, organisationId: user.organisation_id, roles: user.roles },
      { action: 'auth.password_reset', entityType: 'user', entityId: user.id, organisationId: user.organisation_id },
      now,
    );
  });
}
