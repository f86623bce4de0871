// Reference periods by name in a language: a month (2026-11), a quarter (2026-Q3) or a year (2026), as the evidence
// base and the remittance prices write them, shown as people read them ("Nov 2026", "Jul–Sep 2026"). Intl's month
// names, never hand-made ones; anything that is not a period is returned as given.

const formats = new Map<string, Intl.DateTimeFormat>();
function monthFormat(locale: string, month: 'long' | 'short', year: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${month}:${year}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { month, ...(year ? { year: 'numeric' } : {}), timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f;
}

/**
 * `period` by name in `locale`: a month as its name and year (`year: false`, its name alone, where the year is said
 * elsewhere), a quarter as its first and last months and the year, a year as itself. `width` is the months' names,
 * `short` (the default, for tables and chart axes) or `long`.
 */
export function periodName(
  period: string,
  locale: string,
  o: { width?: 'long' | 'short'; year?: boolean } = {},
): string {
  const width = o.width ?? 'short';
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (month)
    return monthFormat(locale, width, o.year ?? true).format(
      new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 15)),
    );
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3;
    const name = (m: number) => monthFormat(locale, width, false).format(new Date(Date.UTC(year, m, 15)));
    return `${name(first)}–${name(first + 2)} ${quarter[1]}`;
  }
  return period;
}
