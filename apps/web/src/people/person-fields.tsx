import {
  DOB_PRECISIONS,
  DOCUMENT_TYPES,
  GENDERS,
  MIGRATION_STATUSES,
  SEXES,
  SPECIFIC_NEEDS,
} from '@corridor/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssues } from '../api/problem.ts';
import { CheckboxGroup, FieldIssues as IssueList, SelectField, TextField } from '../components/fields.tsx';
import { FieldGroup } from '../components/form-fields.tsx';
import { CountryList, CountrySelect, LanguageCodesField } from '../places/country-fields.tsx';
import { PcodeField } from '../places/pcode-field.tsx';
import type { DocumentValues, PersonValues } from './person-values.ts';

/** The form fields a person has, by the name of their input; issues are looked up under the same names. */
export const PERSON_FIELDS = [
  'givenName',
  'familyName',
  'nameOriginal',
  'nameLatin',
  'dateOfBirth',
  'dobPrecision',
  'sex',
  'gender',
  'citizenships',
  'languages',
  'documents',
  'phone',
  'email',
  'country',
  'pcode',
  'migrationStatus',
  'disability',
  'specificNeeds',
] as const;

/** Every field of a person, grouped: names, birth, identity, documents, contact, place and situation. */
export function PersonFields({
  values,
  onChange,
  issues,
}: {
  values: PersonValues;
  onChange: (values: PersonValues) => void;
  issues: FieldIssues;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof PersonValues>(key: K, value: PersonValues[K]) => onChange({ ...values, [key]: value });
  const notRecorded = { value: '', label: t('common.notRecorded') };

  return (
    <>
      <FieldGroup legend={t('people.groups.names')}>
        <p className="hint">{t('people.namesHint')}</p>
        <TextField
          label={t('people.nameOriginal')}
          hint={t('people.nameOriginalHint')}
          name="nameOriginal"
          dir="auto"
          autoComplete="off"
          maxLength={400}
          value={values.nameOriginal}
          onChange={(v) => set('nameOriginal', v)}
          issues={issues.nameOriginal}
        />
        <TextField
          label={t('people.nameLatin')}
          hint={t('people.nameLatinHint')}
          name="nameLatin"
          dir="ltr"
          autoComplete="off"
          maxLength={400}
          value={values.nameLatin}
          onChange={(v) => set('nameLatin', v)}
          issues={issues.nameLatin}
        />
        <div className="field-row">
          <TextField
            label={t('people.givenName')}
            name="givenName"
            dir="auto"
            autoComplete="off"
            maxLength={200}
            value={values.givenName}
            onChange={(v) => set('givenName', v)}
            issues={issues.givenName}
          />
          <TextField
            label={t('people.familyName')}
            name="familyName"
            dir="auto"
            autoComplete="off"
            maxLength={200}
            value={values.familyName}
            onChange={(v) => set('familyName', v)}
            issues={issues.familyName}
          />
        </div>
      </FieldGroup>

      <FieldGroup legend={t('people.groups.birthAndIdentity')}>
        <div className="field-row">
          <TextField
            label={t('people.dateOfBirth')}
            name="dateOfBirth"
            type="date"
            value={values.dateOfBirth}
            onChange={(v) => set('dateOfBirth', v)}
            issues={issues.dateOfBirth}
          />
          <SelectField
            label={t('people.dobPrecision')}
            hint={t('people.dobPrecisionHint')}
            name="dobPrecision"
            value={values.dobPrecision}
            onChange={(v) => set('dobPrecision', v as PersonValues['dobPrecision'])}
            disabled={!values.dateOfBirth}
            options={[
              { value: '', label: t('dobPrecisions.exact') },
              ...DOB_PRECISIONS.filter((p) => p !== 'exact').map((p) => ({ value: p, label: t(`dobPrecisions.${p}`) })),
            ]}
            issues={issues.dobPrecision}
          />
        </div>
        <div className="field-row">
          <SelectField
            label={t('people.sex')}
            name="sex"
            value={values.sex}
            onChange={(v) => set('sex', v as PersonValues['sex'])}
            options={[notRecorded, ...SEXES.map((s) => ({ value: s, label: t(`sexes.${s}`) }))]}
            issues={issues.sex}
          />
          <SelectField
            label={t('people.gender')}
            hint={t('people.genderHint')}
            name="gender"
            value={values.gender}
            onChange={(v) => set('gender', v as PersonValues['gender'])}
            options={[notRecorded, ...GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))]}
            issues={issues.gender}
          />
        </div>
        <CountryList
          label={t('people.citizenships')}
          hint={t('people.citizenshipsHint')}
          name="citizenships"
          max={5}
          value={values.citizenships}
          onChange={(v) => set('citizenships', v)}
          issues={issues.citizenships}
        />
        <LanguageCodesField
          label={t('people.languages')}
          hint={t('people.languagesHint')}
          name="languages"
          value={values.languages}
          onChange={(v) => set('languages', v)}
          issues={issues.languages}
        />
      </FieldGroup>

      <DocumentsFields
        documents={values.documents}
        onChange={(documents) => set('documents', documents)}
        issues={issues}
      />

      <FieldGroup legend={t('people.groups.contactAndPlace')}>
        <div className="field-row">
          <TextField
            label={t('people.phone')}
            hint={t('people.phoneHint')}
            name="phone"
            type="tel"
            dir="ltr"
            autoComplete="off"
            value={values.phone}
            onChange={(v) => set('phone', v)}
            issues={issues.phone}
          />
          <TextField
            label={t('people.email')}
            name="email"
            type="email"
            dir="ltr"
            autoComplete="off"
            value={values.email}
            onChange={(v) => set('email', v)}
            issues={issues.email}
          />
        </div>
        <div className="field-row">
          <CountrySelect
            label={t('people.country')}
            hint={t('people.countryHint')}
            name="country"
            value={values.country}
            onChange={(v) => set('country', v)}
            issues={issues.country}
          />
          <PcodeField
            label={t('people.pcode')}
            hint={t('people.pcodeHint')}
            name="pcode"
            country={values.country}
            value={values.pcode}
            onChange={(v) => set('pcode', v)}
            issues={issues.pcode}
          />
        </div>
      </FieldGroup>

      <FieldGroup legend={t('people.groups.situation')}>
        <div className="field-row">
          <SelectField
            label={t('people.migrationStatus')}
            name="migrationStatus"
            value={values.migrationStatus}
            onChange={(v) => set('migrationStatus', v as PersonValues['migrationStatus'])}
            options={[
              notRecorded,
              ...MIGRATION_STATUSES.map((m) => ({ value: m, label: t(`migrationStatuses.${m}`) })),
            ]}
            issues={issues.migrationStatus}
          />
          <SelectField
            label={t('people.disability')}
            hint={t('people.disabilityHint')}
            name="disability"
            value={values.disability}
            onChange={(v) => set('disability', v as PersonValues['disability'])}
            options={[notRecorded, { value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }]}
            issues={issues.disability}
          />
        </div>
        <CheckboxGroup
          label={t('people.specificNeeds')}
          hint={t('people.specificNeedsHint')}
          name="specificNeeds"
          options={SPECIFIC_NEEDS.map((n) => ({ value: n, label: t(`specificNeeds.${n}`) }))}
          value={values.specificNeeds}
          onChange={(v) => set('specificNeeds', v)}
          issues={issues.specificNeeds}
        />
      </FieldGroup>
    </>
  );
}

