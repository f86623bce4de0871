import type { TFunction } from 'i18next';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Area, canUse } from '../auth/access.ts';
import { useSession, useSignedIn } from '../auth/session.tsx';
import { LanguageSelect } from '../components/language-select.tsx';
import { useScrollableTables } from '../components/scrollable-tables.ts';
import { NotificationBell } from '../notifications/notification-bell.tsx';
import { Link, useLocation } from './router.tsx';

export type NavItem = { to: string; testId: string; label: string; area?: Area };

/**
 * The app's areas in the order the navigation lists them; an item with an area shows to the roles that may use it
 * (the home page's cards follow the same list).
 */
export function navItems(t: TFunction): NavItem[] {
  return [
    { to: '/', testId: 'nav-home', label: t('nav.home') },
    { to: '/people', testId: 'nav-people', label: t('nav.people'), area: 'protection' },
    { to: '/cases', testId: 'nav-cases', label: t('nav.cases'), area: 'protection' },
    { to: '/referrals', testId: 'nav-referrals', label: t('nav.referrals'), area: 'referrals' },
    { to: '/tasks', testId: 'nav-tasks', label: t('nav.tasks'), area: 'protection' },
    { to: '/subject-rights', testId: 'nav-subject-rights', label: t('nav.subjectRequests'), area: 'supervise' },
    { to: '/import', testId: 'nav-import', label: t('nav.import'), area: 'protection' },
    { to: '/duplicates', testId: 'nav-duplicates', label: t('nav.duplicates'), area: 'protection' },
    { to: '/recruiters', testId: 'nav-recruiters', label: t('nav.recruiters'), area: 'recruitment' },
    { to: '/grievances', testId: 'nav-grievances', label: t('nav.grievances'), area: 'grievances' },
    { to: '/centres', testId: 'nav-centres', label: t('nav.centres'), area: 'centres' },
    { to: '/remittances', testId: 'nav-remittances', label: t('nav.remittances'), area: 'remittances' },
    { to: '/funds', testId: 'nav-funds', label: t('nav.funds'), area: 'funds' },
    { to: '/projects', testId: 'nav-projects', label: t('nav.projects'), area: 'projects' },
    { to: '/crises', testId: 'nav-crises', label: t('nav.crises'), area: 'crises' },
    { to: '/movements', testId: 'nav-movements', label: t('nav.movements'), area: 'movements' },
    { to: '/receptions', testId: 'nav-receptions', label: t('nav.receptions'), area: 'receptions' },
    { to: '/reintegration', testId: 'nav-reintegration', label: t('nav.reintegration'), area: 'reintegration' },
    { to: '/linkage-projects', testId: 'nav-linkage', label: t('nav.linkage'), area: 'linkage' },
    { to: '/evidence', testId: 'nav-evidence', label: t('nav.evidence'), area: 'evidence' },
    { to: '/organisations', testId: 'nav-organisations', label: t('nav.organisations'), area: 'organisations' },
    { to: '/users', testId: 'nav-users', label: t('nav.users'), area: 'users' },
    { to: '/tokens', testId: 'nav-tokens', label: t('nav.tokens'), area: 'tokens' },
    { to: '/audit', testId: 'nav-audit', label: t('nav.audit'), area: 'audit' },
    { to: '/api-reference', testId: 'nav-api', label: t('nav.api') },
  ];
}

/** The frame of every signed-in page: header with navigation, language and account, then the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const { signOut } = useSession();
  const { path } = useLocation();
  const roles = session.user.roles;

  const items = navItems(t);
  const visible = items.filter((item) => !item.area || canUse(roles, item.area));
  const isCurrent = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  // On a narrow screen the menu folds behind a button (app.css), and folds again once a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not a value read
  useEffect(() => setMenuOpen(false), [path]);
  // Escape folds the open menu and gives the focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      document.querySelector<HTMLElement>('[data-testid="menu-toggle"]')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);
  useScrollableTables();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="site-header with-menu">
        <div className="brand">
          <Link to="/" className="brand-name">
            Corridor
          </Link>
          <bdi className="brand-tagline">{session.organisation.name}</bdi>
        </div>
        {/* On a narrow screen the bell and the menu's button share the brand's row; the navigation, the language and
            the account fold behind the button (app.css). On a wide screen the menu's box is not drawn. */}
        <NotificationBell />
        <button
          type="button"
          className="button secondary menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="site-menu"
          data-testid="menu-toggle"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('layout.menu')}
        </button>
        <div id="site-menu" className="site-menu" data-open={menuOpen || undefined}>
          <nav aria-label={t('layout.navLabel')} className="site-nav">
            <ul>
              {visible.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} data-testid={item.testId} aria-current={isCurrent(item.to) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="header-tools">
            <LanguageSelect />
            <Link
              to="/account"
              data-testid="nav-account"
              aria-current={isCurrent('/account') ? 'page' : undefined}
              className="account-link"
            >
              <bdi>{session.user.displayName}</bdi>
            </Link>
            <button
              type="button"
              className="button secondary sign-out"
              data-testid="sign-out"
              onClick={() => void signOut()}
            >
              {t('nav.signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page">
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}
