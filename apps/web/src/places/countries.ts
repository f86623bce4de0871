// Countries named in the interface language, from the codes Corridor stores (ISO 3166-1 alpha-3, like the API; the
// list and its alpha-2 twins, which the browser's Intl.DisplayNames needs, are in packages/contracts, countries.ts).
import { alpha2Of, COUNTRY_CODES } from '@corridor/contracts';

export { COUNTRY_CODES };

const namesCache = new Map<string, Intl.DisplayNames | null>();

function displayNames(lng: string): Intl.DisplayNames | null {
  if (!namesCache.has(lng)) {
    try {
      namesCache.set(lng, new Intl.DisplayNames([lng], { type: 'region', fallback: 'none' }));
    } catch {
      namesCache.set(lng, null);
    }
  }
  return namesCache.get(lng) ?? null;
}

/** The country's name in the interface language ("Soudan" for SDN in French), or the code when unknown. */
export function countryName(code: string, lng: string): string {
  const alpha2 = alpha2Of(code);
  if (!alpha2) return code;
  return displayNames(lng)?.of(alpha2) ?? code;
}

/** Countries with their names, sorted for the language, for a select. */
export function countryOptions(lng: string): { value: string; label: string }[] {
  const collator = new Intl.Collator(lng);
  return COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code, lng) })).sort((a, b) =>
    collator.compare(a.label, b.label),
  );
}

const languageCache = new Map<string, Intl.DisplayNames | null>();

/** A language's name in the interface language ("Tigrinya" for `ti`), or the code itself. */
export function languageName(code: string, lng: string): string {
  if (!languageCache.has(lng)) {
    try {
      languageCache.set(lng, new Intl.DisplayNames([lng], { type: 'language', fallback: 'none' }));
    } catch {
      languageCache.set(lng, null);
    }
  }
  try {
    return languageCache.get(lng)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** ISO 4217 currencies the browser knows, with their names in the interface language, for a select. */
export function currencyOptions(lng: string): { value: string; label: string }[] {
  let codes: string[] = [];
  try {
    codes = Intl.supportedValuesOf('currency');
  } catch {
    codes = ['USD', 'EUR'];
  }
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lng], { type: 'currency', fallback: 'code' });
  } catch {
    names = null;
  }
  return codes.map((code) => ({ value: code, label: `${code} · ${names?.of(code) ?? code}` }));
}

/** Countries named in the interface language, joined by the language's separator (`, `, `، ` in Arabic). */
export function countryNames(codes: readonly string[], lng: string, separator: string): string {
  return codes.map((c) => countryName(c, lng)).join(separator);
}

/** Origin-to-destination pairs by name, with the arrow of the reading direction, joined by `separator`. */
export function corridorNames(
  corridors: readonly { origin: string; destination: string }[],
  lng: string,
  arrow: string,
  separator: string,
): string {
  return corridors
    .map((c) => `${countryName(c.origin, lng)} ${arrow} ${countryName(c.destination, lng)}`)
    .join(separator);
}
