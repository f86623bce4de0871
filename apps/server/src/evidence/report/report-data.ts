// The annual evidence report as data: what the HTML, PDF and JSON renderings all show. Every figure is a published
// value (after disclosure control) with its provenance: which indicator definition produced it, the data-as-of
// timestamp, and a SHA-256 digest of its inputs, so anyone holding the same data can reproduce it exactly.
import { createHash } from 'node:crypto';

export const REPORT_LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
/** A text in each report language. */
export type Localised = Record<ReportLanguage, string>;

/** The Secretary-General's 8-point agenda (DOMAIN.md): the report has one section per point. */
export const AGENDA_POINTS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type AgendaPoint = (typeof AGENDA_POINTS)[number];

/** Where a figure comes from. */
export type Provenance = {
  indicatorId: string;
  /** SHA-256 of the indicator definition as data (what it counts, filter, unit, disaggregations). */
  definitionDigest: string;
  /** The moment the aggregates were read (they are maintained in the writing transactions, so never older). */
  dataAsOf: string;
  /**
   * SHA-256 of the inputs: the definition digest, the query (year, scope, breakdown) and the published cells. The
   * exact (pre-suppression) counts are deliberately not hashed: a hash of a small count is invertible by trying
   * every small number, which would undo the suppression.
   */
  inputDigest: string;
  query: Record<string, string>;
};

/** A published value: `value` is null when disclosure control suppressed it. */
export type Published = { value: number | null; suppressed: boolean };

/**
 * What a value is: a count of people or of things, a percentage, US dollars, hours or a score from 0 to 1 (the last
 * four from the indicators computed on demand).
 */
export type FigureUnit = 'people' | 'count' | 'percent' | 'usd' | 'hours' | 'score';

export type HeadlineFigure = Published & {
  id: string;
  label: Localised;
  unit: FigureUnit;
  /** For a percentage: the id of the figure it is a share of. */
  shareOf?: string;
  provenance: Provenance;
};

export type BreakdownCell = Published & { key: string; label: Localised };

export type Breakdown = {
  id: string;
  title: Localised;
  indicatorId: string;
  /** The dimension broken down by ('month', 'exploitation_type', 'pcode', ...). */
  dimension: string;
  chart: 'bars' | 'series' | 'map';
  unit: FigureUnit;
  cells: BreakdownCell[];
  total: Published;
  provenance: Provenance;
};

export type AgendaSection = {
  point: AgendaPoint;
  /** Ids of the headline figures and breakdowns that serve this point (an indicator may serve several). */
  figures: string[];
  breakdowns: string[];
};

export type Coverage = {
  /** Records counted (with a legal basis that allows statistical use). */
  recordsCounted: number | null;
  /** Records left out because their legal basis does not allow statistical use. */
  excludedNoStatisticalBasis: number | null;
  /**
   * Fewer people than the threshold were left out: `excludedNoStatisticalBasis` is null because the number is withheld
   * (it would single them out), not because there is no figure.
   */
  excludedSuppressed?: true;
  /** Cells of the report's tables withheld by disclosure control (primary and complementary). */
  suppressedCells: number;
  /** The smallest count published, per kind of indicator. */
  thresholds: { standard: number; sensitive: number };
  /** Base of controlled rounding, or null when counts are not rounded. */
  roundingBase: number | null;
  /** Indicators of the catalogue for which the year has no data. */
  indicatorsWithoutData: string[];
  /**
   * Indicators computed on demand that have no platform-wide figure (means and medians per organisation cannot be
   * pooled exactly): left out of a platform report.
   */
  notPooled: string[];
};

export type ReportIndicator = {
  id: string;
  /** Kept as aggregate cells, or computed on demand from another context's records when the report is made. */
  computation: 'incremental' | 'on_demand';
  title: Localised;
  unit: string;
  agendaPoints: AgendaPoint[];
  sdg: string[];
  gcm: number[];
  definitionDigest: string;
};

export type ReportScope =
  | { kind: 'organisation'; code: string; name: string }
  | { kind: 'platform'; organisations: number };

export type ReportData = {
  format: 'corridor.annual-evidence-report';
  version: 1;
  year: number;
  scope: ReportScope;
  generatedAt: string;
  dataAsOf: string;
  headline: HeadlineFigure[];
  breakdowns: Breakdown[];
  sections: AgendaSection[];
  coverage: Coverage;
  indicators: ReportIndicator[];
  /** SHA-256 of the whole report (this field left out), in canonical JSON. */
  digest: string;
};

/** JSON with object keys sorted at every level: one text per value, whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of a value's canonical JSON. */
export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The provenance of a published table: digests of the definition and of definition + query + published cells. */
export function provenanceOf(
  indicatorId: string,
  definition: unknown,
  query: Record<string, string>,
  published: unknown,
  dataAsOf: string,
): Provenance {
  const definitionDigest = sha256Of(definition);
  return {
    indicatorId,
    definitionDigest,
    dataAsOf,
    inputDigest: sha256Of({ definitionDigest, query, published }),
    query,
  };
}

/** Seals a report: its digest over everything else. */
export function sealReport(report: Omit<ReportData, 'digest'>): ReportData {
  return { ...report, digest: sha256Of(report) };
}

/** A share in percent of two published counts, suppressed when either is (it would reveal the hidden one). */
export function shareOf(part: Published, whole: Published): Published {
  if (part.value === null || whole.value === null || whole.value === 0)
    return { value: null, suppressed: part.suppressed || whole.suppressed };
  return { value: Math.round((part.value / whole.value) * 1000) / 10, suppressed: false };
}
