import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  callAt,
  forms,
  openCase,
  personWithAssistanceBasis,
  recordBasis,
  type Staff,
} from './cases.fixtures.ts';

for (const { engine, skip } of engines()) {
  describe(`cases: status, closure, assignment (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let worker: Staff;
    let colleague: Staff;
    let supervisor: Staff;
    let secondSupervisor: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      colleague = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor', 'caseworker']);
      secondSupervisor = await buildStaff(t, org, ['supervisor']);
    });
    after(() => t?.close());

    const status = (who: Staff, id: string, to: string, reason?: string) =>
      callAt(t, who, 'cases', id, `/api/cases/${id}/status`, { status: to, ...(reason ? { reason } : {}) });
    const requestClosure = (who: Staff, id: string, referred = false) =>
      callAt(t, who, 'cases', id, `/api/cases/${id}/closure-request`, { reason: 'Goals of the plan met.', referred });
    const decide = (who: Staff, id: string, decision: 'approve' | 'reject', reason: string | null = null) =>
      callAt(t, who, 'cases', id, `/api/cases/${id}/closure-decision`, { decision, reason });

    test('an open case moves between Active and FollowUp, never straight to Closed', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      const follow = await status(worker, c.id, 'FollowUp');
      assert.equal(follow.statusCode, 200);
      assert.equal(follow.json().status, 'FollowUp');
      assert.equal(follow.headers.etag, '"v2"');
      assert.equal((await status(worker, c.id, 'Active')).json().status, 'Active');
      const same = await status(worker, c.id, 'Active');
      assert.equal(same.statusCode, 409);
      const closed = await status(worker, c.id, 'Closed');
      assert.equal(closed.statusCode, 409);
      assert.equal(closed.json().code, 'invalid_transition');
      assert.equal((await status(worker, c.id, 'Dormant')).statusCode, 400);
    });

    test('status changes, closure requests and decisions and assignments need the version read (If-Match)', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.protection());
      const read = await call(t, worker, 'GET', `/api/cases/${c.id}`);
      const etag = read.headers.etag as string;
      const bare = await call(t, worker, 'POST', `/api/cases/${c.id}/status`, { status: 'FollowUp' });
      assert.equal(bare.statusCode, 428);
      assert.equal(bare.json().code, 'precondition_required');
      // Someone else changes the case after we read it: our change, made on what we saw, is refused, not applied.
      assert.equal((await status(colleague, c.id, 'FollowUp')).statusCode, 200);
      const late = await call(
        t,
        worker,
        'POST',
        `/api/cases/${c.id}/status`,
        { status: 'FollowUp' },
        { 'if-match': etag },
      );
      assert.equal(late.statusCode, 412);
      assert.equal(late.json().code, 'precondition_failed');
      const lateClosure = await call(
        t,
        worker,
        'POST',
        `/api/cases/${c.id}/closure-request`,
        { reason: 'Done.', referred: false },
        { 'if-match': etag },
      );
      assert.equal(lateClosure.statusCode, 412);
      const lateAssign = await call(
        t,
        secondSupervisor,
        'POST',
        `/api/cases/${c.id}/assignment`,
        { userId: colleague.id },
        { 'if-match': etag },
      );
      assert.equal(lateAssign.statusCode, 412);
      const fresh = await call(t, worker, 'GET', `/api/cases/${c.id}`);
      assert.equal(fresh.json().status, 'FollowUp');
      assert.equal(fresh.json().assignedTo, worker.id, 'nothing of the refused changes was applied');
      const asked = await call(
        t,
        worker,
        'POST',
        `/api/cases/${c.id}/closure-request`,
        { reason: 'Done.', referred: false },
        { 'if-match': fresh.headers.etag as string },
      );
      assert.equal(asked.statusCode, 200);
      const lateDecision = await call(
        t,
        secondSupervisor,
        'POST',
        `/api/cases/${c.id}/closure-decision`,
        { decision: 'approve', reason: null },
        { 'if-match': fresh.headers.etag as string },
      );
      assert.equal(lateDecision.statusCode, 412);
      assert.equal((await decide(secondSupervisor, c.id, 'approve')).json().status, 'Closed');
    });

    test('closure needs a supervisor’s approval, never the requester’s own', async () => {
      const c = await openCase(t, supervisor, await personWithAssistanceBasis(t, supervisor), forms.protection(), {
        assignedTo: worker.id,
      });
      const asked = await requestClosure(worker, c.id);
      assert.equal(asked.statusCode, 200);
      assert.equal(asked.json().closureRequested, true);
      assert.equal(asked.json().status, 'Active', 'still open until a supervisor decides');
      assert.equal((await requestClosure(worker, c.id)).statusCode, 409, 'one pending request at a time');
      const byWorker = await decide(worker, c.id, 'approve');
      assert.equal(byWorker.statusCode, 403);
      assert.equal((await call(t, worker, 'GET', `/api/cases/${c.id}`)).json().status, 'Active');

      const approved = await decide(supervisor, c.id, 'approve');
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().status, 'Closed');
      assert.equal(approved.json().closedOn, '2026-06-01');
      const read = (await call(t, worker, 'GET', `/api/cases/${c.id}`)).json();
      assert.equal(read.closure.approvedBy, supervisor.id);
      assert.equal(read.closure.requestedBy, worker.id);

      // A closed case is frozen until a supervisor reopens it.
      const frozen = await call(
        t,
        worker,
        'PATCH',
        `/api/cases/${c.id}`,
        { form: forms.protection() },
        { 'if-match': `"v${read.version}"` },
      );
      assert.equal(frozen.statusCode, 409);
      assert.equal(
        (await call(t, worker, 'POST', `/api/cases/${c.id}/tasks`, { title: 'Call', dueOn: '2026-07-01' })).statusCode,
        409,
      );
      assert.equal((await status(worker, c.id, 'Active')).statusCode, 403);
      // Reopening says why; the reason is kept as a case note.
      const unexplained = await status(supervisor, c.id, 'Active');
      assert.equal(unexplained.statusCode, 400, unexplained.body);
      const issue = unexplained.json().errors[0];
      assert.deepEqual([issue.pointer, issue.params?.rule], ['/reason', 'required']);
      assert.equal((await call(t, worker, 'GET', `/api/cases/${c.id}`)).json().status, 'Closed', 'still closed');
      const reopened = await status(
        supervisor,
        c.id,
        'Active',
        'The person came back: a new threat from the recruiter.',
      );
      assert.equal(reopened.statusCode, 200, reopened.body);
      const notes = (await call(t, worker, 'GET', `/api/cases/${c.id}/notes`)).json().items as { body: string }[];
      assert.ok(
        notes.some((n) => n.body === 'Case reopened: The person came back: a new threat from the recruiter.'),
        JSON.stringify(notes),
      );
      assert.equal(reopened.json().closedOn, null);
      assert.equal(reopened.json().closureRequested, false);

      // A supervisor's own request needs another supervisor.
      assert.equal((await requestClosure(supervisor, c.id)).statusCode, 200);
      assert.equal((await decide(supervisor, c.id, 'approve')).statusCode, 403);
      assert.equal((await decide(secondSupervisor, c.id, 'approve')).json().status, 'Closed');
    });

    test('a supervisor who may not read a sensitive case finds its closure request and decides it', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.gbv());
      const asked = await requestClosure(worker, c.id);
      assert.equal(asked.statusCode, 200, asked.body);
      // secondSupervisor (no caseworker role, not on the case) lists it, with its closure request pending.
      const listed = (await call(t, secondSupervisor, 'GET', '/api/cases?limit=200')).json().items as {
        id: string;
        closureRequested: boolean;
      }[];
      assert.equal(listed.find((i) => i.id === c.id)?.closureRequested, true);
      const managed = await call(t, secondSupervisor, 'GET', `/api/cases/${c.id}`);
      assert.equal(managed.statusCode, 200, managed.body);
      const m = managed.json();
      assert.deepEqual([m.person, m.form, m.closureRequested], [null, null, true]);
      assert.deepEqual([m.closure.requestedBy, m.closure.reason], [worker.id, null], 'the request, not its reason');
      const approved = await decide(secondSupervisor, c.id, 'approve');
      assert.equal(approved.statusCode, 200, approved.body);
      const after = (await call(t, secondSupervisor, 'GET', `/api/cases/${c.id}`)).json();
      assert.deepEqual([after.status, after.closureRequested], ['Closed', false], 'no request pending once closed');
      const mine = (await call(t, worker, 'GET', `/api/cases/${c.id}`)).json();
      assert.deepEqual([mine.closureRequested, mine.closure.approvedBy], [false, secondSupervisor.id]);
    });

    test('a rejected closure request is withdrawn and its reason kept as a case note', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.trafficking());
      await requestClosure(worker, c.id);
      const noReason = await decide(secondSupervisor, c.id, 'reject');
      assert.equal(noReason.statusCode, 400);
      const rejected = await decide(secondSupervisor, c.id, 'reject', 'The legal case is still open.');
      assert.equal(rejected.statusCode, 200);
      assert.equal(rejected.json().closureRequested, false);
      assert.equal(rejected.json().status, 'Active');
      assert.equal(rejected.body.includes('legal case'), false, 'a supervisor without access gets no content back');
      const notes = (await call(t, worker, 'GET', `/api/cases/${c.id}/notes`)).json().items;
      assert.equal(notes.length, 1);
      assert.match(notes[0].body, /The legal case is still open\./);
      assert.equal((await decide(secondSupervisor, c.id, 'approve')).statusCode, 409, 'nothing pending any more');
    });

    test('ClosedReferred needs a referral the receiver accepted', async () => {
      const partner = (await buildOrganisation(t)).id;
      const receiver = await buildStaff(t, partner, ['caseworker']);
      const person = await personWithAssistanceBasis(t, worker);
      const c = await openCase(t, worker, person, forms.avrr());
      assert.equal((await requestClosure(worker, c.id, true)).statusCode, 409);
      await recordBasis(t, worker, { beneficiaryId: person, purpose: 'referral', recipientOrganisationId: partner });
      const referral = await call(t, worker, 'POST', `/api/cases/${c.id}/referrals`, {
        toOrganisationId: partner,
        serviceType: null,
        reason: 'MigrationOrChangeOfLocation',
      });
      assert.equal(referral.statusCode, 201, referral.body);
      assert.equal(
        (await callAt(t, receiver, 'referrals', referral.json().id, `/api/referrals/${referral.json().id}/accept`))
          .statusCode,
        200,
      );
      assert.equal((await requestClosure(worker, c.id, true)).statusCode, 200);
      const closed = await decide(secondSupervisor, c.id, 'approve');
      assert.equal(closed.json().status, 'ClosedReferred');
      // The partner can still record what it delivered: it lands on the closed case.
      const delivered = await callAt(
        t,
        receiver,
        'referrals',
        referral.json().id,
        `/api/referrals/${referral.json().id}/services`,
        {
          serviceType: 'reintegration',
          deliveredOn: '2026-06-01',
        },
      );
      assert.equal(delivered.statusCode, 201);
      assert.equal((await call(t, worker, 'GET', `/api/cases/${c.id}/services`)).json().items.length, 1);
    });

    test('a supervisor assigns or transfers a case within the organisation; access follows the assignment', async () => {
      const c = await openCase(t, worker, await personWithAssistanceBasis(t, worker), forms.gbv());
      assert.equal(
        (await callAt(t, worker, 'cases', c.id, `/api/cases/${c.id}/assignment`, { userId: colleague.id })).statusCode,
        403,
      );
      assert.equal((await call(t, colleague, 'GET', `/api/cases/${c.id}`)).statusCode, 404);
      const moved = await callAt(t, secondSupervisor, 'cases', c.id, `/api/cases/${c.id}/assignment`, {
        userId: colleague.id,
      });
      assert.equal(moved.statusCode, 200);
      assert.equal(moved.json().assignedTo, colleague.id);
      assert.equal((await call(t, colleague, 'GET', `/api/cases/${c.id}`)).statusCode, 200);
      assert.equal(
        (await call(t, worker, 'GET', `/api/cases/${c.id}`)).statusCode,
        404,
        'the former caseworker loses access',
      );
      const audit = await t.deps.database.db
        .selectFrom('audit_log')
        .select('details')
        .where('entity_id', '=', c.id)
        .where('action', '=', 'case.assign')
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(audit.details), { from: worker.id, to: colleague.id });

      const elsewhere = await buildStaff(t, (await buildOrganisation(t)).id, ['caseworker']);
      const outside = await callAt(t, secondSupervisor, 'cases', c.id, `/api/cases/${c.id}/assignment`, {
        userId: elsewhere.id,
      });
      assert.equal(outside.statusCode, 422);
      assert.equal(outside.json().code, 'invalid_reference');
      const otherSupervisor = await buildStaff(t, (await buildOrganisation(t)).id, ['supervisor']);
      assert.equal(
        (
          await callAt(t, otherSupervisor, 'cases', c.id, `/api/cases/${c.id}/assignment`, {
            userId: otherSupervisor.id,
          })
        ).statusCode,
        404,
      );
    });
  });
}
