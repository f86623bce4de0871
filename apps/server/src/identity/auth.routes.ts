import {
  AccountLanguage,
  ChangePassword,
  Login,
  LoginResult,
  PasswordResetCompletion,
  PasswordResetRequest,
  Reauthentication,
  RecoveryCodes,
  SecondFactor,
  SecondFactorStatus,
  Session,
  TotpActivate,
  TotpEnrolment,
} from '@corridor/contracts';
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import type { Principal } from '../http/principal.ts';
import { defineRoute } from '../http/route.ts';
import {
  activateTotp,
  changePassword,
  enrolTotp,
  renewRecoveryCodes,
  secondFactorStatus,
  setOwnLanguage,
  startTotpReplacement,
} from './account.service.ts';
import { login, logout, type NewSession, verifySecondFactor } from './auth.service.ts';
import { identityPolicies as policy } from './identity.policy.ts';
import { presentOrganisation, presentUser } from './identity.presenter.ts';
import * as repo from './identity.repository.ts';
import { completePasswordReset, LINK_MINUTES, requestPasswordReset, resetLinkBase } from './password-reset.ts';

/** Sets the session cookie: `__Host-` prefix (Secure, Path=/, no Domain), HttpOnly, SameSite=Strict. */
function setSessionCookie(reply: FastifyReply, s: NewSession, now: Date): void {
  reply.setCookie(SESSION_COOKIE, s.token, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'strict',
    maxAge: Math.floor((s.expiresAt.getTime() - now.getTime()) / 1000),
  });
}

