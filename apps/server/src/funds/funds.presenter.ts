import type {
  EntryKind,
  Fund,
  FundAccount,
  FundKind,
  FundRequest,
  FundRequestStatus,
  LedgerEntry,
  Role,
} from '@corridor/contracts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import type { FundEntryRow, FundRequestRow, FundRow } from './funds.table.ts';
import type { Balances } from './ledger.ts';
import { fromMinor } from './money.ts';

/** Balances as money strings, with the fund's cash (available + committed). */
export function presentBalances(b: Balances, at: Date): Fund['balances'] {
  return {
    at: at.toISOString(),
    available: fromMinor(b.available),
    committed: fromMinor(b.committed),
    balance: fromMinor(b.available + b.committed),
    pledges: fromMinor(b.pledges),
    advances: fromMinor(b.advances),
    contributions: fromMinor(b.contributions),
    disbursed: fromMinor(b.disbursed),
  };
}

/** A fund with its limits and balances. */
export function presentFund(
  f: FundRow,
  limits: { role: string; limit_usd_minor: number }[],
  balances: Balances,
  at: Date,
): Fund {
  return {
    id: f.id,
    code: f.code,
    name: f.name,
    kind: f.kind as FundKind,
    currency: f.currency,
    revolving: f.revolving === 1,
    approvalLimits: limits.map((l) => ({ role: l.role as Role, limitUsd: fromMinor(Number(l.limit_usd_minor)) })),
    balances: presentBalances(balances, at),
    createdAt: f.created_at,
    version: f.version,
  };
}

/**
 * Whether the caller reads what a request for money is for, whom it pays and the case it is for (free text that may
 * name a person): the roles who request, approve or release money. Analysts get the figures without them.
 */
export const readsRequestDetails = (p: Principal): boolean =>
  hasAnyRole(p, 'caseworker', 'supervisor', 'fund_manager', 'admin');

/** A journal entry with its lines; a request's recipient only for the roles that read requests' details. */
export function presentEntry(
  e: FundEntryRow,
  lines: { code: string; amount_minor: number; balance_after_minor: number }[],
  p: Principal,
): LedgerEntry {
  return {
    id: e.id,
    fundId: e.fund_id,
    kind: e.kind as EntryKind,
    amount: fromMinor(Number(e.amount_minor)),
    currency: e.currency,
    usdRate: e.usd_rate,
    amountUsd: fromMinor(Number(e.amount_usd_minor)),
    counterparty: e.request_id && !readsRequestDetails(p) ? null : e.counterparty,
    counterpartyCountry: e.counterparty_country,
    requestId: e.request_id,
    reference: e.reference,
    postedAt: e.posted_at,
    lines: lines.map((l) => ({
      account: l.code as FundAccount,
      amount: fromMinor(Number(l.amount_minor)),
      balanceAfter: fromMinor(Number(l.balance_after_minor)),
    })),
  };
}

/**
 * A request for money: amounts, links, approvals and the measured time to release; purpose, recipient and case only
 * for the roles that read requests' details.
 */
export function presentRequest(r: FundRequestRow, fundCode: string, p: Principal): FundRequest {
  const details = readsRequestDetails(p);
  const approvals: FundRequest['approvals'] = [];
  if (r.first_approver_id && r.first_approved_at)
    approvals.push({ userId: r.first_approver_id, role: r.first_approver_role as Role, at: r.first_approved_at });
  if (r.second_approver_id && r.second_approved_at)
    approvals.push({ userId: r.second_approver_id, role: r.second_approver_role as Role, at: r.second_approved_at });
  return {
    id: r.id,
    fundId: r.fund_id,
    fundCode,
    purpose: details ? r.purpose : null,
    recipient: details ? r.recipient : null,
    crisisId: r.crisis_id,
    caseId: details ? r.case_id : null,
    projectId: r.project_id,
    amount: fromMinor(Number(r.amount_minor)),
    currency: r.currency,
    usdRate: r.usd_rate,
    amountUsd: fromMinor(Number(r.amount_usd_minor)),
    status: r.status as FundRequestStatus,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    approvals,
    decisionReason: r.decision_reason,
    releasedAt: r.released_at,
    releaseSeconds: r.release_seconds === null ? null : Number(r.release_seconds),
    version: r.version,
  };
}
