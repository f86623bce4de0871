import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, idemKey, startTestApp, type TestApp } from '../../test/harness.ts';
import { keyHash } from '../names/key-hash.ts';
import { as, buildBeneficiary, buildMember, type Member, openSensitiveCase } from './beneficiaries.fixtures.ts';
import { storedKeyHashes } from './beneficiaries.repository.ts';

const amina = {
  givenName: 'Amina',
  familyName: 'Haile',
  nameOriginal: 'አሚና ኃይሌ',
  nameLatin: 'Amina Haile',
  dateOfBirth: '1994-03-12',
  dobPrecision: 'exact',
  sex: 'female',
  gender: 'Feminine',
  citizenships: ['ERI'],
  languages: ['ti', 'ar'],
  documents: [{ type: 'passport', number: 'P-0012 3456', issuingCountry: 'ERI' }],
  phone: '+249 91 234 5678',
  email: 'Amina@example.org',
  country: 'SDN',
  pcode: 'SD01',
  householdRole: 'head',
  migrationStatus: 'asylum_seeker',
  disability: false,
  specificNeeds: ['woman_at_risk'],
} as const;

for (const { engine, skip } of engines()) {
  describe(`beneficiary registry (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgId: string;
    let worker: Member;
    let colleague: Member;
    let analyst: Member;
    let auditor: Member;
    before(async () => {
      t = await startTestApp(engine);
      orgId = (await buildOrganisation(t)).id;
      worker = await buildMember(t, orgId, ['caseworker']);
      colleague = await buildMember(t, orgId, ['caseworker']);
      analyst = await buildMember(t, orgId, ['analyst']);
      auditor = await buildMember(t, orgId, ['auditor', 'admin']);
    });
    after(() => t?.close());

    test('registers a person, reads them back with an ETag, and audits field names only', async () => {
      const res = await as(t, worker, 'POST', '/api/beneficiaries', amina);
      assert.equal(res.statusCode, 201, res.body);
      const b = res.json();
      assert.equal(res.headers.etag, '"v1"');
      assert.equal(res.headers.location, `/api/beneficiaries/${b.id}`);
      assert.equal(b.organisationId, orgId);
      assert.equal(b.nameLatin, 'Amina Haile');
      assert.equal(b.email, 'amina@example.org');
      assert.deepEqual(b.documents, [{ type: 'passport', number: 'P-0012 3456', issuingCountry: 'ERI' }]);
      assert.deepEqual(b.citizenships, ['ERI']);
      assert.equal(b.disability, false);
      assert.equal(b.restricted, false);

      const read = await as(t, worker, 'GET', `/api/beneficiaries/${b.id}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.headers.etag, '"v1"');
      assert.deepEqual(read.json(), b);
      const notModified = await as(t, worker, 'GET', `/api/beneficiaries/${b.id}`, undefined, {
        'if-none-match': '"v1"',
      });
      assert.equal(notModified.statusCode, 304);

      const entry = await t.deps.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'beneficiary.create')
        .where('entity_id', '=', b.id)
        .executeTakeFirstOrThrow();
      assert.equal(entry.sensitive_read, 0);
      assert.ok(entry.details.includes('"familyName"'));
      for (const value of ['Amina', 'Haile', '0012', '1994', 'example.org', '5678'])
        assert.ok(!entry.details.includes(value), `audit details carry ${value}`);
    });

    test('the Latin name is transliterated from the original script when not given', async () => {
      const b = await buildBeneficiary(t, worker, { nameOriginal: 'محمد علي حسن', sex: 'male' });
      assert.equal(b.nameLatin, 'Muhammad Ali Hassan');
      const c = await buildBeneficiary(t, worker, { nameOriginal: 'Юсуф Ибрагимов' });
      assert.equal(c.nameLatin, 'Yusuf Ibragimov');
      const d = await buildBeneficiary(t, worker, { givenName: 'Fatima', familyName: 'Zahra' });
      assert.equal(d.nameLatin, 'Fatima Zahra');
      // Given and family names in Latin letters are the person's own spelling: kept, not replaced by a
      // transliteration of the original script.
      const e = await buildBeneficiary(t, worker, {
        givenName: 'Ahmed',
        familyName: 'Al-Jabouri',
        nameOriginal: 'أحمد الجبوري',
      });
      assert.equal(e.nameLatin, 'Ahmed Al-Jabouri');
      const f = await buildBeneficiary(t, worker, { givenName: 'أحمد', nameOriginal: 'أحمد الجبوري' });
      assert.notEqual(f.nameLatin, 'أحمد');
      assert.match(f.nameLatin, /^[A-Za-z' -]+$/);
    });

    test('validation lists every bad field at once and echoes no value', async () => {
      const res = await as(t, worker, 'POST', '/api/beneficiaries', {
        dateOfBirth: '1990-02-31',
        sex: 'other-value',
        gender: 'female',
        citizenships: ['sd'],
        languages: ['Arabic'],
        documents: [{ type: 'ration-card', number: '' }],
        email: 'not-an-email',
        country: 'Sudan',
        pcode: 'sd-01',
        migrationStatus: 'tourist',
        specificNeeds: ['none'],
        unknownField: 1,
      });
      assert.equal(res.statusCode, 400);
      const p = res.json();
      assert.equal(p.code, 'validation_failed');
      const pointers = new Set(p.errors.map((e: { pointer: string }) => e.pointer));
      for (const ptr of [
        '/nameLatin',
        '/dateOfBirth',
        '/sex',
        '/gender',
        '/citizenships/0',
        '/languages/0',
        '/documents/0/type',
        '/documents/0/number',
        '/email',
        '/country',
        '/pcode',
        '/migrationStatus',
        '/specificNeeds/0',
      ])
        assert.ok(pointers.has(ptr), `no issue for ${ptr}: ${[...pointers].join(' ')}`);
      assert.ok(p.errors.some((e: { code: string }) => e.code === 'unrecognized_keys'));
      for (const v of ['other-value', 'not-an-email', 'Sudan', 'tourist', 'ration-card'])
        assert.ok(!res.body.includes(v), `the problem echoes ${v}`);
    });

    test('country codes must be known ones, not only three capitals; a malformed one gets one issue', async () => {
      const res = await as(t, worker, 'POST', '/api/beneficiaries', {
        nameLatin: 'Amna Osman',
        country: 'SUD',
        citizenships: ['SDN', 'QQQ', 'ss'],
      });
      assert.equal(res.statusCode, 400, res.body);
      const errors = res.json().errors as { pointer: string; message: string }[];
      assert.deepEqual(errors.map((e) => e.pointer).sort(), ['/citizenships/1', '/citizenships/2', '/country']);
      assert.match(errors.find((e) => e.pointer === '/country')!.message, /not an ISO 3166-1 alpha-3 country code/);
      assert.match(errors.find((e) => e.pointer === '/citizenships/2')!.message, /in capitals/);
      const ok = await as(t, worker, 'POST', '/api/beneficiaries', {
        nameLatin: 'Amna Osman',
        country: 'SSD',
        citizenships: ['SDN', 'XKX'],
      });
      assert.equal(ok.statusCode, 201, ok.body);
      // A p-code must be a place of the person's country (OCHA's list); a finer one inside it is fine.
      const place = async (country: string, pcode: string) =>
        (await as(t, worker, 'POST', '/api/beneficiaries', { nameLatin: 'Amna Osman', country, pcode })).statusCode;
      assert.equal(await place('IRQ', 'SD01'), 400);
      assert.equal(await place('IRQ', 'IQG99'), 400);
      assert.equal(await place('IRQ', 'IQG11'), 201);
      assert.equal(await place('IRQ', 'IQG11Q01'), 201);
      assert.equal(await place('IRQ', 'IQG11Q01C01'), 201);
    });

    test('server-side checks: birth date in the future, a name of particles only, repeated documents', async () => {
      const res = await as(t, worker, 'POST', '/api/beneficiaries', {
        nameLatin: 'al-',
        dateOfBirth: '2030-01-01',
        documents: [
          { type: 'passport', number: 'A 123' },
          { type: 'passport', number: 'a-123' },
        ],
      });
      assert.equal(res.statusCode, 400);
      const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
      assert.deepEqual(pointers.sort(), ['/dateOfBirth', '/documents/1', '/nameLatin']);
      // The clock's check names its rule, so a client words it in its own language (docs/errors.md).
      const birth = res.json().errors.find((e: { pointer: string }) => e.pointer === '/dateOfBirth');
      assert.deepEqual(birth.params, { rule: 'not_future' });
    });

    test('an Idempotency-Key replay registers the person once', async () => {
      const key = idemKey();
      const body = { nameLatin: 'Replay Person', dateOfBirth: '2001-01-01' };
      const first = await as(t, worker, 'POST', '/api/beneficiaries', body, { 'idempotency-key': key });
      const second = await as(t, worker, 'POST', '/api/beneficiaries', body, { 'idempotency-key': key });
      assert.equal(first.statusCode, 201);
      assert.equal(second.statusCode, 201);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal(second.json().id, first.json().id);
    });

    test('updates need If-Match, recompute the search keys, and lose races with 412', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Omar Saleh', dateOfBirth: '1988-05-05' });
      const missing = await as(t, worker, 'PATCH', `/api/beneficiaries/${b.id}`, { phone: '+249 91 000 0000' });
      assert.equal(missing.statusCode, 428);
      const ok = await as(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${b.id}`,
        { nameLatin: 'Osman Saleh', pcode: 'SD02', dateOfBirth: '1988-01-01', dobPrecision: 'year' },
        { 'if-match': '"v1"' },
      );
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.headers.etag, '"v2"');
      assert.equal(ok.json().nameLatin, 'Osman Saleh');
      assert.equal(ok.json().dobPrecision, 'year');
      const stale = await as(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${b.id}`,
        { pcode: 'SD03' },
        { 'if-match': '"v1"' },
      );
      assert.equal(stale.statusCode, 412);
      const stored = await storedKeyHashes(t.deps.database.db, b.id);
      const has = (key: string) => stored.includes(keyHash(worker.organisationId, key));
      assert.ok(has('t:osman') && has('v:osman') && has('t:saleh'));
      assert.ok(!has('t:omar'), 'the old name keys are gone');
      // clearing every name is refused
      const cleared = await as(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${b.id}`,
        { nameLatin: null, givenName: null },
        { 'if-match': '"v2"' },
      );
      assert.equal(cleared.statusCode, 400);
    });

    test('analysts, auditors and administrators get 403 on person data', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Hidden From Analysts' });
      for (const who of [analyst, auditor]) {
        assert.equal((await as(t, who, 'GET', `/api/beneficiaries/${b.id}`)).statusCode, 403);
        assert.equal((await as(t, who, 'GET', '/api/beneficiaries')).statusCode, 403);
        assert.equal((await as(t, who, 'POST', '/api/beneficiaries/search', { name: 'Hidden' })).statusCode, 403);
        assert.equal((await as(t, who, 'POST', '/api/beneficiaries', { nameLatin: 'X Y' })).statusCode, 403);
      }
    });

    test('a restricted person is 404 to a colleague not on the case, and their read is audited as sensitive', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Restricted Person', dateOfBirth: '1999-09-09' });
      await openSensitiveCase(t, orgId, b.id, worker.id);
      const hidden = await as(t, colleague, 'GET', `/api/beneficiaries/${b.id}`);
      assert.equal(hidden.statusCode, 404);
      const ghost = await as(t, colleague, 'GET', '/api/beneficiaries/00000000-0000-4000-8000-000000000000');
      assert.equal(hidden.json().detail, ghost.json().detail);
      assert.equal(
        (await as(t, colleague, 'PATCH', `/api/beneficiaries/${b.id}`, { pcode: 'SD01' }, { 'if-match': '"v1"' }))
          .statusCode,
        404,
      );

      const before = await t.deps.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('entity_id', '=', b.id)
        .where('sensitive_read', '=', 1)
        .executeTakeFirstOrThrow();
      const seen = await as(t, worker, 'GET', `/api/beneficiaries/${b.id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().restricted, true);
      const entries = await t.deps.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', b.id)
        .where('sensitive_read', '=', 1)
        .execute();
      assert.equal(entries.length, Number(before.n) + 1);
      const last = entries[entries.length - 1]!;
      assert.equal(last.action, 'beneficiary.read');
      assert.equal(last.actor_user_id, worker.id);
      assert.equal(last.organisation_id, orgId);
      assert.equal(last.purpose, 'assistance');

      // the list leaves the person out for the colleague, entirely
      const list = await as(t, colleague, 'GET', '/api/beneficiaries?limit=200');
      assert.ok(!list.body.includes(b.id));
      const mine = await as(t, worker, 'GET', '/api/beneficiaries?limit=200');
      assert.ok(mine.body.includes(b.id));
    });

    test('if the audit write fails, the sensitive read fails too (fail closed)', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Audit Fails Person' });
      await openSensitiveCase(t, orgId, b.id, worker.id);
      // Break the audit table for this one request: rename it away and back.
      const db = t.deps.database.db;
      await db.schema.alterTable('audit_log').renameTo('audit_log_away').execute();
      try {
        const res = await as(t, worker, 'GET', `/api/beneficiaries/${b.id}`);
        assert.equal(res.statusCode, 500);
        assert.ok(!res.body.includes('Audit Fails Person'));
      } finally {
        await db.schema.alterTable('audit_log_away').renameTo('audit_log').execute();
      }
    });

    test('the list filters by place, birth date, sex, status and household; pages by id cursor', async () => {
      const o2 = (await buildOrganisation(t)).id;
      const w = await buildMember(t, o2, ['supervisor']);
      const household = '6f1c2a1e-8d1b-4c55-9a3e-2b7f0d1c4e5a';
      await buildBeneficiary(t, w, {
        nameLatin: 'Aa One',
        country: 'LBY',
        pcode: 'LY01',
        dateOfBirth: '1980-01-01',
        householdId: household,
      });
      await buildBeneficiary(t, w, {
        nameLatin: 'Bb Two',
        country: 'LBY',
        pcode: 'LY0102',
        dateOfBirth: '1990-06-01',
        sex: 'female',
        householdId: household,
      });
      await buildBeneficiary(t, w, {
        nameLatin: 'Cc Three',
        country: 'TUN',
        pcode: 'TN11',
        dateOfBirth: '2000-01-01',
        migrationStatus: 'refugee',
      });
      const names = async (qs: string) =>
        (await as(t, w, 'GET', `/api/beneficiaries?${qs}`)).json().items.map((i: { nameLatin: string }) => i.nameLatin);
      assert.deepEqual(await names('country=LBY'), ['Aa One', 'Bb Two']);
      assert.deepEqual(await names('pcode=LY01'), ['Aa One', 'Bb Two']);
      assert.deepEqual(await names('pcode=LY0102'), ['Bb Two']);
      assert.deepEqual(await names('dobFrom=1985-01-01&dobTo=1995-12-31'), ['Bb Two']);
      assert.deepEqual(await names('sex=female'), ['Bb Two']);
      assert.deepEqual(await names('migrationStatus=refugee'), ['Cc Three']);
      assert.deepEqual(await names(`householdId=${household}`), ['Aa One', 'Bb Two']);
      const p1 = (await as(t, w, 'GET', '/api/beneficiaries?limit=2')).json();
      assert.equal(p1.items.length, 2);
      assert.ok(p1.next);
      const p2 = (await as(t, w, 'GET', `/api/beneficiaries?limit=2&cursor=${p1.next}`)).json();
      assert.deepEqual(
        p2.items.map((i: { nameLatin: string }) => i.nameLatin),
        ['Cc Three'],
      );
      assert.equal(p2.next, null);
      // the other organisation's list never shows these
      const theirs = await as(t, worker, 'GET', '/api/beneficiaries?country=LBY');
      assert.deepEqual(theirs.json().items, []);
    });

    test('another organisation sees nothing: 404 on read and update', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Own Org Person' });
      const other = await buildMember(t, (await buildOrganisation(t)).id, ['caseworker', 'supervisor']);
      assert.equal((await as(t, other, 'GET', `/api/beneficiaries/${b.id}`)).statusCode, 404);
      const upd = await as(
        t,
        other,
        'PATCH',
        `/api/beneficiaries/${b.id}`,
        { nameLatin: 'Taken' },
        { 'if-match': '"v1"' },
      );
      assert.equal(upd.statusCode, 404);
      assert.ok(!upd.body.includes('Own Org'));
    });
  });
}
