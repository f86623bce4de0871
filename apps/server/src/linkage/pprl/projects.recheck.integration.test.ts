// Linkage results are re-checked when read: a partner's person who withdraws the basis for telling the caller, or
// whose record becomes restricted (a trafficking case), drops out of the caller's results at once, without the
// partner re-encoding or the matching running again (docs/linkage.md); a partner's person erased takes the caller's
// line about them with them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../../test/harness.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  recordBasis,
  registerPerson,
  type Staff,
} from '../../cases/cases.fixtures.ts';
import { runLinkageProjects } from './projects.jobs.ts';

for (const { engine, skip } of engines()) {
  describe(`linkage results re-checked at the partner (${engine})`, { skip }, () => {
    let t: TestApp;
    let a: Staff;
    let b: Staff;
    const orgs = { a: '', b: '' };
    const people: Record<string, string> = {};
    let projectId = '';

    const toldToA = async (): Promise<string[]> => {
      const r = await call(t, a, 'GET', `/api/linkage-projects/${projectId}/results`);
      assert.equal(r.statusCode, 200, r.body);
      return (r.json().items as { beneficiaryId: string }[]).map((i) => i.beneficiaryId).sort();
    };
    const toldToB = async (): Promise<string[]> =>
      (
        (await call(t, b, 'GET', `/api/linkage-projects/${projectId}/results`)).json().items as {
          beneficiaryId: string;
        }[]
      )
        .map((i) => i.beneficiaryId)
        .sort();
    const encodedAt = () =>
      t.deps.database.db
        .selectFrom('linkage_project_members')
        .select(['organisation_id', 'encoded_at'])
        .where('project_id', '=', projectId)
        .orderBy('organisation_id')
        .execute();

    before(async () => {
      t = await startTestApp(engine);
      orgs.a = (await buildOrganisation(t, { name: 'Org A' })).id;
      orgs.b = (await buildOrganisation(t, { name: 'Org B' })).id;
      const platform = await buildStaff(t, orgs.a, ['platform_admin']);
      a = await buildStaff(t, orgs.a, ['admin', 'supervisor', 'caseworker']);
      b = await buildStaff(t, orgs.b, ['admin', 'supervisor', 'caseworker']);
      // Three people known to both, each with a basis at each side for telling the other.
      for (const [key, nameLatin, dateOfBirth] of [
        ['Amina', 'Amina Yusuf', '1998-03-14'],
        ['Grace', 'Grace Okello', '1987-11-02'],
        ['Omar', 'Omar Haddad', '1975-06-30'],
      ] as const) {
        people[`a${key}`] = await registerPerson(t, a, { nameLatin, dateOfBirth });
        people[`b${key}`] = await registerPerson(t, b, { nameLatin, dateOfBirth });
        await recordBasis(t, a, {
          beneficiaryId: people[`a${key}`]!,
          purpose: 'referral',
          recipientOrganisationId: orgs.b,
        });
        await recordBasis(t, b, {
          beneficiaryId: people[`b${key}`]!,
          purpose: 'referral',
          recipientOrganisationId: orgs.a,
        });
      }
      await recordBasis(t, b, { beneficiaryId: people.bGrace!, purpose: 'assistance' });
      const agreement = await call(t, platform, 'POST', '/api/data-sharing-agreements', {
        organisationAId: orgs.a,
        organisationBId: orgs.b,
        purpose: 'record_linkage',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      });
      assert.equal(agreement.statusCode, 201, agreement.body);
      const project = await call(t, platform, 'POST', '/api/linkage-projects', {
        name: 'Partners',
        memberOrganisationIds: [orgs.a, orgs.b],
      });
      assert.equal(project.statusCode, 201, project.body);
      projectId = project.json().id;
      for (const who of [a, b])
        assert.equal((await call(t, who, 'POST', `/api/linkage-projects/${projectId}/encode`)).statusCode, 202);
      await runLinkageProjects(t.deps.database, t.deps.config, t.clock.now());
    });
    after(() => t?.close());

    test('both sides are told about all three to begin with', async () => {
      assert.deepEqual(await toldToA(), [people.aAmina!, people.aGrace!, people.aOmar!].sort());
      assert.deepEqual(await toldToB(), [people.bAmina!, people.bGrace!, people.bOmar!].sort());
    });

    test('a withdrawal at B of referral to A silences the line at A at once; B is still told', async () => {
      const before = await encodedAt();
      t.clock.advance(60_000);
      await recordBasis(t, b, {
        beneficiaryId: people.bAmina!,
        purpose: 'referral',
        recipientOrganisationId: orgs.a,
        action: 'withdraw',
      });
      assert.deepEqual(await toldToA(), [people.aGrace!, people.aOmar!].sort());
      // A's Amina still has a basis for telling B: B goes on learning that A knows its Amina.
      assert.deepEqual(await toldToB(), [people.bAmina!, people.bGrace!, people.bOmar!].sort());
      assert.deepEqual(await encodedAt(), before, 'nothing was re-encoded');
    });

    test('a trafficking case opened at B (restricted record) silences the line at A at once', async () => {
      const before = await encodedAt();
      t.clock.advance(60_000);
      await openCase(t, b, people.bGrace!, forms.trafficking());
      const restricted = await t.deps.database.db
        .selectFrom('beneficiaries')
        .select('restricted')
        .where('id', '=', people.bGrace!)
        .executeTakeFirstOrThrow();
      assert.equal(Number(restricted.restricted), 1);
      assert.deepEqual(await toldToA(), [people.aOmar!]);
      assert.deepEqual(await toldToB(), [people.bAmina!, people.bOmar!].sort());
      assert.deepEqual(await encodedAt(), before, 'nothing was re-encoded');
    });

    test('a person erased at B takes A’s line about them with them, at once', async () => {
      assert.deepEqual(await toldToA(), [people.aOmar!]);
      const erased = await call(t, b, 'POST', `/api/beneficiaries/${people.bOmar!}/erasure`, {
        mode: 'erase',
        reason: 'subject_request',
      });
      assert.equal(erased.statusCode, 200, erased.body);
      assert.deepEqual(await toldToA(), []);
      assert.deepEqual(await toldToB(), [people.bAmina!]);
      // The line is gone from the store, not only hidden: nothing at A still pairs its Omar with B.
      const left = await t.deps.database.db
        .selectFrom('linkage_matches')
        .select('record_ref')
        .where('project_id', '=', projectId)
        .where('organisation_id', '=', orgs.a)
        .where('beneficiary_id', '=', people.aOmar!)
        .execute();
      assert.deepEqual(left, []);
      // A's Amina and Grace lines about B stay stored (only silenced while their basis at B is gone).
      const kept = await t.deps.database.db
        .selectFrom('linkage_matches')
        .select('beneficiary_id')
        .where('project_id', '=', projectId)
        .where('organisation_id', '=', orgs.a)
        .execute();
      assert.deepEqual(kept.map((k) => k.beneficiary_id).sort(), [people.aAmina!, people.aGrace!].sort());
    });
  });
}
