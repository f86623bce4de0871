// Dates and numbers follow the interface language through Intl, never a hand-made format.

const dateTimeCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(lng: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lng}|${JSON.stringify(options)}`;
  let format = dateTimeCache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lng, options);
    dateTimeCache.set(key, format);
  }
  return format;
}

/**
 * A timestamp as date and time in the language's conventions, in the browser's time zone; with `utc`, in UTC to the
 * minute and saying so ("Jul 1, 2026, 06:00 UTC"), for times entered and shown in UTC (a movement's legs) so that the
 * list and the form agree wherever the browser is.
 */
export function formatDateTime(iso: string, lng: string, opts: { utc?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (opts.utc)
    return dateTimeFormat(lng, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
      timeZoneName: 'short',
    }).format(date);
  return dateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** A timestamp as a date only. */
export function formatDate(iso: string, lng: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(lng, { dateStyle: 'medium' }).format(date);
}

/** An integer in the language's digits and grouping. */
export function formatNumber(value: number, lng: string): string {
  return new Intl.NumberFormat(lng).format(value);
}

/** A percentage (3.67 for 3.67 %) as the language writes it ("3.67%", "3,67 %"), to two decimals at most. */
export function formatPercent(percent: number, lng: string): string {
  return new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 2 }).format(percent / 100);
}

/** A duration in minutes as the language writes it ("30 min", "30 دقيقة"). */
export function formatMinutes(minutes: number, lng: string): string {
  return new Intl.NumberFormat(lng, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes);
}

/**
 * Wraps a user-supplied value (a name, an organisation) in Unicode isolates (FSI … PDI) before it goes into a
 * translated sentence, so a Latin name inside Arabic text, or brackets around it, keep their order
 * (https://www.w3.org/International/articles/inline-bidi-markup/).
 */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

/**
 * A calendar date (YYYY-MM-DD, no time of day) in the language's conventions. It is formatted in UTC so the day
 * never shifts with the browser's time zone, as it would through `formatDate`.
 */
export function formatCalendarDate(date: string, lng: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime())) return date;
  return dateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

/**
 * What a date field holds, in words in the interface language: a calendar date (YYYY-MM-DD) with its weekday, a
 * month (YYYY-MM), or a local date and time (YYYY-MM-DDTHH:MM); null for anything else (an empty or partial value).
 * The browser shows a date field in its own language's format, which may not be the page's: this says which day it is.
 */
export function dateFieldInWords(type: string, value: string, lng: string): string | null {
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) return null;
    return dateTimeFormat(lng, { dateStyle: 'full', timeZone: 'UTC' }).format(parsed);
  }
  if (type === 'month' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return formatCalendarMonth(value, lng);
  if (type === 'datetime-local' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) {
    // The field's value is a time on the browser's clock, as the browser reads it.
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) return null;
    return dateTimeFormat(lng, { dateStyle: 'full', timeStyle: 'short' }).format(parsed);
  }
  return null;
}

/** A calendar month (YYYY-MM) as the language names it ("November 2026", "نوفمبر 2026"), in UTC like a calendar date. */
export function formatCalendarMonth(month: string, lng: string): string {
  const parsed = new Date(`${month}-01T00:00:00Z`);
  if (!/^\d{4}-\d{2}$/.test(month) || Number.isNaN(parsed.getTime())) return month;
  return dateTimeFormat(lng, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(parsed);
}

/** How many decimals a currency has (2 for USD, 0 for IQD, 3 for KWD), from the browser's currency data. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A whole amount of a currency, without decimals ("$200", "200 $US", "200 US$"), formatted for the language. */
export function formatWholeMoney(amount: number, currency: string, lng: string): string {
  try {
    return new Intl.NumberFormat(lng, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** An amount held in minor units (cents) with its ISO 4217 currency, formatted for the language. */
export function formatMoney(valueMinor: number, currency: string, lng: string): string {
  const digits = currencyDigits(currency);
  const amount = valueMinor / 10 ** digits;
  try {
    return new Intl.NumberFormat(lng, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

/**
 * A decimal number as a person types it in the interface language ("1 000,50" in French, "1.000,50" in Spanish,
 * "1,000.50" in English, Arabic-Indic digits in Arabic) turned into the plain form the API takes ("1000.50"). A plain
 * number ("12.50") is taken as it is, except a Spanish "1.000" (a thousand). Anything unreadable is returned trimmed,
 * unchanged, for the API to refuse with its message.
 */
export function readDecimal(typed: string, lng: string): string {
  const parts = new Intl.NumberFormat(lng).formatToParts(12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  let text = typed
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\s\u00a0\u202f\u066c]/g, '')
    .replace('\u066b', '.');
  const plain = /^-?\d+(\.\d+)?$/;
  if (plain.test(text) && !(group === '.' && /^\d{1,3}(\.\d{3})+$/.test(text))) return text;
  if (!/^\s$/.test(group)) text = text.split(group).join('');
  text = text.split(decimal).join('.');
  return plain.test(text) ? text : typed.trim();
}
