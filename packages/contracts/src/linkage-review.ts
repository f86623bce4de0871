import { z } from 'zod';
import { BeneficiarySummary } from './beneficiaries.ts';
import { Id, Timestamp } from './common.ts';

// Duplicate detection within an organisation (docs/linkage.md): likely duplicates of a person about to be
// registered, the review queue of candidate pairs with the explanation of their score, decisions, merges and
// their reversal. Explanations carry comparison levels and weights, never the compared values.

/** One field's part in a pair's score. */
export const FieldContribution = z
  .object({
    field: z.string().describe('given_name, family_name, date_of_birth, document, phone or sex.'),
    level: z.string().describe('The comparison level ("exact", "variant", "jw>=0.92", ..., "else"), or "missing".'),
    weight: z.number().describe('Match weight in bits: log2(m/u), plus the term-frequency adjustment.'),
    tfAdjustment: z.number().describe('The part of the weight due to how rare the agreed value is.'),
  })
  .meta({ id: 'FieldContribution' });

export const PairExplanation = z
  .object({
    probability: z.number().min(0).max(1),
    weight: z.number(),
    priorWeight: z.number().describe('log2 of the prior odds that two records of the organisation are one person.'),
    fields: z.array(FieldContribution),
  })
  .meta({ id: 'PairExplanation' });
export type PairExplanation = z.infer<typeof PairExplanation>;

export const DuplicateHit = z
  .object({
    beneficiary: BeneficiarySummary,
    probability: z.number().min(0).max(1),
    likely: z.boolean().describe('At or above the threshold at which pairs are proposed for review.'),
    explanation: PairExplanation,
  })
  .meta({ id: 'DuplicateHit' });
export type DuplicateHit = z.infer<typeof DuplicateHit>;

export const DuplicateCheckResult = z
  .object({ items: z.array(DuplicateHit), threshold: z.number() })
  .meta({ id: 'DuplicateCheckResult' });
export type DuplicateCheckResult = z.infer<typeof DuplicateCheckResult>;

export const CANDIDATE_STATUSES = ['open', 'merged', 'distinct'] as const;
export const CandidateStatus = z.enum(CANDIDATE_STATUSES).meta({ id: 'CandidateStatus' });

export const CandidatePair = z
  .object({
    id: Id,
    status: CandidateStatus,
    probability: z.number(),
    foundBy: z.enum(['register', 'import', 'scan']),
    foundAt: Timestamp,
    decidedAt: Timestamp.nullable(),
    a: BeneficiarySummary,
    b: BeneficiarySummary,
    explanation: PairExplanation,
    mergeId: Id.nullable().describe('The merge made from this pair, while it is in force.'),
    version: z.number().int(),
  })
  .meta({ id: 'CandidatePair' });
export type CandidatePair = z.infer<typeof CandidatePair>;

export const CandidateListQuery = z
  .object({
    status: CandidateStatus.default('open'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const CandidateList = z.object({ items: z.array(CandidatePair), total: z.number().int() });

export const PairDecision = z
  .object({
    decision: z.enum(['same', 'distinct']),
    survivorId: Id.optional().describe('For "same": the record that stays (one of the pair); default the older.'),
  })
  .strict()
  .meta({ id: 'PairDecision' });
export type PairDecision = z.infer<typeof PairDecision>;

export const Merge = z
  .object({
    id: Id,
    survivorId: Id,
    mergedId: Id,
    moved: z.record(z.string(), z.number().int()).describe('Rows re-pointed to the survivor, per kind.'),
    mergedAt: Timestamp,
    unmergedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Merge' });

export const ScanResult = z
  .object({ people: z.number().int(), candidates: z.number().int(), proposed: z.number().int() })
  .meta({ id: 'ScanResult' });
