// Contracts of funds (docs/operations.md, "Funds"): funds of the kinds the seed names, each with a double-entry
// ledger in its own currency and a USD equivalent at a recorded rate; requests for money tied to a crisis, a case
// or a project, approved within limits per role and released; exports in the FTS flow shape and as IATI 2.03.
import { z } from 'zod';
import { CurrencyCode, IsoDate } from './cases.ts';
import { CountryCode, Id, namedPattern, Timestamp } from './common.ts';
import { Role } from './identity.ts';
import { TableFormat } from './imports.ts';

/**
 * The kinds of fund: an emergency revolving fund (advances to crises, reimbursed when donor money arrives, as the
 * seed's MEFM), assistance to stranded migrants (HASM), assistance to victims of trafficking (Global Assistance
 * Fund) and a development fund (IDF).
 */
export const FUND_KINDS = [
  'emergency_revolving',
  'stranded_migrant_assistance',
  'trafficking_victim_assistance',
  'development',
] as const;
export const FundKind = z.enum(FUND_KINDS).meta({ id: 'FundKind' });
export type FundKind = z.infer<typeof FundKind>;

/** The largest amount Corridor records (13 digits before the point: ledgers add amounts up exactly, in cents). */
export const MAX_MONEY = 9_999_999_999_999.99;
const MONEY_SHAPE = namedPattern(/^\d+(\.\d{1,2})?$/, 'amount');

/** An amount of money as a decimal string with at most two decimals (never a float), e.g. "1500.00". */
export const Money = z
  .string()
  .regex(MONEY_SHAPE, 'must be a positive decimal amount with at most 2 decimals, e.g. "1500.00"')
  // An amount written right but above the largest is refused as too big, with that maximum for a client to word,
  // not as a malformed amount. (Only an amount of the right shape is measured: one issue for a malformed one.)
  .superRefine((s, ctx) => {
    if (MONEY_SHAPE.test(s) && (s.split('.')[0] ?? '').replace(/^0+/, '').length > 13)
      ctx.addIssue({
        code: 'too_big',
        origin: 'number',
        maximum: MAX_MONEY,
        inclusive: true,
        input: s,
        message: 'must be at most 9999999999999.99, the largest amount Corridor records',
      });
  })
  .meta({ id: 'Money' });

/** An amount of money moved (received, requested): above zero. */
export const PositiveMoney = Money.refine((s) => /[1-9]/.test(s), {
  message: 'must be above zero',
  params: { rule: 'above_zero' },
});

/** USD for one unit of the currency, as recorded on the day (decimal string, at most 9 decimals). */
export const UsdRate = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,9})?$/, 'must be a positive decimal rate with at most 9 decimals, e.g. "1.0825"')
  .refine((s) => Number(s) > 0, { message: 'must be above zero', params: { rule: 'above_zero' } })
  .meta({ id: 'UsdRate' });

/** The accounts of every fund's ledger. */
export const FUND_ACCOUNTS = ['available', 'committed', 'pledges', 'advances', 'contributions', 'disbursed'] as const;
export const FundAccount = z.enum(FUND_ACCOUNTS).meta({ id: 'FundAccount' });
export type FundAccount = z.infer<typeof FundAccount>;

/** What a journal entry records. */
export const ENTRY_KINDS = [
  'contribution',
  'pledge',
  'pledge_payment',
  'commitment',
  'decommitment',
  'disbursement',
  'reimbursement',
] as const;
export const EntryKind = z.enum(ENTRY_KINDS).meta({ id: 'EntryKind' });
export type EntryKind = z.infer<typeof EntryKind>;

export const ApprovalLimit = z.object({ role: Role, limitUsd: Money }).strict();

export const CreateFund = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,23}$/, 'must be 2-24 capital letters, digits or hyphens'),
    name: z.string().trim().min(1).max(200),
    kind: FundKind,
    currency: CurrencyCode,
    approvalLimits: z
      .array(ApprovalLimit)
      .min(1)
      .max(8)
      .refine((l) => new Set(l.map((x) => x.role)).size === l.length, {
        message: 'each role at most once',
        params: { rule: 'no_repeat' },
      }),
  })
  .strict()
  .meta({ id: 'CreateFund' });
