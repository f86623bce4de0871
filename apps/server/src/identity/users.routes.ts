import { ColleagueList, CreateUser, IdParams, page, UpdateUser, User } from '@corridor/contracts';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { identityPolicies as policy } from './identity.policy.ts';
import { presentUser } from './identity.presenter.ts';
import { LINK_MINUTES, resetLinkBase, sendResetLinkFor } from './password-reset.ts';
import {
  assertMayAssign,
  createUser,
  getUser,
  listColleaguesOf,
  listUsersFor,
  resetSecondFactor,
  updateUser,
} from './users.service.ts';

const UserListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(254).optional(),
  organisationId: z.uuid().optional(),
  search: z.string().trim().min(1).max(100).optional(),
});

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/colleagues',
    operationId: 'listColleagues',
    summary: 'The people of the caller’s own organisation by name (for who holds a case or wrote a note)',
    tags: ['users'],
    policy: policy.readColleagues,
    response: { status: 200, schema: ColleagueList, description: 'Every account of the organisation, by name.' },
    handler: async ({ db, principal }) => ({ body: { items: await listColleaguesOf(db, principal) } }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users',
    operationId: 'listUsers',
    summary: 'Users of the caller’s organisation (platform administrators: any), by email',
    tags: ['users'],
    policy: policy.readUsers,
    query: UserListQuery,
    response: { status: 200, schema: page(User), description: 'A page of users.' },
    handler: async ({ db, engine, principal, query }) => {
      const r = await listUsersFor(db, engine, principal, query);
      return { body: { items: r.items.map(presentUser), next: r.next } };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    operationId: 'createUser',
    summary: 'Create a user in an organisation',
    tags: ['users'],
    policy: policy.manageUsers,
    body: CreateUser,
    creates: true,
    etag: true,
    errors: ['conflict', 'weak_password', 'invalid_reference'],
    response: { status: 201, schema: User, description: 'Created.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const organisationId = body.organisationId ?? principal.organisationId;
      assertMayAssign(principal, organisationId, body.roles);
      const u = await createUser(trx, { ...body, organisationId }, now);
      await audit({
        action: 'user.create',
        entityType: 'user',
        entityId: u.id,
        organisationId,
        details: { roles: u.roles },
      });
      return { status: 201, body: presentUser(u), version: u.version, headers: { location: `/api/users/${u.id}` } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users/:id',
    operationId: 'getUser',
    summary: 'One user',
    tags: ['users'],
    policy: policy.readUser,
    params: IdParams,
    etag: true,
    response: { status: 200, schema: User, description: 'The user; ETag carries its version.' },
    handler: async ({ db, principal, params }) => {
      const u = await getUser(db, principal, params.id);
      return { body: presentUser(u), version: u.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/users/:id',
    operationId: 'updateUser',
    summary: 'Change a user’s name, roles, language or disable them (If-Match required)',
    tags: ['users'],
    policy: policy.manageUsers,
    params: IdParams,
    body: UpdateUser,
    ifMatch: true,
    etag: true,
    errors: ['conflict'],
    response: { status: 200, schema: User, description: 'The updated user.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const { before, after } = await updateUser(trx, principal, params.id, ifMatch, body, now);
      const details: Record<string, unknown> = { changed: Object.keys(body) };
      if (body.roles) details.roles = { from: before.roles, to: after.roles };
      if (body.disabled !== undefined) details.disabled = body.disabled;
      await audit({
        action: body.disabled ? 'user.disable' : 'user.update',
        entityType: 'user',
        entityId: after.id,
        organisationId: after.organisation_id,
        details,
      });
      return { body: presentUser(after), version: after.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:id/password-reset',
    operationId: 'sendPasswordResetLink',
    summary: `E-mail a person of your organisation a link to set a new password (works once, for ${LINK_MINUTES} minutes)`,
    tags: ['users'],
    policy: policy.manageUsers,
    params: IdParams,
    errors: ['invalid_transition', 'service_unavailable'],
    response: { status: 204, schema: null, description: 'The link is on its way.' },
    handler: async ({ deps, trx, principal, params, req, now }) => {
      await sendResetLinkFor(deps, trx, principal, params.id, resetLinkBase(deps, req.socket.localPort), now);
      return { body: undefined };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:id/second-factor/reset',
    operationId: 'resetSecondFactor',
    summary: 'Remove a user’s second factor so they set it up again (ends their sessions; the user is told by e-mail)',
    tags: ['users'],
    policy: policy.manageUsers,
    params: IdParams,
    response: { status: 204, schema: null, description: 'Reset.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const u = await resetSecondFactor(trx, principal, params.id, now);
      await audit({
        action: 'user.second_factor_reset',
        entityType: 'user',
        entityId: u.id,
        organisationId: u.organisation_id,
      });
      return { body: undefined };
    },
  }),
];
