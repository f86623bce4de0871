import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  personWithAssistanceBasis,
  recordBasis,
  type Staff,
  sensitiveReads,
  signInAgain,
} from '../cases/cases.fixtures.ts';

for (const { engine, skip } of engines()) {
  describe(`referrals between organisations (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgA: string;
    let orgB: string;
    let orgC: string;
    let a: Staff; // caseworker of the referring organisation
    let b: Staff; // caseworker of the receiving organisation
    let c: Staff; // caseworker and supervisor of an unrelated organisation
    before(async () => {
      t = await startTestApp(engine);
      orgA = (await buildOrganisation(t, { name: 'Referring NGO' })).id;
      orgB = (await buildOrganisation(t, { name: 'Shelter partner' })).id;
      orgC = (await buildOrganisation(t, { name: 'Unrelated agency' })).id;
      a = await buildStaff(t, orgA, ['caseworker']);
      b = await buildStaff(t, orgB, ['caseworker']);
      c = await buildStaff(t, orgC, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    /** A trafficking case of A with a referral basis for B, ready to refer. */
    async function traffickingCaseReadyToRefer(): Promise<{ caseId: string; personId: string }> {
      const personId = await personWithAssistanceBasis(t, a, {
        nameLatin: 'Mohammed Ahmed',
        nameOriginal: 'محمد أحمد',
      });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgB });
      const opened = await openCase(t, a, personId, forms.trafficking());
      return { caseId: opened.id, personId };
    }

    const refer = (caseId: string, body: Record<string, unknown> = {}) =>
      call(t, a, 'POST', `/api/cases/${caseId}/referrals`, {
        toOrganisationId: orgB,
        serviceType: 'accommodation',
        reason: 'AdditionalServicesRequired',
        message: 'Needs a safe shelter this week.',
        dueOn: '2026-06-10',
        ...body,
      });

    test('done when: refer a trafficking victim, the partner accepts, delivers, closes; the sender sees the outcome; a third organisation sees nothing; sensitive reads are audited', async () => {
      // Registered in Arabic script, with consent to refer to B; the case's HTCDS codes land in case_codes.
      const { caseId, personId } = await traffickingCaseReadyToRefer();
      const codes = await t.deps.database.db
        .selectFrom('case_codes')
        .select(['vocabulary', 'code'])
        .where('case_id', '=', caseId)
        .execute();
      const has = (vocabulary: string, code: string) =>
        codes.some((r) => r.vocabulary === vocabulary && r.code === code);
      assert.ok(has('htcds.exploitation_type', 'ForcedLabour'));
      assert.ok(has('htcds.exploitation_type', 'SexualExploitation'));
      assert.ok(has('htcds.method_of_control', 'DebtBondage'));
      assert.ok(has('htcds.trafficking_status', 'ActualVictimOfTrafficking'));
      assert.ok(has('htcds.forced_labour_industry', 'T_ActivitiesOfHouseholdsAsEmployers'));
      const person = await t.deps.database.db
        .selectFrom('beneficiaries')
        .select('restricted')
        .where('id', '=', personId)
        .executeTakeFirstOrThrow();
      assert.equal(person.restricted, 1, 'opening a trafficking case restricts the person');

      // A reads the case (a sensitive read) and refers it.
      const read = await call(t, a, 'GET', `/api/cases/${caseId}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().person.nameOriginal, 'محمد أحمد');
      const sent = await refer(caseId);
      assert.equal(sent.statusCode, 201, sent.body);
      const referral = sent.json();
      assert.equal(referral.status, 'sent');
      assert.equal(referral.direction, 'outgoing');
      assert.deepEqual(Object.keys(referral.sharedData).sort(), ['caseType', 'person', 'serviceType']);
      assert.equal(referral.sharedData.person.nameOriginal, 'محمد أحمد');
      assert.equal(referral.sharedData.person.yearOfBirth, 1998);
      assert.equal('phone' in referral.sharedData.person, false, 'contact details never travel');

      // B finds it in its inbox and reads it: the shared data only, never the case.
      const inbox = await call(t, b, 'GET', '/api/referrals/inbox');
      assert.equal(inbox.statusCode, 200);
      assert.deepEqual(
        inbox.json().items.map((i: { id: string }) => i.id),
        [referral.id],
      );
      assert.equal(inbox.json().items[0].caseId, null);
      const seen = await call(t, b, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().caseId, null);
      assert.equal(seen.json().direction, 'incoming');
      assert.equal(seen.json().sharedData.person.nameLatin, 'Mohammed Ahmed');
      assert.ok(!seen.body.includes(caseId), 'the receiver never learns the case id');
      assert.ok(!seen.body.includes('DebtBondage'), 'nor anything of the case form');
      assert.equal((await call(t, b, 'GET', `/api/cases/${caseId}`)).statusCode, 404);

      // B accepts, records a service, closes with an outcome.
      assert.equal((await call(t, b, 'POST', `/api/referrals/${referral.id}/accept`)).statusCode, 200);
      const service = await call(t, b, 'POST', `/api/referrals/${referral.id}/services`, {
        serviceType: 'accommodation',
        deliveredOn: '2026-06-01',
        valueMinor: 45000,
        currency: 'USD',
        description: 'Two weeks in the partner shelter',
      });
      assert.equal(service.statusCode, 201, service.body);
      assert.equal(service.json().status, 'service_delivered');
      const closed = await call(t, b, 'POST', `/api/referrals/${referral.id}/close`, {
        outcome: 'Sheltered; moved on to family in Khartoum.',
      });
      assert.equal(closed.statusCode, 200);
      assert.equal(closed.json().status, 'closed');

      // A sees status, outcome and the service, which also sits on A's case with B as provider.
      const back = await call(t, a, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(back.statusCode, 200);
      assert.equal(back.json().status, 'closed');
      assert.equal(back.json().outcome, 'Sheltered; moved on to family in Khartoum.');
      assert.equal(back.json().services.length, 1);
      assert.equal(back.json().services[0].providerOrganisationId, orgB);
      const outbox = await call(t, a, 'GET', '/api/referrals/outbox');
      assert.equal(outbox.json().items[0].status, 'closed');
      const services = await call(t, a, 'GET', `/api/cases/${caseId}/services`);
      assert.equal(services.statusCode, 200);
      const [delivered] = services.json().items;
      assert.equal(delivered.providerOrganisationId, orgB);
      assert.equal(delivered.referralId, referral.id);
      assert.equal(delivered.valueMinor, 45000);
      assert.equal(delivered.currency, 'USD');
      assert.equal(delivered.recordedBy, null, 'the partner’s staff stay the partner’s');

      // A third organisation sees none of it.
      for (const url of [`/api/cases/${caseId}`, `/api/cases/${caseId}/services`, `/api/referrals/${referral.id}`]) {
        const r = await call(t, c, 'GET', url);
        assert.equal(r.statusCode, 404, url);
        assert.ok(!r.body.includes('Mohammed'), url);
      }
      for (const url of [`/api/referrals/${referral.id}/accept`, `/api/referrals/${referral.id}/close`]) {
        const r = await call(t, c, 'POST', url, url.endsWith('close') ? { outcome: 'x' } : undefined);
        assert.equal(r.statusCode, 404, url);
      }
      for (const url of ['/api/referrals/inbox', '/api/referrals/outbox', '/api/cases']) {
        const r = await call(t, c, 'GET', url);
        assert.equal(r.statusCode, 200);
        assert.deepEqual(r.json().items, [], url);
      }

      // The audit log holds a sensitive read for A's case read and for each referral read, by A and by B.
      const caseReads = await sensitiveReads(t, caseId);
      assert.ok(caseReads.length >= 2, 'the case read and the services read');
      assert.ok(caseReads.every((e) => e.actor_organisation_id === orgA && e.purpose === 'assistance'));
      assert.ok(caseReads.every((e) => !e.details.includes('Mohammed') && !e.details.includes('محمد')));
      // Every answer about the referral carries the shared data: each is a sensitive read, by either side.
      const referralReads = await sensitiveReads(t, referral.id);
      assert.deepEqual(
        referralReads.map((e) => `${e.action} ${e.actor_organisation_id === orgA ? 'A' : 'B'}`),
        [
          'referral.send A',
          'referral.read B',
          'referral.accept B',
          'referral.service B',
          'referral.close B',
          'referral.read A',
        ],
      );
      assert.ok(referralReads.every((e) => e.purpose === 'referral' && !e.details.includes('Mohammed')));
    });

    test('a referral without a basis for that recipient is refused with 422 basis_required', async () => {
      const personId = await personWithAssistanceBasis(t, a);
      const opened = await openCase(t, a, personId, forms.protection());
      // a basis for another recipient does not count
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgC });
      const res = await refer(opened.id);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'basis_required');
      const n = await t.deps.database.db
        .selectFrom('referrals')
        .select('id')
        .where('case_id', '=', opened.id)
        .execute();
      assert.equal(n.length, 0);
    });

    test('withdrawing the consent revokes the receiver’s access on its next request; the sender sees revoked', async () => {
      const { caseId, personId } = await traffickingCaseReadyToRefer();
      const referral = (await refer(caseId)).json();
      assert.equal((await call(t, b, 'GET', `/api/referrals/${referral.id}`)).statusCode, 200);
      assert.equal((await call(t, b, 'POST', `/api/referrals/${referral.id}/accept`)).statusCode, 200);

      await recordBasis(t, a, {
        beneficiaryId: personId,
        purpose: 'referral',
        recipientOrganisationId: orgB,
        action: 'withdraw',
      });
      const gone = await call(t, b, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(gone.statusCode, 404);
      assert.ok(!gone.body.includes('Mohammed'));
      const act = await call(t, b, 'POST', `/api/referrals/${referral.id}/services`, {
        serviceType: 'accommodation',
        deliveredOn: '2026-06-01',
      });
      assert.equal(act.statusCode, 404);
      const inbox = await call(t, b, 'GET', '/api/referrals/inbox');
      assert.ok(!inbox.json().items.some((i: { id: string }) => i.id === referral.id));

      const sender = await call(t, a, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(sender.statusCode, 200);
      assert.equal(sender.json().status, 'revoked');
      const revoked = await call(t, a, 'GET', '/api/referrals/outbox?status=revoked');
      assert.ok(revoked.json().items.some((i: { id: string; status: string }) => i.id === referral.id));
    });

    test('the lifecycle is enforced: decline with a reason, no action twice, only the receiver acts, the referred service only', async () => {
      const { caseId } = await traffickingCaseReadyToRefer();
      const first = (await refer(caseId)).json();
      assert.equal((await call(t, a, 'POST', `/api/referrals/${first.id}/accept`)).statusCode, 403);
      const declined = await call(t, b, 'POST', `/api/referrals/${first.id}/decline`, { reason: 'No places left.' });
      assert.equal(declined.statusCode, 200);
      assert.equal(declined.json().status, 'declined');
      const again = await call(t, b, 'POST', `/api/referrals/${first.id}/accept`);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'invalid_transition');
      assert.equal((await call(t, a, 'GET', `/api/referrals/${first.id}`)).json().declineReason, 'No places left.');

      const second = (await refer(caseId)).json();
      const early = await call(t, b, 'POST', `/api/referrals/${second.id}/services`, {
        serviceType: 'accommodation',
        deliveredOn: '2026-06-01',
      });
      assert.equal(early.statusCode, 409, 'no service before accepting');
      await call(t, b, 'POST', `/api/referrals/${second.id}/accept`);
      const other = await call(t, b, 'POST', `/api/referrals/${second.id}/services`, {
        serviceType: 'legal_assistance',
        deliveredOn: '2026-06-01',
      });
      assert.equal(other.statusCode, 400);
      assert.equal(other.json().errors[0].pointer, '/serviceType');
    });

    test('referrals past their due date are flagged overdue until the receiver acts', async () => {
      const { caseId } = await traffickingCaseReadyToRefer();
      const referral = (await refer(caseId, { dueOn: t.clock.now().toISOString().slice(0, 10) })).json();
      assert.equal(referral.overdue, false);
      t.clock.advance(2 * 24 * 3600 * 1000);
      await signInAgain(t, a, b);
      const late = await call(t, a, 'GET', '/api/referrals/outbox?overdue=true');
      assert.ok(late.json().items.some((i: { id: string; overdue: boolean }) => i.id === referral.id && i.overdue));
      const inbox = await call(t, b, 'GET', '/api/referrals/inbox?overdue=true');
      assert.ok(inbox.json().items.some((i: { id: string }) => i.id === referral.id));
      await call(t, b, 'POST', `/api/referrals/${referral.id}/decline`, { reason: 'Out of our area.' });
      const after = await call(t, a, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(after.json().overdue, false);
    });

    test('a referral needs an open case the caller may read, and another, existing organisation', async () => {
      const opened = await openCase(t, a, await personWithAssistanceBasis(t, a), forms.protection());
      const self = await refer(opened.id, { toOrganisationId: orgA, serviceType: 'teleportation', reason: 'Whim' });
      assert.equal(self.statusCode, 400);
      assert.deepEqual(
        self
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/reason', '/serviceType', '/toOrganisationId'],
      );
      const nowhere = await refer(opened.id, { toOrganisationId: '00000000-0000-4000-8000-000000000001' });
      assert.equal(nowhere.statusCode, 422);
      assert.equal(nowhere.json().code, 'invalid_reference');
      const byB = await call(t, b, 'POST', `/api/cases/${opened.id}/referrals`, {
        toOrganisationId: orgC,
        serviceType: null,
        reason: 'Other',
      });
      assert.equal(byB.statusCode, 404);
    });
  });
}
