// A row's failure as an import reports it: the problems of one row, each naming its column, from a check of the
// import itself or from a service's or the database's refusal.

import type { ImportIssueCode } from '@corridor/contracts';
import { translateDatabaseError } from '../db/dialects/index.ts';
import { catalogue, DomainError } from '../errors.ts';
import { codedIssue, type RowIssue } from './source-row.ts';

/** A row that cannot be imported, with its issues; `halt` when the database refused it (nothing more can run). */
export class RowFailure extends Error {
  constructor(
    readonly issues: RowIssue[],
    readonly halt = false,
  ) {
    super('row failed');
  }
}

/** A row's problem with its code (contracts ImportIssueCode), worded in English. */
export const fail = (column: string | null, issue: ImportIssueCode, message: string) =>
  new RowFailure([codedIssue(column, issue, message)]);

/** A service's error as the row's issues, named by column; rethrows what is neither a domain nor a database error. */
export function rowFailureOf(err: unknown, columnOf: (pointer: string) => string | null): RowFailure {
  if (err instanceof RowFailure) return err;
  const e = err instanceof DomainError ? err : translateDatabaseError(err);
  if (!(e instanceof DomainError)) throw err;
  const halt = !(err instanceof DomainError);
  if (e.code === 'validation_failed' && e.extra.errors?.length)
    return new RowFailure(
      e.extra.errors.map((i) => ({
        column: columnOf(i.pointer),
        message: i.message,
        issue: i.code,
        ...(i.params ? { params: i.params } : {}),
      })),
      halt,
    );
  // A refusal of the records (a case closed meanwhile, an organisation that does not exist, a duplicate the database
  // refused...): its catalogue code, for a client to word it in its language beside the English sentence.
  return new RowFailure([{ column: null, message: e.detail ?? catalogue[e.code].title, issue: e.code }], halt);
}

/** Runs a service call for a row; its domain errors become the row's issues, named by column. */
export async function step<T>(columnOf: (pointer: string) => string | null, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw rowFailureOf(err, columnOf);
  }
}
