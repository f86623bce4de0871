// Time series: one line per series over shared periods (months, quarters or years, in order). Right to left the time
// axis runs from right to left, as in Arabic publications. A suppressed value breaks the line (no point is drawn)
// and is named in the point's title, so nothing withheld can be read off the picture.
import {
  axisScale,
  CHART_TEXT,
  type ChartLanguage,
  chartId,
  escapeXml,
  formatValue,
  isRightToLeft,
  openSvg,
  px,
} from './svg.ts';

/** One point of a series: `value: null` when withheld (`suppressed`) or missing; `text`, the value as printed. */
export type SeriesPoint = { period: string; value: number | null; suppressed?: boolean; text?: string };
export type Series = { label: string; points: SeriesPoint[] };

export type TimeSeriesInput = {
  title: string;
  description: string;
  /** The periods on the axis, oldest first, with the label to print for each. */
  periods: { key: string; label: string }[];
  series: Series[];
  language: ChartLanguage;
  width?: number;
  height?: number;
};

/** Colour-blind-safe palette (Okabe-Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/** Renders a line chart as an accessible SVG string. */
export function renderTimeSeries(input: TimeSeriesInput): string {
  const { periods, series, language } = input;
  const rtl = isRightToLeft(language);
  const width = input.width ?? 640;
  const legendRows = series.length > 1 ? series.length : 0;
  const height = (input.height ?? 260) + legendRows * 18;
  const margin = { left: 56, right: 56, top: 12, bottom: 36 + legendRows * 18 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const values = series.flatMap((s) => s.points.map((p) => p.value ?? 0));
  const axis = axisScale(
    Math.max(0, ...values),
    values.every((v) => Number.isInteger(v)),
  );
  const top = axis.top;
  const id = chartId('series');
  const text = CHART_TEXT[language];
  // A series and its period in a tooltip, with the Arabic comma in Arabic.
  const comma = language === 'ar' ? '، ' : ', ';
  const n = Math.max(1, periods.length - 1);
  const xOf = (i: number) => {
    const f = periods.length === 1 ? 0.5 : i / n;
    return rtl ? margin.left + plotW * (1 - f) : margin.left + plotW * f;
  };
  const yOf = (v: number) => margin.top + plotH * (1 - v / top);
  const parts: string[] = [openSvg(id, width, height, input.title, input.description, language)];

  // Value axis on the reading side's start (left for LTR, right for RTL), with grid lines. "end" is the text's left
  // edge when the direction is rtl, so the numbers sit outside the plot on either side.
  const axisX = rtl ? width - margin.right : margin.left;
  for (const v of axis.ticks) {
    const y = yOf(v);
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${px(y)}" y2="${px(y)}" stroke="#ddd"/>`,
      `<text x="${px(rtl ? axisX + 6 : axisX - 6)}" y="${px(y + 4)}" text-anchor="end" fill="#444">${escapeXml(formatValue(v, language, axis.decimals))}</text>`,
    );
  }
  // Period labels: evenly thinned so that they do not run into each other (about 7 px a character and a gap).
  const longest = Math.max(1, ...periods.map((p) => p.label.length));
  const fit = Math.max(2, Math.floor(plotW / (longest * 7 + 12)) + 1);
  const every = Math.max(1, Math.ceil(periods.length / fit));
  periods.forEach((p, i) => {
    // Counted from the last period, which is always labelled.
    if ((periods.length - 1 - i) % every !== 0) return;
    parts.push(
      `<text x="${px(xOf(i))}" y="${px(margin.top + plotH + 18)}" text-anchor="middle" fill="#444">${escapeXml(p.label)}</text>`,
    );
  });
  if (periods.length === 0 || series.length === 0) {
    parts.push(
      `<text x="${px(width / 2)}" y="${px(margin.top + plotH / 2)}" text-anchor="middle">${escapeXml(text.noData)}</text>`,
    );
  }

  series.forEach((s, si) => {
    const colour = PALETTE[si % PALETTE.length]!;
    const byPeriod = new Map(s.points.map((p) => [p.period, p]));
    // Consecutive known values form one segment; a gap (suppressed or missing) starts a new one.
    let segment: string[] = [];
    const segments: string[][] = [];
    const marks: string[] = [];
    periods.forEach((p, i) => {
      const point = byPeriod.get(p.key);
      if (!point || point.value === null) {
        if (segment.length) segments.push(segment);
        segment = [];
        const shown = point?.suppressed ? text.suppressed : text.noData;
        marks.push(
          `<g><title>${escapeXml(`${s.label}${comma}${p.label}: ${shown}`)}</title><text x="${px(xOf(i))}" y="${px(margin.top + plotH - 4)}" text-anchor="middle" fill="${colour}" font-size="10">×</text></g>`,
        );
        return;
      }
      const x = xOf(i);
      const y = yOf(point.value);
      segment.push(`${px(x)},${px(y)}`);
      marks.push(
        `<circle cx="${px(x)}" cy="${px(y)}" r="3" fill="${colour}"><title>${escapeXml(`${s.label}${comma}${p.label}: ${point.text ?? formatValue(point.value, language)}`)}</title></circle>`,
      );
    });
    if (segment.length) segments.push(segment);
    for (const seg of segments)
      if (seg.length > 1)
        parts.push(`<polyline points="${seg.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    parts.push(...marks);
    if (legendRows) {
      const ly = height - legendRows * 18 + si * 18 + 4;
      const lx = rtl ? width - margin.right : margin.left;
      parts.push(
        `<rect x="${px(rtl ? lx - 12 : lx)}" y="${px(ly - 9)}" width="12" height="12" fill="${colour}"/>`,
        `<text x="${px(rtl ? lx - 18 : lx + 18)}" y="${px(ly + 1)}" text-anchor="start">${escapeXml(s.label)}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
