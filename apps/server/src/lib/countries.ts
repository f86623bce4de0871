// Country names in the page's language, from the codes Corridor stores (ISO 3166-1 alpha-3; the list and its alpha-2
// twins are in packages/contracts, countries.ts). Node's ICU names regions by alpha-2 code.
import { alpha2Of, COUNTRY_CODES } from '@corridor/contracts';

export { alpha2Of, isCountryCode } from '@corridor/contracts';

const names = new Map<string, Intl.DisplayNames>();

/** The country's name in `lang`, or its code when the runtime has no name for it. */
export function countryName(code: string, lang: string): string {
  const a2 = alpha2Of(code);
  if (!a2) return code;
  let dn = names.get(lang);
  if (!dn) {
    dn = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    names.set(lang, dn);
  }
  return dn.of(a2) ?? code;
}

const byName = new Map<string, readonly { code: string; name: string }[]>();

/** Every known country, sorted by its name in `lang` (a form's list to choose from); kept per language. */
export function countriesByName(lang: string): readonly { code: string; name: string }[] {
  let list = byName.get(lang);
  if (!list) {
    const collator = new Intl.Collator(lang);
    list = [...COUNTRY_CODES]
      .map((code) => ({ code, name: countryName(code, lang) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    byName.set(lang, list);
  }
  return list;
}
