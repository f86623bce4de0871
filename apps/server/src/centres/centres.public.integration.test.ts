// Public booking on both engines: the JSON API and the HTML pages (form posts, no JavaScript), in four languages;
// the booking code is shown once and lets its holder see and cancel; nothing personal is shown to anyone else;
// attempts are limited per address.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildMember } from '../beneficiaries/beneficiaries.fixtures.ts';
import { buildCentre } from './centres.fixtures.ts';
import { PUBLIC_BOOKING_ATTEMPTS_PER_HOUR } from './centres.public.routes.ts';

const TUE = '2026-06-02';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const { engine, skip } of engines()) {
  describe(`public appointment booking (${engine})`, { skip }, () => {
    let t: TestApp;
    let centreId: string;
    let hiddenId: string;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      const sup = await buildMember(t, org.id, ['supervisor']);
      centreId = await buildCentre(t, sup.session);
      hiddenId = await buildCentre(t, sup.session, { name: 'Staff-only centre', publicBooking: false });
    });
    after(() => t?.close());
    let ip = 1;
    const from = () => `10.0.0.${ip++}`; // each test its own address, so limits of one test do not touch another

    test('JSON: centres open to the public, free seats, book with a code, look up and cancel', async () => {
      const addr = from();
      const list = await t.app.inject({ method: 'GET', url: '/api/public/centres', remoteAddress: addr });
      assert.deepEqual(
        list.json().items.map((c: { id: string }) => c.id),
        [centreId],
      );
      assert.ok(!list.body.includes('organisation'));
      const hidden = await t.app.inject({
        method: 'GET',
        url: `/api/public/centres/${hiddenId}/slots?service=document_check&day=${TUE}`,
        remoteAddress: addr,
      });
      assert.equal(hidden.statusCode, 404);
      const slots = await t.app.inject({
        method: 'GET',
        url: `/api/public/centres/${centreId}/slots?service=document_check&day=${TUE}`,
        remoteAddress: addr,
      });
      assert.equal(slots.json().slots.length, 8);
      assert.equal(slots.json().slots[0].free, 2);
      const booked = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments',
        remoteAddress: addr,
        payload: {
          centreId,
          service: 'document_check',
          day: TUE,
          start: '08:00',
          contact: { name: 'Amal', phone: '+961 3 123 456', locale: 'ar' },
        },
      });
      assert.equal(booked.statusCode, 201, booked.body);
      const code = booked.json().code as string;
      assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      const row = await t.deps.database.db.selectFrom('appointments').selectAll().executeTakeFirstOrThrow();
      assert.ok(row.code_hash && !row.code_hash.includes(code.replace('-', '')), 'only a hash of the code is stored');
      assert.equal(row.contact_phone, '+9613123456');
      const again = await t.app.inject({
        method: 'GET',
        url: `/api/public/centres/${centreId}/slots?service=document_check&day=${TUE}`,
        remoteAddress: addr,
      });
      assert.equal(again.json().slots[0].free, 1);
      const seen = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments/lookup',
        remoteAddress: addr,
        payload: { code },
      });
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().status, 'booked');
      assert.equal(seen.json().code, undefined, 'the code is shown once');
      assert.ok(!seen.body.includes('Amal') && !seen.body.includes('123456'));
      const twice = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments',
        remoteAddress: addr,
        payload: {
          centreId,
          service: 'document_check',
          day: TUE,
          start: '09:00',
          contact: { name: 'Amal', phone: '+9613123456' },
        },
      });
      assert.equal(twice.json().code, 'already_booked');
      const cancel = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments/cancel',
        remoteAddress: addr,
        payload: { code },
      });
      assert.equal(cancel.json().status, 'cancelled');
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments/lookup',
        remoteAddress: addr,
        payload: { code: 'AAAA-2222' },
      });
      assert.equal(wrong.statusCode, 404);
    });

    test('attempts are limited per address, failed look-ups included', async () => {
      const addr = from();
      for (let i = 0; i < PUBLIC_BOOKING_ATTEMPTS_PER_HOUR; i++) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/public/appointments/lookup',
          remoteAddress: addr,
          payload: { code: 'AAAA-2222' },
        });
        assert.equal(r.statusCode, 404);
      }
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments/lookup',
        remoteAddress: addr,
        payload: { code: 'AAAA-2222' },
      });
      assert.equal(r.statusCode, 429);
      assert.equal(r.json().code, 'rate_limited');
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments/lookup',
        remoteAddress: from(),
        payload: { code: 'AAAA-2222' },
      });
      assert.equal(other.statusCode, 404);
    });

    test('HTML: choose, book with a form post, see the code once, view and cancel with it; Arabic right to left', async () => {
      const addr = from();
      const page = await t.app.inject({
        method: 'GET',
        url: `/public/appointments?lang=ar&centre=${centreId}&service=document_check&day=${TUE}`,
        remoteAddress: addr,
      });
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /text\/html/);
      assert.match(page.body, /<html lang="ar" dir="rtl">/);
      assert.match(page.body, /احجز موعدًا/);
      assert.match(
        page.body,
        /<option value="[^"]+" selected>[^<]+ \(العراق\)<\/option>/,
        'the centre’s country by name',
      );
      assert.match(page.body, /value="08:00"/);
      assert.ok(!page.body.includes('<script'));
      const bad = await t.app.inject({
        method: 'POST',
        url: '/public/appointments?lang=en',
        remoteAddress: addr,
        headers: FORM,
        payload: form({ centre: centreId, service: 'document_check', day: TUE, start: '08:30', name: '', phone: '12' }),
      });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Please check these fields/);
      assert.match(bad.body, /<li>name<\/li>/);
      assert.match(bad.body, /<li>phone number<\/li>/);
      // The time picked stays picked (not the first free one), so the corrected form books it.
      assert.match(bad.body, /name="start" value="08:30" required checked/);
      assert.doesNotMatch(bad.body, /value="08:00" required checked/);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/public/appointments?lang=fr',
        remoteAddress: addr,
        headers: FORM,
        payload: form({
          centre: centreId,
          service: 'document_check',
          day: TUE,
          start: '08:30',
          name: 'Jo <b>',
          phone: '+33 6 12 34 56 78',
        }),
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.match(ok.body, /Votre rendez-vous est réservé/);
      const code = /id="booking-code">([A-Z0-9-]+)</.exec(ok.body)![1]!;
      assert.ok(!ok.body.includes('Jo <b>'));
      const view = await t.app.inject({
        method: 'POST',
        url: '/public/appointments/booking?lang=es',
        remoteAddress: addr,
        headers: FORM,
        payload: form({ action: 'view', code: code.toLowerCase() }),
      });
      assert.equal(view.statusCode, 200);
      assert.match(view.body, /Reservada/);
      assert.ok(!view.body.includes('id="booking-code"'), 'the code is not shown again');
      assert.equal(view.body.split(code).length - 1, 1, 'only in the hidden field of the cancel form');
      const cancel = await t.app.inject({
        method: 'POST',
        url: '/public/appointments/booking?lang=en',
        remoteAddress: addr,
        headers: FORM,
        payload: form({ action: 'cancel', code }),
      });
      assert.match(cancel.body, /Your appointment is cancelled/);
      const n = await t.deps.database.db
        .selectFrom('centre_slots')
        .select('booked')
        .where('centre_id', '=', centreId)
        .where('start_time', '=', '08:30')
        .executeTakeFirstOrThrow();
      assert.equal(n.booked, 0);
    });

    test('HTML: a full slot is refused in the worker’s language and the form comes back with what they typed', async () => {
      const addr = from();
      for (const phone of ['+9647500000001', '+9647500000002']) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/public/appointments',
          remoteAddress: addr,
          payload: { centreId, service: 'document_check', day: TUE, start: '10:00', contact: { name: 'X', phone } },
        });
        assert.equal(r.statusCode, 201);
      }
      const full = await t.app.inject({
        method: 'POST',
        url: '/public/appointments?lang=es',
        remoteAddress: addr,
        headers: FORM,
        payload: form({
          centre: centreId,
          service: 'document_check',
          day: TUE,
          start: '10:00',
          name: 'Rosa',
          phone: '+34600000000',
        }),
      });
      assert.equal(full.statusCode, 409);
      assert.match(full.body, /esta hora se acaba de ocupar/);
      assert.match(full.body, /value="Rosa"/);
      assert.ok(!full.body.includes('value="10:00"'), 'the full slot is no longer offered');
    });

    test('a day that cannot be booked is said so on the page, and the API refuses a day too far ahead', async () => {
      const addr = from();
      const page = (day: string, lang = 'en') =>
        t.app.inject({
          method: 'GET',
          url: `/public/appointments?lang=${lang}&centre=${centreId}&service=document_check&day=${day}`,
          remoteAddress: addr,
        });
      // Today is 1 June 2026 at the centre: bookable from then to 30 August (90 days on).
      for (const day of ['2020-01-01', '2026-08-31', '2026-02-30', 'tomorrow']) {
        const r = await page(day);
        assert.equal(r.statusCode, 200);
        assert.match(r.body, /data-testid="day-refused"/, day);
        assert.match(r.body, /Choose a day from Monday, June 1, 2026 to Sunday, August 30, 2026/, day);
        // Tomorrow's times are shown instead, and the picker says so.
        assert.match(r.body, /name="day" value="2026-06-02"/, day);
        assert.match(r.body, /id="day" name="day" type="date" min="2026-06-01" max="2026-08-30" value="2026-06-02"/);
      }
      for (const day of ['2026-06-01', TUE, '2026-08-30']) {
        const r = await page(day);
        assert.doesNotMatch(r.body, /day-refused/, day);
        assert.match(
          r.body,
          new RegExp(`id="day" name="day" type="date" min="2026-06-01" max="2026-08-30" value="${day}"`),
        );
      }
      assert.match(
        (await page('2027-01-05', 'fr')).body,
        /Choisissez un jour du lundi 1 juin 2026 au dimanche 30 août 2026/,
      );
      // The API and the form post take no booking after the last day either (a Tuesday with open hours).
      const far = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments',
        remoteAddress: addr,
        payload: {
          centreId,
          service: 'document_check',
          day: '2026-09-01',
          start: '08:00',
          contact: { name: 'Amal', phone: '+961 3 999 000' },
        },
      });
      assert.equal(far.json().code, 'slot_unavailable', far.body);
      assert.match(far.json().detail, /90 days ahead/);
      const last = await t.app.inject({
        method: 'POST',
        url: '/api/public/appointments',
        remoteAddress: addr,
        payload: {
          centreId,
          service: 'document_check',
          day: '2026-08-25',
          start: '08:00',
          contact: { name: 'Amal', phone: '+961 3 999 000' },
        },
      });
      assert.equal(last.statusCode, 201, last.body);
    });
  });
}
