// SDG 10.7.1: recruitment cost borne by the employee as a proportion of monthly income earned in the country of
// destination (ILO and World Bank, co-custodians; docs/remittances.md). Plain functions, no database: the indicator
// engine (issue #5) can register `computeSdg1071` as it is.
//
// The custodians' guidelines ask for costs and earnings observed for the same worker. So each response gives a
// ratio of its own (recruitment costs / first month's earnings, both converted to US dollars at the rates the survey
// recorded), and a corridor's indicator is the mean of its workers' ratios, in months of earnings (x 100 for %).
// Workers who paid nothing count, with a ratio of 0. A response without positive earnings cannot give a ratio and
// is excluded, with its reason.

export type SurveyResponseInput = {
  id: string;
  origin: string;
  destination: string;
  year: number;
  /** Everything the worker paid to be recruited, in `costsCurrency`. */
  costsPaid: number;
  /** Units of the costs' currency per US dollar, as the survey recorded it. */
  costsUsdRate: number;
  /** The first month's earnings in the destination, in `earningsCurrency`. */
  monthlyEarnings: number;
  earningsUsdRate: number;
};

export type Sdg1071Exclusion = { responseId: string; reason: 'no_earnings' | 'negative_costs' | 'invalid_rate' };

export type Sdg1071Corridor = {
  origin: string;
  destination: string;
  year: number;
  responses: number;
  /** Mean of the workers' ratios, as months of earnings (1 = one month's pay). */
  meanRatio: number;
  /** The same, in % of monthly income (the indicator as published). */
  indicatorPct: number;
  medianRatio: number;
  /** Share of workers who paid nothing (0..1). */
  shareWithoutCosts: number;
  meanCostsUsd: number;
  meanEarningsUsd: number;
};

export type Sdg1071Result = { corridors: Sdg1071Corridor[]; exclusions: Sdg1071Exclusion[] };

/** One worker's ratio: costs over one month's earnings, both in USD. */
export function recruitmentCostRatio(r: SurveyResponseInput): number {
  return r.costsPaid / r.costsUsdRate / (r.monthlyEarnings / r.earningsUsdRate);
}

function exclusionOf(r: SurveyResponseInput): Sdg1071Exclusion['reason'] | null {
  if (!(r.costsUsdRate > 0) || !(r.earningsUsdRate > 0)) return 'invalid_rate';
  if (!(r.monthlyEarnings > 0)) return 'no_earnings';
  if (r.costsPaid < 0) return 'negative_costs';
  return null;
}

const median = (sorted: readonly number[]) => {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
};

/** The indicator per corridor (origin, destination) and survey year, sorted. */
export function computeSdg1071(responses: readonly SurveyResponseInput[]): Sdg1071Result {
  const exclusions: Sdg1071Exclusion[] = [];
  const groups = new Map<string, SurveyResponseInput[]>();
  for (const r of responses) {
    const reason = exclusionOf(r);
    if (reason) {
      exclusions.push({ responseId: r.id, reason });
      continue;
    }
    const key = `${r.origin}-${r.destination}-${r.year}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const corridors = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, rs]) => {
      const ratios = rs.map(recruitmentCostRatio);
      const meanRatio = ratios.reduce((s, x) => s + x, 0) / ratios.length;
      const first = rs[0]!;
      return {
        origin: first.origin,
        destination: first.destination,
        year: first.year,
        responses: rs.length,
        meanRatio,
        indicatorPct: meanRatio * 100,
        medianRatio: median([...ratios].sort((a, b) => a - b)),
        shareWithoutCosts: rs.filter((r) => r.costsPaid === 0).length / rs.length,
        meanCostsUsd: rs.reduce((s, r) => s + r.costsPaid / r.costsUsdRate, 0) / rs.length,
        meanEarningsUsd: rs.reduce((s, r) => s + r.monthlyEarnings / r.earningsUsdRate, 0) / rs.length,
      };
    });
  return { corridors, exclusions };
}
