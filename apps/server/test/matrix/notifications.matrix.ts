import { notify } from '../../src/notifications/notify.ts';
import type { TestApp } from '../harness.ts';
import type { Fixture, MatrixPart } from './types.ts';

/** Authorization rows of notifications: each caller sees and marks only their own. */
export const notificationsMatrix: MatrixPart = {
  rows: {
    'GET /api/notifications': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own list, checked by the canary test' },
    },
    'HEAD /api/notifications': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own list, checked by the canary test' },
    },
    'GET /api/notifications/unread-count': { anonymous: false, otherOrg: { none: 'a count of the caller’s own' } },
    'HEAD /api/notifications/unread-count': { anonymous: false, otherOrg: { none: 'a count of the caller’s own' } },
    'POST /api/notifications/read': {
      anonymous: false,
      payload: { all: true },
      otherOrg: (o) => ({ url: '/api/notifications/read', payload: { ids: [o.ids.notificationId] } }),
    },
    'GET /api/me/notification-settings': { anonymous: false, otherOrg: { none: 'the caller’s own settings' } },
    'HEAD /api/me/notification-settings': { anonymous: false, otherOrg: { none: 'the caller’s own settings' } },
    'PUT /api/me/notification-settings': {
      anonymous: false,
      payload: { email: false },
      otherOrg: { none: 'the caller’s own settings; no id of anyone else’s is taken' },
    },
  },
  /** A notification to the organisation's administrator and one to its administrators' role, carrying the canary. */
  async setup(t: TestApp, f: Fixture) {
    const now = t.clock.now();
    const ids = await t.deps.database.db.transaction().execute(async (trx) => {
      const toUser = await notify(
        trx,
        {
          recipient: { userId: f.adminId },
          kind: 'matrix.test',
          subject: { type: 'organisation', id: f.orgId, reference: f.canary.slice(0, 64) },
        },
        now,
      );
      await notify(
        trx,
        {
          recipient: { organisationId: f.orgId, role: 'admin' },
          kind: 'matrix.test',
          subject: { type: 'organisation', id: f.orgId, reference: f.canary.slice(0, 64) },
        },
        now,
      );
      return { notificationId: toUser! };
    });
    return ids;
  },
};
