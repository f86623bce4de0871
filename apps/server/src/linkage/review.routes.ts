import {
  CandidateList,
  CandidateListQuery,
  CandidatePair,
  CreateBeneficiary,
  DuplicateCheckResult,
  IdParams,
  Merge,
  PairDecision,
  ScanResult,
} from '@corridor/contracts';
import { presentBeneficiarySummary } from '../beneficiaries/beneficiaries.presenter.ts';
import { DomainError } from '../errors.ts';
import { type Ctx, defineRoute } from '../http/route.ts';
import { reviewPolicies as policy } from './review.policy.ts';
import { presentCandidate, presentExplanation, presentMerge } from './review.presenter.ts';
import {
  checkDuplicates,
  decidePair,
  getCandidate,
  listCandidates,
  reopenPair,
  scanOrganisation,
  unmerge,
} from './review.service.ts';

/**
 * Shows of restricted people (survivors, children, trafficking victims) are sensitive reads: one audit entry per
 * restricted person shown, saying through which view, as a read of their record would.
 */
async function auditRestrictedShown(
  audit: Ctx<unknown, unknown, unknown>['audit'],
  organisationId: string,
  people: readonly { id: string; restricted: number }[],
  via: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const x of people)
    if (x.restricted === 1 && !seen.has(x.id)) {
      seen.add(x.id);
      await audit({
        action: 'beneficiary.read',
        entityType: 'beneficiary',
        entityId: x.id,
        organisationId,
        purpose: 'assistance',
        sensitiveRead: true,
        details: { via },
      });
    }
}

/** Routes of duplicate detection and review (docs/linkage.md). Names travel in bodies, never in URLs. */
export const linkageReviewRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/linkage/duplicates/check',
    operationId: 'checkDuplicates',
    summary:
      'Before registering: the people who may be this person, scored and explained (the registration form as is)',
    tags: ['linkage'],
    policy: policy.review,
    body: CreateBeneficiary,
    transactional: true,
    response: { status: 200, schema: DuplicateCheckResult, description: 'Most likely first.' },
    handler: async ({ trx, principal, body, audit }) => {
      const r = await checkDuplicates(trx, principal, body);
      await auditRestrictedShown(
        audit,
        principal.organisationId,
        r.hits.map((h) => h.row),
        'duplicate_check',
      );
      return {
        body: {
          threshold: r.threshold,
          items: r.hits.map((h) => ({
            beneficiary: presentBeneficiarySummary(h.row),
            probability: h.explanation.probability,
            likely: h.likely,
            explanation: presentExplanation(h.explanation),
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/linkage/candidates',
    operationId: 'listDuplicateCandidates',
    summary: 'The review queue: pairs of people proposed as one person, most likely first, with their explanation',
    tags: ['linkage'],
    policy: policy.review,
    query: CandidateListQuery,
    transactional: 'audit',
    response: { status: 200, schema: CandidateList, description: 'Pairs in the status asked (open by default).' },
    handler: async ({ db, principal, query, audit }) => {
      const r = await listCandidates(db, principal, query.status, query.limit);
      const shown = r.items.flatMap((v) => [v.a, v.b]);
      await auditRestrictedShown(audit, principal.organisationId, shown, 'duplicate_candidates');
      return { body: { items: r.items.map(presentCandidate), total: r.total } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/linkage/candidates/:id',
    operationId: 'getDuplicateCandidate',
    summary: 'One candidate pair with both people and the explanation of its score',
    tags: ['linkage'],
    policy: policy.review,
    params: IdParams,
    etag: true,
    transactional: 'audit',
    response: { status: 200, schema: CandidatePair, description: 'The pair.' },
    handler: async ({ db, principal, params, audit }) => {
      const v = await getCandidate(db, principal, params.id);
      await auditRestrictedShown(audit, principal.organisationId, [v.a, v.b], 'duplicate_candidate');
      return { body: presentCandidate(v), version: v.c.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage/candidates/:id/decision',
    operationId: 'decideDuplicateCandidate',
    summary: 'Same person (merge, reversible) or not the same (remembered, never proposed again); If-Match required',
    tags: ['linkage'],
    policy: policy.review,
    params: IdParams,
    body: PairDecision,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition', 'invalid_reference'],
    response: { status: 200, schema: CandidatePair, description: 'The decided pair.' },
    handler: async ({ trx, principal, params, body, ifMatch, now, audit }) => {
      const before = await getCandidate(trx, principal, params.id);
      if (before.c.version !== ifMatch)
        throw new DomainError('precondition_failed', 'The pair has changed since you read it.');
      const v = await decidePair(trx, principal, params.id, body, now);
      await audit({
        action: body.decision === 'same' ? 'beneficiary.merge' : 'linkage_candidate.distinct',
        entityType: 'linkage_candidate',
        entityId: v.c.id,
        organisationId: principal.organisationId,
        purpose: 'assistance',
        sensitiveRead: v.a.restricted === 1 || v.b.restricted === 1,
        details:
          body.decision === 'same'
            ? { mergeId: v.mergeId, people: [v.a.id, v.b.id], probability: v.c.probability }
            : { people: [v.a.id, v.b.id] },
      });
      return { body: presentCandidate(v), version: v.c.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage/candidates/:id/reopen',
    operationId: 'reopenDuplicateCandidate',
    summary: 'Take back "not the same person": the pair is open for review again; If-Match required',
    tags: ['linkage'],
    policy: policy.review,
    params: IdParams,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: CandidatePair, description: 'The pair, open again.' },
    handler: async ({ trx, principal, params, ifMatch, audit }) => {
      const v = await reopenPair(trx, principal, params.id, ifMatch);
      await audit({
        action: 'linkage_candidate.reopen',
        entityType: 'linkage_candidate',
        entityId: v.c.id,
        organisationId: principal.organisationId,
        purpose: 'assistance',
        sensitiveRead: v.a.restricted === 1 || v.b.restricted === 1,
        details: { people: [v.a.id, v.b.id] },
      });
      return { body: presentCandidate(v), version: v.c.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage/merges/:id/unmerge',
    operationId: 'unmergePersons',
    summary: 'Undo a merge: the moved cases, consents, referrals and appointments go back; the pair is open again',
    tags: ['linkage'],
    policy: policy.supervise,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Merge, description: 'The merge, now undone.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const m = await unmerge(trx, principal, params.id, now);
      await audit({
        action: 'beneficiary.unmerge',
        entityType: 'beneficiary_merge',
        entityId: m.id,
        organisationId: principal.organisationId,
        purpose: 'assistance',
        details: { survivorId: m.survivor_id, mergedId: m.merged_id },
      });
      return { body: presentMerge(m) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage/scan',
    operationId: 'scanForDuplicates',
    summary: 'Deduplicate the organisation’s whole registry with the linkage engine and queue the likely pairs',
    tags: ['linkage'],
    policy: policy.supervise,
    response: { status: 200, schema: ScanResult, description: 'People scanned, pairs compared, pairs newly proposed.' },
    handler: async ({ trx, principal, now, audit }) => {
      const r = await scanOrganisation(trx, principal.organisationId, 'scan', now);
      await audit({
        action: 'linkage.scan',
        entityType: 'organisation',
        entityId: principal.organisationId,
        organisationId: principal.organisationId,
        details: r,
      });
      return { body: r };
    },
  }),
];
