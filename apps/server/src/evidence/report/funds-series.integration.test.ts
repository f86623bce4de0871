import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../../test/harness.ts';
import { fundsReleased } from '../../funds/funds.indicators.ts';
import { daysOf, onDemandTable } from './on-demand.ts';

// The annual report reads the funds released per month in one query per organisation (on-demand.ts, the series of
// funds_released_usd) instead of one per month: it must give what fundsReleased gives for each period, including
// releases on the first and last instant of a month, requests not released, and other organisations' requests.
const YEAR = 2025;

for (const { engine, skip } of engines()) {
  describe(`funds released as a series (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let other: string;

    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      other = (await buildOrganisation(t)).id;
      const db = t.deps.database.db;
      const at = `${YEAR}-01-01T00:00:00.000Z`;
      const fundOf = async (organisation: string) => {
        const id = randomUUID();
        await db
          .insertInto('funds')
          .values({
            id,
            organisation_id: organisation,
            code: `F-${id.slice(0, 6)}`,
            name: 'Emergency fund',
            kind: 'emergency',
            currency: 'USD',
            revolving: 0,
            created_by: randomUUID(),
            created_at: at,
            updated_at: at,
            version: 1,
          })
          .execute();
        return id;
      };
      const funds = { [org]: await fundOf(org), [other]: await fundOf(other) };
      const request = (organisation: string, usd: number, status: string, releasedAt: string | null) => ({
        id: randomUUID(),
        organisation_id: organisation,
        fund_id: funds[organisation]!,
        purpose: 'Shelter',
        recipient: 'Recipient',
        crisis_id: null,
        case_id: null,
        project_id: null,
        amount_minor: usd,
        currency: 'USD',
        usd_rate: '1',
        amount_usd_minor: usd,
        status,
        requested_by: randomUUID(),
        requested_at: at,
        released_by: null,
        released_at: releasedAt,
        release_seconds: null,
        updated_at: at,
        version: 1,
      });
      await db
        .insertInto('fund_requests')
        .values([
          request(org, 10_000, 'released', `${YEAR}-01-01T00:00:00.000Z`),
          request(org, 2_550, 'released', `${YEAR}-01-31T23:59:59.999Z`),
          request(org, 700, 'released', `${YEAR}-02-01T00:00:00.000Z`),
          request(org, 123_456, 'released', `${YEAR}-06-15T12:30:00.000Z`),
          request(org, 99, 'released', `${YEAR}-12-31T23:59:59.999Z`),
          request(org, 5_000, 'released', `${YEAR + 1}-01-01T00:00:00.000Z`),
          request(org, 4_000, 'released', `${YEAR - 1}-12-31T23:59:59.999Z`),
          request(org, 8_000, 'approved', null),
          request(other, 31_000, 'released', `${YEAR}-06-01T08:00:00.000Z`),
        ])
        .execute();
    });
    after(() => t?.close());

    for (const grain of ['month', 'quarter', 'year'] as const) {
      test(`by ${grain}: the same values as fundsReleased period by period`, async () => {
        const db = t.deps.database.db;
        const range =
          grain === 'month'
            ? { from: `${YEAR}-01`, to: `${YEAR}-12` }
            : grain === 'quarter'
              ? { from: `${YEAR}-Q1`, to: `${YEAR}-Q4` }
              : { from: String(YEAR - 1), to: String(YEAR + 1) };
        for (const scope of [{ organisationId: org }, { platform: true as const }]) {
          const table = await onDemandTable(
            db,
            scope,
            { indicator: 'funds_released_usd', grain, ...range, by: [] },
            new Date(),
          );
          const orgs = 'platform' in scope ? [org, other] : [org];
          for (const period of table.periods) {
            const { from, to } = daysOf(period);
            let expected = 0;
            for (const o of orgs) expected += (await fundsReleased(db, o, from, to)).usdMinor / 100;
            const cell = table.cells.find((c) => c.period === period);
            assert.equal(cell?.value ?? 0, expected, `${JSON.stringify(scope)} ${period}`);
          }
          if (grain === 'month' && !('platform' in scope)) {
            const v = Object.fromEntries(table.cells.map((c) => [c.period, c.value]));
            assert.equal(v[`${YEAR}-01`], 125.5);
            assert.equal(v[`${YEAR}-02`], 7);
            assert.equal(v[`${YEAR}-12`], 0.99);
          }
        }
      });
    }
  });
}
