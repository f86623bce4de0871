// Duplicate review through the API on both engines: a registration flags its likely duplicate with an
// explanation; the check before registering; decisions: not the same (never proposed again), same (merge: cases
// move to the survivor, the merged record drops out of lists and search, the merge is audited) and unmerge
// (everything back); another organisation's pairs answer 404; a scan finds duplicates registered before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CreateBeneficiary } from '@corridor/contracts';
import {
  buildOrganisation,
  engines,
  evidenceFaults,
  NO_EVIDENCE_FAULT,
  startTestApp,
  type TestApp,
} from '../../test/harness.ts';
import {
  as,
  buildBeneficiary,
  buildMember,
  type Member,
  openSensitiveCase,
} from '../beneficiaries/beneficiaries.fixtures.ts';

const nour: CreateBeneficiary = {
  givenName: 'Nour',
  familyName: 'Haddad',
  dateOfBirth: '1988-04-09',
  sex: 'female',
  phone: '+249 91 555 0101',
  documents: [{ type: 'passport', number: 'N1234567' }],
};
// The same woman at another desk: Arabic script, day and month swapped, the passport with a dash.
const nourAgain: CreateBeneficiary = {
  nameOriginal: 'نور حداد',
  givenName: 'نور',
  familyName: 'حداد',
  dateOfBirth: '1988-09-04',
  sex: 'female',
  documents: [{ type: 'passport', number: 'N-1234567' }],
};

type Field = { field: string; level: string; weight: number };
type Pair = {
  id: string;
  a: { id: string };
  b: { id: string };
  foundBy: string;
  probability: number;
  version: number;
  explanation: { fields: Field[] };
};

