// The indicator functions against figures computed by hand, and their invariants under fast-check.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  computeSdg10c1,
  fxMarginPct,
  outlierFence,
  type QuoteInput,
  quantile,
  receivedFor,
  smartAverage,
  totalCostPct,
} from './sdg10c1.ts';
import { computeSdg1071, recruitmentCostRatio } from './sdg1071.ts';

const close = (a: number | null | undefined, b: number, msg?: string) =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-9, `${msg ?? ''} ${a} != ${b}`);

let n = 0;
const quote = (source: string, destination: string, cost: number, o: Partial<QuoteInput> & { margin?: number } = {}) =>
  ({
    id: `q${++n}`,
    period: o.period ?? '2025_1Q',
    source,
    destination,
    firm: `firm ${n}`,
    smartEligible: o.smartEligible ?? true,
    bands: o.bands ?? { 200: { totalCostPct: cost, fxMarginPct: o.margin ?? 0 } },
  }) satisfies QuoteInput;

describe('SDG 10.c.1 by hand', () => {
  test('total cost and FX margin', () => {
    // AED 734.60 sent (USD 200), fee AED 15, rate 29.70 given against a mid rate of 30.00 BDT per AED.
    close(fxMarginPct(30, 29.7), 1);
    close(totalCostPct(15, 734.6, 1), (15 / 734.6) * 100 + 1);
    close(totalCostPct(3, 200, 1.5), 3);
    assert.throws(() => totalCostPct(1, 0, 0), RangeError);
    assert.throws(() => fxMarginPct(0, 1), RangeError);
  });

  test('corridor averages, SmaRT, global average and corridors above 5%', () => {
    const quotes = [
      quote('ARE', 'BGD', 3),
      quote('ARE', 'BGD', 1, { smartEligible: false }), // cheapest, but not SmaRT-eligible
      quote('ARE', 'BGD', 2),
      quote('ARE', 'BGD', 6),
      quote('USA', 'JAM', 5),
      quote('USA', 'JAM', 7),
      quote('USA', 'JAM', 9),
      quote('USA', 'JAM', -1), // excluded: negative
      quote('USA', 'JAM', 4, { margin: -0.5 }), // excluded: negative FX margin
      quote('USA', 'MEX', 2), // two services: no SmaRT
      quote('USA', 'MEX', 4),
    ];
    const [p] = computeSdg10c1(quotes);
    assert.equal(p!.period, '2025_1Q');
    const b = p!.bands[0]!;
    assert.equal(b.amount, 200);
    const [bgd, jam, mex] = b.corridors;
    assert.equal(bgd!.source, 'ARE');
    close(bgd!.average, 3);
    close(bgd!.smart, (2 + 3 + 6) / 3);
    assert.equal(bgd!.smartServices, 3);
    assert.equal(bgd!.smartAboveTarget, false);
    close(jam!.average, 7);
    close(jam!.smart, 7);
    assert.equal(jam!.excluded, 2);
    assert.equal(jam!.smartAboveTarget, true);
    assert.equal(jam!.averageAboveTarget, true);
    close(mex!.average, 3);
    assert.equal(mex!.smart, null);
    close(b.globalAverage, (3 + 7 + 3) / 3);
    close(b.globalAverageOfServices, (3 + 1 + 2 + 6 + 5 + 7 + 9 + 2 + 4) / 9);
    assert.deepEqual(
      b.exclusions.map((e) => e.reason),
      ['negative_total_cost', 'negative_fx_margin'],
    );
    assert.deepEqual(p!.sdg.corridorsAboveTarget, ['USA-JAM']);
    assert.deepEqual(p!.sdg.corridorsWithoutSmart, ['USA-MEX']);
    assert.equal(p!.sdg.globalBelowTarget, false);
    // no quote priced for USD 500: an empty band, not an error
    assert.equal(p!.bands[1]!.globalAverage, null);
  });

  test('quarters are separate and sorted', () => {
    const r = computeSdg10c1([
      quote('ARE', 'BGD', 2, { period: '2025_2Q' }),
      quote('ARE', 'BGD', 4, { period: '2024_4Q' }),
    ]);
    assert.deepEqual(
      r.map((p) => [p.period, p.sdg.globalAverage]),
      [
        ['2024_4Q', 4],
        ['2025_2Q', 2],
      ],
    );
    assert.equal(r[1]!.sdg.globalBelowTarget, true);
  });

  test('outliers: Tukey far-out fence from 20 quotes on; 100% or more is always out', () => {
    const base = Array.from({ length: 20 }, (_, i) => i + 1);
    // 1..20: Q1 = 5.75, Q3 = 15.25, fence = 15.25 + 3 x 9.5
    close(outlierFence(base), 15.25 + 3 * 9.5);
    assert.equal(outlierFence(base.slice(1)), null);
    close(quantile([1, 2, 3, 4], 0.5), 2.5);
    const quotes = [...base, 50].map((c) => quote('GBR', 'NGA', c));
    const [p] = computeSdg10c1(quotes);
    const b = p!.bands[0]!;
    close(b.outlierFence, 16 + 3 * 10); // 1..20 and 50: Q1 = 6, Q3 = 16
    assert.deepEqual(
      b.exclusions.map((e) => [e.reason, e.totalCostPct]),
      [['outlier', 50]],
    );
    close(b.corridors[0]!.average, 10.5);
    const few = computeSdg10c1([quote('GBR', 'NGA', 2), quote('GBR', 'NGA', 100), quote('GBR', 'NGA', 60)]);
    assert.deepEqual(
      few[0]!.bands[0]!.exclusions.map((e) => e.reason),
      ['cost_exceeds_amount'],
    );
  });

  test('what the receiver gets for an amount, on the nearest band', () => {
    const bands = {
      200: { totalCostPct: 4, fxMarginPct: 1 }, // fee 3% of 200 = USD 6
      500: { totalCostPct: 2.5, fxMarginPct: 1 }, // fee 1.5% of 500 = USD 7.5
    };
    const r = receivedFor(200, bands)!;
    assert.equal(r.band, 200);
    close(r.feeUsd, 6);
    close(r.receivedUsd, (200 - 6) * 0.99);
    const big = receivedFor(1000, bands)!;
    assert.equal(big.band, 500);
    close(big.receivedUsd, (1000 - 7.5) * 0.99);
    assert.equal(receivedFor(100, {}), null);
    assert.equal(receivedFor(400, { 200: bands[200] })!.band, 200);
  });
});

