import type { Problem } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { wordedIssue } from '../api/issue-words.ts';
import type { FieldIssue } from '../api/problem.ts';
import { en } from '../i18n/en.ts';

type ErrorKey = keyof typeof en.errors;
type IssueKey = keyof typeof en.issues;

/** Whether a code is one of the server's problem codes (errors.ts catalogue) this interface words. */
export const isErrorKey = (code: string): code is ErrorKey => Object.hasOwn(en.errors, code);
const isIssueKey = (code: string): code is IssueKey => Object.hasOwn(en.issues, code);

/** The sentence to show for a problem: the server's English detail in English, a translation per code otherwise. */
export function useProblemText(): (problem: Problem) => string {
  const { t, i18n } = useTranslation();
  return (problem) => {
    if (i18n.resolvedLanguage === 'en' && problem.detail) return problem.detail;
    if (isErrorKey(problem.code)) return t(`errors.${problem.code}`);
    return problem.detail ?? problem.title;
  };
}

/** The text of one validation issue, translated by issue code outside English. */
export function useIssueText(): (issue: FieldIssue) => string {
  const { t, i18n } = useTranslation();
  return (issue) => {
    const worded = wordedIssue(issue);
    if (worded) return t(`issueText.${worded.key}`, worded.values);
    if (i18n.resolvedLanguage === 'en') return issue.message;
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
 * A live region that is always in the page, so screen readers announce a problem as soon as it appears
 * (a region inserted together with its text is often missed).
 */
export function FormStatus({ problem, rest }: { problem: Problem | null; rest?: FieldIssue[] }) {
  return (
    <div className="form-status" aria-live="assertive" aria-atomic="true">
      {problem && <ProblemMessage problem={problem} rest={rest ?? []} />}
    </div>
  );
}

/** A polite live region for confirmations ("Saved", "Copied"). */
export function Notice({ message }: { message: string | null }) {
  return (
    <div className="notice-region" aria-live="polite" aria-atomic="true">
      {message && <p className="notice">{message}</p>}
    </div>
  );
}
