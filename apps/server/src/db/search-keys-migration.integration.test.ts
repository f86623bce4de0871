// Migration 20261129T0090_search_keys carries existing name keys over (hashed, by person number) and back (text keys
// recomputed from the names), on both engines: people registered before it are still found after it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CreateBeneficiary } from '@corridor/contracts';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../test/harness.ts';
import { storedKeyHashes } from '../beneficiaries/beneficiaries.repository.ts';
import { searchBeneficiaries } from '../beneficiaries/beneficiaries.search.ts';
import { createBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import type { Principal } from '../http/principal.ts';
import { createOrganisation } from '../identity/organisations.service.ts';
import { createUser } from '../identity/users.service.ts';
import { keyHash, unpackKeyHashes } from '../names/key-hash.ts';
import { personKeys, personTokens } from '../names/name-keys.ts';
import { down, up } from './migrations/20261129T0090_search_keys.ts';
import { migrateToLatest } from './migrator.ts';

const people: CreateBeneficiary[] = [
  { givenName: 'Mohamed', familyName: 'Hassan', nameOriginal: 'محمد حسن', dateOfBirth: '1990-03-01' },
  { nameLatin: 'Fatima Abdelrahman', dateOfBirth: '1985-07-07', dobPrecision: 'year' },
  { givenName: 'Youssef', familyName: 'Ali' },
] as CreateBeneficiary[];

for (const { engine, skip } of engines()) {
  describe(`migration 20261129T0090_search_keys (${engine})`, { skip }, () => {
    test('existing keys go to the hashed layout and back, and the people are still found', async () => {
      const { database, drop } = await freshDatabase(engine);
      try {
        const db = database.db;
        await migrateToLatest(db, engine);
        const now = new Date();
        const p = await db.transaction().execute(async (trx) => {
          const org = await createOrganisation(
            trx,
            { code: 'MIGKEYS', name: 'Keys', kind: 'civil_society', country: 'SDN' },
            now,
          );
          const u = await createUser(
            trx,
            {
              organisationId: org.id,
              email: 'keys@example.org',
              displayName: 'Keys',
              roles: ['caseworker'],
              locale: 'en',
              password: 'Correct-Horse-Battery-9',
            },
            now,
          );
          return {
            kind: 'session',
            userId: u.id,
            id: u.id,
            organisationId: org.id,
            roles: u.roles,
            secondFactor: 'none',
          } as Principal;
        });
        const ids: string[] = [];
        for (const input of people)
          ids.push((await db.transaction().execute((trx) => createBeneficiary(trx, p, input, now))).row.id);
        const textKeysOf = async (id: string) => {
          const b = await db.selectFrom('beneficiaries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
          return [
            ...new Set(
              personKeys(personTokens([b.name_latin, b.given_name, b.family_name, b.name_original]), b.date_of_birth),
            ),
          ].sort();
        };
        const expected = await Promise.all(ids.map(textKeysOf));

        // Down: the text layout, with the keys recomputed from the names.
        await db.transaction().execute((trx) => down(trx, engine));
        for (const [i, id] of ids.entries()) {
          const r = await sql<{
            key: string;
          }>`select ${sql.ref('key')} from beneficiary_name_keys where beneficiary_id = ${id} order by ${sql.ref('key')}`.execute(
            db,
          );
          assert.deepEqual(
            r.rows.map((x) => x.key),
            expected[i],
          );
        }
        // Up again: the text keys are carried over hashed, every person numbered in order of registration.
        await db.transaction().execute((trx) => up(trx, engine));
        const numbers: number[] = [];
        for (const [i, id] of ids.entries()) {
          const b = await db
            .selectFrom('beneficiaries')
            .select(['person_no', 'name_key_hashes'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          numbers.push(Number(b.person_no));
          const want = [...new Set(expected[i]!.map((k) => keyHash(p.organisationId, k)))].sort((a, b) => a - b);
          assert.deepEqual(await storedKeyHashes(db, id), want);
          assert.deepEqual(
            [...unpackKeyHashes(b.name_key_hashes)].sort((a, b) => a - b),
            want,
          );
        }
        assert.equal(new Set(numbers).size, ids.length);
        // Search still finds them, and a new registration gets a fresh number.
        const hits = await searchBeneficiaries(db, p, { name: 'Muhammad Hasan', limit: 5 } as never);
        assert.equal(hits.hits[0]?.row.id, ids[0]);
        const late = await db
          .transaction()
          .execute((trx) => createBeneficiary(trx, p, { nameLatin: 'Amina Haile' } as CreateBeneficiary, now));
        const lateNo = await db
          .selectFrom('beneficiaries')
          .select('person_no')
          .where('id', '=', late.row.id)
          .executeTakeFirstOrThrow();
        assert.ok(Number(lateNo.person_no) > Math.max(...numbers));
        const found = await searchBeneficiaries(db, p, { name: 'Amina Haile', limit: 5 } as never);
        assert.equal(found.hits[0]?.row.id, late.row.id);
      } finally {
        await drop();
      }
    });
  });
}
