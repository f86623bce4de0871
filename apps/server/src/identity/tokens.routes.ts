import { ApiToken, CreateApiToken, CreatedApiToken, IdParams } from '@corridor/contracts';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { identityPolicies as policy } from './identity.policy.ts';
import { presentApiToken } from './identity.presenter.ts';
import { createApiToken, listApiTokensFor, revokeApiTokenFor } from './tokens.service.ts';

export const tokenRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/tokens',
    operationId: 'listApiTokens',
    summary: 'API tokens of the caller’s organisation',
    tags: ['tokens'],
    policy: policy.manageTokens,
    response: {
      status: 200,
      schema: z.object({ items: z.array(ApiToken) }),
      description: 'Tokens (never their secrets).',
    },
    handler: async ({ db, principal }) => ({
      body: { items: (await listApiTokensFor(db, principal)).map(presentApiToken) },
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/tokens',
    operationId: 'createApiToken',
    summary: 'Issue an API token for a machine client (the secret is shown once)',
    tags: ['tokens'],
    policy: policy.manageTokens,
    body: CreateApiToken,
    creates: true,
    secretInAnswer: true,
    response: { status: 201, schema: CreatedApiToken, description: 'The token and its secret.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const { row, secret } = await createApiToken(trx, principal, body, now);
      await audit({
        action: 'token.create',
        entityType: 'api_token',
        entityId: row.id,
        organisationId: row.organisation_id,
        details: { roles: row.roles, expiresAt: row.expires_at },
      });
      return { status: 201, body: { token: presentApiToken(row), secret } };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/tokens/:id',
    operationId: 'revokeApiToken',
    summary: 'Revoke an API token',
    tags: ['tokens'],
    policy: policy.manageTokens,
    params: IdParams,
    response: { status: 204, schema: null, description: 'Revoked.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const t = await revokeApiTokenFor(trx, principal, params.id, now);
      await audit({
        action: 'token.revoke',
        entityType: 'api_token',
        entityId: t.id,
        organisationId: t.organisation_id,
      });
      return { body: undefined };
    },
  }),
];
