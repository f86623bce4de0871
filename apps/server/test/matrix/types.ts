import type { SessionAuth, TestApp } from '../harness.ts';

/** One organisation of the matrix test: its records, an administrator's session and a unique canary string. */
export type Fixture = {
  orgId: string;
  adminId: string;
  tokenId: string;
  canary: string;
  session: SessionAuth;
  /** Ids of records each context's setup created in this organisation (beneficiaryId, caseId, ...). */
  ids: Record<string, string>;
};

export type Row = {
  anonymous: boolean;
  /** How to address the other organisation's record, or why the route has none. */
  otherOrg:
    | ((other: Fixture) => { url: string; payload?: unknown; ifMatch?: boolean; expect?: number })
    | { none: string };
  /** Body for a well-formed call. */
  payload?: unknown;
  /** Why this route shows every organisation's public facts (names) by design; the canary check skips it. */
  directory?: string;
};

/** A context's part of the matrix: its rows, and how to create its records in an organisation. */
export type MatrixPart = {
  rows: Record<string, Row>;
  /** Creates records of the context in `fixture`'s organisation (as its administrator) and returns their ids. */
  setup?(t: TestApp, fixture: Fixture): Promise<Record<string, string>>;
};
