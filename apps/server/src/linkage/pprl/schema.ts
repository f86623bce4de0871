// The linkage schema: which fields are encoded into a CLK and how, in the anonlink ecosystem's "linkage schema v3"
// JSON format (https://clkhash.readthedocs.io/en/stable/schema.html), validated here with zod. Corridor reads the
// format as published; two things differ on purpose and are documented in docs/linkage.md:
// - `hashing.hash` (doubleHash / blakeHash) is accepted but every bit position comes from keyed HMAC-SHA256:
//   plain double hashing is what Kroll and Steinmetzer's cryptanalysis breaks, so it is never used.
// - `clkConfig.xorFolds` folds the filter, and the Corridor extension `clkConfig.balanced` makes balanced Bloom
//   filters (Schnell and Borgs); both are hardening against frequency and pattern-mining attacks.
import { z } from 'zod';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const Kdf = z
  .object({
    type: z.literal('HKDF'),
    hash: z.enum(['SHA256', 'SHA512']).default('SHA256'),
    salt: base64.optional(),
    info: base64.optional(),
    keySize: z.number().int().min(16, 'keySize must be at least 16 bytes').max(255).default(64),
  })
  .strict();

const ClkConfig = z
  .object({
    l: z.number().int().min(64, 'l must be at least 64 bits').max(65536, 'l must be at most 65536 bits'),
    kdf: Kdf,
    xorFolds: z.number().int().min(0).max(4).default(0),
    balanced: z.boolean().default(false),
  })
  .strict();

const description = z.string().optional();

const StringFormat = z
  .object({
    type: z.literal('string'),
    encoding: z.enum(['ascii', 'utf-8', 'utf-16', 'utf-32']).default('utf-8'),
    case: z.enum(['upper', 'lower', 'mixed']).default('mixed'),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).optional(),
    pattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'pattern is not a valid regular expression')
      .optional(),
    description,
  })
  .strict();

const IntegerFormat = z
  .object({
    type: z.literal('integer'),
    minimum: z.number().int().optional(),
    maximum: z.number().int().optional(),
    description,
  })
  .strict();

const DateFormat = z
  .object({
    type: z.literal('date'),
    format: z
      .string()
      .refine((f) => /%Y/.test(f) && /%m/.test(f) && /%d/.test(f), 'a date format needs %Y, %m and %d')
      .refine((f) => !/%[^Ymd%]/.test(f), 'a date format may use only %Y, %m, %d and %%'),
    description,
  })
  .strict();

const EnumFormat = z.object({ type: z.literal('enum'), values: z.array(z.string()).min(1), description }).strict();

const Format = z.discriminatedUnion('type', [StringFormat, IntegerFormat, DateFormat, EnumFormat]);

const Comparison = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('ngram'), n: z.number().int().min(1).max(8), positional: z.boolean().default(false) })
    .strict(),
  z.object({ type: z.literal('exact') }).strict(),
  z
    .object({
      type: z.literal('numeric'),
      thresholdDistance: z.number().positive(),
      resolution: z.number().int().min(1).max(64),
      fractionalPrecision: z.number().int().min(0).max(10).default(0),
    })
    .strict(),
]);

const Strategy = z.union([
  z.object({ bitsPerToken: z.number().int().min(1).max(1024) }).strict(),
  z.object({ bitsPerFeature: z.number().int().min(1).max(8192) }).strict(),
]);

const Hashing = z
  .object({
    comparison: Comparison,
    strategy: Strategy,
    // Accepted for compatibility with published schemas; Corridor always uses keyed HMAC-SHA256 (see above).
    hash: z
      .object({ type: z.enum(['doubleHash', 'blakeHash']), prevent_singularity: z.boolean().optional() })
      .strict()
      .optional(),
    missingValue: z.object({ sentinel: z.string(), replaceWith: z.string().optional() }).strict().optional(),
  })
  .strict();

const IgnoredFeature = z.object({ identifier: z.string().min(1), ignored: z.literal(true), description }).strict();
const EncodedFeature = z
  .object({ identifier: z.string().min(1), description, format: Format, hashing: Hashing })
  .strict();

/** The linkage schema v3, as Corridor reads it. */
export const LinkageSchema = z
  .object({
    version: z.literal(3, { error: 'only linkage schema version 3 is supported' }),
    clkConfig: ClkConfig,
    features: z.array(z.union([IgnoredFeature, EncodedFeature])).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.features.forEach((f, i) => {
      if (seen.has(f.identifier))
        ctx.addIssue({ code: 'custom', path: ['features', i, 'identifier'], message: 'identifiers must be unique' });
      seen.add(f.identifier);
    });
    if (!s.features.some((f) => !('ignored' in f)))
      ctx.addIssue({ code: 'custom', path: ['features'], message: 'at least one feature must be encoded' });
  });

export type LinkageSchema = z.infer<typeof LinkageSchema>;
export type EncodedFeature = z.infer<typeof EncodedFeature>;
export type FeatureFormat = z.infer<typeof Format>;

/** One problem found in a linkage schema: where (a JSON pointer) and what. */
export type SchemaIssue = { pointer: string; message: string };

/** Raised when a linkage schema is not valid; lists every problem, not just the first. */
export class LinkageSchemaError extends Error {
  constructor(readonly issues: SchemaIssue[]) {
    super(`The linkage schema is not valid:\n${issues.map((i) => `  ${i.pointer || '/'}: ${i.message}`).join('\n')}`);
  }
}

const pointerOf = (path: readonly PropertyKey[]): string => path.map((p) => `/${String(p)}`).join('');

/** Parses and validates a linkage schema (an object, or JSON text); throws LinkageSchemaError listing all issues. */
export function parseLinkageSchema(input: unknown): LinkageSchema {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new LinkageSchemaError([{ pointer: '', message: 'the schema is not valid JSON' }]);
    }
  }
  const r = LinkageSchema.safeParse(value);
  if (!r.success) throw new LinkageSchemaError(schemaIssues(r.error));
  return r.data;
}

function schemaIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((i) => ({ pointer: pointerOf(i.path), message: i.message }));
}

/** The features that contribute to the CLK, in schema order. */
export const encodedFeatures = (s: LinkageSchema): EncodedFeature[] =>
  s.features.filter((f): f is EncodedFeature => !('ignored' in f));
