// Subject-rights requests for a person with a sensitive case: the caseworker on the case files, another supervisor
// decides without seeing the person (four eyes), and the request is carried out (erasure) or delivered (access copy).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  personWithAssistanceBasis,
  type Staff,
  signInAgain,
} from '../cases/cases.fixtures.ts';

const DAY = 86_400_000;

for (const { engine, skip } of engines()) {
  describe(`subject-rights requests (${engine})`, { skip }, () => {
    let t: TestApp;
    let worker: Staff;
    let colleague: Staff;
    let supervisor: Staff;
    let secondSupervisor: Staff;
    let outsider: Staff;
    before(async () => {
      t = await startTestApp(engine);
      const org = (await buildOrganisation(t)).id;
      const partner = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      colleague = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor']);
      secondSupervisor = await buildStaff(t, org, ['supervisor']);
      outsider = await buildStaff(t, partner, ['supervisor', 'caseworker']);
    });
    after(() => t?.close());

    /** A person with a trafficking case the worker opened (so only the worker may see them). */
    async function restrictedPerson(): Promise<string> {
      const id = await personWithAssistanceBasis(t, worker, { nameLatin: 'Selam Tesfaye' });
      await openCase(t, worker, id, forms.trafficking());
      assert.equal((await call(t, supervisor, 'GET', `/api/beneficiaries/${id}`)).statusCode, 404);
      return id;
    }
    const file = (who: Staff, personId: string, body: unknown) =>
      call(t, who, 'POST', `/api/beneficiaries/${personId}/subject-rights-requests`, body);
    const step = (who: Staff, id: string, what: 'approve' | 'refuse' | 'withdraw' | 'copy') =>
      call(t, who, 'POST', `/api/subject-rights-requests/${id}/${what}`);

    test('the direct routes stay closed to both; the caseworker files, another supervisor erases without seeing the person', async () => {
      const id = await restrictedPerson();
      const erasure = { mode: 'erase', reason: 'subject_request' };
      assert.equal((await call(t, supervisor, 'POST', `/api/beneficiaries/${id}/erasure`, erasure)).statusCode, 404);
      assert.equal((await call(t, worker, 'POST', `/api/beneficiaries/${id}/erasure`, erasure)).statusCode, 403);

      // Only someone who may see the person files; others get the 404 of a person who does not exist.
      for (const who of [supervisor, colleague, outsider])
        assert.equal((await file(who, id, { kind: 'erase', reason: 'subject_request' })).statusCode, 404);
      const bad = await file(worker, id, { kind: 'forget', reason: 'because' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/kind', '/reason'],
      );

      const filed = await file(worker, id, { kind: 'erase', reason: 'subject_request' });
      assert.equal(filed.statusCode, 201, filed.body);
      const request = filed.json();
      assert.equal(request.status, 'pending');
      assert.equal(request.beneficiaryId, id);
      assert.equal(request.requestedBy.id, worker.id);
      assert.equal((await file(worker, id, { kind: 'erase', reason: 'other' })).statusCode, 409);

      // The supervisor's list names the request and who filed it, never the person.
      const list = await call(t, supervisor, 'GET', '/api/subject-rights-requests?status=pending');
      assert.equal(list.statusCode, 200);
      const listed = list.json().items.find((r: { id: string }) => r.id === request.id);
      assert.equal(listed.beneficiaryId, null);
      assert.equal(listed.requestedBy.name, `User ${worker.email}`);
      assert.ok(!list.body.includes('Selam'));
      // A caseworker's list: only their own requests.
      const theirs = await call(t, colleague, 'GET', '/api/subject-rights-requests');
      assert.deepEqual(theirs.json().items, []);

      // Caseworkers do not decide; the outsider's organisation has no such request.
      assert.equal((await step(worker, request.id, 'approve')).statusCode, 403);
      assert.equal((await step(outsider, request.id, 'approve')).statusCode, 404);
      const approved = await step(supervisor, request.id, 'approve');
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().status, 'done');
      assert.ok(!approved.body.includes(id), 'the answer does not name the person');
      assert.equal((await call(t, worker, 'GET', `/api/beneficiaries/${id}`)).statusCode, 404);
      assert.equal((await step(secondSupervisor, request.id, 'approve')).statusCode, 409);

      const db = t.deps.database.db;
      const row = await db
        .selectFrom('subject_rights_requests')
        .selectAll()
        .where('id', '=', request.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.beneficiary_id, null, 'the request keeps no link to an erased person');
      assert.equal(row.decided_by, supervisor.id);
      const actions = (
        await db
          .selectFrom('audit_log')
          .select(['action', 'actor_user_id'])
          .where('entity_id', '=', id)
          .where('action', 'like', 'subject.%')
          .orderBy('seq')
          .execute()
      ).map((a) => `${a.action} ${a.actor_user_id === worker.id ? 'worker' : 'supervisor'}`);
      assert.deepEqual(actions, ['subject.request_filed worker', 'subject.erased supervisor']);
      assert.equal((await verifyAuditChain(db)).ok, true);
    });

    test('the person erased, their other open requests are closed: nothing is left to decide or to copy', async () => {
      const id = await restrictedPerson();
      const access = (await file(worker, id, { kind: 'access', reason: 'subject_request' })).json();
      const erase = (await file(worker, id, { kind: 'erase', reason: 'subject_request' })).json();
      assert.equal((await step(supervisor, erase.id, 'approve')).json().status, 'done');
      const mine = (await call(t, worker, 'GET', '/api/subject-rights-requests')).json().items as {
        id: string;
        status: string;
      }[];
      assert.equal(mine.find((r) => r.id === access.id)?.status, 'closed');
      assert.equal(mine.find((r) => r.id === erase.id)?.status, 'done');
      // No longer among the pending ones, and not to be decided or withdrawn.
      const pending = (await call(t, secondSupervisor, 'GET', '/api/subject-rights-requests?status=pending')).json();
      assert.ok(!pending.items.some((r: { id: string }) => r.id === access.id));
      assert.equal((await step(secondSupervisor, access.id, 'approve')).statusCode, 409);
      assert.equal((await step(worker, access.id, 'withdraw')).statusCode, 409);
      const closed = (await call(t, worker, 'GET', '/api/subject-rights-requests?status=closed')).json();
      assert.deepEqual(
        closed.items.map((r: { id: string }) => r.id),
        [access.id],
      );
    });

    test('four eyes: a supervisor on the case may file, and another supervisor decides', async () => {
      const id = await personWithAssistanceBasis(t, worker, { nameLatin: 'Hagos Berhe' });
      const c = await openCase(t, worker, id, forms.trafficking());
      const grant = await call(t, secondSupervisor, 'POST', `/api/cases/${c.id}/access`, {
        userId: supervisor.id,
        reason: 'Answers the person’s request for their data.',
      });
      assert.equal(grant.statusCode, 201, grant.body);
      const filed = await file(supervisor, id, { kind: 'anonymise', reason: 'consent_withdrawn' });
      assert.equal(filed.statusCode, 201, filed.body);
      const own = await step(supervisor, filed.json().id, 'approve');
      assert.equal(own.statusCode, 409);
      assert.match(own.json().detail, /Another supervisor/);
      const done = await step(secondSupervisor, filed.json().id, 'approve');
      assert.equal(done.statusCode, 200, done.body);
      const person = await call(t, worker, 'GET', `/api/beneficiaries/${id}`);
      assert.equal(person.statusCode, 200);
      assert.equal(person.json().givenName ?? null, null);
      assert.doesNotMatch(person.body, /Hagos/);
      // Anonymised once: a second anonymisation is not even filed.
      assert.equal((await file(worker, id, { kind: 'anonymise', reason: 'other' })).statusCode, 409);
    });

    test('access: approved, the colleague who filed it downloads the copy for a week; refusal and withdrawal', async () => {
      const id = await restrictedPerson();
      const filed = (await file(worker, id, { kind: 'access', reason: 'subject_request' })).json();
      // Not before it is approved.
      assert.equal((await step(worker, filed.id, 'copy')).statusCode, 409);
      assert.equal((await step(supervisor, filed.id, 'approve')).json().status, 'approved');
      // Only the colleague who filed it: not the approving supervisor, who still may not see the person.
      assert.equal((await step(supervisor, filed.id, 'copy')).statusCode, 409);
      const copy = await step(worker, filed.id, 'copy');
      assert.equal(copy.statusCode, 200, copy.body);
      assert.equal(copy.headers['cache-control'], 'no-store');
      assert.equal(copy.json().person.nameLatin, 'Selam Tesfaye');
      assert.equal(copy.json().cases.length, 1);
      const mine = await call(t, worker, 'GET', `/api/subject-rights-requests?beneficiaryId=${id}`);
      const listed = mine.json().items.find((r: { id: string }) => r.id === filed.id);
      assert.equal(listed.status, 'done');
      assert.ok(listed.completedAt);
      assert.ok(Date.parse(listed.copyUntil) - Date.parse(listed.decidedAt) === 7 * DAY);
      const read = await t.deps.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'subject.access')
        .where('entity_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(read.sensitive_read, 1);
      assert.equal(JSON.parse(read.details).via, 'request');
      // A week later the copy is gone.
      t.clock.advance(8 * DAY);
      await signInAgain(t, worker, colleague, supervisor, secondSupervisor);
      assert.equal((await step(worker, filed.id, 'copy')).statusCode, 409);

      // Refused, and withdrawn: each by the right person, once.
      const second = (await file(worker, id, { kind: 'access', reason: 'subject_request' })).json();
      assert.equal((await step(colleague, second.id, 'withdraw')).statusCode, 409);
      assert.equal((await step(supervisor, second.id, 'refuse')).json().status, 'refused');
      assert.equal((await step(worker, second.id, 'withdraw')).statusCode, 409);
      const third = (await file(worker, id, { kind: 'erase', reason: 'retention' })).json();
      assert.equal((await step(worker, third.id, 'withdraw')).json().status, 'withdrawn');
      assert.equal((await step(supervisor, third.id, 'approve')).statusCode, 409);
      assert.equal((await call(t, worker, 'GET', `/api/beneficiaries/${id}`)).statusCode, 200, 'not erased');
    });

    test('a person without a sensitive case needs no request: a supervisor answers directly', async () => {
      const id = await personWithAssistanceBasis(t, worker, { nameLatin: 'Musa Adam' });
      await openCase(t, worker, id, forms.protection());
      const res = await file(worker, id, { kind: 'access', reason: 'subject_request' });
      assert.equal(res.statusCode, 409);
      assert.match(res.json().detail, /supervisor answers/);
    });
  });
}
