// Contracts of remittance prices (SDG 10.c.1) and recruitment costs (SDG 10.7.1), docs/remittances.md.
import { z } from 'zod';
import { CountryCode, CurrencyCode, Id, namedPattern, PageQuery, page } from './common.ts';
import { TableFormat } from './imports.ts';

/** A quarter as the World Bank's RPW writes it: 2025_1Q. */
export const RpwPeriod = z
  .string()
  .regex(namedPattern(/^\d{4}_[1-4]Q$/, 'quarter'), 'must be a quarter like 2025_1Q')
  .refine((v) => v.slice(0, 4) >= '1990' && v.slice(0, 4) <= '2100', 'must be a quarter from 1990 to 2100')
  .meta({ id: 'RpwPeriod' });

const money = z.number().finite();
/**
 * Bounds that no real price, cost or rate reaches, so that a slip (1e308, a rate of 1e-308) is refused instead of
 * turning a figure into Infinity or 0 and the corridor's indicator into nothing: amounts up to a trillion units,
 * exchange rates from 0.000001 to 10,000,000 units per US dollar, percentages from -100 to 100.
 */
const amount = money.min(0).max(1e12);
const rate = money.min(0.000001).max(10_000_000);
const percent = money.min(-100).max(100);

/** One price band of a quote: USD 200 (RPW cc1) or USD 500 (cc2). */
export const QuoteBandInput = z
  .object({
    amountLcu: amount.positive().optional().describe('The USD amount in the sending currency (RPW "lcu amount").'),
    feeLcu: amount.optional().describe('The fee in the sending currency (RPW "lcu fee").'),
    fxMarginPct: percent.describe('Exchange-rate margin in % of the mid-market rate.'),
    totalCostPct: percent
      .optional()
      .describe('Total cost in % of the amount; computed from fee, amount and margin when those are given.'),
  })
  .strict();

export const RemittanceQuoteInput = z
  .object({
    period: RpwPeriod,
    sourceCode: CountryCode,
    destinationCode: CountryCode,
    firm: z.string().trim().min(1).max(200),
    firmType: z.string().trim().min(1).max(60),
    product: z.string().trim().max(200).default(''),
    paymentInstrument: z.string().trim().min(1).max(100).describe('How the sender pays (cash, bank account, card…).'),
    accessPoint: z.string().trim().min(1).max(100).describe('How the receiver collects (agent, account, wallet…).'),
    speed: z.string().trim().min(1).max(60).describe('RPW speed, e.g. "Less than one hour", "Next day", "3-5 days".'),
    transparent: z.boolean().default(true),
    accessible: z.boolean().default(true),
    usd200: QuoteBandInput,
    usd500: QuoteBandInput.optional(),
  })
  .strict()
  .meta({ id: 'RemittanceQuoteInput' });
export type RemittanceQuoteInput = z.infer<typeof RemittanceQuoteInput>;

export const QuoteBand = z.object({
  amountLcu: z.number().nullable(),
  feeLcu: z.number().nullable(),
  fxMarginPct: z.number(),
  totalCostPct: z.number(),
});

export const RemittanceQuote = z
  .object({
    id: Id,
    period: RpwPeriod,
    sourceCode: CountryCode,
    destinationCode: CountryCode,
    firm: z.string(),
    firmType: z.string(),
    product: z.string(),
    paymentInstrument: z.string(),
    accessPoint: z.string(),
    speed: z.string(),
    speedDays: z.number().int(),
    transparent: z.boolean(),
    accessible: z.boolean(),
    smartEligible: z.boolean(),
    usd200: QuoteBand,
    usd500: QuoteBand.nullable(),
    enteredBy: z.enum(['import', 'manual']),
    mine: z.boolean().describe('Recorded by your organisation (only it may delete the quote).'),
    updatedAt: z.string(),
  })
  .meta({ id: 'RemittanceQuote' });
export type RemittanceQuote = z.infer<typeof RemittanceQuote>;

export const RemittanceQuoteQuery = PageQuery.extend({
  period: RpwPeriod.optional(),
  source: CountryCode.optional(),
  destination: CountryCode.optional(),
  firm: z.string().trim().max(200).optional(),
});
export const RemittanceQuotePage = page(RemittanceQuote).meta({ id: 'RemittanceQuotePage' });

export const EXCLUSION_REASONS = [
  'negative_total_cost',
  'negative_fx_margin',
  'cost_exceeds_amount',
  'outlier',
] as const;

/** A quote left out of the averages, and why (never silently). */
export const QuoteExclusion = z.object({
  quoteId: Id,
  row: z.number().int().nullable().describe('Imports: the row of the file.'),
  period: RpwPeriod,
  corridor: z.string(),
  firm: z.string(),
  amount: z.union([z.literal(200), z.literal(500)]),
  reason: z.enum(EXCLUSION_REASONS),
  totalCostPct: z.number(),
});

export const ImportRemittanceFile = z
  .object({
    filename: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    format: TableFormat.optional(),
    content: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
    validateOnly: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'ImportRemittanceFile' });

export const RemittanceImportReport = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    periods: z.array(RpwPeriod),
    exclusions: z.array(QuoteExclusion).describe('Imported, but left out of the averages: each with its reason.'),
  })
  .meta({ id: 'RemittanceImportReport' });
export type RemittanceImportReport = z.infer<typeof RemittanceImportReport>;

export const Sdg10c1Query = z.object({
  period: RpwPeriod.optional(),
  source: CountryCode.optional(),
  destination: CountryCode.optional(),
});

