import { Health } from '@corridor/contracts';
import { sql } from 'kysely';
import { z } from 'zod';
import { preparedQuery } from '../db/prepared.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { anonymous } from '../http/policy.ts';
import { defineRoute } from '../http/route.ts';

// Load balancers call the health check often: compiled once, then only run.
const ping = preparedQuery<DB, Record<string, never>, { ok: number }>((db) => db.selectNoFrom(sql<number>`1`.as('ok')));

export const systemPolicies = {
  health: anonymous('health', 'Anyone: load balancers and monitors.'),
  openapi: anonymous('openapi', 'Anyone: the API description holds no data.'),
} as const;

export const systemRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/health',
    operationId: 'health',
    summary: 'Liveness and database reachability',
    tags: ['system'],
    policy: systemPolicies.health,
    errors: ['service_unavailable'],
    response: { status: 200, schema: Health, description: 'The server and its database answer.' },
    handler: async ({ db }) => {
      try {
        await ping(db, {});
      } catch {
        throw new DomainError('service_unavailable', 'The database does not answer.');
      }
      return { body: { status: 'ok' as const } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/openapi.json',
    operationId: 'openapi',
    summary: 'This API described in OpenAPI 3.1',
    tags: ['system'],
    policy: systemPolicies.openapi,
    response: { status: 200, schema: z.record(z.string(), z.unknown()), description: 'The OpenAPI document.' },
    handler: async ({ req, reply }) => {
      reply.header('cache-control', 'no-cache');
      return { body: req.server.openapi };
    },
  }),
];
