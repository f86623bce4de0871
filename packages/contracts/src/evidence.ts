// Contracts of the evidence base: indicator metadata and indicator values (docs/indicators.md).
import { z } from 'zod';
import { EvidenceDimension, EvidenceGrain } from './evidence-report.ts';
import { Locale } from './identity.ts';

/** One indicator's metadata, as listed. */
export const IndicatorMetadata = z
  .object({
    id: z.string(),
    computation: z.enum(['incremental', 'on_demand']),
    titles: z.object({ en: z.string(), fr: z.string(), es: z.string(), ar: z.string() }),
    description: z.string(),
    unit: z.string(),
    source: z.object({ context: z.string(), records: z.string() }),
    dimensions: z.array(z.string()),
    multiValued: z.array(z.string()),
    threshold: z.number().int().nullable().describe('Primary suppression threshold (incremental indicators).'),
    tags: z.object({
      agenda: z.array(z.number().int()).describe('Points of the UN Secretary-General’s 8-point agenda.'),
      gcm: z.array(z.number().int()).describe('Objectives of the Global Compact for Migration.'),
      sdg: z.string().nullable(),
      mgi: z.array(z.string()),
    }),
    href: z.string().nullable().describe('Where the on-demand indicators are computed.'),
  })
  .meta({ id: 'IndicatorMetadata' });
export type IndicatorMetadata = z.infer<typeof IndicatorMetadata>;

export const IndicatorList = z.object({ items: z.array(IndicatorMetadata) }).meta({ id: 'IndicatorList' });

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'must be a code (letters, digits, _ . + -)');
const codes = z
  .string()
  .trim()
  .max(1000)
  .transform((s, ctx) => {
    const list = s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    for (const x of list)
      if (!/^[A-Za-z0-9_.+-]{1,64}$/.test(x)) {
        ctx.addIssue({ code: 'custom', message: 'a comma-separated list of codes', params: { rule: 'code_list' } });
        return z.NEVER;
      }
    return list;
  });

/** The query of one indicator's values; filters take comma-separated codes. */
export const IndicatorValuesQuery = z
  .object({
    grain: EvidenceGrain.default('year'),
    from: z.string().trim().max(8).describe('First period: 2026, 2026-Q1 or 2026-03 (of the grain).'),
    to: z.string().trim().max(8).describe('Last period, inclusive.'),
    by: z
      .string()
      .trim()
      .max(100)
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(EvidenceDimension).max(2))
      .describe('Up to two dimensions, comma-separated, e.g. sex,age_group.'),
    view: z.enum(['published', 'exact']).default('published').describe('exact: analysts and administrators; audited.'),
    scope: z.enum(['organisation', 'platform']).default('organisation').describe('platform: platform administrators.'),
    rounding: z.coerce.number().int().min(2).max(100).optional().describe('Round published values to this base.'),
    organisation: codes.optional().describe('Organisation ids (platform scope only).'),
    country: codes.optional(),
    pcode: code.optional().describe('A p-code: that area and everything inside it.'),
    sex: codes.optional(),
    age_group: codes.optional(),
    nationality: codes.optional(),
    case_type: codes.optional(),
    exploitation_type: codes.optional(),
    service_type: codes.optional(),
    currency: codes.optional(),
    language: Locale.optional().describe(
      'Also name the periods and the dimension values in this language (periodLabels, labels).',
    ),
  })
  .strict();
export type IndicatorValuesQuery = z.infer<typeof IndicatorValuesQuery>;

export const IndicatorCell = z
  .object({
    period: z.string(),
    values: z.record(z.string(), z.string()).describe('Value per dimension of `by`; "*" means all (a margin).'),
    value: z.number().nullable().describe('Null when suppressed.'),
    excluded: z.number().optional().describe('Exact view only: records left out for want of a statistics basis.'),
    status: z.enum(['published', 'primary', 'complementary', 'exact']),
  })
  .meta({ id: 'IndicatorCell' });

export const IndicatorValues = z
  .object({
    indicator: z.string(),
    view: z.enum(['published', 'exact']),
    scope: z.enum(['organisation', 'platform']),
    grain: EvidenceGrain,
    periods: z.array(z.string()),
    by: z.array(EvidenceDimension),
    cells: z.array(IndicatorCell),
    threshold: z.number().int().nullable(),
    rounding: z.number().int().nullable(),
    suppressed: z.object({ primary: z.number().int(), complementary: z.number().int() }),
    excluded: z
      .number()
      .nullable()
      .describe(
        'Records left out for want of a basis for statistics; null for a sum of money (see excludedByCurrency), or when fewer than the threshold were left out in the table or in one of its periods (excludedSuppressed).',
      ),
    excludedSuppressed: z
      .literal(true)
      .optional()
      .describe(
        'Published view: fewer records than the threshold were left out, in the table or in one of its periods (a month of a quarter or year table of a sum over time), so their number is withheld (it could single out the people of a narrow table who have no basis for statistics, and two ranges differing by that period would give its count away).',
      ),
    excludedByCurrency: z
      .record(z.string(), z.number().nullable())
      .optional()
      .describe(
        'A sum of money (services_value): the amounts left out, per currency, in minor units; in the published view null for a currency whose left-out amount is made up of fewer records than the threshold.',
      ),
    asOf: z.string().nullable().describe('When the newest figure read last changed.'),
    digest: z.string().describe('SHA-256 of the query and the cells read.'),
    labels: z
      .record(z.string(), z.record(z.string(), z.string()))
      .optional()
      .describe('With `language`: the dimension values by name, by dimension then value.'),
    periodLabels: z
      .record(z.string(), z.string())
      .optional()
      .describe('With `language`: each period by name ("Nov 2026", "Jul–Sep 2026", "2026").'),
  })
  .meta({ id: 'IndicatorValues' });
export type IndicatorValues = z.infer<typeof IndicatorValues>;
