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
      assert.match(bad.body, /Some answers need attention/);
      assert.match(bad.body, /<p class="notice bad" id="problem-name">required<\/p>/);
      assert.match(bad.body, /<p class="notice bad" id="problem-phone">not a phone number with the country code/);
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

    test('HTML: the form is checked by the server, each problem said under its field in the page’s language; 00 is +', async () => {
      const addr = from();
      const post = (lang: string, fields: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `/public/appointments?lang=${lang}`,
          remoteAddress: addr,
          headers: FORM,
          payload: form({ centre: centreId, service: 'document_check', day: TUE, start: '11:00', ...fields }),
        });
      const page = await t.app.inject({
        method: 'GET',
        url: `/public/appointments?lang=en&centre=${centreId}&service=document_check&day=${TUE}`,
        remoteAddress: addr,
      });
      assert.match(page.body, /<form class="stack" method="post" action="\/public\/appointments\?lang=en" novalidate>/);
      // The example number is isolated and left to right, so it reads the same inside Arabic text.
      assert.match(
        page.body,
        /<p class="hint" id="phone-hint">With the country code, e.g. <bdi dir="ltr" class="nums">\+964 750 123 4567<\/bdi>\./,
      );

      // Spanish: the name is missing, the e-mail is not one; 00964 is read as +964, so the phone has no problem.
      const es = await post('es', { name: '', phone: '00964 770 123 4567', email: 'rosa@' });
      assert.equal(es.statusCode, 422);
      assert.match(es.body, /<input id="name" [^>]*aria-invalid="true" aria-describedby="problem-name">/);
      assert.match(es.body, /<p class="notice bad" id="problem-name">campo obligatorio<\/p>/);
      assert.match(es.body, /id="problem-email">no es una dirección de correo electrónico/);
      assert.doesNotMatch(es.body, /problem-phone/);
      assert.match(es.body, /value="00964 770 123 4567"/, 'what was typed comes back as typed');
      assert.doesNotMatch(es.body, /Please check|phone number/);

      // Arabic: a phone number without the country code is said so, with the example isolated.
      const ar = await post('ar', { name: 'أمل', phone: '0770 123 4567' });
      assert.equal(ar.statusCode, 422);
      assert.match(
        ar.body,
        /id="problem-phone">ليس رقم هاتف مع رمز البلد: ابدأ بـ \+ \(أو 00\)، مثل <bdi dir="ltr" class="nums">\+964 750 123 4567<\/bdi><\/p>/,
      );
      assert.match(ar.body, /<input id="phone" [^>]*aria-invalid="true" aria-describedby="phone-hint problem-phone">/);
      const digits = await post('fr', { name: 'Amal', phone: '+9 6 4 7 7 0' });
      assert.match(
        digits.body,
        /id="problem-phone">un numéro de téléphone a de 7 à 15 chiffres après le \+ \(ou 00\)</,
      );
      const noTime = await post('en', { name: 'Amal', phone: '+964 770 123 4567', start: '' });
      assert.match(noTime.body, /id="problem-start">choose a time</);

      // The international form with 00 books, stored as +964...; the confirmation reads right in Arabic.
      const ok = await post('ar', { name: 'أمل', phone: '00964 770 123 4567' });
      assert.equal(ok.statusCode, 200, ok.body);
      const row = await t.deps.database.db
        .selectFrom('appointments')
        .select('contact_phone')
        .where('centre_id', '=', centreId)
        .where('day', '=', TUE)
        .where('start_time', '=', '11:00')
        .executeTakeFirstOrThrow();
      assert.equal(row.contact_phone, '+9647701234567');
      // The Arabic comma between the centre's name and its address, each isolated; the day and time as Arabic
      // writes them together (no Latin comma).
      assert.match(ok.body, /<dd><bdi>[^<]+<\/bdi>، <bdi>[^<]+<\/bdi><\/dd>/);
      const when = new Intl.DateTimeFormat('ar', {
        dateStyle: 'full',
        timeStyle: 'short',
        hourCycle: 'h23',
        timeZone: 'UTC',
      }).format(new Date(`${TUE}T11:00:00Z`));
      assert.ok(ok.body.includes(`<dd>${when}</dd>`), when);
      assert.doesNotMatch(when, /, /);
    });

    test('HTML look-up: a missing code is asked for and not counted; too many attempts say how long to wait', async () => {
      const addr = from();
      const lookup = (code: string, lang = 'en') =>
        t.app.inject({
          method: 'POST',
          url: `/public/appointments/booking?lang=${lang}`,
          remoteAddress: addr,
          headers: FORM,
          payload: form({ action: 'view', code }),
        });
      const page = await t.app.inject({
        method: 'GET',
        url: '/public/appointments/booking?lang=en',
        remoteAddress: addr,
      });
      assert.match(page.body, /action="\/public\/appointments\/booking\?lang=en" novalidate>/);
      for (const lang of ['en', 'es', 'fr']) {
        const empty = await lookup('  ', lang);
        assert.equal(empty.statusCode, 422);
        assert.doesNotMatch(empty.body, /No booking has this code|Ninguna reserva|Aucune réservation/);
        assert.match(
          empty.body,
          /id="code-problem"><p>(Type your booking code\.|Escriba su código de reserva\.|Saisissez votre code de réservation\.)</,
        );
        assert.match(empty.body, /aria-invalid="true" aria-describedby="code-problem"/);
      }
      // The empty ones were not counted: every attempt of the hour is still there.
      for (let i = 0; i < PUBLIC_BOOKING_ATTEMPTS_PER_HOUR; i++)
        assert.equal((await lookup('AAAA-2222')).statusCode, 404);
      const refused = await lookup('AAAA-2222', 'fr');
      assert.equal(refused.statusCode, 429);
      const seconds = Number(refused.headers['retry-after']);
      assert.ok(seconds > 0 && seconds <= 3600, String(refused.headers['retry-after']));
      assert.match(refused.body, new RegExp(`Réessayez dans ${Math.ceil(seconds / 60)}\u00a0minutes.`));
      // The same on the booking form's post, in Arabic.
      const book = await t.app.inject({
        method: 'POST',
        url: '/public/appointments?lang=ar',
        remoteAddress: addr,
        headers: FORM,
        payload: form({
          centre: centreId,
          service: 'document_check',
          day: TUE,
          start: '11:30',
          name: 'Amal',
          phone: '+964 770 000 0000',
        }),
      });
      assert.equal(book.statusCode, 429);
      assert.match(String(book.headers['retry-after']), /^\d+$/);
      assert.match(book.body, /حاول مرة أخرى بعد \d+ (دقيقة|دقائق)/);
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
