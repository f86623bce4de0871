// The browser's own checks of form fields (required, type, pattern, length, range) speak the browser's language, not
// the page's: "Please fill out this field." on a page in Arabic. This puts the page's words in their place, for
// every form at once: when a field fails a check, its message is set from the `issues` messages of the page's
// language; it is cleared when the field changes and before each submission (so the check runs afresh).
import type { i18n as I18n } from 'i18next';
import { formatCalendarDate } from './format.ts';
import { pluralForm } from './plural.ts';

type Checked = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isChecked = (x: EventTarget | null): x is Checked =>
  x instanceof HTMLInputElement || x instanceof HTMLSelectElement || x instanceof HTMLTextAreaElement;

type IssueKey =
  | 'issues.required'
  | 'issues.invalid_format'
  | 'issues.too_small'
  | 'issues.too_big'
  | 'issues.not_multiple_of'
  | 'issueText.atLeastNumber'
  | 'issueText.atMostNumber'
  | `issueText.atLeastString.${Intl.LDMLPluralRule}`
  | `issueText.atMostString.${Intl.LDMLPluralRule}`
  | 'issueText.notBeforeDay'
  | 'issueText.notAfterDay';

/** The limits a field declares (min, max, minlength, maxlength), as the browser checks them. */
export type Limits = { min?: string; max?: string; minLength?: number; maxLength?: number; day?: boolean };

/**
 * The message for what the field's validity says is wrong, or '' when nothing is: with the field's own limit when it
 * declares one ("Must be 1 or more."), the general sentence otherwise. A length takes the plural form the language
 * `lng` gives it ("at most 1 character").
 */
export function messageFor(
  validity: ValidityState,
  t: (key: IssueKey, values?: { n: string }) => string,
  limits: Limits = {},
  lng = 'en',
): string {
  if (validity.valueMissing) return t('issues.required');
  if (validity.typeMismatch || validity.patternMismatch || validity.badInput) return t('issues.invalid_format');
  // A day field's limits are days (given here as the page words them): "Must not be before 3 January 2026."
  if (validity.rangeUnderflow && limits.min && limits.day) return t('issueText.notBeforeDay', { n: limits.min });
  if (validity.rangeOverflow && limits.max && limits.day) return t('issueText.notAfterDay', { n: limits.max });
  if (validity.rangeUnderflow && limits.min) return t('issueText.atLeastNumber', { n: limits.min });
  if (validity.rangeOverflow && limits.max) return t('issueText.atMostNumber', { n: limits.max });
  if (validity.tooShort && limits.minLength !== undefined && limits.minLength > 0)
    return t(`issueText.atLeastString.${pluralForm(limits.minLength, lng)}`, { n: String(limits.minLength) });
  if (validity.tooLong && limits.maxLength !== undefined && limits.maxLength > 0)
    return t(`issueText.atMostString.${pluralForm(limits.maxLength, lng)}`, { n: String(limits.maxLength) });
  if (validity.tooShort || validity.rangeUnderflow) return t('issues.too_small');
  if (validity.tooLong || validity.rangeOverflow) return t('issues.too_big');
  if (validity.stepMismatch) return t('issues.not_multiple_of');
  return '';
}

/** The limits of a field element. */
function limitsOf(el: Checked): Limits {
  if (el instanceof HTMLSelectElement) return {};
  const out: Limits = {};
  if (el instanceof HTMLInputElement) {
    if (el.min) out.min = el.min;
    if (el.max) out.max = el.max;
    if (el.type === 'date') out.day = true;
  }
  if (el.minLength > 0) out.minLength = el.minLength;
  if (el.maxLength > 0) out.maxLength = el.maxLength;
  return out;
}

/** Installs the listeners on the document (once, at start). */
export function translateFieldChecks(i18n: I18n, doc: Document = document): void {
  const t = (key: IssueKey, values?: { n: string }): string => String(i18n.t(key, values));
  doc.addEventListener(
    'invalid',
    (e) => {
      if (!isChecked(e.target)) return;
      e.target.setCustomValidity('');
      const limits = limitsOf(e.target);
      if (limits.day) {
        if (limits.min) limits.min = formatCalendarDate(limits.min, i18n.language);
        if (limits.max) limits.max = formatCalendarDate(limits.max, i18n.language);
      }
      const message = messageFor(e.target.validity, t, limits, i18n.resolvedLanguage ?? i18n.language);
      if (message) e.target.setCustomValidity(message);
    },
    true,
  );
  const clear = (e: Event) => {
    if (isChecked(e.target)) e.target.setCustomValidity('');
  };
  doc.addEventListener('input', clear, true);
  doc.addEventListener('change', clear, true);
  // A submit button pressed: the fields' own messages go, so the browser's check sees only what is wrong now.
  doc.addEventListener(
    'click',
    (e) => {
      const button = e.target instanceof Element ? e.target.closest('button, input[type="submit"]') : null;
      const form = button && 'form' in button ? (button as HTMLButtonElement).form : null;
      if (!form) return;
      for (const el of Array.from(form.elements)) if (isChecked(el)) el.setCustomValidity('');
    },
    true,
  );
}
