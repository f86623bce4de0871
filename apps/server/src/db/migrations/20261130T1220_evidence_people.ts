// Frozen. The evidence base's per-person snapshots (docs/indicators.md, "A person's snapshot, kept"): what a single
// write on PostgreSQL last left of a person's records as the indicators see them, so that the next single write that
// only adds records to them (a service, a case) reads one row instead of five parts of their records. `snapshot` is
// JSON (evidence/snapshot-cache.ts), `valid_until` the expiry of the statistics grant that counts the person (null:
// nothing changes with time alone); a snapshot past it is not used. A row goes with its person (cascade).
//
// PostgreSQL functions (SQLite keeps no snapshots: one writer, the hooks read in the writing transaction):
// - evidence_person_read(person, now, kept): locks the person's row until the transaction ends, then (a snapshot
//   of its own, taken after the lock: a writer the lock waited for is seen) returns their kept snapshot as one row
//   (kind 'j': k1 the JSON, k2 valid_until) when `kept` is true and a valid one is there; otherwise removes any
//   kept snapshot and returns the parts of their records (the batch read of evidence/snapshot-rows.ts for one
//   person; a consent row's `e` is its expiry). It replaces evidence_person_before (dropped).
// - evidence_lock_people(people): locks the people's rows in id order and removes their kept snapshots (a write
//   that is about to change their records other than through a single write's kept path); returns how many rows.
import { type Kysely, sql } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';
import { up as personBefore } from './20261129T0140_evidence_person_before.ts';

const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function up(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(engine);
  await db.schema
    .createTable('evidence_people')
    .addColumn('beneficiary_id', c.uuid, (col) => col.primaryKey().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('snapshot', c.text, (col) => col.notNull())
    .addColumn('valid_until', c.timestamp)
    .execute();
  if (engine !== 'postgres') return;
  await sql
    .raw(`create or replace function evidence_person_read(p_person uuid, p_now text, p_kept boolean)
returns table (kind text, k1 text, k2 text, a text, b text, c text, d text, e text, codes text)
language plpgsql volatile as $body$
#variable_conflict use_column
begin
  perform 1 from beneficiaries where id = p_person for update;
  if p_kept then
    return query select 'j'::text, x.snapshot::text, ${ISO('x.valid_until')}, null::text, null::text, null::text,
        null::text, null::text, null::text
      from evidence_people x
      where x.beneficiary_id = p_person and (x.valid_until is null or x.valid_until > p_now::timestamptz);
    if found then return; end if;
  end if;
  delete from evidence_people where beneficiary_id = p_person;
  return query
    with cs as materialized (
      select id, beneficiary_id, organisation_id, type, opened_on, closed_on, details from cases
      where beneficiary_id = p_person)
    select 'c'::text, cs.id::text, cs.beneficiary_id::text, cs.organisation_id::text, cs.type::text,
      cs.opened_on::text, cs.closed_on::text, (case when cs.type = 'child' then cs.details end)::text,
      case when cs.type = 'trafficking' then (select string_agg(k.code, chr(31)) from case_codes k
        where k.case_id = cs.id and k.vocabulary = 'htcds.exploitation_type') end
    from cs
    union all
    select 'p', p.id::text, null, p.organisation_id::text, p.sex::text, p.date_of_birth::text, p.country::text,
      (coalesce(p.pcode, '') || '|' || p.citizenships)::text, null
    from beneficiaries p where p.id = p_person
    union all
    select 's', ev.beneficiary_id::text, ev.id::text, ev.action::text,
      case when ev.expires_at is null or ${ISO('ev.expires_at')} > p_now then 'live' else 'expired' end,
      ${ISO('ev.recorded_at')},
      case when ev.expires_at is not null and exists (select 1 from evidence_membership m
        where m.consent_event_id = ev.id) then 'applied' end, ${ISO('ev.expires_at')}, null
    from consent_events ev where ev.beneficiary_id = p_person and ev.purpose = 'statistics'
      and ev.recipient_organisation_id is null
    union all
    select 'v', v.case_id::text, v.id::text, v.organisation_id::text, v.service_type::text, v.delivered_on::text,
      v.currency::text, v.value_minor::text, null
    from case_services v join cs on cs.id = v.case_id
    union all
    select 'r', f.case_id::text, f.id::text, f.from_organisation_id::text, f.service_type::text, ${ISO('f.sent_at')},
      f.status::text, ${ISO('f.closed_at')}, null
    from referrals f join cs on cs.id = f.case_id;
end
$body$`)
    .execute(db);
  await sql
    .raw(`create or replace function evidence_lock_people(p_people uuid[]) returns bigint
language plpgsql volatile as $body$
declare n bigint;
begin
  select count(*) into n from (select 1 from beneficiaries where id = any(p_people) order by id for update) locked;
  delete from evidence_people where beneficiary_id = any(p_people);
  return n;
end
$body$`)
    .execute(db);
  await sql.raw('drop function if exists evidence_person_before(uuid, text)').execute(db);
}

export async function down(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine === 'postgres') {
    await sql.raw('drop function if exists evidence_lock_people(uuid[])').execute(db);
    await sql.raw('drop function if exists evidence_person_read(uuid, text, boolean)').execute(db);
    await personBefore(db, engine);
  }
  await db.schema.dropTable('evidence_people').execute();
}
