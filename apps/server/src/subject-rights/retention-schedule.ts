// The retention schedule as data (SECURITY.md D7), with no imports: the configuration reads it too.

/** Years kept after the last case closed, per case type; `none`: persons with no case, after registration. */
export type RetentionSchedule = Readonly<{
  protection: number;
  trafficking: number;
  gbv: number;
  child: number;
  avrr: number;
  none: number;
  /** Child cases are also kept until the person's birthday of this age (whichever comes later). */
  childUntilAge: number;
}>;

export const DEFAULT_RETENTION: RetentionSchedule = Object.freeze({
  protection: 5,
  trafficking: 10,
  gbv: 5,
  child: 10,
  avrr: 5,
  none: 5,
  childUntilAge: 25,
});

export const RETENTION_KEYS = Object.keys(DEFAULT_RETENTION) as (keyof RetentionSchedule)[];

/**
 * Parses an override like `trafficking=15,none=3`: every key must be one of the schedule's, every value whole
 * years from 1 to 100. Returns the problems instead of throwing, for the configuration to report them together.
 */
export function parseRetention(s: string | undefined): { schedule: RetentionSchedule } | { problem: string } {
  if (!s?.trim()) return { schedule: DEFAULT_RETENTION };
  const out: Record<string, number> = { ...DEFAULT_RETENTION };
  for (const part of s.split(',')) {
    const m = /^\s*([a-zA-Z]+)\s*=\s*(\d{1,3})\s*$/.exec(part);
    if (!m || !(RETENTION_KEYS as string[]).includes(m[1]!))
      return { problem: `expected key=years pairs with keys ${RETENTION_KEYS.join(', ')}` };
    const years = Number(m[2]);
    if (years < 1 || years > 100) return { problem: `${m[1]} must be 1 to 100 years` };
    out[m[1]!] = years;
  }
  return { schedule: Object.freeze(out as RetentionSchedule) };
}
