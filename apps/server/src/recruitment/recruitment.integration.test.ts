import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  buildUser,
  engines,
  type SessionAuth,
  signIn,
  startTestApp,
  type TestApp,
} from '../../test/harness.ts';
import { systemActor } from '../audit/audit.service.ts';
import { CRITERIA } from './iris.ts';
import { bumpRegister } from './public-register.ts';
import { foldForSearch, foldLicence, requestRecruiterAudit } from './recruitment.service.ts';

const allYes = () => Object.fromEntries(CRITERIA.map((c) => [c.code, { answer: 'yes', note: '' }]));

describe('recruitment search keys', () => {
  test('names fold accents, case, Arabic letter forms and punctuation; licences ignore separators', () => {
    assert.equal(foldForSearch('  Agence  Éthique-Générale S.A. '), 'agence ethique generale s a');
    assert.equal(foldForSearch('أَحمد للتوظيف'), foldForSearch('احمد للتوظيف'));
    assert.equal(foldLicence('poea-123 / 2024'), 'POEA1232024');
  });
});

for (const { engine, skip } of engines()) {
  describe(`recruitment certification (${engine})`, { skip }, () => {
    let t: TestApp;
    let officer: SessionAuth;
    let auditor: SessionAuth;
    let auditorId: string;
    let staff: SessionAuth;
    let otherStaff: SessionAuth;
    let recruiterOrg: string;
    before(async () => {
      t = await startTestApp(engine);
      const body = await buildOrganisation(t, { kind: 'international_organisation', country: 'CHE' });
      const firm = await buildOrganisation(t, { kind: 'private_sector', country: 'PHL' });
      const rec = await buildOrganisation(t, { kind: 'private_sector', country: 'BGD' });
      const other = await buildOrganisation(t, { kind: 'private_sector', country: 'NPL' });
      recruiterOrg = rec.id;
      officer = await signIn(t, await buildUser(t, body.id, ['certification_officer']));
      const au = await buildUser(t, firm.id, ['certification_auditor']);
      auditorId = au.id;
      auditor = await signIn(t, au);
      staff = await signIn(t, await buildUser(t, rec.id, ['recruiter_staff']));
      otherStaff = await signIn(t, await buildUser(t, other.id, ['recruiter_staff']));
    });
    after(() => t?.close());

    const post = (s: SessionAuth, url: string, payload?: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: s.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    test('a recruiter applies, is audited, corrects a finding and is certified; the public sees it', async () => {
      const created = await post(officer, '/api/recruiters', {
        organisationId: recruiterOrg,
        name: 'Dhaka Fair Manpower Services',
        licenceNumber: 'RL-1234',
        licensingAuthority: 'Bureau of Manpower, Employment and Training',
        licenceCountry: 'BGD',
        countries: ['BGD'],
        corridors: [
          { origin: 'BGD', destination: 'ARE' },
          { origin: 'BGD', destination: 'QAT' },
        ],
        sectors: ['construction'],
        employers: ['Gulf Build LLC'],
      });
      assert.equal(created.statusCode, 201, created.body);
      const recruiterId = created.json().recruiter.id;
      assert.equal(created.json().recruiter.status, 'none');

      // the recruiter's staff applies; another recruiter's staff cannot even see it
      assert.equal((await post(otherStaff, `/api/recruiters/${recruiterId}/applications`)).statusCode, 404);
      const applied = await post(staff, `/api/recruiters/${recruiterId}/applications`);
      assert.equal(applied.statusCode, 200, applied.body);
      const certId = applied.json().certifications[0].id;
      assert.equal(applied.json().recruiter.status, 'applied');
      const again = await post(staff, `/api/recruiters/${recruiterId}/applications`);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'invalid_transition');

      // no audit before the self-assessment
      const early = await post(officer, `/api/certifications/${certId}/audits`, {
        kind: 'initial',
        auditorUserId: auditorId,
        scheduledFor: '2026-12-10',
      });
      assert.equal(early.statusCode, 409);
      assert.match(early.json().detail, /follows the self-assessment/);

      const partial = await post(staff, `/api/certifications/${certId}/self-assessment`, {
        answers: { 'A.1': { answer: 'yes' } },
      });
      assert.equal(partial.statusCode, 400);
      assert.equal(partial.json().code, 'validation_failed');
      assert.equal(
        (await post(staff, `/api/certifications/${certId}/self-assessment`, { answers: allYes() })).statusCode,
        200,
      );

      const scheduled = await post(officer, `/api/certifications/${certId}/audits`, {
        kind: 'initial',
        auditorUserId: auditorId,
        scheduledFor: '2026-12-10',
      });
      assert.equal(scheduled.statusCode, 200, scheduled.body);
      assert.equal(scheduled.json().recruiter.status, 'in_audit');
      const auditId = scheduled.json().audits[0].id;

      // the recruiter's staff cannot record findings; the assigned auditor can
      assert.equal(
        (
          await post(staff, `/api/recruitment-audits/${auditId}/findings`, {
            criterion: '1.1',
            severity: 'major',
            description: 'x',
          })
        ).statusCode,
        403,
      );
      const bad = await post(auditor, `/api/recruitment-audits/${auditId}/findings`, {
        criterion: '9.9',
        severity: 'major',
        description: 'x',
      });
      assert.equal(bad.statusCode, 400);
      const finding = await post(auditor, `/api/recruitment-audits/${auditId}/findings`, {
        criterion: '1.1',
        severity: 'major',
        description: 'Sub-agents collected a "medical fee" from jobseekers.',
      });
      assert.equal(finding.statusCode, 200, finding.body);
      const findingId = finding.json().audits[0].findings[0].id;
      assert.equal(finding.json().audits[0].findings[0].principle, '1');

      // no decision before the audit is completed
      const tooSoon = await post(officer, `/api/certifications/${certId}/decision`, {
        decision: 'grant',
        reason: 'ok',
      });
      assert.equal(tooSoon.statusCode, 409);
      assert.equal(
        (await post(auditor, `/api/recruitment-audits/${auditId}/completion`, { summary: 'One major finding.' }))
          .statusCode,
        200,
      );

      // no certificate while the major finding is open
      const blocked = await post(officer, `/api/certifications/${certId}/decision`, {
        decision: 'grant',
        reason: 'ok',
      });
      assert.equal(blocked.statusCode, 409);
      assert.match(blocked.json().detail, /major finding is open: 1\.1/);

      // the recruiter plans and reports the correction; the auditor verifies it
      const past = await post(staff, `/api/audit-findings/${findingId}/action-plan`, {
        plan: 'x',
        dueOn: '2000-01-01',
      });
      assert.equal(past.statusCode, 400);
      const dueOn = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
      assert.equal(
        (
          await post(staff, `/api/audit-findings/${findingId}/action-plan`, {
            plan: 'Refund the fees; end the sub-agent contract.',
            dueOn,
          })
        ).statusCode,
        200,
      );
      assert.equal(
        (await post(auditor, `/api/audit-findings/${findingId}/verification`, { accepted: true, note: 'x' }))
          .statusCode,
        409,
        'nothing to verify before evidence',
      );
      assert.equal(
        (
          await post(staff, `/api/audit-findings/${findingId}/evidence`, {
            evidence: 'Refund receipts for 14 workers.',
          })
        ).statusCode,
        200,
      );
      const verified = await post(auditor, `/api/audit-findings/${findingId}/verification`, {
        accepted: true,
        note: 'Receipts checked.',
      });
      assert.equal(verified.statusCode, 200);
      assert.equal(verified.json().audits[0].findings[0].status, 'closed');

      const granted = await post(officer, `/api/certifications/${certId}/decision`, {
        decision: 'grant',
        reason: 'Finding corrected.',
        validityMonths: 36,
      });
      assert.equal(granted.statusCode, 200, granted.body);
      const g = granted.json();
      assert.equal(g.recruiter.status, 'certified');
      assert.match(g.certifications[0].certificateNumber, /^IRIS-BGD-\d{4}-[0-9A-F]{6}$/);
      const events = g.events.map((e: { event: string }) => e.event);
      assert.deepEqual(events, [
        'registered',
        'applied',
        'self_assessed',
        'audit_scheduled',
        'finding_recorded',
        'audit_completed',
        'audited',
        'action_planned',
        'action_submitted',
        'finding_closed',
        'certified',
      ]);
      // every step is in the audit log too
      const logged = await t.deps.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', recruiterId)
        .execute();
      for (const a of ['recruiter.create', 'certification.apply', 'certification.finding', 'certification.grant'])
        assert.ok(
          logged.some((l) => l.action === a),
          a,
        );

      // the public look-up: partial, case- and accent-insensitive, or by licence number with other separators
      for (const q of ['fair manpower', 'DHAKA', 'rl 1234']) {
        const pub = await t.app.inject({
          method: 'GET',
          url: `/api/public/recruiters?q=${encodeURIComponent(q)}&lang=ar`,
        });
        assert.equal(pub.statusCode, 200);
        const item = pub.json().items[0];
        assert.equal(item.name, 'Dhaka Fair Manpower Services', q);
        assert.equal(item.status, 'certified');
        assert.equal(item.certificateNumber, g.certifications[0].certificateNumber);
        assert.ok(!('organisationId' in item) && !('id' in item));
        assert.match(pub.json().employerPays.title, /لا يجوز/);
      }
      const page = await t.app.inject({ method: 'GET', url: '/public/recruiters?q=dhaka&lang=ar' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.match(page.body, /data-status="certified">معتمدة</);
      // Countries by name, the route's arrow and the list's comma in the reading direction.
      assert.ok(page.body.includes('<dd>بنغلاديش ← الإمارات العربية المتحدة، بنغلاديش ← قطر</dd>'));
      assert.ok(page.body.includes('<span dir="ltr">RL-1234</span> (بنغلاديش)'));
      const fr = await t.app.inject({ method: 'GET', url: '/public/recruiters?q=dhaka&lang=fr' });
      assert.ok(fr.body.includes('<dd>Bangladesh → Émirats arabes unis, Bangladesh → Qatar</dd>'));
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/public/recruiters?q=dhaka' })).json().items[0].licenceExpired,
        false,
      );
      assert.ok(!page.body.includes('data-licence="expired"'));

      // A licence recorded as expired (the authority did not renew it) is said on the public check, whatever the
      // certificate says: the agency may not recruit lawfully. Renewed, the warning goes.
      const setLicence = async (day: string) => {
        const read = await t.app.inject({
          method: 'GET',
          url: `/api/recruiters/${recruiterId}`,
          headers: officer.headers,
        });
        const changed = await t.app.inject({
          method: 'PATCH',
          url: `/api/recruiters/${recruiterId}`,
          headers: { ...officer.headers, 'if-match': read.headers.etag as string },
          payload: { licenceExpiresOn: day },
        });
        assert.equal(changed.statusCode, 200, changed.body);
      };
      const today = t.clock.now().toISOString().slice(0, 10);
      await setLicence('2001-01-01');
      const lapsed = (await t.app.inject({ method: 'GET', url: '/api/public/recruiters?q=dhaka' })).json().items[0];
      assert.deepEqual(
        [lapsed.status, lapsed.licenceExpiresOn, lapsed.licenceExpired],
        ['certified', '2001-01-01', true],
      );
      const warned = await t.app.inject({ method: 'GET', url: '/public/recruiters?q=dhaka&lang=en' });
      assert.match(warned.body, /data-licence="expired">Its recruitment licence has expired/);
      assert.match(warned.body, /<dt>Licence expired on<\/dt><dd>January 1, 2001<\/dd>/);
      await setLicence(today);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/public/recruiters?q=dhaka' })).json().items[0].licenceExpired,
        false,
        'valid through its last day',
      );
      await setLicence('2030-12-31');

      // suspension with a published reason; reinstatement; withdrawal is final
      const susp = await post(officer, `/api/certifications/${certId}/suspension`, {
        reason: 'Fees reported by workers under review.',
      });
      assert.equal(susp.statusCode, 200);
      const pub2 = await t.app.inject({ method: 'GET', url: '/api/public/recruiters?q=RL-1234' });
      assert.equal(pub2.json().items[0].status, 'suspended');
      assert.equal(pub2.json().items[0].statusReason, 'Fees reported by workers under review.');
      assert.equal(
        (await post(officer, `/api/certifications/${certId}/reinstatement`, { reason: 'Cleared.' })).statusCode,
        200,
      );
      assert.equal(
        (await post(officer, `/api/certifications/${certId}/withdrawal`, { reason: 'Repeated fee charging.' }))
          .statusCode,
        200,
      );
      const gone = await post(officer, `/api/certifications/${certId}/reinstatement`, { reason: 'x' });
      assert.equal(gone.statusCode, 409);
      // (the status is named by its code: apps/web/src/recruitment/refusals.ts words it in the page's language)
      assert.equal(gone.json().detail, 'Only a suspended certification is reinstated; this one is withdrawn.');
      const pub3 = await t.app.inject({ method: 'GET', url: '/api/public/recruiters?q=dhaka' });
      assert.equal(pub3.json().items[0].status, 'withdrawn');

      // a grievance (another context) can request an audit for cause; an officer assigns it
      const requested = await t.deps.database.db
        .transaction()
        .execute((trx) =>
          requestRecruiterAudit(
            trx,
            t.engine,
            systemActor,
            recruiterId,
            { reason: 'Passport retained', source: 'grievance', sourceRef: 'G-1' },
            t.clock.now(),
          ),
        );
      const assigned = await post(officer, `/api/recruitment-audits/${requested}/assignment`, {
        auditorUserId: auditorId,
        scheduledFor: '2027-01-05',
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const worklist = await t.app.inject({
        method: 'GET',
        url: '/api/recruitment-audits?status=scheduled',
        headers: auditor.headers,
      });
      assert.ok(
        worklist.json().some((a: { id: string; kind: string }) => a.id === requested && a.kind === 'for_cause'),
      );
    });

    test('an auditor cannot be assigned to audit their own organisation; unknown users are refused', async () => {
      const org = await buildOrganisation(t, { kind: 'private_sector', country: 'NPL' });
      const selfAuditor = await buildUser(t, org.id, ['certification_auditor', 'recruiter_staff']);
      const s = await signIn(t, selfAuditor);
      const r = await post(officer, '/api/recruiters', {
        organisationId: org.id,
        name: 'Kathmandu Overseas',
        licenceNumber: 'NP-77',
        licensingAuthority: 'Department of Foreign Employment',
        licenceCountry: 'NPL',
      });
      assert.equal(r.statusCode, 201, r.body);
      const cert = (await post(s, `/api/recruiters/${r.json().recruiter.id}/applications`)).json().certifications[0].id;
      await post(s, `/api/certifications/${cert}/self-assessment`, { answers: allYes() });
      const own = await post(officer, `/api/certifications/${cert}/audits`, {
        kind: 'initial',
        auditorUserId: selfAuditor.id,
        scheduledFor: '2026-12-01',
      });
      assert.equal(own.statusCode, 422);
      assert.match(own.json().detail, /own organisation/);
      // a civil-society organisation cannot be registered as a recruiter; a second registration conflicts
      const ngo = await buildOrganisation(t, { kind: 'civil_society' });
      const wrongKind = await post(officer, '/api/recruiters', {
        organisationId: ngo.id,
        name: 'Not a recruiter',
        licenceNumber: 'X-1',
        licensingAuthority: 'x',
        licenceCountry: 'NPL',
      });
      assert.equal(wrongKind.statusCode, 422);
      const dup = await post(officer, '/api/recruiters', {
        organisationId: org.id,
        name: 'Again',
        licenceNumber: 'NP-78',
        licensingAuthority: 'x',
        licenceCountry: 'NPL',
      });
      assert.equal(dup.statusCode, 409);
    });

    /** A recruiter taken to a live certificate (no finding); returns its id, the certification's and its staff. */
    async function certifiedRecruiter(name: string, licence: string) {
      const org = await buildOrganisation(t, { kind: 'private_sector', country: 'NPL' });
      const own = await signIn(t, await buildUser(t, org.id, ['recruiter_staff']));
      const created = await post(officer, '/api/recruiters', {
        organisationId: org.id,
        name,
        licenceNumber: licence,
        licensingAuthority: 'Department of Foreign Employment',
        licenceCountry: 'NPL',
      });
      assert.equal(created.statusCode, 201, created.body);
      const recruiterId = created.json().recruiter.id as string;
      const certId = (await post(own, `/api/recruiters/${recruiterId}/applications`)).json().certifications[0].id;
      await post(own, `/api/certifications/${certId}/self-assessment`, { answers: allYes() });
      const initial = await post(officer, `/api/certifications/${certId}/audits`, {
        kind: 'initial',
        auditorUserId: auditorId,
        scheduledFor: '2026-06-20',
      });
      assert.equal(initial.statusCode, 200, initial.body);
      const auditId = initial.json().audits[0].id;
      return { recruiterId, certId: certId as string, auditId: auditId as string, own };
    }

    test('audits are scheduled for today or later, one open surveillance audit at a time; an expired certificate is neither audited nor withdrawn', async () => {
      const { recruiterId, certId, auditId } = await certifiedRecruiter('Kathmandu Fair Jobs', 'DOFE-555');
      // Before the certificate, an initial audit on a past day is refused too (it was scheduled above for a later one).
      const pastInitial = await post(officer, `/api/certifications/${certId}/audits`, {
        kind: 'initial',
        auditorUserId: auditorId,
        scheduledFor: '2020-01-01',
      });
      assert.equal(pastInitial.statusCode, 400, pastInitial.body);
      assert.equal(
        (await post(auditor, `/api/recruitment-audits/${auditId}/completion`, { summary: 'Fine.' })).statusCode,
        200,
      );
      const granted = await post(officer, `/api/certifications/${certId}/decision`, {
        decision: 'grant',
        reason: 'Passed.',
        validityMonths: 12,
      });
      assert.equal(granted.statusCode, 200, granted.body);

      const surveillance = (scheduledFor: string) =>
        post(officer, `/api/certifications/${certId}/audits`, {
          kind: 'surveillance',
          auditorUserId: auditorId,
          scheduledFor,
        });
      const past = await surveillance('2020-01-01');
      assert.equal(past.statusCode, 400, past.body);
      assert.deepEqual(
        past.json().errors.map((e: { pointer: string; params?: { rule: string } }) => [e.pointer, e.params?.rule]),
        [['/scheduledFor', 'not_past']],
      );
      const yesterday = new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
      assert.equal((await surveillance(yesterday)).statusCode, 400);
      const today = t.clock.now().toISOString().slice(0, 10);
      const first = await surveillance(today);
      assert.equal(first.statusCode, 200, first.body);
      const second = await surveillance('2026-12-01');
      assert.equal(second.statusCode, 409, second.body);
      assert.equal(second.json().code, 'conflict');
      assert.equal(
        second.json().detail,
        'A surveillance audit of this recruiter is already scheduled; complete it before scheduling another.',
      );
      const audits = await t.deps.database.db
        .selectFrom('certification_audits')
        .select('id')
        .where('recruiter_id', '=', recruiterId)
        .where('kind', '=', 'surveillance')
        .execute();
      assert.equal(audits.length, 1);
      // Completed, the next one may be scheduled.
      const surveillanceId = first.json().audits.find((a: { kind: string }) => a.kind === 'surveillance').id;
      const completed = await post(auditor, `/api/recruitment-audits/${surveillanceId}/completion`, {
        summary: 'Still fine.',
      });
      assert.equal(completed.statusCode, 200, completed.body);
      assert.equal((await surveillance('2026-12-01')).statusCode, 200);

      // A for-cause audit is not assigned a past day either.
      const requested = await t.deps.database.db
        .transaction()
        .execute((trx) =>
          requestRecruiterAudit(
            trx,
            t.engine,
            systemActor,
            recruiterId,
            { reason: 'Fees', source: 'officer' },
            t.clock.now(),
          ),
        );
      const pastAssign = await post(officer, `/api/recruitment-audits/${requested}/assignment`, {
        auditorUserId: auditorId,
        scheduledFor: '2020-01-01',
      });
      assert.equal(pastAssign.statusCode, 400, pastAssign.body);
      assert.equal(pastAssign.json().errors[0].params.rule, 'not_past');

      // Once the certificate has expired: no surveillance audit, no withdrawal (the recruiter applies again).
      const expired = new Date(t.clock.now().getTime() - 1000).toISOString();
      await t.deps.database.db
        .updateTable('certifications')
        .set({ expires_at: expired })
        .where('id', '=', certId)
        .execute();
      await t.deps.database.db
        .updateTable('recruiters')
        .set({ cert_expires_at: expired })
        .where('id', '=', recruiterId)
        .execute();
      const late = await surveillance('2026-12-20');
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().detail, 'The certificate has expired; the recruiter must apply again.');
      const withdraw = await post(officer, `/api/certifications/${certId}/withdrawal`, { reason: 'x' });
      assert.equal(withdraw.statusCode, 409);
      assert.equal(withdraw.json().detail, 'The certificate has expired; the recruiter must apply again.');
      const page = await t.app.inject({
        method: 'GET',
        url: `/api/recruiters/${recruiterId}`,
        headers: officer.headers,
      });
      assert.equal(page.json().certifications[0].expired, true, 'the page knows, and offers neither');
    });

    test('one audit for cause at a time: a second is refused while one is requested or scheduled, by either way in', async () => {
      const { recruiterId } = await certifiedRecruiter('Biratnagar Manpower', 'DOFE-888');
      const ask = (reason: string) => post(officer, `/api/recruiters/${recruiterId}/audit-requests`, { reason });
      const forCause = () =>
        t.deps.database.db
          .selectFrom('certification_audits')
          .select(['id', 'status'])
          .where('recruiter_id', '=', recruiterId)
          .where('kind', '=', 'for_cause')
          .execute();
      const first = await ask('Fees reported by workers.');
      assert.equal(first.statusCode, 200, first.body);
      // (apps/web/src/recruitment/refusals.ts reads this sentence: change both together)
      const refused = (r: { statusCode: number; json: () => { code: string; detail: string } }) => {
        assert.equal(r.statusCode, 409);
        assert.equal(r.json().code, 'conflict');
        assert.equal(
          r.json().detail,
          'An audit for cause of this recruiter is already requested or scheduled; complete it before requesting another.',
        );
      };
      refused(await ask('Passports retained.'));
      // The grievances' way in (recruitment-link.ts) is refused the same, and nothing is recorded.
      await assert.rejects(
        t.deps.database.db
          .transaction()
          .execute((trx) =>
            requestRecruiterAudit(
              trx,
              t.engine,
              systemActor,
              recruiterId,
              { reason: 'Contract substitution', source: 'grievance', sourceRef: 'G-2' },
              t.clock.now(),
            ),
          ),
        (err: Error & { code?: string }) => err.code === 'conflict',
      );
      assert.equal((await forCause()).length, 1);
      // Scheduled, it is still open.
      const [open] = await forCause();
      const assigned = await post(officer, `/api/recruitment-audits/${open!.id}/assignment`, {
        auditorUserId: auditorId,
        scheduledFor: '2027-02-01',
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      refused(await ask('Passports retained.'));
      // Completed, the next one may be asked for.
      const done = await post(auditor, `/api/recruitment-audits/${open!.id}/completion`, { summary: 'Fees refunded.' });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((await ask('Passports retained.')).statusCode, 200);
      assert.deepEqual((await forCause()).map((a) => a.status).sort(), ['completed', 'requested']);
    });

    test('a suspended certificate past its expiry date is not audited for surveillance, nor reinstated; the public reads it expired', async () => {
      const { recruiterId, certId, auditId } = await certifiedRecruiter('Janakpur Jobs', 'DOFE-999');
      await post(auditor, `/api/recruitment-audits/${auditId}/completion`, { summary: 'Fine.' });
      const granted = await post(officer, `/api/certifications/${certId}/decision`, {
        decision: 'grant',
        reason: 'Passed.',
        validityMonths: 12,
      });
      assert.equal(granted.statusCode, 200, granted.body);
      const suspended = await post(officer, `/api/certifications/${certId}/suspension`, { reason: 'Fees reported.' });
      assert.equal(suspended.statusCode, 200, suspended.body);
      const expired = new Date(t.clock.now().getTime() - 1000).toISOString();
      await t.deps.database.db
        .updateTable('certifications')
        .set({ expires_at: expired })
        .where('id', '=', certId)
        .execute();
      await t.deps.database.db
        .updateTable('recruiters')
        .set({ cert_expires_at: expired })
        .where('id', '=', recruiterId)
        .execute();
      const late = await post(officer, `/api/certifications/${certId}/audits`, {
        kind: 'surveillance',
        auditorUserId: auditorId,
        scheduledFor: '2026-12-20',
      });
      assert.equal(late.statusCode, 409, late.body);
      assert.equal(late.json().code, 'invalid_transition');
      assert.equal(late.json().detail, 'The certificate has expired; the recruiter must apply again.');
      const audits = await t.deps.database.db
        .selectFrom('certification_audits')
        .select('id')
        .where('recruiter_id', '=', recruiterId)
        .where('kind', '=', 'surveillance')
        .execute();
      assert.equal(audits.length, 0);
      const reinstated = await post(officer, `/api/certifications/${certId}/reinstatement`, { reason: 'Cleared.' });
      assert.equal(reinstated.statusCode, 409, reinstated.body);
      assert.equal(reinstated.json().detail, 'The certificate has expired meanwhile; the recruiter must apply again.');
      // The public register says it is no longer valid (not "suspended", as if it might be reinstated), without the
      // suspension's reason; staff still see it suspended (it may yet be withdrawn).
      await bumpRegister(t.deps.database.db); // (the expiry above was written behind the service's back)
      const pub = (await t.app.inject({ method: 'GET', url: '/api/public/recruiters?q=DOFE-999' })).json().items[0];
      assert.equal(pub.name, 'Janakpur Jobs');
      assert.equal(pub.status, 'expired');
      assert.equal(pub.statusReason, null);
      assert.equal(pub.certificateExpiresAt, expired);
      const page = await t.app.inject({ method: 'GET', url: '/public/recruiters?q=DOFE-999&lang=en' });
      assert.match(page.body, /data-status="expired">Certificate expired</);
      assert.ok(!page.body.includes('data-status="suspended"'));
      assert.ok(!page.body.includes('Fees reported.'));
      const staffView = await t.app.inject({
        method: 'GET',
        url: `/api/recruiters/${recruiterId}`,
        headers: officer.headers,
      });
      assert.equal(staffView.json().certifications[0].status, 'suspended');
    });

    test('the refusals of a grant name the findings in fixed sentences (the web words them in its language)', async () => {
      const { certId, auditId } = await certifiedRecruiter('Pokhara Overseas', 'DOFE-777');
      for (const [criterion, severity] of [
        ['2.1', 'major'],
        ['3.1', 'minor'],
      ] as const)
        assert.equal(
          (
            await post(auditor, `/api/recruitment-audits/${auditId}/findings`, {
              criterion,
              severity,
              description: 'x',
            })
          ).statusCode,
          200,
        );
      await post(auditor, `/api/recruitment-audits/${auditId}/completion`, { summary: 'Two findings.' });
      const grant = () => post(officer, `/api/certifications/${certId}/decision`, { decision: 'grant', reason: 'ok' });
      // (apps/web/src/recruitment/refusals.ts reads these sentences: change both together)
      assert.equal(
        (await grant()).json().detail,
        'No certificate while a major finding is open: 2.1. Its corrective action must be verified first.',
      );
      const major = await t.deps.database.db
        .selectFrom('audit_findings')
        .select('id')
        .where('audit_id', '=', auditId)
        .where('severity', '=', 'major')
        .executeTakeFirstOrThrow();
      await t.deps.database.db
        .updateTable('audit_findings')
        .set({ status: 'closed' })
        .where('id', '=', major.id)
        .execute();
      assert.equal(
        (await grant()).json().detail,
        'Every minor finding needs a corrective action plan with a deadline first: 3.1.',
      );
    });

    test('lists: officers see all with filters, recruiter staff only their own; export is CSV with HXL', async () => {
      const all = await t.app.inject({
        method: 'GET',
        url: '/api/recruiters?destination=QAT',
        headers: officer.headers,
      });
      assert.equal(all.statusCode, 200);
      assert.deepEqual(
        all.json().items.map((r: { name: string }) => r.name),
        ['Dhaka Fair Manpower Services'],
      );
      const own = await t.app.inject({ method: 'GET', url: '/api/recruiters', headers: otherStaff.headers });
      assert.equal(own.json().total, 0);
      const csv = await post(officer, '/api/recruiters/export', { format: 'csv', status: 'withdrawn' });
      assert.equal(csv.statusCode, 200);
      const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
      assert.equal(lines[0]?.split(',')[0], 'name');
      assert.match(lines[1] ?? '', /^#org\+name,/);
      assert.match(lines[2] ?? '', /^Dhaka Fair Manpower Services,RL-1234/);
      const xlsx = await post(officer, '/api/recruiters/export', { format: 'xlsx' });
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    });
  });
}

describe('public register search', () => {
  test('exact licence first, then exact name, then by name; prefix licences; truncation', async () => {
    const { searchRegister } = await import('./public-register.ts');
    const entry = (name: string, licence: string) => ({
      nameFolded: foldForSearch(name),
      licenceFolded: foldLicence(licence),
      name,
      licenceNumber: licence,
      licensingAuthority: 'x',
      licenceCountry: 'BGD',
      licenceExpiresOn: null,
      certStatus: 'certified',
      certNumber: null,
      certExpiresAt: null,
      certChangedAt: null,
      certReason: null,
      corridors: ' ',
      sectors: ' ',
    });
    const list = [
      entry('Alpha Global', 'AB-1'),
      entry('Global', 'ZZ-9'),
      entry('Global Star', 'GL-12'),
      entry('Zeta Global', 'GL-1'),
    ].sort((a, b) => (a.nameFolded < b.nameFolded ? -1 : 1));
    const starts = new Int32Array(list.length);
    let at = 0;
    list.forEach((e, i) => {
      starts[i] = at;
      at += e.nameFolded.length + 1;
    });
    const byLicence = Int32Array.from(
      list.map((_, i) => i).sort((a, b) => (list[a]!.licenceFolded < list[b]!.licenceFolded ? -1 : 1)),
    );
    const byName = new Map(list.map((e, i) => [e.nameFolded, [i]]));
    const copy = {
      stamp: '1',
      entries: list,
      names: list.map((e) => e.nameFolded).join('\n'),
      starts,
      byLicence,
      byName,
    };
    const names = (q: string, max = 20) =>
      searchRegister(copy, foldForSearch(q), foldLicence(q), max).entries.map((e) => e.name);
    assert.deepEqual(names('global'), ['Global', 'Alpha Global', 'Global Star', 'Zeta Global']);
    assert.deepEqual(names('gl 1'), ['Zeta Global', 'Global Star']);
    assert.deepEqual(names('GLOBAL', 2), ['Global', 'Alpha Global']);
    assert.equal(searchRegister(copy, 'global', 'GLOBAL', 2).truncated, true);
    assert.deepEqual(names('nothing'), []);
  });
});
