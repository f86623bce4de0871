import type { Beneficiary } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate, formatDateTime } from '../i18n/format.ts';
import { countryName, languageName } from '../places/countries.ts';
import { PlaceName } from '../places/pcode-field.tsx';
import { ageOf } from './person-values.ts';

/** What the facts list shows of a person (the person's page, and the readable copy of their data). */
export type PersonFactsData = Pick<
  Beneficiary,
  | 'dateOfBirth'
  | 'dobPrecision'
  | 'sex'
  | 'gender'
  | 'citizenships'
  | 'languages'
  | 'documents'
  | 'phone'
  | 'email'
  | 'country'
  | 'pcode'
  | 'migrationStatus'
  | 'disability'
  | 'specificNeeds'
  | 'updatedAt'
>;

/** A person's record, read: each field with its label in the interface language; unrecorded ones say so. */
/** A person's identity documents, one per line: type, number (left to right) and issuing country. */
export function DocumentLines({ documents }: { documents: Beneficiary['documents'] }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {documents.map((d) => (
        <div key={`${d.type}-${d.number}`}>
          {t(`documentTypes.${d.type}`)}
          {t('common.colon')} <bdi dir="ltr">{d.number}</bdi>
          {d.issuingCountry && ` (${countryName(d.issuingCountry, i18n.language)})`}
        </div>
      ))}
    </>
  );
}

export function PersonFacts({ person: b }: { person: PersonFactsData }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const age = ageOf(b.dateOfBirth, b.dobPrecision);
  return (
    <dl className="facts" data-testid="person-facts">
      <dt>{t('people.dateOfBirth')}</dt>
      <dd>
        {b.dateOfBirth ? formatCalendarDate(b.dateOfBirth, lng) : t('common.notRecorded')}
        {b.dobPrecision && b.dobPrecision !== 'exact' && ` (${t(`dobPrecisionsShort.${b.dobPrecision}`)})`}
        {age !== null && ` · ${t('people.age', { age: new Intl.NumberFormat(lng).format(age) })}`}
      </dd>
      <dt>{t('people.sex')}</dt>
      <dd>{b.sex ? t(`sexes.${b.sex}`) : t('common.notRecorded')}</dd>
      <dt>{t('people.gender')}</dt>
      <dd>{b.gender ? t(`genders.${b.gender}`) : t('common.notRecorded')}</dd>
      <dt>{t('people.citizenships')}</dt>
      <dd>{b.citizenships.map((c) => countryName(c, lng)).join(t('common.separator')) || t('common.notRecorded')}</dd>
      <dt>{t('people.languages')}</dt>
      <dd>{b.languages.map((c) => languageName(c, lng)).join(t('common.separator')) || t('common.notRecorded')}</dd>
      <dt>{t('people.groups.documents')}</dt>
      <dd>{b.documents.length === 0 ? t('common.notRecorded') : <DocumentLines documents={b.documents} />}</dd>
      <dt>{t('people.contact')}</dt>
      <dd>
        {!b.phone && !b.email && t('common.notRecorded')}
        {b.phone && (
          <div>
            <bdi dir="ltr">{b.phone}</bdi>
          </div>
        )}
        {b.email && (
          <div>
            <bdi dir="ltr">{b.email}</bdi>
          </div>
        )}
      </dd>
      <dt>{t('people.whereNow')}</dt>
      <dd>
        {b.country ? countryName(b.country, lng) : t('common.notRecorded')}
        {b.pcode && (
          <span className="muted">
            {' '}
            <PlaceName country={b.country} pcode={b.pcode} />
          </span>
        )}
      </dd>
      <dt>{t('people.migrationStatus')}</dt>
      <dd>{b.migrationStatus ? t(`migrationStatuses.${b.migrationStatus}`) : t('common.notRecorded')}</dd>
      <dt>{t('people.disability')}</dt>
      <dd>{b.disability === null ? t('common.notRecorded') : b.disability ? t('common.yes') : t('common.no')}</dd>
      <dt>{t('people.specificNeeds')}</dt>
      <dd>{b.specificNeeds.map((n) => t(`specificNeeds.${n}`)).join(t('common.separator')) || t('common.none')}</dd>
      <dt>{t('common.updated')}</dt>
      <dd>{formatDateTime(b.updatedAt, lng)}</dd>
    </dl>
  );
}
