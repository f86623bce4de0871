import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { DomainError } from './errors.ts';
import { registerFormBodies } from './http/form-body.ts';
import { registerJsonBodies } from './http/json-body.ts';
import { buildOpenApi } from './http/openapi.ts';
import type { Policy } from './http/policy.ts';
import { answerClientError, sendProblem } from './http/problem.ts';
import { type AnyRoute, mountRoute } from './http/route.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWebApp } from './http/web-app.ts';
import { apiRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenAPI document, built once at start-up from the route registry. */
    openapi: Record<string, unknown>;
    /** Every route as registered (read by the authorization-matrix test). */
    routeTable: { method: string; url: string; policy: Policy }[];
  }
  interface FastifyContextConfig {
    policy?: Policy;
    operationId?: string;
  }
}

export const API_VERSION = '0.1.0';

/** A route's address as a pattern over concrete paths (`:id` matches one path segment). */
const patterns = new Map<string, RegExp>();
function patternOf(url: string): RegExp {
  let re = patterns.get(url);
  if (!re) {
    const body = url
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    re = new RegExp(`^${body}/?$`);
    patterns.set(url, re);
  }
  return re;
}

/** The methods the API's routes take at a concrete path (none for a path no API route has), sorted. */
export function methodsAt(table: readonly { method: string; url: string }[], path: string): string[] {
  if (!path.startsWith('/api/')) return [];
  const out = new Set<string>();
  for (const r of table) if (r.url.startsWith('/api/') && patternOf(r.url).test(path)) out.add(r.method);
  return [...out].sort();
}

/** Raised at start-up when a route has no policy: the server refuses to start (deny by default). */
export class MissingPolicyError extends Error {}

/** Builds the HTTP application from its dependencies; `routes` lets tests add routes of their own. */
export async function createApp(
  deps: AppDeps,
  opts: { routes?: readonly AnyRoute[]; logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
            serializers: {
              // Only the path is logged: query strings may carry search terms about people.
              req: (req) => ({ method: req.method, path: String(req.url).split('?')[0], id: req.id }),
            },
          },
    genReqId: () => randomUUID(),
    trustProxy: deps.config.trustProxy,
    bodyLimit: deps.config.bodyLimit,
    return503OnClosing: true,
    // Errors met before a route is found (a bad percent-encoding, an over-long path parameter) and requests that
    // are not HTTP at all answer problem+json like everything else.
    frameworkErrors: (err, req, reply) => sendProblem(err, req, reply),
    clientErrorHandler: answerClientError,
  });
  app.removeContentTypeParser('text/plain');
  registerJsonBodies(app);
  registerFormBodies(app);

  const routeTable: { method: string; url: string; policy: Policy }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy;
    if (!policy)
      throw new MissingPolicyError(`route ${route.method} ${route.url} declares no policy; refusing to start`);
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, policy });
  });

  await app.register(fastifyCookie);
  registerSecurityHeaders(app);
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    // An API address that exists for other methods answers 405 with the methods it takes (Allow), not 404.
    const allowed = methodsAt(routeTable, req.url.split('?')[0] ?? '');
    if (allowed.length) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        new DomainError('method_not_allowed', `This address takes ${allowed.join(', ')} only.`),
        req,
        reply,
      );
    }
    return sendProblem(new DomainError('not_found', 'There is nothing at this address.'), req, reply);
  });

  const routes = [...apiRoutes, ...(opts.routes ?? [])];
  for (const r of routes) mountRoute(app, deps, r);
  app.decorate('openapi', buildOpenApi(routes, API_VERSION));
  registerWebApp(app, deps.config.webDist);
  await app.ready();
  return app;
}
