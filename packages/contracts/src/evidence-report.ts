import { z } from 'zod';
import { namedPattern } from './common.ts';
import { Locale } from './identity.ts';

// The evidence dashboard, its exports and the annual evidence report (docs/evidence-report.md). Every figure that
// leaves the server here is published: it has passed disclosure control.

/** The dimensions a table can be broken down by (the evidence engine's, apps/server/src/evidence/dimensions.ts). */
export const EVIDENCE_DIMENSIONS = [
  'organisation',
  'country',
  'pcode',
  'sex',
  'age_group',
  'nationality',
  'case_type',
  'exploitation_type',
  'service_type',
  'currency',
] as const;
export const EvidenceDimension = z.enum(EVIDENCE_DIMENSIONS).meta({ id: 'EvidenceDimension' });
export type EvidenceDimension = z.infer<typeof EvidenceDimension>;

/**
 * Breakdowns of the indicators computed on demand by other contexts (movements, reintegration, funds, projects,
 * remittances): survey round, score component, corridor, statistic, kind of project. Tables may also use `sex` and
 * `age_group` (people reached by projects).
 */
export const ON_DEMAND_BREAKDOWNS = ['round', 'component', 'corridor', 'statistic', 'project_kind'] as const;
/** Anything a table can be broken down by: an aggregate cell dimension or an on-demand breakdown. */
export const EvidenceBreakdown = z
  .enum([...EVIDENCE_DIMENSIONS, ...ON_DEMAND_BREAKDOWNS])
  .meta({ id: 'EvidenceBreakdown' });
export type EvidenceBreakdown = z.infer<typeof EvidenceBreakdown>;

export const EvidenceGrain = z.enum(['year', 'quarter', 'month']).meta({ id: 'EvidenceGrain' });
export type EvidenceGrain = z.infer<typeof EvidenceGrain>;

/** Whose figures: the caller's organisation, or (platform administrators only) the whole platform. */
export const EvidenceScopeName = z.enum(['organisation', 'platform']).meta({ id: 'EvidenceScopeName' });

const Period = z
  .string()
  .regex(
    namedPattern(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, 'period'),
    'must be a year (2026), a quarter (2026-Q1) or a month (2026-03)',
  );

/** Comma-separated list in a query string ("sex,age_group"), at most two dimensions. */
const ByList = z
  .string()
  .max(40)
  .transform((s) => (s.trim() === '' ? [] : s.split(',').map((x) => x.trim())))
  .pipe(z.array(EvidenceBreakdown).max(2, 'at most two dimensions'));

const FilterValue = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9_+*. -]+$/, 'letters, digits, _ + - . only');

/** One published table: the question (also the body of an export, with its format). */
export const EvidenceTableQuery = z
  .object({
    indicator: z.string().regex(/^[a-z0-9_]{2,60}$/, 'an indicator id'),
    grain: EvidenceGrain,
    from: Period,
    to: Period,
    by: ByList.default([]),
    /** Keep only places under this p-code (an area and everything in it). */
    pcodePrefix: z
      .string()
      .regex(namedPattern(/^[A-Z]{2}[A-Z0-9]{0,18}$/, 'pcode'), 'a p-code such as IQ01')
      .optional(),
    country: z
      .string()
      .regex(namedPattern(/^[A-Z]{3}$/, 'country'), 'ISO 3166 alpha-3')
      .optional(),
    sex: FilterValue.optional(),
    caseType: FilterValue.optional(),
    scope: EvidenceScopeName.default('organisation'),
    /** Also draw the table as a server-rendered SVG chart, labelled in this language. */
    chart: z.enum(['bars', 'series', 'map']).optional(),
    language: Locale.default('en'),
  })
  .strict();
export type EvidenceTableQuery = z.infer<typeof EvidenceTableQuery>;

export const EvidenceCell = z
  .object({
    period: z.string(),
    /** A value per dimension of `by`; '*' means all values (a margin or the total). */
    values: z.record(z.string(), z.string()),
    /** Null when disclosure control withheld it. */
    value: z.number().nullable(),
    status: z.enum(['published', 'primary', 'complementary']),
  })
  .meta({ id: 'EvidenceCell' });

/** What the values of a table are: counts of people or of things, US dollars, hours, scores (0-1) or percentages. */
export const EvidenceMeasure = z
  .enum(['people', 'count', 'usd', 'money', 'hours', 'score', 'percent'])
  .describe(
    'What a value is: people, a count, US dollars, hours, a score (0-1), a percentage, or `money`: an amount in ' +
      'minor units (cents) of the currency its cell names (the `currency` breakdown).',
  )
  .meta({ id: 'EvidenceMeasure' });
export type EvidenceMeasure = z.infer<typeof EvidenceMeasure>;

