// Projects and partners' 5W on both engines: projects with partners, places and targets; activity reports per
// period with people reached by sex and age; the 5W export with the HXL hashtag row of the shared sample; figures.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { projectBody, reportBody } from '../funds/funds.fixtures.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLE_5W = path.resolve(here, '../../../../../shared/data/samples/5w-activities.hxl.csv');

for (const { engine, skip } of engines()) {
  describe(`projects and 5W (${engine})`, { skip }, () => {
    let t: TestApp;
    let sup: Member;
    let worker: Member;
    let analyst: Member;
    let stranger: Member;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      sup = await buildMember(t, org.id, ['supervisor']);
      worker = await buildMember(t, org.id, ['caseworker']);
      analyst = await buildMember(t, org.id, ['analyst']);
      stranger = await buildMember(t, (await buildOrganisation(t)).id, ['supervisor']);
    });
    after(() => t?.close());

    test('a project, its reports by period, and the totals reached by sex and age', async () => {
      const p = await as(t, sup, 'POST', '/api/projects', projectBody({ code: 'IDF-SSD-01' }));
      assert.equal(p.statusCode, 201, p.body);
      assert.equal(p.json().budgetUsd, '270000.00');
      const id = p.json().id as string;
      assert.equal((await as(t, worker, 'POST', `/api/projects/${id}/reports`, reportBody())).statusCode, 201);
      // Places are p-codes of the project's country in OCHA's list.
      const elsewhere = await as(
        t,
        sup,
        'POST',
        '/api/projects',
        projectBody({ code: 'IDF-SSD-09', places: [{ pcode: 'SD01', name: 'Khartoum', adminLevel: 1 }] }),
      );
      assert.equal(elsewhere.statusCode, 400, elsewhere.body);
      assert.equal(elsewhere.json().errors[0].pointer, '/places/0/pcode');
      const q2 = reportBody({
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
        pcode: 'SS01',
        reached: { women: 1, men: 2, girls: 3, boys: 4 },
      });
      assert.equal((await as(t, worker, 'POST', `/api/projects/${id}/reports`, q2)).statusCode, 201);
      // The same activity, place, partner and period twice is one report.
      assert.equal((await as(t, worker, 'POST', `/api/projects/${id}/reports`, q2)).statusCode, 409);
      const bad = await as(
        t,
        worker,
        'POST',
        `/api/projects/${id}/reports`,
        reportBody({ pcode: 'SS0199', partner: 'Nobody', periodStart: '2025-01-01' }),
      );
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad
          .json()
          .errors.map((e: { code: string }) => e.code)
          .sort(),
        ['out_of_period', 'unknown_partner', 'unknown_place'],
      );
      const one = await as(t, worker, 'GET', `/api/projects/${id}`);
      assert.deepEqual(one.json().reached, { women: 121, men: 212, girls: 43, boys: 59 });
      assert.equal(one.json().reportCount, 2);
      const reports = await as(t, worker, 'GET', `/api/projects/${id}/reports`);
      assert.deepEqual(
        reports.json().items.map((r: { periodStart: string }) => r.periodStart),
        ['2026-01-01', '2026-04-01'],
      );

      // A stale If-Match is refused; the current one replaces the project.
      const etag = String(one.headers.etag);
      const upd = await as(
        t,
        sup,
        'PUT' as 'POST',
        `/api/projects/${id}`,
        projectBody({ code: 'IDF-SSD-01', status: 'completed' }),
        { 'if-match': etag },
      );
      assert.equal(upd.statusCode, 200, upd.body);
      const stale = await as(t, sup, 'PUT' as 'POST', `/api/projects/${id}`, projectBody({ code: 'IDF-SSD-01' }), {
        'if-match': etag,
      });
      assert.equal(stale.statusCode, 412);
      // Filters.
      const list = await as(t, worker, 'GET', '/api/projects?status=completed&country=SSD');
      assert.deepEqual(
        list.json().items.map((x: { id: string }) => x.id),
        [id],
      );
      assert.equal((await as(t, worker, 'GET', '/api/projects?kind=capacity_building')).json().items.length, 0);
      assert.equal((await as(t, stranger, 'GET', `/api/projects/${id}`)).statusCode, 404);
      // A caseworker cannot create projects.
      assert.equal((await as(t, worker, 'POST', '/api/projects', projectBody())).statusCode, 403);
    });

    test('the 5W export carries the HXL hashtags of the shared sample and one row per report', async () => {
      const p = await as(
        t,
        sup,
        'POST',
        '/api/projects',
        projectBody({ country: 'IRQ', places: [{ pcode: 'IQG11', name: 'Erbil', adminLevel: 1 }] }),
      );
      await as(
        t,
        worker,
        'POST',
        `/api/projects/${p.json().id}/reports`,
        reportBody({ pcode: 'IQG11', activity: '=cmd|calc', reached: { women: 5, men: 6, girls: 7, boys: 8 } }),
      );
      const res = await as(t, analyst, 'POST', '/api/projects/5w/export', { format: 'csv', country: 'IRQ' });
      assert.equal(res.statusCode, 200, res.body);
      const rows = parse(res.rawPayload.toString('utf8').replace(/^\uFEFF/, '')) as string[][];
      const sample = parse(fs.readFileSync(SAMPLE_5W, 'utf8')) as string[][];
      // Every hashtag of the sample is in the export, under the same header.
      for (const [i, tag] of sample[1]!.entries()) {
        const j = rows[1]!.indexOf(tag);
        assert.ok(j >= 0, `the export has ${tag}`);
        assert.equal(rows[0]![j], sample[0]![i]);
      }
      assert.equal(rows.length, 3);
      const row = Object.fromEntries(rows[1]!.map((tag, i) => [tag, rows[2]![i]]));
      assert.equal(row['#adm1+code'], 'IQG11');
      assert.equal(row['#reached+f+children'], '7');
      assert.equal(row['#org+funder+name'], 'Example Donor');
      assert.equal(row['#activity+name'], "'=cmd|calc", 'a formula is neutralised');
      const xlsx = await as(t, analyst, 'POST', '/api/projects/5w/export', { format: 'xlsx' });
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
      assert.equal((await as(t, worker, 'POST', '/api/projects/5w/export', { format: 'csv' })).statusCode, 403);
    });

    test('figures: projects active by kind and people reached', async () => {
      const res = await as(t, analyst, 'GET', '/api/project-figures?from=2026-01-01&to=2026-12-31');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().projectsActive, 2);
      assert.deepEqual(res.json().projectsByKind, { integration: 2 });
      assert.equal(res.json().countries, 2);
      assert.equal(res.json().reachedTotal, 121 + 212 + 43 + 59 + 26);
    });
  });
}
