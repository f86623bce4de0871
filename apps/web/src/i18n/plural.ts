// A sentence with a count in it takes the form its language gives that count (CLDR plural rules, through
// Intl.PluralRules): "1 caractère" but "2 caractères" in French, and Arabic has six forms (0, 1, 2, 3–10, 11–99,
// and the rest: حرف واحد، حرفان، ٣ أحرف، ١١ حرفًا، ١٠٠ حرف). Such a message is an object of its forms; the page picks
// one with pluralForm and looks up `key.form`.
import type { Locale } from '@corridor/contracts';

/** The forms a language's counted messages give: every plural category the language has, `other` for the rest. */
export const PLURAL_FORMS = {
  en: ['one', 'other'],
  fr: ['one', 'many', 'other'],
  es: ['one', 'many', 'other'],
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
} as const satisfies Record<Locale, readonly Intl.LDMLPluralRule[]>;

/** A counted message: its sentence in each form of the language (PLURAL_FORMS), `other` in every language. */
export type PluralForms = { readonly [form in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** Declares a counted message (in en.ts, whose type every language follows: any language's forms may be given). */
export const plural = (forms: PluralForms): PluralForms => forms;

const rules = new Map<string, Intl.PluralRules>();

/**
 * The form of a counted message for `count` in the language `lng`: the language's plural category of the count, when
 * its messages give that form (PLURAL_FORMS), `other` otherwise (a language the page does not have, or a category a
 * newer CLDR would add).
 */
export function pluralForm(count: number, lng: string): Intl.LDMLPluralRule {
  const base = lng.toLowerCase().split('-')[0] ?? '';
  if (!Object.hasOwn(PLURAL_FORMS, base)) return 'other';
  let rule = rules.get(base);
  if (!rule) {
    rule = new Intl.PluralRules(base);
    rules.set(base, rule);
  }
  const form = rule.select(count);
  return (PLURAL_FORMS[base as Locale] as readonly Intl.LDMLPluralRule[]).includes(form) ? form : 'other';
}