export const EvidenceTable = z
  .object({
    indicator: z.object({ id: z.string(), title: z.string(), unit: z.string() }),
    /** Read from the aggregate cells, or computed on demand from another context's records at this request. */
    computation: z.enum(['incremental', 'on_demand']),
    measure: EvidenceMeasure,
    /** The grain of the periods: an on-demand indicator with a grain of its own (SDG 10.c.1: quarters) uses it. */
    grain: EvidenceGrain,
    periods: z.array(z.string()),
    by: z.array(EvidenceBreakdown),
    cells: z.array(EvidenceCell),
    /** Smallest number of people a published value may stand for; null when the values are not about people. */
    threshold: z.number().int().nullable(),
    suppressed: z.object({ primary: z.number().int(), complementary: z.number().int() }),
    /**
     * Records left out for want of a legal basis for statistics; null for a sum of money, whose left-out amounts are
     * given per currency in `excludedByCurrency`.
     */
    excluded: z.number().nullable(),
    /** Fewer records than the threshold were left out: their number is withheld (`excluded` null). */
    excludedSuppressed: z.literal(true).optional(),
    /**
     * A sum of money (services_value): the amounts left out, per currency, in minor units; null for a currency whose
     * left-out amount is made up of fewer records than the threshold (withheld).
     */
    excludedByCurrency: z.record(z.string(), z.number().nullable()).optional(),
    /** When the newest figure read last changed (null when nothing was counted); on demand: when it was computed. */
    asOf: z.string().nullable(),
    /** SHA-256 of the definition, the question and the published cells (the figure's provenance). */
    digest: z.string(),
    /** Labels of the dimension values in the requested language, by dimension then value. */
    labels: z.record(z.string(), z.record(z.string(), z.string())),
    /** Each period by name in the requested language ("Nov 2026", "Jul–Sep 2026", "2026"). */
    periodLabels: z.record(z.string(), z.string()),
    /** The SVG chart when one was asked for and can be drawn (a map needs shipped boundaries for the p-codes). */
    chart: z.string().nullable(),
  })
  .meta({ id: 'EvidenceTable' });
export type EvidenceTable = z.infer<typeof EvidenceTable>;

export const EvidenceIndicatorSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    unit: z.string(),
    computation: z.enum(['incremental', 'on_demand']),
    measure: EvidenceMeasure,
    dimensions: z.array(EvidenceBreakdown),
    /** Breakdowns always shown (an on-demand indicator whose values have no total, such as scores per round). */
    required: z.array(EvidenceBreakdown),
    /** The only grain the indicator has, when it has one (SDG 10.c.1: quarter; SDG 10.7.1: year). */
    grain: EvidenceGrain.nullable(),
    /** Smallest number of people a published value may stand for; null when the values are not about people. */
    threshold: z.number().int().nullable(),
    /** Exact (internal) values can be read: aggregate-cell indicators only. */
    exact: z.boolean(),
    agenda: z.array(z.number().int()),
    sdg: z.string().nullable(),
  })
  .meta({ id: 'EvidenceIndicatorSummary' });
export const EvidenceIndicatorList = z.object({ items: z.array(EvidenceIndicatorSummary) });
export type EvidenceIndicatorSummary = z.infer<typeof EvidenceIndicatorSummary>;

export const EvidenceIndicatorListQuery = z.object({ language: Locale.default('en') }).strict();

export const EVIDENCE_EXPORT_FORMATS = ['csv', 'xlsx', 'hxl', 'sdmx'] as const;
export const EvidenceExportFormat = z.enum(EVIDENCE_EXPORT_FORMATS).meta({ id: 'EvidenceExportFormat' });
export type EvidenceExportFormat = z.infer<typeof EvidenceExportFormat>;

/** An export: the table's question (without chart options) and a format. */
export const EvidenceExport = z
  .object({
    indicator: z.string().regex(/^[a-z0-9_]{2,60}$/, 'an indicator id'),
    grain: EvidenceGrain,
    from: Period,
    to: Period,
    by: z.array(EvidenceBreakdown).max(2, 'at most two dimensions').default([]),
    pcodePrefix: z
      .string()
      .regex(namedPattern(/^[A-Z]{2}[A-Z0-9]{0,18}$/, 'pcode'), 'a p-code such as IQ01')
      .optional(),
    country: z
      .string()
      .regex(namedPattern(/^[A-Z]{3}$/, 'country'), 'ISO 3166 alpha-3')
      .optional(),
    sex: FilterValue.optional(),
    caseType: FilterValue.optional(),
    scope: EvidenceScopeName.default('organisation'),
    format: EvidenceExportFormat,
    /**
     * Language of the column headers and value labels (CSV, XLSX, the label row of HXL); when absent, the
     * request's Accept-Language. HXL hashtags and SDMX codes never change.
     */
    language: Locale.optional(),
  })
  .strict();
export type EvidenceExport = z.infer<typeof EvidenceExport>;

export const ANNUAL_REPORT_FORMATS = ['html', 'pdf', 'json'] as const;
export const AnnualReportFormat = z.enum(ANNUAL_REPORT_FORMATS).meta({ id: 'AnnualReportFormat' });
export type AnnualReportFormat = z.infer<typeof AnnualReportFormat>;

/** Asks for the annual evidence report of a year. */
export const AnnualReportRequest = z
  .object({
    year: z.number().int().min(2000).max(2100),
    format: AnnualReportFormat,
    language: Locale.default('en'),
    scope: EvidenceScopeName.default('organisation'),
    /** Controlled rounding of every count to a multiple of this base (e.g. 5); none when absent. */
    rounding: z.number().int().min(2).max(100).optional(),
  })
  .strict();
export type AnnualReportRequest = z.infer<typeof AnnualReportRequest>;
