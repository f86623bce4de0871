// The server-side charts: TopoJSON decoding against the shipped boundary file, accessibility (title, desc, a title
// per mark), escaping, suppressed values drawn as nothing, and right-to-left mirroring.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderBarChart, wrapLabel } from './bars.ts';
import { boundariesFor } from './boundaries.ts';
import { canMap, renderChoropleth } from './choropleth.ts';
import { axisScale, currencyDigits, formatMoney, formatValue } from './svg.ts';
import { renderTimeSeries } from './time-series.ts';
import { decodeTopology } from './topojson.ts';

const BGD = fileURLToPath(new URL('../../../assets/geo/bgd_adm1_cod_ab_2015.topojson', import.meta.url));

test('TopoJSON: the Bangladesh divisions decode into closed rings inside the country’s bounding box', () => {
  const features = decodeTopology(JSON.parse(fs.readFileSync(BGD, 'utf8')), 'adm1_boundaries');
  assert.equal(features.length, 8);
  assert.deepEqual(features.map((f) => f.properties.ADM1_EN).sort(), [
    'Barisal',
    'Chittagong',
    'Dhaka',
    'Khulna',
    'Mymensingh',
    'Rajshahi',
    'Rangpur',
    'Sylhet',
  ]);
  for (const f of features)
    for (const poly of f.polygons)
      for (const ring of poly) {
        const first = ring[0]!;
        const last = ring[ring.length - 1]!;
        assert.ok(Math.abs(first[0] - last[0]) < 1e-9 && Math.abs(first[1] - last[1]) < 1e-9, 'ring is closed');
        for (const [x, y] of ring) assert.ok(x > 88 && x < 93 && y > 20.5 && y < 26.7, `${x},${y} in Bangladesh`);
      }
  assert.throws(() => decodeTopology({ type: 'FeatureCollection' }, 'x'), /not a TopoJSON topology/);
  assert.throws(() => decodeTopology(JSON.parse(fs.readFileSync(BGD, 'utf8')), 'nope'), /not a GeometryCollection/);
});

test('boundaries are found for the p-codes they cover, and only those', () => {
  assert.equal(boundariesFor(['BD10', 'BD30'])?.id, 'BGD-adm1');
  assert.equal(boundariesFor(['IQ01', 'IQ02']), null);
  assert.equal(canMap([]), false);
});

test('bar chart: accessible, escaped, suppressed values have no bar, mirrored right to left', () => {
  const svg = renderBarChart({
    title: 'Victims <by> form',
    description: 'd',
    language: 'en',
    bars: [
      { label: 'Forced labour', value: 3353 },
      { label: 'Organ removal', value: null, suppressed: true },
    ],
  });
  assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="(bars-[a-z0-9]+)-t \1-d"/);
  assert.match(svg, /<title id="bars-[a-z0-9]+-t">Victims &lt;by&gt; form<\/title>/);
  assert.equal((svg.match(/<rect /g) ?? []).length, 1, 'one bar: the suppressed value has none');
  assert.match(svg, /<title>Organ removal: suppressed<\/title>/);
  assert.match(svg, /<title>Forced labour: 3,353<\/title>/);
  const rtl = renderBarChart({
    title: 't',
    description: 'd',
    language: 'ar',
    bars: [{ label: 'عمل قسري', value: 10 }],
  });
  assert.match(rtl, /direction="rtl"/);
  const x = (s: string) => Number(/<rect x="([0-9.]+)"/.exec(s)?.[1]);
  const ltr = renderBarChart({ title: 't', description: 'd', language: 'en', bars: [{ label: 'x', value: 10 }] });
  assert.ok(x(rtl) < x(ltr), 'right to left, the bar grows from the right towards the left');
  assert.match(rtl, /محجوب|عمل قسري/);
});

