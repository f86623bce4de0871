import type { Role } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { isolate } from '../i18n/format.ts';

type Card = { key: string; to: string; title: string; text: string };

const WORKSPACE_ROLES = ['supervisor', 'caseworker', 'analyst'] as const satisfies readonly Role[];

/** The welcome page: who you are, where you work, and what your roles let you do. */
export function HomePage() {
  const { t } = useTranslation();
  const { user, organisation } = useSignedIn();
  const roles = user.roles;
  const isPlatformAdmin = roles.includes('platform_admin');

  const cards: Card[] = [];
  const caseWork = canUse(roles, 'protection');
  if (caseWork) {
    cards.push(
      { key: 'people', to: '/people', title: t('home.cards.people.title'), text: t('home.cards.people.text') },
      { key: 'cases', to: '/cases', title: t('home.cards.cases.title'), text: t('home.cards.cases.text') },
      {
        key: 'referrals',
        to: '/referrals',
        title: t('home.cards.referrals.title'),
        text: t('home.cards.referrals.text'),
      },
      { key: 'tasks', to: '/tasks', title: t('home.cards.tasks.title'), text: t('home.cards.tasks.text') },
    );
  }
  if (canUse(roles, 'organisations')) {
    cards.push({
      key: 'orgs',
      to: '/organisations',
      title: t('home.cards.organisations.title'),
      text: t('home.cards.organisations.text'),
    });
  }
  if (canUse(roles, 'users')) {
    cards.push({
      key: 'users',
      to: '/users',
      title: t('home.cards.users.title'),
      text: isPlatformAdmin ? t('home.cards.users.textPlatform') : t('home.cards.users.text'),
    });
  }
  if (canUse(roles, 'tokens')) {
    cards.push({
      key: 'tokens',
      to: '/tokens',
      title: t('home.cards.tokens.title'),
      text: t('home.cards.tokens.text'),
    });
  }
  if (canUse(roles, 'audit')) {
    cards.push({
      key: 'audit',
      to: '/audit',
      title: t('home.cards.audit.title'),
      text: canUse(roles, 'verifyAudit') ? t('home.cards.audit.textVerify') : t('home.cards.audit.text'),
    });
  }
  cards.push({
    key: 'account',
    to: '/account',
    title: t('home.cards.account.title'),
    text: t('home.cards.account.text'),
  });
  cards.push({ key: 'api', to: '/api-reference', title: t('home.cards.api.title'), text: t('home.cards.api.text') });

  const workspaces = WORKSPACE_ROLES.filter((r) => roles.includes(r));

  return (
    <>
      <PageHeading title={t('home.title', { name: isolate(user.displayName) })} testId="home-title">
        {t('home.title', { name: isolate(user.displayName) })}
      </PageHeading>
      <p className="lead">
        {t('home.organisation', { organisation: isolate(organisation.name) })}{' '}
        <span className="muted">
          ({organisation.code} · {t(`kinds.${organisation.kind}`)} · {organisation.country})
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
          {!caseWork && <p className="muted">{t('home.workspaceSoon')}</p>}
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
