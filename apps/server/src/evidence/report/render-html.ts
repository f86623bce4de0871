// The annual report as one self-contained HTML document (inline CSS, inline SVG charts, no script, no external
// resource), in the report's language with dir="rtl" for Arabic. The same document is printed to PDF, so HTML and
// PDF match. Each chart is followed by its data table: the table is the accessible, exact form of the picture.

import { periodName } from '../../lib/period-names.ts';
import { renderBarChart } from '../charts/bars.ts';
import { renderChoropleth } from '../charts/choropleth.ts';
import { escapeXml as esc, formatValue } from '../charts/svg.ts';
import { renderTimeSeries } from '../charts/time-series.ts';
import {
  AGENDA_POINTS,
  type Breakdown,
  type FigureUnit,
  type HeadlineFigure,
  type Published,
  type ReportData,
  type ReportLanguage,
} from './report-data.ts';
import { AGENDA_TITLES, fill, type ReportTexts, TEXTS } from './texts.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached number format of the language. */
function numberFormat(language: ReportLanguage, kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${kind}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(language, options);
    numberFormats.set(key, f);
  }
  return f;
}

/** A published value as text: a count, a percentage, dollars, hours, a score, or the word for "suppressed". */
export function shown(p: Published, unit: FigureUnit, language: ReportLanguage): string {
  if (p.value === null) return p.suppressed ? TEXTS[language].suppressed : '–';
  switch (unit) {
    case 'people':
    case 'count':
      return formatValue(p.value, language, 0);
    case 'percent':
      return numberFormat(language, 'percent', { style: 'percent', maximumFractionDigits: 1 }).format(p.value / 100);
    case 'usd':
      return numberFormat(language, 'usd', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
        p.value,
      );
    case 'hours':
      return numberFormat(language, 'hours', { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(p.value);
    case 'score':
      return formatValue(p.value, language, 2);
  }
}

const dateTime = (iso: string, language: ReportLanguage) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)) +
  ' UTC';

/** A period key (YYYY-MM, YYYY-Qn, YYYY) as a short label in the language. */
/** A month of the report's year by its name alone (the year is the report's). */
function periodLabel(key: string, language: ReportLanguage): string {
  return periodName(key, language, { year: false });
}

function chartOf(b: Breakdown, language: ReportLanguage): string {
  const title = b.title[language];
  const description = b.cells.map((c) => `${c.label[language]}: ${shown(c, b.unit, language)}`).join('; ');
  if (b.chart === 'series') {
    return renderTimeSeries({
      title,
      description,
      language,
      periods: b.cells.map((c) => ({ key: c.key, label: periodLabel(c.key, language) })),
      series: [
        {
          label: title,
          points: b.cells.map((c) => ({ period: c.key, value: c.value, suppressed: c.suppressed })),
        },
      ],
    });
  }
  if (b.chart === 'map') {
    const map = renderChoropleth({
      title,
      description,
      language,
      values: b.cells.map((c) => ({ pcode: c.key, value: c.value, suppressed: c.suppressed })),
      names: Object.fromEntries(b.cells.map((c) => [c.key, c.label[language]])),
    });
    if (map) return map;
  }
  return renderBarChart({
    title,
    description,
    language,
    unit: b.unit === 'percent' ? '%' : '',
    bars: b.cells.map((c) => ({ label: c.label[language], value: c.value, suppressed: c.suppressed })),
  });
}

function breakdownHtml(b: Breakdown, language: ReportLanguage, t: ReportTexts, ref: number): string {
  const rows = b.cells
    .map(
      (c) =>
        `<tr><th scope="row">${esc(b.chart === 'series' ? periodLabel(c.key, language) : c.label[language])}</th>` +
        `<td class="num${c.suppressed ? ' suppressed' : ''}">${esc(shown(c, b.unit, language))}</td></tr>`,
    )
    .join('');
  return (
    `<figure class="breakdown" id="${esc(b.id)}" data-breakdown="${esc(b.id)}">` +
    `<figcaption>${esc(b.title[language])} <a class="ref" href="#prov-${ref}">[${ref}]</a></figcaption>` +
    `<div class="chart">${chartOf(b, language)}</div>` +
    `<table><thead><tr><th scope="col">${esc(t.category)}</th><th scope="col">${esc(t.value)}</th></tr></thead>` +
    `<tbody>${rows}</tbody><tfoot><tr><th scope="row">${esc(t.total)}</th>` +
    `<td class="num">${esc(shown(b.total, b.unit, language))}</td></tr></tfoot></table></figure>`
  );
}

