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
    let bSup: Staff; // supervisor of the receiving organisation, who assigns received referrals
    let b2: Staff; // another caseworker of the receiving organisation
    let c: Staff; // caseworker and supervisor of an unrelated organisation
    before(async () => {
      t = await startTestApp(engine);
      orgA = (await buildOrganisation(t, { name: 'Referring NGO' })).id;
      orgB = (await buildOrganisation(t, { name: 'Shelter partner' })).id;
      orgC = (await buildOrganisation(t, { name: 'Unrelated agency' })).id;
      a = await buildStaff(t, orgA, ['caseworker']);
      b = await buildStaff(t, orgB, ['caseworker']);
      bSup = await buildStaff(t, orgB, ['supervisor']);
      b2 = await buildStaff(t, orgB, ['caseworker']);
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

    /** A receiving-side action at the referral's current version (If-Match). */
    const act = (who: Staff, id: string, action: string, body?: Record<string, unknown>) =>
      callAt(t, who, 'referrals', id, `/api/referrals/${id}/${action}`, body);
    /** The receiving supervisor accepts the referral and assigns it to `to` (a sensitive one needs it). */
    async function acceptAndAssign(id: string, to: Staff = b) {
      const accepted = await act(bSup, id, 'accept');
      assert.equal(accepted.statusCode, 200, accepted.body);
      const assigned = await act(bSup, id, 'assignment', { userId: to.id });
      assert.equal(assigned.statusCode, 200, assigned.body);
      return assigned;
    }

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
      const read = await call(t, a, 'GET', `/api/cases/${caseId}?reveal=names`);
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

      // B's supervisor finds it in the inbox and manages it without seeing the person: accepts and assigns it.
      // B's caseworkers do not see a sensitive referral until it is assigned to one of them.
      assert.deepEqual((await call(t, b, 'GET', '/api/referrals/inbox')).json().items, []);
      assert.equal((await call(t, b, 'GET', `/api/referrals/${referral.id}`)).statusCode, 404);
      const inbox = await call(t, bSup, 'GET', '/api/referrals/inbox');
      assert.equal(inbox.statusCode, 200);
      assert.deepEqual(
        inbox.json().items.map((i: { id: string }) => i.id),
        [referral.id],
      );
      assert.equal(inbox.json().items[0].caseId, null);
      const managed = await call(t, bSup, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(managed.statusCode, 200);
      assert.equal(managed.json().restricted, true);
      assert.equal(managed.json().sharedData.person, null);
      assert.equal(managed.json().message, null);
      assert.ok(!managed.body.includes('Mohammed') && !managed.body.includes('محمد'));
      await acceptAndAssign(referral.id);
      assert.equal((await call(t, b2, 'GET', `/api/referrals/${referral.id}`)).statusCode, 404, 'not assigned');
      const seen = await call(t, b, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().caseId, null);
      assert.equal(seen.json().direction, 'incoming');
      assert.equal(seen.json().sharedData.person.nameLatin, 'Mohammed Ahmed');
      assert.ok(!seen.body.includes(caseId), 'the receiver never learns the case id');
      assert.ok(!seen.body.includes('DebtBondage'), 'nor anything of the case form');
      assert.equal((await call(t, b, 'GET', `/api/cases/${caseId}`)).statusCode, 404);

      assert.equal(seen.json().assignedTo, b.id);
      assert.equal(seen.json().restricted, false);
      assert.deepEqual(
        (await call(t, b, 'GET', '/api/referrals/inbox')).json().items.map((i: { id: string }) => i.id),
        [referral.id],
      );

      // The assigned caseworker records a service and closes with an outcome; the supervisor may not (unread).
      const bySupervisor = await act(bSup, referral.id, 'close', { outcome: 'x' });
      assert.equal(bySupervisor.statusCode, 403);
      // A day before the referral was sent is a slip of the date: refused, saying which rule.
      const tooEarly = await act(b, referral.id, 'services', {
        serviceType: 'accommodation',
        deliveredOn: '1900-01-01',
      });
      assert.equal(tooEarly.statusCode, 400, tooEarly.body);
      assert.deepEqual(
        tooEarly.json().errors.map((e: { pointer: string; params?: { rule?: string } }) => [e.pointer, e.params?.rule]),
        [['/deliveredOn', 'not_before']],
      );
      // It names the first day that may be given (the day sent), for a client to word in its language.
      assert.equal(tooEarly.json().errors[0].params.since, referral.sentAt.slice(0, 10));
      const service = await act(b, referral.id, 'services', {
        serviceType: 'accommodation',
        deliveredOn: '2026-06-01',
        valueMinor: 45000,
        currency: 'USD',
        description: 'Two weeks in the partner shelter',
      });
      assert.equal(service.statusCode, 201, service.body);
      assert.equal(service.json().status, 'service_delivered');
      const closed = await act(b, referral.id, 'close', {
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
      assert.equal(back.json().assignedTo, null, 'the receiver’s staff stay the receiver’s');
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
        const r = await callAt(
          t,
          c,
          'referrals',
          referral.id,
          url,
          url.endsWith('close') ? { outcome: 'x' } : undefined,
        );
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
        // The supervisor's restricted reads, acceptance and assignment carried no person data: not sensitive reads.
        ['referral.send A', 'referral.read B', 'referral.service B', 'referral.close B', 'referral.read A'],
      );
      assert.ok(referralReads.every((e) => e.purpose === 'referral' && !e.details.includes('Mohammed')));

      // A's auditor finds every one of them in the audit log, B's reads of A's data included, and only them.
      const auditor = await buildStaff(t, orgA, ['auditor']);
      const logged = await call(t, auditor, 'GET', `/api/audit?sensitiveRead=true&entityId=${referral.id}`);
      assert.equal(logged.statusCode, 200, logged.body);
      assert.deepEqual(
        logged
          .json()
          .items.map((e: { action: string }) => e.action)
          .reverse(),
        referralReads.map((e) => e.action),
      );
      assert.ok(logged.json().items.every((e: { sensitiveRead: boolean }) => e.sensitiveRead));
      const others = await call(t, auditor, 'GET', `/api/audit?sensitiveRead=false&entityId=${referral.id}`);
      assert.deepEqual(
        others
          .json()
          .items.map((e: { action: string }) => e.action)
          .sort(),
        ['referral.accept', 'referral.assign'],
      );
    });

    test('the receiving supervisor assigns and reassigns a sensitive referral; only the assignee sees the person', async () => {
      const { caseId } = await traffickingCaseReadyToRefer();
      const referral = (await refer(caseId)).json();
      await acceptAndAssign(referral.id, b);
      assert.equal(
        (await call(t, b, 'GET', `/api/referrals/${referral.id}`)).json().sharedData.person.nameLatin,
        'Mohammed Ahmed',
      );

      // Only a supervisor assigns; only to staff of the receiving organisation.
      const byWorker = await act(b, referral.id, 'assignment', { userId: b2.id });
      assert.equal(byWorker.statusCode, 403);
      const outside = await act(bSup, referral.id, 'assignment', { userId: c.id });
      assert.equal(outside.statusCode, 422);
      assert.equal(outside.json().code, 'invalid_reference');
      const toSender = await act(bSup, referral.id, 'assignment', { userId: a.id });
      assert.equal(toSender.statusCode, 422);

      // Reassigning moves access: b2 now sees the person and acts, b no longer does.
      const moved = await act(bSup, referral.id, 'assignment', { userId: b2.id });
      assert.equal(moved.statusCode, 200);
      assert.equal(moved.json().assignedTo, b2.id);
      assert.equal(moved.json().restricted, true, 'the supervisor still does not see the person');
      assert.equal((await call(t, b, 'GET', `/api/referrals/${referral.id}`)).statusCode, 404);
      const bInbox = (await call(t, b, 'GET', '/api/referrals/inbox')).json().items as { id: string }[];
      assert.ok(!bInbox.some((i) => i.id === referral.id));
      const seen = await call(t, b2, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().sharedData.person.nameOriginal, 'محمد أحمد');
      assert.equal((await act(b, referral.id, 'close', { outcome: 'x' })).statusCode, 404);
      assert.equal((await act(b2, referral.id, 'close', { outcome: 'Done.' })).statusCode, 200);
      // The outcome (free text about what was done for the person) stays with those who see the person.
      assert.equal((await call(t, b2, 'GET', `/api/referrals/${referral.id}`)).json().outcome, 'Done.');
      const managed = (await call(t, bSup, 'GET', `/api/referrals/${referral.id}`)).json();
      assert.deepEqual([managed.restricted, managed.outcome, managed.message], [true, null, null]);
      assert.equal((await act(bSup, referral.id, 'assignment', { userId: b.id })).statusCode, 409, 'closed');

      const assignments = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['details', 'sensitive_read'])
        .where('entity_id', '=', referral.id)
        .where('action', '=', 'referral.assign')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        assignments.map((e) => {
          const d = JSON.parse(e.details);
          return [d.from, d.to];
        }),
        [
          [null, b.id],
          [b.id, b2.id],
        ],
      );
    });

    test('an ordinary referral is open to every caseworker of the receiver, unassigned', async () => {
      const personId = await personWithAssistanceBasis(t, a, { nameLatin: 'Amina Yusuf' });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgB });
      const opened = await openCase(t, a, personId, forms.protection());
      const referral = (await refer(opened.id)).json();
      const seen = await call(t, b2, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().restricted, false);
      assert.equal(seen.json().sharedData.person.nameLatin, 'Amina Yusuf');
      assert.equal((await act(b2, referral.id, 'accept')).statusCode, 200);
    });

    test('accepting an unassigned referral assigns it to the one who accepts it; an assigned one keeps its assignee', async () => {
      /** The assignments audited for a referral, as [from, to]. */
      const assignments = async (id: string) =>
        (
          await t.deps.database.db
            .selectFrom('audit_log')
            .select('details')
            .where('entity_id', '=', id)
            .where('action', '=', 'referral.assign')
            .orderBy('seq')
            .execute()
        ).map((e) => {
          const d = JSON.parse(e.details);
          return [d.from, d.to];
        });
      const ordinaryReferral = async (name: string) => {
        const personId = await personWithAssistanceBasis(t, a, { nameLatin: name });
        await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgB });
        const opened = await openCase(t, a, personId, forms.protection());
        const sent = await refer(opened.id);
        assert.equal(sent.statusCode, 201, sent.body);
        return sent.json() as { id: string };
      };

      // A caseworker accepts an unassigned ordinary referral: it is theirs, in the same change (one version), audited
      // as an assignment after the acceptance; they are not told of giving it to themselves.
      const first = await ordinaryReferral('Halima Osman');
      const accepted = await act(b2, first.id, 'accept');
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().status, 'accepted');
      assert.equal(accepted.json().assignedTo, b2.id);
      assert.equal(accepted.json().version, 2, 'accepted and assigned in one change');
      const actions = await t.deps.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', first.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        actions.map((e) => e.action),
        ['referral.send', 'referral.accept', 'referral.assign'],
      );
      assert.deepEqual(await assignments(first.id), [[null, b2.id]]);
      const toSelf = await t.deps.database.db
        .selectFrom('notifications')
        .select('kind')
        .where('subject_id', '=', first.id)
        .where('recipient_user_id', '=', b2.id)
        .execute();
      assert.deepEqual(toSelf, [], 'no notice of assigning it to oneself');
      const inbox = (await call(t, b2, 'GET', '/api/referrals/inbox?limit=200')).json().items as {
        id: string;
        assignedTo: string | null;
      }[];
      assert.equal(inbox.find((i) => i.id === first.id)?.assignedTo, b2.id);
      // It stays theirs through the services and the closing; the sender still never sees who.
      const service = await act(b2, first.id, 'services', { serviceType: 'accommodation', deliveredOn: '2026-06-01' });
      assert.equal(service.statusCode, 201, service.body);
      const closed = await act(b2, first.id, 'close', { outcome: 'Placed in the shelter.' });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().assignedTo, b2.id);
      assert.equal((await call(t, b, 'GET', `/api/referrals/${first.id}`)).json().assignedTo, b2.id);
      assert.equal((await call(t, a, 'GET', `/api/referrals/${first.id}`)).json().assignedTo, null);

      // A supervisor who accepts an unassigned ordinary referral takes it too.
      const second = await ordinaryReferral('Idris Musa');
      assert.equal((await act(bSup, second.id, 'accept')).json().assignedTo, bSup.id);

      // One already assigned keeps its assignee, whoever accepts it; nothing more is audited.
      const third = await ordinaryReferral('Samira Ali');
      assert.equal((await act(bSup, third.id, 'assignment', { userId: b.id })).statusCode, 200);
      const kept = await act(b2, third.id, 'accept');
      assert.equal(kept.statusCode, 200, kept.body);
      assert.equal(kept.json().assignedTo, b.id);
      assert.deepEqual(await assignments(third.id), [[null, b.id]]);

      // A declined referral is assigned to nobody.
      const fourth = await ordinaryReferral('Yasin Adam');
      const declined = await act(b2, fourth.id, 'decline', { reason: 'No places left.' });
      assert.equal(declined.json().assignedTo, null);
      assert.deepEqual(await assignments(fourth.id), []);

      // A sensitive referral goes only to a caseworker: a supervisor without that role who accepts it still assigns
      // it afterwards (see the first test)...
      const { caseId } = await traffickingCaseReadyToRefer();
      const sensitive = (await refer(caseId)).json();
      const bySupervisor = await act(bSup, sensitive.id, 'accept');
      assert.equal(bySupervisor.statusCode, 200, bySupervisor.body);
      assert.equal(bySupervisor.json().assignedTo, null);
      assert.equal(bySupervisor.json().restricted, true);
      assert.deepEqual(await assignments(sensitive.id), []);

      // ...while one who is also a caseworker takes it, sees the person at once, and the answer is a sensitive read.
      const orgD = (await buildOrganisation(t, { name: 'One-person shelter' })).id;
      const both = await buildStaff(t, orgD, ['caseworker', 'supervisor']);
      const personId = await personWithAssistanceBasis(t, a, { nameLatin: 'Rahel Tesfaye' });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgD });
      const opened = await openCase(t, a, personId, forms.trafficking());
      const toD = (await refer(opened.id, { toOrganisationId: orgD })).json();
      const managed = await call(t, both, 'GET', `/api/referrals/${toD.id}`);
      assert.equal(managed.json().restricted, true, 'unassigned: managed without seeing the person');
      const taken = await act(both, toD.id, 'accept');
      assert.equal(taken.statusCode, 200, taken.body);
      assert.equal(taken.json().assignedTo, both.id);
      assert.equal(taken.json().restricted, false);
      assert.equal(taken.json().sharedData.person.nameLatin, 'Rahel Tesfaye');
      assert.deepEqual(await assignments(toD.id), [[null, both.id]]);
      assert.deepEqual(
        (await sensitiveReads(t, toD.id)).map((e) => e.action),
        ['referral.send', 'referral.accept', 'referral.assign'],
      );
    });

    test('receiving-side actions need the version read: a concurrent answer is refused with 412, not applied', async () => {
      const { caseId } = await traffickingCaseReadyToRefer();
      const referral = (await refer(caseId)).json();
      const read = await call(t, bSup, 'GET', `/api/referrals/${referral.id}`);
      const etag = read.headers.etag as string;
      assert.equal(etag, '"v1"');
      const bare = await call(t, bSup, 'POST', `/api/referrals/${referral.id}/accept`);
      assert.equal(bare.statusCode, 428);
      const accepted = await call(t, bSup, 'POST', `/api/referrals/${referral.id}/accept`, undefined, {
        'if-match': etag,
      });
      assert.equal(accepted.statusCode, 200);
      assert.equal(accepted.headers.etag, '"v2"');
      // A colleague who read it before the acceptance now declines it: refused, the acceptance stands.
      const declined = await call(
        t,
        bSup,
        'POST',
        `/api/referrals/${referral.id}/decline`,
        { reason: 'Full.' },
        {
          'if-match': etag,
        },
      );
      assert.equal(declined.statusCode, 412);
      assert.equal(declined.json().code, 'precondition_failed');
      const assign = await call(
        t,
        bSup,
        'POST',
        `/api/referrals/${referral.id}/assignment`,
        { userId: b.id },
        {
          'if-match': etag,
        },
      );
      assert.equal(assign.statusCode, 412);
      assert.equal((await call(t, a, 'GET', `/api/referrals/${referral.id}`)).json().status, 'accepted');
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
      await acceptAndAssign(referral.id);
      assert.equal((await call(t, b, 'GET', `/api/referrals/${referral.id}`)).statusCode, 200);

      await recordBasis(t, a, {
        beneficiaryId: personId,
        purpose: 'referral',
        recipientOrganisationId: orgB,
        action: 'withdraw',
      });
      const gone = await call(t, b, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(gone.statusCode, 404);
      assert.ok(!gone.body.includes('Mohammed'));
      const acted = await act(b, referral.id, 'services', { serviceType: 'accommodation', deliveredOn: '2026-06-01' });
      assert.equal(acted.statusCode, 404);
      assert.equal((await call(t, bSup, 'GET', `/api/referrals/${referral.id}`)).statusCode, 404);
      const inbox = await call(t, b, 'GET', '/api/referrals/inbox');
      assert.ok(!inbox.json().items.some((i: { id: string }) => i.id === referral.id));

      const sender = await call(t, a, 'GET', `/api/referrals/${referral.id}`);
      assert.equal(sender.statusCode, 200);
      assert.equal(sender.json().status, 'revoked');
      const revoked = await call(t, a, 'GET', '/api/referrals/outbox?status=revoked');
      assert.ok(revoked.json().items.some((i: { id: string; status: string }) => i.id === referral.id));
    });

    test('a closed referral whose consent is withdrawn leaves the receiver’s inbox too', async () => {
      const { caseId, personId } = await traffickingCaseReadyToRefer();
      const referral = (await refer(caseId)).json();
      await acceptAndAssign(referral.id);
      const closed = await act(b, referral.id, 'close', { outcome: 'Sheltered.' });
      assert.equal(closed.statusCode, 200, closed.body);
      const listed = async () =>
        (await call(t, bSup, 'GET', '/api/referrals/inbox?limit=200'))
          .json()
          .items.some((i: { id: string }) => i.id === referral.id);
      assert.equal(await listed(), true);
      await recordBasis(t, a, {
        beneficiaryId: personId,
        purpose: 'referral',
        recipientOrganisationId: orgB,
        action: 'withdraw',
      });
      assert.equal((await call(t, bSup, 'GET', `/api/referrals/${referral.id}`)).statusCode, 404);
      assert.equal(await listed(), false);
    });

    test('the lifecycle is enforced: decline with a reason, no action twice, only the receiver acts, the referred service only', async () => {
      const { caseId } = await traffickingCaseReadyToRefer();
      const first = (await refer(caseId)).json();
      assert.equal((await act(a, first.id, 'accept')).statusCode, 403);
      const declined = await act(bSup, first.id, 'decline', { reason: 'No places left.' });
      assert.equal(declined.statusCode, 200);
      assert.equal(declined.json().status, 'declined');
      const again = await act(bSup, first.id, 'accept');
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'invalid_transition');
      assert.equal((await call(t, a, 'GET', `/api/referrals/${first.id}`)).json().declineReason, 'No places left.');

      const second = (await refer(caseId)).json();
      assert.equal((await act(bSup, second.id, 'assignment', { userId: b.id })).statusCode, 200);
      const early = await act(b, second.id, 'services', { serviceType: 'accommodation', deliveredOn: '2026-06-01' });
      assert.equal(early.statusCode, 409, 'no service before accepting');
      assert.equal((await act(b, second.id, 'accept')).statusCode, 200, 'the assigned caseworker may accept');
      const other = await act(b, second.id, 'services', {
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
      await signInAgain(t, a, b, bSup);
      const late = await call(t, a, 'GET', '/api/referrals/outbox?overdue=true');
      assert.ok(late.json().items.some((i: { id: string; overdue: boolean }) => i.id === referral.id && i.overdue));
      const inbox = await call(t, bSup, 'GET', '/api/referrals/inbox?overdue=true');
      assert.ok(inbox.json().items.some((i: { id: string }) => i.id === referral.id));
      await act(bSup, referral.id, 'decline', { reason: 'Out of our area.' });
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

    test('an organisation with nobody working cases (a recruitment agency) takes no referrals, and the directory says which do', async () => {
      const agency = (await buildOrganisation(t, { name: 'Recruitment agency', kind: 'private_sector' })).id;
      await buildStaff(t, agency, ['admin']);
      await buildStaff(t, agency, ['recruiter_staff']);
      const personId = await personWithAssistanceBasis(t, a);
      // Even with a basis naming it, it is refused: nobody there could act on a referral.
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: agency });
      const opened = await openCase(t, a, personId, forms.protection());
      const before = await t.deps.database.db.selectFrom('referrals').select('id').execute();
      const refused = await refer(opened.id, { toOrganisationId: agency, serviceType: null, reason: 'Other' });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.match(refused.json().detail, /no active caseworker or supervisor/);
      assert.equal((await t.deps.database.db.selectFrom('referrals').select('id').execute()).length, before.length);
      const directory = await call(t, a, 'GET', '/api/partners');
      const takes = new Map(
        directory.json().items.map((p: { id: string; takesReferrals: boolean }) => [p.id, p.takesReferrals]),
      );
      assert.equal(takes.get(agency), false);
      assert.equal(takes.get(orgB), true);
      // A caseworker joins the agency's staff (say it also runs a support desk): it takes referrals from then on.
      const worker = await buildStaff(t, agency, ['caseworker']);
      assert.equal(
        (await call(t, a, 'GET', '/api/partners')).json().items.find((p: { id: string }) => p.id === agency)
          .takesReferrals,
        true,
      );
      const sent = await refer(opened.id, { toOrganisationId: agency, serviceType: null, reason: 'Other' });
      assert.equal(sent.statusCode, 201, sent.body);
      // Disabled, they no longer count.
      await t.deps.database.db
        .updateTable('users')
        .set({ disabled_at: t.clock.now().toISOString() })
        .where('id', '=', worker.id)
        .execute();
      assert.equal(
        (await call(t, a, 'GET', '/api/partners')).json().items.find((p: { id: string }) => p.id === agency)
          .takesReferrals,
        false,
      );
    });

    test('an organisation says what referrals it takes: the services it lists, or none while paused, with a note; its administrator sets it, the directory shows it, other referrals are refused', async () => {
      const orgE = (await buildOrganisation(t, { name: 'Legal aid clinic' })).id;
      await buildStaff(t, orgE, ['caseworker', 'supervisor']);
      const eAdmin = await buildStaff(t, orgE, ['admin']);
      const eWorker = await buildStaff(t, orgE, ['caseworker']);
      const personId = await personWithAssistanceBasis(t, a);
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgE });
      const opened = await openCase(t, a, personId, forms.protection());
      const partner = async () =>
        (await call(t, a, 'GET', '/api/partners')).json().items.find((p: { id: string }) => p.id === orgE);
      // By default: any service, not paused, no note.
      assert.deepEqual(
        (({ takesReferrals, referralsPaused, referralServices, referralNote }) => ({
          takesReferrals,
          referralsPaused,
          referralServices,
          referralNote,
        }))(await partner()),
        { takesReferrals: true, referralsPaused: false, referralServices: null, referralNote: null },
      );
      const patch = async (who: Staff, body: Record<string, unknown>) => {
        const current = await call(t, who, 'GET', `/api/organisations/${orgE}`);
        return call(t, who, 'PATCH', `/api/organisations/${orgE}`, body, {
          'if-match': current.headers.etag as string,
        });
      };
      // Only its administrators (or a platform administrator) set it; a caseworker there may not.
      assert.equal((await patch(eWorker, { referralsPaused: true })).statusCode, 403);
      // Bad input is named field by field, and nothing changes.
      const bad = await patch(eAdmin, { referralServices: ['legal_assistance', 'teleportation', 'legal_assistance'] });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/referralServices'],
      );
      const unknown = await patch(eAdmin, { referralServices: ['legal_assistance', 'teleportation'] });
      assert.equal(unknown.statusCode, 400);
      assert.deepEqual(
        unknown.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/referralServices/1'],
      );
      assert.equal((await patch(eAdmin, { referralServices: [] })).statusCode, 400);
      assert.equal((await patch(eAdmin, { referralNote: 'x'.repeat(301) })).statusCode, 400);
      assert.equal((await partner()).referralServices, null);
      // Legal assistance and documentation only, with a note.
      const set = await patch(eAdmin, {
        referralServices: ['legal_assistance', 'documentation'],
        referralNote: '  Tuesdays and Thursdays; Arabic and Tigrinya interpreters.  ',
      });
      assert.equal(set.statusCode, 200, set.body);
      assert.deepEqual(set.json().referralServices, ['legal_assistance', 'documentation']);
      assert.equal(set.json().referralNote, 'Tuesdays and Thursdays; Arabic and Tigrinya interpreters.');
      const listed = await partner();
      assert.deepEqual(listed.referralServices, ['legal_assistance', 'documentation']);
      assert.equal(listed.takesReferrals, true);
      const count = async () => (await t.deps.database.db.selectFrom('referrals').select('id').execute()).length;
      const before = await count();
      const shelter = await refer(opened.id, { toOrganisationId: orgE, serviceType: 'accommodation' });
      assert.equal(shelter.statusCode, 409, shelter.body);
      assert.match(shelter.json().detail, /takes referrals only for Legal assistance, Identity and travel documents/);
      assert.match(shelter.json().detail, /Tuesdays and Thursdays/);
      const whole = await refer(opened.id, { toOrganisationId: orgE, serviceType: null });
      assert.equal(whole.statusCode, 409, whole.body);
      assert.match(whole.json().detail, /a whole case needs case management/);
      assert.equal(await count(), before);
      const legal = await refer(opened.id, { toOrganisationId: orgE, serviceType: 'legal_assistance' });
      assert.equal(legal.statusCode, 201, legal.body);
      // Paused: the directory says it takes none, and every referral is refused with the note.
      assert.equal(
        (await patch(eAdmin, { referralsPaused: true, referralNote: 'Full until 15 January.' })).statusCode,
        200,
      );
      const paused = await partner();
      assert.equal(paused.referralsPaused, true);
      assert.equal(paused.takesReferrals, false);
      const refused = await refer(opened.id, { toOrganisationId: orgE, serviceType: 'documentation' });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.match(refused.json().detail, /has paused new referrals.*Full until 15 January/);
      // Open again, for any service: referrals of any kind go through.
      assert.equal(
        (await patch(eAdmin, { referralsPaused: false, referralServices: null, referralNote: '' })).statusCode,
        200,
      );
      const again = await partner();
      assert.equal(again.referralNote, null);
      assert.equal(again.takesReferrals, true);
      const any = await refer(opened.id, { toOrganisationId: orgE, serviceType: 'accommodation' });
      assert.equal(any.statusCode, 201, any.body);
      // Each change is in the audit log with the fields it changed.
      const audited = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['details'])
        .where('action', '=', 'organisation.update')
        .where('entity_id', '=', orgE)
        .execute();
      assert.deepEqual(
        audited.map((r) => JSON.parse(r.details as string).changed),
        [
          ['referralServices', 'referralNote'],
          ['referralsPaused', 'referralNote'],
          ['referralsPaused', 'referralServices', 'referralNote'],
        ],
      );
    });

    test('a receiving organisation without a supervisor: its administrator assigns a sensitive referral without seeing the person; the assignee sees it and acts; a caseworker still cannot assign', async () => {
      const orgD = (await buildOrganisation(t, { name: 'Small partner, no supervisor' })).id;
      const d1 = await buildStaff(t, orgD, ['caseworker']);
      const d2 = await buildStaff(t, orgD, ['caseworker']);
      const dAdmin = await buildStaff(t, orgD, ['admin']);
      const personId = await personWithAssistanceBasis(t, a, {
        nameLatin: 'Halima Osman',
        nameOriginal: 'حليمة عثمان',
      });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgD });
      const opened = await openCase(t, a, personId, forms.trafficking());
      const sent = await refer(opened.id, { toOrganisationId: orgD });
      assert.equal(sent.statusCode, 201, sent.body);
      const id = sent.json().id as string;
      const noName = (body: string) => !body.includes('Halima') && !body.includes('حليمة');

      // Nobody at D sees the person yet; the administrator finds it and reads it restricted (no sensitive read).
      assert.deepEqual((await call(t, d1, 'GET', '/api/referrals/inbox')).json().items, []);
      assert.equal((await call(t, d1, 'GET', `/api/referrals/${id}`)).statusCode, 404);
      const adminInbox = await call(t, dAdmin, 'GET', '/api/referrals/inbox');
      assert.equal(adminInbox.statusCode, 200, adminInbox.body);
      assert.deepEqual(
        adminInbox.json().items.map((i: { id: string }) => i.id),
        [id],
      );
      const managed = await call(t, dAdmin, 'GET', `/api/referrals/${id}`);
      assert.equal(managed.statusCode, 200, managed.body);
      assert.equal(managed.json().restricted, true);
      assert.equal(managed.json().sharedData.person, null);
      assert.equal(managed.json().message, null);
      assert.ok(noName(managed.body));
      // The administrator manages it but does not answer it or work on it.
      assert.equal((await act(dAdmin, id, 'accept')).statusCode, 403);
      assert.equal(
        (await act(dAdmin, id, 'services', { serviceType: 'accommodation', deliveredOn: '2026-06-01' })).statusCode,
        403,
      );
      // A caseworker cannot assign it (it is not even visible to them).
      assert.equal((await act(d1, id, 'assignment', { userId: d1.id })).statusCode, 404);
      // Only to a caseworker or supervisor of D: not to the administrator themself.
      const toAdmin = await act(dAdmin, id, 'assignment', { userId: dAdmin.id });
      assert.equal(toAdmin.statusCode, 422);
      assert.equal(toAdmin.json().code, 'invalid_reference');
      const assigned = await act(dAdmin, id, 'assignment', { userId: d1.id });
      assert.equal(assigned.statusCode, 200, assigned.body);
      assert.equal(assigned.json().assignedTo, d1.id);
      assert.equal(assigned.json().restricted, true);
      assert.ok(noName(assigned.body));

      // The assignee sees the person, accepts, delivers and closes.
      const seen = await call(t, d1, 'GET', `/api/referrals/${id}`);
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().restricted, false);
      assert.equal(seen.json().sharedData.person.nameLatin, 'Halima Osman');
      assert.equal((await act(d1, id, 'accept')).statusCode, 200);
      const delivered = await act(d1, id, 'services', {
        serviceType: 'accommodation',
        deliveredOn: t.clock.now().toISOString().slice(0, 10),
      });
      assert.equal(delivered.statusCode, 201, delivered.body);
      // A caseworker still cannot assign or let a colleague in, even on a referral assigned to them.
      const byCaseworker = await act(d1, id, 'assignment', { userId: d2.id });
      assert.equal(byCaseworker.statusCode, 403);
      assert.equal(byCaseworker.json().code, 'forbidden');
      assert.equal(
        (await call(t, d1, 'POST', `/api/referrals/${id}/access`, { userId: d2.id, reason: 'Cover.' })).statusCode,
        403,
      );

      // The administrator lets a colleague in and ends it again, like a supervisor.
      const granted = await call(t, dAdmin, 'POST', `/api/referrals/${id}/access`, {
        userId: d2.id,
        reason: 'Covers while the assignee is away.',
      });
      assert.equal(granted.statusCode, 201, granted.body);
      assert.equal(
        (await call(t, d2, 'GET', `/api/referrals/${id}`)).json().sharedData.person.nameLatin,
        'Halima Osman',
      );
      const grants = await call(t, dAdmin, 'GET', `/api/referrals/${id}/access`);
      assert.deepEqual(
        grants.json().items.map((g: { userId: string }) => g.userId),
        [d2.id],
      );
      assert.equal((await call(t, dAdmin, 'DELETE', `/api/referrals/${id}/access/${d2.id}`)).statusCode, 204);
      assert.equal((await call(t, d2, 'GET', `/api/referrals/${id}`)).statusCode, 404);
      assert.equal((await act(d1, id, 'close', { outcome: 'Sheltered for two weeks.' })).statusCode, 200);

      // Only the assignee's and the colleague's reads of the person were sensitive reads; the administrator's none.
      const readers = (await sensitiveReads(t, id)).map((e) => e.actor_user_id);
      assert.ok(!readers.includes(dAdmin.id), 'the administrator never read the person');
      assert.ok(readers.includes(d1.id));
      const assigns = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'details'])
        .where('entity_id', '=', id)
        .where('action', '=', 'referral.assign')
        .execute();
      assert.deepEqual(
        assigns.map((e) => [e.actor_user_id, JSON.parse(e.details).to]),
        [[dAdmin.id, d1.id]],
      );

      // An ordinary referral stays out of the administrator's reach: not in the inbox, 404 to read.
      const ordinaryPerson = await personWithAssistanceBasis(t, a);
      await recordBasis(t, a, { beneficiaryId: ordinaryPerson, purpose: 'referral', recipientOrganisationId: orgD });
      const ordinary = await refer((await openCase(t, a, ordinaryPerson, forms.protection())).id, {
        toOrganisationId: orgD,
      });
      assert.equal(ordinary.statusCode, 201, ordinary.body);
      assert.equal((await call(t, dAdmin, 'GET', `/api/referrals/${ordinary.json().id}`)).statusCode, 404);
      assert.ok(
        !(await call(t, dAdmin, 'GET', '/api/referrals/inbox'))
          .json()
          .items.some((i: { id: string }) => i.id === ordinary.json().id),
      );
      assert.ok(
        (await call(t, d2, 'GET', '/api/referrals/inbox'))
          .json()
          .items.some((i: { id: string }) => i.id === ordinary.json().id),
        'its caseworkers see the ordinary one',
      );
      // The administrator still has no way to send or list sent referrals (caseworker work).
      assert.equal((await call(t, dAdmin, 'GET', '/api/referrals/outbox')).statusCode, 403);
    });

    test('a sensitive referral to an organisation with no active supervisor or administrator is refused; an ordinary one is not', async () => {
      const orgE = (await buildOrganisation(t, { name: 'Caseworkers only' })).id;
      await buildStaff(t, orgE, ['caseworker']);
      const eSup = await buildStaff(t, orgE, ['supervisor']);
      await t.deps.database.db
        .updateTable('users')
        .set({ disabled_at: t.clock.now().toISOString() })
        .where('id', '=', eSup.id)
        .execute(); // a disabled supervisor assigns nothing
      const personId = await personWithAssistanceBasis(t, a, { nameLatin: 'Yusuf Ali' });
      await recordBasis(t, a, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: orgE });
      const sensitiveCase = await openCase(t, a, personId, forms.trafficking());
      const refused = await refer(sensitiveCase.id, { toOrganisationId: orgE });
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().code, 'conflict');
      assert.match(refused.json().detail, /no active supervisor or administrator/);
      assert.ok(!refused.body.includes('Yusuf'));
      const none = await t.deps.database.db
        .selectFrom('referrals')
        .select('id')
        .where('case_id', '=', sensitiveCase.id)
        .execute();
      assert.equal(none.length, 0, 'nothing was sent');
      // An ordinary case goes: every caseworker there sees it.
      const ordinaryCase = await openCase(t, a, personId, forms.protection());
      assert.equal((await refer(ordinaryCase.id, { toOrganisationId: orgE })).statusCode, 201);
      // Once the organisation has an administrator, the sensitive one goes too.
      await buildStaff(t, orgE, ['admin']);
      assert.equal((await refer(sensitiveCase.id, { toOrganisationId: orgE })).statusCode, 201);
    });
  });
}