export type CreateFund = z.infer<typeof CreateFund>;

export const FundBalances = z
  .object({
    at: Timestamp,
    available: Money,
    committed: Money,
    /** Cash the fund holds: available plus committed. */
    balance: Money,
    pledges: Money,
    advances: Money,
    contributions: Money,
    disbursed: Money,
  })
  .meta({ id: 'FundBalances' });
export type FundBalances = z.infer<typeof FundBalances>;

export const Fund = z
  .object({
    id: Id,
    code: z.string(),
    name: z.string(),
    kind: FundKind,
    currency: CurrencyCode,
    revolving: z.boolean(),
    approvalLimits: z.array(ApprovalLimit),
    balances: FundBalances,
    createdAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Fund' });
export type Fund = z.infer<typeof Fund>;
export const FundList = z.object({ items: z.array(Fund) }).meta({ id: 'FundList' });

export const BalanceQuery = z.object({ at: Timestamp.optional() });

/** Money in: a contribution received, a pledge, a payment against a pledge, or a reimbursement of an advance. */
export const PostReceipt = z
  .object({
    kind: z.enum(['contribution', 'pledge', 'pledge_payment', 'reimbursement']),
    donor: z.string().trim().min(1).max(200),
    donorCountry: CountryCode.nullable().default(null),
    amount: PositiveMoney,
    usdRate: UsdRate,
    reference: z.string().trim().max(100).nullable().default(null),
  })
  .strict()
  .meta({ id: 'PostReceipt' });
export type PostReceipt = z.infer<typeof PostReceipt>;

export const LedgerLine = z.object({ account: FundAccount, amount: z.string(), balanceAfter: Money });
export const LedgerEntry = z
  .object({
    id: Id,
    fundId: Id,
    kind: EntryKind,
    amount: Money,
    currency: CurrencyCode,
    usdRate: UsdRate,
    amountUsd: Money,
    /**
     * Who gave or received the money. Null on the entries of a request for money (commitment, disbursement,
     * decommitment) when the caller's roles do not request or approve money: its recipient is free text that may
     * name a person.
     */
    counterparty: z.string().nullable(),
    counterpartyCountry: CountryCode.nullable(),
    requestId: Id.nullable(),
    reference: z.string().nullable(),
    postedAt: Timestamp,
    lines: z.array(LedgerLine),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export const LedgerPage = z
  .object({ items: z.array(LedgerEntry), next: z.string().nullable() })
  .meta({ id: 'LedgerPage' });
export const LedgerQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  kind: EntryKind.optional(),
});

export const REQUEST_STATUSES = [
  'requested',
  'awaiting_second_approval',
  'approved',
  'released',
  'rejected',
  'cancelled',
] as const;
export const FundRequestStatus = z.enum(REQUEST_STATUSES).meta({ id: 'FundRequestStatus' });
export type FundRequestStatus = z.infer<typeof FundRequestStatus>;

export const CreateFundRequest = z
  .object({
    purpose: z.string().trim().min(1).max(500),
    recipient: z.string().trim().min(1).max(200),
    amount: PositiveMoney,
    usdRate: UsdRate,
    /** The crisis the money is for (crises: docs/operations.md). */
    crisisId: Id.nullable().default(null),
    caseId: Id.nullable().default(null),
    projectId: Id.nullable().default(null),
  })
  .strict()
  .refine((r) => r.crisisId || r.caseId || r.projectId, {
    message: 'a request is for a crisis, a case or a project',
    params: { rule: 'one_target' },
    path: ['crisisId'],
  })
  .meta({ id: 'CreateFundRequest' });
export type CreateFundRequest = z.infer<typeof CreateFundRequest>;

export const Approval = z.object({ userId: Id, role: Role, at: Timestamp });
export const FundRequest = z
  .object({
    id: Id,
    fundId: Id,
    fundCode: z.string(),
    /**
     * What the money is for, who receives it and the case it is for: null when the caller's roles do not request
     * or approve money (an analyst sees the figures only); free text that may name a person.
     */
    purpose: z.string().nullable(),
    recipient: z.string().nullable(),
    crisisId: Id.nullable(),
    caseId: Id.nullable(),
    projectId: Id.nullable(),
    amount: Money,
    currency: CurrencyCode,
    usdRate: UsdRate,
    amountUsd: Money,
    status: FundRequestStatus,
    requestedBy: Id,
    requestedAt: Timestamp,
    approvals: z.array(Approval),
    decisionReason: z.string().nullable(),
    releasedAt: Timestamp.nullable(),
    /** Time from request to release, in seconds (the measured figure). */
    releaseSeconds: z.number().int().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'FundRequest' });
export type FundRequest = z.infer<typeof FundRequest>;
export const FundRequestPage = z
  .object({ items: z.array(FundRequest), next: z.string().nullable() })
  .meta({ id: 'FundRequestPage' });
export const FundRequestQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  status: FundRequestStatus.optional(),
  fundId: Id.optional(),
  crisisId: Id.optional(),
  projectId: Id.optional(),
});
export const RejectFundRequest = z
  .object({ reason: z.string().trim().min(1).max(500) })
  .strict()
  .meta({ id: 'RejectFundRequest' });

