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
} from '../cases/cases.fixtures.ts';

for (const { engine, skip } of engines()) {
  describe(`colleagues let in to a sensitive referral received (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgB: string;
    let a: Staff; // caseworker of the referring organisation
    let b: Staff; // caseworker of the receiving organisation, the assignee
    let bSup: Staff; // supervisor of the receiving organisation
    let b2: Staff; // the colleague let in
    let b3: Staff; // a caseworker of the receiving organisation who is not
    let c: Staff; // staff of an unrelated organisation
    before(async () => {
      t = await startTestApp(engine);
      const orgA = (await buildOrganisation(t, { name: 'Referring NGO' })).id;
      orgB = (await buildOrganisation(t, { name: 'Shelter partner' })).id;
      const orgC = (await buildOrganisation(t, { name: 'Unrelated agency' })).id;
      a = await buildStaff(t, orgA, ['caseworker']);
      b = await buildStaff(t, orgB, ['caseworker']);
      bSup = await buildStaff(t, orgB, ['supervisor']);
      b2 = await buildStaff(t, orgB, ['caseworker']);
      b3 = await buildStaff(t, orgB, ['caseworker']);
      c = await buildStaff(t, orgC, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    /** A referral of one of A's cases to B, accepted and assigned to b; `form` picks the case type. */
    async function referredCase(form: 'trafficking' | 'protection' = 'trafficking') {
      const personId = await personWithAssistanceBasis(t, a, {
        nameLatin: 'Fatima Idris',
        nameOriginal: 'فاطمة إدريس',
      });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgB });
      const opened = await openCase(t, a, personId, forms[form]());
      const sent = await call(t, a, 'POST', `/api/cases/${opened.id}/referrals`, {
        toOrganisationId: orgB,
        serviceType: 'accommodation',
        reason: 'AdditionalServicesRequired',
      });
      assert.equal(sent.statusCode, 201, sent.body);
      const id = sent.json().id as string;
      assert.equal((await act(bSup, id, 'accept')).statusCode, 200);
      if (form === 'trafficking') assert.equal((await act(bSup, id, 'assignment', { userId: b.id })).statusCode, 200);
      return { id, personId };
    }
    const act = (who: Staff, id: string, action: string, body?: Record<string, unknown>) =>
      callAt(t, who, 'referrals', id, `/api/referrals/${id}/${action}`, body);
    const grant = (who: Staff, id: string, userId: string, reason = 'Night-shift cover for the shelter.') =>
      call(t, who, 'POST', `/api/referrals/${id}/access`, { userId, reason });
    const inboxIds = async (who: Staff) =>
      ((await call(t, who, 'GET', '/api/referrals/inbox')).json().items as { id: string }[]).map((i) => i.id);

    test('a receiving supervisor lets a named colleague in, with a reason; the colleague sees the person and acts; revoking ends it', async () => {
      const { id } = await referredCase();
      // Before: b2 neither sees it nor finds it in the inbox.
      assert.equal((await call(t, b2, 'GET', `/api/referrals/${id}`)).statusCode, 404);
      assert.ok(!(await inboxIds(b2)).includes(id));

      const granted = await grant(bSup, id, b2.id);
      assert.equal(granted.statusCode, 201, granted.body);
      assert.equal(granted.json().userId, b2.id);
      assert.equal(granted.json().grantedBy, bSup.id);

      const seen = await call(t, b2, 'GET', `/api/referrals/${id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().restricted, false);
      assert.equal(seen.json().sharedData.person.nameOriginal, 'فاطمة إدريس');
      assert.ok((await inboxIds(b2)).includes(id));
      // b3 was not let in: still nothing.
      assert.equal((await call(t, b3, 'GET', `/api/referrals/${id}`)).statusCode, 404);
      assert.ok(!(await inboxIds(b3)).includes(id));
      // The colleague can deliver a service under it (an action that needs the person).
      const delivered = await act(b2, id, 'services', { serviceType: 'accommodation', deliveredOn: '2026-06-01' });
      assert.equal(delivered.statusCode, 201, delivered.body);

      const list = await call(t, bSup, 'GET', `/api/referrals/${id}/access`);
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((g: { userId: string; reason: string }) => [g.userId, g.reason]),
        [[b2.id, 'Night-shift cover for the shelter.']],
      );

      const revoked = await call(t, bSup, 'DELETE', `/api/referrals/${id}/access/${b2.id}`);
      assert.equal(revoked.statusCode, 204);
      const after = await call(t, b2, 'GET', `/api/referrals/${id}`);
      assert.equal(after.statusCode, 404);
      assert.ok(!after.body.includes('Fatima'));
      assert.ok(!(await inboxIds(b2)).includes(id));
      assert.equal((await call(t, bSup, 'DELETE', `/api/referrals/${id}/access/${b2.id}`)).statusCode, 404);
      assert.equal((await call(t, bSup, 'GET', `/api/referrals/${id}/access`)).json().items.length, 0);

      // Both actions are audited under the sending organisation's record, naming who, never the reason.
      const entries = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'details', 'sensitive_read'])
        .where('entity_id', '=', id)
        .where('action', 'in', ['referral.access_grant', 'referral.access_revoke'])
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        entries.map((e) => [e.action, JSON.parse(e.details).userId, Number(e.sensitive_read)]),
        [
          ['referral.access_grant', b2.id, 0],
          ['referral.access_revoke', b2.id, 0],
        ],
      );
      assert.ok(entries.every((e) => !e.details.includes('Night-shift')));
    });

    test('who may grant, to whom, and on what', async () => {
      const { id } = await referredCase();
      // Not a supervisor of the receiver: refused (the assignee included); the sender and a third organisation
      // do not even see that the list exists.
      assert.equal((await grant(b, id, b2.id)).statusCode, 403);
      assert.equal((await call(t, b, 'GET', `/api/referrals/${id}/access`)).statusCode, 403);
      assert.equal((await call(t, a, 'GET', `/api/referrals/${id}/access`)).statusCode, 403);
      assert.equal((await call(t, c, 'GET', `/api/referrals/${id}/access`)).statusCode, 404);
      assert.equal((await grant(c, id, c.id)).statusCode, 404);
      // Only staff of the receiving organisation; not the assignee; not twice.
      const outside = await grant(bSup, id, c.id);
      assert.equal(outside.statusCode, 422);
      assert.equal(outside.json().code, 'invalid_reference');
      assert.equal((await grant(bSup, id, a.id)).statusCode, 422);
      const assignee = await grant(bSup, id, b.id);
      assert.equal(assignee.statusCode, 409);
      assert.equal(assignee.json().code, 'conflict');
      assert.equal((await grant(bSup, id, b3.id)).statusCode, 201);
      const twice = await grant(bSup, id, b3.id);
      assert.equal(twice.statusCode, 409);
      // A reason is required.
      const noReason = await call(t, bSup, 'POST', `/api/referrals/${id}/access`, { userId: b2.id });
      assert.equal(noReason.statusCode, 400);
      // An ordinary referral needs no grants: every caseworker of the receiver sees it already.
      const ordinary = await referredCase('protection');
      const refused = await grant(bSup, ordinary.id, b2.id);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'invalid_transition');
    });

    test('withdrawing the consent shuts out a colleague let in, on the next request', async () => {
      const { id, personId } = await referredCase();
      assert.equal((await grant(bSup, id, b2.id)).statusCode, 201);
      assert.equal((await call(t, b2, 'GET', `/api/referrals/${id}`)).statusCode, 200);
      await recordBasis(t, a, {
        beneficiaryId: personId,
        purpose: 'referral',
        recipientOrganisationId: orgB,
        action: 'withdraw',
      });
      const gone = await call(t, b2, 'GET', `/api/referrals/${id}`);
      assert.equal(gone.statusCode, 404);
      assert.ok(!gone.body.includes('Fatima'));
      assert.ok(!(await inboxIds(b2)).includes(id));
    });
  });
}
