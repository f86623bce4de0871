import type { OrganisationKind } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import type { FieldIssues } from '../api/problem.ts';
import { ORGANISATION_KINDS } from '../auth/access.ts';
import { SelectField, TextField } from '../components/fields.tsx';
import { CountrySelect } from '../places/country-fields.tsx';

/** The editable fields of an organisation. */
export type OrganisationValues = { name: string; kind: OrganisationKind; country: string; iatiIdentifier: string };

/** The IATI identifier as the API takes it: none when left empty. */
export const iatiOrNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/** Name, kind and country inputs, shared by the create and edit forms. */
export function OrganisationFields({
  values,
  onChange,
  issues,
}: {
  values: OrganisationValues;
  onChange: (values: OrganisationValues) => void;
  issues: FieldIssues;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('organisations.name')}
        name="name"
        required
        // A name keeps its own direction: "[Demo] Juba …" is not reordered on an Arabic page.
        dir="auto"
        maxLength={200}
        value={values.name}
        onChange={(name) => onChange({ ...values, name })}
        issues={issues.name}
      />
      <SelectField
        label={t('organisations.kind')}
        name="kind"
        value={values.kind}
        onChange={(kind) => onChange({ ...values, kind: kind as OrganisationKind })}
        options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        issues={issues.kind}
      />
      <CountrySelect
        label={t('organisations.country')}
        name="country"
        required
        emptyLabel={t('common.choose')}
        value={values.country}
        onChange={(country) => onChange({ ...values, country })}
        issues={issues.country}
      />
      <TextField
        label={t('organisations.iatiIdentifier')}
        hint={t('organisations.iatiIdentifierHint')}
        name="iatiIdentifier"
        dir="ltr"
        autoComplete="off"
        maxLength={100}
        value={values.iatiIdentifier}
        onChange={(iatiIdentifier) => onChange({ ...values, iatiIdentifier })}
        issues={issues.iatiIdentifier}
      />
    </>
  );
}
