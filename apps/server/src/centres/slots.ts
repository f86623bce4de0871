// Calendar arithmetic of centres: which slots a day offers under the weekly opening hours, and the UTC instant of
// a local day and time in the centre's IANA time zone (daylight-saving changes included), with Intl only.
import { type OpeningHours, WEEKDAYS, type Weekday } from '@corridor/contracts';

/** The weekday of a calendar date (YYYY-MM-DD). */
export function weekdayOf(day: string): Weekday {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(d + 6) % 7]!;
}

/** The calendar date `n` days after `day`. */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T12:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Start times (HH:MM, local) of the slots of `slotMinutes` that fit whole into the day's opening periods. */
export function slotStarts(hours: OpeningHours, weekday: Weekday, slotMinutes: number): string[] {
  const out: string[] = [];
  for (const [open, close] of hours[weekday] ?? []) {
    for (let m = minutes(open); m + slotMinutes <= minutes(close); m += slotMinutes) out.push(hhmm(m));
  }
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(at: number, timeZone: string): { day: string; ms: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const ms = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return { day, ms };
}

/** The local calendar date of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  return wallClock(at.getTime(), timeZone).day;
}

/**
 * The UTC instant of a local date and time in a time zone. On a daylight-saving gap the time is taken as if the
 * clock had not moved; on an overlap the first occurrence is taken.
 */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const naive = Date.parse(`${day}T${time}:00Z`);
  const offset1 = wallClock(naive, timeZone).ms - naive;
  let at = naive - offset1;
  const offset2 = wallClock(at, timeZone).ms - at;
  if (offset2 !== offset1) at = naive - offset2;
  return new Date(at);
}