function figureHtml(f: HeadlineFigure, language: ReportLanguage, ref: number): string {
  return (
    `<div class="figure" data-figure="${esc(f.id)}"><p class="value${f.suppressed ? ' suppressed' : ''}">` +
    `${esc(shown(f, f.unit, language))}</p><p class="label">${esc(f.label[language])} ` +
    `<a class="ref" href="#prov-${ref}">[${ref}]</a></p></div>`
  );
}

const CSS = `
body{font-family:'Noto Sans','Noto Naskh Arabic','DejaVu Sans',Arial,sans-serif;color:#1a1a1a;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.8rem;margin:0 0 .3rem}h2{border-bottom:2px solid #1f6f8b;padding-bottom:.2rem;margin-top:2rem}
.meta{color:#444}.meta dt{font-weight:bold;display:inline}.meta dd{display:inline;margin:0 1.2rem 0 .3rem}
.figures{display:flex;flex-wrap:wrap;gap:1rem}.figure{flex:1 1 12rem;border:1px solid #ccd;border-radius:6px;padding:.6rem .9rem;break-inside:avoid}
.figure .value{font-size:2rem;font-weight:bold;margin:0;color:#1f6f8b}.figure .label{margin:.2rem 0 0}
.suppressed{font-style:italic;color:#666}
figure.breakdown{margin:1rem 0;break-inside:avoid}figcaption{font-weight:bold;margin-bottom:.4rem}
.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccd;padding:.2rem .6rem;text-align:start}
td.num{text-align:end;font-variant-numeric:tabular-nums}
.ref{font-size:.8em;text-decoration:none;color:#1f6f8b}
.provenance td,.provenance th{font-size:.8rem;vertical-align:top}.digest{font-family:'DejaVu Sans Mono',monospace;word-break:break-all;direction:ltr;unicode-bidi:isolate}
.none{color:#555;font-style:italic}
@media print{body{margin:0;max-width:none}a{color:inherit}}
`;