export const FundFiguresQuery = z
  .object({ from: IsoDate, to: IsoDate, fundId: Id.optional() })
  .refine((q) => q.to >= q.from, { message: 'must not be before from', params: { rule: 'not_before' }, path: ['to'] });
export const FundFigures = z
  .object({
    from: IsoDate,
    to: IsoDate,
    releasedCount: z.number().int(),
    releasedUsd: Money,
    crisesFunded: z.number().int(),
    timeToRelease: z.object({
      medianHours: z.number().nullable(),
      p90Hours: z.number().nullable(),
      meanHours: z.number().nullable(),
    }),
  })
  .meta({ id: 'FundFigures' });
export type FundFigures = z.infer<typeof FundFigures>;

/** One funding flow in the shape of OCHA's Financial Tracking Service public API (abridged, as FTS names fields). */
export const FtsFlow = z
  .object({
    id: z.string(),
    versionId: z.number().int(),
    amountUSD: z.number(),
    originalAmount: z.number(),
    originalCurrency: z.string(),
    exchangeRate: z.number(),
    status: z.enum(['pledge', 'commitment', 'paid']),
    flowType: z.string(),
    contributionType: z.string(),
    date: z.string(),
    decisionDate: z.string().nullable(),
    boundary: z.enum(['incoming', 'outgoing']),
    onBoundary: z.string(),
    newMoney: z.boolean(),
    parentFlowId: z.string().nullable(),
    childFlowIds: z.array(z.string()).nullable(),
    sourceObjects: z.array(z.object({ type: z.string(), id: z.string(), name: z.string(), behavior: z.string() })),
    destinationObjects: z.array(z.object({ type: z.string(), id: z.string(), name: z.string(), behavior: z.string() })),
    reportDetails: z.array(
      z.object({ sourceType: z.string(), organization: z.string(), reportChannel: z.string(), date: z.string() }),
    ),
  })
  .meta({ id: 'FtsFlow' });
export type FtsFlow = z.infer<typeof FtsFlow>;
export const FtsFlowList = z.object({ data: z.object({ flows: z.array(FtsFlow) }) }).meta({ id: 'FtsFlowList' });

/** Exports requests for money with their approval state and time to release (recipient and purpose by role). */
export const ExportFundRequests = z
  .object({
    format: TableFormat,
    status: FundRequestStatus.optional(),
    fundId: Id.optional(),
    crisisId: Id.optional(),
    projectId: Id.optional(),
  })
  .strict()
  .meta({ id: 'ExportFundRequests' });
export type ExportFundRequests = z.infer<typeof ExportFundRequests>;