async function sessionView(db: Db, p: Principal, csrfToken: string, step: Principal['secondFactor'], expiresAt?: Date) {
  const user = await repo.findUser(db, p.userId);
  const org = await repo.findOrganisation(db, p.organisationId);
  if (!user || !org) throw notFound('session');
  let expires = expiresAt?.toISOString();
  if (!expires && p.sessionIdHash) {
    const s = await db
      .selectFrom('sessions')
      .select('absolute_expires_at')
      .where('id_hash', '=', p.sessionIdHash)
      .executeTakeFirst();
    expires = s?.absolute_expires_at;
  }
  return {
    user: presentUser(user),
    organisation: presentOrganisation(org),
    secondFactor: step,
    csrfToken,
    expiresAt: expires ?? new Date(0).toISOString(),
  };
}

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    operationId: 'login',
    summary: 'Sign in with email and password',
    tags: ['auth'],
    policy: policy.login,
    body: Login,
    transactional: false,
    errors: ['invalid_credentials', 'rate_limited'],
    response: { status: 200, schema: LoginResult, description: 'Signed in; the second factor may still be due.' },
    handler: async ({ deps, body, req, reply, now }) => {
      const s = await login(deps, body.email, body.password, req.ip, now);
      setSessionCookie(reply, s, now);
      return { body: { secondFactor: s.step, csrfToken: s.csrfToken } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/session',
    operationId: 'getSession',
    summary: 'The caller’s session: user, organisation, second-factor step and CSRF token',
    tags: ['auth'],
    policy: policy.session,
    response: { status: 200, schema: Session, description: 'The session.' },
    handler: async ({ db, principal }) => ({
      body: await sessionView(db, principal, principal.csrfToken ?? '', principal.secondFactor),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/second-factor',
    operationId: 'verifySecondFactor',
    summary: 'Give the TOTP code or a recovery code',
    tags: ['auth'],
    policy: policy.secondFactor,
    body: SecondFactor,
    transactional: false,
    errors: ['invalid_second_factor', 'rate_limited', 'conflict'],
    response: { status: 200, schema: Session, description: 'Fully signed in; a new session cookie and CSRF token.' },
    handler: async ({ deps, principal, body, reply, now }) => {
      const s = await verifySecondFactor(deps, principal, body, now);
      setSessionCookie(reply, s, now);
      return { body: await sessionView(deps.database.db, principal, s.csrfToken, 'none', s.expiresAt) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/totp/enrol',
    operationId: 'enrolTotp',
    summary: 'Start setting up an authenticator app',
    tags: ['auth'],
    policy: policy.secondFactor,
    errors: ['second_factor_required'],
    response: { status: 200, schema: TotpEnrolment, description: 'The secret to add to the app.' },
    handler: async ({ deps, trx, principal, audit }) => {
      const r = await enrolTotp(deps, trx, principal);
      await audit({
        action: 'auth.totp_enrol_started',
        entityType: 'user',
        entityId: principal.userId,
        organisationId: principal.organisationId,
      });
      return { body: r };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/totp/activate',
    operationId: 'activateTotp',
    summary:
      'Finish setting up the authenticator app with a code from it; when it replaces the app in use, your other ' +
      'sessions end and new recovery codes replace the old ones',
    tags: ['auth'],
    policy: policy.secondFactor,
    body: TotpActivate,
    errors: ['invalid_second_factor', 'conflict', 'second_factor_required'],
    response: { status: 200, schema: RecoveryCodes, description: 'Recovery codes, shown this once.' },
    handler: async ({ deps, trx, principal, body, reply, now, audit }) => {
      const r = await activateTotp(deps, trx, principal, body.code, now);
      if (r.session) setSessionCookie(reply, r.session, now);
      await audit({
        action: r.replaced ? 'auth.totp_replaced' : 'auth.totp_enabled',
        entityType: 'user',
        entityId: principal.userId,
        organisationId: principal.organisationId,
      });
      const headers: Record<string, string> = r.session ? { 'x-csrf-token': r.session.csrfToken } : {};
      return { body: { recoveryCodes: r.recoveryCodes }, headers };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    operationId: 'logout',
    summary: 'Sign out',
    tags: ['auth'],
    policy: policy.session,
    response: { status: 204, schema: null, description: 'Signed out.' },
    handler: async ({ trx, principal, reply, audit }) => {
      await logout(trx, principal);
      reply.clearCookie(SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
      await audit({
        action: 'auth.logout',
        entityType: 'user',
        entityId: principal.userId,
        organisationId: principal.organisationId,
      });
      return { body: undefined };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    operationId: 'changePassword',
    summary: 'Change your own password (ends your other sessions; wrong current passwords count against a limit)',
    tags: ['auth'],
    policy: policy.ownAccount,
    body: ChangePassword,
    transactional: false,
    errors: ['invalid_credentials', 'weak_password', 'rate_limited', 'conflict'],
    response: { status: 204, schema: null, description: 'Changed.' },
    handler: async ({ deps, principal, body, now }) => {
      await changePassword(deps, principal, body.currentPassword, body.newPassword, now);
      return { body: undefined };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password-reset',
    operationId: 'requestPasswordReset',
    summary:
      `Forgotten password: e-mail a link to set a new one (works once, for ${LINK_MINUTES} minutes); the same answer ` +
      'whether or not an account has the address',
    tags: ['auth'],
    policy: policy.login,
    body: PasswordResetRequest,
    transactional: false,
    errors: ['rate_limited', 'service_unavailable'],
    response: { status: 202, schema: null, description: 'If an account has the address, the link is on its way.' },
    handler: async ({ deps, body, req, now }) => {
      await requestPasswordReset(deps, body.email, req.ip, resetLinkBase(deps, req.socket.localPort), now);
      return { body: undefined };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password-reset/complete',
    operationId: 'completePasswordReset',
    summary: 'Set a new password with the token of a reset link (ends every session of the account)',
    tags: ['auth'],
    policy: policy.login,
    body: PasswordResetCompletion,
    transactional: false,
    errors: ['invalid_reset_link', 'weak_password', 'rate_limited', 'conflict'],
    response: { status: 204, schema: null, description: 'The new password is set; sign in with it.' },
    handler: async ({ deps, body, req, now }) => {
      await completePasswordReset(deps, body.token, body.newPassword, req.ip, now);
      return { body: undefined };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/second-factor',
    operationId: 'getOwnSecondFactor',
    summary: 'Your own second factor: whether it is set up, whether your roles require it, recovery codes left',
    tags: ['auth'],
    policy: policy.ownAccount,
    response: { status: 200, schema: SecondFactorStatus, description: 'The second factor’s state.' },
    handler: async ({ deps, db, principal }) => ({ body: await secondFactorStatus(deps, db, principal) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/recovery-codes',
    operationId: 'renewRecoveryCodes',
    summary: 'New recovery codes in place of the old ones, after your password and your second factor again',
    tags: ['auth'],
    policy: policy.ownAccount,
    body: Reauthentication,
    transactional: false,
    errors: ['invalid_credentials', 'invalid_second_factor', 'rate_limited', 'conflict'],
    response: { status: 200, schema: RecoveryCodes, description: 'Recovery codes, shown this once.' },
    handler: async ({ deps, principal, body, now }) => ({
      body: { recoveryCodes: await renewRecoveryCodes(deps, principal, body, now) },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/totp/replace',
    operationId: 'replaceTotp',
    summary:
      'Start moving your authenticator app to another device, after your password and your second factor again ' +
      '(finish with /api/auth/totp/activate and a code from the new app)',
    tags: ['auth'],
    policy: policy.ownAccount,
    body: Reauthentication,
    transactional: false,
    errors: ['invalid_credentials', 'invalid_second_factor', 'rate_limited', 'conflict'],
    response: { status: 200, schema: TotpEnrolment, description: 'The new secret to add to the new app.' },
    handler: async ({ deps, principal, body, now }) => ({
      body: await startTotpReplacement(deps, principal, body, now),
    }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/me/language',
    operationId: 'setOwnLanguage',
    summary:
      'Set the language of your own account: the interface’s after sign-in on a device where none was chosen, and ' +
      'that of the e-mails and reminders sent to you',
    tags: ['auth'],
    policy: policy.ownAccount,
    body: AccountLanguage,
    response: { status: 200, schema: AccountLanguage, description: 'The language, as saved.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      if (await setOwnLanguage(trx, principal, body.locale, now))
        await audit({
          action: 'user.language',
          entityType: 'user',
          entityId: principal.userId,
          organisationId: principal.organisationId,
          details: { locale: body.locale },
        });
      return { body: { locale: body.locale } };
    },
  }),
];
