import type { UnreadCount } from '@corridor/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { Link, useLocation } from '../app/router.tsx';
import { formatNumber } from '../i18n/format.ts';

/** Polling interval of the unread count; the count is also read again on every page change. */
const POLL_MS = 60_000;

/** Tells other parts of the page (the bell) that notifications were read. */
export const NOTIFICATIONS_CHANGED = 'corridor:notifications-changed';

/** The bell in the header: a link to the inbox with the number of unread notifications. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const { path } = useLocation();
  const [unread, setUnread] = useState(0);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const bump = () => setGeneration((g) => g + 1);
    window.addEventListener(NOTIFICATIONS_CHANGED, bump);
    const timer = window.setInterval(bump, POLL_MS);
    return () => {
      window.removeEventListener(NOTIFICATIONS_CHANGED, bump);
      window.clearInterval(timer);
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `path` and `generation` are the reload triggers
  useEffect(() => {
    const controller = new AbortController();
    api<UnreadCount>('GET', '/api/notifications/unread-count', { signal: controller.signal, quietAuth: true }).then(
      (r) => setUnread(r.data.unread),
      () => {},
    );
    return () => controller.abort();
  }, [path, generation]);

  const label = unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  return (
    <Link
      to="/notifications"
      className="notification-bell"
      data-testid="notification-bell"
      aria-label={label}
      title={label}
      aria-current={path === '/notifications' ? 'page' : undefined}
    >
      <svg className="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 && (
        <span className="notification-count" data-testid="notification-count" aria-hidden="true">
          {formatNumber(unread, i18n.language)}
        </span>
      )}
    </Link>
  );
}
