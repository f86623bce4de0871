import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, type Staff, signInAgain } from '../cases/cases.fixtures.ts';
import { addToCells } from './cells.repository.ts';
import { type CellAddress, type Contribution, contributionsOf } from './contributions.ts';
import type { Dimension } from './dimensions.ts';
import {
  type EvidenceScope,
  type IndicatorQuery,
  monthCompanion,
  publishExact,
  publishRelease,
  queryExact,
} from './query.ts';
import type { ReportData } from './report/report-data.ts';

// publishRelease reads all its tables in one statement (a UNION ALL of one GROUP BY per table, at most 50 a
// statement): each table must come out as queryExact gives it alone, for an organisation and for the platform,
// whatever mix of grains, roll-ups, breakdowns and filters the release holds.
const YEAR = 2025;

for (const { engine, skip } of engines()) {
  describe(`a release read in one statement (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;

    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      const other = (await buildOrganisation(t)).id;
      const cells = new Map<CellAddress, Contribution>();
      const sexes = ['female', 'male', 'female', 'male', 'intersex'];
      for (let i = 0; i < 40; i++) {
        const o = i % 3 === 0 ? other : org;
        const trafficking = i % 4 === 0;
        contributionsOf(
          {
            person: {
              id: randomUUID(),
              organisation_id: o,
              sex: sexes[i % sexes.length]!,
              date_of_birth: `${1960 + i}-03-15`,
              country: i % 2 ? 'IRQ' : 'LBN',
              pcode: i % 2 ? `IQ1${i % 5}` : `LB2${i % 3}`,
              citizenships: i % 3 ? 'SYR' : 'IRQ',
            },
            counted: i % 9 !== 0,
            cases: [
              {
                id: randomUUID(),
                organisation_id: o,
                type: trafficking ? 'trafficking' : 'protection',
                opened_on: `${YEAR}-${String(1 + (i % 12)).padStart(2, '0')}-10`,
                closed_on: i % 5 === 0 ? `${YEAR}-12-01` : null,
                exploitation: trafficking
                  ? i % 8 === 0
                    ? ['ForcedLabour', 'SexualExploitation']
                    : ['ForcedLabour']
                  : [],
                unaccompanied: false,
              },
            ],
            services: [],
            referrals: [],
          },
          cells,
        );
      }
      await t.deps.database.db.transaction().execute((trx) => addToCells(trx, cells, new Date()));
    });
    after(() => t?.close());

    const queries: IndicatorQuery[] = [];
    const shapes: { grain: IndicatorQuery['grain']; from: string; to: string }[] = [
      { grain: 'year', from: String(YEAR), to: String(YEAR) },
      { grain: 'quarter', from: `${YEAR}-Q1`, to: `${YEAR}-Q4` },
      { grain: 'month', from: `${YEAR}-01`, to: `${YEAR}-12` },
      { grain: 'year', from: String(YEAR - 1), to: String(YEAR + 1) },
      { grain: 'quarter', from: `${YEAR}-Q2`, to: `${YEAR}-Q3` },
    ];
    const breakdowns: Record<string, Dimension[][]> = {
      beneficiaries_assisted: [[], ['sex'], ['pcode'], ['sex', 'age_group'], ['nationality']],
      cases_opened: [[], ['case_type'], ['sex', 'case_type']],
      trafficking_victims_assisted: [[], ['exploitation_type'], ['exploitation_type', 'sex'], ['age_group']],
      cases_closed: [[]],
    };
    for (const [indicatorId, bys] of Object.entries(breakdowns))
      for (const shape of shapes) for (const by of bys) queries.push({ indicatorId, ...shape, by });
    queries.push({ ...queries[0]!, filters: { sex: ['female'] } });
    queries.push({ ...queries[0]!, pcodePrefix: 'IQ' });

    test('every table of a release of more than 50 is the same as read alone', async () => {
      assert.ok(queries.length > 50, String(queries.length));
      const db = t.deps.database.db;
      for (const scope of [{ organisationId: org }, { platform: true }] as EvidenceScope[]) {
        const alone = [];
        for (const q of queries) alone.push(await queryExact(db, scope, q));
        assert.ok(alone.some((r) => r.cells.length > 0));
        // A year or quarter table of a sum over time is published from its months (the companion, read alone too).
        const months = [];
        for (const q of queries) {
          const m = monthCompanion(q);
          months.push(m ? await queryExact(db, scope, m) : undefined);
        }
        assert.ok(months.some((m) => m !== undefined));
        const together = await publishRelease(db, scope, queries);
        const apart = publishExact(alone, {}, months);
        assert.deepEqual(
          together.map((r) => r.digest),
          apart.map((r) => r.digest),
        );
        assert.deepEqual(
          together.map((r) => r.cells),
          apart.map((r) => r.cells),
        );
      }
    });
  });
}

// What the dashboard and the exports publish, one request at a time (each is a release of its own).
for (const { engine, skip } of engines()) {
  describe(`published tables: empty cells (${engine})`, { skip }, () => {
    let t: TestApp;
    let analyst: Staff;
    let org: string;
    const Y = 2026;

    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      analyst = await buildStaff(t, org, ['analyst']);
      const cells = new Map<CellAddress, Contribution>();
      const person = (counted: boolean, opened: string, citizenships: string, born: string) =>
        contributionsOf(
          {
            person: {
              id: randomUUID(),
              organisation_id: org,
              sex: 'female',
              date_of_birth: born,
              country: 'IRQ',
              pcode: 'IQ10',
              citizenships,
            },
            counted,
            cases: [
              {
                id: randomUUID(),
                organisation_id: org,
                type: 'protection',
                opened_on: opened,
                closed_on: null,
                exploitation: [],
                unaccompanied: false,
              },
            ],
            services: [],
            referrals: [],
          },
          cells,
        );
      // December: six Iraqi adults counted; three imported people without a basis for statistics (an Iraqi child,
      // a Syrian adult, an Iraqi adult).
      for (let i = 0; i < 6; i++) person(true, `${Y}-12-05`, 'IRQ', '1980-01-01');
      person(false, `${Y}-12-06`, 'IRQ', '2015-01-01');
      person(false, `${Y}-12-06`, 'SYR', '1980-01-01');
      person(false, `${Y}-12-06`, 'IRQ', '1980-01-01');
      // The walkthrough's months: March 4, June 21, July 5, August 6, September 4 (2026 = 40, Q3 = 15).
      const months: [string, number][] = [
        ['03', 4],
        ['06', 21],
        ['07', 5],
        ['08', 6],
        ['09', 4],
      ];
      for (const [m, n] of months) for (let i = 0; i < n; i++) person(true, `${Y}-${m}-10`, 'SYR', '1970-01-01');
      await t.deps.database.db.transaction().execute((trx) => addToCells(trx, cells, new Date()));
    });
    after(() => t?.close());

    type Table = { cells: { period: string; values: Record<string, string>; value: number | null }[] };
    const table = async (query: string) => {
      const res = await call(t, analyst, 'GET', `/api/evidence/dashboard/table?indicator=cases_opened&${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as Table & { excluded: number | null; excludedSuppressed?: true };
    };

    test('a cell of no one counted is left out, whatever was left out of it; the exact view keeps it', async () => {
      const december = `grain=month&from=${Y}-12&to=${Y}-12&by=nationality,age_group`;
      const published = await table(december);
      assert.deepEqual(
        published.cells.filter((c) => c.value === 0),
        [],
        'a row of 0 says that someone without a basis for statistics is there',
      );
      assert.equal(
        published.cells.some((c) => c.values.nationality === 'SYR' || c.values.age_group === '0-17'),
        false,
      );
      // The three left out are reported only as the total, withheld (fewer than the threshold).
      assert.equal(published.excluded, null);
      assert.equal(published.excludedSuppressed, true);
      // Its bars in Arabic: the title names the period after an Arabic comma.
      const ar = (await table(`${december}&chart=bars&language=ar`)) as unknown as { chart: string };
      assert.match(ar.chart, /<title[^>]*>[^<]*، [^<]*<\/title>/);
      assert.doesNotMatch(ar.chart, /<title[^>]*>[^<]*, [^<]*<\/title>/);
      const csv = await call(t, analyst, 'POST', '/api/evidence/exports', {
        indicator: 'cases_opened',
        grain: 'month',
        from: `${Y}-12`,
        to: `${Y}-12`,
        by: ['nationality', 'age_group'],
        format: 'csv',
        language: 'en',
      });
      assert.equal(csv.statusCode, 200, csv.body);
      assert.doesNotMatch(csv.body, /SYR|0-17/);
      // The exact (audited) view for analysts keeps the cell with its exclusion.
      const exact = await call(
        t,
        analyst,
        'GET',
        `/api/evidence/indicators/cases_opened/values?view=exact&${december}`,
      );
      const syrian = (
        exact.json() as { cells: { values: Record<string, string>; value: number; excluded: number }[] }
      ).cells.find((c) => c.values.nationality === 'SYR' && c.values.age_group === '25-59');
      assert.deepEqual([syrian?.value, syrian?.excluded], [0, 1]);
    });

    test('the annual report words a withheld count left out as the dashboard does, and flags it in JSON', async () => {
      // Last: it moves the clock past the year.
      t.clock.set(new Date(`${Y + 1}-02-01T09:00:00.000Z`));
      await signInAgain(t, analyst);
      const report = async (format: string, language: string) => {
        const res = await call(t, analyst, 'POST', '/api/evidence/reports/annual', { year: Y, format, language });
        assert.equal(res.statusCode, 200, res.body);
        return res;
      };
      const json = (await report('json', 'en')).json() as ReportData;
      assert.equal(json.coverage.excludedNoStatisticalBasis, null);
      assert.equal(json.coverage.excludedSuppressed, true);
      // Arabic titles join their parts with the Arabic comma.
      assert.ok(json.breakdowns.length > 0);
      for (const b of json.breakdowns) {
        assert.match(b.title.ar, /، /, b.title.ar);
        assert.doesNotMatch(b.title.ar, /, /, b.title.ar);
      }
      const excluded = (html: string) => /data-coverage="excluded">([^<]*)</.exec(html)?.[1];
      assert.equal(
        excluded((await report('html', 'en')).body),
        'number withheld (fewer than the threshold in the table or in one of its periods)',
      );
      assert.equal(
        excluded((await report('html', 'ar')).body),
        'العدد محجوب (أقل من العتبة في الجدول أو في إحدى فتراته)',
      );
    });
  });
}