describe('SDG 10.c.1 properties', () => {
  const costs = fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { minLength: 1, maxLength: 40 });
  test('a corridor average lies between its cheapest and dearest quote, and nothing is lost', () => {
    fc.assert(
      fc.property(costs, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (cs, el) => {
        const qs = cs.map((c, i) => quote('ARE', 'BGD', c, { smartEligible: el[i]! }));
        const b = computeSdg10c1(qs)[0]!.bands[0]!;
        const c = b.corridors[0]!;
        const kept = qs
          .filter((q) => !b.exclusions.some((e) => e.quoteId === q.id))
          .map((q) => q.bands[200]!.totalCostPct);
        assert.equal(c.quotes + b.exclusions.length, qs.length);
        assert.ok(c.average >= Math.min(...kept) - 1e-9 && c.average <= Math.max(...kept) + 1e-9);
        if (c.smart !== null) assert.ok(c.smart <= c.average + 1e-9 || el.some((x, i) => i < qs.length && !x));
      }),
    );
  });

  test('SmaRT never exceeds the mean of any three eligible services, and is order-independent', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { minLength: 3, maxLength: 12 }), (cs) => {
        const s = smartAverage(cs).smart!;
        for (let i = 0; i + 2 < cs.length; i++) assert.ok(s <= (cs[i]! + cs[i + 1]! + cs[i + 2]!) / 3 + 1e-9);
        close(smartAverage([...cs].reverse()).smart, s);
      }),
    );
  });

  test('the result does not depend on the order of the quotes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('ARE', 'USA', 'GBR'), fc.double({ min: -2, max: 120, noNaN: true })), {
          maxLength: 60,
        }),
        (rows) => {
          const qs = rows.map(([s, c]) => quote(s, 'BGD', c));
          const a = computeSdg10c1(qs);
          const b = computeSdg10c1([...qs].reverse());
          assert.equal(a.length, b.length);
          for (let i = 0; i < a.length; i++) {
            const x = a[i]!.bands[0]!;
            const y = b[i]!.bands[0]!;
            assert.deepEqual(
              x.corridors.map((c) => [c.source, c.quotes]),
              y.corridors.map((c) => [c.source, c.quotes]),
            );
            assert.equal(x.exclusions.length, y.exclusions.length);
            if (x.globalAverage !== null) close(y.globalAverage, x.globalAverage);
          }
        },
      ),
    );
  });
});

describe('SDG 10.7.1', () => {
  const r = (
    id: string,
    costsPaid: number,
    monthlyEarnings: number,
    o: Partial<Parameters<typeof recruitmentCostRatio>[0]> = {},
  ) => ({
    id,
    origin: 'BGD',
    destination: 'ARE',
    year: 2025,
    costsPaid,
    costsUsdRate: 120, // BDT per USD
    monthlyEarnings,
    earningsUsdRate: 3.6725, // AED per USD
    ...o,
  });

  test('mean of each worker’s ratio, in months of earnings, by hand', () => {
    // BDT 360,000 = USD 3,000; AED 1,469 = USD 400: 7.5 months. BDT 0: 0 months. BDT 120,000 = USD 1,000 over
    // AED 2,203.5 = USD 600: 1.6667 months.
    const res = computeSdg1071([r('a', 360_000, 1469), r('b', 0, 1469), r('c', 120_000, 2203.5)]);
    assert.equal(res.corridors.length, 1);
    const c = res.corridors[0]!;
    close(recruitmentCostRatio(r('a', 360_000, 1469)), 7.5);
    close(c.meanRatio, (7.5 + 0 + 1000 / 600) / 3);
    close(c.indicatorPct, c.meanRatio * 100);
    close(c.medianRatio, 1000 / 600);
    close(c.shareWithoutCosts, 1 / 3);
    close(c.meanCostsUsd, (3000 + 0 + 1000) / 3);
    assert.equal(c.responses, 3);
  });

  test('responses that cannot give a ratio are excluded with their reason; years and corridors are separate', () => {
    const res = computeSdg1071([
      r('a', 1000, 0),
      r('b', -5, 100),
      r('c', 10, 100, { costsUsdRate: 0 }),
      r('d', 120, 100, { year: 2024 }),
      r('e', 120, 100, { origin: 'NPL' }),
    ]);
    assert.deepEqual(
      res.exclusions.map((e) => [e.responseId, e.reason]),
      [
        ['a', 'no_earnings'],
        ['b', 'negative_costs'],
        ['c', 'invalid_rate'],
      ],
    );
    assert.deepEqual(
      res.corridors.map((c) => `${c.origin}-${c.destination}-${c.year}`),
      ['BGD-ARE-2024', 'NPL-ARE-2025'],
    );
  });
});
