import { type ReactNode, type TextareaHTMLAttributes, useId } from 'react';
import type { FieldIssue } from '../api/problem.ts';
import { describedBy, FieldIssues } from './fields.tsx';

// Fields only the case-management pages use; kept apart from fields.tsx so they load with those pages.

type Common = {
  label: string;
  name: string;
  hint?: string | undefined;
  issues?: FieldIssue[] | undefined;
};

type TextAreaFieldProps = Common &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'onChange' | 'value'> & {
    value: string;
    onChange: (value: string) => void;
  };

/** A labelled multi-line text input. */
export function TextAreaField({ label, name, hint, issues, value, onChange, rows = 3, ...rest }: TextAreaFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const issuesId = issues?.length ? `${id}-issues` : null;
  return (
    <div className={`field${issuesId ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId ?? undefined}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issuesId ? true : undefined}
        aria-describedby={describedBy(hintId, issuesId)}
        {...rest}
      />
      {issuesId && issues && <FieldIssues id={issuesId} issues={issues} />}
    </div>
  );
}

type RadioGroupProps<V extends string> = Common & {
  options: { value: V; label: string; description?: string | undefined }[];
  value: V | '';
  onChange: (value: V) => void;
  required?: boolean;
  /** Lays the options out in a row when they are short. */
  inline?: boolean;
};

/** A fieldset of radio buttons: exactly one choice, every option visible at once. */
export function RadioGroup<V extends string>({
  label,
  name,
  hint,
  issues,
  options,
  value,
  onChange,
  required,
  inline,
}: RadioGroupProps<V>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const issuesId = issues?.length ? `${id}-issues` : null;
  return (
    <fieldset
      className={`field choice-group${inline ? ' inline' : ''}${issuesId ? ' field-invalid' : ''}`}
      aria-describedby={describedBy(hintId, issuesId)}
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
            type="radio"
            id={`${id}-${o.value}`}
            name={name}
            value={o.value}
            checked={value === o.value}
            // Native `required` on the radios marks the whole group as required for assistive technology.
            required={required}
            onChange={() => onChange(o.value)}
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

type CheckFieldProps = Common & { checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean };

/** One labelled checkbox for a yes/no value. */
export function CheckField({ label, name, hint, issues, checked, onChange, disabled }: CheckFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const issuesId = issues?.length ? `${id}-issues` : null;
  return (
    <div className={`field${issuesId ? ' field-invalid' : ''}`}>
      <div className="checkbox">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={describedBy(hintId, issuesId)}
        />
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p className="hint" id={hintId ?? undefined}>
            {hint}
          </p>
        )}
      </div>
      {issuesId && issues && <FieldIssues id={issuesId} issues={issues} />}
    </div>
  );
}

/** A titled group of related fields (a document, a guardian, a trafficking event). */
export function FieldGroup({ legend, children, testId }: { legend: string; children: ReactNode; testId?: string }) {
  return (
    <fieldset className="field-group" data-testid={testId}>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}

/** A form that stays folded until wanted, so a long page (a case) shows its records first. */
export function Disclosure({
  summary,
  children,
  testId,
  defaultOpen,
}: {
  summary: string;
  children: ReactNode;
  testId?: string;
  defaultOpen?: boolean;
}) {
  return (
    <details className="disclosure" data-testid={testId} open={defaultOpen}>
      <summary className="disclosure-summary">{summary}</summary>
      <div className="disclosure-body">{children}</div>
    </details>
  );
}
