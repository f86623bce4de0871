import { issueParams } from '@corridor/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { type AuditEvent, actorOf, recordAudit } from '../audit/audit.service.ts';
import { restrictedRead } from '../beneficiaries/beneficiaries.service.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import { translateDatabaseError } from '../db/dialects/index.ts';
import { DomainError, type ErrorCode, invalidFields, type ValidationIssue } from '../errors.ts';
import { authenticate, checkCsrf } from './authenticate.ts';
import { beginIdempotent, completeIdempotent, releaseIdempotent, replayablePeople, WITHHELD } from './idempotency.ts';
import type { Policy } from './policy.ts';
import type { Principal } from './principal.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A file a handler sends instead of JSON (exports): its media type, its download name and its bytes. */
export type FileResult = { contentType: string; filename: string; data: Buffer };

/**
 * What a handler returns: the body, and optionally a status, a version for the ETag and extra headers. A route
 * with no response schema may return a `file` to send as a download instead.
 */
export type Result<R> = {
  status?: number;
  body: R;
  version?: number;
  headers?: Record<string, string>;
  file?: FileResult;
  /** A server-rendered page (public pages, see docs/public-site.md); sent as text/html. Needs no response schema. */
  html?: string;
  /** Any other text (the public stylesheet): its media type and body. */
  text?: { contentType: string; body: string };
  /**
   * Runs once the route's work is committed, before the answer leaves (e.g. dropping this server's cached copy of
   * what the route changed: dropped before the commit, a read in between would cache the old state again).
   */
  afterCommit?: () => void;
};

/** What every handler receives. */
export type Ctx<P, Q, B> = {
  deps: AppDeps;
  engine: Engine;
  /** The database; inside a transactional route this is the transaction. */
  db: Db;
  /** The route's transaction; only transactional routes (all writes) have one. */
  trx: Trx;
  /** The caller; on anonymous routes reading it without credentials is a programming error (use maybePrincipal). */
  principal: Principal;
  /** The caller if any credentials were sent (anonymous routes). */
  maybePrincipal: Principal | null;
  params: P;
  query: Q;
  body: B;
  /** The version the client read (from If-Match); only on routes that declare `ifMatch`. */
  ifMatch: number;
  now: Date;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Appends an audit entry in the route's transaction, with the caller as actor. */
  audit(event: AuditEvent): Promise<void>;
};

export type RouteSpec<P, Q, B, R> = {
  method: Method;
  url: string;
  operationId: string;
  summary: string;
  tags: string[];
  policy: Policy;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: { status: number; schema: z.ZodType<R> | null; description: string };
  /** Error codes this route can answer with, beyond the ones every route can. */
  errors?: ErrorCode[];
  /** A creating POST: honours Idempotency-Key. */
  creates?: boolean;
  /**
   * The answer carries a secret shown once (an API token's): it is not kept for Idempotency-Key replays, which are
   * refused instead (idempotency.ts WITHHELD), so no secret lies in the database in the clear.
   */
  secretInAnswer?: boolean;
  /** An update guarded by optimistic concurrency: If-Match is required. */
  ifMatch?: boolean;
  /**
   * Runs in a transaction (default: every method but GET). `'audit'`: a read whose handler may audit what it
   * showed (sensitive reads, D9). It reads outside any transaction (on SQLite, on the read connection, so it never
   * waits for a long write such as an import), and the audit entries it made are written in a short transaction
   * of their own before the response leaves: if they cannot be written, the caller gets an error, not the data.
   */
  transactional?: boolean | 'audit';
  /** Sets the response's ETag from `Result.version`. */
  etag?: boolean;
  /** A body limit of its own (bytes) instead of CORRIDOR_BODY_LIMIT_BYTES, e.g. for file uploads. */
  bodyLimit?: (config: AppDeps['config']) => number;
  /**
   * The handler's own checks that hold on their own (a date against the clock), run on the raw body when the
   * contract refused the request, so that every problem of a form is reported at once rather than these only after
   * the others are fixed. Values that do not parse are the contract's to report.
   */
  checksWhenRefused?: (body: unknown, now: Date) => ValidationIssue[];
  handler(ctx: Ctx<P, Q, B>): Promise<Result<R>>;
};

