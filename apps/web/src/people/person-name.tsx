import { useTranslation } from 'react-i18next';
import { PersonName } from '../protection/names.tsx';

/**
 * The name of an anonymised person in the page's language: the server stores one fixed English name for all of them
 * (its `anonymised` flag says which), so the page words it, whatever is stored.
 */
export function AnonymisedName() {
  const { t } = useTranslation();
  return <span data-testid="anonymised-name">{t('subjectRights.anonymisedName')}</span>;
}

/** A person by name (a list, a search result, a case): an anonymised one in the page's language (AnonymisedName). */
export function SummaryName({
  person,
}: {
  person: { nameOriginal: string | null; nameLatin: string | null; anonymised: boolean };
}) {
  return person.anonymised ? (
    <AnonymisedName />
  ) : (
    <PersonName nameOriginal={person.nameOriginal} nameLatin={person.nameLatin} />
  );
}
