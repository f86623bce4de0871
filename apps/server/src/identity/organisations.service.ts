import { randomUUID } from 'node:crypto';
import type { OrganisationKind } from '@corridor/contracts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError, invalidFields, notFound } from '../errors.ts';
import { isPlatformAdmin, type Principal } from '../http/principal.ts';
import { serviceType } from '../vocabularies/service-type.ts';
import { canActInOrganisation } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import type { OrganisationRow } from './identity.table.ts';

export type OrganisationInput = {
  code: string;
  name: string;
  kind: OrganisationKind;
  country: string;
  iatiIdentifier?: string | null | undefined;
};

/** What an organisation's administrator may change of it: its facts, and what referrals it takes. */
export type OrganisationChanges = Partial<Omit<OrganisationInput, 'code'>> & {
  referralsPaused?: boolean | undefined;
  referralServices?: string[] | null | undefined;
  referralNote?: string | null | undefined;
};

/** Refuses an IATI identifier another organisation already publishes under. */
async function assertIatiIdentifierFree(trx: Trx, iatiIdentifier: string | null | undefined, self?: string) {
  if (!iatiIdentifier) return;
  const other = await trx
    .selectFrom('organisations')
    .select('id')
    .where('iati_identifier', '=', iatiIdentifier)
    .$if(self !== undefined, (q) => q.where('id', '<>', self!))
    .executeTakeFirst();
  if (other) throw new DomainError('conflict', 'Another organisation already publishes under this IATI identifier.');
}

/** Creates an organisation; the code must be unique (409 otherwise). */
export async function createOrganisation(
  trx: Trx,
  input: OrganisationInput,
  now: Date,
  demo = false,
): Promise<OrganisationRow> {
  const existing = await trx.selectFrom('organisations').select('id').where('code', '=', input.code).executeTakeFirst();
  if (existing) throw new DomainError('conflict', 'Another organisation already uses this code.');
  await assertIatiIdentifierFree(trx, input.iatiIdentifier);
  const row: OrganisationRow = {
    id: randomUUID(),
    code: input.code,
    name: input.name,
    kind: input.kind,
    country: input.country,
    iati_identifier: input.iatiIdentifier ?? null,
    referrals_paused: 0,
    referral_services: null,
    referral_note: null,
    demo: demo ? 1 : 0,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
  };
  await repo.insertOrganisation(trx, row);
  return row;
}

/** One organisation the caller may see; 404 for any other, so existence does not leak. */
export async function getOrganisation(db: Db, p: Principal, id: string): Promise<OrganisationRow> {
  const o = canActInOrganisation(p, id) ? await repo.findOrganisation(db, id) : undefined;
  if (!o) throw notFound('organisation');
  return o;
}

/** Organisations the caller may see, by code, a page at a time. */
export async function listOrganisationsFor(db: Db, p: Principal, page: { limit: number; cursor?: string | undefined }) {
  const rows = await repo.listOrganisations(db, {
    ...(isPlatformAdmin(p) ? {} : { onlyId: p.organisationId }),
    ...(page.cursor ? { afterCode: page.cursor } : {}),
    limit: page.limit + 1,
  });
  const more = rows.length > page.limit;
  const items = more ? rows.slice(0, page.limit) : rows;
  return { items, next: more ? (items[items.length - 1]?.code ?? null) : null };
}

/** Changes name, kind or country; only a platform administrator may change kind or country. */
export async function updateOrganisation(
  trx: Trx,
  p: Principal,
  id: string,
  version: number,
  changes: OrganisationChanges,
  now: Date,
): Promise<{ before: OrganisationRow; after: OrganisationRow }> {
  const before = await getOrganisation(trx, p, id);
  if (!isPlatformAdmin(p) && (changes.kind !== undefined || changes.country !== undefined)) {
    throw new DomainError('forbidden', 'Only a platform administrator may change the kind or country.');
  }
  await assertIatiIdentifierFree(trx, changes.iatiIdentifier, id);
  const unknown = (changes.referralServices ?? []).flatMap((code, i) => (serviceType.has(code) ? [] : [i]));
  if (unknown.length)
    throw invalidFields(
      unknown.map((i) => ({
        location: 'body' as const,
        pointer: `/referralServices/${i}`,
        message: `not a code of the ${serviceType.id} vocabulary`,
        code: 'custom',
      })),
    );
  const { iatiIdentifier, referralsPaused, referralServices, referralNote, ...rest } = changes;
  const columns = {
    ...rest,
    ...(iatiIdentifier === undefined ? {} : { iati_identifier: iatiIdentifier }),
    ...(referralsPaused === undefined ? {} : { referrals_paused: referralsPaused ? 1 : 0 }),
    ...(referralServices === undefined ? {} : { referral_services: referralServices?.join(' ') ?? null }),
    ...(referralNote === undefined ? {} : { referral_note: referralNote }),
  };
  if (!(await repo.updateOrganisationVersioned(trx, id, version, columns, now.toISOString()))) {
    throw new DomainError('precondition_failed', 'The organisation changed since you read it; reload and retry.');
  }
  return { before, after: await getOrganisation(trx, p, id) };
}

/** Every organisation, for the partner directory (public facts only; the presenter picks the fields). */
export async function partnerDirectory(
  db: Db,
  f: { country?: string | undefined; kind?: string | undefined },
  caseRoles: readonly string[],
): Promise<(OrganisationRow & { takes_referrals: boolean })[]> {
  let q = db
    .selectFrom('organisations')
    .selectAll('organisations')
    // Whether it takes referrals: it has not paused them and someone active there works cases (one of `caseRoles`).
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('users')
            .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
            .select('users.id')
            .whereRef('users.organisation_id', '=', 'organisations.id')
            .where('users.disabled_at', 'is', null)
            .where('user_roles.role', 'in', [...caseRoles]),
        )
        .as('takes_referrals'),
    );
  if (f.country) q = q.where('country', '=', f.country);
  if (f.kind) q = q.where('kind', '=', f.kind);
  const rows = await q.orderBy('code').limit(1000).execute();
  // SQLite answers 0 or 1, PostgreSQL a boolean.
  return rows.map((r) => ({ ...r, takes_referrals: Boolean(r.takes_referrals) && r.referrals_paused !== 1 }));
}
