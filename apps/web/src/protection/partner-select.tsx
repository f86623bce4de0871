import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { describedBy, FieldIssues } from '../components/fields.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatNumber } from '../i18n/format.ts';
import { LONG_LIST, type PartnerGroup, type PartnerOption, type Partners } from './partners.ts';

/** Lower case without accents, so "gen" finds "Genève" and "Ginebra" is found by "GINEBRA". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

type Props = {
  label: string;
  name: string;
  hint?: string | undefined;
  issues?: FieldIssue[] | undefined;
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
  /** The organisations offered, under their headings. */
  groups: PartnerGroup[];
  /** The text of the empty first option ("Choose", or "None" when the field is optional). */
  empty: string;
  /** The current value when no group offers it (an organisation outside the directory, say). */
  current?: PartnerOption | null;
  partners: Partners;
};

/**
 * A picker of partner organisations from the directory: a native select (keyboard, screen reader and mobile
 * friendly) whose options carry the organisation id, with a filter when the list is long.
 */
export function PartnerSelect({
  label,
  name,
  hint,
  issues,
  required,
  value,
  onChange,
  groups,
  empty,
  current,
  partners,
}: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [filter, setFilter] = useState('');
  const hintId = hint ? `${id}-hint` : null;
  const issuesId = issues?.length ? `${id}-issues` : null;
  const total = groups.reduce((n, g) => n + g.options.length, 0);
  const filterable = total >= LONG_LIST;
  const wanted = filterable ? fold(filter.trim()) : '';
  // The chosen option always stays, so filtering never changes what the form will send.
  const shown = groups
    .map((g) => ({
      ...g,
      options: wanted ? g.options.filter((o) => o.value === value || fold(o.search).includes(wanted)) : g.options,
    }))
    .filter((g) => g.options.length > 0);
  const matches = shown.reduce((n, g) => n + g.options.filter((o) => o.value !== value).length, 0);
  const offered = groups.some((g) => g.options.some((o) => o.value === value));
  const extra = value && !offered ? (current ?? null) : null;

  return (
    <div className="partner-select">
      {filterable && (
        <div className="field partner-filter">
          <label htmlFor={`${id}-filter`}>{t('partners.filter')}</label>
          <input
            id={`${id}-filter`}
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            // Enter in the filter must not send the form the picker belongs to.
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.preventDefault();
            }}
            aria-controls={id}
            aria-describedby={wanted ? `${id}-matches` : undefined}
          />
          <p className="hint" id={`${id}-matches`} aria-live="polite">
            {wanted ? t('partners.matches', { count: formatNumber(matches, i18n.language) }) : ''}
          </p>
        </div>
      )}
      <div className={`field${issuesId ? ' field-invalid' : ''}`}>
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
          required={required}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={issuesId ? true : undefined}
          aria-describedby={describedBy(hintId, issuesId)}
          aria-busy={!partners.ready && !partners.problem ? true : undefined}
        >
          <option value="">{partners.ready || partners.problem ? empty : t('partners.loading')}</option>
          {extra && <Option option={extra} />}
          {shown.map((g) =>
            g.label === null ? (
              <Fragment key="">
                {g.options.map((o) => (
                  <Option key={o.value} option={o} />
                ))}
              </Fragment>
            ) : (
              <optgroup key={g.label} label={g.label}>
                {g.options.map((o) => (
                  <Option key={o.value} option={o} />
                ))}
              </optgroup>
            ),
          )}
        </select>
        {issuesId && issues && <FieldIssues id={issuesId} issues={issues} />}
        {partners.problem && (
          <div className="partner-problem">
            <FormStatus problem={partners.problem} />
            <button type="button" className="button secondary small" onClick={partners.retry}>
              {t('common.retry')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function Option({ option }: { option: PartnerOption }) {
  return (
    <option value={option.value} data-code={option.code}>
      {option.label}
    </option>
  );
}