const CorridorFigure = z.object({
  source: CountryCode,
  destination: CountryCode,
  quotes: z.number().int(),
  excluded: z.number().int(),
  average: z.number(),
  smart: z.number().nullable(),
  smartServices: z.number().int(),
  smartAboveTarget: z.boolean().nullable(),
  averageAboveTarget: z.boolean(),
});

export const Sdg10c1Report = z
  .object({
    periods: z.array(
      z.object({
        period: RpwPeriod,
        globalAverage: z.number().nullable(),
        globalAverageOfServices: z.number().nullable(),
        globalBelowTarget: z.boolean().nullable(),
        corridorsAboveTarget: z.array(z.string()),
        corridorsWithoutSmart: z.array(z.string()),
        bands: z.array(
          z.object({
            amount: z.union([z.literal(200), z.literal(500)]),
            globalAverage: z.number().nullable(),
            globalAverageOfServices: z.number().nullable(),
            outlierFence: z.number().nullable(),
            corridors: z.array(CorridorFigure),
            exclusions: z.array(QuoteExclusion),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Sdg10c1Report' });
export type Sdg10c1Report = z.infer<typeof Sdg10c1Report>;

export const CorridorHistoryPoint = z.object({
  period: RpwPeriod,
  average200: z.number().nullable(),
  average500: z.number().nullable(),
  smart200: z.number().nullable(),
  source: z.enum(['quotes', 'history']),
});

// --- SDG 10.7.1 -------------------------------------------------------------------------------------------------

const Currency = CurrencyCode;

export const RecruitmentCostInput = z
  .object({
    survey: z.string().trim().min(1).max(120),
    respondentRef: z.string().trim().min(1).max(60).optional(),
    originCode: CountryCode,
    destinationCode: CountryCode,
    surveyYear: z
      .number()
      .int()
      .min(1990)
      .refine((y) => y <= new Date().getUTCFullYear(), {
        message: 'must not be a year still to come',
        params: { rule: 'not_future' },
      }),
    sector: z.string().trim().min(1).max(60).optional(),
    costsPaid: amount.describe('Everything the worker paid to be recruited, in costsCurrency.'),
    costsCurrency: Currency,
    costsUsdRate: rate.describe('Units of costsCurrency per US dollar, as the survey recorded it.'),
    monthlyEarnings: amount.positive().describe("The first month's earnings in the destination."),
    earningsCurrency: Currency,
    earningsUsdRate: rate,
  })
  .strict()
  .meta({ id: 'RecruitmentCostInput' });
export type RecruitmentCostInput = z.infer<typeof RecruitmentCostInput>;

export const RecruitmentCostResponse = RecruitmentCostInput.extend({
  id: Id,
  respondentRef: z.string().nullable(),
  sector: z.string().nullable(),
  ratio: z.number().describe('Costs over one month of earnings, both in USD.'),
  createdAt: z.string(),
}).meta({ id: 'RecruitmentCostResponse' });

export const RecruitmentCostQuery = PageQuery.extend({
  origin: CountryCode.optional(),
  destination: CountryCode.optional(),
  year: z.coerce.number().int().optional(),
});
export const RecruitmentCostPage = page(RecruitmentCostResponse).meta({ id: 'RecruitmentCostPage' });

export const Sdg1071Report = z
  .object({
    corridors: z.array(
      z.object({
        origin: CountryCode,
        destination: CountryCode,
        year: z.number().int(),
        responses: z.number().int(),
        meanRatio: z.number(),
        indicatorPct: z.number(),
        medianRatio: z.number(),
        shareWithoutCosts: z.number(),
        meanCostsUsd: z.number(),
        meanEarningsUsd: z.number(),
      }),
    ),
    exclusions: z.array(z.object({ responseId: Id, reason: z.string() })),
  })
  .meta({ id: 'Sdg1071Report' });

export const RecruitmentCostImportReport = z
  .object({ dryRun: z.boolean(), rows: z.number().int(), created: z.number().int(), skipped: z.number().int() })
  .meta({ id: 'RecruitmentCostImportReport' });

export const RemittanceExport = z
  .object({
    list: z.enum(['quotes', 'sdg10c1', 'sdg1071']),
    format: TableFormat,
    period: RpwPeriod.optional(),
    source: CountryCode.optional(),
    destination: CountryCode.optional(),
  })
  .strict()
  .meta({ id: 'RemittanceExport' });

// --- public comparison ------------------------------------------------------------------------------------------

export const PublicRemittanceQuery = z.object({
  from: CountryCode.optional(),
  to: CountryCode.optional(),
  amount: z.coerce.number().min(1).max(100000).default(200),
  lang: z.string().max(10).optional(),
});

export const PublicRemittanceComparison = z
  .object({
    from: CountryCode.nullable(),
    to: CountryCode.nullable(),
    amountUsd: z.number(),
    period: RpwPeriod.nullable(),
    providers: z.array(
      z.object({
        firm: z.string(),
        product: z.string(),
        firmType: z.string(),
        paymentInstrument: z.string(),
        accessPoint: z.string(),
        speed: z.string(),
        feeUsd: z.number(),
        fxMarginPct: z.number(),
        totalCostUsd: z.number(),
        totalCostPct: z.number(),
        receivedUsd: z.number(),
      }),
    ),
    trend: z.array(CorridorHistoryPoint),
    targets: z.object({ globalPct: z.number(), corridorPct: z.number() }),
  })
  .meta({ id: 'PublicRemittanceComparison' });
export type PublicRemittanceComparison = z.infer<typeof PublicRemittanceComparison>;

export const RemittanceIdParams = z.object({ id: Id });
