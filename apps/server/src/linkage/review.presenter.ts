import type { CandidatePair, PairExplanation } from '@corridor/contracts';
import { presentBeneficiarySummary } from '../beneficiaries/beneficiaries.presenter.ts';
import type { Explanation } from './engine/fellegi-sunter.ts';
import type { BeneficiaryMergeRow } from './linkage.table.ts';
import { movedCounts } from './merge.service.ts';
import type { CandidateView } from './review.service.ts';

/** An explanation as the API shows it: levels and weights, rounded; never the compared values. */
export function presentExplanation(e: Explanation): PairExplanation {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    probability: e.probability,
    weight: r(e.weight),
    priorWeight: r(e.priorWeight),
    fields: e.fields.map((f) => ({
      field: f.field,
      level: f.level,
      weight: r(f.weight),
      tfAdjustment: r(f.tfAdjustment),
    })),
  };
}

export function presentCandidate(v: CandidateView): CandidatePair {
  return {
    id: v.c.id,
    status: v.c.status,
    probability: v.c.probability,
    foundBy: v.c.found_by,
    foundAt: v.c.found_at,
    decidedAt: v.c.decided_at,
    a: presentBeneficiarySummary(v.a),
    b: presentBeneficiarySummary(v.b),
    explanation: presentExplanation(JSON.parse(v.c.explanation_json) as Explanation),
    mergeId: v.mergeId,
    version: v.c.version,
  };
}

export const presentMerge = (m: BeneficiaryMergeRow) => ({
  id: m.id,
  survivorId: m.survivor_id,
  mergedId: m.merged_id,
  moved: movedCounts(m),
  mergedAt: m.merged_at,
  unmergedAt: m.unmerged_at,
});
