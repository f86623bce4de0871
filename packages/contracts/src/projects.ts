// Contracts of projects and partners' 5W (docs/operations.md, "Projects and 5W"): who does what, where, when and
// for whom. Projects of the kinds the seed names, their partners, places by p-code, budget, period and targets,
// and activity reports per period with people reached by sex and age (counts only, never a person).
import { z } from 'zod';
import { CurrencyCode, IsoDate } from './cases.ts';
import { CountryCode, Id, namedPattern, rangeInOrder, Timestamp } from './common.ts';
import { Money, UsdRate } from './funds.ts';
import { TableFormat } from './imports.ts';

/**
 * Kinds of project: capacity building with governments, development fund grants, integration programmes and
 * regional consultative processes on migration.
 */
export const PROJECT_KINDS = [
  'capacity_building',
  'development_grant',
  'integration',
  'regional_consultative_process',
] as const;
export const ProjectKind = z.enum(PROJECT_KINDS).meta({ id: 'ProjectKind' });
export type ProjectKind = z.infer<typeof ProjectKind>;

export const PROJECT_STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
export const ProjectStatus = z.enum(PROJECT_STATUSES).meta({ id: 'ProjectStatus' });
export type ProjectStatus = z.infer<typeof ProjectStatus>;

/** A p-code (OCHA Common Operational Datasets): country prefix then digits, e.g. "SS01" or "IQ0101". */
export const PCode = z
  .string()
  .regex(namedPattern(/^[A-Z]{2,3}[0-9]{1,12}$/, 'pcode'), 'must be a p-code such as "SS01" or "IQ0101"');

export const ProjectPartner = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The kind of organisation as 5W tables name it (#org+impl+type), e.g. "National NGO". */
    type: z.string().trim().min(1).max(100),
    role: z.enum(['implementing', 'funding', 'government']),
  })
  .strict();
export type ProjectPartner = z.infer<typeof ProjectPartner>;
export const ProjectPlace = z
  .object({
    pcode: PCode,
    name: z.string().trim().min(1).max(200),
    adminLevel: z.union([z.literal(1), z.literal(2)]),
    /** For an admin-2 place: its admin-1 p-code and name (5W tables show both). */
    parentPcode: PCode.nullable().default(null),
    parentName: z.string().trim().max(200).nullable().default(null),
  })
  .strict();
export type ProjectPlace = z.infer<typeof ProjectPlace>;
export const ProjectTarget = z
  .object({
    indicator: z.string().trim().min(1).max(100),
    target: z.number().int().min(0).max(1_000_000_000),
  })
  .strict();
export type ProjectTarget = z.infer<typeof ProjectTarget>;

const projectFields = {
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'must be 2-32 capital letters, digits or hyphens'),
  title: z.string().trim().min(1).max(300),
  kind: ProjectKind,
  status: ProjectStatus,
  /** The fund that finances it, if any (a development fund grant, for instance). */
  fundId: Id.nullable().default(null),
  country: CountryCode,
  /** Cluster or sector as 5W tables name it, e.g. "Protection". */
  sector: z.string().trim().min(1).max(100),
  startDate: IsoDate,
  endDate: IsoDate,
  budget: Money,
  currency: CurrencyCode,
  usdRate: UsdRate,
  description: z.string().trim().max(2000).default(''),
  partners: z.array(ProjectPartner).max(20).default([]),
  places: z.array(ProjectPlace).max(200).default([]),
  targets: z.array(ProjectTarget).max(50).default([]),
};
const periodOk = (p: { startDate: string; endDate: string }) => p.startDate <= p.endDate;

export const CreateProject = z
  .object(projectFields)
  .strict()
  .refine(periodOk, {
    message: 'the end date is before the start date',
    params: { rule: 'not_before' },
    path: ['endDate'],
  })
  .meta({ id: 'CreateProject' });
export type CreateProject = z.infer<typeof CreateProject>;
export const UpdateProject = CreateProject;

export const Reached = z
  .object({
    women: z.number().int().min(0).max(100_000_000),
    men: z.number().int().min(0).max(100_000_000),
    girls: z.number().int().min(0).max(100_000_000),
    boys: z.number().int().min(0).max(100_000_000),
  })
  .strict();
export type Reached = z.infer<typeof Reached>;

export const Project = z
  .object({
    id: Id,
    code: z.string(),
    title: z.string(),
    kind: ProjectKind,
    status: ProjectStatus,
    fundId: Id.nullable(),
    country: CountryCode,
    sector: z.string(),
    startDate: IsoDate,
    endDate: IsoDate,
    budget: Money,
    currency: CurrencyCode,
    usdRate: UsdRate,
    budgetUsd: Money,
    description: z.string(),
    partners: z.array(ProjectPartner),
    places: z.array(ProjectPlace),
    targets: z.array(ProjectTarget),
    reached: Reached,
    reportCount: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Project' });
export type Project = z.infer<typeof Project>;
export const ProjectPage = z
  .object({ items: z.array(Project), next: z.string().nullable() })
  .meta({ id: 'ProjectPage' });
export const ProjectQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  kind: ProjectKind.optional(),
  status: ProjectStatus.optional(),
  country: CountryCode.optional(),
});

export const CreateActivityReport = z
  .object({
    periodStart: IsoDate,
    periodEnd: IsoDate,
    activity: z.string().trim().min(1).max(200),
    /** Where: one of the project's places. */
    pcode: PCode,
    /** Which partner implemented it: one of the project's partners. */
    partner: z.string().trim().min(1).max(200),
    beneficiaryType: z.string().trim().min(1).max(60).default('migrants'),
    targeted: z.number().int().min(0).max(100_000_000),
    reached: Reached,
  })
  .strict()
  .refine((r) => r.periodStart <= r.periodEnd, {
    message: 'the period ends before it starts',
    params: { rule: 'not_before' },
    path: ['periodEnd'],
  })
  .meta({ id: 'CreateActivityReport' });
export type CreateActivityReport = z.infer<typeof CreateActivityReport>;

export const ActivityReport = z
  .object({
    id: Id,
    projectId: Id,
    periodStart: IsoDate,
    periodEnd: IsoDate,
    activity: z.string(),
    pcode: z.string(),
    placeName: z.string(),
    partner: z.string(),
    beneficiaryType: z.string(),
    targeted: z.number().int(),
    reached: Reached,
    reportedAt: Timestamp,
  })
  .meta({ id: 'ActivityReport' });
export type ActivityReport = z.infer<typeof ActivityReport>;
export const ActivityReportList = z.object({ items: z.array(ActivityReport) }).meta({ id: 'ActivityReportList' });

/** A 5W export: the table with its HXL hashtag row, as CSV or XLSX. */
export const Export5W = z
  .object({
    format: TableFormat,
    country: CountryCode.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .strict()
  .superRefine(rangeInOrder('from', 'to'))
  .meta({ id: 'Export5W' });

export const ProjectFiguresQuery = z.object({ from: IsoDate, to: IsoDate }).superRefine(rangeInOrder('from', 'to'));
export const ProjectFigures = z
  .object({
    from: IsoDate,
    to: IsoDate,
    projectsActive: z.number().int(),
    projectsByKind: z.record(z.string(), z.number().int()),
    countries: z.number().int(),
    reached: Reached,
    reachedTotal: z.number().int(),
  })
  .meta({ id: 'ProjectFigures' });
export type ProjectFigures = z.infer<typeof ProjectFigures>;
