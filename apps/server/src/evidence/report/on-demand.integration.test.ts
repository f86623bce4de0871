// The indicators computed on demand (movements, projects, SDG 10.7.1...) on the dashboard, in exports and in the
// annual report: their values as the owning contexts compute them, under disclosure control where they are about
// people (a month of 3 evacuees suppressed and not derivable from the year; a corridor mean over 3 workers
// suppressed, and the pooled mean with it), with provenance, in the right 8-point-agenda sections.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  buildUser,
  engines,
  type SessionAuth,
  signIn,
  startTestApp,
  type TestApp,
} from '../../../test/harness.ts';
import type { ReportData } from './report-data.ts';

const YEAR = 2025;
const HEX64 = /^[0-9a-f]{64}$/;

for (const { engine, skip } of engines()) {
  describe(`on-demand indicators on the dashboard and in the annual report (${engine})`, { skip }, () => {
    let t: TestApp;
    let analyst: SessionAuth;
    let otherAnalyst: SessionAuth;
    let admin: SessionAuth;

    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t, { country: 'NPL' });
      const other = await buildOrganisation(t, { country: 'NPL' });
      const a = await buildUser(t, org.id, ['analyst']);
      analyst = await signIn(t, a);
      otherAnalyst = await signIn(t, await buildUser(t, other.id, ['analyst']));
      admin = await signIn(t, await buildUser(t, org.id, ['platform_admin']));
      const db = t.deps.database.db;
      const at = `${YEAR}-06-30T00:00:00.000Z`;
      // People evacuated: 3 in January, 12 in February, 20 in March (the counts movements keep per month).
      await db
        .insertInto('movement_figures')
        .values(
          [
            [`${YEAR}-01`, 3],
            [`${YEAR}-02`, 12],
            [`${YEAR}-03`, 20],
          ].map(([month, n]) => ({
            organisation_id: org.id,
            month: String(month),
            movement_type: 'evacuation',
            arrived: Number(n),
            no_show: 0,
            cancelled: 0,
          })),
        )
        .execute();
      // People reached by a project: 30 women, 25 men, 4 girls, 8 boys.
      const projectId = randomUUID();
      await db
        .insertInto('projects')
        .values({
          id: projectId,
          organisation_id: org.id,
          code: 'P-1',
          title: 'Integration in Kathmandu',
          kind: 'integration',
          status: 'ongoing',
          fund_id: null,
          country: 'NPL',
          sector: 'protection',
          start_date: `${YEAR}-01-01`,
          end_date: `${YEAR}-12-31`,
          budget_minor: 100_000,
          currency: 'USD',
          usd_rate: '1',
          budget_usd_minor: 100_000,
          description: '',
          partners: '[]',
          places: '[]',
          targets: '[]',
          created_by: a.id,
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .execute();
      await db
        .insertInto('project_reports')
        .values({
          id: randomUUID(),
          project_id: projectId,
          organisation_id: org.id,
          period_start: `${YEAR}-04-01`,
          period_end: `${YEAR}-06-30`,
          activity: 'language classes',
          pcode: 'NP3',
          place_name: 'Bagmati',
          partner: 'Partner',
          beneficiary_type: 'migrants',
          targeted: 80,
          reached_women: 30,
          reached_men: 25,
          reached_girls: 4,
          reached_boys: 8,
          reported_by: a.id,
          reported_at: at,
        })
        .execute();
      // Recruitment costs: 6 workers on Nepal to Qatar (each paid one month's earnings), 3 on Nepal to Malaysia.
      const response = (destination: string, costs: number) => ({
        id: randomUUID(),
        organisation_id: org.id,
        survey: 'KNOMAD 2025',
        respondent_ref: null,
        origin_code: 'NPL',
        destination_code: destination,
        survey_year: YEAR,
        sector: null,
        costs_paid: costs,
        costs_currency: 'USD',
        costs_usd_rate: 1,
        monthly_earnings: 400,
        earnings_currency: 'USD',
        earnings_usd_rate: 1,
        created_by: a.id,
        created_at: at,
      });
      await db
        .insertInto('recruitment_cost_responses')
        .values([
          ...Array.from({ length: 6 }, () => response('QAT', 400)),
          ...Array.from({ length: 3 }, () => response('MYS', 800)),
        ])
        .execute();
    });
    after(async () => t?.close());

    const get = (auth: SessionAuth, url: string) => t.app.inject({ method: 'GET', url, headers: auth.headers });
    const table = (auth: SessionAuth, q: Record<string, string>) =>
      get(auth, `/api/evidence/dashboard/table?${new URLSearchParams(q)}`);

    test('the dashboard lists the on-demand indicators with their breakdowns', async () => {
      const res = await get(analyst, '/api/evidence/dashboard/indicators?language=fr');
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items as {
        id: string;
        title: string;
        computation: string;
        dimensions: string[];
        required: string[];
        grain: string | null;
        threshold: number | null;
        exact: boolean;
      }[];
      const by = (id: string) => items.find((i) => i.id === id)!;
      // A sum of money is read per currency and its values are amounts of each cell's currency.
      assert.deepEqual(
        [by('services_value').required, (by('services_value') as unknown as { measure: string }).measure],
        [['currency'], 'money'],
      );
      assert.equal((by('cases_opened') as unknown as { measure: string }).measure, 'count');
      for (const id of [
        'sdg_10_c_1',
        'sdg_10_7_1',
        'people_evacuated',
        'people_resettled',
        'people_returned',
        'reintegration_scores',
        'funds_released_usd',
        'funds_time_to_release',
        'projects_active',
        'project_people_reached',
      ])
        assert.equal(by(id)?.computation, 'on_demand', id);
      assert.equal(by('people_evacuated').title, 'Personnes évacuées');
      assert.deepEqual(by('project_people_reached').dimensions, ['sex', 'age_group']);
      assert.deepEqual(by('reintegration_scores').required, ['round', 'component']);
      assert.equal(by('sdg_10_c_1').grain, 'quarter');
      assert.equal(by('sdg_10_c_1').threshold, null);
      assert.equal(by('people_evacuated').threshold, 5);
      assert.equal(by('people_evacuated').exact, false);
      assert.equal(by('beneficiaries_assisted').computation, 'incremental');
    });

    test('people evacuated by month: a month of 3 is suppressed, and so is one more, so the year does not give it', async () => {
      const res = await table(analyst, {
        indicator: 'people_evacuated',
        grain: 'month',
        from: `${YEAR}-01`,
        to: `${YEAR}-04`,
        chart: 'series',
        language: 'en',
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.computation, 'on_demand');
      assert.equal(body.measure, 'people');
      assert.equal(body.threshold, 5);
      assert.match(body.digest, HEX64);
      assert.ok(body.asOf);
      const v = Object.fromEntries(
        body.cells.map((c: { period: string; value: number | null }) => [c.period, c.value]),
      );
      // February (12) is withheld with January (3): the quarter and the year (35) are published, asked for apart,
      // and would otherwise give January away (35 - 12 - 20).
      assert.deepEqual(v, { [`${YEAR}-01`]: null, [`${YEAR}-02`]: null, [`${YEAR}-03`]: 20, [`${YEAR}-04`]: 0 });
      assert.deepEqual(body.suppressed, { primary: 1, complementary: 1 });
      assert.match(body.chart, /<svg/);
      // The year: 35, published; the first quarter too (35: January and February together, 15, are not small).
      const year = (
        await table(analyst, { indicator: 'people_evacuated', grain: 'year', from: '2025', to: '2025' })
      ).json();
      assert.equal(year.cells[0].value, 35);
      const quarters = (
        await table(analyst, { indicator: 'people_evacuated', grain: 'quarter', from: '2025-Q1', to: '2025-Q2' })
      ).json();
      assert.deepEqual(
        quarters.cells.map((c: { period: string; value: number | null }) => [c.period, c.value]),
        [
          ['2025-Q1', 35],
          ['2025-Q2', 0],
        ],
      );
      // A month range that leaves January out still withholds February: the year is protected as a whole.
      const spring = (
        await table(analyst, { indicator: 'people_evacuated', grain: 'month', from: '2025-02', to: '2025-03' })
      ).json();
      assert.deepEqual(
        spring.cells.map((c: { period: string; value: number | null }) => [c.period, c.value]),
        [
          ['2025-02', null],
          ['2025-03', 20],
        ],
      );
      // Another organisation has evacuated nobody.
      const theirs = (
        await table(otherAnalyst, { indicator: 'people_evacuated', grain: 'year', from: '2025', to: '2025' })
      ).json();
      assert.equal(theirs.cells[0].value, 0);
      // A filter only aggregate cells have is refused, clearly.
      const filtered = await table(analyst, {
        indicator: 'people_evacuated',
        grain: 'year',
        from: '2025',
        to: '2025',
        sex: 'female',
      });
      assert.equal(filtered.statusCode, 400);
      assert.match(filtered.body, /computed on demand/);
      // A breakdown the indicator does not have is refused.
      const wrong = await table(analyst, {
        indicator: 'people_evacuated',
        grain: 'year',
        from: '2025',
        to: '2025',
        by: 'round',
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /not a breakdown of people_evacuated/);
    });

    test('people reached by sex and age: 4 girls suppressed with a complementary cell; labels in Arabic', async () => {
      const res = await table(analyst, {
        indicator: 'project_people_reached',
        grain: 'year',
        from: '2025',
        to: '2025',
        by: 'sex,age_group',
        language: 'ar',
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const cell = (sex: string, age: string) =>
        body.cells.find((c: { values: Record<string, string> }) => c.values.sex === sex && c.values.age_group === age);
      assert.equal(cell('female', '0-17').value, null);
      assert.equal(cell('female', '0-17').status, 'primary');
      assert.equal(cell('*', '*').value, 67);
      assert.equal(cell('male', '*').value, 33);
      // No suppressed cell follows from a published margin and published parts.
      const lines: [string, string][][] = [
        [
          ['female', '0-17'],
          ['female', '18+'],
          ['female', '*'],
        ],
        [
          ['male', '0-17'],
          ['male', '18+'],
          ['male', '*'],
        ],
        [
          ['female', '0-17'],
          ['male', '0-17'],
          ['*', '0-17'],
        ],
        [
          ['female', '18+'],
          ['male', '18+'],
          ['*', '18+'],
        ],
      ];
      for (const line of lines) {
        const hidden = line.filter(([s, a]) => cell(s, a).value === null).length;
        assert.notEqual(hidden, 1, `line ${JSON.stringify(line)} leaks its hidden cell`);
      }
      assert.ok(body.suppressed.complementary >= 1);
      assert.equal(body.labels.sex.female, 'إناث');
      assert.equal(body.labels.age_group['18+'], '18 سنة فأكثر');
    });

    test('SDG 10.7.1: a corridor of 3 workers is suppressed, and the pooled mean with it; the other is published', async () => {
      const res = await table(analyst, {
        indicator: 'sdg_10_7_1',
        grain: 'year',
        from: '2025',
        to: '2025',
        by: 'corridor',
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const v = Object.fromEntries(
        body.cells.map((c: { values: { corridor: string }; value: number | null }) => [c.values.corridor, c.value]),
      );
      assert.deepEqual(v, { '*': null, 'NPL-MYS': null, 'NPL-QAT': 100 });
      // Means per organisation cannot be pooled: no platform-wide figure, said clearly.
      const platform = await table(admin, {
        indicator: 'sdg_10_7_1',
        grain: 'year',
        from: '2025',
        to: '2025',
        scope: 'platform',
      });
      assert.equal(platform.statusCode, 400);
      assert.match(platform.body, /no platform-wide figure/);
      // An additive indicator is summed over the platform's organisations.
      const evac = await table(admin, {
        indicator: 'people_evacuated',
        grain: 'year',
        from: '2025',
        to: '2025',
        scope: 'platform',
      });
      assert.equal(evac.json().cells[0].value, 35);
    });

    test('exports of an on-demand table: localised CSV, published values only', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/evidence/exports',
        headers: analyst.headers,
        payload: {
          indicator: 'people_evacuated',
          grain: 'month',
          from: `${YEAR}-01`,
          to: `${YEAR}-03`,
          format: 'csv',
          language: 'es',
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      assert.equal(lines[0], 'Indicador,Período,Valor,Estado');
      assert.ok(lines.includes(`people_evacuated,${YEAR}-01,,suprimido (por debajo del umbral)`), lines.join('\n'));
      assert.ok(lines.includes(`people_evacuated,${YEAR}-03,20,publicado`));
      const sdmx = await t.app.inject({
        method: 'POST',
        url: '/api/evidence/exports',
        headers: analyst.headers,
        payload: { indicator: 'sdg_10_7_1', grain: 'year', from: '2025', to: '2025', by: ['corridor'], format: 'sdmx' },
      });
      assert.equal(sdmx.statusCode, 200, sdmx.body);
      assert.ok(!sdmx.body.includes(',200,'), 'the suppressed corridor mean (200%) never leaves');
    });

    test('the annual report includes them in their agenda sections, with provenance and disclosure control', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/evidence/reports/annual',
        headers: analyst.headers,
        payload: { year: YEAR, format: 'json' },
      });
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json() as ReportData;
      const fig = (id: string) => r.headline.find((f) => f.id === id)!;
      assert.equal(fig('od-people_evacuated').value, 35);
      assert.equal(fig('od-project_people_reached').value, 67);
      assert.equal(fig('od-sdg_10_7_1').value, null);
      assert.equal(fig('od-sdg_10_7_1').suppressed, true);
      assert.equal(fig('od-sdg_10_7_1').unit, 'percent');
      // Monthly evacuations with the year's total in one protected table: January (3) and one more month withheld.
      const months = r.breakdowns.find((b) => b.id === 'od-people_evacuated-period')!;
      assert.equal(months.cells.find((c) => c.key === `${YEAR}-01`)!.value, null);
      assert.ok(months.cells.filter((c) => c.suppressed).length >= 2, JSON.stringify(months.cells));
      assert.equal(months.total.value, 35);
      // Sections: evacuations under point 4 (stranded migrants), recruitment costs under point 2.
      const section = (p: number) => r.sections.find((s) => s.point === p)!;
      assert.ok(section(4).figures.includes('od-people_evacuated'));
      assert.ok(section(4).breakdowns.includes('od-people_evacuated-period'));
      assert.ok(section(2).figures.includes('od-sdg_10_7_1'));
      assert.ok(section(7).figures.includes('od-project_people_reached'));
      // Provenance: definition digest, when computed, digest of the inputs; the indicator is listed as on demand.
      for (const f of [...r.headline, ...r.breakdowns].filter((x) => x.id.startsWith('od-'))) {
        assert.match(f.provenance.definitionDigest, HEX64);
        assert.match(f.provenance.inputDigest, HEX64);
        assert.ok(!Number.isNaN(Date.parse(f.provenance.dataAsOf)));
        const listed = r.indicators.find((i) => i.id === f.provenance.indicatorId);
        assert.equal(listed?.computation, 'on_demand', f.id);
      }
      assert.ok(!r.coverage.indicatorsWithoutData.includes('people_evacuated'));
      assert.ok(r.coverage.indicatorsWithoutData.includes('people_resettled'));
      // HTML in Arabic shows the figures under their sections.
      const html = await t.app.inject({
        method: 'POST',
        url: '/api/evidence/reports/annual',
        headers: analyst.headers,
        payload: { year: YEAR, format: 'html', language: 'ar' },
      });
      assert.equal(html.statusCode, 200);
      assert.ok(html.body.includes('الأشخاص الذين تم إجلاؤهم'));
      assert.match(html.body, /data-figure="od-people_evacuated"/);
      // The platform report leaves out the means per organisation, and says so.
      const platform = (
        await t.app.inject({
          method: 'POST',
          url: '/api/evidence/reports/annual',
          headers: admin.headers,
          payload: { year: YEAR, format: 'json', scope: 'platform' },
        })
      ).json() as ReportData;
      assert.ok(platform.coverage.notPooled.includes('sdg_10_7_1'));
      assert.ok(!platform.headline.some((f) => f.id === 'od-sdg_10_7_1'));
      assert.equal(platform.headline.find((f) => f.id === 'od-people_evacuated')!.value, 35);
    });
  });
}
