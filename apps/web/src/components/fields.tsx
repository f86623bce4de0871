import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { dateFieldInWords } from '../i18n/format.ts';
import { useIssueText } from './problem-message.tsx';

type Common = {
  label: string;
  name: string;
  /** Help shown under the field and read with it. */
  hint?: string;
  issues?: FieldIssue[] | undefined;
  /** A list typed in one field: its entries as sent, to name the ones an issue is about. */
  entries?: readonly string[] | undefined;
};

/**
 * A field's issues with the same words once each, with the entries of a list field each is about (their indexes
 * into `entries`, the values as the form sent them), so that "ar, xx1" is named rather than the sentence repeated.
 */
export function groupedIssues(
  issues: readonly FieldIssue[],
  entries?: readonly string[],
): { issue: FieldIssue; entries: string[] }[] {
  const groups = new Map<string, { issue: FieldIssue; entries: string[] }>();
  for (const issue of issues) {
    const key = JSON.stringify([issue.code, issue.message, issue.params ?? null, issue.field ?? null]);
    const group = groups.get(key) ?? { issue, entries: [] };
    groups.set(key, group);
    const entry = issue.index === undefined ? undefined : entries?.[issue.index];
    if (entry !== undefined && !group.entries.includes(entry)) group.entries.push(entry);
  }
  return [...groups.values()];
}

/** The validation messages of one field, referenced by the field's aria-describedby. */
export function FieldIssues({
  id,
  issues,
  entries,
}: {
  id: string;
  issues: FieldIssue[];
  entries?: readonly string[] | undefined;
}) {
  const { t } = useTranslation();
  const issueText = useIssueText();
  return (
    <ul className="field-issues" id={id}>
      {groupedIssues(issues, entries).map((g, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity and the list never reorders
        <li key={i}>
          {g.entries.length > 0 && (
            <>
              {g.entries.map((entry, j) => (
                <span key={entry}>
                  {j > 0 && t('common.separator')}
                  <bdi>{entry}</bdi>
                </span>
              ))}
              {`${t('common.colon')} `}
            </>
          )}
          {issueText(g.issue)}
        </li>
      ))}
    </ul>
  );
}

/** The ids that describe a field: its hint and its messages. */
export function describedBy(hintId: string | null, issuesId: string | null): string | undefined {
  const ids = [hintId, issuesId].filter(Boolean).join(' ');
  return ids || undefined;
}

type TextFieldProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
  };

/** A labelled text input with its hint and validation messages wired for assistive technology. */
export function TextField({
  label,
  name,
  hint,
  issues,
  entries,
  value,
  onChange,
  className,
  ...input
}: TextFieldProps) {
  const id = useId();
  const { i18n } = useTranslation();
  const hintId = hint ? `${id}-hint` : null;
  const issuesId = issues?.length ? `${id}-issues` : null;
  // A date field shows its date in the browser's format; the page's language says it in words beneath.
  const words = input.type ? dateFieldInWords(input.type, value, i18n.language) : null;
  const wordsId = words ? `${id}-words` : null;
  return (
    <div className={`field${issuesId ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId ?? undefined}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issuesId ? true : undefined}
        aria-describedby={[describedBy(hintId, issuesId), wordsId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {words && (
        <p className="hint date-in-words" id={wordsId ?? undefined} data-testid="date-in-words">
          {words}
        </p>
      )}
      {issuesId && issues && <FieldIssues id={issuesId} issues={issues} entries={entries} />}
    </div>
  );
}

type SelectFieldProps = Common &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
    options: { value: string; label: string }[];
  };

/** A labelled select. */
export function SelectField({
  label,
  name,
  hint,
  issues,
  value,
  onChange,
  options,
  className,
  ...select
}: SelectFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const issuesId = issues?.length ? `${id}-issues` : null;
  return (
    <div className={`field${issuesId ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId ?? undefined}>
          {hint}
        </p>
      )}
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issuesId ? true : undefined}
        aria-describedby={describedBy(hintId, issuesId)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {issuesId && issues && <FieldIssues id={issuesId} issues={issues} />}
    </div>
  );
}

type CheckboxGroupProps<V extends string> = Common & {
  options: { value: V; label: string; description?: string }[];
  value: readonly V[];
  onChange: (value: V[]) => void;
  disabled?: boolean;
};

/** A fieldset of checkboxes sharing one name, for multi-valued fields such as roles. */
export function CheckboxGroup<V extends string>({
  label,
  name,
  hint,
  issues,
  options,
  value,
  onChange,
  disabled,
}: CheckboxGroupProps<V>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const issuesId = issues?.length ? `${id}-issues` : null;
  const toggle = (option: V, checked: boolean) => {
    const next = checked ? [...value, option] : value.filter((v) => v !== option);
    // Keep the options' order so the request does not depend on click order.
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <fieldset
      className={`field checkbox-group${issuesId ? ' field-invalid' : ''}`}
      aria-describedby={describedBy(hintId, issuesId)}
      disabled={disabled}
    >
      <legend>{label}</legend>
      {hint && (
        <p className="hint" id={hintId ?? undefined}>
          {hint}
        </p>
      )}
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input
            type="checkbox"
            id={`${id}-${o.value}`}
            name={name}
            value={o.value}
            checked={value.includes(o.value)}
            onChange={(e) => toggle(o.value, e.target.checked)}
            aria-describedby={o.description ? `${id}-${o.value}-d` : undefined}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          {o.description && (
            <p className="hint" id={`${id}-${o.value}-d`}>
              {o.description}
            </p>
          )}
        </div>
      ))}
      {issuesId && issues && <FieldIssues id={issuesId} issues={issues} />}
    </fieldset>
  );
}

/** A row of form actions. */
export function FormActions({ children }: { children: ReactNode }) {
  return <div className="form-actions">{children}</div>;
}
