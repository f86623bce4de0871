// Choropleth of p-code areas: each area shaded by its value in five classes of equal width from 0 to a round maximum
// (sequential, colour-blind-safe blues). Suppressed areas are hatched, areas without data are pale grey; every area
// has a <title> with its name, p-code and value, and the legend lists the classes. Maps are not mirrored right to
// left (geography has no reading direction); the legend moves to the reading side.
import { type Boundaries, boundariesFor } from './boundaries.ts';
import {
  CHART_TEXT,
  type ChartLanguage,
  chartId,
  escapeXml,
  formatValue,
  isRightToLeft,
  niceMax,
  openSvg,
  px,
} from './svg.ts';

/** One area's value: `null` with `suppressed` when withheld by disclosure control; `text`, the value as printed. */
export type AreaValue = { pcode: string; value: number | null; suppressed?: boolean; text?: string };

export type ChoroplethInput = {
  title: string;
  description: string;
  values: AreaValue[];
  language: ChartLanguage;
  width?: number;
  /** Area names in the report's language, by p-code (the boundary file's English names otherwise). */
  names?: Record<string, string>;
};

const CLASSES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const NO_DATA = '#f2f2f2';

/** The SVG path of an area: whole pixels, relative moves, repeated pixels dropped (a few kB per map). */
function pathOf(polygons: Boundaries['areas'][number]['polygons'], size: number, dx: number, dy: number): string {
  let d = '';
  for (const poly of polygons)
    for (const ring of poly) {
      let lastX = 0;
      let lastY = 0;
      let points = 0;
      let part = '';
      for (const [x, y] of ring) {
        const X = Math.round(dx + x * size);
        const Y = Math.round(dy + y * size);
        if (points === 0) part = `M${X} ${Y}`;
        else if (X === lastX && Y === lastY) continue;
        else part += `l${X - lastX} ${Y - lastY}`;
        lastX = X;
        lastY = Y;
        points++;
      }
      // Rings smaller than a pixel (islets) vanish at this size.
      if (points >= 3) d += `${part}z`;
    }
  return d;
}

/** True when a map can be drawn for these p-codes (a shipped boundary file covers them). */
export function canMap(pcodes: readonly string[]): boolean {
  return boundariesFor(pcodes) !== null;
}

/** Renders the map as an accessible SVG string, or null when no shipped boundary file covers the p-codes. */
export function renderChoropleth(input: ChoroplethInput): string | null {
  const boundaries = boundariesFor(input.values.map((v) => v.pcode));
  if (!boundaries) return null;
  const { language } = input;
  const rtl = isRightToLeft(language);
  const text = CHART_TEXT[language];
  const width = input.width ?? 560;
  const legendW = 150;
  const mapSize = Math.min(width - legendW - 16, 420);
  const height = Math.max(Math.round(mapSize * boundaries.height + 32), 30 + 8 * 20 + 24);
  const mapX = rtl ? 8 : legendW + 8;
  const legendX = rtl ? width - 8 : 8;
  const top = niceMax(Math.max(0, ...input.values.map((v) => v.value ?? 0)));
  const classOf = (v: number) => Math.min(CLASSES.length - 1, Math.floor((v / top) * CLASSES.length));
  const byCode = new Map(input.values.map((v) => [v.pcode, v]));
  const id = chartId('map');
  const parts: string[] = [
    openSvg(id, width, height, input.title, input.description, language),
    `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
      `<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#888" stroke-width="2"/></pattern></defs>`,
  ];
  for (const area of boundaries.areas) {
    const v = byCode.get(area.pcode);
    const name = input.names?.[area.pcode] ?? area.name;
    const fill =
      v === undefined || (v.value === null && !v.suppressed)
        ? NO_DATA
        : v.value === null
          ? `url(#${id}-hatch)`
          : CLASSES[classOf(v.value)]!;
    const shown =
      v === undefined || v.value === null
        ? v?.suppressed
          ? text.suppressed
          : text.noData
        : (v.text ?? formatValue(v.value, language));
    parts.push(
      `<path d="${pathOf(area.polygons, mapSize, mapX, 8)}" fill="${fill}" stroke="#fff" stroke-width="0.8" data-pcode="${escapeXml(area.pcode)}">` +
        `<title>${escapeXml(`${name} (${area.pcode}): ${shown}`)}</title></path>`,
    );
  }
  // Legend: classes from highest to lowest, then suppressed and no data.
  // The class bounds with the decimals that print each exactly (a map of small values or rates: 0–0.2, not 0–0).
  const bound = (i: number) => (top * i) / CLASSES.length;
  const decimals =
    [0, 1, 2, 3, 4].find((d) => CLASSES.every((_, i) => Number(bound(i + 1).toFixed(d)) === bound(i + 1))) ?? 4;
  const rows: { fill: string; label: string }[] = CLASSES.map((fill, i) => ({
    fill,
    label: `${formatValue(bound(i), language, decimals)}–${formatValue(bound(i + 1), language, decimals)}`,
  })).reverse();
  rows.push({ fill: `url(#${id}-hatch)`, label: text.suppressed }, { fill: NO_DATA, label: text.noData });
  parts.push(
    `<g class="legend"><text x="${px(legendX)}" y="20" text-anchor="start" font-weight="bold">${escapeXml(text.legend)}</text>`,
  );
  rows.forEach((r, i) => {
    const y = 30 + i * 20;
    const boxX = rtl ? legendX - 14 : legendX;
    parts.push(
      `<rect x="${px(boxX)}" y="${y}" width="14" height="14" fill="${r.fill}" stroke="#999" stroke-width="0.5"/>`,
      `<text x="${px(rtl ? legendX - 20 : legendX + 20)}" y="${y + 11}" text-anchor="start">${escapeXml(r.label)}</text>`,
    );
  });
  parts.push(
    '</g>',
    `<text x="${px(rtl ? width - 8 : 8)}" y="${height - 8}" text-anchor="start" font-size="9" fill="#666">${escapeXml(boundaries.attribution)}</text>`,
    '</svg>',
  );
  return parts.join('');
}
