import type { Problem } from '@corridor/contracts';
import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordedIssue } from '../api/issue-words.ts';
import { type FieldIssue, fieldOfPointer } from '../api/problem.ts';
import { en } from '../i18n/en.ts';
import { formatCalendarDate } from '../i18n/format.ts';

type ErrorKey = keyof typeof en.errors;
type IssueKey = keyof typeof en.issues;

/** Whether a code is one of the server's problem codes (errors.ts catalogue) this interface words. */
export const isErrorKey = (code: string): code is ErrorKey => Object.hasOwn(en.errors, code);
const isIssueKey = (code: string): code is IssueKey => Object.hasOwn(en.issues, code);

/**
 * Codes whose detail says why this record refused (a state, a clash, a missing record, a rule of access): outside
 * English the translated sentence is followed by the server's words, as a rule of its own is (useIssueText), since the
 * sentence alone cannot say what to change.
 */
const EXPLAINED_CODES: ReadonlySet<string> = new Set([
  'invalid_transition',
  'conflict',
  'invalid_reference',
  'forbidden',
]);

type WeakReason = keyof typeof en.issueText.weakReasons;
const isWeakReason = (r: string): r is WeakReason => Object.hasOwn(en.issueText.weakReasons, r);

/**
 * Fixed sentences the server gives for a code used in more than one place, worded by the page: a wrong password where
 * only the password was asked (not "the email or password"), a wrong code that may be a recovery code (not the
 * phone's clock).
 */
const KNOWN_DETAILS: Readonly<Record<string, 'errors.wrongPassword' | 'errors.wrongCode'>> = {
  'The password is not correct.': 'errors.wrongPassword',
  'The code is not correct or was already used.': 'errors.wrongCode',
};

/** The detail the server gives every validation problem with a list of issues (errors.ts invalidFields). */
const GENERAL_VALIDATION = 'Some fields are not valid; see errors.';

/** The sentence to show for a problem: the server's English detail in English, a translation per code otherwise. */
export function useProblemText(): (problem: Problem) => string {
  const { t, i18n } = useTranslation();
  return (problem) => {
    // (The server's general sentence of a validation problem points at its `errors` list: a page says it its way.)
    if (i18n.resolvedLanguage === 'en' && problem.detail && problem.detail !== GENERAL_VALIDATION)
      return problem.detail;
    const known = problem.detail ? KNOWN_DETAILS[problem.detail] : undefined;
    if (known) return t(known);
    if (isErrorKey(problem.code)) {
      const text = t(`errors.${problem.code}`);
      return problem.detail && EXPLAINED_CODES.has(problem.code)
        ? t('issueText.explained', { text, detail: problem.detail })
        : text;
    }
    return problem.detail ?? problem.title;
  };
}

/** The server's words of an issue ("must be 2-40 capital letters") as a sentence of the page: a capital, a full stop. */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

/** The text of one validation issue, translated by issue code outside English. */
export function useIssueText(): (issue: FieldIssue) => string {
  const { t, i18n } = useTranslation();
  return (issue) => {
    // Made by the page itself (a check before sending): already in the page's language.
    if (issue.params?.local === true) return issue.message;
    // A weak password: each reason worded by the page.
    if (issue.code === 'weak_password' && typeof issue.params?.reasons === 'string') {
      const reasons = issue.params.reasons.split(' ').filter(isWeakReason);
      if (reasons.length)
        return t('issueText.weakPassword', { reasons: reasons.map((r) => t(`issueText.weakReasons.${r}`)).join('; ') });
    }
    const worded = wordedIssue(issue, i18n.resolvedLanguage ?? i18n.language);
    if (worded)
      return t(
        `issueText.${worded.key}`,
        worded.day ? { n: formatCalendarDate(worded.values.n, i18n.language) } : worded.values,
      );
    if (i18n.resolvedLanguage === 'en') return asSentence(issue.message);
    // A rule of its own (a cross-field check, a check of the records) says what is wrong only in the server's
    // words: the generic sentence, then those words, rather than a sentence that does not say what to change.
    if (issue.code === 'custom' || !isIssueKey(issue.code))
      return issue.message
        ? t('issueText.explained', { text: t('issues.custom'), detail: issue.message })
        : t('issues.custom');
    return t(`issues.${issue.code}`);
  };
}

