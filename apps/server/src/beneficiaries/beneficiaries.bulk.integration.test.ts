// The bulk registration (the import's path) stores exactly what one registration at a time stores, and the
// ledger's bulk grant keeps recordConsent's rules. Real databases, both engines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreateBeneficiary } from '@corridor/contracts';
import { buildOrganisation, buildUser, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { consentLedger, grantAssistanceToNewPeople } from '../consent/consent.service.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { keyHash } from '../names/key-hash.ts';
import { storedKeyHashes } from './beneficiaries.repository.ts';
import { createBeneficiaries, createBeneficiary, prepareBeneficiary } from './beneficiaries.service.ts';

const people: CreateBeneficiary[] = [
  {
    givenName: 'Mohamed',
    familyName: 'Al-Hassan',
    nameOriginal: 'محمد الحسن',
    dateOfBirth: '1990-03-01',
    dobPrecision: 'exact',
    sex: 'male',
    citizenships: ['SDN', 'EGY'],
    languages: ['ar'],
    documents: [{ type: 'passport', number: 'P-0012 3456', issuingCountry: 'SDN' }],
    country: 'LBY',
    pcode: 'LY01',
    specificNeeds: ['woman_at_risk'],
    disability: false,
  } as CreateBeneficiary,
  { givenName: 'Fatima', familyName: 'Yusuf', dateOfBirth: '1985-01-01', dobPrecision: 'year' } as CreateBeneficiary,
  { nameOriginal: 'Мухаммед Алиев' } as CreateBeneficiary,
];

for (const { engine, skip } of engines()) {
  describe(`bulk registration (${engine})`, { skip }, () => {
    let t: TestApp;
    let p: Principal;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      const u = await buildUser(t, org.id, ['caseworker']);
      p = { kind: 'session', userId: u.id, id: u.id, organisationId: org.id, roles: u.roles, secondFactor: 'none' };
    });
    after(() => t.close());

    const db = () => t.deps.database.db;
    /** A person's stored row without what differs between two registrations, their keys and documents. */
    async function stored(id: string) {
      const {
        id: _id,
        created_at: _c,
        updated_at: _u,
        person_no: _n,
        ...row
      } = await db().selectFrom('beneficiaries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const keys = await storedKeyHashes(db(), id);
      const docs = (
        await db()
          .selectFrom('beneficiary_documents')
          .select(['type', 'number', 'number_key', 'issuing_country', 'organisation_id'])
          .where('beneficiary_id', '=', id)
          .execute()
      ).sort((a, b) => a.number_key.localeCompare(b.number_key));
      return { row, keys, docs };
    }

    test('a person registered in bulk is stored exactly as one registered alone', async () => {
      const now = t.clock.now();
      for (const input of people) {
        const one = await db()
          .transaction()
          .execute((trx) => createBeneficiary(trx, p, input, now));
        const prepared = prepareBeneficiary(p, input, now);
        await db()
          .transaction()
          .execute((trx) => createBeneficiaries(trx, p, [prepared]));
        const a = await stored(one.row.id);
        const b = await stored(prepared.row.id);
        assert.deepEqual(b, a);
        assert.ok(a.keys.length > 3, 'name keys were written');
      }
    });

    test('many people at once (more than one statement per table), each with their own keys', async () => {
      const now = t.clock.now();
      const batch = Array.from({ length: 1203 }, (_, i) =>
        prepareBeneficiary(
          p,
          {
            givenName: i % 2 ? 'Amina' : 'Muhammad',
            familyName: `Haile${String.fromCharCode(97 + (i % 26))}`,
            dateOfBirth: `19${50 + (i % 50)}-01-0${1 + (i % 9)}`,
            documents: [{ type: 'passport', number: `P${100000 + i}` }],
          } as CreateBeneficiary,
          now,
        ),
      );
      await db()
        .transaction()
        .execute((trx) => createBeneficiaries(trx, p, batch));
      const n = await db()
        .selectFrom('beneficiaries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', 'in', [batch[0]!.row.id, batch[600]!.row.id, batch[1202]!.row.id])
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 3);
      for (const i of [0, 601, 1202]) {
        const s = await stored(batch[i]!.row.id);
        const expected = [...new Set(batch[i]!.keys.map((k) => keyHash(p.organisationId, k)))].sort((a, b) => a - b);
        assert.deepEqual(s.keys, expected);
        assert.equal(s.docs.length, 1);
      }
    });

    test('the bulk grant records one assistance grant each, and refuses a child without assent (nothing written)', async () => {
      const now = t.clock.now();
      const adult = prepareBeneficiary(
        p,
        { givenName: 'Hana', familyName: 'Tesfay', dateOfBirth: '1990-05-05' } as CreateBeneficiary,
        now,
      );
      const child = prepareBeneficiary(
        p,
        {
          givenName: 'Yonas',
          familyName: 'Tesfay',
          dateOfBirth: `${now.getUTCFullYear() - 10}-05-05`,
        } as CreateBeneficiary,
        now,
      );
      await db()
        .transaction()
        .execute((trx) => createBeneficiaries(trx, p, [adult, child]));
      const grant = (person: typeof adult, childAssent: 'given' | null) => ({
        person: person.row,
        basis: 'public_interest' as const,
        informationGiven: 'Told about assistance.',
        childAssent,
      });
      await assert.rejects(
        db()
          .transaction()
          .execute((trx) => grantAssistanceToNewPeople(trx, p, [grant(adult, null), grant(child, null)], now)),
        (err: unknown) =>
          err instanceof DomainError &&
          err.code === 'validation_failed' &&
          err.extra.errors?.[0]?.pointer === '/1/childAssent',
      );
      assert.equal((await consentLedger(db(), adult.row.id, now)).events.length, 0);
      await db()
        .transaction()
        .execute((trx) => grantAssistanceToNewPeople(trx, p, [grant(adult, null), grant(child, 'given')], now));
      for (const [person, assent] of [
        [adult, null],
        [child, 'given'],
      ] as const) {
        const { events, current } = await consentLedger(db(), person.row.id, now);
        assert.equal(events.length, 1);
        assert.equal(events[0]!.recorded_by, p.userId);
        assert.equal(events[0]!.child_assent, assent);
        assert.deepEqual(
          current.map((c) => [c.purpose, c.status, c.basis]),
          [['assistance', 'granted', 'public_interest']],
        );
      }
    });
  });
}
