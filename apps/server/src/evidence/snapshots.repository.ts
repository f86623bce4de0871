// Reads what the indicators count about a set of people (contributions.ts), in a handful of plain queries per
// batch whatever its size: people, their latest statistics consent event, cases with their exploitation types,
// services, referrals.
import { CompiledQuery, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { CombinedTexts, type Db, namedStatement, unmarked } from '../db/database.ts';
import { readRowsInTransaction } from '../db/dialects/sqlite-driver.ts';
import type { PersonSnapshot, SnapshotCase } from './contributions.ts';
import { keptSnapshot } from './snapshot-cache.ts';
import {
  addPartRows,
  EXPLOITATION,
  emptySnapshots,
  isUnaccompanied,
  PG_BATCH_PARTS_SQL,
  SQLITE_PEOPLE_PER_STATEMENT,
  sqliteParts,
  sqlitePartsParameters,
} from './snapshot-rows.ts';

const CHUNK = 500;
/** People of a single write (at most): their read keeps one parameter a person (PG_BATCH_PARTS says why). */
const SINGLE_WRITE = 4;

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

type Part = {
  /** j: a kept snapshot (k1 its JSON, k2 its valid_until). */
  kind: 'c' | 'p' | 's' | 'k' | 'v' | 'r' | 'j';
  k1: string | null;
  k2: string | null;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
  e: string | null;
  /** The batch statement on PostgreSQL only: a trafficking case's forms of exploitation, joined by U+001F. */
  codes?: string | null;
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
      ${text(iso(pg, r('e.expires_at')))}
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

/**
 * PostgreSQL: the read of a single write (a few people) runs as a named statement, parsed and planned once per
 * connection instead of at every write (db/database.ts NAMED_STATEMENT); larger batches stay unnamed.
 */
function namedOnPostgres(compiled: CompiledQuery<Part>, people: number): CompiledQuery<Part> {
  return people <= SINGLE_WRITE ? { ...compiled, sql: namedStatement(compiled.sql) } : compiled;
}

function compiledParts(db: Db, ids: readonly string[], pg: boolean, now: Date): CompiledQuery<Part> {
  const key = `${pg ? 'pg' : 'sqlite'}:${ids.length}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    const marks = ids.map((_, i) => `${MARK}${i}`);
    compiled = partsQuery(marks, pg, new Date(0)).compile(db);
    if (pg) compiled = namedOnPostgres(compiled, ids.length);
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

/** PostgreSQL, a batch of people: one named statement (snapshot-rows.ts pgBatchParts says why). */
const PG_BATCH_PARTS = namedStatement(PG_BATCH_PARTS_SQL);

/** The parts of a batch as arrays [kind, k1, k2, a, b, c, d, e, codes?], on either engine. */
async function partRows(db: Db, ids: readonly string[], pg: boolean, now: Date): Promise<readonly unknown[][]> {
  if (pg && ids.length > SINGLE_WRITE) {
    const rows = (await db.executeQuery(CompiledQuery.raw(PG_BATCH_PARTS, [ids, now.toISOString()]))).rows as Part[];
    return rows.map((x) => [x.kind, x.k1, x.k2, x.a, x.b, x.c, x.d, x.e, x.codes]);
  }
  if (!pg && db.isTransaction) {
    const rows = await readRowsInTransaction(db, sqliteParts(ids.length), sqlitePartsParameters(ids, now));
    if (rows) return rows;
  }
  const rows = (await db.executeQuery(compiledParts(db, ids, pg, now))).rows;
  return rows.map((x) => [x.kind, x.k1, x.k2, x.a, x.b, x.c, x.d, x.e]);
}

/** The snapshots of `ids` (people that do not exist get an empty snapshot), in the order asked. */
export async function loadSnapshots(db: Db, ids: readonly string[], now: Date): Promise<Map<string, PersonSnapshot>> {
  const out = emptySnapshots(ids);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // PostgreSQL reads a batch with one array parameter (PG_BATCH_PARTS): larger batches, fewer statements.
  for (const part of chunks([...new Set(ids)], pg ? 1000 : SQLITE_PEOPLE_PER_STATEMENT)) {
    const rows = await partRows(db, part, pg, now);
    if (rows.length) addPartRows(out, rows);
  }
  return out;
}

/** How a person's read went: their kept snapshot was used ('hit'), or their records were read ('miss'). */
export type KeptRead = 'hit' | 'miss';

/**
 * PostgreSQL, the one person of a single write: locks their row until the transaction ends and reads their snapshot,
 * in one round trip (the function evidence_person_read, migration 20261130T1220: the lock, then the read on a
 * snapshot taken after it, as lockPeople then loadSnapshots do in two). With `kept`, their kept snapshot
 * (snapshot-cache.ts) when a valid one is there; otherwise (or without `kept`) any kept snapshot is removed and their
 * records are read.
 */
const PERSON_READ = namedStatement('select * from evidence_person_read($1::uuid, $2::text, $3::boolean)');

export async function lockAndLoadPerson(
  trx: Db,
  id: string,
  now: Date,
  kept = false,
): Promise<{ before: Map<string, PersonSnapshot>; kept: KeptRead }> {
  const rows = (await trx.executeQuery(CompiledQuery.raw(PERSON_READ, [id, now.toISOString(), kept]))).rows as Part[];
  return personSnapshot(id, rows);
}

function personSnapshot(id: string, rows: readonly Part[]): { before: Map<string, PersonSnapshot>; kept: KeptRead } {
  const j = rows.length === 1 && rows[0]!.kind === 'j' ? rows[0]! : null;
  if (j) return { before: new Map([[id, keptSnapshot(j.k1!, j.k2)]]), kept: 'hit' };
  const out = emptySnapshots([id]);
  if (rows.length)
    addPartRows(
      out,
      rows.map((x) => [x.kind, x.k1, x.k2, x.a, x.b, x.c, x.d, x.e, x.codes]),
    );
  return { before: out, kept: 'miss' };
}

/**
 * PERSON_READ (with the kept snapshot) and a read beside it (made once per read's text): the read's rows as one JSON
 * array on a row of their own (kind null), after the person's; the person and the time numbered after the read's
 * parameters.
 */
const withRead = new CombinedTexts((read, parameters) => {
  const n = Number(parameters);
  return namedStatement(
    `with alongside as materialized (${unmarked(read)}) ` +
      `select kind, k1, k2, a, b, c, d, e, codes, null::json as alongside ` +
      `from evidence_person_read($${n + 1}::uuid, $${n + 2}::text, true) union all ` +
      `select null, null, null, null, null, null, null, null, null, ` +
      `(select coalesce(json_agg(alongside), '[]'::json) from alongside)`,
  );
});

/**
 * PostgreSQL: lockAndLoadPerson (with the kept snapshot) and another read of the same write (`read`, a compiled
 * select) in one statement, one round trip for both. The read's rows come back as JSON gives them: select text
 * columns (a uuid, a timestamp as text) or numbers and booleans. The read's statement snapshot is taken before the
 * person's lock is granted; it must not depend on the person (what a write locked earlier in the transaction it sees
 * as of after that lock).
 */
export async function lockAndLoadPersonWith(
  trx: Db,
  id: string,
  now: Date,
  read: CompiledQuery,
): Promise<{ before: Map<string, PersonSnapshot>; kept: KeptRead; rows: unknown[] }> {
  const text = withRead.get(read.sql, String(read.parameters.length));
  const all = (await trx.executeQuery(CompiledQuery.raw(text, [...read.parameters, id, now.toISOString()])))
    .rows as (Part & { alongside: unknown[] | null })[];
  const parts = all.filter((x) => x.kind !== null);
  const rows = all.find((x) => x.kind === null)?.alongside ?? [];
  return { ...personSnapshot(id, parts), rows };
}

/** One page of person ids in id order after `after` (null: from the start), for rebuild and verify. */
export async function personIdsPage(db: Db, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom('beneficiaries').select('id').orderBy('id').limit(limit);
  if (after !== null) q = q.where('id', '>', after);
  return (await q.execute()).map((r) => r.id);
}
