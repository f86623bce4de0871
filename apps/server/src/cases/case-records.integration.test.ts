import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  personWithAssistanceBasis,
  type Staff,
  sensitiveReads,
  signInAgain,
} from './cases.fixtures.ts';

const DAY = 24 * 3600 * 1000;

for (const { engine, skip } of engines()) {
  describe(`cases: assessments, plan, services, notes, tasks (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let worker: Staff;
    let colleague: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      colleague = await buildStaff(t, org, ['caseworker']);
    });
    after(() => t?.close());

    test('a child’s best-interest assessment is recorded as completed; it belongs to child cases only', async () => {
      const child = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.child());
      const bia = await call(t, worker, 'POST', `/api/cases/${child.id}/assessments`, {
        kind: 'best_interest',
        completedOn: '2026-05-30',
        outcome: 'Family reunification in Ethiopia is in the child’s best interest.',
        answers: { family_traced: true, risk_level: 2 },
      });
      assert.equal(bia.statusCode, 201, bia.body);
      assert.deepEqual(bia.json().answers, { family_traced: true, risk_level: 2 });
      const row = await t.deps.database.db
        .selectFrom('case_assessments')
        .select(['kind', 'completed_on'])
        .where('case_id', '=', child.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { kind: 'best_interest', completed_on: '2026-05-30' });
      const undated = await call(t, worker, 'POST', `/api/cases/${child.id}/assessments`, { kind: 'best_interest' });
      assert.equal(undated.statusCode, 400);
      assert.equal(undated.json().errors[0].pointer, '/completedOn');
      const future = await call(t, worker, 'POST', `/api/cases/${child.id}/assessments`, {
        kind: 'risk',
        completedOn: '2027-01-01',
      });
      assert.equal(future.statusCode, 400);
      const adult = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      const wrong = await call(t, worker, 'POST', `/api/cases/${adult.id}/assessments`, {
        kind: 'best_interest',
        completedOn: '2026-05-30',
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().errors[0].pointer, '/kind');
      const list = await call(t, worker, 'GET', `/api/cases/${child.id}/assessments`);
      assert.equal(list.json().items.length, 1);
    });

    test('the case plan uses HTCDS support plan types; services carry type, date, provider and value', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.trafficking());
      const item = await call(t, worker, 'POST', `/api/cases/${c.id}/plan-items`, {
        planType: 'LabourExploitationRehabilitation',
        description: 'Vocational training in tailoring',
      });
      assert.equal(item.statusCode, 201);
      assert.equal(item.json().status, 'planned');
      assert.equal(
        (await call(t, worker, 'POST', `/api/cases/${c.id}/plan-items`, { planType: 'Luck', description: 'x' }))
          .statusCode,
        400,
      );
      assert.equal(item.json().version, 1);
      const itemUrl = `/api/cases/${c.id}/plan-items/${item.json().id}`;
      const bare = await call(t, worker, 'PATCH', itemUrl, { status: 'in_progress' });
      assert.equal(bare.statusCode, 428, 'an update needs the version read');
      const moved = await call(t, worker, 'PATCH', itemUrl, { status: 'in_progress' }, { 'if-match': '"v1"' });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().status, 'in_progress');
      assert.equal(moved.headers.etag, '"v2"');
      // A colleague still looking at version 1 cancels it: refused, the progress stands.
      const late = await call(t, worker, 'PATCH', itemUrl, { status: 'cancelled' }, { 'if-match': '"v1"' });
      assert.equal(late.statusCode, 412);
      assert.equal(late.json().code, 'precondition_failed');
      const plan = await call(t, worker, 'GET', `/api/cases/${c.id}/plan-items`);
      assert.equal(plan.json().items[0].status, 'in_progress');

      const service = await call(t, worker, 'POST', `/api/cases/${c.id}/services`, {
        serviceType: 'livelihood',
        deliveredOn: '2026-05-20',
        planItemId: item.json().id,
        valueMinor: 12050,
        currency: 'EUR',
      });
      assert.equal(service.statusCode, 201, service.body);
      assert.equal(service.json().providerOrganisationId, org);
      assert.equal(service.json().recordedBy, worker.id);
      const half = await call(t, worker, 'POST', `/api/cases/${c.id}/services`, {
        serviceType: 'livelihood',
        deliveredOn: '2026-05-20',
        valueMinor: 100,
      });
      assert.equal(half.statusCode, 400);
      // A currency must be a known ISO 4217 one, not three capitals of any kind.
      const unknown = await call(t, worker, 'POST', `/api/cases/${c.id}/services`, {
        serviceType: 'livelihood',
        deliveredOn: '2026-05-20',
        valueMinor: 100,
        currency: 'QQQ',
      });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.deepEqual(
        unknown.json().errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message]),
        [['/currency', 'is not an ISO 4217 currency code (e.g. "USD", "SDG")']],
      );
      const ghost = await call(t, worker, 'POST', `/api/cases/${c.id}/services`, {
        serviceType: 'transport',
        deliveredOn: '2026-05-20',
        providerOrganisationId: '00000000-0000-4000-8000-00000000abcd',
      });
      assert.equal(ghost.statusCode, 422);
      const services = (await call(t, worker, 'GET', `/api/cases/${c.id}/services`)).json().items;
      assert.equal(services.length, 1);
      assert.equal(services[0].valueMinor, 12050);
      const reads = await sensitiveReads(t, c.id);
      assert.deepEqual(JSON.parse(reads.at(-1)!.details).parts, ['services delivered']);
    });

    test('notes are kept in order; tasks have due dates and can be done once', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      await call(t, worker, 'POST', `/api/cases/${c.id}/notes`, { body: 'First contact at the bus station.' });
      t.clock.advance(60_000);
      await call(t, colleague, 'POST', `/api/cases/${c.id}/notes`, { body: 'Shelter found.' });
      const notes = (await call(t, worker, 'GET', `/api/cases/${c.id}/notes`)).json().items;
      assert.deepEqual(
        notes.map((n: { author: string }) => n.author),
        [worker.id, colleague.id],
      );
      const task = await call(t, worker, 'POST', `/api/cases/${c.id}/tasks`, {
        title: 'Call the embassy',
        dueOn: '2026-06-03',
      });
      assert.equal(task.statusCode, 201);
      assert.equal(task.json().overdue, false);
      // A due date already past is a slip of the date picker: refused, saying which rule.
      const today = t.clock.now().toISOString().slice(0, 10);
      const yesterday = new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
      const late = await call(t, worker, 'POST', `/api/cases/${c.id}/tasks`, { title: 'Too late', dueOn: yesterday });
      assert.equal(late.statusCode, 400, late.body);
      assert.deepEqual(
        late.json().errors.map((e: { pointer: string; params?: { rule?: string } }) => [e.pointer, e.params?.rule]),
        [['/dueOn', 'not_past']],
      );
      const dueToday = await call(t, worker, 'POST', `/api/cases/${c.id}/tasks`, { title: 'Today', dueOn: today });
      assert.equal(dueToday.statusCode, 201, 'today is not past');
      await call(t, worker, 'POST', `/api/cases/${c.id}/tasks/${dueToday.json().id}/done`);
      const done = await call(t, worker, 'POST', `/api/cases/${c.id}/tasks/${task.json().id}/done`);
      assert.equal(done.statusCode, 200);
      assert.equal(done.json().doneAt, t.clock.now().toISOString());
      assert.equal((await call(t, worker, 'POST', `/api/cases/${c.id}/tasks/${task.json().id}/done`)).statusCode, 409);
      const other = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      assert.equal(
        (await call(t, worker, 'POST', `/api/cases/${other.id}/tasks/${task.json().id}/done`)).statusCode,
        404,
      );
    });

    test('the overdue list follows the clock and shows only tasks of cases the caller may read', async () => {
      const open = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.avrr());
      const secret = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.gbv());
      const add = (caseId: string, title: string, dueOn: string, assignedTo: string | null = null) =>
        call(t, worker, 'POST', `/api/cases/${caseId}/tasks`, { title, dueOn, assignedTo });
      const soon = (await add(open.id, 'Fit-to-travel check', '2026-06-02', colleague.id)).json();
      const later = (await add(open.id, 'Book the flight', '2026-06-20')).json();
      const hidden = (await add(secret.id, 'Follow-up visit', '2026-06-02')).json();
      const overdue = async (who: Staff, q = '') =>
        (await call(t, who, 'GET', `/api/tasks/overdue${q}`)).json().items.map((i: { id: string }) => i.id);
      assert.deepEqual(await overdue(worker), [], 'nothing is late yet');

      t.clock.advance(3 * DAY); // 4 June: two tasks are late
      await signInAgain(t, worker, colleague);
      const before = (await sensitiveReads(t, secret.id)).length;
      const late = await overdue(worker);
      assert.deepEqual(new Set(late), new Set([soon.id, hidden.id]));
      assert.ok(!late.includes(later.id));
      assert.equal(
        (await sensitiveReads(t, secret.id)).length,
        before + 1,
        'reading a sensitive case’s tasks is audited',
      );
      const item = (await call(t, worker, 'GET', '/api/tasks/overdue'))
        .json()
        .items.find((i: { id: string }) => i.id === soon.id);
      assert.equal(item.overdue, true);
      assert.equal(item.caseReference, open.reference);
      assert.deepEqual(await overdue(colleague), [soon.id], 'the GBV case’s task stays out of the colleague’s list');
      assert.deepEqual(await overdue(worker, '?assignedTo=me'), []);
      assert.deepEqual(await overdue(colleague, '?assignedTo=me'), [soon.id]);

      await call(t, colleague, 'POST', `/api/cases/${open.id}/tasks/${soon.id}/done`);
      assert.deepEqual(await overdue(colleague), []);
      const outsider = await buildStaff(t, (await buildOrganisation(t)).id, ['caseworker']);
      assert.deepEqual(await overdue(outsider), []);
    });
  });
}