test('bar chart: a long label wraps inside the label area, never cut nor over the bars, in both directions', () => {
  const long = 'Unaccompanied or separated children';
  const longAr = 'الأطفال غير المصحوبين أو المنفصلين عن ذويهم';
  for (const [language, label] of [
    ['en', long],
    ['ar', longAr],
  ] as const) {
    const svg = renderBarChart({
      title: 't',
      description: 'd',
      language,
      bars: [
        { label, value: null, suppressed: true },
        { label: 'Other', value: 12 },
      ],
    });
    // The whole label is said (the bar's <title>) and shown, over two lines of the label area.
    assert.ok(svg.includes(`<title>${label}: `), language);
    const lines = [...svg.matchAll(/<tspan [^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!);
    assert.equal(lines.join(' '), label, language);
    assert.equal(lines.length, 2, language);
    // 560 wide: the label area is 200 px; at 7 px a character (an upper estimate) each line stays within it.
    for (const l of lines) assert.ok(l.length * 7 <= 190, `${language}: ${l}`);
    // The two lines fit their row: the chart grew to hold them, the next bar below them.
    const ys = [...svg.matchAll(/<tspan x="[0-9.]+"(?: dy="(\d+)")?/g)];
    assert.equal(ys.length, 2);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
    assert.ok(height >= 8 * 2 + (2 * 14 + 10) + 26, String(height));
  }
  assert.deepEqual(wrapLabel('x'.repeat(70), 190), ['x'.repeat(27), `${'x'.repeat(26)}…`]);
  assert.deepEqual(wrapLabel('Forced labour', 190), ['Forced labour']);
});

test('time series: a withheld month breaks the line and is named in its title', () => {
  const svg = renderTimeSeries({
    title: 'People assisted',
    description: 'd',
    language: 'fr',
    periods: ['2025-01', '2025-02', '2025-03', '2025-04'].map((k) => ({ key: k, label: k })),
    series: [
      {
        label: 'Personnes',
        points: [
          { period: '2025-01', value: 12 },
          { period: '2025-02', value: 15 },
          { period: '2025-03', value: null, suppressed: true },
          { period: '2025-04', value: 20 },
        ],
      },
    ],
  });
  assert.equal((svg.match(/<polyline /g) ?? []).length, 1, 'only Jan–Feb are joined');
  assert.equal((svg.match(/<circle /g) ?? []).length, 3);
  assert.match(svg, /<title>Personnes, 2025-03 : masqué<\/title>|<title>Personnes, 2025-03: masqué<\/title>/);
});

test('choropleth: every division has a path with its p-code and value; suppressed ones are hatched', () => {
  const svg = renderChoropleth({
    title: 'By division',
    description: 'd',
    language: 'en',
    values: [
      { pcode: 'BD30', value: 1200 },
      { pcode: 'BD10', value: null, suppressed: true },
    ],
  })!;
  assert.equal((svg.match(/<path /g) ?? []).length, 8);
  assert.match(svg, /data-pcode="BD30"><title>Dhaka \(BD30\): 1,200<\/title>/);
  assert.match(svg, /fill="url\(#map-[a-z0-9]+-hatch\)"[^>]*data-pcode="BD10"/);
  assert.match(svg, /data-pcode="BD55"><title>Rangpur \(BD55\): no data<\/title>/);
  assert.ok(svg.length < 80_000, `a small drawing (${svg.length} bytes)`);
  assert.equal(
    renderChoropleth({ title: 't', description: 'd', language: 'en', values: [{ pcode: 'IQ01', value: 5 }] }),
    null,
  );
  // The legend's classes print their bounds exactly, however small the values.
  const legend = (values: { pcode: string; value: number }[]) =>
    [
      ...renderChoropleth({ title: 't', description: 'd', language: 'en', values })!.matchAll(/>([0-9.,]+–[0-9.,]+)</g),
    ].map((m) => m[1]);
  assert.deepEqual(legend([{ pcode: 'BD30', value: 1200 }]), [
    '1,600–2,000',
    '1,200–1,600',
    '800–1,200',
    '400–800',
    '0–400',
  ]);
  assert.deepEqual(legend([{ pcode: 'BD30', value: 1 }]), ['0.8–1', '0.6–0.8', '0.4–0.6', '0.2–0.4', '0–0.2']);
  assert.deepEqual(legend([{ pcode: 'BD30', value: 0.05 }]).at(-1), '0–0.01');
});

test('value axis: round steps, whole steps for counts, every tick printed exactly and once', () => {
  assert.deepEqual(axisScale(0, true), { top: 1, ticks: [0, 1], decimals: 0 });
  assert.deepEqual(axisScale(3, true), { top: 3, ticks: [0, 1, 2, 3], decimals: 0 });
  assert.deepEqual(axisScale(5, true), { top: 6, ticks: [0, 2, 4, 6], decimals: 0 });
  assert.deepEqual(axisScale(40, true), { top: 40, ticks: [0, 10, 20, 30, 40], decimals: 0 });
  assert.deepEqual(axisScale(5323, true).ticks, [0, 2000, 4000, 6000]);
  assert.deepEqual(axisScale(0.062, false), { top: 0.08, ticks: [0, 0.02, 0.04, 0.06, 0.08], decimals: 2 });
  assert.deepEqual(axisScale(6.2, false), { top: 8, ticks: [0, 2, 4, 6, 8], decimals: 0 });
  for (const max of [0, 1, 2, 3, 5, 7, 9, 11, 99, 101, 1234, 0.3, 0.07, 12.5]) {
    const whole = Number.isInteger(max);
    const a = axisScale(max, whole);
    assert.ok(a.top >= max && a.ticks.length <= 6 && a.ticks.length >= 2, `${max}: ${JSON.stringify(a)}`);
    const labels = a.ticks.map((v) => formatValue(v, 'en', a.decimals));
    assert.equal(new Set(labels).size, labels.length, `${max}: ${labels}`);
    for (const [i, v] of a.ticks.entries())
      assert.equal(Number(labels[i]!.replaceAll(',', '')), v, `${max}: ${labels}`);
    if (whole) assert.ok(a.ticks.every((v) => Number.isInteger(v)));
  }
});

test('time series: a year of zero months is drawn at 0 with distinct axis labels; month labels do not run together', () => {
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
  const svg = renderTimeSeries({
    title: 'People assisted',
    description: 'd',
    language: 'en',
    periods: months.map((k) => ({ key: k, label: k })),
    series: [{ label: 'People', points: months.map((m) => ({ period: m, value: 0 })) }],
  });
  const axis = [...svg.matchAll(/text-anchor="end" fill="#444">([^<]*)</g)].map((m) => m[1]);
  assert.deepEqual(axis, ['0', '1']);
  const shown = months.filter((m) => svg.includes(`>${m}</text>`));
  assert.ok(shown.includes('2026-12'), 'the last month is labelled');
  assert.ok(shown.length >= 4 && shown.length <= 7, `${shown.length} labels: ${shown}`);
});

test('money: minor units as amounts of their currency, in each language; a bar prints its amount', () => {
  assert.deepEqual(
    ['USD', 'JPY', 'KWD', 'IQD'].map((c) => currencyDigits(c)),
    [2, 0, 3, 0],
  );
  assert.equal(formatMoney(12_530, 'USD', 'en'), '$125.30');
  assert.equal(formatMoney(12_530, 'JPY', 'en'), '¥12,530');
  assert.match(formatMoney(12_530, 'KWD', 'en'), /^KWD\s12\.530$/);
  assert.match(formatMoney(12_530, 'USD', 'fr'), /^125,30\s\$US$/);
  assert.match(formatMoney(12_530, 'USD', 'ar'), /١٢٥٫٣٠|125\.30/);
  const svg = renderBarChart({
    title: 'Value',
    description: 'Value by currency',
    language: 'en',
    bars: [{ label: 'USD', value: 125.3, text: formatMoney(12_530, 'USD', 'en') }],
  });
  assert.match(svg, />\$125\.30<\/text>/);
  assert.match(svg, /<title>USD: \$125\.30<\/title>/);
});
