import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { personKeys, personTokens } from '../names/name-keys.ts';
import { as, buildBeneficiary, buildMember, type Member, openSensitiveCase, search } from './beneficiaries.fixtures.ts';
import { insertBeneficiaries } from './beneficiaries.repository.ts';
import { KEY_CAP } from './beneficiaries.search.ts';

for (const { engine, skip } of engines()) {
  describe(`beneficiary search (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgId: string;
    let worker: Member;
    before(async () => {
      t = await startTestApp(engine);
      orgId = (await buildOrganisation(t)).id;
      worker = await buildMember(t, orgId, ['caseworker']);
    });
    after(() => t?.close());

    test('a person registered in Arabic script is found by a Latin search, and the other way round', async () => {
      const arabic = await buildBeneficiary(t, worker, { nameOriginal: 'سحر منصور', dateOfBirth: '1991-04-02' });
      const latin = await buildBeneficiary(t, worker, { nameLatin: 'Youssef Ibrahim', dateOfBirth: '1985-10-10' });
      const byLatin = await search(t, worker, { name: 'Sahar Mansour' });
      assert.equal(byLatin.ids[0], arabic.id);
      assert.deepEqual(byLatin.items[0]!.match.fields, ['name']);
      const byArabic = await search(t, worker, { name: 'يوسف إبراهيم' });
      assert.equal(byArabic.ids[0], latin.id);
      const byCyrillic = await search(t, worker, { name: 'Юсуф Ибрагим' });
      assert.equal(byCyrillic.ids[0], latin.id);
    });

    test('Mohammed, Muhammad, Mohamed, Mohamad, Muhamed and محمد are one name; the exact spelling ranks first', async () => {
      const ids: Record<string, string> = {};
      for (const given of ['Mohammed', 'Muhammad', 'Mohamed', 'Mohamad', 'Muhamed'])
        ids[given] = (await buildBeneficiary(t, worker, { givenName: given, familyName: 'Osmanov' })).id;
      ids.arabic = (await buildBeneficiary(t, worker, { nameOriginal: 'محمد عثمانوف' })).id;
      const r = await search(t, worker, { name: 'Mohamed Osmanov' });
      assert.deepEqual(new Set(r.ids), new Set(Object.values(ids)));
      assert.equal(r.ids[0], ids.Mohamed);
      assert.deepEqual(r.items[0]!.match.name, { level: 'exact', matched: 2, of: 2 });
      const other = r.items.find((i) => i.beneficiary.id === ids.Muhammad)!;
      assert.deepEqual(other.match.name, { level: 'variant', matched: 2, of: 2 });
    });

    test('a one-letter typo still finds the person', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Khadija Suleiman Tesfay' });
      for (const typo of ['Khadija Sulenman', 'Kadija Suleiman', 'Khadija Tesfai', 'Khadiya Suleiman'])
        assert.ok((await search(t, worker, { name: typo })).ids.includes(b.id), typo);
      const f = await buildBeneficiary(t, worker, { nameLatin: 'Fatima Warsame' });
      const r = await search(t, worker, { name: 'Fatina Warsame' });
      assert.equal(r.ids[0], f.id);
      assert.equal((r.items[0]!.match.name as { level: string }).level, 'typo');
    });

    test('document numbers match whatever the spaces, dashes, case or digits', async () => {
      const b = await buildBeneficiary(t, worker, {
        nameLatin: 'Doc Holder',
        documents: [{ type: 'passport', number: 'P-0012 3456', issuingCountry: 'ERI' }],
      });
      for (const n of ['p00123456', 'P 0012-3456', 'P٠٠١٢٣٤٥٦']) {
        const r = await search(t, worker, { documentNumber: n });
        assert.deepEqual(r.ids, [b.id], n);
        assert.equal(r.items[0]!.match.document, true);
      }
      // a document agreement outranks a name-only match
      const namesake = await buildBeneficiary(t, worker, { nameLatin: 'Doc Holder' });
      const both = await search(t, worker, { name: 'Doc Holder', documentNumber: 'P00123456' });
      assert.deepEqual(both.ids, [b.id, namesake.id]);
      assert.deepEqual(both.items[0]!.match.fields, ['name', 'document']);
    });

    test('birth-date range and place filter; a birth date ranks the person born that day first', async () => {
      const o = (await buildOrganisation(t)).id;
      const w = await buildMember(t, o, ['caseworker']);
      const a = await buildBeneficiary(t, w, {
        nameLatin: 'Ahmed Hassan',
        dateOfBirth: '1980-02-02',
        country: 'LBY',
        pcode: 'LY01',
      });
      const b = await buildBeneficiary(t, w, {
        nameLatin: 'Ahmed Hassan',
        dateOfBirth: '1995-07-07',
        country: 'LBY',
        pcode: 'LY0203',
      });
      const c = await buildBeneficiary(t, w, {
        nameLatin: 'Ahmad Hasan',
        dateOfBirth: '1995-01-01',
        country: 'TUN',
        pcode: 'TN11',
      });
      const d = await buildBeneficiary(t, w, {
        nameLatin: 'Ahmed Hassan',
        dateOfBirth: '1995',
        dobPrecision: 'year',
      } as never).catch(() => null);
      assert.equal(d, null, 'a bare year is not a date');

      assert.deepEqual(
        new Set((await search(t, w, { name: 'Ahmed Hassan', dobFrom: '1990-01-01', dobTo: '1999-12-31' })).ids),
        new Set([b.id, c.id]),
      );
      assert.deepEqual((await search(t, w, { name: 'Ahmed Hassan', country: 'TUN' })).ids, [c.id]);
      assert.deepEqual((await search(t, w, { name: 'Ahmed Hassan', pcode: 'LY02' })).ids, [b.id]);
      assert.deepEqual(new Set((await search(t, w, { pcode: 'LY' })).ids), new Set([a.id, b.id]));
      assert.deepEqual((await search(t, w, { dobFrom: '1980-01-01', dobTo: '1980-12-31' })).ids, [a.id]);

      const ranked = await search(t, w, { name: 'Ahmed Hassan', dateOfBirth: '1995-07-07' });
      assert.equal(ranked.ids[0], b.id);
      assert.equal(ranked.items[0]!.match.dateOfBirth, 'exact');
      assert.equal(ranked.items.find((i) => i.beneficiary.id === c.id)!.match.dateOfBirth, 'year');
    });

    test('search before registering takes the registration form as it is', async () => {
      const o = (await buildOrganisation(t)).id;
      const w = await buildMember(t, o, ['supervisor']);
      const existing = await buildBeneficiary(t, w, {
        givenName: 'Abdelrahman',
        familyName: 'Idris',
        nameOriginal: 'عبد الرحمن إدريس',
        dateOfBirth: '2008-03-03',
        documents: [{ type: 'national_id', number: 'SD-778899' }],
      });
      const draft = {
        givenName: 'Abd al-Rahman',
        familyName: 'Idriss',
        nameOriginal: 'عبدالرحمن ادريس',
        dateOfBirth: '2008-03-03',
        documents: [{ type: 'national_id', number: 'sd778899' }],
      };
      const r = await search(t, w, draft);
      assert.equal(r.ids[0], existing.id);
      assert.deepEqual(r.items[0]!.match.fields, ['name', 'dateOfBirth', 'document']);
      // and the create endpoint takes the same fields
      const created = await as(t, w, 'POST', '/api/beneficiaries', draft);
      assert.equal(created.statusCode, 201);
    });

    test('a restricted person is left out of a colleague’s search entirely, and shown (audited) to the assigned one', async () => {
      const o = (await buildOrganisation(t)).id;
      const assigned = await buildMember(t, o, ['caseworker']);
      const colleague = await buildMember(t, o, ['caseworker', 'supervisor']);
      const people = [];
      for (let i = 0; i < 3; i++)
        people.push(await buildBeneficiary(t, assigned, { nameLatin: 'Zainab Abakar', dateOfBirth: `200${i}-01-01` }));
      const victim = people[0]!;
      await openSensitiveCase(t, o, victim.id, assigned.id);

      const theirs = await as(t, colleague, 'POST', '/api/beneficiaries/search', { name: 'Zainab Abakar', limit: 2 });
      assert.equal(theirs.statusCode, 200);
      assert.ok(!theirs.body.includes(victim.id));
      assert.equal(theirs.json().items.length, 2);
      assert.equal(theirs.json().more, false, 'the hidden person is not counted');

      const countSensitive = async () =>
        Number(
          (
            await t.deps.database.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('entity_id', '=', victim.id)
              .where('sensitive_read', '=', 1)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await countSensitive();
      const mine = await search(t, assigned, { name: 'Zainab Abakar' });
      assert.ok(mine.ids.includes(victim.id));
      assert.equal(await countSensitive(), before + 1);
      const mineList = await as(t, assigned, 'GET', '/api/beneficiaries?limit=10');
      assert.ok(mineList.body.includes(victim.id));
      assert.equal(await countSensitive(), before + 2);
    });

    test('another organisation finds nothing', async () => {
      const b = await buildBeneficiary(t, worker, {
        nameLatin: 'Unique Canarysson',
        documents: [{ type: 'passport', number: 'ZX999111' }],
      });
      const other = await buildMember(t, (await buildOrganisation(t)).id, ['caseworker']);
      const r = await as(t, other, 'POST', '/api/beneficiaries/search', {
        name: 'Unique Canarysson',
        documentNumber: 'ZX999111',
      });
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.json().items, []);
      assert.ok(!r.body.includes(b.id));
    });

    test('names stay out of URLs: the list refuses a name parameter, and search is POST only', async () => {
      const r = await as(t, worker, 'GET', '/api/beneficiaries?name=Mohamed');
      assert.equal(r.statusCode, 400);
      assert.ok(!r.body.includes('Mohamed'));
      const sent = await as(t, worker, 'GET', '/api/beneficiaries/search?name=Mohamed');
      assert.equal(sent.statusCode, 400, 'read as a record id, which "search" is not');
    });

    test(`common names (more than ${KEY_CAP} holders): a birth year or a rarer pair of names still finds the one`, async () => {
      const o = (await buildOrganisation(t)).id;
      const w = await buildMember(t, o, ['caseworker']);
      const db = t.deps.database.db;
      const at = t.clock.now().toISOString();
      const make = (name: string, dob: string) => {
        const id = randomUUID();
        const tokens = personTokens([name]);
        return {
          row: {
            id,
            organisation_id: o,
            given_name: null,
            family_name: null,
            name_original: null,
            name_latin: name,
            search_name: tokens.join(' '),
            date_of_birth: dob,
            dob_precision: 'exact' as const,
            sex: null,
            gender: null,
            citizenships: '',
            languages: '',
            phone: null,
            email: null,
            country: null,
            pcode: null,
            household_id: null,
            household_role: null,
            migration_status: null,
            disability: null,
            specific_needs: '',
            restricted: 0,
            created_by: null,
            created_at: at,
            updated_at: at,
            version: 1,
          },
          keys: personKeys(tokens, dob),
        };
      };
      const crowd = [];
      for (let i = 0; i < KEY_CAP + 300; i++)
        crowd.push(make(i % 2 ? 'Mohamed Ali' : 'Muhammad Ali', `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`));
      crowd.push(make('Mohammed Ali Hussein', '1979-12-24'));
      for (let i = 0; i < crowd.length; i += 200) {
        const chunk = crowd.slice(i, i + 200);
        // The registry's bulk path (person numbers and key hashes as a registration writes them), without the checks.
        await db.transaction().execute((trx) =>
          insertBeneficiaries(
            trx,
            chunk.map((c) => ({ row: c.row, keys: c.keys, documents: [] })),
          ),
        );
      }
      const target = crowd[crowd.length - 1]!.row.id;
      const byDob = await search(t, w, { name: 'Mohamed Ali', dateOfBirth: '1979-12-24' });
      assert.equal(byDob.ids[0], target);
      assert.equal(byDob.more, true);
      const byThird = await search(t, w, { name: 'Mohamed Ali Hussein' });
      assert.equal(byThird.ids[0], target);
      const started = performance.now();
      await search(t, w, { name: 'Muhammad Ali', limit: 50 });
      assert.ok(performance.now() - started < 2000, 'a common-name search stays bounded');
    });
  });
}
