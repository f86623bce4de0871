import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { CheckboxGroup, SelectField } from '../components/fields.tsx';
import { RadioGroup } from '../components/form-fields.tsx';
import type { VocabularyId } from './labels-en.ts';
import type { Vocabularies } from './use-vocabularies.ts';

type Common = {
  vocab: Vocabularies;
  vocabulary: VocabularyId;
  label: string;
  name: string;
  hint?: string | undefined;
  issues?: FieldIssue[] | undefined;
};

/** A select of one vocabulary's codes; `emptyLabel` adds a first option for "not recorded". */
export function CodeSelect({
  vocab,
  vocabulary,
  value,
  onChange,
  emptyLabel,
  required,
  disabled,
  ...field
}: Common & {
  value: string;
  onChange: (code: string) => void;
  emptyLabel?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const options = vocab.options(vocabulary);
  return (
    <SelectField
      {...field}
      required={required}
      disabled={disabled}
      value={value}
      onChange={onChange}
      options={[
        ...(emptyLabel !== undefined || !value ? [{ value: '', label: emptyLabel ?? t('common.choose') }] : []),
        ...options,
      ]}
    />
  );
}

/** Checkboxes for several codes of one vocabulary, kept in the vocabulary's order. */
export function CodeCheckboxes({
  vocab,
  vocabulary,
  value,
  onChange,
  ...field
}: Common & { value: readonly string[]; onChange: (codes: string[]) => void }) {
  return <CheckboxGroup {...field} options={vocab.options(vocabulary)} value={value} onChange={onChange} />;
}

/** Radio buttons for exactly one code of a vocabulary. */
export function CodeRadios({
  vocab,
  vocabulary,
  value,
  onChange,
  required,
  ...field
}: Common & { value: string; onChange: (code: string) => void; required?: boolean }) {
  return (
    <RadioGroup {...field} required={required} options={vocab.options(vocabulary)} value={value} onChange={onChange} />
  );
}