// biome-ignore lint/suspicious/noExplicitAny: the registry holds routes of every shape
export type AnyRoute = RouteSpec<any, any, any, any>;

/** Declares a route; a plain identity function that gives the handler its types. */
export function defineRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec<P, Q, B, R> {
  return spec;
}

function issuesOf(location: ValidationIssue['location'], err: z.ZodError): ValidationIssue[] {
  return err.issues.map((i) => {
    const params = issueParams(i);
    return {
      location,
      pointer: `/${i.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
      message: i.message,
      code: i.code,
      ...(params ? { params } : {}),
    };
  });
}

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw new DomainError('precondition_required', 'Send If-Match with the ETag you read.');
  const m = /^"v(\d{1,12})"$/.exec(header.trim());
  if (!m) throw new DomainError('precondition_failed', 'If-Match does not match the current version.');
  return Number(m[1]);
}

/** Parses one part of the request against its schema, collecting the issues. */
function parsePart(
  schema: z.ZodType | undefined,
  value: unknown,
  location: ValidationIssue['location'],
  issues: ValidationIssue[],
): unknown {
  if (!schema) return undefined;
  if (textNeedsCare(value)) {
    issues.push(...textIssues(value, location));
    return undefined;
  }
  const r = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (r.success) return r.data;
  issues.push(...issuesOf(location, r.error));
  return undefined;
}

/**
 * Query parameters the route does not take are refused, each at its name: a misspelt filter (`?stauts=open`) would
 * otherwise be ignored and the whole list returned as if it were the filtered one. (A query schema that is not a
 * plain object, none here, is left to itself.)
 */
function unknownParameters(schema: z.ZodType | undefined, value: unknown, issues: ValidationIssue[]): void {
  if (value === null || typeof value !== 'object') return;
  if (schema !== undefined && !(schema instanceof z.ZodObject)) return;
  const known = schema ? schema.shape : {};
  for (const name of Object.keys(value))
    if (!Object.hasOwn(known, name))
      issues.push({
        location: 'query',
        pointer: `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: schema
          ? `is not a parameter of this address; it takes ${Object.keys(known).sort().join(', ')}`
          : 'is not a parameter of this address; it takes none',
        code: 'unrecognized_keys',
      });
}

/** How deep a request may nest arrays and objects (no request of the API nests more than a few levels). */
const MAX_DEPTH = 32;

/** Text that is not well-formed UTF-16 (a lone surrogate): it cannot be stored as UTF-8 and read back the same. */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** What is wrong with one text of a request, if anything. */
function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character';
  if (!wellFormed(s)) return 'must be well-formed Unicode text (it holds a lone surrogate)';
  return null;
}

/**
 * Does the request need a closer look: text with the NUL character (U+0000; never part of a name, a note or a code,
 * it would be stored as sent on SQLite and refused by PostgreSQL) or a lone surrogate (stored, it reads back as
 * replacement characters), or nesting deeper than MAX_DEPTH? A walk with a stack of its own (never the call stack,
 * which a request nested thousands deep would exhaust) that builds nothing; textIssues says where.
 */
function textNeedsCare(value: unknown): boolean {
  if (typeof value === 'string') return textProblem(value) !== null;
  if (value === null || typeof value !== 'object') return false;
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') {
      if (textProblem(v) !== null) return true;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      stack.push(x);
      depths.push(depth + 1);
    }
  }
  return false;
}