for (const { engine, skip } of engines()) {
  describe(`duplicate review (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgId: string;
    let worker: Member;
    let supervisor: Member;
    let lead: Member;
    let analyst: Member;
    let outsider: Member;
    before(async () => {
      t = await startTestApp(engine);
      orgId = (await buildOrganisation(t)).id;
      worker = await buildMember(t, orgId, ['caseworker']);
      supervisor = await buildMember(t, orgId, ['supervisor']);
      lead = await buildMember(t, orgId, ['caseworker', 'supervisor']);
      analyst = await buildMember(t, orgId, ['analyst']);
      outsider = await buildMember(t, (await buildOrganisation(t)).id, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    const queue = async (who: Member, status = 'open') => {
      const r = await as(t, who, 'GET', `/api/linkage/candidates?status=${status}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as { items: Pair[]; total: number };
    };

    test('check, flag, explain, decide "not the same", merge and unmerge', async () => {
      const first = await buildBeneficiary(t, worker, nour);
      // Before registering again: the check finds her, explains why, and says she is likely the same.
      const check = await as(t, worker, 'POST', '/api/linkage/duplicates/check', nourAgain);
      assert.equal(check.statusCode, 200, check.body);
      const hit = check.json().items[0];
      assert.equal(hit.beneficiary.id, first.id);
      assert.equal(hit.likely, true);
      const levels = Object.fromEntries(hit.explanation.fields.map((f: Field) => [f.field, f.level]));
      assert.deepEqual(levels, {
        given_name: 'variant', // نور and Nour: one name-variant group
        family_name: 'phonetic', // حداد is written without vowels: hdad, the sound of Haddad
        date_of_birth: 'day-month-swapped',
        document: 'exact',
        phone: 'missing',
        sex: 'exact',
      });
      // The values themselves, as written or normalised (not a digit run a random id could hold by chance).
      for (const value of ['N1234567', '555 0101', '5550101'])
        assert.ok(!check.body.includes(value), `no values in explanations: ${value}`);

      // Registered anyway: the pair is queued with its explanation.
      const second = await buildBeneficiary(t, worker, nourAgain);
      const open = await queue(worker);
      assert.equal(open.total, 1);
      const pair = open.items[0]!;
      assert.deepEqual([pair.a.id, pair.b.id].sort(), [first.id, second.id].sort());
      assert.equal(pair.foundBy, 'register');
      assert.ok(pair.probability >= 0.9);
      assert.ok(pair.explanation.fields.find((f: Field) => f.field === 'document')!.weight > 0);

      // Roles and organisations: analysts 403, another organisation 404.
      assert.equal((await as(t, analyst, 'GET', '/api/linkage/candidates')).statusCode, 403);
      assert.equal((await as(t, outsider, 'GET', `/api/linkage/candidates/${pair.id}`)).statusCode, 404);
      assert.equal((await queue(outsider)).total, 0);

      // A case on the second record, to see it move with the merge and come back.
      // A sensitive case on the second record (assigned to the lead): from now on only the lead sees the pair.
      const caseId = await openSensitiveCase(t, orgId, second.id, lead.id);
      assert.equal((await queue(worker)).items.length, 0, 'a pair with a restricted person is hidden');
      assert.equal((await queue(worker)).total, 0, 'and not counted');
      assert.equal((await queue(lead)).total, 1, 'staff on the sensitive case count it');
      assert.equal((await as(t, worker, 'GET', `/api/linkage/candidates/${pair.id}`)).statusCode, 404);
      // Showing the restricted person in the queue or in the pair is a sensitive read of them, audited.
      const shownReads = () =>
        t.deps.database.db
          .selectFrom('audit_log')
          .select(['entity_id', 'sensitive_read', 'details'])
          .where('action', '=', 'beneficiary.read')
          .where('actor_user_id', '=', lead.id)
          .execute();
      assert.equal((await queue(lead)).items.length, 1);
      assert.equal((await as(t, lead, 'GET', `/api/linkage/candidates/${pair.id}`)).statusCode, 200);
      const reads = await shownReads();
      assert.deepEqual(
        reads.map((r) => [r.entity_id, Number(r.sensitive_read), JSON.parse(String(r.details)).via]).sort(),
        [
          [second.id, 1, 'duplicate_candidate'],
          [second.id, 1, 'duplicate_candidates'], // the queue's total above
          [second.id, 1, 'duplicate_candidates'],
        ],
      );

      // Stale If-Match is refused; then "same": the newer record is merged into the older.
      const stale = await as(
        t,
        lead,
        'POST',
        `/api/linkage/candidates/${pair.id}/decision`,
        { decision: 'same' },
        {
          'if-match': '"v99"',
        },
      );
      assert.equal(stale.statusCode, 412);
      const notOfPair = await as(
        t,
        lead,
        'POST',
        `/api/linkage/candidates/${pair.id}/decision`,
        { decision: 'same', survivorId: lead.id },
        { 'if-match': `"v${pair.version}"` },
      );
      assert.equal(notOfPair.statusCode, 422);
      assert.equal(notOfPair.json().code, 'invalid_reference');
      const merged = await as(
        t,
        lead,
        'POST',
        `/api/linkage/candidates/${pair.id}/decision`,
        { decision: 'same', survivorId: first.id },
        { 'if-match': `"v${pair.version}"` },
      );
      assert.equal(merged.statusCode, 200, merged.body);
      assert.equal(merged.json().status, 'merged');
      const mergeId = merged.json().mergeId as string;
      assert.ok(mergeId);
      const db = t.deps.database.db;
      const moved = await db
        .selectFrom('cases')
        .select('beneficiary_id')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal(moved.beneficiary_id, first.id, 'the case follows the survivor');
      const mergedRow = await db
        .selectFrom('beneficiaries')
        .select(['merged_into_id', 'restricted'])
        .where('id', '=', second.id)
        .executeTakeFirstOrThrow();
      assert.equal(mergedRow.merged_into_id, first.id);
      const survivor = await db
        .selectFrom('beneficiaries')
        .select('restricted')
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      assert.equal(survivor.restricted, 1, 'the survivor takes over the sensitive case, so it is restricted');
      const list = await as(t, lead, 'GET', '/api/beneficiaries');
      assert.ok(!list.json().items.some((b: { id: string }) => b.id === second.id), 'the merged record is not listed');
      const audit = await db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'beneficiary.merge')
        .execute();
      assert.equal(audit.length, 1);
      // The evidence base follows the merge: its aggregates equal a recomputation from the records.
      assert.deepEqual(await evidenceFaults(db, t.clock.now()), NO_EVIDENCE_FAULT);
      // Deciding again is refused.
      const again = await as(
        t,
        lead,
        'POST',
        `/api/linkage/candidates/${pair.id}/decision`,
        { decision: 'distinct' },
        {
          'if-match': `"v${merged.json().version}"`,
        },
      );
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'invalid_transition');

      // Unmerge: a caseworker may not; a supervisor on the case does; the case goes back, the pair is open again.
      assert.equal((await as(t, worker, 'POST', `/api/linkage/merges/${mergeId}/unmerge`)).statusCode, 403);
      assert.equal((await as(t, outsider, 'POST', `/api/linkage/merges/${mergeId}/unmerge`)).statusCode, 404);
      assert.equal(
        (await as(t, supervisor, 'POST', `/api/linkage/merges/${mergeId}/unmerge`)).statusCode,
        404,
        'a supervisor not on the sensitive case does not see the merge',
      );
      const undone = await as(t, lead, 'POST', `/api/linkage/merges/${mergeId}/unmerge`);
      assert.equal(undone.statusCode, 200, undone.body);
      assert.deepEqual(undone.json().moved, { cases: 1 });
      const back = await db
        .selectFrom('cases')
        .select('beneficiary_id')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal(back.beneficiary_id, second.id);
      const freed = await db
        .selectFrom('beneficiaries')
        .select('merged_into_id')
        .where('id', '=', second.id)
        .executeTakeFirstOrThrow();
      assert.equal(freed.merged_into_id, null);
      assert.deepEqual(await evidenceFaults(db, t.clock.now()), NO_EVIDENCE_FAULT);
      assert.equal((await as(t, lead, 'POST', `/api/linkage/merges/${mergeId}/unmerge`)).statusCode, 409);
      const reopened = await queue(lead);
      assert.equal(reopened.total, 1);

      // "Not the same": remembered, and a scan does not propose the pair again.
      const r = reopened.items[0]!;
      const distinct = await as(
        t,
        lead,
        'POST',
        `/api/linkage/candidates/${r.id}/decision`,
        { decision: 'distinct' },
        {
          'if-match': `"v${r.version}"`,
        },
      );
      assert.equal(distinct.statusCode, 200, distinct.body);
      assert.equal(distinct.json().status, 'distinct');
      const scan = await as(t, supervisor, 'POST', '/api/linkage/scan');
      assert.equal(scan.statusCode, 200, scan.body);
      assert.equal((await queue(lead)).total, 0, 'a pair judged distinct is never proposed again');
      assert.equal((await queue(lead, 'distinct')).items.length, 1);

      // A "not the same" taken back: with the version read (412 on an older one), the pair is open again and audited;
      // once only (an open pair cannot be opened again), and nobody of another organisation finds it.
      const judged = distinct.json() as Pair;
      const reopen = (who: Member, version: number) =>
        as(t, who, 'POST', `/api/linkage/candidates/${judged.id}/reopen`, undefined, {
          'if-match': `"v${version}"`,
        });
      assert.equal((await reopen(lead, judged.version - 1)).statusCode, 412);
      assert.equal((await reopen(outsider, judged.version)).statusCode, 404);
      assert.equal((await reopen(analyst, judged.version)).statusCode, 403);
      const opened = await reopen(lead, judged.version);
      assert.equal(opened.statusCode, 200, opened.body);
      assert.equal(opened.json().status, 'open');
      assert.deepEqual(
        (await queue(lead)).items.map((i) => i.id),
        [judged.id],
      );
      const twice = await reopen(lead, opened.json().version);
      assert.equal(twice.statusCode, 409, twice.body);
      assert.equal(twice.json().code, 'invalid_transition');
      const entries = await db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('entity_id', '=', judged.id)
        .where('action', '=', 'linkage_candidate.reopen')
        .execute();
      assert.equal(entries.length, 1);
    });

    test('a scan finds duplicates the registration could not (registered before the linkage existed)', async () => {
      const other = await buildOrganisation(t);
      const w = await buildMember(t, other.id, ['caseworker', 'supervisor']);
      const a = await buildBeneficiary(t, w, {
        givenName: 'Yusuf',
        familyName: 'Abdi',
        dateOfBirth: '1990-02-03',
        phone: '+252 61 000 1111',
      });
      const b = await buildBeneficiary(t, w, {
        givenName: 'Youssef',
        familyName: 'Abdi',
        dateOfBirth: '1990-02-03',
        phone: '+252 61 000 1111',
      });
      await buildBeneficiary(t, w, { givenName: 'Halima', familyName: 'Warsame', dateOfBirth: '1975-11-30' });
      // Forget what registration flagged, as if these people came from before.
      await t.deps.database.db.deleteFrom('linkage_candidates').where('organisation_id', '=', other.id).execute();
      const scan = await as(t, w, 'POST', '/api/linkage/scan');
      assert.equal(scan.statusCode, 200, scan.body);
      assert.equal(scan.json().people, 3);
      assert.equal(scan.json().proposed, 1);
      const q = await as(t, w, 'GET', '/api/linkage/candidates');
      const p = q.json().items[0];
      assert.deepEqual([p.a.id, p.b.id].sort(), [a.id, b.id].sort());
      assert.equal(p.foundBy, 'scan');
      assert.equal(p.explanation.fields.find((f: Field) => f.field === 'given_name').level, 'variant');
    });

    test('a bulk import queues the likely duplicates of the people it registered', async () => {
      const org = await buildOrganisation(t);
      const w = await buildMember(t, org.id, ['caseworker', 'supervisor']);
      const existing = await buildBeneficiary(t, w, {
        givenName: 'Mohamed',
        familyName: 'Osman',
        dateOfBirth: '1979-12-01',
        sex: 'male',
        documents: [{ type: 'passport', number: 'P7766554' }],
      });
      const csv = [
        'source_id,given_name,family_name,date_of_birth,sex,document_type,document_number',
        'S-1,Muhammad,Osman,1979-01-12,male,passport,P 7766554',
        'S-2,Amina,Jama,2001-05-05,female,,',
      ].join('\n');
      const imported = await as(t, w, 'POST', '/api/imports', {
        kind: 'beneficiaries',
        filename: 'people.csv',
        content: Buffer.from(csv).toString('base64'),
        basis: 'public_interest',
        informationGiven: 'Registration explained in the person’s language.',
      });
      assert.equal(imported.statusCode, 200, imported.body);
      assert.equal(imported.json().created, 2);
      const q = await as(t, w, 'GET', '/api/linkage/candidates');
      assert.equal(q.json().items.length, 1);
      const p = q.json().items[0] as Pair;
      assert.equal(p.foundBy, 'import');
      assert.ok([p.a.id, p.b.id].includes(existing.id));
    });

    test('in a small registry a person imported twice with name, birth date and sex only is proposed', async () => {
      // Few people: the share of a name there says nothing of how common it is (the person's own records are most
      // of it), so the scan scores as the check at registration does, without term-frequency adjustment.
      const org = await buildOrganisation(t);
      const w = await buildMember(t, org.id, ['caseworker', 'supervisor']);
      const family = ['Amal', 'Bilal', 'Dalia', 'Fadi', 'Hana', 'Karim', 'Layla', 'Omar'];
      for (const [i, givenName] of family.entries())
        await buildBeneficiary(t, w, {
          givenName,
          familyName: 'Haddad',
          dateOfBirth: `19${70 + i}-03-0${1 + (i % 8)}`,
        });
      const importPerson = async (sourceId: string) => {
        const csv = `source_id,given_name,family_name,date_of_birth,sex\n${sourceId},Hamid,Ibrahim,1985-05-05,male\n`;
        const r = await as(t, w, 'POST', '/api/imports', {
          kind: 'beneficiaries',
          filename: `${sourceId}.csv`,
          content: Buffer.from(csv).toString('base64'),
          basis: 'public_interest',
          informationGiven: 'Registration explained in the person’s language.',
        });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().created, 1);
      };
      await importPerson('Q-10');
      await importPerson('Q-21');
      const q = await as(t, w, 'GET', '/api/linkage/candidates');
      const pairs = q.json().items as Pair[];
      assert.equal(pairs.length, 1, JSON.stringify(pairs));
      assert.equal(pairs[0]!.foundBy, 'import');
      assert.ok(pairs[0]!.probability >= 0.9, String(pairs[0]!.probability));
      // A scan of the whole registry finds the same pair (already proposed: nothing new).
      await t.deps.database.db.deleteFrom('linkage_candidates').where('organisation_id', '=', org.id).execute();
      const scan = await as(t, w, 'POST', '/api/linkage/scan');
      assert.equal(scan.statusCode, 200, scan.body);
      assert.equal(scan.json().proposed, 1);
    });

    test('the queue’s total and pages leave out pairs with a restricted person the caller may not see', async () => {
      const org = await buildOrganisation(t);
      const w = await buildMember(t, org.id, ['caseworker']);
      const lead2 = await buildMember(t, org.id, ['caseworker', 'supervisor']);
      // Two pairs; the likelier one will involve a restricted person, the other stays open to all.
      await buildBeneficiary(t, w, { ...nour, phone: undefined });
      await buildBeneficiary(t, w, nourAgain);
      await buildBeneficiary(t, w, {
        givenName: 'Yusuf',
        familyName: 'Abdi',
        dateOfBirth: '1990-02-03',
        phone: '+252 61 000 1111',
      });
      await buildBeneficiary(t, w, {
        givenName: 'Youssef',
        familyName: 'Abdi',
        dateOfBirth: '1990-02-03',
        phone: '+252 61 000 1111',
      });
      const before = await as(t, w, 'GET', '/api/linkage/candidates');
      assert.equal(before.json().total, 2, before.body);
      // The likelier pair is the one hidden (so the page of one below must skip it and read on).
      const [top, next] = before.json().items as Pair[];
      await openSensitiveCase(t, org.id, top!.a.id, lead2.id);
      const seen = next!.b;

      const list = await as(t, w, 'GET', '/api/linkage/candidates');
      assert.equal(list.json().items.length, 1);
      assert.equal(list.json().total, 1, 'the hidden pair is not counted');
      // A page of one: the hidden pair is skipped and the page is filled with the next visible one.
      const page = await as(t, w, 'GET', '/api/linkage/candidates?limit=1');
      assert.equal(page.json().total, 1);
      assert.equal(page.json().items.length, 1);
      assert.ok([page.json().items[0].a.id, page.json().items[0].b.id].includes(seen.id));
      // Staff on the sensitive case see and count both.
      const full = await as(t, lead2, 'GET', '/api/linkage/candidates');
      assert.equal(full.json().total, 2);
      assert.equal(full.json().items.length, 2);
      const first = await as(t, lead2, 'GET', '/api/linkage/candidates?limit=1');
      assert.equal(first.json().items.length, 1);
      assert.equal(first.json().total, 2);
    });

    test('bad input gets a specific problem', async () => {
      const bad = await as(t, worker, 'POST', '/api/linkage/duplicates/check', { dateOfBirth: 'yesterday' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'validation_failed');
      const badStatus = await as(t, worker, 'GET', '/api/linkage/candidates?status=maybe');
      assert.equal(badStatus.statusCode, 400);
    });
  });
}
