import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router.tsx';
import { LanguageSelect } from '../components/language-select.tsx';

/** The frame of the sign-in screens: brand, language switcher and a link to the API reference. */
export function AuthShell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="site-header">
        <div className="brand">
          <span className="brand-name">Corridor</span>
          <span className="brand-tagline">{t('layout.tagline')}</span>
        </div>
        <nav aria-label={t('layout.navLabel')} className="site-nav">
          <ul>
            <li>
              <Link to="/api-reference" data-testid="nav-api">
                {t('nav.api')}
              </Link>
            </li>
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSelect />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="auth-main">
        <div className={wide ? 'auth-card wide' : 'auth-card'}>{children}</div>
      </main>
    </>
  );
}
