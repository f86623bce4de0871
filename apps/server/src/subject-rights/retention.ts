// Retention schedules (SECURITY.md D7): how long a person's data is kept once their cases are closed, per case
// type, as data. CORRIDOR_RETENTION_YEARS overrides any of the figures (docs/configuration.md); the rules
// themselves are in docs/subject-rights.md.
import { type AuditEvent, recordAudit, systemActor } from '../audit/audit.service.ts';
import type { Db, Engine } from '../db/database.ts';
import { DEFAULT_RETENTION, RETENTION_KEYS, type RetentionSchedule } from './retention-schedule.ts';
import { anonymiseAll, type Counts, graphOf, isAnonymised } from './subject-rights.store.ts';

export { DEFAULT_RETENTION, type RetentionSchedule } from './retention-schedule.ts';

const addYears = (day: string, years: number): string =>
  `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4)}`;

/**
 * The day from which the person's data is past its schedule, or null while any case is open. Each closed case
 * keeps the person until its own end date; the person goes when the latest of them has passed.
 */
export function retentionEnd(
  person: { created_at: string; date_of_birth: string | null },
  cases: readonly { type: string; closed_on: string | null }[],
  schedule: RetentionSchedule,
): string | null {
  if (cases.length === 0) return addYears(person.created_at.slice(0, 10), schedule.none);
  let end = '';
  for (const c of cases) {
    if (!c.closed_on) return null;
    const years = (schedule as Record<string, number>)[c.type] ?? Math.max(...RETENTION_KEYS.map((k) => schedule[k]));
    let e = addYears(c.closed_on, years);
    if (c.type === 'child' && person.date_of_birth) {
      const adult = addYears(person.date_of_birth, schedule.childUntilAge);
      if (adult > e) e = adult;
    }
    if (e > end) end = e;
  }
  return end;
}

export type RetentionResult = { checked: number; due: number; anonymised: number; counts: Counts };

/**
 * Anonymises every person past their schedule: all their cases closed long enough ago, or no case and registered
 * long enough ago. Each person in a transaction of their own, rechecked under a lock inside it, so any number of
 * servers may run this at once and running it again changes nothing. `dryRun` only counts.
 */
export async function applyRetention(
  db: Db,
  engine: Engine,
  now: Date,
  schedule: RetentionSchedule = DEFAULT_RETENTION,
  opts: { dryRun?: boolean; batch?: number } = {},
): Promise<RetentionResult> {
  const today = now.toISOString().slice(0, 10);
  const shortest = Math.min(...RETENTION_KEYS.filter((k) => k !== 'childUntilAge').map((k) => schedule[k]));
  // Nobody can be due before the shortest schedule has passed since they were registered, or while a case is
  // open, or a case closed more recently than that: SQL narrows the candidates, the rules above decide.
  const cutoff = addYears(today, -shortest);
  const result: RetentionResult = { checked: 0, due: 0, anonymised: 0, counts: {} };
  let after = '00000000-0000-0000-0000-000000000000';
  const batch = opts.batch ?? 500;
  for (;;) {
    const candidates = await db
      .selectFrom('beneficiaries as b')
      .select(['b.id'])
      .where('b.search_name', '<>', '')
      .where('b.created_at', '<', `${cutoff}T00:00:00.000Z`)
      .where('b.id', '>', after)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('cases as c')
              .select('c.id')
              .whereRef('c.beneficiary_id', '=', 'b.id')
              .where((eb) => eb.or([eb('c.closed_on', 'is', null), eb('c.closed_on', '>=', cutoff)])),
          ),
        ),
      )
      .orderBy('b.id')
      .limit(batch)
      .execute();
    if (candidates.length === 0) break;
    after = candidates[candidates.length - 1]!.id;
    for (const { id } of candidates) {
      result.checked++;
      const done = await db.transaction().execute(async (trx) => {
        // Lock the person (PostgreSQL) so a concurrent run waits here and then sees them anonymised.
        let q = trx.selectFrom('beneficiaries').selectAll().where('id', '=', id);
        if (engine === 'postgres') q = q.forUpdate();
        const p = await q.executeTakeFirst();
        if (!p || isAnonymised(p)) return 'skip' as const;
        const cases = await trx
          .selectFrom('cases')
          .select(['type', 'closed_on'])
          .where('beneficiary_id', '=', id)
          .execute();
        const end = retentionEnd(p, cases, schedule);
        if (end === null || end > today) return 'skip' as const;
        if (opts.dryRun) return 'due' as const;
        const counts = await anonymiseAll(trx, await graphOf(trx, id));
        const event: AuditEvent = {
          action: 'subject.anonymised',
          entityType: 'beneficiary',
          entityId: id,
          organisationId: p.organisation_id,
          purpose: 'retention',
          details: { via: 'retention', counts },
        };
        await recordAudit(trx, engine, systemActor, event, now);
        for (const [k, v] of Object.entries(counts)) result.counts[k] = (result.counts[k] ?? 0) + v;
        return 'done' as const;
      });
      if (done !== 'skip') result.due++;
      if (done === 'done') result.anonymised++;
    }
    if (candidates.length < batch) break;
  }
  return result;
}
