import {
  ActionEvidence,
  ActionPlan,
  AssignAudit,
  AuditWorklistQuery,
  CertificationAuditor,
  CertificationDecision,
  CompleteAudit,
  CreateRecruiter,
  IdParams,
  IrisCriteria,
  PublicRecruiterQuery,
  PublicRecruiterResults,
  RecordFinding,
  RecruiterDetail,
  RecruiterExport,
  RecruiterListQuery,
  RecruiterPage,
  RecruitmentAudit,
  RequestAudit,
  ScheduleAudit,
  SelfAssessment,
  StatusChange,
  UpdateRecruiter,
  VerifyAction,
} from '@corridor/contracts';
import { z } from 'zod';
import { actorOf } from '../audit/audit.service.ts';
import { DomainError } from '../errors.ts';
import { type Ctx, defineRoute } from '../http/route.ts';
import { MEDIA_TYPE, writeTable } from '../imports/tabular.ts';
import { limitPublic } from '../public-site/public-page.ts';
import { CRITERIA, EMPLOYER_PAYS, PRINCIPLE_TEXT, PRINCIPLES } from './iris.ts';
import { recruiterPublicPage } from './recruiters.public.ts';
import { assertOfficer, recruitmentPolicies as policy } from './recruitment.policy.ts';
import * as svc from './recruitment.service.ts';

type AnyCtx = Ctx<{ id: string }, unknown, unknown>;
const act = (ctx: AnyCtx): svc.Act => ({ trx: ctx.trx, engine: ctx.engine, p: ctx.principal, now: ctx.now });
const detail = async (ctx: AnyCtx, recruiterId: string) => ({
  body: await svc.recruiterDetail(ctx.trx, ctx.principal, recruiterId, ctx.now),
});

const TRANSITION_ERRORS = ['invalid_transition', 'forbidden'] as const;

/** A POST that moves something along the certification workflow and answers with the recruiter's page. */
function step<B>(o: {
  url: string;
  operationId: string;
  summary: string;
  policy: (typeof policy)[keyof typeof policy];
  body?: z.ZodType<B>;
  errors?: ('invalid_reference' | 'conflict')[];
  run: (a: svc.Act, id: string, body: B) => Promise<string>;
}) {
  return defineRoute({
    method: 'POST',
    url: o.url,
    operationId: o.operationId,
    summary: o.summary,
    tags: ['recruitment'],
    policy: o.policy,
    params: IdParams,
    ...(o.body ? { body: o.body } : {}),
    errors: [...TRANSITION_ERRORS, ...(o.errors ?? [])],
    response: { status: 200, schema: RecruiterDetail, description: 'The recruiter after the step.' },
    handler: async (ctx) => {
      const recruiterId = await o.run(act(ctx as AnyCtx), ctx.params.id, ctx.body as B);
      return detail(ctx as AnyCtx, recruiterId);
    },
  });
}

const EXPORT_COLUMNS: [string, string][] = [
  ['name', '#org+name'],
  ['licence_number', '#org+licence'],
  ['licensing_authority', '#org+authority'],
  ['licence_country', '#country+code+licence'],
  ['status', '#status'],
  ['certificate_number', '#meta+certificate'],
  ['certificate_expires_at', '#date+expiry'],
  ['status_reason', '#status+reason'],
  ['countries', '#country+code+operation'],
  ['corridors', '#meta+corridors'],
  ['sectors', '#sector'],
  ['employers', '#org+employer'],
];

