import type { FastifyRequest } from 'fastify';

/** The four languages of every public page. */
export const LANGS = ['en', 'fr', 'es', 'ar'] as const;
export type Lang = (typeof LANGS)[number];

/** A page's texts in every language; TypeScript makes sure no language misses a key. */
export type Texts<T> = Readonly<Record<Lang, T>>;

/** Right-to-left languages. */
export const dirOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

/** An arrow from one thing to the next in the reading direction (a route: origin → destination). */
export const arrowOf = (lang: Lang): string => (lang === 'ar' ? '←' : '→');

/** The separator of a list in running text (the Arabic comma in Arabic). */
export const listSeparatorOf = (lang: Lang): string => (lang === 'ar' ? '، ' : ', ');

/** A number of minutes after بعد, in the plural forms of Arabic: دقيقة واحدة، دقيقتين، 3 دقائق، 11 دقيقة. */
export function minutesAr(m: number): string {
  if (m === 1) return 'دقيقة واحدة';
  if (m === 2) return 'دقيقتين';
  const rest = m % 100;
  return rest >= 3 && rest <= 10 ? `${m} دقائق` : `${m} دقيقة`;
}

/** Each language's own name, for the language switcher. */
export const LANGUAGE_NAMES: Texts<string> = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية' };

const isLang = (s: string): s is Lang => (LANGS as readonly string[]).includes(s);

/**
 * The page's language: `?lang=` when it names one of the four, else the first supported language of
 * Accept-Language by quality (`fr-CA` counts as `fr`), else English.
 */
export function negotiateLang(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (typeof q === 'string' && isLang(q)) return q;
  return fromAcceptLanguage(req.headers['accept-language']);
}

/** Picks a language from an Accept-Language header (exported for tests). */
export function fromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'en';
  let best: Lang = 'en';
  let bestQ = 0;
  for (const [i, part] of header.split(',').slice(0, 20).entries()) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0] ?? '';
    if (!isLang(primary)) continue;
    let quality = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) quality = Number(m[1]);
    }
    // earlier entries win ties, as the header lists preferences in order
    const score = quality - i * 1e-6;
    if (score > bestQ) {
      best = primary;
      bestQ = score;
    }
  }
  return best;
}
