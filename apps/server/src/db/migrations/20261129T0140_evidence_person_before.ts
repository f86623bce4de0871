// Frozen. PostgreSQL only: evidence_person_before(person, now) locks one person's row until the transaction ends and
// returns what the evidence base reads about them before a single write (evidence/snapshots.repository.ts
// lockAndLoadPerson), in one round trip instead of two. The function is VOLATILE, so its read takes a snapshot of
// its own after the lock is granted: a writer the lock waited for is seen (one statement of lock and read would read
// as of before the wait). The read is the batch read of evidence/snapshot-rows.ts (PG_BATCH_PARTS_SQL) for one
// person (`= p_person` instead of `= any(array)`, a plan that stays the same for every person); a test checks that
// both give the same snapshots. SQLite: nothing (one writer; the hooks read in the writing transaction).
import { type Kysely, sql } from 'kysely';

const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function up(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine !== 'postgres') return;
  await sql
    .raw(`create or replace function evidence_person_before(p_person uuid, p_now text)
returns table (kind text, k1 text, k2 text, a text, b text, c text, d text, e text, codes text)
language plpgsql volatile as $body$
#variable_conflict use_column
begin
  perform 1 from beneficiaries where id = p_person for update;
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
        where m.consent_event_id = ev.id) then 'applied' end, null, null
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
}

export async function down(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine !== 'postgres') return;
  await sql.raw('drop function if exists evidence_person_before(uuid, text)').execute(db);
}
