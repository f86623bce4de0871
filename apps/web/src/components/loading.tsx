import { useTranslation } from 'react-i18next';

/** A quiet loading line announced politely. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
