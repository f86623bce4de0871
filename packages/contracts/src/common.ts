import { z } from 'zod';

/** An opaque identifier (UUID v4) of any record. */
export const Id = z.uuid().meta({ id: 'Id', description: 'Opaque record identifier (UUID).' });

/** ISO 3166-1 alpha-3 country code, as used across Corridor (HXL #country+code). */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code in capitals, e.g. "SDN"')
  .meta({ id: 'CountryCode' });

/** Timestamps travel as ISO 8601 strings in UTC. */
export const Timestamp = z.iso.datetime({ offset: true });

export const IdParams = z.object({ id: Id });

/** Page request for list endpoints. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** A page of results: `next` is passed back as `cursor` for the following page. */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

/** One validation problem: where (a JSON pointer into the request) and what is wrong. */
export const ValidationIssue = z.object({
  location: z.enum(['body', 'query', 'params', 'headers']),
  pointer: z.string(),
  message: z.string(),
  code: z.string(),
  row: z.number().int().optional().describe('Imports: the row of the file, as a spreadsheet numbers it.'),
  column: z.string().nullable().optional().describe('Imports: the column of the file.'),
});

/** RFC 9457 problem details, as every error response of the API. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    errors: z.array(ValidationIssue).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
