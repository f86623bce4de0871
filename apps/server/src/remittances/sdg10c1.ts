// SDG 10.c.1: remittance costs as a proportion of the amount remitted (docs/remittances.md). Plain functions over
// plain values, no database: the indicator engine (issue #5) can register `computeSdg10c1` as it is.
//
// - Total cost % of a quote = fee / amount x 100 + FX margin %, with FX margin % = (mid rate - rate given) / mid x 100.
// - Corridor average = simple mean of the total cost % of the corridor's included quotes in the quarter.
// - SmaRT = mean of the three cheapest included quotes that meet the SmaRT conditions (transparent, accessible,
//   5 days or less); undefined when the corridor has fewer than three such services.
// - Global average = mean of the corridor averages (DOMAIN.md); the mean over all included services (the wording
//   of the UN metadata) is given beside it.
// - Excluded, never silently: negative total cost or negative FX margin, a total cost of 100% or more, and far-out
//   outliers (above Q3 + 3 x IQR of the quarter's quotes for that amount, when the quarter has 20 quotes or more).

/** The two amounts RPW prices, in USD: `cc1` is USD 200, `cc2` USD 500. */
export const AMOUNTS_USD = [200, 500] as const;
export type AmountUsd = (typeof AMOUNTS_USD)[number];

/** The SDG targets: the global average below 3%, and no corridor (SmaRT) above 5%. */
export const GLOBAL_TARGET_PCT = 3;
export const CORRIDOR_TARGET_PCT = 5;
/** SmaRT counts services that deliver within this many days. */
export const SMART_MAX_DAYS = 5;
/** Tukey's far-out fence multiplier and the quotes a quarter needs before the statistical fence applies. */
export const OUTLIER_IQR_FACTOR = 3;
export const OUTLIER_MIN_QUOTES = 20;

export type ExclusionReason = 'negative_total_cost' | 'negative_fx_margin' | 'cost_exceeds_amount' | 'outlier';

/** FX margin in % of the mid-market (interbank) rate; positive when the customer gets less than the mid rate. */
export function fxMarginPct(midRate: number, rateGiven: number): number {
  if (!(midRate > 0)) throw new RangeError('the mid rate must be positive');
  return ((midRate - rateGiven) / midRate) * 100;
}

/** Total cost in % of the amount sent: the fee's share plus the FX margin. */
export function totalCostPct(fee: number, amount: number, fxMargin: number): number {
  if (!(amount > 0)) throw new RangeError('the amount must be positive');
  return (fee / amount) * 100 + fxMargin;
}

/** One price band of a quote as the indicator sees it. */
export type BandInput = { totalCostPct: number; fxMarginPct: number };

/** One quote: a service (firm x product) in a corridor in a quarter, priced for USD 200 and, usually, USD 500. */
export type QuoteInput = {
  id: string;
  period: string;
  source: string;
  destination: string;
  firm: string;
  /** Meets the SmaRT conditions: transparent, accessible, and 5 days or less. */
  smartEligible: boolean;
  bands: Partial<Record<AmountUsd, BandInput>>;
};

export type Exclusion = { quoteId: string; amount: AmountUsd; reason: ExclusionReason; totalCostPct: number };

export type CorridorFigure = {
  source: string;
  destination: string;
  /** Quotes counted in the average. */
  quotes: number;
  excluded: number;
  average: number;
  /** Mean of the three cheapest SmaRT-eligible quotes; null when fewer than three exist. */
  smart: number | null;
  smartServices: number;
  /** The SmaRT average is above 5% (null when SmaRT cannot be computed). */
  smartAboveTarget: boolean | null;
  averageAboveTarget: boolean;
};

export type BandFigure = {
  amount: AmountUsd;
  corridors: CorridorFigure[];
  /** Mean of corridor averages (DOMAIN.md); null when no corridor has a quote. */
  globalAverage: number | null;
  /** Mean over every included quote (the UN metadata's "all services"). */
  globalAverageOfServices: number | null;
  /** The outlier fence used for the quarter (null when the quarter had too few quotes for one). */
  outlierFence: number | null;
  exclusions: Exclusion[];
};

export type PeriodFigure = {
  period: string;
  bands: BandFigure[];
  /** 10.c.1 for the quarter, on the USD 200 band. */
  sdg: {
    globalAverage: number | null;
    globalBelowTarget: boolean | null;
    /** Corridors whose SmaRT average is above 5%, as SOURCE-DESTINATION. */
    corridorsAboveTarget: string[];
    /** Corridors with fewer than three SmaRT-eligible services. */
    corridorsWithoutSmart: string[];
  };
};

const mean = (xs: readonly number[]): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
};

/** The q-quantile of sorted values by linear interpolation between closest ranks (type 7, as R and NumPy). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The far-out fence of a quarter's costs: Q3 + 3 x IQR, or null when there are too few values for one. */
export function outlierFence(costs: readonly number[]): number | null {
  if (costs.length < OUTLIER_MIN_QUOTES) return null;
  const sorted = [...costs].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return q3 + OUTLIER_IQR_FACTOR * (q3 - q1);
}

