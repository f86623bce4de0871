// Exports of one published table in four shapes: plain CSV, XLSX, HXL-tagged CSV (a hashtag row under the header,
// HXL 1.1 core hashtags and attributes) and SDMX-CSV (one observation per row, the dimensions as columns, totals
// coded _T, suppressed observations empty with CONF_STATUS C (primary) or D (complementary), as the SDG data
// exchange does). Only published cells ever leave: disclosure control has run before anything is written.
//
// Column headers, value labels and statuses of CSV, XLSX and the label row of HXL are in the caller's language;
// what machines read never changes with it: the code columns, HXL hashtags, and every SDMX header and code.
import type { EvidenceExportFormat, EvidenceMeasure, Locale } from '@corridor/contracts';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { hxlDate } from '../../imports/hxl.ts';
import { type TableCell, writeTable } from '../../imports/tabular.ts';
import { ALL } from '../dimensions.ts';
import { measureOf } from '../indicators.ts';
import type { PublishedResult } from '../query.ts';
import type { OnDemandTable } from './on-demand.ts';
import { fitsSdgStructure, sdgRows } from './sdmx-sdg.ts';
import { DIMENSION_NAMES, TEXTS } from './texts.ts';

/** A published table as the exports see it, whether read from aggregate cells or computed on demand. */
export type ExportableTable = {
  indicatorId: string;
  unit: string;
  measure: EvidenceMeasure;
  /** The SDG indicator the figures feed, when they do (SDMX-CSV then follows the SDG data structure). */
  sdg: string | null;
  grain: 'year' | 'quarter' | 'month';
  by: readonly string[];
  cells: readonly {
    period: string;
    values: Readonly<Record<string, string | undefined>>;
    value: number | null;
    status: 'published' | 'primary' | 'complementary';
  }[];
};

/** An aggregate-cell result as an exportable table. */
export function exportableOfPublished(r: PublishedResult): ExportableTable {
  return {
    indicatorId: r.indicator.id,
    unit: r.indicator.unit,
    measure: measureOf(r.indicator),
    sdg: r.indicator.tags.sdg,
    grain: r.query.grain,
    by: r.query.by,
    cells: r.cells,
  };
}

/** An on-demand table as an exportable table. */
export function exportableOfOnDemand(t: OnDemandTable): ExportableTable {
  return {
    indicatorId: t.indicator.id,
    unit: t.indicator.unit,
    measure: t.measure,
    sdg: t.indicator.tags.sdg,
    grain: t.grain,
    by: t.by,
    cells: t.cells,
  };
}

/** HXL hashtag of each breakdown's column (HXL core schema; Corridor's attributes after the core ones). */
const HXL_TAG: Record<string, string> = {
  organisation: '#org+code',
  country: '#country+code',
  pcode: '#loc+code',
  sex: '#beneficiary+sex',
  age_group: '#beneficiary+age',
  nationality: '#beneficiary+nationality+code',
  case_type: '#beneficiary+type',
  exploitation_type: '#cause+type',
  service_type: '#service+type',
  currency: '#currency',
  round: '#meta+round',
  component: '#indicator+component',
  // A corridor (ARE-BGD) is not a country: a #country column would be read as one.
  corridor: '#meta+corridor',
  statistic: '#meta+statistic',
  project_kind: '#activity+type',
};

/** SDMX codes: totals and unknowns (SDMX global code lists: _T total, _U unknown), sex (F/M), age bands. */
export function sdmxCode(d: string, v: string): string {
  if (v === ALL) return '_T';
  if (v === 'unknown' || v === '') return '_U';
  if (d === 'sex') return v === 'female' ? 'F' : v === 'male' ? 'M' : v === 'other' ? '_O' : v;
  if (d === 'age_group')
    return (
      (
        { '0-17': 'Y0T17', '18-24': 'Y18T24', '25-59': 'Y25T59', '60+': 'Y_GE60', '18+': 'Y_GE18' } as Record<
          string,
          string
        >
      )[v] ?? v
    );
  return v;
}

export const FREQ = { year: 'A', quarter: 'Q', month: 'M' } as const;

/** The words of an export's header and status column in each language. */
const WORDS: Record<
  Locale,
  {
    indicator: string;
    code: string;
    value: string;
    status: string;
    published: string;
    primary: string;
    complementary: string;
  }
> = {
  en: {
    indicator: 'Indicator',
    code: 'code',
    value: 'Value',
    status: 'Status',
    published: 'published',
    primary: 'suppressed (below the threshold)',
    complementary: 'suppressed (to protect another cell)',
  },
  fr: {
    indicator: 'Indicateur',
    code: 'code',
    value: 'Valeur',
    status: 'Statut',
    published: 'publié',
    primary: 'masqué (sous le seuil)',
    complementary: 'masqué (pour protéger une autre cellule)',
  },
  es: {
    indicator: 'Indicador',
    code: 'código',
    value: 'Valor',
    status: 'Estado',
    published: 'publicado',
    primary: 'suprimido (por debajo del umbral)',
    complementary: 'suprimido (para proteger otra celda)',
  },
  ar: {
    indicator: 'المؤشر',
    code: 'الرمز',
    value: 'القيمة',
    status: 'الحالة',
    published: 'منشور',
    primary: 'محجوب (دون العتبة)',
    complementary: 'محجوب (لحماية خلية أخرى)',
  },
};

