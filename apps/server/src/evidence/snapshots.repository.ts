// Reads what the indicators count about a set of people (contributions.ts), in a handful of plain queries per
// batch whatever its size: people, their latest statistics consent event, cases with their exploitation types,
// services, referrals.
import { type CompiledQuery, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { PersonSnapshot, SnapshotCase } from './contributions.ts';

const CHUNK = 500;
const EXPLOITATION = 'htcds.exploitation_type';

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * A case as a snapshot holds it, from the row a write has just inserted and its codes (so that the write need not
 * read it back): the HTCDS forms of exploitation of a trafficking case, and whether a child case is unaccompanied.
 */
export function caseSnapshotOf(
  row: {
    id: string;
    organisation_id: string;
    type: string;
    opened_on: string;
    closed_on: string | null;
    details: string | null;
  },
  codes: readonly { vocabulary: string; code: string }[],
): SnapshotCase {
  return {
    id: row.id,
    organisation_id: row.organisation_id,
    type: row.type,
    opened_on: row.opened_on,
    closed_on: row.closed_on,
    exploitation:
      row.type === 'trafficking'
        ? codes
            .filter((c) => c.vocabulary === EXPLOITATION)
            .map((c) => c.code)
            .sort()
        : [],
    unaccompanied: row.type === 'child' && isUnaccompanied(row.details),
  };
}

/** Is a child case's form marked unaccompanied? (cases.details holds `{ form, closureReferred }`.) */
function isUnaccompanied(details: string | null): boolean {
  if (!details) return false;
  try {
    const d = JSON.parse(details) as { form?: { separation?: unknown } };
    return d.form?.separation === 'unaccompanied';
  } catch {
    return false;
  }
}

type Part = {
  kind: 'c' | 'p' | 's' | 'k' | 'v' | 'r';
  k1: string | null;
  k2: string | null;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
  e: string | null;
};

const text = (x: RawBuilder<unknown>) => sql`cast(${x} as varchar(4000))`;

/**
 * A timestamp as ISO 8601 UTC text, as Corridor stores it on SQLite and as the PostgreSQL driver returns it
 * (database.ts): never in the session's time zone, so periods are the same on both engines.
 */
const iso = (pg: boolean, x: RawBuilder<unknown>) =>
  pg ? sql`to_char(${x} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : sql`${x}`;

/**
 * Everything of a set of people in one statement: their cases (c), the people (p), their statistics consent events
 * (s, with whether each is still in force at `now`), exploitation codes (k), services (v) and referrals (r), as
 * rows of one shape (UNION ALL, every column text, so it is the same on both engines). One statement instead of
 * six: the hooks run it twice per write.
 */
function partsQuery(ids: readonly string[], pg: boolean, now: Date) {
  const list = sql.join(ids.map((id) => sql`${id}`));
  const r = (x: string) => sql`${sql.ref(x)}`;
  const t = (x: string) => text(r(x));
  return sql<Part>`
    select 'c' as kind, ${t('cs.id')} as k1, ${t('cs.beneficiary_id')} as k2, ${t('cs.organisation_id')} as a,
      ${t('cs.type')} as b, ${t('cs.opened_on')} as c, ${t('cs.closed_on')} as d,
      ${text(sql`case when cs.type = 'child' then cs.details end`)} as e
    from cases cs where cs.beneficiary_id in (${list})
    union all
    select 'p', ${t('b.id')}, null, ${t('b.organisation_id')}, ${t('b.sex')}, ${t('b.date_of_birth')},
      ${t('b.country')}, ${text(sql`coalesce(b.pcode, '') || '|' || b.citizenships`)}
    from beneficiaries b where b.id in (${list})
    union all
    select 's', ${t('e.beneficiary_id')}, ${t('e.id')}, ${t('e.action')},
      ${text(sql`case when e.expires_at is null or ${iso(pg, r('e.expires_at'))} > ${now.toISOString()} then 'live' else 'expired' end`)},
      ${text(iso(pg, r('e.recorded_at')))},
      ${text(sql`case when e.expires_at is not null and exists (select 1 from evidence_membership m where m.consent_event_id = e.id) then 'applied' end`)},
      null
    from consent_events e where e.beneficiary_id in (${list}) and e.purpose = 'statistics'
      and e.recipient_organisation_id is null
    union all
    select 'k', ${t('k.case_id')}, null, ${t('k.code')}, null, null, null, null
    from case_codes k join cases kc on kc.id = k.case_id
    where kc.beneficiary_id in (${list}) and kc.type = 'trafficking' and k.vocabulary = ${EXPLOITATION}
    union all
    select 'v', ${t('v.case_id')}, ${t('v.id')}, ${t('v.organisation_id')}, ${t('v.service_type')}, ${t('v.delivered_on')},
      ${t('v.currency')}, ${t('v.value_minor')}
    from case_services v join cases vc on vc.id = v.case_id where vc.beneficiary_id in (${list})
    union all
    select 'r', ${t('f.case_id')}, ${t('f.id')}, ${t('f.from_organisation_id')}, ${t('f.service_type')},
      ${text(iso(pg, r('f.sent_at')))}, ${t('f.status')}, ${text(iso(pg, r('f.closed_at')))}
    from referrals f join cases fc on fc.id = f.case_id where fc.beneficiary_id in (${list})`;
}

// Building and compiling the statement costs far more than running it (about 0.6 ms against 0.05 ms on SQLite):
// it is compiled once per engine and number of people, with markers where the values go, then reused.
const MARK = '\u0000evidence:';
const compiledCache = new Map<string, CompiledQuery<Part>>();

function compiledParts(db: Db, ids: readonly string[], pg: boolean, now: Date): CompiledQuery<Part> {
  const key = `${pg ? 'pg' : 'sqlite'}:${ids.length}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    const marks = ids.map((_, i) => `${MARK}${i}`);
    compiled = partsQuery(marks, pg, new Date(0)).compile(db);
    if (compiledCache.size > 300) compiledCache.clear();
    compiledCache.set(key, compiled);
  }
  const at = new Date(0).toISOString();
  const parameters = compiled.parameters.map((v) => {
    if (typeof v === 'string' && v.startsWith(MARK)) return ids[Number(v.slice(MARK.length))];
    return v === at ? now.toISOString() : v;
  });
  return { ...compiled, parameters };
}

