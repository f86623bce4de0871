import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { addToCells, foldPending } from '../evidence/cells.repository.ts';
import { contributionsOf, type PersonSnapshot } from '../evidence/contributions.ts';
import { loadSnapshots } from '../evidence/snapshots.repository.ts';
import type { Trx } from './database.ts';
import { namedStatement } from './database.ts';
import { lockRowForUpdate } from './dialects/index.ts';

// Statements marked with NAMED_STATEMENT (db/database.ts) run as named statements on PostgreSQL, on whatever
// connection runs them, a transaction's included: parsed and planned once per connection instead of at every run.
// The evidence base's upkeep of a single write (lock, read, upsert of the cells) is marked.

type Prepared = { statement: string; generic_plans: number; custom_plans: number };

/** The named statements of the transaction's own connection (PostgreSQL keeps them per session). */
async function preparedOn(trx: Trx): Promise<Prepared[]> {
  const r = await sql<Prepared>`select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(trx);
  return r.rows.map((x) => ({ ...x, generic_plans: Number(x.generic_plans), custom_plans: Number(x.custom_plans) }));
}

for (const { engine, skip } of engines()) {
  describe(`named statements (${engine})`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t?.close());

    test('a marked statement gives the same rows as unmarked, inside and outside a transaction', async () => {
      const org = await buildOrganisation(t);
      const { db } = t.deps.database;
      const text = `select id, name from organisations where id = ${engine === 'postgres' ? '$1' : '?'}`;
      const plain = (await db.executeQuery(CompiledQuery.raw(text, [org.id]))).rows;
      assert.equal(plain.length, 1);
      for (let i = 0; i < 7; i++) {
        assert.deepEqual((await db.executeQuery(CompiledQuery.raw(namedStatement(text), [org.id]))).rows, plain);
        const inTrx = await db
          .transaction()
          .execute(async (trx) => (await trx.executeQuery(CompiledQuery.raw(namedStatement(text), [org.id]))).rows);
        assert.deepEqual(inTrx, plain);
      }
    });

    test('the upkeep of a single write runs as named statements on the transaction’s connection', {
      skip: engine === 'sqlite' ? 'PostgreSQL only: SQLite keeps its statements prepared (sqlite-driver.ts)' : false,
    }, async () => {
      const org = await buildOrganisation(t);
      const { db } = t.deps.database;
      const person = randomUUID();
      const snapshot: PersonSnapshot = {
        person: {
          id: person,
          organisation_id: org.id,
          sex: 'female',
          date_of_birth: '1990-05-01',
          country: 'IRQ',
          pcode: 'IQ10',
          citizenships: 'SYR',
        },
        counted: true,
        cases: [
          {
            id: randomUUID(),
            organisation_id: org.id,
            type: 'protection',
            opened_on: '2026-03-02',
            closed_on: null,
            exploitation: [],
            unaccompanied: false,
          },
        ],
        services: [],
        referrals: [],
      };
      const deltas = contributionsOf(snapshot);
      assert.ok(deltas.size > 0);
      // Several writes in a row, each in its own transaction (the pool may hand any of its connections to each).
      let seen: Prepared[] = [];
      for (let i = 0; i < 12; i++)
        seen = await db.transaction().execute(async (trx) => {
          await lockRowForUpdate(trx, 'postgres', 'beneficiaries', person);
          await loadSnapshots(trx, [person], new Date());
          await addToCells(trx, deltas, new Date());
          return preparedOn(trx);
        });
      const find = (part: string) => seen.find((p) => p.statement.includes(part));
      const lock = find('for update');
      const read = find('union all');
      const upsert = find('insert into evidence_pending');
      assert.ok(lock, 'the row lock is a named statement');
      assert.ok(read, 'the read of the person’s records is a named statement');
      assert.ok(upsert, 'the insert of the pending deltas is a named statement');
      // Without the mark, none of them would be in pg_prepared_statements (unnamed statements are not listed).
      // Once a connection has run one several times, PostgreSQL runs it on its generic plan, planned once.
      const most = [lock, read, upsert].reduce((n, p) => Math.max(n, p.generic_plans + p.custom_plans), 0);
      if (most > 6) assert.ok([lock, read, upsert].some((p) => p.generic_plans > 0));
      // The twelve writes' deltas wait as pending rows until a fold adds them to the cells.
      assert.ok((await foldPending(db)) >= 12);
      const cells = await db
        .selectFrom('evidence_cells')
        .select((eb) => eb.fn.sum<number>('value').as('n'))
        .where('organisation_id', '=', org.id)
        .where('indicator_id', '=', 'cases_opened')
        .where('grain', '=', 'month')
        .where('level', '=', 'summary')
        .executeTakeFirstOrThrow();
      assert.equal(Number(cells.n), 12);
    });

    test('a marked statement keeps working when a migration changes its table under it', {
      skip: engine === 'sqlite' ? 'PostgreSQL only' : false,
    }, async () => {
      const { db } = t.deps.database;
      await sql`create table named_statement_test (id integer primary key, label varchar(10))`.execute(db);
      try {
        await sql`insert into named_statement_test values (1, 'one')`.execute(db);
        const text = namedStatement('select id, label from named_statement_test where id = $1');
        const read = (on: Trx | typeof db) => on.executeQuery(CompiledQuery.raw(text, [1]));
        // Prepare it on several connections, in and outside transactions.
        await Promise.all(Array.from({ length: 5 }, () => read(db)));
        await Promise.all(Array.from({ length: 5 }, () => db.transaction().execute((trx) => read(trx))));
        // The result changes type (varchar(10) -> text): PostgreSQL refuses the old plan (0A000).
        await sql`alter table named_statement_test alter column label type text`.execute(db);
        await sql`update named_statement_test set label = 'one, longer than before'`.execute(db);
        // Outside a transaction: prepared afresh at once, under a new name.
        const outside = await Promise.all(Array.from({ length: 5 }, () => read(db)));
        for (const r of outside) assert.deepEqual(r.rows, [{ id: 1, label: 'one, longer than before' }]);
        // Inside a transaction: prepared afresh too (the generation moved on above); the rows are the new ones.
        const inside = await Promise.all(Array.from({ length: 5 }, () => db.transaction().execute((trx) => read(trx))));
        for (const r of inside) assert.deepEqual(r.rows, [{ id: 1, label: 'one, longer than before' }]);
      } finally {
        await sql`drop table named_statement_test`.execute(db);
      }
    });
  });
}