const dimensionName = (d: string, language: Locale) => DIMENSION_NAMES[d]?.[language] ?? d;

/** The rows of the plain table: a header in `language`, then one row per published cell. */
function plainRows(
  t: ExportableTable,
  labels: Record<string, Record<string, string>>,
  language: Locale,
): TableCell[][] {
  const w = WORDS[language];
  const header = [
    w.indicator,
    dimensionName('period', language),
    ...t.by.flatMap((d) => [`${dimensionName(d, language)} (${w.code})`, dimensionName(d, language)]),
    w.value,
    w.status,
  ];
  const rows = t.cells.map((c) => [
    t.indicatorId,
    c.period,
    ...t.by.flatMap((d) => {
      const v = c.values[d] ?? '';
      // The code column keeps a language-neutral code; the label column says it in words.
      return [v === ALL ? 'total' : v, v === ALL ? TEXTS[language].total : (labels[d]?.[v] ?? v)];
    }),
    c.value,
    w[c.status],
  ]);
  return [header, ...rows];
}

/** The export file of a published table in `format`, with its media type and file extension. */
export async function exportTable(
  t: ExportableTable,
  labels: Record<string, Record<string, string>>,
  format: EvidenceExportFormat,
  language: Locale = 'en',
  /** REF_AREA (UN M49) of the table in the SDG structure: the organisation's country, '1' for the platform. */
  sdgArea: string | null = null,
): Promise<{ data: Buffer; contentType: string; extension: string; rows: number }> {
  const by = t.by;
  if (format === 'csv' || format === 'xlsx') {
    const rows = plainRows(t, labels, language);
    const data = await writeTable(format, t.indicatorId.slice(0, 31), rows);
    return {
      data: format === 'xlsx' && language === 'ar' ? await rightToLeft(data) : data,
      contentType:
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: format,
      rows: rows.length - 1,
    };
  }
  if (format === 'hxl') {
    const [header, ...plain] = plainRows(t, labels, language);
    // Under #date a quarter is written as HXL tools read one (2026Q3, libhxl's normalised form), not 2026-Q3.
    const rows = plain.map(([indicator, period, ...rest]) => [indicator!, hxlDate(String(period)), ...rest]);
    const tags = [
      '#indicator+code',
      '#date',
      ...by.flatMap((d) => {
        const tag = HXL_TAG[d] ?? `#meta+${d.replace(/_/g, '')}`;
        return [tag, `${tag.replace('+code', '')}+name`];
      }),
      '#indicator+value+num',
      '#status+disclosure',
    ];
    return {
      data: await writeTable('csv', t.indicatorId, [header!, tags, ...rows]),
      contentType: 'text/csv; charset=utf-8',
      extension: 'hxl.csv',
      rows: rows.length,
    };
  }
  // SDMX-CSV 1.0. A table of an SDG indicator that the SDG data structure can express is written in it
  // (sdmx-sdg.ts); any other in Corridor's dataflow: DATAFLOW, the dimensions, TIME_PERIOD, OBS_VALUE, attributes.
  const [header, ...rows] = fitsSdgStructure(t, sdgArea)
    ? sdgRows(t, sdgArea)
    : [
        [
          'DATAFLOW',
          'FREQ',
          'INDICATOR',
          ...by.map((d) => d.toUpperCase()),
          'TIME_PERIOD',
          'OBS_VALUE',
          'UNIT_MEASURE',
          'OBS_STATUS',
          'CONF_STATUS',
        ],
        ...t.cells.map((c) => [
          'CORRIDOR:DF_EVIDENCE(1.0)',
          FREQ[t.grain],
          t.indicatorId.toUpperCase(),
          ...by.map((d) => sdmxCode(d, c.values[d] ?? '')),
          c.period,
          c.value === null ? '' : String(c.value),
          t.unit.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
          c.value === null ? 'M' : 'A',
          c.status === 'primary' ? 'C' : c.status === 'complementary' ? 'D' : 'F',
        ]),
      ];
  // No byte-order mark and plain line feeds: SDMX-CSV readers expect the header as the first bytes.
  return {
    data: Buffer.from(stringify([header!, ...rows])),
    contentType: 'text/csv; charset=utf-8',
    extension: 'sdmx.csv',
    rows: rows.length,
  };
}

/** An Arabic workbook opens right to left (its sheets' view), as Arabic is read: the first column on the right. */
async function rightToLeft(xlsx: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  // exceljs declares its own Buffer (an ArrayBuffer); JSZip below it reads either.
  await wb.xlsx.load(xlsx as never);
  for (const sheet of wb.worksheets) sheet.views = [{ rightToLeft: true }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
