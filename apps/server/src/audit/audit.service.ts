import { createHash } from 'node:crypto';
import type { Db, Engine, Trx } from '../db/database.ts';
import { lockAuditChain } from '../db/dialects/index.ts';
import type { Principal } from '../http/principal.ts';
import { extend } from '../lib/objects.ts';
import { type AuditFilter, allEntries, findEntries, insertEntry, lastEntry } from './audit.repository.ts';
import type { AuditRow, AuditTable } from './audit.table.ts';
import { canonicalJson } from './canonical-json.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** Who did it: a principal, or the system itself (CLI, background jobs). */
export type AuditActor = { userId: string | null; organisationId: string | null; roles: readonly string[] };

/** The system actor, for command-line and background work. */
export const systemActor: AuditActor = { userId: null, organisationId: null, roles: ['system'] };

/** The audit actor for a calling principal. */
export const actorOf = (p: Principal): AuditActor => ({
  userId: p.userId,
  organisationId: p.organisationId,
  roles: p.kind === 'token' ? [...p.roles, `token:${p.tokenId}`] : p.roles,
});

export type AuditEvent = {
  action: string;
  entityType: string;
  entityId?: string | null;
  organisationId?: string | null;
  purpose?: string | null;
  sensitiveRead?: boolean;
  /** What changed, by field name; never passwords, secrets, tokens or free text about a person. */
  details?: Record<string, unknown>;
};

/** Everything an entry's hash covers, in a fixed shape. */
function hashOf(row: Omit<AuditTable, 'hash'>): string {
  const { prev_hash, ...rest } = row;
  return createHash('sha256').update(prev_hash).update('\n').update(canonicalJson(rest)).digest('hex');
}

/**
 * Appends an entry to the hash chain inside the caller's transaction: if the transaction rolls back, so does the
 * entry, and if the entry cannot be written, the action fails (fail closed).
 */
export async function recordAudit(
  trx: Trx,
  engine: Engine,
  actor: AuditActor,
  e: AuditEvent,
  now = new Date(),
): Promise<void> {
  await lockAuditChain(trx, engine);
  const last = await lastEntry(trx);
  const row: Omit<AuditTable, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: now.toISOString(),
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId ?? null,
    organisation_id: e.organisationId ?? null,
    actor_user_id: actor.userId,
    actor_organisation_id: actor.organisationId,
    actor_roles: actor.roles.join(' '),
    purpose: e.purpose ?? null,
    sensitive_read: e.sensitiveRead ? 1 : 0,
    details: canonicalJson(e.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await insertEntry(trx, extend(row, { hash: hashOf(row) }));
}

export type Verification = {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  reason: string | null;
  head: { seq: number; hash: string } | null;
};

/**
 * Walks the whole chain: every entry must follow the previous one without a gap, carry the previous hash and
 * hash to what it claims. An edited entry breaks its own hash; a deleted one leaves a gap or a broken link. An
 * `anchor` (seq and hash noted earlier, outside the database) also catches removal of the newest entries.
 */
export async function verifyAuditChain(db: Db, anchor?: { seq: number; hash: string }): Promise<Verification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let anchorSeen = false;
  const fail = (seq: number, reason: string): Verification => ({
    ok: false,
    checked,
    firstBadSeq: seq,
    reason,
    head: null,
  });
  for await (const row of allEntries(db)) {
    if (row.seq !== expectedSeq) return fail(expectedSeq, `entry ${expectedSeq} is missing`);
    if (row.prev_hash !== prev) return fail(row.seq, `entry ${row.seq} does not link to the entry before it`);
    const { hash, ...rest } = row;
    if (hashOf(rest) !== hash) return fail(row.seq, `entry ${row.seq} was changed after it was written`);
    if (anchor && row.seq === anchor.seq) {
      if (row.hash !== anchor.hash) return fail(row.seq, `entry ${row.seq} does not match the anchor`);
      anchorSeen = true;
    }
    prev = hash;
    expectedSeq++;
    checked++;
  }
  if (anchor && !anchorSeen) return fail(anchor.seq, `anchored entry ${anchor.seq} is missing`);
  return {
    ok: true,
    checked,
    firstBadSeq: null,
    reason: null,
    head: checked ? { seq: expectedSeq - 1, hash: prev } : null,
  };
}

/** A page of the log for browsing. */
export function browseAudit(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  return findEntries(db, filter);
}
