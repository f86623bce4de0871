import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@corridor/contracts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, notFound } from '../errors.ts';
import { sha256 } from '../http/authenticate.ts';
import type { Principal } from '../http/principal.ts';
import * as repo from './identity.repository.ts';
import type { ApiTokenRow } from './identity.table.ts';

/**
 * Issues an API token for the caller's organisation. It can hold only roles its creator holds, and always
 * expires. The secret (`cor_` + 256 random bits) is returned once; only its SHA-256 is stored.
 */
export async function createApiToken(
  trx: Trx,
  p: Principal,
  input: { name: string; roles: Role[]; expiresInDays: number },
  now: Date,
): Promise<{ row: ApiTokenRow; secret: string }> {
  const extra = input.roles.filter((r) => !p.roles.includes(r));
  if (extra.length) throw new DomainError('forbidden', 'A token cannot hold a role you do not hold.');
  const secret = `cor_${randomBytes(32).toString('base64url')}`;
  const row: ApiTokenRow = {
    id: randomUUID(),
    organisation_id: p.organisationId,
    created_by: p.userId,
    name: input.name,
    roles: [...new Set(input.roles)].sort().join(' '),
    secret_hash: sha256(secret),
    expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    revoked_at: null,
    last_used_at: null,
    created_at: now.toISOString(),
  };
  await repo.insertApiToken(trx, row);
  return { row, secret };
}

/** Tokens of the caller's organisation. */
export function listApiTokensFor(db: Db, p: Principal): Promise<ApiTokenRow[]> {
  return repo.listApiTokens(db, p.organisationId);
}

/** Revokes a token of the caller's organisation; 404 for any other. */
export async function revokeApiTokenFor(trx: Trx, p: Principal, id: string, now: Date): Promise<ApiTokenRow> {
  const t = await repo.findApiToken(trx, id);
  if (!t || t.organisation_id !== p.organisationId) throw notFound('API token');
  await repo.revokeApiToken(trx, id, now.toISOString());
  return t;
}
