// A restricted person (a trafficking, GBV or child case) shown beside another context's records, on both engines:
// the manifest and a passenger, a reintegration plan, an evacuation request, and their exports show the person's
// identity only to staff on their sensitive case (each showing audited as a sensitive read); a colleague of the same
// organisation who is not on it sees the record without it, and may not hand the person over to a partner.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { sensitiveReads } from '../cases/cases.fixtures.ts';
import { buildMovement, buildTraveller, legBody, ok } from '../movements/movements.fixtures.ts';
import { as, buildMember, type Member, openSensitiveCase } from './beneficiaries.fixtures.ts';
import { RESTRICTED_IDENTITY } from './beneficiaries.service.ts';

type Passenger = { id: string; nameLatin: string; dateOfBirth: string | null; identityHidden: boolean };

for (const { engine, skip } of engines()) {
  describe(`restricted people shown elsewhere (${engine})`, { skip }, () => {
    let t: TestApp;
    let onCase: Member;
    let colleague: Member;
    let partnerOrgId: string;
    before(async () => {
      t = await startTestApp(engine);
      t.clock.set(new Date('2026-06-20T08:00:00Z'));
      const org = await buildOrganisation(t, { country: 'IRQ' });
      partnerOrgId = (await buildOrganisation(t, { country: 'ETH' })).id;
      // Both run movements and work cases; only `onCase` is on the person's trafficking case.
      onCase = await buildMember(t, org.id, ['operations_officer', 'caseworker']);
      colleague = await buildMember(t, org.id, ['operations_officer', 'supervisor']);
    });
    after(() => t?.close());

    /** Audit entries of showing person `id` (beneficiary.read, sensitive), by where. */
    const shownVia = async (id: string) =>
      (await sensitiveReads(t, id))
        .filter((r) => r.action === 'beneficiary.read')
        .map((r) => (JSON.parse(r.details) as { via: string }).via);

    test('the manifest, a passenger and the manifest export', async () => {
      const b = await buildTraveller(t, onCase, { givenName: 'Selam', familyName: 'Restricted' }, partnerOrgId);
      const other = await buildTraveller(t, onCase, { givenName: 'Dawit', familyName: 'Open' });
      const mv = await buildMovement(t, onCase, {
        type: 'voluntary_return',
        reference: 'AVR-R-1',
        originCountry: 'IRQ',
        destinationCountry: 'ETH',
        receptionOrganisationId: partnerOrgId,
        legs: [legBody(10)],
      });
      const x = await ok<Passenger>(
        as(t, onCase, 'POST', `/api/movements/${mv.id}/passengers`, { beneficiaryId: b.id, caseId: null }),
        201,
      );
      await ok(
        as(t, onCase, 'POST', `/api/movements/${mv.id}/passengers`, { beneficiaryId: other.id, caseId: null }),
        201,
      );
      await openSensitiveCase(t, onCase.organisationId, b.id, onCase.id);

      const theirs = await ok<{ items: Passenger[] }>(as(t, colleague, 'GET', `/api/movements/${mv.id}/manifest`), 200);
      const hidden = theirs.items.find((i) => i.id === x.id)!;
      assert.deepEqual([hidden.identityHidden, hidden.nameLatin, hidden.dateOfBirth], [true, '', null]);
      assert.ok(!JSON.stringify(theirs).includes('Selam'), 'the restricted name is not in the colleague’s manifest');
      const open = theirs.items.find((i) => i.id !== x.id)!;
      assert.deepEqual([open.identityHidden, open.nameLatin], [false, 'Dawit Open']);
      const one = await ok<Passenger>(as(t, colleague, 'GET', `/api/passengers/${x.id}`), 200);
      assert.deepEqual([one.identityHidden, one.nameLatin], [true, '']);
      const file = await as(t, colleague, 'POST', `/api/movements/${mv.id}/manifest/export`, { format: 'csv' });
      assert.equal(file.statusCode, 200, file.body);
      assert.ok(!file.body.includes('Selam') && file.body.includes(RESTRICTED_IDENTITY) && file.body.includes('Dawit'));
      assert.deepEqual(await shownVia(b.id), [], 'nothing of the person was shown');
      // Handing the person over to the reception partner is for staff on their case.
      const handover = await as(t, colleague, 'POST', `/api/passengers/${x.id}/reception`);
      assert.equal(handover.statusCode, 403, handover.body);

      const mine = await ok<{ items: Passenger[] }>(as(t, onCase, 'GET', `/api/movements/${mv.id}/manifest`), 200);
      const shown = mine.items.find((i) => i.id === x.id)!;
      assert.deepEqual([shown.identityHidden, shown.nameLatin], [false, 'Selam Restricted']);
      await ok(as(t, onCase, 'GET', `/api/passengers/${x.id}`), 200);
      const mineFile = await as(t, onCase, 'POST', `/api/movements/${mv.id}/manifest/export`, { format: 'csv' });
      assert.ok(mineFile.body.includes('Selam Restricted'));
      assert.deepEqual(await shownVia(b.id), ['manifest', 'passenger', 'export']);
      await ok(as(t, onCase, 'POST', `/api/passengers/${x.id}/reception`), 201);
    });

    test('a reintegration plan: list, plan, export and hand-over', async () => {
      const b = await buildTraveller(t, onCase, { givenName: 'Meron', familyName: 'Returnee' }, partnerOrgId);
      const c = await ok<{ id: string }>(
        as(t, onCase, 'POST', '/api/cases', { beneficiaryId: b.id, form: { type: 'avrr', countryOfReturn: 'ETH' } }),
        201,
      );
      const plan = await ok<{ id: string }>(as(t, onCase, 'POST', '/api/reintegration/plans', { caseId: c.id }), 201);
      await openSensitiveCase(t, onCase.organisationId, b.id, onCase.id);

      type Summary = { id: string; returneeName: string; identityHidden: boolean };
      const list = await ok<{ items: Summary[] }>(as(t, colleague, 'GET', '/api/reintegration/plans'), 200);
      const row = list.items.find((i) => i.id === plan.id)!;
      assert.deepEqual([row.identityHidden, row.returneeName], [true, '']);
      const full = await ok<{ returnee: Record<string, unknown> }>(
        as(t, colleague, 'GET', `/api/reintegration/plans/${plan.id}`),
        200,
      );
      assert.deepEqual(full.returnee, {
        beneficiaryId: b.id,
        nameLatin: '',
        sex: null,
        yearOfBirth: null,
        citizenships: [],
        identityHidden: true,
      });
      const file = await as(t, colleague, 'POST', '/api/reintegration/plans/export', { format: 'csv' });
      assert.equal(file.statusCode, 200, file.body);
      assert.ok(!file.body.includes('Meron') && file.body.includes(RESTRICTED_IDENTITY));
      const handover = await as(t, colleague, 'POST', `/api/reintegration/plans/${plan.id}/handover`, {
        toOrganisationId: partnerOrgId,
      });
      assert.equal(handover.statusCode, 403, handover.body);
      assert.deepEqual(await shownVia(b.id), []);

      const mine = await ok<{ items: Summary[] }>(as(t, onCase, 'GET', '/api/reintegration/plans'), 200);
      assert.equal(mine.items.find((i) => i.id === plan.id)!.returneeName, 'Meron Returnee');
      const mineFull = await ok<{ returnee: { nameLatin: string } }>(
        as(t, onCase, 'GET', `/api/reintegration/plans/${plan.id}`),
        200,
      );
      assert.equal(mineFull.returnee.nameLatin, 'Meron Returnee');
      const mineFile = await as(t, onCase, 'POST', '/api/reintegration/plans/export', { format: 'csv' });
      assert.ok(mineFile.body.includes('Meron Returnee'));
      assert.deepEqual(await shownVia(b.id), ['reintegration_list', 'reintegration_plan', 'export']);
    });

    test('an evacuation request whose person became restricted', async () => {
      const crisis = await ok<{ id: string }>(
        as(t, onCase, 'POST', '/api/crises', {
          code: 'IRQ-R-1',
          name: 'Restricted people',
          country: 'IRQ',
          areas: ['IQG01'],
          startedOn: '2026-06-01',
          emergencyLevel: 'L2',
        }),
        201,
      );
      const req = await ok<{ id: string }>(
        as(t, onCase, 'POST', `/api/crises/${crisis.id}/evacuation-requests`, {
          channel: 'individual',
          nationality: 'ETH',
          givenName: 'Hanna',
          familyName: 'Requested',
          dateOfBirth: '1995-03-04',
          phone: '+964 750 222 3333',
        }),
        201,
      );
      const accepted = await ok<{ beneficiaryId: string }>(
        as(t, onCase, 'POST', `/api/evacuation-requests/${req.id}/accept`, {}),
        200,
      );
      await openSensitiveCase(t, onCase.organisationId, accepted.beneficiaryId, onCase.id);

      type Request = { id: string; givenName: string | null; phone: string | null; identityHidden: boolean };
      const theirs = await ok<{ items: Request[] }>(
        as(t, colleague, 'GET', `/api/crises/${crisis.id}/evacuation-requests`),
        200,
      );
      const r = theirs.items.find((i) => i.id === req.id)!;
      assert.deepEqual([r.identityHidden, r.givenName, r.phone], [true, null, null]);
      assert.ok(!JSON.stringify(theirs).includes('Hanna'));
      const file = await as(t, colleague, 'POST', `/api/crises/${crisis.id}/evacuation-requests/export`, {
        format: 'csv',
      });
      assert.equal(file.statusCode, 200, file.body);
      assert.ok(!file.body.includes('Hanna') && !file.body.includes('222 3333'));
      assert.deepEqual(await shownVia(accepted.beneficiaryId), []);

      const mine = await ok<{ items: Request[] }>(
        as(t, onCase, 'GET', `/api/crises/${crisis.id}/evacuation-requests`),
        200,
      );
      const m = mine.items.find((i) => i.id === req.id)!;
      assert.deepEqual([m.identityHidden, m.givenName], [false, 'Hanna']);
      assert.deepEqual(await shownVia(accepted.beneficiaryId), ['evacuation_request']);
    });
  });
}
