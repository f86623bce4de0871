import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { changeLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../i18n/index.ts';

/**
 * The language switcher. Its label also says "Language" in English when another language is on, so someone who
 * landed in a language they cannot read still finds the way back. The choice is kept on this device and, for a
 * signed-in person, saved to their account (the language of their e-mails and of their next sign-in elsewhere).
 */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const { saveLanguage } = useSession();
  const id = useId();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  const label = t('language.label');
  return (
    <div className="language-select">
      <label htmlFor={id}>{current === 'en' ? label : `${label} (Language)`}</label>
      <select
        id={id}
        data-testid="language"
        value={current}
        onChange={(e) => {
          const next = e.target.value;
          if (!isLanguage(next)) return;
          void changeLanguage(next, { remember: true });
          void saveLanguage(next);
        }}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {LANGUAGE_NAMES[lng]}
          </option>
        ))}
      </select>
    </div>
  );
}
