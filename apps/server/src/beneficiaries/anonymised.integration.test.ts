// An anonymised person (docs/subject-rights.md) as the API presents them and what it refuses them, on both engines:
// the record, lists, search results and their case say it is anonymised (the stored name stays the one English name,
// for a client to word), and no new consent, case, service or referral is recorded for them, each refused with 409
// and the rule `anonymised`; an import refuses each row about them, naming the column, instead of reading them as a
// person whose basis lapsed. (Records on their cases: cases/case-records.anonymised.integration.test.ts.)
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
} from '../cases/cases.fixtures.ts';
import { ANONYMISED_NAME } from './anonymised.ts';

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
  describe(`an anonymised person (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let partner: string;
    let worker: Staff;
    let supervisor: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      partner = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor']);
      await buildStaff(t, partner, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    /** A person with an open protection case and bases for assistance and a referral to the partner, anonymised. */
    async function anonymisedWithOpenCase(): Promise<{ personId: string; caseId: string; reference: string }> {
      const personId = await personWithAssistanceBasis(t, worker, { nameLatin: 'Selam Tesfay' });
      await recordBasis(t, worker, { beneficiaryId: personId, purpose: 'referral', recipientOrganisationId: partner });
      const opened = await openCase(t, worker, personId, forms.protection());
      const res = await call(t, supervisor, 'POST', `/api/beneficiaries/${personId}/erasure`, {
        mode: 'anonymise',
        reason: 'subject_request',
      });
      assert.equal(res.statusCode, 200, res.body);
      return { personId, caseId: opened.id, reference: opened.reference };
    }

    test('the record says it is anonymised; the stored name is unchanged', async () => {
      const personId = await personWithAssistanceBasis(t, worker, { nameLatin: 'Hiwet Gebre' });
      const before = await call(t, worker, 'GET', `/api/beneficiaries/${personId}`);
      assert.equal(before.json().anonymised, false);
      await call(t, supervisor, 'POST', `/api/beneficiaries/${personId}/erasure`, {
        mode: 'anonymise',
        reason: 'retention',
      });
      const res = await call(t, worker, 'GET', `/api/beneficiaries/${personId}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().anonymised, true);
      assert.equal(res.json().nameLatin, ANONYMISED_NAME, 'the stored name stays (search and statistics read it)');
    });

    test('lists, search and their case say they are anonymised, for the page to word the stored name', async () => {
      const { personId, caseId } = await anonymisedWithOpenCase();
      const other = await personWithAssistanceBasis(t, worker, { nameLatin: 'Abeba Kidane' });
      const flags = (items: { id: string; nameLatin: string; anonymised: boolean }[]) =>
        items
          .filter((b) => b.id === personId || b.id === other)
          .map((b) => [b.id === personId ? 'anonymised' : 'other', b.nameLatin, b.anonymised])
          .sort();
      const expected = [
        ['anonymised', ANONYMISED_NAME, true],
        ['other', 'Abeba Kidane', false],
      ];
      const list = await call(t, worker, 'GET', '/api/beneficiaries?limit=100');
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(flags(list.json().items), expected);
      // Anonymisation keeps the year of birth (as 1 January): a search by birth finds them, flagged.
      const found = await call(t, worker, 'POST', '/api/beneficiaries/search', {
        dobFrom: '1998-01-01',
        dobTo: '1998-12-31',
        limit: 50,
      });
      assert.equal(found.statusCode, 200, found.body);
      assert.deepEqual(flags(found.json().items.map((h: { beneficiary: never }) => h.beneficiary)), expected);
      const kept = await call(t, worker, 'GET', `/api/cases/${caseId}`);
      assert.equal(kept.statusCode, 200, kept.body);
      assert.deepEqual([kept.json().person.nameLatin, kept.json().person.anonymised], [ANONYMISED_NAME, true]);
    });

    test('no consent event, case, service or referral is recorded for them: 409, rule anonymised', async () => {
      const db = t.deps.database.db;
      const { personId, caseId } = await anonymisedWithOpenCase();
      const counts = async () => ({
        consents: (await db.selectFrom('consent_events').select('id').where('beneficiary_id', '=', personId).execute())
          .length,
        cases: (await db.selectFrom('cases').select('id').where('beneficiary_id', '=', personId).execute()).length,
        services: (await db.selectFrom('case_services').select('id').where('case_id', '=', caseId).execute()).length,
        referrals: (await db.selectFrom('referrals').select('id').where('beneficiary_id', '=', personId).execute())
          .length,
      });
      const before = await counts();
      assert.equal(before.consents, 0, 'anonymisation deleted the ledger');

      for (const action of ['grant', 'withdraw'] as const)
        assertAnonymisedRefusal(
          await call(t, worker, 'POST', `/api/beneficiaries/${personId}/consents`, {
            purpose: 'assistance',
            recipientOrganisationId: null,
            basis: 'consent',
            action,
            informationGiven: 'Explained again in Tigrinya.',
          }),
        );
      // Refused as anonymised, not merely for want of a basis (which a new consent could otherwise give).
      assertAnonymisedRefusal(
        await call(t, worker, 'POST', '/api/cases', { beneficiaryId: personId, form: forms.protection() }),
        '/beneficiaryId',
      );
      assertAnonymisedRefusal(
        await call(t, worker, 'POST', `/api/cases/${caseId}/services`, {
          serviceType: 'interpretation',
          deliveredOn: '2026-01-05',
        }),
      );
      assertAnonymisedRefusal(
        await call(t, worker, 'POST', `/api/cases/${caseId}/referrals`, {
          toOrganisationId: partner,
          serviceType: null,
          reason: 'AdditionalServicesRequired',
          message: null,
          dueOn: null,
        }),
      );
      assert.deepEqual(await counts(), before, 'nothing was written');
      // The kept case may still be read.
      assert.equal((await call(t, worker, 'GET', `/api/cases/${caseId}`)).statusCode, 200);
    });

    test('an import refuses each row about them, naming the column, and writes nothing', async () => {
      const db = t.deps.database.db;
      const { personId, caseId, reference } = await anonymisedWithOpenCase();
      const other = await personWithAssistanceBasis(t, worker, { nameLatin: 'Abeba Kidane' });
      const send = (kind: string, csv: string, declaration: Record<string, unknown>) =>
        call(t, worker, 'POST', '/api/imports', {
          kind,
          filename: `${kind}.csv`,
          content: Buffer.from(csv).toString('base64'),
          ...declaration,
        });
      const declared = { basis: 'public_interest', informationGiven: 'Assistance explained in the person’s language.' };
      type Row = { row: number; column: string | null; issue?: string };
      const problems = (res: { json(): unknown }) =>
        (res.json() as { errors: Row[] }).errors.map((e) => [e.row, e.column, e.issue]);

      const cases = await send(
        'cases',
        [
          'beneficiary_id,case_type,situation,needs',
          `${personId},protection,stranded,accommodation`,
          `${other},protection,stranded,accommodation`,
        ].join('\n'),
        declared,
      );
      assert.equal(cases.statusCode, 422, cases.body);
      assert.deepEqual(problems(cases), [[2, 'beneficiary_id', 'person_anonymised']]);

      const services = await send(
        'services',
        `case_id,service_type,delivered_on\n${caseId},interpretation,2026-01-05\n`,
        {},
      );
      assert.equal(services.statusCode, 422, services.body);
      assert.deepEqual(problems(services), [[2, 'case_id', 'person_anonymised']]);
      const byReference = await send(
        'services',
        `case_reference,service_type,delivered_on\n${reference},interpretation,2026-01-05\n`,
        {},
      );
      assert.equal(byReference.statusCode, 422, byReference.body);
      assert.deepEqual(problems(byReference), [[2, 'case_reference', 'person_anonymised']]);

      // A beneficiaries row naming them: refused as anonymised, not as a person whose basis lapsed.
      const people = await send('beneficiaries', `beneficiary_id,country\n${personId},LBY\n`, declared);
      assert.equal(people.statusCode, 422, people.body);
      assert.deepEqual(problems(people), [[2, null, 'person_anonymised']]);

      assert.equal(
        (await db.selectFrom('cases').select('id').where('beneficiary_id', 'in', [personId, other]).execute()).length,
        1,
        'only the anonymised person’s kept case: the file imported nothing',
      );
      assert.equal(
        (await db.selectFrom('case_services').select('id').where('case_id', '=', caseId).execute()).length,
        0,
      );
    });
  });
}
