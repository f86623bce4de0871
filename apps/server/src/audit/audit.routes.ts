import { AuditPage, AuditQuery, AuditVerification } from '@corridor/contracts';
import { isPlatformAdmin } from '../http/principal.ts';
import { defineRoute } from '../http/route.ts';
import { auditPolicies as policy } from './audit.policy.ts';
import { presentAuditEntry } from './audit.presenter.ts';
import { browseAudit, verifyAuditChain } from './audit.service.ts';

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    operationId: 'browseAudit',
    summary: 'Browse the audit log, newest first, with filters',
    tags: ['audit'],
    policy: policy.browse,
    query: AuditQuery,
    response: {
      status: 200,
      schema: AuditPage,
      description: 'A page of entries; `next` is the `before` of the next page.',
    },
    handler: async ({ db, principal, query }) => {
      // Everyone but a platform administrator sees only entries about or by their own organisation.
      const organisationId = isPlatformAdmin(principal) ? query.organisationId : principal.organisationId;
      const rows = await browseAudit(db, { ...query, organisationId, limit: query.limit + 1 });
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map(presentAuditEntry);
      return { body: { items, next: more ? (items[items.length - 1]?.seq ?? null) : null } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/verify',
    operationId: 'verifyAudit',
    summary: 'Check the whole hash chain for edited or deleted entries',
    tags: ['audit'],
    policy: policy.verify,
    response: { status: 200, schema: AuditVerification, description: 'The result of the check.' },
    handler: async ({ db }) => {
      const v = await verifyAuditChain(db);
      return { body: { ok: v.ok, checked: v.checked, firstBadSeq: v.firstBadSeq, reason: v.reason } };
    },
  }),
];
