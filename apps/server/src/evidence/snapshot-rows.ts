// The rows of the evidence base's snapshot read and what they make (snapshots.repository.ts): the SQLite statement's
// text and parameters, PostgreSQL's batch statement, and the snapshots built from any engine's rows. No database
// here: the import's evidence reader thread (reader-worker.ts) runs the same statements on a connection of its own
// and builds the same snapshots.
import type { PersonSnapshot, SnapshotCase } from './contributions.ts';

export const EXPLOITATION = 'htcds.exploitation_type';

/** Is a child case's form marked unaccompanied? (cases.details holds `{ form, closureReferred }`.) */
export function isUnaccompanied(details: string | null): boolean {
  if (!details) return false;
  try {
    const d = JSON.parse(details) as { form?: { separation?: unknown } };
    return d.form?.separation === 'unaccompanied';
  } catch {
    return false;
  }
}

/**
 * SQLite: the same parts as partsQuery (snapshots.repository.ts) in one statement of plain SQL (no casts: every
 * column keeps its stored type), the exploitation codes of a trafficking case on its own row (column 8, joined by
 * U+001F) instead of rows of their own, run with rows as arrays (readRowsInTransaction). About half the time of the
 * Kysely path per person on the services import's read.
 */
export function sqliteParts(n: number): string {
  let text = sqliteText.get(n);
  if (text) return text;
  const list = `(${new Array(n).fill('?').join(',')})`;
  text = `select 'c', cs.id, cs.beneficiary_id, cs.organisation_id, cs.type, cs.opened_on, cs.closed_on,
      case when cs.type = 'child' then cs.details end,
      case when cs.type = 'trafficking' then (select group_concat(k.code, char(31)) from case_codes k
        where k.case_id = cs.id and k.vocabulary = '${EXPLOITATION}') end
    from cases cs where cs.beneficiary_id in ${list}
    union all
    select 'p', b.id, null, b.organisation_id, b.sex, b.date_of_birth, b.country,
      coalesce(b.pcode, '') || '|' || b.citizenships, null
    from beneficiaries b where b.id in ${list}
    union all
    select 's', e.beneficiary_id, e.id, e.action,
      case when e.expires_at is null or e.expires_at > ? then 'live' else 'expired' end, e.recorded_at,
      case when e.expires_at is not null and exists (select 1 from evidence_membership m
        where m.consent_event_id = e.id) then 'applied' end, e.expires_at, null
    from consent_events e where e.beneficiary_id in ${list} and e.purpose = 'statistics'
      and e.recipient_organisation_id is null
    union all
    select 'v', v.case_id, v.id, v.organisation_id, v.service_type, v.delivered_on, v.currency, v.value_minor, null
    from case_services v join cases vc on vc.id = v.case_id where vc.beneficiary_id in ${list}
    union all
    select 'r', f.case_id, f.id, f.from_organisation_id, f.service_type, f.sent_at, f.status, f.closed_at, null
    from referrals f join cases fc on fc.id = f.case_id where fc.beneficiary_id in ${list}
    /* evidence snapshots, rows as arrays */`;
  if (sqliteText.size > 300) sqliteText.clear();
  sqliteText.set(n, text);
  return text;
}
const sqliteText = new Map<number, string>();

/** The parameters of sqliteParts(ids.length): the people for each part, `now` for the consent part. */
export function sqlitePartsParameters(ids: readonly string[], now: Date): unknown[] {
  return [...ids, ...ids, now.toISOString(), ...ids, ...ids, ...ids];
}

