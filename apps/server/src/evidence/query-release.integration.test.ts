import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { addToCells } from './cells.repository.ts';
import { type CellAddress, type Contribution, contributionsOf } from './contributions.ts';
import type { Dimension } from './dimensions.ts';
import { type EvidenceScope, type IndicatorQuery, publishExact, publishRelease, queryExact } from './query.ts';

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
        const together = await publishRelease(db, scope, queries);
        assert.deepEqual(
          together.map((r) => r.digest),
          publishExact(alone).map((r) => r.digest),
        );
        assert.deepEqual(
          together.map((r) => r.cells),
          publishExact(alone).map((r) => r.cells),
        );
      }
    });
  });
}