/** The snapshots of `ids` (people that do not exist get an empty snapshot), in the order asked. */
export async function loadSnapshots(db: Db, ids: readonly string[], now: Date): Promise<Map<string, PersonSnapshot>> {
  const out = new Map<string, PersonSnapshot>();
  for (const id of ids) out.set(id, { person: null, counted: false, cases: [], services: [], referrals: [] });
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const part of chunks([...new Set(ids)], 200)) {
    const rows = (await db.executeQuery(compiledParts(db, part, pg, now))).rows;
    if (rows.length === 0) continue;
    const caseOwner = new Map<string, string>();
    const caseById = new Map<string, SnapshotCase & { exploitation: string[] }>();
    const latestStatistics = new Map<
      string,
      { id: string; action: string; live: boolean; applied: boolean; at: string }
    >();
    for (const x of rows) {
      if (x.kind === 'c') {
        const sc = {
          id: x.k1!,
          organisation_id: x.a!,
          type: x.b!,
          opened_on: x.c!,
          closed_on: x.d,
          exploitation: [] as string[],
          unaccompanied: x.b === 'child' && isUnaccompanied(x.e),
        };
        caseOwner.set(sc.id, x.k2!);
        caseById.set(sc.id, sc);
        (out.get(x.k2!)!.cases as SnapshotCase[]).push(sc);
      } else if (x.kind === 'p') {
        // e is "pcode|citizenships" (the p-code empty when there is none).
        const bar = (x.e ?? '|').indexOf('|');
        out.get(x.k1!)!.person = {
          id: x.k1!,
          organisation_id: x.a!,
          sex: x.b,
          date_of_birth: x.c,
          country: x.d,
          pcode: x.e === null ? null : x.e.slice(0, bar) || null,
          citizenships: x.e === null ? '' : x.e.slice(bar + 1),
        };
      } else if (x.kind === 's') {
        const prev = latestStatistics.get(x.k1!);
        if (!prev || x.c! > prev.at)
          latestStatistics.set(x.k1!, {
            id: x.k2!,
            action: x.a!,
            live: x.b === 'live',
            applied: x.d === 'applied',
            at: x.c!,
          });
      }
    }
    for (const x of rows) {
      if (x.kind === 'k') caseById.get(x.k1!)?.exploitation.push(x.a!);
      else if (x.kind === 'v') {
        const owner = caseOwner.get(x.k1!);
        if (owner)
          (out.get(owner)!.services as PersonSnapshot['services'][number][]).push({
            id: x.k2!,
            case_id: x.k1!,
            organisation_id: x.a!,
            service_type: x.b!,
            delivered_on: x.c!,
            currency: x.d,
            value_minor: x.e === null ? null : Number(x.e),
          });
      } else if (x.kind === 'r') {
        const owner = caseOwner.get(x.k1!);
        if (owner)
          (out.get(owner)!.referrals as PersonSnapshot['referrals'][number][]).push({
            id: x.k2!,
            case_id: x.k1!,
            from_organisation_id: x.a!,
            service_type: x.b,
            sent_at: x.c!,
            status: x.d!,
            closed_at: x.e,
          });
      }
    }
    for (const c of caseById.values()) c.exploitation.sort();
    for (const [id, e] of latestStatistics) {
      if (e.action !== 'grant') continue;
      if (e.live) out.get(id)!.counted = true;
      // Expired, and the cells still count the person: the expiry is yet to be applied (maintain.ts).
      else if (!e.applied) out.get(id)!.pendingExpiry = e.id;
    }
  }
  return out;
}

/** One page of person ids in id order after `after` (null: from the start), for rebuild and verify. */
export async function personIdsPage(db: Db, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom('beneficiaries').select('id').orderBy('id').limit(limit);
  if (after !== null) q = q.where('id', '>', after);
  return (await q.execute()).map((r) => r.id);
}
