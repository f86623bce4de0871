import { allowRoles, personOnly } from '../http/policy.ts';

/**
 * Route policies of notifications: every signed-in caller, for their own notifications only (those addressed to
 * them, or to their organisation and one of their roles; notifications.service.ts).
 */
export const notificationPolicies = {
  own: allowRoles(
    'notifications-own',
    'Any signed-in caller, for the notifications addressed to them or to their organisation and one of their roles.',
  ),
  ownSettings: personOnly(
    'notification-settings-own',
    'A signed-in person (not an API token), for their own notification settings.',
  ),
} as const;