/** A timestamp column as ISO 8601 UTC text on PostgreSQL, as Corridor stores it on SQLite. */
const PG_ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * PostgreSQL, a batch of people (more than a single write's few): the same parts in one statement whose only
 * parameters are the people as one array and `now`, so its text is the same whatever the batch's size and it runs
 * as a named statement (snapshots.repository.ts; the evidence reader thread names it too), parsed and planned once
 * per connection (the text with one parameter per person was planned at every batch: about 10 ms a batch of 200). The cases are read once (a materialised CTE the services, referrals
 * and codes join, instead of the cases index searched four times), and the forms of exploitation of a trafficking
 * case are on its own row (column 8, joined by U+001F), as on SQLite.
 */
export const PG_BATCH_PARTS_SQL = `with cs as materialized (
      select id, beneficiary_id, organisation_id, type, opened_on, closed_on, details from cases
      where beneficiary_id = any($1::uuid[]))
    select 'c' as kind, cs.id::text as k1, cs.beneficiary_id::text as k2, cs.organisation_id::text as a, cs.type::text as b,
      cs.opened_on::text as c, cs.closed_on::text as d, (case when cs.type = 'child' then cs.details end)::text as e,
      case when cs.type = 'trafficking' then (select string_agg(k.code, chr(31)) from case_codes k
        where k.case_id = cs.id and k.vocabulary = '${EXPLOITATION}') end as codes
    from cs
    union all
    select 'p', b.id::text, null, b.organisation_id::text, b.sex::text, b.date_of_birth::text, b.country::text,
      (coalesce(b.pcode, '') || '|' || b.citizenships)::text, null
    from beneficiaries b where b.id = any($1::uuid[])
    union all
    select 's', e.beneficiary_id::text, e.id::text, e.action::text,
      case when e.expires_at is null or ${PG_ISO('e.expires_at')} > $2::text then 'live' else 'expired' end,
      ${PG_ISO('e.recorded_at')},
      case when e.expires_at is not null and exists (select 1 from evidence_membership m
        where m.consent_event_id = e.id) then 'applied' end, ${PG_ISO('e.expires_at')}, null
    from consent_events e where e.beneficiary_id = any($1::uuid[]) and e.purpose = 'statistics'
      and e.recipient_organisation_id is null
    union all
    select 'v', v.case_id::text, v.id::text, v.organisation_id::text, v.service_type::text, v.delivered_on::text,
      v.currency::text, v.value_minor::text, null
    from case_services v join cs on cs.id = v.case_id
    union all
    select 'r', f.case_id::text, f.id::text, f.from_organisation_id::text, f.service_type::text, ${PG_ISO('f.sent_at')},
      f.status::text, ${PG_ISO('f.closed_at')}, null
    from referrals f join cs on cs.id = f.case_id
    /* evidence snapshots, batch */`;

/** SQLite reads people in statements of this many (five lists of them, under SQLite's parameter limit). */
export const SQLITE_PEOPLE_PER_STATEMENT = 200;

const CODE_SEPARATOR = '\u001f';

/** Empty snapshots for `ids` (people that do not exist keep theirs), in the order asked. */
export function emptySnapshots(ids: readonly string[]): Map<string, PersonSnapshot> {
  const out = new Map<string, PersonSnapshot>();
  for (const id of ids)
    out.set(id, { person: null, counted: false, validUntil: null, cases: [], services: [], referrals: [] });
  return out;
}

/**
 * Fills the snapshots of `out` (made by emptySnapshots) from the rows of one statement of parts ([kind, k1, k2, a,
 * b, c, d, e, codes?]): the people, cases, services, referrals and statistics consent of the people it read.
 */
export function addPartRows(out: Map<string, PersonSnapshot>, rows: readonly unknown[][]): void {
  const caseOwner = new Map<string, string>();
  const caseById = new Map<string, SnapshotCase & { exploitation: string[] }>();
  const latestStatistics = new Map<
    string,
    { id: string; action: string; live: boolean; applied: boolean; at: string; expires: string | null }
  >();
  for (const x of rows) {
    const kind = x[0];
    if (kind === 'c') {
      const id = x[1] as string;
      const type = x[4] as string;
      const codes = x[8] as string | null | undefined;
      const sc = {
        id,
        organisation_id: x[3] as string,
        type,
        opened_on: x[5] as string,
        closed_on: x[6] as string | null,
        exploitation: codes ? codes.split(CODE_SEPARATOR) : ([] as string[]),
        unaccompanied: type === 'child' && isUnaccompanied(x[7] as string | null),
      };
      caseOwner.set(id, x[2] as string);
      caseById.set(id, sc);
      (out.get(x[2] as string)!.cases as SnapshotCase[]).push(sc);
    } else if (kind === 'p') {
      // e is "pcode|citizenships" (the p-code empty when there is none).
      const e = x[7] as string | null;
      const bar = (e ?? '|').indexOf('|');
      out.get(x[1] as string)!.person = {
        id: x[1] as string,
        organisation_id: x[3] as string,
        sex: x[4] as string | null,
        date_of_birth: x[5] as string | null,
        country: x[6] as string | null,
        pcode: e === null ? null : e.slice(0, bar) || null,
        citizenships: e === null ? '' : e.slice(bar + 1),
      };
    } else if (kind === 's') {
      const person = x[1] as string;
      const at = x[5] as string;
      const prev = latestStatistics.get(person);
      if (!prev || at > prev.at)
        latestStatistics.set(person, {
          id: x[2] as string,
          action: x[3] as string,
          live: x[4] === 'live',
          applied: x[6] === 'applied',
          at,
          expires: (x[7] as string | null | undefined) ?? null,
        });
    }
  }
  for (const x of rows) {
    const kind = x[0];
    if (kind === 'k') caseById.get(x[1] as string)?.exploitation.push(x[3] as string);
    else if (kind === 'v') {
      const owner = caseOwner.get(x[1] as string);
      const value = x[7];
      if (owner)
        (out.get(owner)!.services as PersonSnapshot['services'][number][]).push({
          id: x[2] as string,
          case_id: x[1] as string,
          organisation_id: x[3] as string,
          service_type: x[4] as string,
          delivered_on: x[5] as string,
          currency: x[6] as string | null,
          value_minor: value === null || value === undefined ? null : Number(value),
        });
    } else if (kind === 'r') {
      const owner = caseOwner.get(x[1] as string);
      if (owner)
        (out.get(owner)!.referrals as PersonSnapshot['referrals'][number][]).push({
          id: x[2] as string,
          case_id: x[1] as string,
          from_organisation_id: x[3] as string,
          service_type: x[4] as string | null,
          sent_at: x[5] as string,
          status: x[6] as string,
          closed_at: x[7] as string | null,
        });
    }
  }
  for (const c of caseById.values()) if (c.exploitation.length > 1) c.exploitation.sort();
  for (const [id, e] of latestStatistics) {
    if (e.action !== 'grant') continue;
    if (e.live) {
      const s = out.get(id)!;
      s.counted = true;
      s.validUntil = e.expires;
    }
    // Expired, and the cells still count the person: the expiry is yet to be applied (maintain.ts).
    else if (!e.applied) out.get(id)!.pendingExpiry = e.id;
  }
}
