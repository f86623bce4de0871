import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, type Staff } from '../cases/cases.fixtures.ts';
import { deliverDueMessages, fileAdapter, type MessageAdapter, purgeOldMessages } from './delivery.ts';
import { type NotificationInput, notify } from './notify.ts';
import { enqueueMessage } from './outbox.ts';

for (const { engine, skip } of engines()) {
  describe(`notifications and the message outbox (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgA: string;
    let orgB: string;
    let cw: Staff; // caseworker of A
    let cw2: Staff; // another caseworker of A
    let sup: Staff; // supervisor of A
    let other: Staff; // caseworker of B
    before(async () => {
      t = await startTestApp(engine);
      orgA = (await buildOrganisation(t)).id;
      orgB = (await buildOrganisation(t)).id;
      cw = await buildStaff(t, orgA, ['caseworker']);
      cw2 = await buildStaff(t, orgA, ['caseworker']);
      sup = await buildStaff(t, orgA, ['supervisor']);
      other = await buildStaff(t, orgB, ['caseworker']);
    });
    after(() => t?.close());

    const send = (input: NotificationInput) =>
      t.deps.database.db.transaction().execute((trx) => notify(trx, input, t.clock.now()));
    const subject = { type: 'referral', id: '3f1b2c4d-0000-4000-8000-000000000001', reference: 'R-3F1B2C4D' };
    const list = async (who: Staff, query = '') => {
      const r = await call(t, who, 'GET', `/api/notifications${query}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as {
        items: { id: string; kind: string; link: string | null; readAt: string | null }[];
        unread: number;
        next: string | null;
      };
    };

    test('a notification reaches its user, or every user of the organisation with the role, and no one else', async () => {
      const direct = await send({ recipient: { userId: cw.id }, kind: 'referral.response_overdue', subject });
      t.clock.advance(1000);
      const toRole = await send({
        recipient: { organisationId: orgA, role: 'caseworker' },
        kind: 'referral.response_due',
        subject,
      });
      const mine = await list(cw);
      assert.deepEqual(
        mine.items.map((i) => i.id),
        [toRole, direct],
        'newest first',
      );
      assert.equal(mine.unread, 2);
      assert.equal(mine.items[0]!.link, `/referrals/${subject.id}`);
      assert.deepEqual(
        (await list(cw2)).items.map((i) => i.id),
        [toRole],
      );
      assert.equal((await list(sup)).items.length, 0, 'not a caseworker');
      assert.equal((await list(other)).items.length, 0, 'another organisation');
      const count = await call(t, cw, 'GET', '/api/notifications/unread-count');
      assert.deepEqual(count.json(), { unread: 2 });
    });

    test('marking read is per user; all: true marks every one; only one’s own can be marked', async () => {
      const before = await list(cw);
      const roleOne = before.items.find((i) => i.kind === 'referral.response_due')!;
      const r = await call(t, cw, 'POST', '/api/notifications/read', { ids: [roleOne.id] });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { unread: 1 });
      assert.equal((await list(cw, '?unread=true')).items.length, 1);
      assert.ok((await list(cw)).items.find((i) => i.id === roleOne.id)!.readAt);
      assert.equal((await list(cw2)).unread, 1, 'the other caseworker has not read it');
      // someone else's, or another organisation's: 404, and nothing is marked
      const theirs = await call(t, other, 'POST', '/api/notifications/read', { ids: [roleOne.id] });
      assert.equal(theirs.statusCode, 404);
      const mixed = await call(t, cw2, 'POST', '/api/notifications/read', {
        ids: [roleOne.id, before.items.find((i) => i.kind === 'referral.response_overdue')!.id],
      });
      assert.equal(mixed.statusCode, 404, 'one of them is addressed to cw only');
      assert.equal((await list(cw2)).unread, 1);
      const all = await call(t, cw, 'POST', '/api/notifications/read', { all: true });
      assert.deepEqual(all.json(), { unread: 0 });
      const again = await call(t, cw, 'POST', '/api/notifications/read', { all: true });
      assert.deepEqual(again.json(), { unread: 0 }, 'idempotent');
    });

    test('bad requests are refused with every problem listed; pages follow the cursor', async () => {
      const bad = await call(t, cw, 'POST', '/api/notifications/read', { ids: ['nope'] });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'validation_failed');
      const empty = await call(t, cw, 'POST', '/api/notifications/read', { ids: [] });
      assert.equal(empty.statusCode, 400);
      const q = await call(t, cw, 'GET', '/api/notifications?limit=0&unread=maybe');
      assert.equal(q.statusCode, 400);
      assert.equal(q.json().errors.length, 2);
      for (let i = 0; i < 3; i++) {
        t.clock.advance(1000);
        await send({ recipient: { userId: sup.id }, kind: 'test.page', subject });
      }
      const p1 = await list(sup, '?limit=2');
      assert.equal(p1.items.length, 2);
      assert.ok(p1.next);
      const p2 = await list(sup, `?limit=2&cursor=${encodeURIComponent(p1.next!)}`);
      assert.equal(p2.items.length, 1);
      assert.equal(p2.next, null);
      assert.equal(new Set([...p1.items, ...p2.items].map((i) => i.id)).size, 3);
    });

    test('unauthenticated callers are refused', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/notifications' });
      assert.equal(r.statusCode, 401);
    });

    test('a dedupe key notifies once; a notification rolls back with its transaction', async () => {
      const input: NotificationInput = {
        recipient: { userId: cw2.id },
        kind: 'test.once',
        subject,
        dedupeKey: `test.once:${cw2.id}`,
      };
      assert.ok(await send(input));
      assert.equal(await send(input), null);
      await assert.rejects(
        t.deps.database.db.transaction().execute(async (trx) => {
          await notify(trx, { recipient: { userId: cw2.id }, kind: 'test.rolled_back', subject }, t.clock.now());
          throw new Error('the change it was about failed');
        }),
      );
      const kinds = (await list(cw2)).items.map((i) => i.kind);
      assert.equal(kinds.filter((k) => k === 'test.once').length, 1);
      assert.ok(!kinds.includes('test.rolled_back'));
      await assert.rejects(send({ recipient: { userId: cw2.id }, kind: 'Not A Kind', subject }), /malformed kind/);
    });

    test('messages to migrants: queued in the caller’s transaction, delivered once to the file, retried, purged', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-outbox-'));
      const file = path.join(dir, 'out', 'messages.jsonl');
      const db = t.deps.database.db;
      const now = t.clock.now();
      const enqueue = (input: Parameters<typeof enqueueMessage>[1], at = now) =>
        db.transaction().execute((trx) => enqueueMessage(trx, input, at));
      await assert.rejects(enqueue({ channel: 'sms', address: '0790 123 456', body: 'x', kind: 'test.msg' }), /E\.164/);
      await assert.rejects(enqueue({ channel: 'email', address: 'nobody', body: 'x', kind: 'test.msg' }), /e-mail/);
      const sms = await enqueue({
        channel: 'sms',
        address: '+9647901234567',
        body: 'Reminder: your appointment is tomorrow at 09:30.',
        kind: 'visa_centre.appointment_reminder',
        organisationId: orgA,
        dedupeKey: 'appointment:1:reminder',
      });
      assert.ok(sms);
      assert.equal(
        await enqueue({
          channel: 'sms',
          address: '+9647901234567',
          body: 'again',
          kind: 'visa_centre.appointment_reminder',
          dedupeKey: 'appointment:1:reminder',
        }),
        null,
      );
      const later = await enqueue({
        channel: 'email',
        address: 'person@example.org',
        subject: 'Your appointment',
        body: 'See you next week.',
        kind: 'visa_centre.appointment_reminder',
        sendAfter: new Date(now.getTime() + 86_400_000),
      });
      // two delivery runs at once (two servers): each message goes out once
      const adapter = fileAdapter(file);
      const [r1, r2] = await Promise.all([deliverDueMessages(db, adapter, now), deliverDueMessages(db, adapter, now)]);
      assert.equal(r1.sent + r2.sent, 1);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(lines.length, 1);
      assert.equal(JSON.parse(lines[0]!).to, '+9647901234567');
      assert.equal((fs.statSync(file).mode & 0o777).toString(8), '600');
      // the e-mail is not due yet; then a gateway that fails twice
      let calls = 0;
      const flaky: MessageAdapter = {
        name: 'flaky',
        async deliver() {
          calls++;
          if (calls < 3) throw new Error('gateway unavailable');
        },
      };
      const tomorrow = new Date(now.getTime() + 86_400_000);
      assert.equal((await deliverDueMessages(db, flaky, tomorrow, { retryDelayMs: 60_000 })).retrying, 1);
      assert.equal((await deliverDueMessages(db, flaky, tomorrow, { retryDelayMs: 60_000 })).sent, 0, 'backoff');
      assert.equal(
        (await deliverDueMessages(db, flaky, new Date(tomorrow.getTime() + 60_000), { retryDelayMs: 60_000 })).retrying,
        1,
      );
      const third = await deliverDueMessages(db, flaky, new Date(tomorrow.getTime() + 180_000), {
        retryDelayMs: 60_000,
      });
      assert.equal(third.sent, 1);
      const row = await db
        .selectFrom('outbound_messages')
        .selectAll()
        .where('id', '=', later!)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 3);
      // a run that died mid-hand-over leaves `sending`: marked failed after a while, never sent twice
      const stuck = await enqueue({ channel: 'sms', address: '+9647901234568', body: 'x', kind: 'test.msg' });
      await db
        .updateTable('outbound_messages')
        .set({ status: 'sending', claimed_at: now.toISOString() })
        .where('id', '=', stuck!)
        .execute();
      const swept = await deliverDueMessages(db, adapter, new Date(now.getTime() + 16 * 60_000));
      assert.equal(swept.interrupted, 1);
      assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 1);
      // purge after the retention period: the sent ones go, nothing pending is touched
      const pending = await enqueue({
        channel: 'sms',
        address: '+9647901234569',
        body: 'far future',
        kind: 'test.msg',
        sendAfter: new Date(now.getTime() + 90 * 86_400_000),
      });
      assert.equal(await purgeOldMessages(db, new Date(now.getTime() + 10 * 86_400_000), 30), 0);
      assert.equal(await purgeOldMessages(db, new Date(now.getTime() + 32 * 86_400_000), 30), 3);
      const left = await db.selectFrom('outbound_messages').select('id').execute();
      assert.deepEqual(
        left.map((r) => r.id),
        [pending],
      );
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}
