import { type ReactNode, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { FieldIssues, SelectField, TextField } from '../components/fields.tsx';
import { corridorNames, countryName, countryOptions, currencyOptions, languageName } from './countries.ts';

type Common = { label: string; name: string; hint?: string | undefined; issues?: FieldIssue[] | undefined };

type CodeSelectProps = Common & {
  value: string;
  onChange: (code: string) => void;
  emptyLabel?: string;
  required?: boolean;
};

/** A select of codes named in the interface language (`optionsOf` lists them for a language). */
function NamedCodeSelect({
  optionsOf,
  value,
  onChange,
  emptyLabel,
  required,
  ...field
}: CodeSelectProps & { optionsOf: (language: string) => { value: string; label: string }[] }) {
  const { t, i18n } = useTranslation();
  const options = useMemo(() => optionsOf(i18n.language), [optionsOf, i18n.language]);
  // A code the list does not know (entered elsewhere) stays selectable rather than silently changing.
  const extra = value && !options.some((o) => o.value === value) ? [{ value, label: value }] : [];
  return (
    <SelectField
      {...field}
      required={required}
      value={value}
      onChange={onChange}
      options={[{ value: '', label: emptyLabel ?? t('common.notRecorded') }, ...extra, ...options]}
    />
  );
}

/** A select of countries named in the interface language; the value is the ISO alpha-3 code. */
export function CountrySelect(props: CodeSelectProps) {
  return <NamedCodeSelect {...props} optionsOf={countryOptions} />;
}

/** A select of currencies named in the interface language; the value is the ISO 4217 code. */
export function CurrencySelect(props: CodeSelectProps) {
  return <NamedCodeSelect {...props} optionsOf={currencyOptions} />;
}

/** The frame of a list of rows a person edits (countries, corridors): legend, hint, rows, then the field's issues. */
function RowsFieldset({ label, hint, issues, children }: Omit<Common, 'name'> & { children: ReactNode }) {
  const id = useId();
  return (
    <fieldset
      className={`field country-list${issues?.length ? ' field-invalid' : ''}`}
      aria-describedby={issues?.length ? `${id}-issues` : undefined}
    >
      <legend>{label}</legend>
      {hint && <p className="hint">{hint}</p>}
      {children}
      {issues && issues.length > 0 && <FieldIssues id={`${id}-issues`} issues={issues} />}
    </fieldset>
  );
}

/** Several countries (citizenships): one select per country, with buttons to add and remove one. */
export function CountryList({
  label,
  name,
  hint,
  issues,
  value,
  onChange,
  max,
}: Common & { value: string[]; onChange: (codes: string[]) => void; max: number }) {
  const { t, i18n } = useTranslation();
  const options = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const rows = value.length > 0 ? value : [''];
  const set = (i: number, code: string) => onChange(rows.map((v, j) => (j === i ? code : v)).filter(Boolean));
  return (
    <RowsFieldset label={label} hint={hint} issues={issues}>
      {rows.map((code, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the rows are positions in a short list the person edits
        <div className="inline-row" key={i}>
          <SelectField
            label={t('places.countryNumber', { n: i + 1 })}
            name={`${name}.${i}`}
            value={code}
            onChange={(c) => set(i, c)}
            options={[{ value: '', label: t('common.notRecorded') }, ...options]}
          />
          {code && (
            <button
              type="button"
              className="button secondary small"
              onClick={() => onChange(value.filter((_, j) => j !== i))}
              aria-label={t('places.removeCountry', { country: countryName(code, i18n.language) })}
            >
              {t('common.remove')}
            </button>
          )}
        </div>
      ))}
      {value.length > 0 && value.length < max && (
        <p>
          <button type="button" className="button secondary small" onClick={() => onChange([...value, ''])}>
            {t('places.addCountry')}
          </button>
        </p>
      )}
    </RowsFieldset>
  );
}

/** An origin and a destination country (ISO alpha-3); either may be '' while a person is choosing. */
export type CorridorPair = { origin: string; destination: string };

/**
 * Corridors (origin to destination): one row of two country selects per corridor, with buttons to add and remove
 * one. Rows half chosen stay in `value`, so the caller decides what to send (the server says what is missing).
 */
export function CorridorList({
  label,
  name,
  hint,
  issues,
  value,
  onChange,
  max,
}: Common & { value: CorridorPair[]; onChange: (pairs: CorridorPair[]) => void; max: number }) {
  const { t, i18n } = useTranslation();
  const options = useMemo(
    () => [{ value: '', label: t('common.notRecorded') }, ...countryOptions(i18n.language)],
    [i18n.language, t],
  );
  const rows = value.length > 0 ? value : [{ origin: '', destination: '' }];
  const set = (i: number, side: keyof CorridorPair, code: string) =>
    onChange(rows.map((p, j) => (j === i ? { ...p, [side]: code } : p)));
  return (
    <RowsFieldset label={label} hint={hint} issues={issues}>
      {rows.map((pair, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the rows are positions in a short list the person edits
        <div className="inline-row" key={i}>
          <SelectField
            label={t('places.originNumber', { n: i + 1 })}
            name={`${name}.${i}.origin`}
            value={pair.origin}
            onChange={(c) => set(i, 'origin', c)}
            options={options}
          />
          <SelectField
            label={t('places.destinationNumber', { n: i + 1 })}
            name={`${name}.${i}.destination`}
            value={pair.destination}
            onChange={(c) => set(i, 'destination', c)}
            options={options}
          />
          {(pair.origin || pair.destination) && (
            <button
              type="button"
              className="button secondary small"
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
              aria-label={t('places.removeCorridor', {
                corridor: corridorNames([pair], i18n.language, t('common.arrowForward'), ''),
              })}
            >
              {t('common.remove')}
            </button>
          )}
        </div>
      ))}
      {rows.length < max && rows.every((p) => p.origin && p.destination) && (
        <p>
          <button
            type="button"
            className="button secondary small"
            onClick={() => onChange([...rows, { origin: '', destination: '' }])}
          >
            {t('places.addCorridor')}
          </button>
        </p>
      )}
    </RowsFieldset>
  );
}

/** Language codes typed as a list ("ar, ti"), with their names shown back so a wrong code is noticed. */
export function LanguageCodesField({
  value,
  onChange,
  ...field
}: Common & { value: string; onChange: (value: string) => void }) {
  const { i18n } = useTranslation();
  const codes = splitCodes(value);
  return (
    <div className="language-codes">
      <TextField
        {...field}
        entries={codes}
        dir="ltr"
        autoComplete="off"
        value={value}
        onChange={(v) => onChange(v.toLowerCase())}
      />
      {codes.length > 0 && (
        <p className="hint" aria-live="polite">
          {codes.map((c) => languageName(c, i18n.language)).join(' · ')}
        </p>
      )}
    </div>
  );
}

/** Splits "ar, TI ;fr" into ["ar", "ti", "fr"]. */
export function splitCodes(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}