/** Why a band is excluded before any statistics: impossible or implausible values. */
export function plainExclusion(b: BandInput): ExclusionReason | null {
  if (b.totalCostPct < 0) return 'negative_total_cost';
  if (b.fxMarginPct < 0) return 'negative_fx_margin';
  if (b.totalCostPct >= 100) return 'cost_exceeds_amount';
  return null;
}

const corridorKey = (q: { source: string; destination: string }) => `${q.source}-${q.destination}`;

/** Mean of the three cheapest eligible costs, and how many eligible services there were. */
export function smartAverage(eligibleCosts: readonly number[]): { smart: number | null; services: number } {
  if (eligibleCosts.length < 3) return { smart: null, services: eligibleCosts.length };
  const cheapest = [...eligibleCosts].sort((a, b) => a - b).slice(0, 3);
  return { smart: mean(cheapest), services: eligibleCosts.length };
}

function bandFigure(quotes: readonly QuoteInput[], amount: AmountUsd): BandFigure {
  const priced = quotes.filter((q) => q.bands[amount] !== undefined);
  const exclusions: Exclusion[] = [];
  const kept: { q: QuoteInput; cost: number }[] = [];
  for (const q of priced) {
    const b = q.bands[amount]!;
    const reason = plainExclusion(b);
    if (reason) exclusions.push({ quoteId: q.id, amount, reason, totalCostPct: b.totalCostPct });
    else kept.push({ q, cost: b.totalCostPct });
  }
  const fence = outlierFence(kept.map((k) => k.cost));
  const included =
    fence === null
      ? kept
      : kept.filter((k) => {
          if (k.cost <= fence) return true;
          exclusions.push({ quoteId: k.q.id, amount, reason: 'outlier', totalCostPct: k.cost });
          return false;
        });

  const byCorridor = new Map<string, { source: string; destination: string; costs: number[]; eligible: number[] }>();
  for (const { q, cost } of included) {
    const key = corridorKey(q);
    let c = byCorridor.get(key);
    if (!c) {
      c = { source: q.source, destination: q.destination, costs: [], eligible: [] };
      byCorridor.set(key, c);
    }
    c.costs.push(cost);
    if (q.smartEligible) c.eligible.push(cost);
  }
  const excludedPer = new Map<string, number>();
  const quoteById = new Map(priced.map((q) => [q.id, q]));
  for (const e of exclusions) {
    const key = corridorKey(quoteById.get(e.quoteId)!);
    excludedPer.set(key, (excludedPer.get(key) ?? 0) + 1);
  }
  const corridors: CorridorFigure[] = [...byCorridor.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, c]) => {
      const average = mean(c.costs);
      const { smart, services } = smartAverage(c.eligible);
      return {
        source: c.source,
        destination: c.destination,
        quotes: c.costs.length,
        excluded: excludedPer.get(key) ?? 0,
        average,
        smart,
        smartServices: services,
        smartAboveTarget: smart === null ? null : smart > CORRIDOR_TARGET_PCT,
        averageAboveTarget: average > CORRIDOR_TARGET_PCT,
      };
    });
  return {
    amount,
    corridors,
    globalAverage: corridors.length ? mean(corridors.map((c) => c.average)) : null,
    globalAverageOfServices: included.length ? mean(included.map((k) => k.cost)) : null,
    outlierFence: fence,
    exclusions,
  };
}

/** Every figure of SDG 10.c.1, per quarter (sorted), for USD 200 and USD 500. */
export function computeSdg10c1(quotes: readonly QuoteInput[]): PeriodFigure[] {
  const byPeriod = new Map<string, QuoteInput[]>();
  for (const q of quotes) {
    const list = byPeriod.get(q.period);
    if (list) list.push(q);
    else byPeriod.set(q.period, [q]);
  }
  return [...byPeriod.keys()].sort().map((period) => {
    const list = byPeriod.get(period)!;
    const bands = AMOUNTS_USD.map((a) => bandFigure(list, a));
    const b200 = bands[0]!;
    return {
      period,
      bands,
      sdg: {
        globalAverage: b200.globalAverage,
        globalBelowTarget: b200.globalAverage === null ? null : b200.globalAverage < GLOBAL_TARGET_PCT,
        corridorsAboveTarget: b200.corridors.filter((c) => c.smartAboveTarget).map(corridorKey),
        corridorsWithoutSmart: b200.corridors.filter((c) => c.smart === null).map(corridorKey),
      },
    };
  });
}

/** What a sender gets for `amountUsd`, priced on the band nearest to it (fee as a fixed amount, margin as a rate). */
export function receivedFor(
  amountUsd: number,
  bands: Partial<Record<AmountUsd, BandInput>>,
): { band: AmountUsd; feeUsd: number; fxMarginPct: number; totalCostUsd: number; receivedUsd: number } | null {
  const order: AmountUsd[] = amountUsd < 350 ? [200, 500] : [500, 200];
  const band = order.find((a) => bands[a] !== undefined);
  if (band === undefined) return null;
  const b = bands[band]!;
  const feeUsd = ((b.totalCostPct - b.fxMarginPct) / 100) * band;
  const afterFee = Math.max(0, amountUsd - feeUsd);
  const receivedUsd = afterFee * (1 - b.fxMarginPct / 100);
  return { band, feeUsd, fxMarginPct: b.fxMarginPct, totalCostUsd: amountUsd - receivedUsd, receivedUsd };
}
