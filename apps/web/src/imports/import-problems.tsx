// The problems of a rejected import file (the 422 `import_rejected` answer), each worded in the user's language: the
// import page's and the remittance page's files (apps/server imports and remittances) give the same kind of list.
import { ImportIssueCode, type Problem } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { isErrorKey, useIssueText } from '../components/problem-message.tsx';

/** One problem of a rejected file, as the 422 `import_rejected` answer lists it. */
export type RowError = {
  row: number;
  column: string | null;
  message: string;
  /** The problem as a code, when it has one (contracts ImportError.issue), and what wording it needs. */
  issue: string | null;
  params: FieldIssue['params'];
};

/** The rows of an `import_rejected` problem; anything malformed is shown as a problem of the whole file. */
export function rowErrorsOf(problem: Problem): RowError[] {
  return (problem.errors ?? []).map((issue) => {
    const extra = issue as unknown as { row?: unknown; column?: unknown; issue?: unknown };
    return {
      row: typeof extra.row === 'number' ? extra.row : 0,
      column: typeof extra.column === 'string' && extra.column ? extra.column : null,
      message: issue.message,
      issue: typeof extra.issue === 'string' && extra.issue ? extra.issue : null,
      params: issue.params,
    };
  });
}

const isImportIssue = (code: string): code is ImportIssueCode =>
  (ImportIssueCode.options as readonly string[]).includes(code);

/**
 * A row's problem in the user's language: by its code (an import's own problem, or a validation issue worded as the
 * forms word it, in English too: the contract's raw words name the API's fields, not the file's columns); the
 * server's English words for an import's own problem or a refusal in English, or when the problem has no code.
 */
export function useImportProblemText(): (e: RowError) => { text: string; english: boolean } {
  const { t, i18n } = useTranslation();
  const issueText = useIssueText();
  return (e) => {
    const english = i18n.resolvedLanguage === 'en';
    if (e.issue === null || (english && (isImportIssue(e.issue) || isErrorKey(e.issue))))
      return { text: e.message, english: true };
    if (isImportIssue(e.issue)) return { text: t(`importIssues.${e.issue}`, e.params ?? {}), english: false };
    // A service's or the database's refusal: what kind of refusal in the user's language, what exactly in English.
    if (isErrorKey(e.issue))
      return { text: t('issueText.explained', { text: t(`errors.${e.issue}`), detail: e.message }), english: false };
    return { text: issueText({ code: e.issue, message: e.message, params: e.params }), english: false };
  };
}

/** The cell of a row's problem: the server's English marked as English, the page's own words as the page's. */
export function RowProblem({ text }: { text: { text: string; english: boolean } }) {
  return text.english ? (
    <td lang="en" dir="ltr">
      {text.text}
    </td>
  ) : (
    <td dir="auto">{text.text}</td>
  );
}
