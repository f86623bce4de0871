import type { Role } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { navItems } from '../app/layout.tsx';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { isolate } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';

type Card = { key: string; to: string; title: string; text: string };

const WORKSPACE_ROLES = ['supervisor', 'caseworker', 'analyst'] as const satisfies readonly Role[];

/** The welcome page: who you are, where you work, and what your roles let you do. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const { user, organisation } = useSignedIn();
  const roles = user.roles;
  const isPlatformAdmin = roles.includes('platform_admin');

  // A card for every area of the navigation the roles open (same list, same order), then the account and the API.
  const texts: Record<string, string> = {
    people: t('home.cards.people.text'),
    cases: t('home.cards.cases.text'),
    referrals: t('home.cards.referrals.text'),
    tasks: t('home.cards.tasks.text'),
    'subject-rights': t('home.cards.subjectRequests.text'),
    import: t('home.cards.import.text'),
    duplicates: t('home.cards.duplicates.text'),
    recruiters: t('home.cards.recruiters.text'),
    grievances: t('home.cards.grievances.text'),
    centres: t('home.cards.centres.text'),
    remittances: t('home.cards.remittances.text'),
    funds: t('home.cards.funds.text'),
    projects: t('home.cards.projects.text'),
    crises: t('home.cards.crises.text'),
    movements: t('home.cards.movements.text'),
    receptions: t('home.cards.receptions.text'),
    reintegration: t('home.cards.reintegration.text'),
    linkage: t('home.cards.linkage.text'),
    evidence: t('home.cards.evidence.text'),
    organisations: t('home.cards.organisations.text'),
    users: isPlatformAdmin ? t('home.cards.users.textPlatform') : t('home.cards.users.text'),
    tokens: t('home.cards.tokens.text'),
    audit: canUse(roles, 'verifyAudit') ? t('home.cards.audit.textVerify') : t('home.cards.audit.text'),
  };
  const cards: Card[] = navItems(t).flatMap((item) => {
    const key = item.testId.replace(/^nav-/, '');
    const text = texts[key];
    return text !== undefined && item.area && canUse(roles, item.area)
      ? [{ key, to: item.to, title: item.label, text }]
      : [];
  });
  cards.push(
    { key: 'account', to: '/account', title: t('home.cards.account.title'), text: t('home.cards.account.text') },
    { key: 'api', to: '/api-reference', title: t('nav.api'), text: t('home.cards.api.text') },
  );

  const workspaces = WORKSPACE_ROLES.filter((r) => roles.includes(r));

  return (
    <>
      <PageHeading title={t('home.title', { name: isolate(user.displayName) })} testId="home-title">
        {t('home.title', { name: isolate(user.displayName) })}
      </PageHeading>
      <p className="lead">
        {t('home.organisation', { organisation: isolate(organisation.name) })}{' '}
        <span className="muted">
          ({organisation.code} · {t(`kinds.${organisation.kind}`)} · {countryName(organisation.country, i18n.language)})
        </span>
      </p>
      <p>
        {t('home.roles')}{' '}
        {roles.map((r) => (
          <span key={r} className="badge">
            {t(`roles.${r}`)}
          </span>
        ))}
      </p>
      {organisation.demo && <p className="notice">{t('home.demo')}</p>}

      {workspaces.length > 0 && (
        <section aria-labelledby="workspace-title" className="workspace">
          <h2 id="workspace-title">{t('home.workspaceTitle')}</h2>
          {workspaces.map((r) => (
            <div key={r} className="workspace-role">
              <h3>{t(`roles.${r}`)}</h3>
              <p>{t(`home.workspace.${r}`)}</p>
            </div>
          ))}
        </section>
      )}

      <section aria-labelledby="actions-title">
        <h2 id="actions-title">{t('home.actionsTitle')}</h2>
        <ul className="cards">
          {cards.map((card) => (
            <li key={card.key} className="card">
              <h3>
                <Link to={card.to} data-testid={`home-${card.key}`}>
                  {card.title}
                </Link>
              </h3>
              <p>{card.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
