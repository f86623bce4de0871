// Horizontal bar chart: one bar per category, labelled with its value. In Arabic the chart is mirrored (labels on the
// right, bars growing leftwards), as a right-to-left reader expects. A suppressed cell (disclosure control) gets no
// bar, only the word "suppressed", so the picture never reveals what the table hides.
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

/**
 * One bar: its label and value; `value: null` with `suppressed` for a cell withheld by disclosure control; `text`, the
 * value as it is to be printed when a plain number would not say it (an amount of money).
 */
export type Bar = { label: string; value: number | null; suppressed?: boolean; text?: string };

export type BarChartInput = {
  title: string;
  description: string;
  bars: Bar[];
  language: ChartLanguage;
  /** Appended to each value label, e.g. "%". */
  unit?: string;
  width?: number;
};

const ROW = 26;
const TOP = 8;

/** Renders a horizontal bar chart as an accessible SVG string. */
export function renderBarChart(input: BarChartInput): string {
  const { bars, language } = input;
  const rtl = isRightToLeft(language);
  const width = input.width ?? 560;
  const labelWidth = Math.min(200, Math.round(width * 0.36));
  const valueWidth = 90;
  const plot = width - labelWidth - valueWidth - 16;
  const height = TOP * 2 + Math.max(1, bars.length) * ROW;
  const top = niceMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const id = chartId('bars');
  const text = CHART_TEXT[language];
  const unit = input.unit ?? '';
  const parts: string[] = [openSvg(id, width, height, input.title, input.description, language)];
  if (bars.length === 0) {
    parts.push(
      `<text x="${px(width / 2)}" y="${px(height / 2 + 4)}" text-anchor="middle">${escapeXml(text.noData)}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    const mid = y + ROW / 2 + 4;
    const length = b.value === null ? 0 : (b.value / top) * plot;
    // Left to right: label | bar → | value. Right to left: value | ← bar | label.
    // With direction="rtl", text-anchor "start" is the text's right edge: labels and values then both start there.
    const labelX = rtl ? width - 4 : labelWidth - 6;
    const barStart = rtl ? width - labelWidth : labelWidth;
    const barX = rtl ? barStart - length : barStart;
    const valueX = rtl ? barStart - length - 6 : barStart + length + 6;
    const shown =
      b.value === null
        ? b.suppressed
          ? text.suppressed
          : text.noData
        : (b.text ?? `${formatValue(b.value, language)}${unit}`);
    parts.push(
      `<g class="bar"><title>${escapeXml(`${b.label}: ${shown}`)}</title>`,
      `<text x="${px(labelX)}" y="${px(mid)}" text-anchor="${rtl ? 'start' : 'end'}">${escapeXml(b.label)}</text>`,
      b.value === null
        ? ''
        : `<rect x="${px(barX)}" y="${px(y + 4)}" width="${px(Math.max(length, 0.5))}" height="${ROW - 8}" fill="#1f6f8b"/>`,
      `<text x="${px(valueX)}" y="${px(mid)}" text-anchor="start"${b.value === null ? ' font-style="italic" fill="#555"' : ''}>${escapeXml(shown)}</text>`,
      '</g>',
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
