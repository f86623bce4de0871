// The encodings file: what one organisation (or one Corridor deployment) hands to the matcher. It carries record
// ids of the encoding side only, base64 encodings in the `clks` array (the shape anonlink tools read), and the
// digest of the schema, so that two files encoded with different schemas are refused instead of compared.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { LinkageSchema } from './schema.ts';

export const CLK_FILE_FORMAT = 'corridor-clk/1';

/** The JSON file of encodings. */
export const ClkFile = z
  .object({
    format: z.literal(CLK_FILE_FORMAT, { error: `format must be "${CLK_FILE_FORMAT}"` }),
    bits: z.number().int().min(1).max(131072),
    schemaDigest: z.string().regex(/^[0-9a-f]{64}$/, 'schemaDigest must be a SHA-256 hex digest'),
    ids: z.array(z.string().min(1).max(200)),
    clks: z.array(z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.ids.length !== f.clks.length)
      ctx.addIssue({ code: 'custom', path: ['clks'], message: 'ids and clks must have the same length' });
    const bytes = Math.ceil(f.bits / 8);
    const bad = f.clks.findIndex((c) => Buffer.from(c, 'base64').length !== bytes);
    if (bad >= 0)
      ctx.addIssue({ code: 'custom', path: ['clks', bad], message: `every encoding must be ${f.bits} bits` });
    if (new Set(f.ids).size !== f.ids.length)
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'record ids must be unique' });
  });
export type ClkFile = z.infer<typeof ClkFile>;

/** Canonical JSON (sorted keys) of a value, so equal schemas give equal digests however they were written. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** SHA-256 of the schema's canonical JSON (after defaults are applied). */
export const schemaDigest = (schema: LinkageSchema): string =>
  createHash('sha256').update(canonicalJson(schema)).digest('hex');

/** Builds the file of a set of encodings. */
export function toClkFile(schema: LinkageSchema, bits: number, ids: string[], clks: Uint8Array[]): ClkFile {
  return {
    format: CLK_FILE_FORMAT,
    bits,
    schemaDigest: schemaDigest(schema),
    ids,
    clks: clks.map((c) => Buffer.from(c).toString('base64')),
  };
}

/** Raised when an encodings file is not valid; lists every problem. */
export class ClkFileError extends Error {
  constructor(readonly issues: { pointer: string; message: string }[]) {
    super(`The encodings file is not valid:\n${issues.map((i) => `  ${i.pointer || '/'}: ${i.message}`).join('\n')}`);
  }
}

/** Parses an encodings file (JSON text or value) and decodes its encodings. */
export function readClkFile(input: unknown): { file: ClkFile; filters: Uint8Array[] } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new ClkFileError([{ pointer: '', message: 'the file is not valid JSON' }]);
    }
  }
  const r = ClkFile.safeParse(value);
  if (!r.success)
    throw new ClkFileError(
      r.error.issues
        .slice(0, 20)
        .map((i) => ({ pointer: i.path.map((p) => `/${String(p)}`).join(''), message: i.message })),
    );
  return { file: r.data, filters: r.data.clks.map((c) => new Uint8Array(Buffer.from(c, 'base64'))) };
}
