// The day-before reminder, through the registered job and the platform outbox, on both engines: queued once for
// tomorrow's appointments in the centre's time zone, in the person's language, withdrawn on cancellation, none for
// a day the centre has closed (and withdrawn when it closes after they were queued); and appointment contact details
// erased after their retention.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { findJob } from '../jobs/registry.ts';
import { buildCentre } from './centres.fixtures.ts';

for (const { engine, skip } of engines()) {
  describe(`appointment reminders (${engine})`, { skip }, () => {
    let t: TestApp;
    let cw: Member;
    let centreId: string;
    let orgId: string;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      orgId = org.id;
      const sup = await buildMember(t, org.id, ['supervisor']);
      cw = await buildMember(t, org.id, ['caseworker']);
      centreId = await buildCentre(t, sup.session);
    });
    after(() => t?.close());

    const run = () => findJob('appointment-reminders')!.run(t.deps, {}, t.clock.now());
    const messages = () =>
      t.deps.database.db
        .selectFrom('outbound_messages')
        .selectAll()
        .where('related_type', '=', 'appointment')
        .execute();
    const book = async (day: string, start: string, phone: string, locale = 'en') => {
      const r = await as(t, cw, 'POST', `/api/centres/${centreId}/appointments`, {
        service: 'document_check',
        day,
        start,
        contact: { name: 'P', phone, email: null, locale },
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().id as string;
    };

    test('tomorrow’s appointments get one reminder each, in their language; later ones wait', async () => {
      // Monday 2026-06-01, 12:00 in Baghdad: tomorrow is Tuesday the 2nd.
      const tomorrow = await book('2026-06-02', '09:30', '+9647501230001', 'ar');
      const later = await book('2026-06-03', '09:30', '+9647501230002');
      const r1 = await run();
      assert.equal(r1.queued, 1);
      const list = await messages();
      assert.equal(list.length, 1);
      assert.equal(list[0]!.related_id, tomorrow);
      assert.equal(list[0]!.channel, 'sms');
      assert.equal(list[0]!.address, '+9647501230001');
      assert.match(list[0]!.body, /^تذكير/);
      assert.match(list[0]!.body, /09:30/);
      assert.equal(list[0]!.kind, 'visa_centre.appointment_reminder');
      assert.equal((await run()).queued, 0, 'never twice');
      const a = await as(t, cw, 'GET', `/api/appointments/${tomorrow}`);
      assert.ok(a.json().reminderQueuedAt);
      // a day later, the Wednesday appointment is due
      t.clock.advance(86_400_000);
      assert.equal((await run()).queued, 1);
      assert.equal((await messages()).length, 2);
      assert.ok((await messages()).some((m) => m.related_id === later && /^Reminder/.test(m.body)));
    });

    test('cancelling withdraws the queued reminder; the summary carries no personal data', async () => {
      cw = await buildMember(t, orgId, ['caseworker']); // the day's jump ended the session
      const id = await book('2026-06-03', '11:00', '+9647501230003');
      const summary = await run();
      assert.equal(summary.queued, 1);
      assert.ok(!JSON.stringify(summary).includes('+964'));
      const c = await as(t, cw, 'POST', `/api/appointments/${id}/cancel`);
      assert.equal(c.statusCode, 200, c.body);
      assert.ok(!(await messages()).some((m) => m.related_id === id));
    });

    test('a closed day’s appointments get no reminder (they are to rebook); reopening it reminds them', async () => {
      // Tuesday 2026-06-02 12:00 in Baghdad: tomorrow is Wednesday the 3rd, closed at one of two centres.
      const sup = await buildMember(t, orgId, ['supervisor']);
      cw = await buildMember(t, orgId, ['caseworker']);
      const open = await buildCentre(t, sup.session, { name: 'Open centre' });
      const flooded = await buildCentre(t, sup.session, { name: 'Flooded centre' });
      const bookAt = async (centre: string, start: string, phone: string) => {
        const r = await as(t, cw, 'POST', `/api/centres/${centre}/appointments`, {
          service: 'document_check',
          day: '2026-06-03',
          start,
          contact: { name: 'P', phone, email: null, locale: 'en' },
        });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().id as string;
      };
      const kept = await bookAt(open, '10:00', '+9647501230011');
      const stranded = [
        await bookAt(flooded, '08:00', '+9647501230012'),
        await bookAt(flooded, '08:30', '+9647501230013'),
      ];
      const closure = await as(t, sup, 'POST', `/api/centres/${flooded}/closures`, {
        day: '2026-06-03',
        reason: 'Flooding',
      });
      assert.equal(closure.statusCode, 201, closure.body);
      assert.equal(closure.json().toRebook, 2, 'what staff act on');
      const r = await run();
      assert.equal(r.queued, 1);
      const list = await messages();
      assert.ok(list.some((m) => m.related_id === kept));
      for (const id of stranded) {
        assert.ok(!list.some((m) => m.related_id === id), 'no reminder for a closed day');
        assert.equal((await as(t, cw, 'GET', `/api/appointments/${id}`)).json().reminderQueuedAt, null);
      }
      assert.equal((await run()).queued, 0);
      const listed = await as(t, cw, 'GET', `/api/centres/${flooded}/closures`);
      assert.deepEqual(
        listed.json().items.map((x: { day: string; toRebook: number }) => [x.day, x.toRebook]),
        [['2026-06-03', 2]],
      );
      // The day reopens: its people are reminded on the next run after all.
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/centre-closures/${closure.json().id}`,
        headers: sup.session.headers,
      });
      assert.equal(del.statusCode, 204);
      assert.equal((await run()).queued, 2);
      for (const id of stranded) assert.ok((await messages()).some((m) => m.related_id === id));
    });

    test('closing a day withdraws the reminders already queued for it; reopening it reminds the people again', async () => {
      // Wednesday 2026-06-03 12:00 in Baghdad: tomorrow is Thursday the 4th.
      t.clock.set(new Date('2026-06-03T09:00:00Z'));
      const sup = await buildMember(t, orgId, ['supervisor']);
      cw = await buildMember(t, orgId, ['caseworker']);
      const centre = await buildCentre(t, sup.session, { name: 'Storm centre' });
      const bookAt = async (start: string, phone: string) => {
        const r = await as(t, cw, 'POST', `/api/centres/${centre}/appointments`, {
          service: 'document_check',
          day: '2026-06-04',
          start,
          contact: { name: 'P', phone, email: null, locale: 'en' },
        });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().id as string;
      };
      const queued = await bookAt('08:00', '+9647501230021');
      const sent = await bookAt('08:30', '+9647501230022');
      assert.equal((await run()).queued, 2);
      // One of the two was handed to the carrier already: it cannot be taken back.
      await t.deps.database.db
        .updateTable('outbound_messages')
        .set({ status: 'sent', sent_at: t.clock.now().toISOString() })
        .where('related_id', '=', sent)
        .execute();
      const closure = await as(t, sup, 'POST', `/api/centres/${centre}/closures`, {
        day: '2026-06-04',
        reason: 'Storm',
      });
      assert.equal(closure.statusCode, 201, closure.body);
      const list = await messages();
      assert.ok(!list.some((m) => m.related_id === queued), 'the waiting reminder is withdrawn');
      assert.ok(
        list.some((m) => m.related_id === sent && m.status === 'sent'),
        'the sent one stays',
      );
      assert.equal((await as(t, cw, 'GET', `/api/appointments/${queued}`)).json().reminderQueuedAt, null);
      assert.ok((await as(t, cw, 'GET', `/api/appointments/${sent}`)).json().reminderQueuedAt);
      const audit = await t.deps.database.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'centre.closure_add')
        .where('entity_id', '=', centre)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(String(audit.details)).remindersWithdrawn, 1);
      assert.equal((await run()).queued, 0, 'none while the day is closed');
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/centre-closures/${closure.json().id}`,
        headers: sup.session.headers,
      });
      assert.equal(del.statusCode, 204);
      assert.equal((await run()).queued, 1, 'the withdrawn one is queued again; the sent one is not sent twice');
      assert.ok((await messages()).some((m) => m.related_id === queued && m.status === 'pending'));
    });

    test('contact details are erased 90 days after the appointment day', async () => {
      t.clock.set(new Date('2026-08-31T00:00:00Z')); // 90 days after 2026-06-02
      assert.equal((await run()).contactsErased, 0);
      t.clock.set(new Date('2026-09-01T00:00:00Z'));
      const r = await run();
      assert.ok(Number(r.contactsErased) >= 1);
      const left = await t.deps.database.db
        .selectFrom('appointments')
        .select(['contact_phone', 'day'])
        .where('day', '<', '2026-06-03')
        .execute();
      assert.ok(left.length > 0);
      for (const x of left) assert.equal(x.contact_phone, null);
    });
  });
}