function DocumentsFields({
  documents,
  onChange,
  issues,
}: {
  documents: DocumentValues[];
  onChange: (documents: DocumentValues[]) => void;
  issues: FieldIssues;
}) {
  const { t } = useTranslation();
  const id = useId();
  const update = (i: number, patch: Partial<DocumentValues>) =>
    onChange(documents.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  // A document just added gets the focus on its first field (the button pressed stays where it was, below it).
  // A document removed leaves the focus on the next one's first field, or on "Add a document" when it was the last.
  const rows = useRef<(HTMLDivElement | null)[]>([]);
  const addButton = useRef<HTMLButtonElement | null>(null);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  useEffect(() => {
    if (focusAt === null) return;
    const row = focusAt < documents.length ? rows.current[focusAt] : null;
    (row?.querySelector<HTMLElement>('select, input') ?? addButton.current)?.focus();
    setFocusAt(null);
  }, [focusAt, documents.length]);
  return (
    <FieldGroup legend={t('people.groups.documents')} testId="person-documents">
      {documents.length === 0 && <p className="hint">{t('people.noDocuments')}</p>}
      {documents.map((doc, i) => (
        <div
          className="field-row document-row"
          // biome-ignore lint/suspicious/noArrayIndexKey: positions in a short list the person edits
          key={i}
          ref={(row) => {
            rows.current[i] = row;
          }}
        >
          <SelectField
            label={t('people.documentType')}
            name={`documents.${i}.type`}
            value={doc.type}
            onChange={(v) => update(i, { type: v as DocumentValues['type'] })}
            options={DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`documentTypes.${d}`) }))}
            issues={issues[`documents.${i}.type`]}
          />
          <TextField
            label={t('people.documentNumber')}
            name={`documents.${i}.number`}
            dir="ltr"
            autoComplete="off"
            maxLength={64}
            value={doc.number}
            onChange={(v) => update(i, { number: v })}
            issues={issues[`documents.${i}.number`]}
          />
          <CountrySelect
            label={t('people.issuingCountry')}
            name={`documents.${i}.issuingCountry`}
            value={doc.issuingCountry}
            onChange={(v) => update(i, { issuingCountry: v })}
            issues={issues[`documents.${i}.issuingCountry`]}
          />
          <div className="row-action">
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                setFocusAt(i);
                onChange(documents.filter((_, j) => j !== i));
              }}
            >
              {t('people.removeDocument')}
            </button>
          </div>
        </div>
      ))}
      {issues.documents && <IssueList id={`${id}-issues`} issues={issues.documents} />}
      {documents.length < 10 && (
        <p>
          <button
            type="button"
            className="button secondary small"
            data-testid="add-document"
            ref={addButton}
            onClick={() => {
              setFocusAt(documents.length);
              onChange([...documents, { type: 'passport', number: '', issuingCountry: '' }]);
            }}
          >
            {t('people.addDocument')}
          </button>
        </p>
      )}
    </FieldGroup>
  );
}

/** Input names of a person form with their per-document keys, for grouping a problem's issues. */
export function personIssueKeys(values: PersonValues): string[] {
  const keys: string[] = [...PERSON_FIELDS];
  values.documents.forEach((_, i) => {
    keys.push(`documents.${i}.type`, `documents.${i}.number`, `documents.${i}.issuingCountry`);
  });
  return keys;
}
