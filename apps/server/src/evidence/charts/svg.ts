// Shared pieces of the server-rendered charts: escaping, number formats, the accessible frame. Charts are drawn on
// the server as SVG so that the HTML report, its PDF and the dashboard show the same picture; every chart carries a
// <title> and <desc> (read by screen readers through role="img" + aria-labelledby) and every mark its own <title>.

/** The languages charts are labelled in; Arabic is drawn right to left (mirrored axes, text anchored at the end). */
export type ChartLanguage = 'en' | 'fr' | 'es' | 'ar';

/** True for the languages written right to left. */
export const isRightToLeft = (language: ChartLanguage): boolean => language === 'ar';

/** Escapes text for an SVG/HTML text node or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const formats = new Map<string, Intl.NumberFormat>();

/** A number in the language's grouping and digits (Intl, never a hand-made format). */
export function formatValue(value: number, language: ChartLanguage, maximumFractionDigits = 1): string {
  const key = `${language}|${maximumFractionDigits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(language, { maximumFractionDigits });
    formats.set(key, f);
  }
  return f.format(value);
}

/** How many decimals a currency's amounts have (2 for USD, 0 for JPY, 3 for KWD), from Intl's currency data. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount held in minor units of `currency` (cents), as the language writes money ("$125.30", "125,30 $US"). */
export function formatMoney(valueMinor: number, currency: string, language: ChartLanguage): string {
  const amount = valueMinor / 10 ** currencyDigits(currency);
  const key = `${language}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(language, { style: 'currency', currency });
    } catch {
      return `${formatValue(amount, language, currencyDigits(currency))} ${currency}`;
    }
    moneyFormats.set(key, f);
  }
  return f.format(amount);
}
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Round coordinates keep the SVG small and byte-identical between runs. */
export const px = (n: number): string => String(Math.round(n * 10) / 10);

let counter = 0;
/** A document-unique id prefix, so several charts can sit in one HTML page without clashing ids. */
export function chartId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}-${counter.toString(36)}`;
}

/** Opens an accessible SVG: role img, labelled by its title and described by its description. */
export function openSvg(
  id: string,
  width: number,
  height: number,
  title: string,
  description: string,
  language: ChartLanguage,
): string {
  const dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-labelledby="${id}-t ${id}-d" direction="${dir}" lang="${language}" class="chart" ` +
    `font-family="'Noto Sans','Noto Naskh Arabic','DejaVu Sans',Arial,sans-serif" font-size="12">` +
    `<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(description)}</desc>`
  );
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten at or above `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/**
 * A value axis from 0 for data up to `max`: a round step (1, 2 or 5 times a power of ten) giving at most `count`
 * intervals, never below 1 for whole numbers (counts), the top the first step at or above `max`, and the decimals
 * that print every tick exactly (so no two grid lines carry the same label and none a rounded one).
 */
export function axisScale(
  max: number,
  wholeNumbers: boolean,
  count = 4,
): { top: number; ticks: number[]; decimals: number } {
  const raw = max > 0 ? max / count : 0;
  let step = 1;
  if (raw > 0) {
    const p = 10 ** Math.floor(Math.log10(raw));
    step = [1, 2, 5, 10].map((m) => m * p).find((v) => v >= raw * (1 - 1e-9)) ?? 10 * p;
  }
  if (wholeNumbers) step = Math.max(1, step);
  const intervals = Math.max(1, Math.ceil(max / step - 1e-9));
  const decimals = step >= 1 ? 0 : Math.ceil(-Math.log10(step) - 1e-9);
  const at = (i: number) => Number((i * step).toFixed(decimals));
  return { top: at(intervals), ticks: Array.from({ length: intervals + 1 }, (_, i) => at(i)), decimals };
}

/** Texts a chart writes itself, per language (the caller supplies titles and labels). */
export const CHART_TEXT: Record<ChartLanguage, { suppressed: string; noData: string; legend: string }> = {
  en: { suppressed: 'suppressed', noData: 'no data', legend: 'Legend' },
  fr: { suppressed: 'masqué', noData: 'pas de données', legend: 'Légende' },
  es: { suppressed: 'suprimido', noData: 'sin datos', legend: 'Leyenda' },
  ar: { suppressed: 'محجوب', noData: 'لا توجد بيانات', legend: 'مفتاح الخريطة' },
};
