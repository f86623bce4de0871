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

/** A timestamp as date and time in the language's conventions. */
export function formatDateTime(iso: string, lng: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
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

/**
 * Wraps a user-supplied value (a name, an organisation) in Unicode isolates (FSI … PDI) before it goes into a
 * translated sentence, so a Latin name inside Arabic text, or brackets around it, keep their order
 * (https://www.w3.org/International/articles/inline-bidi-markup/).
 */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}
