// The case of an anonymised person (docs/subject-rights.md) takes no free text again, on both engines: a note, a
// task, an assessment, a plan item (or a new description of one) and a new case form are each refused with 409 and
// the rule `anonymised`, and so is the workflow's note (reopening, rejecting a closure request); a plan item's status
// may still move and the pending closure may still be approved, so the case can be wound up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, callAt, forms, openCase, personWithAssistanceBasis, type Staff } from './cases.fixtures.ts';

/** The refusal every path gives: 409 invalid_transition, one issue named by the rule `anonymised`. */
function assertAnonymisedRefusal(res: { statusCode: number; body: string; json(): unknown }, pointer = '') {
  assert.equal(res.statusCode, 409, res.body);
  const problem = res.json() as { code: string; errors?: { pointer: string; params?: { rule?: string } }[] };
  assert.equal(problem.code, 'invalid_transition');
  assert.deepEqual(
    problem.errors?.map((e) => [e.pointer, e.params?.rule]),
    [[pointer, 'anonymised']],
  );
}

for (const { engine, skip } of engines()) {
  describe(`the case of an anonymised person takes no free text (${engine})`, { skip }, () => {
    let t: TestApp;
    let worker: Staff;
    let supervisor: Staff;
    let secondSupervisor: Staff;
    before(async () => {
      t = await startTestApp(engine);
      const org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor', 'caseworker']);
      secondSupervisor = await buildStaff(t, org, ['supervisor']);
    });
    after(() => t?.close());

    test('notes, tasks, assessments, plan items and the form are refused; status and closure still move', async () => {
      const db = t.deps.database.db;
      const personId = await personWithAssistanceBasis(t, worker, { nameLatin: 'Yonas Haile' });
      const c = await openCase(t, worker, personId, forms.protection());
      const item = await call(t, worker, 'POST', `/api/cases/${c.id}/plan-items`, {
        planType: 'LabourExploitationRehabilitation',
        description: 'Vocational training in tailoring',
      });
      assert.equal(item.statusCode, 201, item.body);
      const requested = await callAt(t, worker, 'cases', c.id, `/api/cases/${c.id}/closure-request`, {
        reason: 'Goals of the plan met.',
        referred: false,
      });
      assert.equal(requested.statusCode, 200, requested.body);
      const anonymised = await call(t, supervisor, 'POST', `/api/beneficiaries/${personId}/erasure`, {
        mode: 'anonymise',
        reason: 'subject_request',
      });
      assert.equal(anonymised.statusCode, 200, anonymised.body);

      const count = async (table: 'case_notes' | 'case_tasks' | 'case_assessments' | 'case_plan_items') =>
        (await db.selectFrom(table).select('id').where('case_id', '=', c.id).execute()).length;
      const state = async () => ({
        notes: await count('case_notes'),
        tasks: await count('case_tasks'),
        assessments: await count('case_assessments'),
        planItems: await count('case_plan_items'),
        details: (await db.selectFrom('cases').select('details').where('id', '=', c.id).executeTakeFirstOrThrow())
          .details,
        description: (
          await db
            .selectFrom('case_plan_items')
            .select('description')
            .where('id', '=', item.json().id)
            .executeTakeFirstOrThrow()
        ).description,
      });
      const before = await state();

      const named = 'Yonas Haile, born 12 March 1994 in Keren';
      assertAnonymisedRefusal(await call(t, worker, 'POST', `/api/cases/${c.id}/notes`, { body: named }));
      assertAnonymisedRefusal(
        await call(t, worker, 'POST', `/api/cases/${c.id}/tasks`, { title: `Call ${named}`, dueOn: '2026-06-10' }),
      );
      assertAnonymisedRefusal(
        await call(t, worker, 'POST', `/api/cases/${c.id}/assessments`, {
          kind: 'risk',
          completedOn: '2026-05-30',
          outcome: named,
          answers: { name: named },
        }),
      );
      assertAnonymisedRefusal(
        await call(t, worker, 'POST', `/api/cases/${c.id}/plan-items`, {
          planType: 'LabourExploitationRehabilitation',
          description: named,
        }),
      );
      const itemUrl = `/api/cases/${c.id}/plan-items/${item.json().id}`;
      const itemVersion = async () => {
        const row = await db
          .selectFrom('case_plan_items')
          .select('version')
          .where('id', '=', item.json().id)
          .executeTakeFirstOrThrow();
        return { 'if-match': `"v${row.version}"` };
      };
      assertAnonymisedRefusal(
        await call(t, worker, 'PATCH', itemUrl, { description: named }, await itemVersion()),
        '/description',
      );
      const caseVersion = (await db.selectFrom('cases').select('version').where('id', '=', c.id).executeTakeFirst())!
        .version;
      assertAnonymisedRefusal(
        await call(
          t,
          worker,
          'PATCH',
          `/api/cases/${c.id}`,
          { form: { ...forms.protection(), circumstances: named } },
          { 'if-match': `"v${caseVersion}"` },
        ),
      );
      // Rejecting the closure request would keep its reason as a note: refused too.
      assertAnonymisedRefusal(
        await callAt(t, secondSupervisor, 'cases', c.id, `/api/cases/${c.id}/closure-decision`, {
          decision: 'reject',
          reason: named,
        }),
      );
      assert.deepEqual(await state(), before, 'nothing was written');

      // The kept statistical facts still move: a plan item's status, and the case closes.
      const moved = await call(t, worker, 'PATCH', itemUrl, { status: 'completed' }, await itemVersion());
      assert.equal(moved.statusCode, 200, moved.body);
      const closed = await callAt(t, secondSupervisor, 'cases', c.id, `/api/cases/${c.id}/closure-decision`, {
        decision: 'approve',
        reason: null,
      });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'Closed');
      // Reopening keeps its reason as a note: refused, the case stays closed.
      assertAnonymisedRefusal(
        await callAt(t, supervisor, 'cases', c.id, `/api/cases/${c.id}/status`, { status: 'Active', reason: named }),
      );
      assert.equal((await call(t, worker, 'GET', `/api/cases/${c.id}`)).json().status, 'Closed');
      assert.equal(await count('case_notes'), 0);
    });
  });
}
