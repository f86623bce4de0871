import type { Notification, NotificationPage as Page } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { NOTIFICATIONS_CHANGED } from './notification-bell.tsx';
import { notificationText } from './notification-text.ts';

/** The caller's notifications, newest first: open what each is about, mark them read. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [problem, setProblem] = useState<ReturnType<typeof problemOf> | null>(null);
  const list = useResource<Page>(`/api/notifications?limit=50${onlyUnread ? '&unread=true' : ''}`);

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    setProblem(null);
    try {
      await api('POST', '/api/notifications/read', { body });
      window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
      list.reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="notifications-title">
      <PageHeading title={t('notifications.title')}>
        <span id="notifications-title">{t('notifications.title')}</span>
      </PageHeading>
      <p className="lead">{t('notifications.intro')}</p>
      <div className="filters">
        <label>
          <input
            type="checkbox"
            checked={onlyUnread}
            data-testid="notifications-only-unread"
            onChange={(e) => setOnlyUnread(e.target.checked)}
          />{' '}
          {t('notifications.onlyUnread')}
        </label>
        <button
          type="button"
          className="button secondary"
          data-testid="notifications-mark-all"
          disabled={!list.data?.unread}
          onClick={() => void markRead({ all: true })}
        >
          {t('notifications.markAllRead')}
        </button>
      </div>
      {problem && <ProblemMessage problem={problem} />}
      {list.status === 'error' && <ProblemMessage problem={list.problem} />}
      {list.status === 'loading' && !list.data && <Loading />}
      {list.data && items.length === 0 && (
        <p data-testid="notifications-empty">
          {onlyUnread ? t('notifications.emptyUnread') : t('notifications.empty')}
        </p>
      )}
      {items.length > 0 && (
        <ul className="notification-list" data-testid="notification-list">
          {items.map((n) => (
            <NotificationItem key={n.id} n={n} lng={i18n.language} onRead={() => void markRead({ ids: [n.id] })} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NotificationItem({ n, lng, onRead }: { n: Notification; lng: string; onRead: () => void }) {
  const { t } = useTranslation();
  const unread = n.readAt === null;
  return (
    <li className={unread ? 'notification unread' : 'notification'} data-testid="notification" data-kind={n.kind}>
      <p>
        {unread && <span className="badge">{t('notifications.unread')}</span>} <bdi>{notificationText(n, t)}</bdi>
      </p>
      <p className="muted">
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lng)}</time>
      </p>
      <p className="notification-actions">
        {n.link && (
          <Link to={n.link} data-testid="notification-open" onClick={unread ? onRead : undefined}>
            {t('notifications.open')}
          </Link>
        )}
        {unread && (
          <button type="button" className="button secondary" data-testid="notification-mark-read" onClick={onRead}>
            {t('notifications.markRead')}
          </button>
        )}
      </p>
    </li>
  );
}
