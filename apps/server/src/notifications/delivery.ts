// Delivery of messages to migrants: the `message-delivery` job hands each due message of the outbox to an adapter.
// THE PLACE TO PLUG AN SMS OR E-MAIL GATEWAY: write a MessageAdapter (deliver() resolves once the gateway accepted
// the message, throws otherwise) and pass it as `messageAdapter` in the job dependencies (cli/serve.ts). The
// default adapter appends each message as one JSON line to CORRIDOR_MESSAGE_OUTBOX_FILE (docs/jobs.md).
//
// Each message is claimed (pending -> sending) by a conditional update before it is handed over, so two runs never
// send one message twice. A run that dies between the hand-over and the bookkeeping leaves the message `sending`;
// it is then marked failed rather than retried: a duplicate SMS is worse than a missing one, and staff see it.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { OutboundMessageRow } from './notifications.table.ts';

/** What an adapter is given for one message. */
export type DeliverableMessage = Pick<
  OutboundMessageRow,
  'id' | 'channel' | 'address' | 'subject' | 'body' | 'kind' | 'organisation_id' | 'created_at'
>;

/** Hands messages to a gateway. */
export interface MessageAdapter {
  readonly name: string;
  /** Resolves once the message was accepted; throws (with a message that names no personal data) otherwise. */
  deliver(message: DeliverableMessage): Promise<void>;
}

/** The default adapter: one JSON line per message appended to a file only the server's user can read. */
export function fileAdapter(file: string): MessageAdapter {
  return {
    name: `file:${file}`,
    async deliver(m) {
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const line = JSON.stringify({
        id: m.id,
        channel: m.channel,
        to: m.address,
        subject: m.subject,
        body: m.body,
        kind: m.kind,
        organisationId: m.organisation_id,
        queuedAt: m.created_at,
      });
      await fs.promises.appendFile(file, `${line}\n`, { mode: 0o600 });
    },
  };
}

/** Delivery tuning; tests shorten it. */
export type DeliveryOptions = { batch?: number; maxAttempts?: number; retryDelayMs?: number; staleMs?: number };

/** Delivers the due messages of the outbox; returns counts. */
export async function deliverDueMessages(
  db: Db,
  adapter: MessageAdapter,
  now: Date,
  opts: DeliveryOptions = {},
): Promise<{ sent: number; retrying: number; failed: number; interrupted: number }> {
  const { batch = 200, maxAttempts = 5, retryDelayMs = 60_000, staleMs = 15 * 60_000 } = opts;
  const iso = now.toISOString();
  const interrupted = await db
    .updateTable('outbound_messages')
    .set({ status: 'failed', last_error: 'delivery was interrupted; not retried, to avoid sending it twice' })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', new Date(now.getTime() - staleMs).toISOString())
    .executeTakeFirst();
  const due = await db
    .selectFrom('outbound_messages')
    .select('id')
    .where('status', '=', 'pending')
    .where('send_after', '<=', iso)
    .orderBy('send_after')
    .limit(batch)
    .execute();
  const out = { sent: 0, retrying: 0, failed: 0, interrupted: Number(interrupted.numUpdatedRows) };
  for (const { id } of due) {
    const claim = await db
      .updateTable('outbound_messages')
      .set({ status: 'sending', claimed_at: iso, attempts: sql<number>`attempts + 1` })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue; // another run has it
    const m = await db.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    try {
      await adapter.deliver(m);
      await db
        .updateTable('outbound_messages')
        .set({ status: 'sent', sent_at: iso, claimed_at: null, last_error: null })
        .where('id', '=', id)
        .execute();
      out.sent++;
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const final = m.attempts >= maxAttempts;
      await db
        .updateTable('outbound_messages')
        .set(
          final
            ? { status: 'failed', claimed_at: null, last_error: message }
            : {
                status: 'pending',
                claimed_at: null,
                last_error: message,
                send_after: new Date(now.getTime() + retryDelayMs * 2 ** (m.attempts - 1)).toISOString(),
              },
        )
        .where('id', '=', id)
        .execute();
      if (final) out.failed++;
      else out.retrying++;
    }
  }
  return out;
}

/** Deletes sent messages, and failed ones, older than the retention period (their address and text are personal). */
export async function purgeOldMessages(db: Db, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const r = await db
    .deleteFrom('outbound_messages')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'sent'), eb('sent_at', '<', cutoff)]),
        eb.and([eb('status', '=', 'failed'), eb('created_at', '<', cutoff)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
