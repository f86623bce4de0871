import { z } from 'zod';
import { Id, rangeInOrder, Timestamp } from './common.ts';

export const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: Timestamp,
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    organisationId: Id.nullable(),
    actorUserId: Id.nullable(),
    actorOrganisationId: Id.nullable(),
    actorRoles: z.array(z.string()),
    purpose: z.string().nullable(),
    sensitiveRead: z.boolean(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.coerce.number().int().min(1).optional().describe('Only entries with a sequence number below this.'),
    action: z.string().max(100).optional(),
    entityType: z.string().max(100).optional(),
    entityId: z.string().max(100).optional(),
    actorUserId: Id.optional(),
    organisationId: Id.optional().describe(
      'Platform administrators and platform auditors only; others see their own organisation.',
    ),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    sensitiveRead: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('true: only reads of sensitive records (D9); false: only other entries.'),
  })
  .superRefine(rangeInOrder('from', 'to'));

export const AuditPage = z
  .object({ items: z.array(AuditEntry), next: z.number().int().nullable() })
  .meta({ id: 'AuditPage' });

export const AuditVerification = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBadSeq: z.number().int().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditVerification' });
