// Centres and appointments through the API on both engines: capacity, no double booking, closures, cancellation,
// rescheduling, attendance, throughput figures and their export, organisation isolation and roles.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appointmentRefusalOf } from '@corridor/contracts';
import ExcelJS from 'exceljs';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { as, buildBeneficiary, buildMember, type Member } from '../beneficiaries/beneficiaries.fixtures.ts';
import { readTable } from '../imports/tabular.ts';
import { buildCentre, centreBody } from './centres.fixtures.ts';

const TUE = '2026-06-02'; // the test clock starts on Monday 2026-06-01 at 12:00 in Baghdad (09:00 UTC)
const contact = (phone: string) => ({ name: 'Test Person', phone, email: null, locale: 'en' });

for (const { engine, skip } of engines()) {
  describe(`centres and appointments (${engine})`, { skip }, () => {
    let t: TestApp;
    let sup: Member;
    let cw: Member;
    let analyst: Member;
    let other: Member;
    let centreId: string;
    let orgId: string;
    /** Moves the clock and signs the staff in again (a jump of days ends their sessions). */
    const travel = async (to: string) => {
      t.clock.set(new Date(to));
      cw = await buildMember(t, orgId, ['caseworker']);
      analyst = await buildMember(t, orgId, ['analyst']);
      sup = await buildMember(t, orgId, ['supervisor']);
    };
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      const org2 = await buildOrganisation(t);
      orgId = org.id;
      sup = await buildMember(t, org.id, ['supervisor']);
      cw = await buildMember(t, org.id, ['caseworker']);
      analyst = await buildMember(t, org.id, ['analyst']);
      other = await buildMember(t, org2.id, ['supervisor', 'caseworker']);
      centreId = await buildCentre(t, sup.session);
    });
    after(() => t?.close());

    const bookAs = (who: Member, body: Record<string, unknown>, id = centreId) =>
      as(t, who, 'POST', `/api/centres/${id}/appointments`, { service: 'document_check', day: TUE, ...body });

    test('a centre shows its services with their daily capacity; only supervisors and administrators create', async () => {
      const res = await as(t, analyst, 'GET', `/api/centres/${centreId}`);
      assert.equal(res.statusCode, 200);
      const doc = res.json().services.find((s: { service: string }) => s.service === 'document_check');
      assert.equal(doc.dailyCapacity, 16); // 8 half-hour slots x 2 seats
      assert.equal((await as(t, cw, 'POST', '/api/centres', {})).statusCode, 403);
      const list = await as(t, cw, 'GET', '/api/centres');
      assert.deepEqual(
        list.json().items.map((c: { id: string }) => c.id),
        [centreId],
      );
      // another organisation's centre is as if it did not exist
      assert.equal((await as(t, other, 'GET', `/api/centres/${centreId}`)).statusCode, 404);
      assert.equal((await as(t, other, 'GET', '/api/centres')).json().items.length, 0);
      assert.equal((await bookAs(other, { start: '08:00', contact: contact('+9647500000001') })).statusCode, 404);
      // Hours that overlap, or a slot longer than every opening period, are refused at their fields.
      const overlapping = await as(
        t,
        sup,
        'POST',
        '/api/centres',
        centreBody({
          openingHours: {
            mon: [
              ['09:00', '13:00'],
              ['10:00', '12:00'],
            ],
          },
        }),
      );
      assert.equal(overlapping.statusCode, 400, overlapping.body);
      assert.equal(overlapping.json().errors[0].pointer, '/openingHours/mon');
      const tooLong = await as(
        t,
        sup,
        'POST',
        '/api/centres',
        centreBody({
          openingHours: { mon: [['09:00', '09:30']] },
          services: [{ service: 'document_check', slotMinutes: 480, seatsPerSlot: 1 }],
        }),
      );
      assert.equal(tooLong.statusCode, 400, tooLong.body);
      assert.equal(tooLong.json().errors[0].pointer, '/services/0/slotMinutes');
    });

    test('a slot takes as many people as it has seats, then answers slot_full', async () => {
      const a = await bookAs(cw, { start: '08:00', contact: contact('+9647500000011') });
      assert.equal(a.statusCode, 201, a.body);
      assert.equal(a.json().startsAt, `${TUE}T05:00:00.000Z`);
      assert.equal((await bookAs(cw, { start: '08:00', contact: contact('+9647500000012') })).statusCode, 201);
      const full = await bookAs(cw, { start: '08:00', contact: contact('+9647500000013') });
      assert.equal(full.statusCode, 409);
      assert.equal(full.json().code, 'slot_full');
      const day = await as(t, cw, 'GET', `/api/centres/${centreId}/day?day=${TUE}&service=document_check`);
      const slot = day.json().slots.find((s: { start: string }) => s.start === '08:00');
      assert.deepEqual([slot.capacity, slot.booked, slot.appointments.length], [2, 2, 2]);
      const counter = await t.deps.database.db
        .selectFrom('centre_slots')
        .select('booked')
        .where('centre_id', '=', centreId)
        .where('day', '=', TUE)
        .where('start_time', '=', '08:00')
        .executeTakeFirstOrThrow();
      assert.equal(counter.booked, 2);
    });

    test('the same person cannot hold two appointments on one day, whichever slot or service', async () => {
      assert.equal((await bookAs(cw, { start: '09:00', contact: contact('+964 750 000 0021') })).statusCode, 201);
      const again = await bookAs(cw, {
        service: 'visa_application_support',
        start: '10:00',
        contact: contact('+9647500000021'),
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'already_booked');
      // a registry person too
      const p = await buildBeneficiary(t, cw, { givenName: 'Rana', familyName: 'Salim', phone: '+9647501112233' });
      assert.equal((await bookAs(cw, { start: '09:30', beneficiaryId: p.id })).statusCode, 201);
      const twice = await bookAs(cw, { start: '10:30', beneficiaryId: p.id });
      assert.equal(twice.json().code, 'already_booked');
      // the next day is fine
      assert.equal((await bookAs(cw, { day: '2026-06-03', start: '10:30', beneficiaryId: p.id })).statusCode, 201);
      // another organisation's person answers 404
      assert.equal((await bookAs(other, { start: '10:30', beneficiaryId: p.id }, centreId)).statusCode, 404);
    });

    test('a contact without a name is refused at the name: blank, spaces only, or punctuation standing in', async () => {
      for (const name of ['', '   ', '-']) {
        const r = await bookAs(cw, { start: '10:30', contact: { ...contact('+9647500000025'), name } });
        assert.equal(r.statusCode, 400, JSON.stringify(name));
        assert.equal(r.json().code, 'validation_failed');
        assert.deepEqual(
          r.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/contact/name'],
        );
      }
      const dash = await bookAs(cw, { start: '10:30', contact: { ...contact('+9647500000025'), name: '-' } });
      assert.deepEqual(dash.json().errors[0].params, { rule: 'required' });
      const none = await t.deps.database.db
        .selectFrom('appointments')
        .select('id')
        .where('contact_phone', '=', '+9647500000025')
        .execute();
      assert.equal(none.length, 0);
    });

    test('slots outside the hours, on closed days, on unoffered services or in the past are refused with reasons', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ start: '08:15' }, /not the start of a slot/],
        [{ start: '12:00' }, /not the start of a slot/],
        [{ day: '2026-06-05', start: '08:00' }, /not the start of a slot/], // Friday: closed
        [{ day: '2026-06-01', start: '11:30' }, /already begun/],
        [{ service: 'health_assessment', start: '08:00' }, /does not offer this service/],
      ];
      for (const [body, why] of cases) {
        const res = await bookAs(cw, { ...body, contact: contact('+9647500000031') });
        assert.equal(res.statusCode, 422, JSON.stringify(body));
        assert.equal(res.json().code, 'slot_unavailable');
        assert.match(res.json().detail, why);
        assert.ok(appointmentRefusalOf(res.json().detail), res.json().detail);
      }
      // A day that is over (in the centre's time zone) cannot be closed: the refusal says so at the day, and no
      // closure is kept (closing it again later is not "already closed").
      for (const day of ['2020-01-01', '2026-05-31']) {
        const past = await as(t, sup, 'POST', `/api/centres/${centreId}/closures`, { day, reason: 'Holiday' });
        assert.equal(past.statusCode, 400, past.body);
        assert.equal(past.json().code, 'validation_failed');
        assert.deepEqual(
          past.json().errors.map((e: { pointer: string; params?: unknown }) => [e.pointer, e.params]),
          [['/day', { rule: 'not_past' }]],
        );
        const again = await as(t, sup, 'POST', `/api/centres/${centreId}/closures`, { day, reason: 'Holiday' });
        assert.equal(again.json().code, 'validation_failed', again.body);
      }
      const cl = await as(t, sup, 'POST', `/api/centres/${centreId}/closures`, {
        day: '2026-06-04',
        reason: 'Holiday',
      });
      assert.equal(cl.statusCode, 201);
      const closed = await bookAs(cw, { day: '2026-06-04', start: '08:00', contact: contact('+9647500000031') });
      assert.match(closed.json().detail, /closed that day/);
      assert.equal(appointmentRefusalOf(closed.json().detail), 'day_closed');
      const view = await as(t, cw, 'GET', `/api/centres/${centreId}/day?day=2026-06-04`);
      assert.equal(view.json().closed, 'Holiday');
      assert.equal(cl.json().toRebook, 0);
      // Closing a day that has bookings says how many are to rebook (the closure cancels none), and the list too.
      const before = await bookAs(cw, { day: '2026-06-10', start: '09:00', contact: contact('+9647500000077') });
      assert.equal(before.statusCode, 201, before.body);
      const busy = await as(t, sup, 'POST', `/api/centres/${centreId}/closures`, {
        day: '2026-06-10',
        reason: 'Strike',
      });
      assert.equal(busy.statusCode, 201);
      assert.equal(busy.json().toRebook, 1);
      const listed = await as(t, cw, 'GET', `/api/centres/${centreId}/closures`);
      assert.deepEqual(
        listed.json().items.map((x: { day: string; toRebook: number }) => [x.day, x.toRebook]),
        [
          ['2026-06-04', 0],
          ['2026-06-10', 1],
        ],
      );
      assert.equal(
        (await as(t, cw, 'POST', `/api/centres/${centreId}/closures`, { day: '2026-06-08', reason: 'x' })).statusCode,
        403,
      );
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/centre-closures/${cl.json().id}`,
        headers: sup.session.headers,
      });
      assert.equal(del.statusCode, 204);
      assert.equal(
        (await bookAs(cw, { day: '2026-06-04', start: '08:00', contact: contact('+9647500000031') })).statusCode,
        201,
      );
    });

    test('cancelling frees the seat at once; a cancelled appointment cannot be cancelled again', async () => {
      const a = await bookAs(cw, { start: '11:00', contact: contact('+9647500000041') });
      await bookAs(cw, { start: '11:00', contact: contact('+9647500000042') });
      assert.equal((await bookAs(cw, { start: '11:00', contact: contact('+9647500000043') })).json().code, 'slot_full');
      const c = await as(t, cw, 'POST', `/api/appointments/${a.json().id}/cancel`);
      assert.equal(c.statusCode, 200);
      assert.equal(c.json().status, 'cancelled');
      assert.equal(
        (await as(t, cw, 'POST', `/api/appointments/${a.json().id}/cancel`)).json().code,
        'invalid_transition',
      );
      assert.equal((await bookAs(cw, { start: '11:00', contact: contact('+9647500000043') })).statusCode, 201);
      // the person who cancelled may book again that day
      assert.equal((await bookAs(cw, { start: '11:30', contact: contact('+9647500000041') })).statusCode, 201);
    });

    test('rescheduling takes the new seat and frees the old one, and never into a full slot', async () => {
      const a = await bookAs(cw, { start: '10:00', contact: contact('+9647500000051') });
      const moved = await as(t, cw, 'POST', `/api/appointments/${a.json().id}/reschedule`, {
        day: '2026-06-03',
        start: '08:00',
      });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual([moved.json().day, moved.json().start], ['2026-06-03', '08:00']);
      const day = await as(t, cw, 'GET', `/api/centres/${centreId}/day?day=${TUE}&service=document_check`);
      assert.equal(day.json().slots.find((s: { start: string }) => s.start === '10:00').booked, 0);
      const back = await as(t, cw, 'POST', `/api/appointments/${a.json().id}/reschedule`, { day: TUE, start: '08:00' });
      assert.equal(back.json().code, 'slot_full');
    });

    test('attendance: check-in on the day only, served after check-in, no-show only once the slot has begun; figures', async () => {
      const d = '2026-06-08'; // Monday
      const ids: string[] = [];
      for (const [i, start] of ['08:00', '08:00', '08:30', '09:00'].entries()) {
        const r = await bookAs(cw, { day: d, start, contact: contact(`+96475000001${i}0`) });
        assert.equal(r.statusCode, 201, r.body);
        ids.push(r.json().id);
      }
      const early = await as(t, cw, 'POST', `/api/appointments/${ids[0]}/check-in`);
      assert.equal(early.json().code, 'invalid_transition');
      // The refusal names its reason with a fixed sentence of the contracts, which the web app words by reason.
      assert.equal(appointmentRefusalOf(early.json().detail), 'check_in_not_today');
      await travel(`${d}T04:50:00Z`); // 07:50 in Baghdad on the day
      const tooEarly = await as(t, cw, 'POST', `/api/appointments/${ids[1]}/no-show`);
      assert.equal(tooEarly.json().code, 'invalid_transition');
      assert.equal(appointmentRefusalOf(tooEarly.json().detail), 'no_show_too_early');
      assert.equal((await as(t, cw, 'POST', `/api/appointments/${ids[0]}/served`)).json().code, 'invalid_transition');
      assert.equal((await as(t, cw, 'POST', `/api/appointments/${ids[0]}/check-in`)).json().status, 'checked_in');
      assert.equal((await as(t, cw, 'POST', `/api/appointments/${ids[0]}/served`)).json().status, 'served');
      assert.equal((await as(t, cw, 'POST', `/api/appointments/${ids[2]}/check-in`)).json().status, 'checked_in');
      assert.equal((await as(t, cw, 'POST', `/api/appointments/${ids[2]}/served`)).json().status, 'served');
      await travel(`${d}T06:30:00Z`);
      assert.equal((await as(t, cw, 'POST', `/api/appointments/${ids[1]}/no-show`)).json().status, 'no_show');
      assert.equal((await as(t, cw, 'POST', `/api/appointments/${ids[3]}/cancel`)).json().status, 'cancelled');
      // analysts read figures, never the day's list of people
      assert.equal((await as(t, analyst, 'GET', `/api/centres/${centreId}/day?day=${d}`)).statusCode, 403);
      const fig = await as(t, analyst, 'GET', `/api/centres/${centreId}/throughput?from=${d}&to=${d}`);
      assert.equal(fig.statusCode, 200, fig.body);
      const day = fig.json().days[0];
      assert.deepEqual(
        [day.capacity, day.booked, day.served, day.noShows, day.cancelled, day.noShowRate],
        [16 + 4, 3, 2, 1, 1, 0.3333],
      );
      assert.equal(day.utilisation, 0.1);
      assert.equal((await as(t, cw, 'GET', `/api/centres/${centreId}/throughput?from=${d}&to=${d}`)).statusCode, 403);
      const csv = await as(t, analyst, 'POST', `/api/centres/${centreId}/throughput/export`, {
        from: d,
        to: '2026-06-09',
        format: 'csv',
      });
      assert.equal(csv.statusCode, 200, csv.body);
      const rows = await readTable('csv', csv.rawPayload, { maxRecords: 100, maxBytes: 1e6 });
      assert.deepEqual(rows[0]!.slice(0, 4), ['day', 'capacity', 'booked', 'served']);
      assert.deepEqual(rows[1]!.slice(0, 6), [d, '20', '3', '2', '1', '1']);
      assert.equal(rows[3]![0], 'total');
      const xlsx = await as(t, analyst, 'POST', `/api/centres/${centreId}/throughput/export`, {
        from: d,
        to: d,
        format: 'xlsx',
      });
      assert.equal(xlsx.statusCode, 200);
      assert.deepEqual((await readTable('xlsx', xlsx.rawPayload, { maxRecords: 100, maxBytes: 1e6 }))[1]!.slice(0, 4), [
        d,
        '20',
        '3',
        '2',
      ]);
      // The counts and rates are number cells, so that a spreadsheet adds them up; the day stays text.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as never);
      const second = wb.worksheets[0]!.getRow(2);
      assert.equal(second.getCell(1).type, ExcelJS.ValueType.String);
      assert.deepEqual(
        [2, 3, 4].map((i) => [second.getCell(i).type, second.getCell(i).value]),
        [
          [ExcelJS.ValueType.Number, 20],
          [ExcelJS.ValueType.Number, 3],
          [ExcelJS.ValueType.Number, 2],
        ],
      );
      await travel('2026-06-01T09:00:00Z');
    });

    test('changing the seats per slot applies to future slots already booked, never below the seats taken', async () => {
      const got = await as(t, sup, 'GET', `/api/centres/${centreId}`);
      // The p-code's place named from OCHA's list (IQG11 is Erbil); read-only, so not sent back.
      assert.equal(got.json().placeName, 'Erbil');
      const body = { ...got.json() };
      for (const k of ['id', 'organisationId', 'placeName', 'createdAt', 'updatedAt', 'version']) delete body[k];
      body.services = [{ service: 'document_check', slotMinutes: 30, seatsPerSlot: 3 }];
      const put = await as(t, sup, 'PATCH', `/api/centres/${centreId}`, body);
      assert.equal(put.statusCode, 405); // PUT, not PATCH
      assert.match(String(put.headers.allow), /PUT/);
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/centres/${centreId}`,
        headers: { ...sup.session.headers, 'if-match': got.headers.etag as string },
        payload: body,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await bookAs(cw, { start: '08:00', contact: contact('+9647500000061') })).statusCode, 201);
      assert.equal((await bookAs(cw, { start: '08:00', contact: contact('+9647500000062') })).json().code, 'slot_full');
      const stale = await t.app.inject({
        method: 'PUT',
        url: `/api/centres/${centreId}`,
        headers: { ...sup.session.headers, 'if-match': got.headers.etag as string },
        payload: body,
      });
      assert.equal(stale.statusCode, 412);
    });

    test('nobody is checked in or marked no-show on a day the centre has closed: 409 naming the closed day; reopened, they are', async () => {
      const d = '2026-06-16'; // Tuesday
      const a = await bookAs(cw, { day: d, start: '09:00', contact: contact('+9647500000091') });
      assert.equal(a.statusCode, 201, a.body);
      const b = await bookAs(cw, { day: d, start: '08:00', contact: contact('+9647500000092') });
      assert.equal(b.statusCode, 201, b.body);
      const cl = await as(t, sup, 'POST', `/api/centres/${centreId}/closures`, { day: d, reason: 'Flooding' });
      assert.equal(cl.statusCode, 201, cl.body);
      await travel(`${d}T06:30:00Z`); // 09:30 in Baghdad on the day: both slots have begun
      const refused = await as(t, cw, 'POST', `/api/appointments/${a.json().id}/check-in`);
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().code, 'invalid_transition');
      assert.equal(appointmentRefusalOf(refused.json().detail), 'day_closed');
      assert.equal((await as(t, cw, 'GET', `/api/appointments/${a.json().id}`)).json().status, 'booked');
      // Nor counted as not having come to a centre that did not open.
      const noShow = await as(t, cw, 'POST', `/api/appointments/${b.json().id}/no-show`);
      assert.equal(noShow.statusCode, 409, noShow.body);
      assert.equal(noShow.json().code, 'invalid_transition');
      assert.equal(appointmentRefusalOf(noShow.json().detail), 'day_closed');
      assert.equal((await as(t, cw, 'GET', `/api/appointments/${b.json().id}`)).json().status, 'booked');
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/centre-closures/${cl.json().id}`,
        headers: sup.session.headers,
      });
      assert.equal(del.statusCode, 204);
      const checked = await as(t, cw, 'POST', `/api/appointments/${a.json().id}/check-in`);
      assert.equal(checked.json().status, 'checked_in', checked.body);
      const missed = await as(t, cw, 'POST', `/api/appointments/${b.json().id}/no-show`);
      assert.equal(missed.json().status, 'no_show', missed.body);
      await travel('2026-06-01T09:00:00Z');
    });

    test('the audit log has the bookings and never the contact details', async () => {
      const rows = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', 'like', 'appointment.%')
        .execute();
      assert.ok(rows.length > 10);
      for (const r of rows) assert.ok(!String(r.details).includes('+96475'), r.action);
    });
  });
}
