// Linkage projects end to end on a real database: two organisations register people, record their bases, ask for
// encoding; the job encodes and matches; each organisation learns which of its own people the other also knows,
// only where an agreement and the person's basis allow it, with no score and no partner identifier.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../../test/harness.ts';
import { markRestricted } from '../../beneficiaries/beneficiaries.service.ts';
import { buildStaff, call, recordBasis, registerPerson, type Staff } from '../../cases/cases.fixtures.ts';
import { runLinkageProjects } from './projects.jobs.ts';

for (const { engine, skip } of engines()) {
  describe(`linkage projects (${engine})`, { skip }, () => {
    let t: TestApp;
    let platform: Staff;
    let a: Staff;
    let b: Staff;
    let c: Staff;
    let aCase: Staff;
    const orgs: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
    const people: Record<string, string> = {};
    let projectId = '';

    const put = (who: Staff, url: string, payload: unknown) =>
      t.app.inject({ method: 'PUT', url, headers: who.session.headers, payload: payload as Record<string, unknown> });

    before(async () => {
      t = await startTestApp(engine);
      for (const k of ['a', 'b', 'c'] as const) orgs[k] = (await buildOrganisation(t, { name: `Org ${k}` })).id;
      platform = await buildStaff(t, orgs.a, ['platform_admin']);
      a = await buildStaff(t, orgs.a, ['admin', 'supervisor', 'caseworker']);
      aCase = await buildStaff(t, orgs.a, ['caseworker']);
      b = await buildStaff(t, orgs.b, ['admin', 'supervisor', 'caseworker']);
      c = await buildStaff(t, orgs.c, ['admin', 'supervisor', 'caseworker']);
      // Amina: known to A and B (spelt differently), both with a basis for the other. Grace: known to A and B, but
      // B's Grace has a basis for C only. Omar: only at A. Amina is also known to C, which has no agreement.
      people.aAmina = await registerPerson(t, a, { nameLatin: 'Amina Yusuf', dateOfBirth: '1998-03-14' });
      people.bAmina = await registerPerson(t, b, { nameLatin: 'Amina Yousef', dateOfBirth: '1998-03-14' });
      people.cAmina = await registerPerson(t, c, { nameLatin: 'Amina Yusuf', dateOfBirth: '1998-03-14' });
      people.aGrace = await registerPerson(t, a, { nameLatin: 'Grace Okello', dateOfBirth: '1987-11-02' });
      people.bGrace = await registerPerson(t, b, { nameLatin: 'Grace Okelo', dateOfBirth: '1987-11-02' });
      people.aOmar = await registerPerson(t, a, { nameLatin: 'Omar Haddad', dateOfBirth: '1975-06-30' });
      people.aNoBasis = await registerPerson(t, a, { nameLatin: 'Samir Nasser', dateOfBirth: '1991-01-01' });
      people.bSamir = await registerPerson(t, b, { nameLatin: 'Samir Nasser', dateOfBirth: '1991-01-01' });
      const grant = (who: Staff, id: string, to: string) =>
        recordBasis(t, who, { beneficiaryId: id, purpose: 'referral', recipientOrganisationId: to });
      await grant(a, people.aAmina, orgs.b);
      await grant(b, people.bAmina, orgs.a);
      await grant(c, people.cAmina, orgs.a);
      await grant(a, people.aGrace, orgs.b);
      await grant(b, people.bGrace, orgs.c);
      await grant(a, people.aOmar, orgs.b);
      await grant(b, people.bSamir, orgs.a);
      // Lina has a basis but a restricted (sensitive) record at A, and is known to B: never encoded at A.
      people.aLina = await registerPerson(t, a, { nameLatin: 'Lina Saleh', dateOfBirth: '2001-03-09' });
      people.bLina = await registerPerson(t, b, { nameLatin: 'Lina Saleh', dateOfBirth: '2001-03-09' });
      await grant(a, people.aLina, orgs.b);
      await grant(b, people.bLina, orgs.a);
      await t.deps.database.db.transaction().execute((trx) => markRestricted(trx, people.aLina!));
      const agreement = await call(t, platform, 'POST', '/api/data-sharing-agreements', {
        organisationAId: orgs.a,
        organisationBId: orgs.b,
        purpose: 'record_linkage',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      });
      assert.equal(agreement.statusCode, 201, agreement.body);
    });
    after(() => t?.close());

    test('a project is created by a platform administrator; bad schemas are refused with every problem', async () => {
      const bad = await call(t, platform, 'POST', '/api/linkage-projects', {
        name: 'Bad',
        memberOrganisationIds: [orgs.a, orgs.b],
        schema: { version: 2, clkConfig: { l: 8, kdf: { type: 'HKDF' } }, features: [{ identifier: 'x' }] },
      });
      assert.equal(bad.statusCode, 400);
      const pointers = bad.json().errors.map((e: { pointer: string }) => e.pointer);
      assert.ok(pointers.includes('/schema/version') && pointers.includes('/schema/clkConfig/l'), bad.body);
      const notRegistry = await call(t, platform, 'POST', '/api/linkage-projects', {
        name: 'Not registry fields',
        memberOrganisationIds: [orgs.a, orgs.b],
        schema: {
          version: 3,
          clkConfig: { l: 1024, kdf: { type: 'HKDF' } },
          features: [
            {
              identifier: 'surname',
              format: { type: 'string' },
              hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerToken: 20 } },
            },
          ],
        },
      });
      assert.equal(notRegistry.statusCode, 400);
      assert.match(notRegistry.body, /not a registry field/);
      const byStaff = await call(t, a, 'POST', '/api/linkage-projects', {
        name: 'X',
        memberOrganisationIds: [orgs.a, orgs.b],
      });
      assert.equal(byStaff.statusCode, 403);
      const ok = await call(t, platform, 'POST', '/api/linkage-projects', {
        name: 'Khartoum partners',
        memberOrganisationIds: [orgs.a, orgs.b, orgs.c],
      });
      assert.equal(ok.statusCode, 201, ok.body);
      projectId = ok.json().id;
      assert.equal(ok.json().balanced, true);
      assert.equal(ok.json().threshold, 0.7);
      assert.ok(!ok.body.includes('secret_sealed') && !/"secret"/.test(ok.body));
    });

    test('each organisation learns which of its own people a partner knows, where agreement and basis allow', async () => {
      for (const who of [a, b, c]) {
        const r = await call(t, who, 'POST', `/api/linkage-projects/${projectId}/encode`);
        assert.equal(r.statusCode, 202, r.body);
      }
      const summary = await runLinkageProjects(t.deps.database, t.deps.config, t.clock.now());
      assert.equal(summary.organisationsEncoded, 3);
      // A: Amina, Grace, Omar (Samir has no basis, Lina is restricted); B: Amina, Grace (basis for C), Samir,
      // Lina; C: Amina.
      assert.equal(summary.recordsEncoded, 8);

      const project = (await call(t, a, 'GET', `/api/linkage-projects/${projectId}`)).json();
      const count = (org: string) =>
        project.members.find((m: { organisationId: string }) => m.organisationId === org).encodedCount;
      assert.deepEqual([count(orgs.a), count(orgs.b), count(orgs.c)], [3, 4, 1]);

      const ra = await call(t, aCase, 'GET', `/api/linkage-projects/${projectId}/results`);
      assert.equal(ra.statusCode, 200, ra.body);
      const itemsA = ra.json().items as { beneficiaryId: string; partners: { organisationId: string }[] }[];
      // Amina at A is known to B; Grace is not told (B's Grace has no basis for A); C has no agreement with A.
      assert.deepEqual(
        itemsA.map((i) => [i.beneficiaryId, i.partners.map((p) => p.organisationId)]),
        [[people.aAmina, [orgs.b]]],
      );
      for (const leak of [people.bAmina!, people.bGrace!, people.cAmina!, 'score', 'dice', 'Yousef'])
        assert.ok(!ra.body.includes(leak), `A's results carry ${leak}`);

      const rb = (await call(t, b, 'GET', `/api/linkage-projects/${projectId}/results`)).json();
      const itemsB = new Map(
        rb.items.map((i: { beneficiaryId: string; partners: { organisationId: string }[] }) => [
          i.beneficiaryId,
          i.partners.map((p) => p.organisationId),
        ]),
      );
      assert.deepEqual(itemsB.get(people.bAmina), [orgs.a]);
      assert.deepEqual(itemsB.get(people.bGrace), [orgs.a], 'A’s Grace has a basis for B, so B is told');
      assert.equal(itemsB.has(people.bSamir), false, 'A’s Samir has no basis: not encoded, nobody told');
      assert.equal(itemsB.has(people.bLina), false, 'A’s Lina is restricted: not encoded, nobody told');
      const rc = (await call(t, c, 'GET', `/api/linkage-projects/${projectId}/results`)).json();
      assert.deepEqual(rc.items, []);
      // Names go to those who may read the organisation's people; an administrator alone sees which records.
      assert.equal(
        rb.items.find((i: { beneficiaryId: string }) => i.beneficiaryId === people.bAmina).displayName,
        'Amina Yousef',
      );
      const adminOnly = await buildStaff(t, orgs.b, ['admin']);
      const byAdmin = (await call(t, adminOnly, 'GET', `/api/linkage-projects/${projectId}/results`)).json();
      assert.deepEqual(
        byAdmin.items
          .map((i: { beneficiaryId: string; displayName: string | null }) => [i.beneficiaryId, i.displayName])
          .sort(),
        [
          [people.bAmina, null],
          [people.bGrace, null],
        ].sort(),
      );

      const audited = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'sensitive_read'])
        .where('action', '=', 'linkage_project.results_read')
        .where('actor_user_id', '=', aCase.id)
        .execute();
      assert.equal(audited.length, 1);
      assert.equal(Number(audited[0]!.sensitive_read), 1);
    });

    test('encodings go out as a file and come back in; a file of another schema is refused', async () => {
      t.clock.advance(60_000);
      const out = await call(t, b, 'GET', `/api/linkage-projects/${projectId}/encodings`);
      assert.equal(out.statusCode, 200);
      const file = out.json();
      assert.equal(file.ids.length, 4);
      assert.ok(!out.body.includes('Amina'));
      const back = await put(b, `/api/linkage-projects/${projectId}/encodings`, file);
      assert.equal(back.statusCode, 200, back.body);
      assert.equal(back.json().records, 4);
      const wrong = await put(b, `/api/linkage-projects/${projectId}/encodings`, {
        ...file,
        schemaDigest: 'a'.repeat(64),
      });
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(
        wrong.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/schemaDigest'],
      );
      const shape = await put(b, `/api/linkage-projects/${projectId}/encodings`, {
        ...file,
        clks: ['AAAA', ...file.clks.slice(1)],
      });
      assert.equal(shape.statusCode, 400);
      const again = await runLinkageProjects(t.deps.database, t.deps.config, t.clock.now());
      assert.equal(again.projectsMatched, 1);
    });

    test('organisations outside the project get 404; members cannot export each other’s encodings', async () => {
      const d = await buildStaff(t, (await buildOrganisation(t)).id, ['admin', 'supervisor', 'caseworker']);
      for (const url of ['', '/results', '/encodings'])
        assert.equal((await call(t, d, 'GET', `/api/linkage-projects/${projectId}${url}`)).statusCode, 404, url);
      const list = await call(t, d, 'GET', '/api/linkage-projects');
      assert.deepEqual(list.json().items, []);
      const ids = (await call(t, a, 'GET', `/api/linkage-projects/${projectId}/encodings`)).json().ids;
      assert.ok(ids.every((id: string) => [people.aAmina, people.aGrace, people.aOmar].includes(id)));
    });
    test('an ended agreement stops the telling at once', async () => {
      t.clock.set(new Date('2027-01-05T10:00:00Z'));
      const later = await buildStaff(t, orgs.a, ['caseworker']);
      const ra = await call(t, later, 'GET', `/api/linkage-projects/${projectId}/results`);
      assert.equal(ra.statusCode, 200);
      assert.deepEqual(ra.json().items, []);
    });
  });
}
