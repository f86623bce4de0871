// Exports of one published table in four shapes: plain CSV, XLSX, HXL-tagged CSV (a hashtag row under the header,
// HXL 1.1 core hashtags and attributes) and SDMX-CSV (one observation per row, the dimensions as columns, totals
// coded _T, suppressed observations empty with CONF_STATUS C (primary) or D (complementary), as the SDG data
// exchange does). Only published cells ever leave: disclosure control has run before anything is written.
import type { EvidenceExportFormat } from '@corridor/contracts';
import { stringify } from 'csv-stringify/sync';
import { writeTable } from '../../imports/tabular.ts';
import { ALL, type Dimension } from '../dimensions.ts';
import type { PublishedResult } from '../query.ts';

/** HXL hashtag of each dimension's column (HXL core schema; Corridor's attributes after the core ones). */
const HXL_TAG: Record<Dimension, string> = {
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
};

/** SDMX codes: totals and unknowns (SDMX global code lists: _T total, _U unknown), sex (F/M), age bands. */
function sdmxCode(d: Dimension, v: string): string {
  if (v === ALL) return '_T';
  if (v === 'unknown' || v === '') return '_U';
  if (d === 'sex') return v === 'female' ? 'F' : v === 'male' ? 'M' : v === 'other' ? '_O' : v;
  if (d === 'age_group')
    return (
      ({ '0-17': 'Y0T17', '18-24': 'Y18T24', '25-59': 'Y25T59', '60+': 'Y_GE60' } as Record<string, string>)[v] ?? v
    );
  return v;
}

const FREQ = { year: 'A', quarter: 'Q', month: 'M' } as const;

const shown = (v: string) => (v === ALL ? 'total' : v);

/** The rows of the plain table: header, then one row per published cell. */
function plainRows(r: PublishedResult, labels: Record<string, Record<string, string>>): string[][] {
  const by = r.query.by;
  const header = ['indicator', 'period', ...by.flatMap((d) => [d, `${d}_label`]), 'value', 'status'];
  const rows = r.cells.map((c) => [
    r.indicator.id,
    c.period,
    ...by.flatMap((d) => {
      const v = c.values[d] ?? '';
      return [shown(v), v === ALL ? 'total' : (labels[d]?.[v] ?? v)];
    }),
    c.value === null ? '' : String(c.value),
    c.status === 'published' ? 'published' : `suppressed (${c.status})`,
  ]);
  return [header, ...rows];
}

/** The export file of a published table in `format`, with its media type and file extension. */
export async function exportTable(
  r: PublishedResult,
  labels: Record<string, Record<string, string>>,
  format: EvidenceExportFormat,
): Promise<{ data: Buffer; contentType: string; extension: string; rows: number }> {
  const by = r.query.by;
  if (format === 'csv' || format === 'xlsx') {
    const rows = plainRows(r, labels);
    return {
      data: await writeTable(format, r.indicator.id.slice(0, 31), rows),
      contentType:
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: format,
      rows: rows.length - 1,
    };
  }
  if (format === 'hxl') {
    const [header, ...rows] = plainRows(r, labels);
    const tags = [
      '#indicator+code',
      '#date',
      ...by.flatMap((d) => [HXL_TAG[d], `${HXL_TAG[d].replace('+code', '')}+name`]),
      '#indicator+value+num',
      '#status+disclosure',
    ];
    return {
      data: await writeTable('csv', r.indicator.id, [header!, tags, ...rows]),
      contentType: 'text/csv; charset=utf-8',
      extension: 'hxl.csv',
      rows: rows.length,
    };
  }
  // SDMX-CSV 1.0: DATAFLOW, the dimensions, TIME_PERIOD, OBS_VALUE and attributes.
  const dims = by.map((d) => d.toUpperCase());
  const header = [
    'DATAFLOW',
    'FREQ',
    'INDICATOR',
    ...dims,
    'TIME_PERIOD',
    'OBS_VALUE',
    'UNIT_MEASURE',
    'OBS_STATUS',
    'CONF_STATUS',
  ];
  const rows = r.cells.map((c) => [
    'CORRIDOR:DF_EVIDENCE(1.0)',
    FREQ[r.query.grain],
    r.indicator.id.toUpperCase(),
    ...by.map((d) => sdmxCode(d, c.values[d] ?? '')),
    c.period,
    c.value === null ? '' : String(c.value),
    r.indicator.unit.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
    c.value === null ? 'M' : 'A',
    c.status === 'primary' ? 'C' : c.status === 'complementary' ? 'D' : 'F',
  ]);
  // No byte-order mark and plain line feeds: SDMX-CSV readers expect the header as the first bytes.
  return {
    data: Buffer.from(stringify([header, ...rows])),
    contentType: 'text/csv; charset=utf-8',
    extension: 'sdmx.csv',
    rows: rows.length,
  };
}
