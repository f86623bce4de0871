import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of notifications: every signed-in caller, for their own notifications only (those addressed to
 * them, or to their organisation and one of their roles; notifications.service.ts).
 */
export const notificationPolicies = {
  own: allowRoles(
    'notifications-own',
    'Any signed-in caller, for the notifications addressed to them or to their organisation and one of their roles.',
  ),
} as const;