export const recruitmentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/recruitment/criteria',
    operationId: 'irisCriteria',
    summary: 'The IRIS principles and criteria, in four languages',
    tags: ['recruitment'],
    policy: policy.read,
    response: { status: 200, schema: IrisCriteria, description: 'Principles and criteria.' },
    handler: async () => ({
      body: {
        principles: PRINCIPLES.map((code) => ({ code, text: { ...PRINCIPLE_TEXT[code] } })),
        criteria: CRITERIA.map((c) => ({ code: c.code, principle: c.principle, text: { ...c.text } })),
      },
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/recruitment/auditors',
    operationId: 'listCertificationAuditors',
    summary: 'Accredited auditors who may be assigned an audit',
    tags: ['recruitment'],
    policy: policy.officer,
    response: { status: 200, schema: z.array(CertificationAuditor), description: 'Active certification auditors.' },
    handler: async (ctx) => {
      assertOfficer(ctx.principal);
      return { body: await svc.listCertificationAuditors(ctx.db) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/recruiters',
    operationId: 'listRecruiters',
    summary: 'Recruiters the caller may see, filtered',
    tags: ['recruitment'],
    policy: policy.read,
    query: RecruiterListQuery,
    response: { status: 200, schema: RecruiterPage, description: 'A page of recruiters, by name.' },
    handler: async (ctx) => ({ body: await svc.listRecruiters(ctx.db, ctx.principal, ctx.query, ctx.now) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/recruiters',
    operationId: 'createRecruiter',
    summary: 'Register a labour recruiter (certifying body)',
    tags: ['recruitment'],
    policy: policy.officer,
    body: CreateRecruiter,
    creates: true,
    errors: ['invalid_reference', 'conflict', 'forbidden'],
    response: { status: 201, schema: RecruiterDetail, description: 'The registered recruiter.' },
    handler: async (ctx) => {
      const r = await svc.createRecruiter(act(ctx as unknown as AnyCtx), ctx.body);
      return { status: 201, body: await svc.recruiterDetail(ctx.trx, ctx.principal, r.id, ctx.now) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/recruiters/export',
    operationId: 'exportRecruiters',
    summary: 'Export the recruiters the caller may see (CSV or XLSX, with HXL tags)',
    tags: ['recruitment'],
    policy: policy.read,
    body: RecruiterExport,
    transactional: true,
    errors: ['export_too_large'],
    response: { status: 200, schema: null, description: 'The file: a header row, an HXL row, then the recruiters.' },
    handler: async (ctx) => {
      const { format, ...filters } = ctx.body;
      const max = ctx.deps.config.exportMaxRows;
      const page = await svc.listRecruiters(
        ctx.trx,
        ctx.principal,
        { ...filters, limit: max + 1, offset: 0 } as never,
        ctx.now,
      );
      if (page.items.length > max)
        throw new DomainError('export_too_large', `More than ${max} recruiters match; narrow the filters.`);
      const rows = [
        EXPORT_COLUMNS.map((c) => c[0]),
        EXPORT_COLUMNS.map((c) => c[1]),
        ...page.items.map((r) => [
          r.name,
          r.licenceNumber,
          r.licensingAuthority,
          r.licenceCountry,
          r.status,
          r.certificateNumber ?? '',
          r.certificateExpiresAt?.slice(0, 10) ?? '',
          r.statusReason ?? '',
          r.countries.join(' '),
          r.corridors.map((c) => `${c.origin}>${c.destination}`).join(' '),
          r.sectors.join(' '),
          r.employers.join('; '),
        ]),
      ];
      const data = await writeTable(format, 'Recruiters', rows);
      await ctx.audit({
        action: 'export.run',
        entityType: 'recruiter',
        organisationId: ctx.principal.organisationId,
        details: { list: 'recruiters', format, rows: page.items.length },
      });
      const stamp = ctx.now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      return { body: null, file: { contentType: MEDIA_TYPE[format], filename: `recruiters-${stamp}.${format}`, data } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/recruiters/:id',
    operationId: 'getRecruiter',
    summary: 'A recruiter with its certifications, audits, findings and history',
    tags: ['recruitment'],
    policy: policy.read,
    params: IdParams,
    etag: true,
    response: { status: 200, schema: RecruiterDetail, description: 'The recruiter.' },
    handler: async (ctx) => {
      const body = await svc.recruiterDetail(ctx.db, ctx.principal, ctx.params.id, ctx.now);
      return { body, version: body.recruiter.version };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/recruiters/:id',
    operationId: 'updateRecruiter',
    summary: 'Change a recruiter’s licence, corridors, sectors or employers',
    tags: ['recruitment'],
    policy: policy.read,
    params: IdParams,
    body: UpdateRecruiter,
    ifMatch: true,
    etag: true,
    errors: ['forbidden'],
    response: { status: 200, schema: RecruiterDetail, description: 'The recruiter.' },
    handler: async (ctx) => {
      await svc.updateRecruiter(act(ctx as unknown as AnyCtx), ctx.params.id, ctx.ifMatch, ctx.body);
      const body = await svc.recruiterDetail(ctx.trx, ctx.principal, ctx.params.id, ctx.now);
      return { body, version: body.recruiter.version };
    },
  }),
  step({
    url: '/api/recruiters/:id/applications',
    operationId: 'applyForCertification',
    summary: 'Apply for IRIS certification',
    policy: policy.recruiterSide,
    run: async (a, id) => {
      await svc.applyForCertification(a, id);
      return id;
    },
  }),
  step({
    url: '/api/recruiters/:id/audit-requests',
    operationId: 'requestRecruiterAudit',
    summary: 'Request an audit for cause (one open at a time: a second is refused with conflict)',
    policy: policy.officer,
    body: RequestAudit,
    errors: ['conflict'],
    run: async (a, id, b) => {
      assertOfficer(a.p);
      await svc.readableRecruiter(a.trx, a.p, id);
      await svc.requestRecruiterAudit(
        a.trx,
        a.engine,
        actorOf(a.p),
        id,
        { reason: b.reason, source: 'officer' },
        a.now,
      );
      return id;
    },
  }),
  step({
    url: '/api/certifications/:id/self-assessment',
    operationId: 'submitSelfAssessment',
    summary: 'Submit the recruiter’s self-assessment against every criterion',
    policy: policy.recruiterSide,
    body: SelfAssessment,
    run: (a, id, b) => svc.submitSelfAssessment(a, id, b),
  }),
  step({
    url: '/api/certifications/:id/audits',
    operationId: 'scheduleCertificationAudit',
    summary: 'Schedule an initial or surveillance audit with an accredited auditor',
    policy: policy.officer,
    body: ScheduleAudit,
    errors: ['invalid_reference', 'conflict'],
    run: (a, id, b) => svc.scheduleAudit(a, id, b),
  }),
  step({
    url: '/api/certifications/:id/decision',
    operationId: 'decideCertification',
    summary: 'Grant (with a certificate) or refuse certification',
    policy: policy.officer,
    body: CertificationDecision,
    run: (a, id, b) => svc.decideCertification(a, id, b),
  }),
  step({
    url: '/api/certifications/:id/suspension',
    operationId: 'suspendCertification',
    summary: 'Suspend a certificate, with a published reason',
    policy: policy.officer,
    body: StatusChange,
    run: (a, id, b) => svc.suspendCertification(a, id, b.reason),
  }),
  step({
    url: '/api/certifications/:id/reinstatement',
    operationId: 'reinstateCertification',
    summary: 'Lift a suspension',
    policy: policy.officer,
    body: StatusChange,
    run: (a, id, b) => svc.reinstateCertification(a, id, b.reason),
  }),
  step({
    url: '/api/certifications/:id/withdrawal',
    operationId: 'withdrawCertification',
    summary: 'Withdraw a certificate, with a published reason',
    policy: policy.officer,
    body: StatusChange,
    run: (a, id, b) => svc.withdrawCertification(a, id, b.reason),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/recruitment-audits',
    operationId: 'listRecruitmentAudits',
    summary: 'Audits: an auditor’s assignments, or every audit for officers',
    tags: ['recruitment'],
    policy: policy.worklist,
    query: AuditWorklistQuery,
    response: { status: 200, schema: z.array(RecruitmentAudit), description: 'Audits by date.' },
    handler: async (ctx) => ({ body: await svc.auditWorklist(ctx.db, ctx.principal, ctx.query, ctx.now) }),
  }),
  step({
    url: '/api/recruitment-audits/:id/assignment',
    operationId: 'assignRecruitmentAudit',
    summary: 'Assign an auditor and a date to a requested audit',
    policy: policy.officer,
    body: AssignAudit,
    errors: ['invalid_reference'],
    run: (a, id, b) => svc.assignAudit(a, id, b),
  }),
  step({
    url: '/api/recruitment-audits/:id/findings',
    operationId: 'recordAuditFinding',
    summary: 'Record a finding against a criterion (the assigned auditor)',
    policy: policy.auditor,
    body: RecordFinding,
    run: (a, id, b) => svc.recordFinding(a, id, b),
  }),
  step({
    url: '/api/recruitment-audits/:id/completion',
    operationId: 'completeRecruitmentAudit',
    summary: 'Complete the audit (the assigned auditor)',
    policy: policy.auditor,
    body: CompleteAudit,
    run: (a, id, b) => svc.completeAudit(a, id, b.summary),
  }),
  step({
    url: '/api/audit-findings/:id/action-plan',
    operationId: 'planCorrectiveAction',
    summary: 'Plan the corrective action for a finding, with a deadline (the recruiter)',
    policy: policy.recruiterSide,
    body: ActionPlan,
    run: (a, id, b) => svc.planCorrectiveAction(a, id, b.plan, b.dueOn),
  }),
  step({
    url: '/api/audit-findings/:id/evidence',
    operationId: 'submitCorrectiveEvidence',
    summary: 'Report the corrective action taken (the recruiter)',
    policy: policy.recruiterSide,
    body: ActionEvidence,
    run: (a, id, b) => svc.submitActionEvidence(a, id, b.evidence),
  }),
  step({
    url: '/api/audit-findings/:id/verification',
    operationId: 'verifyCorrectiveAction',
    summary: 'Accept or send back the corrective action (the auditor or an officer)',
    policy: policy.verify,
    body: VerifyAction,
    run: (a, id, b) => svc.verifyCorrectiveAction(a, id, b.accepted, b.note),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/recruiters',
    operationId: 'publicRecruiterLookup',
    summary: 'Public look-up of a recruiter’s certification by name or licence number (no login)',
    tags: ['public'],
    policy: policy.publicLookup,
    query: PublicRecruiterQuery,
    errors: ['rate_limited'],
    response: { status: 200, schema: PublicRecruiterResults, description: 'Matching recruiters (at most 20).' },
    handler: async (ctx) => {
      await limitPublic(ctx);
      const r = await svc.publicLookup(ctx.db, ctx.query.q, ctx.now);
      return {
        body: { ...r, employerPays: EMPLOYER_PAYS[ctx.query.lang ?? 'en'] },
        headers: { 'cache-control': 'no-cache' },
      };
    },
  }),
  recruiterPublicPage,
];
