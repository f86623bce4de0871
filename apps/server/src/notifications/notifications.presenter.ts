import type { Notification } from '@corridor/contracts';
import type { NotificationRow } from './notifications.table.ts';

/** Where the web app shows each kind of subject; a subject without a page gets no link. */
const LINKS: Record<string, (id: string) => string> = {
  referral: (id) => `/referrals/${id}`,
  case: (id) => `/cases/${id}`,
  grievance: (id) => `/grievances/${id}`,
};

/** A notification as its recipient sees it. */
export function presentNotification(row: NotificationRow & { read_at: string | null }): Notification {
  return {
    id: row.id,
    kind: row.kind,
    subject: { type: row.subject_type, id: row.subject_id, reference: row.reference },
    link: LINKS[row.subject_type]?.(row.subject_id) ?? null,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}
