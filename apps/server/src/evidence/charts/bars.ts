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
/** A line of a label (font size 12). */
const LINE = 14;
/** At most this many lines a label; a longer one ends with "…" (its full text is in the bar's <title>). */
const MAX_LINES = 2;
/**
 * An upper estimate of a character's width at font size 12, in pixels: the SVG is drawn where its text cannot be
 * measured, so a label is wrapped by counting characters. Generous (wide Latin capitals and Arabic letters are
 * narrower on average), so a wrapped line stays inside the label area rather than running into the bars.
 */
const CHAR = 7;

/**
 * A label broken into lines of at most `room` pixels, at spaces (a word longer than a line is cut), at most MAX_LINES
 * of them, the last ending with "…" when the label does not fit.
 */
export function wrapLabel(label: string, room: number): string[] {
  const max = Math.max(4, Math.floor(room / CHAR));
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > max) {
      if (line) lines.push(line);
      lines.push(w.slice(0, max));
      line = '';
      w = w.slice(max);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= max) line = `${line} ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= MAX_LINES) return lines;
  const kept = lines.slice(0, MAX_LINES);
  const last = kept[MAX_LINES - 1]!;
  kept[MAX_LINES - 1] = `${last.length + 1 > max ? last.slice(0, max - 1) : last}…`;
  return kept;
}

/** Renders a horizontal bar chart as an accessible SVG string. */
export function renderBarChart(input: BarChartInput): string {
  const { bars, language } = input;
  const rtl = isRightToLeft(language);
  const width = input.width ?? 560;
  const labelWidth = Math.min(200, Math.round(width * 0.36));
  const valueWidth = 90;
  const plot = width - labelWidth - valueWidth - 16;
  // Each label wrapped to the label area (less the gap to the bar), so that none runs into the bars or the values.
  const labels = bars.map((b) => wrapLabel(b.label, labelWidth - 10));
  const rowOf = (lines: number) => Math.max(ROW, lines * LINE + 10);
  const rows = labels.map((l) => rowOf(l.length));
  const height = TOP * 2 + (bars.length === 0 ? ROW : rows.reduce((a, b) => a + b, 0));
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
  let y = TOP;
  bars.forEach((b, i) => {
    const row = rows[i]!;
    const lines = labels[i]!;
    const mid = y + row / 2 + 4;
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
      lines.length === 1
        ? `<text x="${px(labelX)}" y="${px(mid)}" text-anchor="${rtl ? 'start' : 'end'}">${escapeXml(lines[0]!)}</text>`
        : `<text x="${px(labelX)}" y="${px(mid - ((lines.length - 1) * LINE) / 2)}" text-anchor="${rtl ? 'start' : 'end'}">${lines
            .map((l, j) => `<tspan x="${px(labelX)}"${j ? ` dy="${LINE}"` : ''}>${escapeXml(l)}</tspan>`)
            .join('')}</text>`,
      b.value === null
        ? ''
        : `<rect x="${px(barX)}" y="${px(y + (row - (ROW - 8)) / 2)}" width="${px(Math.max(length, 0.5))}" height="${ROW - 8}" fill="#1f6f8b"/>`,
      `<text x="${px(valueX)}" y="${px(mid)}" text-anchor="start"${b.value === null ? ' font-style="italic" fill="#555"' : ''}>${escapeXml(shown)}</text>`,
      '</g>',
    );
    y += row;
  });
  parts.push('</svg>');
  return parts.join('');
}
