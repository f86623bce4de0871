import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { buildOrganisation, engines, idemKey, startTestApp, type TestApp } from '../../test/harness.ts';
import { highestReference } from '../db/references.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  personWithAssistanceBasis,
  registerPerson,
  type Staff,
  sensitiveReads,
} from './cases.fixtures.ts';

for (const { engine, skip } of engines()) {
  describe(`cases: forms, reading, updating, listing (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let worker: Staff; // the caseworker who opens the cases
    let colleague: Staff; // another caseworker of the same organisation
    let supervisor: Staff;
    let auditor: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      colleague = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor']);
      auditor = await buildStaff(t, org, ['auditor', 'analyst']);
    });
    after(() => t?.close());

    const codesOf = (caseId: string) =>
      t.deps.database.db
        .selectFrom('case_codes')
        .select(['vocabulary', 'code'])
        .where('case_id', '=', caseId)
        .orderBy('vocabulary')
        .orderBy('code')
        .execute();

    test('each of the five types opens with its own form; sensitive types are flagged and restrict the person', async () => {
      const expected = {
        protection: { prefix: 'PRT', sensitive: false },
        trafficking: { prefix: 'VOT', sensitive: true },
        child: { prefix: 'UASC', sensitive: true },
        gbv: { prefix: 'GBV', sensitive: true },
        avrr: { prefix: 'AVRR', sensitive: false },
      } as const;
      for (const [type, e] of Object.entries(expected) as [keyof typeof forms, (typeof expected)['gbv']][]) {
        const person = await personWithAssistanceBasis(t, worker);
        const c = await openCase(t, worker, person, forms[type]());
        assert.equal(c.type, type);
        assert.equal(c.status, 'Active');
        assert.equal(c.sensitive, e.sensitive, type);
        assert.match(c.reference, new RegExp(`^${e.prefix}-2026-\\d{6}$`));
        assert.equal((c.form as { type: string }).type, type);
        assert.equal(c.assignedTo, worker.id);
        const p = await t.deps.database.db
          .selectFrom('beneficiaries')
          .select('restricted')
          .where('id', '=', person)
          .executeTakeFirstOrThrow();
        assert.equal(p.restricted, e.sensitive ? 1 : 0, type);
      }
    });

    test('references keep counting past 999,999 (seven digits and more sort before six as text)', async () => {
      const first = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.avrr());
      const prefix = first.reference.slice(0, first.reference.lastIndexOf('-') + 1);
      await t.deps.database.db
        .updateTable('cases')
        .set({ reference: `${prefix}999999` })
        .where('id', '=', first.id)
        .execute();
      const second = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.avrr());
      assert.equal(second.reference, `${prefix}1000000`);
      const third = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.avrr());
      assert.equal(third.reference, `${prefix}1000001`);
    });

    test('the next reference is found by one probe of the index, not by reading the references that sort after it', async () => {
      // An organisation's references of other prefixes (VOT-, later years) sort after PRT-2026-: a LIKE read back
      // through all of them. The plan must seek the prefix's range of the (organisation, reference) index.
      const db = t.deps.database.db;
      const q = highestReference(db, 'cases', org, 'PRT-2026-').compile();
      if (engine === 'postgres') {
        const plan = await db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const rows = await trx.executeQuery(CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]));
          return rows.rows.map((r) => Object.values(r as object)[0] as string).join('\n');
        });
        assert.match(plan, /Index Cond: .*reference >= 'PRT-2026-'.*reference < 'PRT-2026\.'/s, plan);
        assert.doesNotMatch(plan, /Filter:/, plan);
      } else {
        const rows = await db.executeQuery(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]));
        const plan = rows.rows.map((r) => (r as { detail: string }).detail).join('\n');
        assert.match(plan, /INDEX .*\(organisation_id=\? AND reference>\? AND reference<\?\)/, plan);
      }
      const before = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.trafficking());
      const next = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      const number = (ref: string) => Number(ref.slice(ref.lastIndexOf('-') + 1));
      assert.equal(number(next.reference), number(before.reference) + 1);
    });

    test('coded fields go to case_codes and come back in the vocabulary’s order; the rest is kept as JSON', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      const c = await openCase(t, worker, person, {
        ...forms.trafficking(),
        methodsOfControl: ['WithholdsDocuments', 'PhysicalThreats'],
      });
      const codes = await codesOf(c.id);
      assert.deepEqual(
        codes.filter((r) => r.vocabulary === 'htcds.method_of_control').map((r) => r.code),
        ['PhysicalThreats', 'WithholdsDocuments'],
      );
      assert.ok(codes.some((r) => r.vocabulary === 'htcds.perpetrator_role' && r.code === 'Exploiter'));
      const got = (await call(t, worker, 'GET', `/api/cases/${c.id}`)).json();
      assert.deepEqual(got.form.methodsOfControl, ['PhysicalThreats', 'WithholdsDocuments']);
      assert.deepEqual(got.form.traffickingEvents[0], {
        stage: 'Recruitment',
        country: 'ERI',
        place: 'Asmara',
        date: '2025-11-02',
      });
      const gbv = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.gbv());
      assert.deepEqual(await codesOf(gbv.id), [
        { vocabulary: 'gbvims.context', code: 'intimate_partner_violence' },
        { vocabulary: 'gbvims.core_type', code: 'physical_assault' },
      ]);
    });

    test('a GBV incident takes exactly one core type; a child case needs a guardian or focal point', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      const two = await call(t, worker, 'POST', '/api/cases', {
        beneficiaryId: person,
        form: { ...forms.gbv(), coreType: ['rape', 'physical_assault'] },
      });
      assert.equal(two.statusCode, 400);
      assert.equal(two.json().errors[0].pointer, '/form/coreType');
      const plural = await call(t, worker, 'POST', '/api/cases', {
        beneficiaryId: person,
        form: { type: 'gbv', coreTypes: ['rape', 'physical_assault'] },
      });
      assert.equal(plural.statusCode, 400);
      const noGuardian = await call(t, worker, 'POST', '/api/cases', {
        beneficiaryId: person,
        form: { type: 'child', separation: 'separated' },
      });
      assert.equal(noGuardian.statusCode, 400);
      assert.ok(noGuardian.json().errors.some((e: { pointer: string }) => e.pointer === '/form/guardian'));
      const n = await t.deps.database.db
        .selectFrom('cases')
        .select('id')
        .where('beneficiary_id', '=', person)
        .execute();
      assert.equal(n.length, 0);
    });

    test('unknown codes and HTCDS rules are reported together, each at its pointer, without echoing values', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      const res = await call(t, worker, 'POST', '/api/cases', {
        beneficiaryId: person,
        form: {
          ...forms.trafficking(),
          traffickingStatus: 'ActualVictimOfTrafficking',
          statusDecidedBy: null,
          exploitationTypes: ['ForcedBegging', 'CANARY_CODE'],
          forcedLabourIndustry: 'C_Manufacturing',
          sexualExploitationTypes: ['Pornography'],
          traffickingEvents: [{ stage: 'Holiday' }],
        },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        [
          '/form/exploitationTypes/1',
          '/form/forcedLabourIndustry',
          '/form/sexualExploitationTypes',
          '/form/statusDecidedBy',
          '/form/traffickingEvents/0/stage',
        ],
      );
      assert.ok(!res.body.includes('CANARY_CODE'));
    });

    test('opening a case needs an assistance basis for the person', async () => {
      const person = await registerPerson(t, worker);
      const res = await call(t, worker, 'POST', '/api/cases', { beneficiaryId: person, form: forms.protection() });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'basis_required');
    });

    test('a replayed Idempotency-Key opens one case', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      const key = idemKey();
      const body = { beneficiaryId: person, form: forms.avrr() };
      const first = await call(t, worker, 'POST', '/api/cases', body, { 'idempotency-key': key });
      const second = await call(t, worker, 'POST', '/api/cases', body, { 'idempotency-key': key });
      assert.equal(first.statusCode, 201);
      assert.equal(second.body, first.body);
      const n = await t.deps.database.db
        .selectFrom('cases')
        .select('id')
        .where('beneficiary_id', '=', person)
        .execute();
      assert.equal(n.length, 1);
    });

    test('updates need If-Match with the ETag read: 428 without, 412 when stale, one winner', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.trafficking());
      const read = await call(t, worker, 'GET', `/api/cases/${c.id}`);
      assert.equal(read.headers.etag, '"v1"');
      assert.equal(
        (await call(t, worker, 'GET', `/api/cases/${c.id}`, undefined, { 'if-none-match': '"v1"' })).statusCode,
        304,
      );
      const form = { ...forms.trafficking(), exploitationTypes: ['ForcedLabour'], sexualExploitationTypes: [] };
      const none = await call(t, worker, 'PATCH', `/api/cases/${c.id}`, { form });
      assert.equal(none.statusCode, 428);
      const ok = await call(t, worker, 'PATCH', `/api/cases/${c.id}`, { form }, { 'if-match': '"v1"' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.headers.etag, '"v2"');
      assert.deepEqual(ok.json().form.exploitationTypes, ['ForcedLabour']);
      const stale = await call(t, worker, 'PATCH', `/api/cases/${c.id}`, { form }, { 'if-match': '"v1"' });
      assert.equal(stale.statusCode, 412);
      const codes = await codesOf(c.id);
      assert.deepEqual(
        codes.filter((r) => r.vocabulary.startsWith('htcds.exploitation') || r.vocabulary.startsWith('htcds.sexual')),
        [{ vocabulary: 'htcds.exploitation_type', code: 'ForcedLabour' }],
      );
      const retype = await call(
        t,
        worker,
        'PATCH',
        `/api/cases/${c.id}`,
        { form: forms.protection() },
        { 'if-match': '"v2"' },
      );
      assert.equal(retype.statusCode, 400);
      assert.equal(retype.json().errors[0].pointer, '/form/type');
    });

    test('a sensitive case is invisible to an unassigned colleague (404, absent from lists) until a supervisor grants access', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.child());
      const urls = [`/api/cases/${c.id}`, `/api/cases/${c.id}/notes`, `/api/cases/${c.id}/tasks`];
      for (const url of urls) assert.equal((await call(t, colleague, 'GET', url)).statusCode, 404, url);
      const listed = async (who: Staff) =>
        (await call(t, who, 'GET', '/api/cases?limit=200')).json().items.some((i: { id: string }) => i.id === c.id);
      assert.equal(await listed(colleague), false);
      // A supervisor lists it to manage it, and reads its metadata only: no person, form or notes, and no
      // sensitive read is recorded.
      assert.equal(await listed(supervisor), true, 'a supervisor lists it to manage it');
      const readsBefore = (await sensitiveReads(t, c.id)).length;
      const managed = await call(t, supervisor, 'GET', `/api/cases/${c.id}`);
      assert.equal(managed.statusCode, 200, managed.body);
      assert.deepEqual(
        [managed.json().person, managed.json().form, managed.json().closure, managed.json().sensitive],
        [null, null, null, true],
      );
      assert.equal((await call(t, supervisor, 'GET', `/api/cases/${c.id}/notes`)).statusCode, 404);
      assert.equal((await sensitiveReads(t, c.id)).length, readsBefore);
      assert.equal((await call(t, colleague, 'POST', `/api/cases/${c.id}/notes`, { body: 'x' })).statusCode, 404);

      // A supervisor who is not a caseworker manages the case without reading it: no access or assignment to themself.
      const self = await call(t, supervisor, 'POST', `/api/cases/${c.id}/access`, {
        userId: supervisor.id,
        reason: 'Wants to read it',
      });
      assert.equal(self.statusCode, 403, self.body);
      assert.match(self.json().detail, /caseworker role/);
      const version = (
        await t.deps.database.db.selectFrom('cases').select('version').where('id', '=', c.id).executeTakeFirstOrThrow()
      ).version;
      const selfAssigned = await call(
        t,
        supervisor,
        'POST',
        `/api/cases/${c.id}/assignment`,
        { userId: supervisor.id },
        { 'if-match': `"v${version}"` },
      );
      assert.equal(selfAssigned.statusCode, 403, selfAssigned.body);
      const grant = await call(t, supervisor, 'POST', `/api/cases/${c.id}/access`, {
        userId: colleague.id,
        reason: 'Covers the case during leave',
      });
      assert.equal(grant.statusCode, 201, grant.body);
      assert.equal((await call(t, colleague, 'GET', `/api/cases/${c.id}`)).statusCode, 200);
      assert.equal(await listed(colleague), true);
      const grants = await call(t, supervisor, 'GET', `/api/cases/${c.id}/access`);
      assert.deepEqual(
        grants.json().items.map((g: { userId: string }) => g.userId),
        [colleague.id],
      );
      const audit = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('entity_id', '=', c.id)
        .where('action', '=', 'case.access_grant')
        .execute();
      assert.equal(audit.length, 1);
      assert.ok(!audit[0]!.details.includes('leave'), 'the free-text reason stays out of the audit entry');

      assert.equal((await call(t, supervisor, 'DELETE', `/api/cases/${c.id}/access/${colleague.id}`)).statusCode, 204);
      assert.equal((await call(t, colleague, 'GET', `/api/cases/${c.id}`)).statusCode, 404);
      assert.equal((await call(t, supervisor, 'DELETE', `/api/cases/${c.id}/access/${colleague.id}`)).statusCode, 404);

      const plain = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      const needless = await call(t, supervisor, 'POST', `/api/cases/${plain.id}/access`, {
        userId: colleague.id,
        reason: 'x',
      });
      assert.equal(needless.statusCode, 409);
      assert.equal(
        (await call(t, colleague, 'GET', `/api/cases/${plain.id}`)).statusCode,
        200,
        'colleagues read non-sensitive cases',
      );
    });

    test('every read of a sensitive case is audited in its transaction; field names only', async () => {
      const c = await openCase(
        t,
        worker,
        await personWithAssistanceBasis(t, worker, { nameLatin: 'Selam Tesfay' }),
        forms.trafficking(),
      );
      const before = (await sensitiveReads(t, c.id)).length;
      await call(t, worker, 'GET', `/api/cases/${c.id}`);
      await call(t, worker, 'GET', `/api/cases/${c.id}/notes`);
      await call(t, colleague, 'GET', `/api/cases/${c.id}`); // refused: no read, no entry
      const reads = await sensitiveReads(t, c.id);
      assert.equal(reads.length, before + 2);
      for (const r of reads) {
        assert.equal(r.actor_user_id, worker.id);
        assert.equal(r.purpose, 'assistance');
        assert.ok(!r.details.includes('Selam'));
      }
      const plain = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      await call(t, worker, 'GET', `/api/cases/${plain.id}`);
      assert.equal((await sensitiveReads(t, plain.id)).length, 0);
    });

    test('GBV and trafficking names are hidden by default and shown on request to staff on the case', async () => {
      const person = await personWithAssistanceBasis(t, worker, {
        nameLatin: 'Nadia Karim',
        nameOriginal: 'نادية كريم',
      });
      const c = await openCase(t, worker, person, forms.gbv());
      assert.equal((c.person as { namesHidden: boolean }).namesHidden, true);
      const plain = await call(t, worker, 'GET', `/api/cases/${c.id}`);
      assert.equal(plain.json().person.namesHidden, true);
      assert.equal(plain.json().person.nameLatin, null);
      assert.ok(!plain.body.includes('Nadia'));
      const shown = await call(t, worker, 'GET', `/api/cases/${c.id}?reveal=names`);
      assert.equal(shown.json().person.nameOriginal, 'نادية كريم');
      const last = (await sensitiveReads(t, c.id)).at(-1)!;
      assert.ok(JSON.parse(last.details).parts.includes('person.names'));
      // Trafficking victims' names too (SECURITY.md D4).
      const vot = await openCase(
        t,
        worker,
        await personWithAssistanceBasis(t, worker, { nameLatin: 'Yonas Berhe' }),
        forms.trafficking(),
      );
      const votPlain = await call(t, worker, 'GET', `/api/cases/${vot.id}`);
      assert.equal(votPlain.json().person.namesHidden, true);
      assert.ok(!votPlain.body.includes('Yonas'));
      const votShown = await call(t, worker, 'GET', `/api/cases/${vot.id}?reveal=names`);
      assert.equal(votShown.json().person.nameLatin, 'Yonas Berhe');
      // Other cases show names to staff who may read them.
      const other = await openCase(
        t,
        worker,
        await personWithAssistanceBasis(t, worker, { nameLatin: 'Amina Deng' }),
        forms.protection(),
      );
      assert.equal((await call(t, worker, 'GET', `/api/cases/${other.id}`)).json().person.nameLatin, 'Amina Deng');
    });

    test('auditors and analysts see non-sensitive cases without content, and no sensitive case at all', async () => {
      const plain = await openCase(
        t,
        worker,
        await personWithAssistanceBasis(t, worker, { nameLatin: 'Omar Ali' }),
        forms.protection(),
      );
      const vot = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.trafficking());
      const read = await call(t, auditor, 'GET', `/api/cases/${plain.id}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().form, null);
      assert.equal(read.json().person, null);
      assert.ok(!read.body.includes('Omar') && !read.body.includes('stranded'));
      assert.equal((await call(t, auditor, 'GET', `/api/cases/${vot.id}`)).statusCode, 404);
      assert.equal((await call(t, auditor, 'GET', `/api/cases/${plain.id}/notes`)).statusCode, 403);
      const list = (await call(t, auditor, 'GET', '/api/cases?limit=200')).json().items as { sensitive: boolean }[];
      assert.ok(list.length > 0);
      assert.ok(list.every((i) => !i.sensitive));
    });

    test('lists filter by status, type and assignee, page with a cursor, and refuse unknown codes', async () => {
      const mine = await buildStaff(t, org, ['caseworker']);
      for (const type of ['protection', 'protection', 'avrr'] as const)
        await openCase(t, mine, await personWithAssistanceBasis(t, mine), forms[type]());
      const list = (q: string) => call(t, mine, 'GET', `/api/cases?assignedTo=me${q}`);
      assert.equal((await list('')).json().items.length, 3);
      assert.equal((await list('&type=avrr')).json().items.length, 1);
      assert.equal((await list('&status=FollowUp')).json().items.length, 0);
      const first = (await list('&limit=2')).json();
      assert.equal(first.items.length, 2);
      const rest = (await list(`&limit=2&cursor=${encodeURIComponent(first.next)}`)).json();
      assert.equal(rest.items.length, 1);
      assert.equal(rest.next, null);
      const ids = new Set([...first.items, ...rest.items].map((i: { id: string }) => i.id));
      assert.equal(ids.size, 3);
      assert.ok(
        first.items.every((i: object) => !('form' in i) && !('person' in i)),
        'lists carry no content',
      );
      assert.equal((await list('&status=Sleeping')).statusCode, 400);
      assert.equal((await list('&cursor=nonsense')).statusCode, 400);
    });

    test('only a supervisor opens a case for someone else, and only for staff of the organisation', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      const byWorker = await call(t, worker, 'POST', '/api/cases', {
        beneficiaryId: person,
        form: forms.protection(),
        assignedTo: colleague.id,
      });
      assert.equal(byWorker.statusCode, 403);
      const c = await openCase(t, supervisor, person, forms.protection(), { assignedTo: colleague.id });
      assert.equal(c.assignedTo, colleague.id);
      const outsider = await buildStaff(t, (await buildOrganisation(t)).id, ['caseworker']);
      const res = await call(t, supervisor, 'POST', '/api/cases', {
        beneficiaryId: person,
        form: forms.protection(),
        assignedTo: outsider.id,
      });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'invalid_reference');
      assert.equal(
        (await call(t, outsider, 'POST', '/api/cases', { beneficiaryId: person, form: forms.protection() })).statusCode,
        404,
      );
    });
  });
}
