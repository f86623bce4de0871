// Indicator computations of reintegration (issue 7, item 6): mean reintegration scores (economic, social,
// psychosocial, composite) per survey round over the surveys conducted in a period, by the plans an organisation
// holds. Plain functions, ready to be registered in the indicator engine (docs/operations.md).
import type { Db } from '../db/database.ts';
import { meansByRound } from './reintegration.repository.ts';
import { SMALL_CELL } from './reintegration.service.ts';

export type ReintegrationScoreFigure = {
  round: string;
  n: number;
  economic: number | null;
  social: number | null;
  psychosocial: number | null;
  composite: number | null;
};

/** Mean scores per round of the surveys conducted between two days (both included); small cells withheld. */
export async function reintegrationScores(
  db: Db,
  organisationId: string,
  from: string,
  to: string,
  country?: string,
): Promise<ReintegrationScoreFigure[]> {
  const rows = await meansByRound(db, organisationId, { from, to, ...(country ? { country } : {}) });
  return rows.map((r) =>
    r.n < SMALL_CELL ? { round: r.round, n: 0, economic: null, social: null, psychosocial: null, composite: null } : r,
  );
}

/** Indicator: the mean composite reintegration score at the 12-month follow-up in the period (null if too few). */
export async function compositeAtTwelveMonths(db: Db, organisationId: string, from: string, to: string) {
  return (await reintegrationScores(db, organisationId, from, to)).find((r) => r.round === 'm12')?.composite ?? null;
}
