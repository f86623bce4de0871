// Return and reintegration end to end, on both engines: a plan on an assisted voluntary return case, support
// items, the hand-over from the host office to the origin office (only with a basis), surveys at baseline and
// follow-ups scored with the current instrument, the per-returnee trend, and cohort trends with small cells hidden.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { buildTraveller, ok } from '../movements/movements.fixtures.ts';
import { currentInstrument } from './survey-instrument.ts';

const inst = currentInstrument();
/** Answers giving option `k` (0 = worst in the instrument's order for most items) to every item. */
const answers = (k: number) =>
  Object.fromEntries(inst.items.map((i) => [i.code, i.options[Math.min(k, i.options.length - 1)]!.code]));

for (const { engine, skip } of engines()) {
  describe(`return and reintegration (${engine})`, { skip }, () => {
    let t: TestApp;
    let host: Member;
    let origin: Member;
    let analyst: Member;
    let originOrgId: string;
    before(async () => {
      t = await startTestApp(engine);
      t.clock.set(new Date('2027-09-01T08:00:00Z'));
      const hostOrg = await buildOrganisation(t, { country: 'LBN' });
      const originOrg = await buildOrganisation(t, { country: 'ETH' });
      originOrgId = originOrg.id;
      host = await buildMember(t, hostOrg.id, ['caseworker', 'supervisor']);
      origin = await buildMember(t, originOrg.id, ['caseworker']);
      analyst = await buildMember(t, originOrg.id, ['analyst']);
    });
    after(() => t?.close());

    async function returnee(name: string, withBasis = true) {
      const b = await buildTraveller(
        t,
        host,
        { givenName: name, familyName: 'Returnee' },
        withBasis ? originOrgId : undefined,
      );
      const c = await ok<{ id: string }>(
        as(t, host, 'POST', '/api/cases', { beneficiaryId: b.id, form: { type: 'avrr', countryOfReturn: 'ETH' } }),
        201,
      );
      const plan = await ok<{ id: string; status: string }>(
        as(t, host, 'POST', '/api/reintegration/plans', { caseId: c.id, returnedOn: '2026-08-15' }),
        201,
      );
      return { b, c, plan };
    }

    test('from pre-departure to the 12-month survey, across the hand-over', async () => {
      const { plan, c } = await returnee('Tigist');
      assert.equal(plan.status, 'draft');
      assert.equal((await as(t, host, 'POST', '/api/reintegration/plans', { caseId: c.id })).statusCode, 409);
      await ok(
        as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/items`, {
          dimension: 'economic',
          level: 'individual',
          support: 'business_grant',
          description: 'Grant and training to open a tailoring shop in Hawassa',
        }),
        201,
      );
      await ok(
        as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
          round: 'baseline',
          conductedOn: '2026-08-01',
          answers: answers(0),
        }),
        201,
      );
      // The origin office sees nothing until the hand-over.
      assert.equal((await as(t, origin, 'GET', `/api/reintegration/plans/${plan.id}`)).statusCode, 404);
      const h = await ok<{ id: string }>(
        as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/handover`, { toOrganisationId: originOrgId }),
        201,
      );
      const pending = await ok<{ items: { handover: { id: string }; returnee: Record<string, unknown> }[] }>(
        as(t, origin, 'GET', '/api/reintegration/handovers'),
        200,
      );
      assert.equal(pending.items.length, 1);
      assert.deepEqual(Object.keys(pending.items[0]!.returnee).sort(), [
        'beneficiaryId',
        'citizenships',
        'identityHidden',
        'nameLatin',
        'sex',
        'yearOfBirth',
      ]);
      await ok(as(t, origin, 'POST', `/api/reintegration/handovers/${h.id}/accept`), 200);
      // From now on the origin office holds the plan: the host office reads it but no longer changes it.
      assert.equal(
        (
          await as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
            round: 'm3',
            conductedOn: '2026-11-15',
            answers: answers(1),
          })
        ).json().code,
        'invalid_transition',
      );
      const view = await ok<{ caseId: string | null; surveys: { answers: Record<string, string> }[] }>(
        as(t, origin, 'GET', `/api/reintegration/plans/${plan.id}`),
        200,
      );
      assert.equal(view.caseId, null, 'the origin office never sees the host office’s case');
      for (const [round, day, k] of [
        ['m3', '2026-11-15', 1],
        ['m6', '2027-02-15', 2],
        ['m12', '2027-08-15', 3],
      ] as const)
        await ok(
          as(t, origin, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
            round,
            conductedOn: day,
            answers: answers(k),
          }),
          201,
        );
      const final = await ok<{ status: string; surveys: { round: string; scores: { composite: number } }[] }>(
        as(t, origin, 'GET', `/api/reintegration/plans/${plan.id}`),
        200,
      );
      assert.equal(final.status, 'completed');
      // A completed plan takes no more support.
      const late = await as(t, origin, 'POST', `/api/reintegration/plans/${plan.id}/items`, {
        dimension: 'economic',
        level: 'individual',
        support: 'business_grant',
        description: 'A second grant after the last survey',
      });
      assert.equal(late.statusCode, 409, late.body);
      assert.equal(late.json().code, 'invalid_transition');
      assert.deepEqual(
        final.surveys.map((s) => s.round),
        ['baseline', 'm3', 'm6', 'm12'],
      );
      const c3 = final.surveys.map((s) => s.scores.composite);
      assert.ok(c3[0]! < c3[3]!, `composite rises from baseline to 12 months: ${c3.join(', ')}`);
      const hostView = await ok<{ surveys: { answers: Record<string, string> }[] }>(
        as(t, host, 'GET', `/api/reintegration/plans/${plan.id}`),
        200,
      );
      assert.deepEqual(hostView.surveys[1]!.answers, {}, 'answers stay with the office holding the plan');
    });

    test('a hand-over needs a basis; surveys are refused out of order, twice, or with bad answers', async () => {
      const { plan } = await returnee('Meron', false);
      const h = await as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/handover`, {
        toOrganisationId: originOrgId,
      });
      assert.equal(h.json().code, 'basis_required');
      const early = await as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
        round: 'm6',
        conductedOn: '2026-09-01',
        answers: answers(1),
      });
      assert.equal(early.json().code, 'invalid_transition');
      const partial = { ...answers(1) };
      delete partial.distress;
      const bad = await as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
        round: 'baseline',
        conductedOn: '2026-09-01',
        answers: partial,
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].pointer, '/answers/distress');
      await ok(
        as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
          round: 'baseline',
          conductedOn: '2026-09-01',
          answers: answers(1),
        }),
        201,
      );
      assert.equal(
        (
          await as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
            round: 'baseline',
            conductedOn: '2026-09-02',
            answers: answers(1),
          })
        ).statusCode,
        409,
      );
    });

    test('cohort trends hide rounds with fewer than 5 returnees', async () => {
      for (let i = 0; i < 5; i++) {
        const { plan } = await returnee(`Cohort${i}`);
        await ok(
          as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
            round: 'baseline',
            conductedOn: '2026-08-20',
            answers: answers(i % 3),
          }),
          201,
        );
        if (i < 2)
          await ok(
            as(t, host, 'POST', `/api/reintegration/plans/${plan.id}/surveys`, {
              round: 'm3',
              conductedOn: '2026-11-20',
              answers: answers(2),
            }),
            201,
          );
      }
      const trend = await ok<{ rounds: { round: string; n: number; suppressed: boolean; composite: number | null }[] }>(
        as(t, host, 'GET', '/api/reintegration/cohorts?country=ETH&cohort=2026-Q3'),
        200,
      );
      const base = trend.rounds.find((r) => r.round === 'baseline')!;
      assert.ok(base.n >= 5 && !base.suppressed && base.composite !== null);
      const m3 = trend.rounds.find((r) => r.round === 'm3')!;
      assert.deepEqual([m3.suppressed, m3.n, m3.composite], [true, 0, null]);
      // An analyst of the origin office sees only plans its office holds (one, handed over above: too few).
      const theirs = await ok<{ rounds: { suppressed: boolean; composite: number | null }[] }>(
        as(t, analyst, 'GET', '/api/reintegration/cohorts'),
        200,
      );
      assert.ok(theirs.rounds.every((r) => r.composite === null));
      assert.equal((await as(t, analyst, 'GET', '/api/reintegration/plans')).statusCode, 403);
    });

    test('once the referral basis is withdrawn the origin office no longer sees or decides the hand-over', async () => {
      const kept = await returnee('Selam');
      const { b, plan } = await returnee('Hiwot');
      const send = (id: string) =>
        ok<{ id: string }>(
          as(t, host, 'POST', `/api/reintegration/plans/${id}/handover`, { toOrganisationId: originOrgId }),
          201,
        );
      const hKept = await send(kept.plan.id);
      const h = await send(plan.id);
      const referral = (action: 'grant' | 'withdraw') =>
        ok(
          as(t, host, 'POST', `/api/beneficiaries/${b.id}/consents`, {
            purpose: 'referral',
            recipientOrganisationId: originOrgId,
            basis: 'vital_interest',
            action,
          }),
          201,
        );
      await referral('withdraw');
      const inbox = async () => {
        const res = await as(t, origin, 'GET', '/api/reintegration/handovers');
        assert.equal(res.statusCode, 200);
        return { body: res.body, ids: (res.json().items as { handover: { id: string } }[]).map((i) => i.handover.id) };
      };
      const before = await inbox();
      assert.ok(before.ids.includes(hKept.id), 'a hand-over whose basis holds stays listed');
      assert.ok(!before.ids.includes(h.id));
      assert.ok(!before.body.includes('Hiwot'), 'no profile of the returnee whose basis was withdrawn');
      // As a referral's receiver after a withdrawal: 404, as for a hand-over that does not exist.
      for (const verb of ['accept', 'decline']) {
        const res = await as(t, origin, 'POST', `/api/reintegration/handovers/${h.id}/${verb}`);
        assert.equal(res.statusCode, 404, `${verb}: ${res.body}`);
        assert.ok(!res.body.includes('Hiwot'));
      }
      assert.equal((await as(t, origin, 'GET', `/api/reintegration/plans/${plan.id}`)).statusCode, 404);
      assert.equal((await as(t, origin, 'GET', `/api/beneficiaries/${b.id}`)).statusCode, 404);
      // A new grant restores it: listed again, and the office may then accept it.
      await referral('grant');
      assert.ok((await inbox()).ids.includes(h.id));
      await ok(as(t, origin, 'POST', `/api/reintegration/handovers/${h.id}/accept`), 200);
      await ok(as(t, origin, 'GET', `/api/reintegration/plans/${plan.id}`), 200);
    });
  });
}
