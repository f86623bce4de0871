// The outbox of messages to migrants (SMS, e-mail), and of e-mail copies of staff notifications (notify.ts):
// `enqueueMessage(trx, ...)` writes one in the caller's transaction; the `messages.deliver` job (delivery.ts) hands due messages to the configured adapter. The address
// and the body are personal data (processing register): sent and failed messages are purged after
// CORRIDOR_OUTBOX_RETENTION_DAYS.
import { randomUUID } from 'node:crypto';
import type { Trx } from '../db/database.ts';
import type { MessageChannel } from './notifications.table.ts';

/** A message to a migrant. */
export type OutboundMessageInput = {
  channel: MessageChannel;
  /** Phone number in international form for SMS, e-mail address for e-mail. */
  address: string;
  body: string;
  /** E-mail subject line; ignored for SMS. */
  subject?: string | null;
  /** Dotted name of what the message is, e.g. `visa_centre.appointment_reminder`. */
  kind: string;
  /** The organisation on whose behalf it is sent. */
  organisationId?: string | null;
  /** What it is about, for purging with that record (e.g. `{ type: 'appointment', id }`). */
  related?: { type: string; id: string } | null;
  /** Not before this time (e.g. a reminder the day before an appointment); now by default. */
  sendAfter?: Date | null;
  /** When set, a second message with the same key is not queued (exactly-once reminders). */
  dedupeKey?: string;
};

const PHONE = /^\+[1-9][0-9]{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True for an address the e-mail channel takes. */
export const isEmailAddress = (address: string): boolean => EMAIL.test(address) && address.length <= 320;

/**
 * Queues a message in the caller's transaction. Returns its id, or null when `dedupeKey` was used before. Throws on
 * an address that does not fit the channel (E.164 for SMS). Stable signature: other contexts call it.
 */
export async function enqueueMessage(trx: Trx, input: OutboundMessageInput, now: Date): Promise<string | null> {
  if (input.channel === 'sms' && !PHONE.test(input.address))
    throw new Error('enqueueMessage: an SMS address must be a phone number in E.164 form (+ and 7-15 digits)');
  if (input.channel === 'email' && !isEmailAddress(input.address))
    throw new Error('enqueueMessage: not an e-mail address');
  if (!input.body.trim()) throw new Error('enqueueMessage: the body is empty');
  const id = randomUUID();
  const result = await trx
    .insertInto('outbound_messages')
    .values({
      id,
      organisation_id: input.organisationId ?? null,
      channel: input.channel,
      address: input.address,
      subject: input.channel === 'email' ? (input.subject ?? null) : null,
      body: input.body,
      kind: input.kind,
      related_type: input.related?.type ?? null,
      related_id: input.related?.id ?? null,
      dedupe_key: input.dedupeKey ?? null,
      status: 'pending',
      attempts: 0,
      last_error: null,
      send_after: (input.sendAfter ?? now).toISOString(),
      claimed_at: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? id : null;
}

/** Deletes the queued or past messages about one record (e.g. when an appointment is cancelled or erased). */
export async function deleteMessagesAbout(trx: Trx, related: { type: string; id: string }): Promise<number> {
  const r = await trx
    .deleteFrom('outbound_messages')
    .where('related_type', '=', related.type)
    .where('related_id', '=', related.id)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
