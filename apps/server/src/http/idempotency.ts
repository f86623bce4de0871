import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { restrictedAmong } from '../beneficiaries/beneficiaries.service.ts';
import type { Db, Trx } from '../db/database.ts';
import { constraintKind } from '../db/dialects/index.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from './principal.ts';

/**
 * The stored headers of a request whose answer held a secret shown once (route.ts secretInAnswer): the answer is not
 * kept, and a replay is refused with the reason.
 */
export const WITHHELD: Record<string, string> = { 'corridor-answer': 'withheld' };

/** An in-flight key older than this belongs to a request that died before committing; it may be retried. */
const ABANDONED_AFTER_MS = 120_000;

type Begin =
  | { kind: 'none' }
  | { kind: 'fresh'; principal: string; key: string; claimedAt: string }
  | { kind: 'replay'; status: number; body: string; headers: Record<string, string> };

/**
 * Starts an idempotent request. The key is claimed in its own small transaction (so a concurrent duplicate sees
 * it and gets 409); the response is stored in the same transaction as the effect (completeIdempotent), so
 * a replay always returns what the one effect produced.
 */
export async function beginIdempotent(
  deps: AppDeps,
  req: FastifyRequest,
  principal: Principal,
  route: { method: string; url: string },
  now: Date,
): Promise<Begin> {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return { kind: 'none' };
  const key = String(raw);
  if (key.length < 8 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new DomainError('validation_failed', 'Idempotency-Key must be 8-255 visible ASCII characters.', {
      errors: [
        {
          location: 'headers',
          pointer: '/idempotency-key',
          message: 'must be 8-255 visible ASCII characters',
          code: 'invalid_format',
        },
      ],
    });
  }
  const requestHash = createHash('sha256')
    .update(`${route.method} ${route.url}\n${JSON.stringify(req.params)}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');
  const db = deps.database.db;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db
        .insertInto('idempotency_keys')
        .values({
          principal: principal.id,
          key,
          request_hash: requestHash,
          state: 'in_flight',
          response_status: null,
          response_body: null,
          response_headers: null,
          created_at: now.toISOString(),
        })
        .execute();
      return { kind: 'fresh', principal: principal.id, key, claimedAt: now.toISOString() };
    } catch (err) {
      if (constraintKind(err) !== 'unique') throw err;
    }
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal', '=', principal.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) continue; // released between our insert and select: try once more
    if (row.request_hash !== requestHash) {
      throw new DomainError('idempotency_key_reused', 'Use a new Idempotency-Key for a different request.');
    }
    if (row.state === 'done') {
      const headers = JSON.parse(row.response_headers ?? '{}') as Record<string, string>;
      if (headers['corridor-answer'] === WITHHELD['corridor-answer'])
        throw new DomainError(
          'conflict',
          'This request was done already, and its answer held a secret that is shown once only: it is not kept for ' +
            'a replay. Revoke what it created if the secret was lost, and create another with a new Idempotency-Key.',
        );
      return {
        kind: 'replay',
        status: row.response_status ?? 200,
        body: row.response_body ?? '',
        headers,
      };
    }
    if (now.getTime() - Date.parse(row.created_at) < ABANDONED_AFTER_MS) {
      throw new DomainError('idempotency_in_flight', 'Wait for the first request to finish, then retry.');
    }
    await releaseIdempotent(db, principal.id, key, row.created_at);
  }
  throw new DomainError('idempotency_in_flight', 'Wait for the first request to finish, then retry.');
}

/**
 * Records the response inside the effect's transaction, on the claim this request made (`claimedAt`). A request so
 * slow that its claim was taken as abandoned and claimed again by a retry finds its claim gone: it fails, and its
 * transaction (its effect) is rolled back, so the key's one effect is the retry's.
 */
export async function completeIdempotent(
  trx: Trx,
  claim: { principal: string; key: string; claimedAt: string },
  status: number,
  body: string | null,
  headers: Record<string, string>,
): Promise<void> {
  const r = await trx
    .updateTable('idempotency_keys')
    .set({
      state: 'done',
      response_status: status,
      response_body: body ?? '',
      response_headers: JSON.stringify(headers),
    })
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .where('state', '=', 'in_flight')
    .where('created_at', '=', claim.claimedAt)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1)
    throw new DomainError(
      'idempotency_in_flight',
      'This request took so long that a retry with the same Idempotency-Key was let through; nothing was done by this one.',
    );
}

/** Frees a key whose request failed (its own claim, made at `claimedAt`), so the client may retry with it. */
export async function releaseIdempotent(db: Db, principal: string, key: string, claimedAt: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('principal', '=', principal)
    .where('key', '=', key)
    .where('state', '=', 'in_flight')
    .where('created_at', '=', claimedAt)
    .execute();
}

/**
 * The people a stored answer names: every `beneficiaryId` in it, the person a route under `/api/beneficiaries/:id`
 * acts on, and the person `POST /api/beneficiaries` created. A replay of the answer shows them again.
 */
export function peopleNamedIn(url: string, params: unknown, body: string): string[] {
  const found = new Set<string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'beneficiaryId' && typeof x === 'string') found.add(x);
        else walk(x);
      }
  };
  walk(parsed);
  if (url === '/api/beneficiaries' && parsed && typeof parsed === 'object') {
    const id = (parsed as { id?: unknown }).id;
    if (typeof id === 'string') found.add(id);
  }
  if (url.startsWith('/api/beneficiaries/:id')) {
    const id = (params as { id?: unknown } | null)?.id;
    if (typeof id === 'string') found.add(id);
  }
  return [...found];
}

/**
 * Whether a stored answer may be given again as it was: not when it names a person the caller may no longer see
 * (a sensitive case opened since, and the caller not on it). The answer was right when it was made; access is
 * decided now (SECURITY.md: deny by default), so such a replay is refused and the caller reads the record at its
 * address, where what they may see is shown. Restricted people the caller may still see are returned for the
 * sensitive-read audit.
 */
export async function replayablePeople(
  db: Db,
  principal: Principal,
  url: string,
  params: unknown,
  body: string,
): Promise<string[]> {
  const people = peopleNamedIn(url, params, body);
  if (!people.length) return [];
  const { hidden, shown } = await restrictedAmong(db, principal, people);
  if (hidden.size)
    throw new DomainError(
      'conflict',
      'This request was done already, but its answer names a person whose record you may no longer see in full ' +
        'since then, so it is not given again. Read the record at its address to see what is shown to you.',
    );
  return shown;
}
