import {
  MarkNotificationsRead,
  NotificationListQuery,
  NotificationPage,
  NotificationSettings,
  UnreadCount,
} from '@corridor/contracts';
import type { AnyRoute } from '../http/route.ts';
import { defineRoute } from '../http/route.ts';
import { notificationPolicies as policy } from './notifications.policy.ts';
import { presentNotification } from './notifications.presenter.ts';
import {
  listNotifications,
  markRead,
  notificationSettings,
  setNotificationSettings,
  unreadCount,
} from './notifications.service.ts';

/** Routes of the caller's own notifications (the bell of the web app). */
export const notificationRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/notifications',
    operationId: 'listNotifications',
    summary: 'The caller’s notifications, newest first, with the number unread',
    tags: ['notifications'],
    policy: policy.own,
    query: NotificationListQuery,
    response: { status: 200, schema: NotificationPage, description: 'A page of notifications and the unread count.' },
    handler: async ({ db, principal, query }) => {
      const page = await listNotifications(db, principal, query);
      return {
        body: { items: page.items.map(presentNotification), next: page.next, unread: await unreadCount(db, principal) },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notifications/unread-count',
    operationId: 'countUnreadNotifications',
    summary: 'How many of the caller’s notifications are unread (for the bell)',
    tags: ['notifications'],
    policy: policy.own,
    response: { status: 200, schema: UnreadCount, description: 'The unread count.' },
    handler: async ({ db, principal }) => ({ body: { unread: await unreadCount(db, principal) } }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/read',
    operationId: 'markNotificationsRead',
    summary: 'Mark some of the caller’s notifications (`ids`), or all of them (`all: true`), as read',
    tags: ['notifications'],
    policy: policy.own,
    body: MarkNotificationsRead,
    response: { status: 200, schema: UnreadCount, description: 'The unread count afterwards.' },
    handler: async ({ trx, principal, body, now }) => {
      await markRead(trx, principal, body, now);
      return { body: { unread: await unreadCount(trx, principal) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/notification-settings',
    operationId: 'getNotificationSettings',
    summary: 'The caller’s own notification settings (whether they also get their notifications by e-mail)',
    tags: ['notifications'],
    policy: policy.ownSettings,
    response: { status: 200, schema: NotificationSettings, description: 'The settings.' },
    handler: async ({ db, principal }) => ({ body: await notificationSettings(db, principal) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/me/notification-settings',
    operationId: 'setNotificationSettings',
    summary:
      'Set the caller’s own notification settings: `email: true` also sends each notification to the account’s ' +
      'e-mail address (kind, reference and a link only; no personal data)',
    tags: ['notifications'],
    policy: policy.ownSettings,
    body: NotificationSettings,
    response: { status: 200, schema: NotificationSettings, description: 'The settings, as saved.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const { settings, changed } = await setNotificationSettings(trx, principal, body, now);
      if (changed)
        await audit({
          action: 'user.notification_settings',
          entityType: 'user',
          entityId: principal.userId,
          organisationId: principal.organisationId,
          details: { email: settings.email },
        });
      return { body: settings };
    },
  }),
];
