import type { Selectable } from 'kysely';

/** A notification to staff: to one user, or to every user of an organisation who holds a role. */
export interface NotificationTable {
  id: string;
  recipient_user_id: string | null;
  recipient_organisation_id: string | null;
  recipient_role: string | null;
  /** What happened, e.g. `referral.response_overdue`; the web app words it in the reader's language. */
  kind: string;
  /** What it is about (e.g. `referral` and its id): the app links there. Never a name. */
  subject_type: string;
  subject_id: string;
  /** A short reference the recipient may see (e.g. the referral's reference), never personal data. */
  reference: string | null;
  /** Set by callers that must notify once only (a second notify with the same key does nothing). */
  dedupe_key: string | null;
  created_at: string;
}
export type NotificationRow = Selectable<NotificationTable>;

/** When a user read a notification. */
export interface NotificationReadTable {
  notification_id: string;
  user_id: string;
  read_at: string;
}

/** Channel of a message to a migrant. */
export type MessageChannel = 'sms' | 'email';

/** A message to a migrant in the outbox: waiting, sent (kept for a while, then purged) or failed. */
export interface OutboundMessageTable {
  id: string;
  organisation_id: string | null;
  channel: MessageChannel;
  /** Phone number or e-mail address: personal data. */
  address: string;
  subject: string | null;
  /** The text: personal data. */
  body: string;
  kind: string;
  related_type: string | null;
  related_id: string | null;
  dedupe_key: string | null;
  /** `sending` while a delivery run holds it (claimed_at says since when). */
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  send_after: string;
  claimed_at: string | null;
  created_at: string;
  sent_at: string | null;
}
export type OutboundMessageRow = Selectable<OutboundMessageTable>;
