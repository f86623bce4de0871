import { Problem } from '@corridor/contracts';
import { z } from 'zod';
import { catalogue, type ErrorCode } from '../errors.ts';
import type { AnyRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

/** Every route can answer with these, whatever it declares. */
const COMMON_ERRORS: ErrorCode[] = ['validation_failed', 'malformed_request', 'internal_error'];
const AUTH_ERRORS: ErrorCode[] = ['unauthenticated', 'second_factor_required', 'forbidden'];

/** Points `#/$defs/X` references at `#/components/schemas/X`, in place. */
function rewriteRefs(node: unknown): void {
  if (Array.isArray(node)) node.forEach(rewriteRefs);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.$ref === 'string') o.$ref = o.$ref.replace(/^#\/\$defs\//, '#/components/schemas/');
    Object.values(o).forEach(rewriteRefs);
  }
}

/**
 * Builds the OpenAPI 3.1 document from the route registry and the zod contracts, so the document cannot drift
 * from what the server validates. Schemas with a `meta({ id })` become components.
 */
export function buildOpenApi(routes: readonly AnyRoute[], version: string): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const out = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    rewriteRefs(out);
    const defs = (out.$defs ?? {}) as Record<string, JsonSchema>;
    for (const [id, def] of Object.entries(defs)) components[id] ??= def;
    delete out.$defs;
    delete out.$schema;
    // A schema that is itself a named component becomes a $ref to it.
    const meta = z.globalRegistry.get(schema) as { id?: string } | undefined;
    if (meta?.id) {
      components[meta.id] ??= out;
      return { $ref: `#/components/schemas/${meta.id}` };
    }
    return out;
  };
  const problemRef = convert(Problem, 'output');

  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (!r.url.startsWith('/api/')) continue; // public HTML pages (/public/*) are not part of the API
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    const addParams = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
      if (!schema) return;
      const js = convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
          ...(typeof s.description === 'string' ? { description: s.description } : {}),
        });
      }
    };
    addParams(r.params, 'path');
    addParams(r.query, 'query');
    if (r.ifMatch) {
      parameters.push({
        name: 'If-Match',
        in: 'header',
        required: true,
        schema: { type: 'string' },
        description: 'The ETag you read.',
      });
    }
    if (r.creates) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', minLength: 8, maxLength: 255 },
        description:
          'Retry-safe creation: a replay returns the first response; another body with the same key gives 422.',
      });
    }
    const errors = new Set<ErrorCode>([
      ...COMMON_ERRORS,
      ...(r.policy.anonymous ? [] : AUTH_ERRORS),
      ...(r.errors ?? []),
    ]);
    if (r.params) errors.add('not_found');
    const also: ErrorCode[] = [
      ...(r.ifMatch ? (['precondition_failed', 'precondition_required'] as const) : []),
      ...(r.creates ? (['idempotency_in_flight', 'idempotency_key_reused'] as const) : []),
    ];
    for (const c of also) errors.add(c);
    if (r.method !== 'GET' && !r.policy.anonymous) errors.add('csrf_failed');
    const responses: Record<string, unknown> = {
      [String(r.response.status)]: {
        description: r.response.description,
        ...(r.response.schema
          ? { content: { 'application/json': { schema: convert(r.response.schema, 'output') } } }
          : {}),
      },
    };
    for (const code of [...errors].sort()) {
      const status = String(catalogue[code].status);
      const existing = responses[status] as { description: string } | undefined;
      const line = `\`${code}\`: ${catalogue[code].title}`;
      responses[status] = existing
        ? { ...existing, description: `${existing.description}; ${line}` }
        : { description: line, content: { 'application/problem+json': { schema: problemRef } } };
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: r.tags,
      'x-policy': {
        name: r.policy.name,
        description: r.policy.description,
        roles: r.policy.roles,
        anonymous: Boolean(r.policy.anonymous),
      },
      security: r.policy.anonymous ? [] : [{ session: [] }, { token: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: convert(r.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Corridor API',
      version,
      description:
        'Protection case management, movements, funds, labour-migration integrity, remittance prices and the evidence base. ' +
        'Errors are RFC 9457 problem details; see docs/errors.md. Browser sessions send X-CSRF-Token on every change.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: '__Host-corridor_session' },
        token: { type: 'http', scheme: 'bearer', description: 'An API token (`cor_...`) issued by an administrator.' },
      },
    },
  };
}