/** Where and why a request's text or nesting is refused (textNeedsCare), as issues with JSON pointers. */
function textIssues(value: unknown, location: ValidationIssue['location']): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const stack: { v: unknown; at: string; depth: number }[] = [{ v: value, at: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, at, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) out.push({ location, pointer: at, message: problem, code: 'invalid_format' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      out.push({ location, pointer: at, message: `nests deeper than ${MAX_DEPTH} levels`, code: 'invalid_type' });
      continue;
    }
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, x] = entries[k]!;
      stack.push({ v: x, at: `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth: depth + 1 });
    }
  }
  return out;
}

type Idempotency = Awaited<ReturnType<typeof beginIdempotent>> | { kind: 'none' };

/** What one request carries through the pipeline (a plain object, so no closures are made per request). */
type RequestState = {
  spec: AnyRoute;
  deps: AppDeps;
  principal: Principal | null;
  params: unknown;
  query: unknown;
  body: unknown;
  ifMatch: number;
  now: Date;
  req: FastifyRequest;
  reply: FastifyReply;
  idem: Idempotency;
  /** Audit entries of an `'audit'` route, written after its handler. */
  audits: AuditEvent[] | undefined;
};

/**
 * What a handler receives, as an instance of one class: its getters live on the prototype. (An object literal with
 * getters made per request gives every request a hidden class of its own, which holds the getters' closures and
 * through them the whole request, so every request's objects survived the young-generation collections and were
 * copied into the old generation: garbage collection was about 12% of the user read's time, and the health check
 * cost half as much without it.)
 */
class HandlerContext implements Ctx<unknown, unknown, unknown> {
  readonly deps: AppDeps;
  readonly engine: Engine;
  readonly maybePrincipal: Principal | null;
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  readonly ifMatch: number;
  readonly now: Date;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  constructor(
    private readonly s: RequestState,
    readonly db: Db,
    private readonly transaction: Trx | undefined,
  ) {
    this.deps = s.deps;
    this.engine = s.deps.database.engine;
    this.maybePrincipal = s.principal;
    this.params = s.params;
    this.query = s.query;
    this.body = s.body;
    this.ifMatch = s.ifMatch;
    this.now = s.now;
    this.req = s.req;
    this.reply = s.reply;
  }
  get trx(): Trx {
    if (!this.transaction) throw new Error(`route ${this.s.spec.operationId} is not transactional`);
    return this.transaction;
  }
  get principal(): Principal {
    if (!this.s.principal) throw new Error(`route ${this.s.spec.operationId} is anonymous; use maybePrincipal`);
    return this.s.principal;
  }
  // A getter, so that only the handlers that audit make the function (handlers may pass `ctx.audit` on alone).
  get audit(): (event: AuditEvent) => Promise<void> {
    const { s, transaction } = this;
    return async (event: AuditEvent): Promise<void> => {
      if (!transaction) {
        if (!s.audits) throw new Error(`route ${s.spec.operationId} must be transactional to audit`);
        s.audits.push(event);
        return;
      }
      await recordAudit(transaction, s.deps.database.engine, actorOfState(s), event, s.now);
    };
  }
}

const actorOfState = (s: RequestState) =>
  s.principal ? actorOf(s.principal) : { userId: null, organisationId: null, roles: ['anonymous'] as string[] };

/** Writes the audit entries an `'audit'` route made, in one transaction, before its response leaves. */
async function writeAudits(s: RequestState): Promise<void> {
  const events = s.audits;
  if (!events?.length) return;
  const { database } = s.deps;
  await database.db.transaction().execute(async (trx) => {
    for (const e of events) await recordAudit(trx, database.engine, actorOfState(s), e, s.now);
  });
}

async function runHandler(
  s: RequestState,
  db: Db,
  trx: Trx | undefined,
): Promise<{ result: Result<unknown>; json: string | null }> {
  const { spec, idem } = s;
  const result = await spec.handler(new HandlerContext(s, db, trx));
  const json = spec.response.schema ? JSON.stringify(result.body) : null;
  if (idem.kind === 'fresh') {
    const complete = (t: Trx) =>
      spec.secretInAnswer
        ? completeIdempotent(t, idem, result.status ?? spec.response.status, null, WITHHELD)
        : completeIdempotent(t, idem, result.status ?? spec.response.status, json, {
            ...(result.headers ?? {}),
            ...(spec.etag && result.version !== undefined ? { etag: `"v${result.version}"` } : {}),
          });
    // A creating route that commits its own work (the import) stores its answer in a short transaction after it.
    if (trx) await complete(trx);
    else await s.deps.database.db.transaction().execute(complete);
  }
  return { result, json };
}

/** Registers a route on the app with the steps every route runs: authenticate, validate, authorize, run, present. */
export function mountRoute(app: FastifyInstance, deps: AppDeps, spec: AnyRoute): void {
  const transactional = spec.transactional ?? spec.method !== 'GET';
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit(deps.config) } : {}),
    config: { policy: spec.policy, operationId: spec.operationId },
    handler: async (req, reply) => {
      const now = deps.clock();
      const principal = await authenticate(deps, req, reply, spec.policy, now);
      if (principal && principal.kind === 'session' && spec.method !== 'GET' && !spec.policy.anonymous)
        checkCsrf(req, principal);

      const issues: ValidationIssue[] = [];
      const params = parsePart(spec.params, req.params, 'params', issues);
      // The API's addresses refuse parameters they do not take; public pages ignore them (a link's tracking tags).
      if (spec.url.startsWith('/api/')) unknownParameters(spec.query, req.query, issues);
      const query = parsePart(spec.query, req.query, 'query', issues);
      const body = parsePart(spec.body, req.body, 'body', issues);
      if (issues.length) {
        if (spec.checksWhenRefused && req.body && typeof req.body === 'object')
          issues.push(...spec.checksWhenRefused(req.body, now));
        throw invalidFields(issues);
      }
      const ifMatch = spec.ifMatch ? parseIfMatch(req.headers['if-match']) : 0;

      const idem: Idempotency =
        spec.creates && principal ? await beginIdempotent(deps, req, principal, spec, now) : { kind: 'none' };
      if (idem.kind === 'replay') {
        const shown = await replayablePeople(deps.database.db, principal!, spec.url, params, idem.body);
        if (shown.length)
          await deps.database.db.transaction().execute(async (trx) => {
            for (const id of shown)
              await recordAudit(
                trx,
                deps.database.engine,
                actorOf(principal!),
                restrictedRead(id, principal!.organisationId, 'replay'),
                now,
              );
          });
        for (const [k, v] of Object.entries(idem.headers)) reply.header(k, v);
        reply.header('idempotent-replayed', 'true');
        return reply.code(idem.status).type('application/json').send(idem.body);
      }

      const audits = transactional === 'audit' ? [] : undefined;
      const state: RequestState = {
        spec,
        deps,
        principal,
        params,
        query,
        body,
        ifMatch,
        now,
        req,
        reply,
        idem,
        audits,
      };
      let out: { result: Result<unknown>; json: string | null };
      try {
        if (transactional === true)
          out = await deps.database.db.transaction().execute((trx) => runHandler(state, trx, trx));
        else {
          out = await runHandler(state, deps.database.db, undefined);
          await writeAudits(state);
        }
      } catch (err) {
        if (idem.kind === 'fresh') await releaseIdempotent(deps.database.db, idem.principal, idem.key, idem.claimedAt);
        throw translateDatabaseError(err);
      }

      const { result, json } = out;
      result.afterCommit?.();
      if (spec.etag && result.version !== undefined) {
        const etag = `"v${result.version}"`;
        reply.header('etag', etag);
        if (spec.method === 'GET' && req.headers['if-none-match'] === etag) return reply.code(304).send();
      }
      for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
      reply.code(result.status ?? spec.response.status);
      if (result.file) {
        // The name is chosen by the server (never from input), so it needs no escaping beyond ASCII.
        reply.header('content-disposition', `attachment; filename="${result.file.filename}"`);
        return reply.type(result.file.contentType).send(result.file.data);
      }
      if (result.html !== undefined) return reply.type('text/html; charset=utf-8').send(result.html);
      if (result.text) return reply.type(result.text.contentType).send(result.text.body);
      if (json === null) return reply.send();
      return reply.type('application/json; charset=utf-8').send(json);
    },
  });
}