/** Renders the report as a complete HTML document in one language. */
export function renderReportHtml(report: ReportData, language: ReportLanguage): string {
  const t = TEXTS[language];
  const dir = language === 'ar' ? 'rtl' : 'ltr';
  // Provenance references are numbered in order of first appearance: headline figures, then breakdowns.
  const refs = new Map<string, number>();
  for (const f of report.headline) refs.set(f.id, refs.size + 1);
  for (const b of report.breakdowns) refs.set(b.id, refs.size + 1);
  const figures = new Map(report.headline.map((f) => [f.id, f]));
  const breakdowns = new Map(report.breakdowns.map((b) => [b.id, b]));
  const indicators = new Map(report.indicators.map((i) => [i.id, i]));
  const scope =
    report.scope.kind === 'organisation'
      ? `${t.scopeOrganisation}: <bdi>${esc(report.scope.name)}</bdi> (<bdi>${esc(report.scope.code)}</bdi>)`
      : esc(t.scopePlatform);
  const c = report.coverage;
  const sections = AGENDA_POINTS.map((point) => {
    const s = report.sections.find((x) => x.point === point);
    const fs = (s?.figures ?? []).map((id) => figures.get(id)).filter((f): f is HeadlineFigure => f !== undefined);
    const bs = (s?.breakdowns ?? []).map((id) => breakdowns.get(id)).filter((b): b is Breakdown => b !== undefined);
    const body =
      fs.length === 0 && bs.length === 0
        ? `<p class="none">${esc(t.noFigures)}</p>`
        : (fs.length
            ? `<ul>${fs.map((f) => `<li>${esc(f.label[language])}: <strong>${esc(shown(f, f.unit, language))}</strong> <a class="ref" href="#prov-${refs.get(f.id)}">[${refs.get(f.id)}]</a></li>`).join('')}</ul>`
            : '') + bs.map((b) => breakdownHtml(b, language, t, refs.get(b.id)!)).join('');
    return `<section class="agenda-point" data-agenda-point="${point}"><h3>${point}. ${esc(AGENDA_TITLES[point][language])}</h3>${body}</section>`;
  }).join('');
  const provenanceRows = [
    ...report.headline.map((f) => ({ id: f.id, label: f.label[language], p: f.provenance })),
    ...report.breakdowns.map((b) => ({ id: b.id, label: b.title[language], p: b.provenance })),
  ]
    .map((r) => {
      const ind = indicators.get(r.p.indicatorId);
      return (
        `<tr id="prov-${refs.get(r.id)}"><td>[${refs.get(r.id)}]</td><td>${esc(r.label)}</td>` +
        `<td><code>${esc(r.p.indicatorId)}</code>${ind ? `<br>${esc(ind.title[language])}` : ''}</td>` +
        `<td>${esc(dateTime(r.p.dataAsOf, language))}</td>` +
        `<td class="digest">${esc(r.p.definitionDigest)}</td><td class="digest">${esc(r.p.inputDigest)}</td></tr>`
      );
    })
    .join('');
  const headline = report.headline.map((f) => figureHtml(f, language, refs.get(f.id)!)).join('');
  return `<!doctype html>
<html lang="${language}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`${t.title} ${report.year}`)}</title><style>${CSS}</style></head>
<body data-report-digest="${report.digest}">
<header><h1>${esc(t.title)} ${report.year}</h1><p>${scope}</p>
<dl class="meta"><dt>${esc(t.year)}</dt><dd>${report.year}</dd><dt>${esc(t.dataAsOf)}</dt><dd>${esc(dateTime(report.dataAsOf, language))}</dd><dt>${esc(t.generatedAt)}</dt><dd>${esc(dateTime(report.generatedAt, language))}</dd></dl></header>
<main>
<section id="headline"><h2>${esc(t.headline)}</h2><div class="figures">${headline}</div><p class="none">${esc(t.suppressedNote)}</p></section>
<section id="agenda"><h2>${esc(t.agenda)}</h2>${sections}</section>
<section id="coverage"><h2>${esc(t.coverage)}</h2><ul>
<li>${esc(t.recordsCounted)}: <strong data-coverage="counted">${c.recordsCounted === null ? '–' : esc(formatValue(c.recordsCounted, language, 0))}</strong></li>
<li>${esc(t.excluded)}: <strong data-coverage="excluded">${c.excludedSuppressed ? esc(t.excludedFew) : c.excludedNoStatisticalBasis === null ? '–' : esc(formatValue(c.excludedNoStatisticalBasis, language, 0))}</strong></li>
<li>${esc(t.suppressedCells)}: <strong data-coverage="suppressed">${esc(formatValue(c.suppressedCells, language, 0))}</strong></li>
<li>${esc(fill(t.thresholds, { standard: formatValue(c.thresholds.standard, language), sensitive: formatValue(c.thresholds.sensitive, language) }))}</li>
<li>${esc(c.roundingBase ? fill(t.rounding, { base: formatValue(c.roundingBase, language) }) : t.noRounding)}</li>
${c.indicatorsWithoutData.length ? `<li>${esc(t.withoutData)}: ${c.indicatorsWithoutData.map((id) => `<code>${esc(id)}</code>`).join(', ')}</li>` : ''}
${c.notPooled.length ? `<li data-coverage="not-pooled">${esc(t.notPooled)}: ${c.notPooled.map((id) => `<code>${esc(id)}</code>`).join(', ')}</li>` : ''}
</ul></section>
<section id="provenance"><h2>${esc(t.provenance)}</h2><p>${esc(t.provenanceIntro)}</p>
<table class="provenance"><thead><tr><th></th><th>${esc(t.figure)}</th><th>${esc(t.indicator)}</th><th>${esc(t.dataAsOf)}</th><th>${esc(t.definitionDigest)}</th><th>${esc(t.inputDigest)}</th></tr></thead><tbody>${provenanceRows}</tbody></table>
<p>${esc(t.reportDigest)}: <span class="digest" data-digest>${report.digest}</span></p></section>
</main></body></html>
`;
}