/** Renders a problem and the issues that belong to no visible field. */
export function ProblemMessage({ problem, rest = [] }: { problem: Problem; rest?: FieldIssue[] }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const issueText = useIssueText();
  return (
    <div className="problem">
      <p>{problemText(problem)}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((issue, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity and the list never reorders
            <li key={i}>
              {issue.field && <bdi>{issue.field}</bdi>}
              {issue.field && `${t('common.colon')} `}
              {issueText(issue)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Every issue of a problem, each with the field it is about, once each: what a form that does not mark its fields
 * shows under its message, so that "see the fields" never points at nothing.
 */
export function allIssues(
  problem: Problem,
  labels: Readonly<Record<string, string>> = {},
  shown: readonly string[] = [],
): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of problem.errors ?? []) {
    const field = issue.location === 'body' || issue.location === 'query' ? fieldOfPointer(issue.pointer) : '';
    // (`shown`: the fields that show their own issues, under them.)
    if (field && shown.includes(field)) continue;
    // A field inside an object or a list (`/contact/phone`) is named by its own label when the form gives one.
    const last = field ? (issue.pointer.split('/').at(-1) ?? '') : '';
    const name = labels[last] ?? labels[field] ?? (field || undefined);
    const key = JSON.stringify([name ?? '', issue.code, issue.message, issue.params?.rule ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: issue.code, message: issue.message, params: issue.params, field: name });
  }
  return out;
}

/**
 * A live region that is always in the page, so screen readers announce a problem as soon as it appears
 * (a region inserted together with its text is often missed). `rest` lists the issues shown here because no field
 * shows them; without it (a form that marks no field), every issue of the problem is listed, named by `labels` (the
 * form's labels by field) where it has them.
 */
export function FormStatus({
  problem,
  rest,
  labels,
}: {
  problem: Problem | null;
  rest?: FieldIssue[];
  labels?: Readonly<Record<string, string>>;
}) {
  const region = useRef<HTMLDivElement>(null);
  // A form that gives no labels: its fields are named by the labels of the form's own inputs of the same name.
  const [found, setFound] = useState<Readonly<Record<string, string>>>({});
  useLayoutEffect(() => {
    const form = region.current?.closest('form');
    if (!problem || labels || !form) return;
    const next = labelsInForm(form, problem);
    setFound((was) => (JSON.stringify(was) === JSON.stringify(next) ? was : next));
  }, [problem, labels]);
  return (
    <div className="form-status" aria-live="assertive" aria-atomic="true" ref={region}>
      {problem && <ProblemMessage problem={problem} rest={rest ?? allIssues(problem, labels ?? found)} />}
    </div>
  );
}

/**
 * The labels a form shows for the fields a problem is about: the label of the input named as the field (its pointer's
 * last or first segment), or the legend of a group of inputs of that name.
 */
export function labelsInForm(form: HTMLFormElement, problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of problem.errors ?? []) {
    const segments = issue.pointer.split('/').slice(1);
    for (const name of [segments.at(-1), segments[0]]) {
      if (!name || out[name] || /^\d+$/.test(name)) continue;
      const input = form.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`);
      const text = input?.labels?.[0]?.textContent ?? input?.closest('fieldset')?.querySelector('legend')?.textContent;
      if (text?.trim()) out[name] = text.trim();
    }
  }
  return out;
}

/** A polite live region for confirmations ("Saved", "Copied"). */
export function Notice({ message }: { message: string | null }) {
  return (
    <div className="notice-region" aria-live="polite" aria-atomic="true">
      {message && <p className="notice">{message}</p>}
    </div>
  );
}
