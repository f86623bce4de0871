// A linkage model as plain JSON: the fields compared, their comparison levels with m and u probabilities, the
// prior, the blocking rules and the threshold. It holds no personal data (no values, no term frequencies), so it
// can be saved, read, diffed and reused on another data set with the same fields.
import { z } from 'zod';
import { FIELD_KINDS, type FieldKind, LEVELS } from './fields.ts';

export const MODEL_FORMAT = 'corridor-linkage-model';

const Probability = z.number().gt(0).lt(1);
const Level = z.object({ label: z.string(), m: Probability, u: Probability });
const FieldModel = z.object({
  field: z.string().min(1),
  kind: z.enum(FIELD_KINDS),
  /** Term-frequency adjustment of exact agreement (rare values count more). */
  tf: z.boolean(),
  /** Probability that two random records agree exactly on the field: the base of the adjustment. */
  uRandomExact: Probability,
  levels: z.array(Level).min(2),
});
/** A blocking rule: parts `field:transform` that must all agree for a pair to be a candidate. */
const BlockingRule = z.array(z.string().regex(/^[^:]+:(exact|phonetic|year|unordered|initial|first[1-9])$/)).min(1);

export const LinkageModelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(1),
    fields: z.array(FieldModel).min(1),
    /** Share of matches among candidate pairs, as estimated. */
    prior: Probability,
    blocking: z.array(BlockingRule).min(1),
    /** Pairs at or above this match probability are proposed. */
    threshold: Probability,
    trainedOn: z
      .object({ records: z.number().int(), pairs: z.number().int(), iterations: z.number().int() })
      .optional(),
  })
  .superRefine((m, ctx) => {
    m.fields.forEach((f, i) => {
      const labels = LEVELS[f.kind];
      if (f.levels.length !== labels.length || f.levels.some((l, j) => l.label !== labels[j]))
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'levels'], message: `levels must be ${labels.join(', ')}` });
    });
  });

export type LinkageModel = z.infer<typeof LinkageModelSchema>;
export type FieldModel = z.infer<typeof FieldModel>;

/** The fields to compare and how; the spec a model is trained from. */
export type FieldSpec = { field: string; kind: FieldKind; tf?: boolean };

/** Parses and checks a model read from JSON; throws a ZodError listing every problem. */
export const parseModel = (json: unknown): LinkageModel => LinkageModelSchema.parse(json);

/** The model as indented JSON text. */
export const serialiseModel = (model: LinkageModel): string => `${JSON.stringify(model, null, 2)}\n`;
