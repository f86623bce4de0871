import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/** A notification to staff: what happened and a link to what it is about; never personal data. */
export const Notification = z
  .object({
    id: Id,
    kind: z.string().describe('What happened, e.g. `referral.response_overdue`; the app words it per language.'),
    subject: z.object({
      type: z.string().describe('What it is about, e.g. `referral`.'),
      id: z.string(),
      reference: z.string().nullable().describe('A short reference of the record, e.g. `R-1A2B3C4D`.'),
    }),
    link: z.string().nullable().describe('Where the app shows the subject, e.g. `/referrals/<id>`.'),
    createdAt: Timestamp,
    readAt: Timestamp.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

/** A page of the caller's notifications, newest first, with how many are unread in all. */
export const NotificationPage = z.object({
  items: z.array(Notification),
  next: z.string().nullable(),
  unread: z.number().int(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;

export const NotificationListQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('`true`: only the unread ones.'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(200).optional(),
});

/** Marks some notifications (by id) or all of the caller's as read. */
export const MarkNotificationsRead = z.union([
  z.object({ ids: z.array(Id).min(1).max(200) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkNotificationsRead = z.infer<typeof MarkNotificationsRead>;

export const UnreadCount = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;

/** The caller's own notification settings. */
export const NotificationSettings = z
  .object({
    email: z
      .boolean()
      .describe(
        'Also send each of my notifications to my account’s e-mail address (off by default). The e-mail names ' +
          'the kind of notice and its reference only, with a link to the notifications page.',
      ),
  })
  .strict()
  .meta({ id: 'NotificationSettings' });
export type NotificationSettings = z.infer<typeof NotificationSettings>;
