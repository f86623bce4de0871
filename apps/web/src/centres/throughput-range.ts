// The throughput report's range, checked before it is asked for: a range the server would refuse is never sent, so
// the figures of the previous range never stay on screen under dates they are not for, and the message is the page's.

/** The longest range the server reports on, in days (THROUGHPUT_MAX_DAYS of the centres service). */
export const THROUGHPUT_MAX_DAYS = 366;

/**
 * What is wrong with a range, for its "To" field: `before` when it ends before it starts, `tooLong` when it spans
 * more than THROUGHPUT_MAX_DAYS days (both days counted); null when the server would take it.
 */
export function throughputRangeProblem(from: string, to: string): 'before' | 'tooLong' | null {
  if (to < from) return 'before';
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  return span > THROUGHPUT_MAX_DAYS ? 'tooLong' : null;
}
