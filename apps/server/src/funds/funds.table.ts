import type { Selectable } from 'kysely';

/** A fund of an organisation; its books are kept in `currency`. */
export interface FundTable {
  id: string;
  organisation_id: string;
  code: string;
  name: string;
  kind: string;
  currency: string;
  /** 1 for a revolving fund: releases are advances, reimbursed later. */
  revolving: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type FundRow = Selectable<FundTable>;

/** The most a holder of `role` may approve alone, in USD minor units. */
export interface FundApprovalLimitTable {
  fund_id: string;
  role: string;
  limit_usd_minor: number;
}

/** One account of a fund's ledger with its running balance on its normal side (never below zero). */
export interface FundAccountTable {
  id: string;
  fund_id: string;
  code: string;
  /** 1: debit-normal (assets, expenses); -1: credit-normal (contributions). */
  normal_side: number;
  balance_minor: number;
  line_count: number;
  last_posted_at: string | null;
}
export type FundAccountRow = Selectable<FundAccountTable>;

/** A journal entry: what happened, in the fund's currency and in USD at the recorded rate. */
export interface FundEntryTable {
  id: string;
  fund_id: string;
  kind: string;
  amount_minor: number;
  currency: string;
  usd_rate: string;
  amount_usd_minor: number;
  counterparty: string;
  counterparty_country: string | null;
  request_id: string | null;
  reference: string | null;
  posted_by: string | null;
  posted_at: string;
}
export type FundEntryRow = Selectable<FundEntryTable>;

/** A line of a journal entry: signed amount (debit +, credit -) and the account's balance after it. */
export interface FundLineTable {
  account_id: string;
  line_no: number;
  entry_id: string;
  amount_minor: number;
  balance_after_minor: number;
  posted_at: string;
}

/** A request for money from a fund, and its approvals and release. */
export interface FundRequestTable {
  id: string;
  organisation_id: string;
  fund_id: string;
  purpose: string;
  recipient: string;
  crisis_id: string | null;
  case_id: string | null;
  project_id: string | null;
  amount_minor: number;
  currency: string;
  usd_rate: string;
  amount_usd_minor: number;
  status: string;
  requested_by: string;
  requested_at: string;
  first_approver_id: string | null;
  first_approver_role: string | null;
  first_approved_at: string | null;
  second_approver_id: string | null;
  second_approver_role: string | null;
  second_approved_at: string | null;
  decision_reason: string | null;
  released_by: string | null;
  released_at: string | null;
  release_seconds: number | null;
  updated_at: string;
  version: number;
}
export type FundRequestRow = Selectable<FundRequestTable>;
