// Cron schedules, read the way pg-boss reads them (five fields, UTC), so a schedule means the same on both engines.
import cronParser from 'cron-parser';

/** True for a five-field cron expression cron-parser accepts. */
export function isValidCron(expr: string): boolean {
  if (expr.trim().split(/\s+/).length !== 5) return false;
  try {
    cronParser.parseExpression(expr, { utc: true });
    return true;
  } catch {
    return false;
  }
}

/** The first time strictly after `after` that the schedule fires. */
export function nextRun(expr: string, after: Date): Date {
  return cronParser.parseExpression(expr, { utc: true, currentDate: after }).next().toDate();
}
