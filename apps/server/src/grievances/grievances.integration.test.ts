import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, type Staff, signInAgain } from '../cases/cases.fixtures.ts';
import { sendGrievanceReminders } from './grievance-reminders.ts';
import { GRIEVANCE_OFFICER_ROLES } from './grievances.policy.ts';
import { WRONG_CODES_PER_HOUR } from './grievances.public.ts';
import { anonymiseExpiredGrievances, REMOVED } from './grievances.retention.ts';

const DAY = 86_400_000;

for (const { engine, skip } of engines()) {
  describe(`worker grievances (${engine})`, { skip }, () => {
    let t: TestApp;
    let desk: string; // the certifying body
    let shelter: string; // a protection organisation
    let officer: Staff;
    let officer2: Staff;
    let outsider: Staff; // an officer of another organisation
    let admin: Staff; // platform administrator
    let ip = 0;
    /** A fresh client address, so that the per-address limits of one test do not spill into another. */
    const nextAddress = () => `198.51.100.${++ip}`;

    before(async () => {
      t = await startTestApp(engine);
      desk = (await buildOrganisation(t, { name: 'Certifying body', kind: 'international_organisation' })).id;
      shelter = (await buildOrganisation(t, { name: 'Shelter' })).id;
      await buildStaff(t, shelter, ['caseworker', 'supervisor']); // it works cases: it may receive a hand-over
      const other = (await buildOrganisation(t, { name: 'Other body' })).id;
      const platform = (await buildOrganisation(t, { name: 'Platform' })).id;
      officer = await buildStaff(t, desk, [...GRIEVANCE_OFFICER_ROLES]);
      officer2 = await buildStaff(t, desk, [...GRIEVANCE_OFFICER_ROLES]);
      outsider = await buildStaff(t, other, [...GRIEVANCE_OFFICER_ROLES]);
      admin = await buildStaff(t, platform, ['platform_admin']);
    });
    after(() => t?.close());

    const setDesk = async () => {
      const r = await t.app.inject({
        method: 'PUT',
        url: '/api/grievance-desk',
        headers: admin.session.headers,
        payload: { organisationId: desk, firstResponseDays: 5 },
      });
      assert.equal(r.statusCode, 200, r.body);
    };

    /** Files a grievance as an anonymous worker (no cookie) through the JSON API. */
    async function file(body: Record<string, unknown>, remoteAddress = nextAddress()) {
      t.clock.advance(1000); // one grievance per second, so "the newest" is never ambiguous
      return t.app.inject({
        method: 'POST',
        url: '/api/public/grievances',
        remoteAddress,
        payload: {
          categories: ['fees_charged'],
          description: 'The agency made me pay 1500 dollars before departure.',
          recruiterName: 'Quick Jobs Agency',
          employerName: 'Desert Build LLC',
          destinationCountry: 'ARE',
          ...body,
        },
      });
    }
    const track = (code: string, remoteAddress = nextAddress()) =>
      t.app.inject({ method: 'POST', url: '/api/public/grievances/track', remoteAddress, payload: { code } });
    const idOf = async (reference?: string) => {
      const rows = await t.deps.database.db
        .selectFrom('grievances')
        .select(['id', 'reference'])
        .orderBy('received_at', 'desc')
        .execute();
      return (reference ? rows.find((r) => r.reference === reference) : rows[0])!.id;
    };
    const ifMatch = async (id: string) => {
      const r = await call(t, officer, 'GET', `/api/grievances/${id}`);
      return { 'if-match': r.headers.etag as string };
    };
    /** Files a grievance with trafficking indicators whose worker agreed to a hand-over; returns its id. */
    const fileHandover = async (body: Record<string, unknown>) => {
      const r = await file({
        categories: ['document_retention'],
        description: 'They keep my passport.',
        contact: { name: 'Ram Thapa', phone: '+977 980 000 0000' },
        handoverConsent: true,
        ...body,
      });
      assert.equal(r.statusCode, 201, r.body);
      return idOf();
    };
    /** An officer's action on a grievance at its current version (If-Match). */
    const act = async (who: Staff, id: string, action: string, body: Record<string, unknown>) =>
      call(t, who, 'POST', `/api/grievances/${id}/${action}`, body, await ifMatch(id));

    test('the intake is closed (503) until a desk organisation is set', async () => {
      const r = await file({});
      assert.equal(r.statusCode, 503);
      assert.equal(r.json().code, 'service_unavailable');
      await setDesk();
    });

    test('a worker files an anonymous grievance and follows it with its code', async () => {
      const filed = await file({ categories: ['fees_charged', 'wages_unpaid'] });
      assert.equal(filed.statusCode, 201, filed.body);
      assert.equal(filed.headers['set-cookie'], undefined, 'no cookie is set on the worker');
      const { trackingCode, firstResponseDue } = filed.json();
      assert.match(trackingCode, /^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$/);
      assert.equal(Date.parse(firstResponseDue) - t.clock.now().getTime(), 5 * DAY);

      // only a hash of the code is stored: the code appears nowhere in the table
      const stored = await t.deps.database.db.selectFrom('grievances').selectAll().execute();
      const plain = trackingCode.replace(/-/g, '');
      assert.ok(!JSON.stringify(stored).includes(plain));
      assert.ok(!JSON.stringify(stored).includes(trackingCode));

      // the worker follows it (typed in lower case with spaces: still found)
      const seen = await track(trackingCode.toLowerCase().replace(/-/g, ' '));
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json().status, 'received');
      assert.deepEqual(seen.json().categories, ['fees_charged', 'wages_unpaid']);
      assert.deepEqual(seen.json().messages, []);

      // the officer sees it in the list, triages and answers
      const id = await idOf();
      const list = await call(t, officer, 'GET', '/api/grievances?status=received');
      assert.equal(list.statusCode, 200);
      const item = list.json().items.find((i: { id: string }) => i.id === id);
      assert.equal(item.anonymous, true);
      assert.equal(item.recruiterName, 'Quick Jobs Agency');
      const triaged = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/triage`,
        { severity: 'high', categories: ['fees_charged', 'wages_unpaid'] },
        await ifMatch(id),
      );
      assert.equal(triaged.statusCode, 200, triaged.body);
      assert.equal(triaged.json().status, 'triaged');
      assert.equal(Date.parse(triaged.json().resolutionDue) - Date.parse(triaged.json().receivedAt), 30 * DAY);
      const msg = await call(t, officer, 'POST', `/api/grievances/${id}/messages`, {
        body: 'Thank you. Do you have a receipt for the payment?',
      });
      assert.equal(msg.statusCode, 201, msg.body);
      assert.equal(msg.json().status, 'in_progress');
      assert.ok(msg.json().firstRespondedAt);

      // the worker sees the answer and replies
      const again = await track(trackingCode);
      assert.equal(again.json().status, 'in_progress');
      assert.deepEqual(
        again.json().messages.map((m: { from: string; body: string }) => [m.from, m.body]),
        [['officer', 'Thank you. Do you have a receipt for the payment?']],
      );
      assert.ok(!again.body.includes(officer.id), 'the worker never sees who the officer is');
      const reply = await t.app.inject({
        method: 'POST',
        url: '/api/public/grievances/reply',
        remoteAddress: nextAddress(),
        payload: { code: trackingCode, message: 'Yes, a photo of it.' },
      });
      assert.equal(reply.statusCode, 200, reply.body);
      const page = await call(t, officer, 'GET', `/api/grievances/${id}`);
      assert.deepEqual(
        page.json().messages.map((m: { from: string }) => m.from),
        ['officer', 'worker'],
      );

      // the outcome reaches the worker; a closed grievance takes no more replies
      const closed = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/close`,
        { outcome: 'upheld', summary: 'The agency must refund the fee.' },
        await ifMatch(id),
      );
      assert.equal(closed.statusCode, 200, closed.body);
      const last = await track(trackingCode);
      assert.equal(last.json().status, 'closed');
      assert.equal(last.json().outcome, 'upheld');
      assert.equal(last.json().outcomeSummary, 'The agency must refund the fee.');
      const late = await t.app.inject({
        method: 'POST',
        url: '/api/public/grievances/reply',
        remoteAddress: nextAddress(),
        payload: { code: trackingCode, message: 'One more thing.' },
      });
      assert.equal(late.statusCode, 409);
    });

    test('the HTML form files a grievance and the tracking page shows it (no JavaScript, form posts)', async () => {
      const address = nextAddress();
      t.clock.advance(1000);
      const form = new URLSearchParams();
      form.append('categories', 'document_retention');
      form.append('categories', 'debt_bondage');
      form.append('description', 'They keep my passport and say I owe them money.');
      form.append('recruiter', 'Bright Future Manpower');
      form.append('country', 'sau');
      const res = await t.app.inject({
        method: 'POST',
        url: '/public/grievances?lang=ar',
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /<html lang="ar" dir="rtl">/);
      const code = /id="tracking-code"[^>]*><strong>([A-Z2-7-]{23})<\/strong>/.exec(res.body)?.[1];
      assert.ok(code, 'the page shows the code');
      const row = await t.deps.database.db
        .selectFrom('grievances')
        .selectAll()
        .where('id', '=', await idOf())
        .executeTakeFirstOrThrow();
      assert.equal(row.categories, ' document_retention debt_bondage ');
      assert.equal(row.destination_country, 'SAU');
      // The country is chosen by its name in the page's language (no code to type).
      const blank = await t.app.inject({ method: 'GET', url: '/public/grievances?lang=fr', remoteAddress: address });
      assert.match(
        blank.body,
        /<select id="g-country" name="country"><option value="">Choisissez un pays \(facultatif\)<\/option>/,
      );
      assert.ok(blank.body.includes('<option value="SAU">Arabie saoudite</option>'));
      assert.ok(!blank.body.includes('code à 3 lettres'));
      assert.equal(row.language, 'ar');
      assert.equal(row.worker_name, null);

      const page = await t.app.inject({
        method: 'POST',
        url: '/public/grievances/track?lang=fr',
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ code: code!, action: 'show' }).toString(),
      });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /data-status="received"/);
      assert.match(page.body, /On m’a pris mon passeport ou mes documents/);

      // a bad form comes back with the problems named, in the page's language, nothing stored
      const before = (await t.deps.database.db.selectFrom('grievances').select('id').execute()).length;
      const bad = await t.app.inject({
        method: 'POST',
        url: '/public/grievances?lang=es',
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ description: 'short' }).toString(),
      });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /¿Qué pasó\?/);
      assert.match(bad.body, /Describa lo que pasó/);
      assert.ok(bad.body.includes('<li>Qué pasó: marque al menos una opción</li>'), 'no category ticked');
      assert.ok(bad.body.includes('<li>Descripción: texto demasiado corto (al menos 10 caracteres)</li>'));
      assert.equal((await t.deps.database.db.selectFrom('grievances').select('id').execute()).length, before);

      // form posts reach only public pages: a signed-in API route refuses them
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/grievance-desk',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'organisationId=x',
      });
      assert.equal(api.statusCode, 415);
    });

    test('the public forms are checked by the server, whose problems speak the page’s language', async () => {
      // novalidate: the browser's own bubbles (in the browser's language) never stand in for the server's answer;
      // `required` stays for assistive technology
      const intake = await t.app.inject({
        method: 'GET',
        url: '/public/grievances?lang=en',
        remoteAddress: nextAddress(),
      });
      assert.match(intake.body, /<form class="stack" method="post" action="\/public\/grievances\?lang=en" novalidate>/);
      assert.match(intake.body, /<textarea id="g-description" name="description" [^>]*required/);
      const trackPage = await t.app.inject({
        method: 'GET',
        url: '/public/grievances/track?lang=en',
        remoteAddress: nextAddress(),
      });
      assert.match(
        trackPage.body,
        /<form class="stack" method="post" action="\/public\/grievances\/track\?lang=en" novalidate>/,
      );

      const post = (url: string, fields: Record<string, string | string[]>, remoteAddress = nextAddress()) => {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
        return t.app.inject({
          method: 'POST',
          url,
          remoteAddress,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form.toString(),
        });
      };
      const before = (await t.deps.database.db.selectFrom('grievances').select('id').execute()).length;

      // no category, an empty description: both named with what is wrong, in the page's language
      const en = await post('/public/grievances?lang=en', { description: '' });
      assert.equal(en.statusCode, 422);
      assert.ok(en.body.includes('<li>What happened: choose at least one</li>'), en.body);
      assert.ok(en.body.includes('<li>Description: required</li>'));
      assert.match(en.body, /<textarea id="g-description" [^>]*aria-invalid="true"/);
      assert.match(en.body, /<input type="checkbox" name="categories" value="fees_charged" aria-invalid="true">/);
      const fr = await post('/public/grievances?lang=fr', { description: '   ' });
      assert.equal(fr.statusCode, 422);
      assert.ok(fr.body.includes('<li>Ce qui s’est passé : cochez au moins une case</li>'));
      assert.ok(fr.body.includes('<li>Description : champ obligatoire</li>'));
      const ar = await post('/public/grievances?lang=ar', { description: '' });
      assert.equal(ar.statusCode, 422);
      assert.ok(ar.body.includes('<li>ما حدث: اختر خيارًا واحدًا على الأقل</li>'));
      assert.ok(ar.body.includes('<li>الوصف: حقل مطلوب</li>'));

      // too long, and an e-mail address that is not one: the field stays marked, the rest is kept as sent
      const wrong = await post('/public/grievances?lang=en', {
        categories: 'wages_unpaid',
        description: 'x'.repeat(4001),
        email: 'worker-at-example.org',
      });
      assert.equal(wrong.statusCode, 422);
      assert.ok(wrong.body.includes('<li>Description: too long (at most 4000 characters)</li>'));
      assert.ok(wrong.body.includes('<li>Email: not an email address such as name@example.org</li>'));
      assert.ok(!wrong.body.includes('<li>What happened'), 'a category was ticked');
      assert.match(wrong.body, /<input id="g-email" [^>]*value="worker-at-example.org" aria-invalid="true">/);
      assert.match(wrong.body, /value="wages_unpaid" checked>/);
      const odd = await post('/public/grievances?lang=es', {
        categories: 'fees_charged',
        description: 'Me cobraron 900 dólares antes de salir.',
        country: 'XX',
      });
      assert.equal(odd.statusCode, 422);
      assert.ok(odd.body.includes('<li>País donde trabaja: no tiene la forma esperada</li>'));
      assert.equal((await t.deps.database.db.selectFrom('grievances').select('id').execute()).length, before);

      // an empty tracking code is asked for; a code of the wrong shape is still "no report has this code"
      const empty = await post('/public/grievances/track?lang=en', { code: '  ', action: 'show' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /<p class="notice bad" role="alert" id="g-code-problem">Type your tracking code\.<\/p>/);
      assert.match(
        empty.body,
        /<input id="g-code" [^>]*required aria-invalid="true" aria-describedby="g-code-problem">/,
      );
      const emptyAr = await post('/public/grievances/track?lang=ar', { code: '', action: 'show' });
      assert.ok(emptyAr.body.includes('اكتب رمز المتابعة الخاص بك.'));
      const shapeless = await post('/public/grievances/track?lang=en', { code: 'abc', action: 'show' });
      assert.equal(shapeless.statusCode, 422);
      assert.match(shapeless.body, /No report has this code/);
      assert.ok(!shapeless.body.includes('Type your tracking code.'));

      // an empty reply: nothing is sent, and the page says why at the reply form
      const { trackingCode } = (await file({})).json();
      const blankReply = await post('/public/grievances/track?lang=fr', {
        code: trackingCode,
        action: 'reply',
        message: ' ',
      });
      assert.equal(blankReply.statusCode, 422);
      assert.match(
        blankReply.body,
        /<form class="stack" method="post" action="\/public\/grievances\/track\?lang=fr" novalidate>/,
      );
      assert.ok(
        blankReply.body.includes(
          '<p class="notice bad" role="alert" id="g-reply-problem">Écrivez votre message avant de l’envoyer.</p>',
        ),
      );
      assert.match(blankReply.body, /<textarea id="g-reply" [^>]*aria-invalid="true"/);
      assert.match(blankReply.body, /data-status="received"/);
      assert.deepEqual((await track(trackingCode)).json().messages, [], 'nothing was sent');
      const blankEn = await post('/public/grievances/track?lang=en', { code: trackingCode, action: 'reply' });
      assert.ok(blankEn.body.includes('Type your message before sending it.'));
      const sent = await post('/public/grievances/track?lang=en', {
        code: trackingCode,
        action: 'reply',
        message: 'I have a receipt.',
      });
      assert.equal(sent.statusCode, 200);
      assert.ok(!sent.body.includes('Type your message before sending it.'));
      assert.match(sent.body, /<p class="notice" role="status">Sent\.<\/p>/);
    });

    test('code guessing is limited per address, and a wrong code counts even though it fails', async () => {
      const filed = await file({});
      const { trackingCode } = filed.json();
      const guesser = nextAddress();
      for (let i = 0; i < WRONG_CODES_PER_HOUR; i++) {
        const r = await track('AAAAA-AAAAA-AAAAA-AAAA2', guesser);
        assert.equal(r.statusCode, 404);
      }
      const blocked = await track(trackingCode, guesser);
      assert.equal(blocked.statusCode, 429, 'even the right code is refused once the address guessed too often');
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.equal((await track(trackingCode, nextAddress())).statusCode, 200, 'another address is not affected');
      t.clock.advance(61 * 60_000);
      assert.equal((await track(trackingCode, guesser)).statusCode, 200, 'the window passes');
      await signInAgain(t, officer, officer2, outsider, admin);
    });

    test('filing is limited per address, and oversized input is refused', async () => {
      const address = nextAddress();
      for (let i = 0; i < 5; i++) assert.equal((await file({}, address)).statusCode, 201);
      const sixth = await file({}, address);
      assert.equal(sixth.statusCode, 429);
      assert.equal(sixth.json().code, 'rate_limited');
      const long = await file({ description: 'x'.repeat(4001) });
      assert.equal(long.statusCode, 400);
      assert.equal(long.json().errors[0].pointer, '/description');
      t.clock.advance(61 * 60_000);
      await signInAgain(t, officer, officer2, outsider, admin);
    });

    test('the identity is a separate audited read; the recruiter never learns it unless the worker agreed', async () => {
      const canary = 'Canary Workername 7731';
      await file({ contact: { name: canary, phone: '+971 50 000 7731' } });
      const hidden = await idOf();
      await file({ contact: { name: 'Open Worker', email: 'open@example.invalid' }, recruiterMayKnowIdentity: true });
      const open = await idOf();

      const page = await call(t, officer, 'GET', `/api/grievances/${hidden}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(canary) && !/000 ?7731/.test(page.body), 'the grievance page carries no identity');
      const pageRead = await t.deps.database.db
        .selectFrom('audit_log')
        .select(['sensitive_read', 'actor_user_id'])
        .where('entity_id', '=', hidden)
        .where('action', '=', 'grievance.read')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(pageRead.sensitive_read, 1, 'the worker’s account is a sensitive read');
      assert.equal(pageRead.actor_user_id, officer.id);
      const list = await call(t, officer, 'GET', '/api/grievances?limit=200');
      assert.ok(!list.body.includes(canary));
      const exp = await call(t, officer, 'POST', '/api/grievances/export', { format: 'csv' });
      assert.equal(exp.statusCode, 200);
      assert.match(exp.headers['content-type'] as string, /csv/);
      assert.ok(!exp.body.includes(canary) && !/000 ?7731/.test(exp.body), 'the export carries no identity');
      assert.ok(!exp.body.includes('made me pay'), 'nor the worker’s words');
      assert.match(exp.body, /Quick Jobs Agency/);
      const xlsx = await call(t, officer, 'POST', '/api/grievances/export', { format: 'xlsx', status: 'received' });
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');

      const reads = () =>
        t.deps.database.db
          .selectFrom('audit_log')
          .selectAll()
          .where('entity_id', '=', hidden)
          .where('action', '=', 'grievance.identity_read')
          .execute();
      const n = (await reads()).length;
      const identity = await call(t, officer, 'GET', `/api/grievances/${hidden}/identity`);
      assert.equal(identity.statusCode, 200);
      assert.equal(identity.json().contact.name, canary);
      const after = await reads();
      assert.equal(after.length, n + 1, 'each identity read writes one audit entry');
      assert.equal(after.at(-1)!.sensitive_read, 1);
      assert.equal(after.at(-1)!.actor_user_id, officer.id);

      const hiddenView = await call(t, officer, 'GET', `/api/grievances/${hidden}/recruiter-view`);
      assert.equal(hiddenView.statusCode, 200);
      assert.equal(hiddenView.json().worker, null);
      assert.equal(hiddenView.json().description, null);
      assert.ok(!hiddenView.body.includes(canary) && !/000 ?7731/.test(hiddenView.body));
      const openView = await call(t, officer, 'GET', `/api/grievances/${open}/recruiter-view`);
      assert.equal(openView.json().worker.name, 'Open Worker');
      assert.match(openView.json().description, /made me pay/);
    });

    test('another organisation sees nothing; without credentials the officer routes answer 401', async () => {
      const id = await idOf();
      for (const url of [
        `/api/grievances/${id}`,
        `/api/grievances/${id}/identity`,
        `/api/grievances/${id}/recruiter-view`,
      ]) {
        assert.equal((await call(t, outsider, 'GET', url)).statusCode, 404, url);
        assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401, url);
      }
      const list = await call(t, outsider, 'GET', '/api/grievances');
      assert.deepEqual(list.json().items, []);
      const msg = await call(t, outsider, 'POST', `/api/grievances/${id}/messages`, { body: 'hello' });
      assert.equal(msg.statusCode, 404);
    });

    test('the officers a grievance can be assigned to are those of the caller’s organisation only', async () => {
      const mine = await call(t, officer, 'GET', '/api/grievance-officers');
      assert.equal(mine.statusCode, 200, mine.body);
      const ids = mine.json().items.map((o: { id: string }) => o.id);
      assert.ok(ids.includes(officer.id) && ids.includes(officer2.id), 'both officers of the desk are listed');
      assert.ok(!ids.includes(outsider.id), 'an officer of another organisation is not listed');
      for (const o of mine.json().items) assert.deepEqual(Object.keys(o).sort(), ['id', 'name']);
      const theirs = await call(t, outsider, 'GET', '/api/grievance-officers');
      assert.deepEqual(
        theirs.json().items.map((o: { id: string }) => o.id),
        [outsider.id],
      );
      const shelterStaff = await buildStaff(t, shelter, ['supervisor']);
      assert.equal((await call(t, shelterStaff, 'GET', '/api/grievance-officers')).statusCode, 403);
    });

    test('assignment, deadlines and the overdue list', async () => {
      await file({ categories: ['conditions'] });
      const id = await idOf();
      const assigned = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/assign`,
        { userId: officer2.id },
        await ifMatch(id),
      );
      assert.equal(assigned.statusCode, 200, assigned.body);
      assert.equal(assigned.json().assignedTo, officer2.id);
      const wrong = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/assign`,
        { userId: outsider.id },
        await ifMatch(id),
      );
      assert.equal(wrong.statusCode, 422);
      const stale = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/assign`,
        { userId: officer.id },
        { 'if-match': '"v1"' },
      );
      assert.equal(stale.statusCode, 412);

      const overdueIds = async () =>
        (await call(t, officer, 'GET', '/api/grievances?overdue=true&limit=200'))
          .json()
          .items.map((i: { id: string }) => i.id);
      assert.ok(!(await overdueIds()).includes(id));
      t.clock.advance(5 * DAY + 60_000);
      await signInAgain(t, officer, officer2, outsider, admin);
      assert.ok((await overdueIds()).includes(id), 'past the first-response date without an answer');
      const mine = await call(t, officer, 'GET', `/api/grievances?assignedTo=${officer2.id}&category=conditions`);
      assert.deepEqual(
        mine.json().items.map((i: { id: string }) => i.id),
        [id],
      );
      await call(t, officer2, 'POST', `/api/grievances/${id}/messages`, { body: 'We are looking into it.' });
      assert.ok(!(await overdueIds()).includes(id), 'answered: no longer overdue');
      // an untriaged grievance cannot be decided, except as withdrawn
      const early = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/close`,
        { outcome: 'upheld', summary: 'x' },
        await ifMatch(id),
      );
      assert.equal(early.statusCode, 409);
      // no register recruiter: no audit can be asked
      const auditReq = await call(t, officer, 'POST', `/api/grievances/${id}/audit-request`, {
        reason: 'Pattern of fees',
      });
      assert.equal(auditReq.statusCode, 409);
    });

    test('a licence number from the public register links the recruiter; a finding asks for an audit', async () => {
      const agency = (await buildOrganisation(t, { name: 'Bright Future Manpower', kind: 'private_sector' })).id;
      const created = await call(t, officer, 'POST', '/api/recruiters', {
        organisationId: agency,
        name: 'Bright Future Manpower Services',
        licenceNumber: 'POEA-123-LB-456',
        licensingAuthority: 'Department of Migrant Workers',
        licenceCountry: 'PHL',
      });
      assert.equal(created.statusCode, 201, created.body);
      const recruiterId = created.json().recruiter.id as string;

      // the worker types the licence number loosely; the register's name and number are kept
      await file({ recruiterName: 'bright future', recruiterLicence: 'poea 123 lb 456' });
      const id = await idOf();
      const page = await call(t, officer, 'GET', `/api/grievances/${id}`);
      assert.equal(page.json().recruiterName, 'Bright Future Manpower Services');
      assert.equal(page.json().recruiterLicence, 'POEA-123-LB-456');
      assert.equal(page.json().recruiterId, null, 'the public register publishes no ids: the officer links it');
      // an unknown licence stays as typed
      await file({ recruiterName: 'Someone', recruiterLicence: 'XYZ-999' });
      assert.equal(
        (await call(t, officer, 'GET', `/api/grievances/${await idOf()}`)).json().recruiterLicence,
        'XYZ-999',
      );

      const bad = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/recruiter`,
        { recruiterId: agency },
        await ifMatch(id),
      );
      assert.equal(bad.statusCode, 422);
      const linked = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/recruiter`,
        { recruiterId },
        await ifMatch(id),
      );
      assert.equal(linked.statusCode, 200, linked.body);
      assert.equal(linked.json().recruiterId, recruiterId);
      const byRecruiter = await call(t, officer, 'GET', `/api/grievances?recruiterId=${recruiterId}`);
      assert.deepEqual(
        byRecruiter.json().items.map((i: { id: string }) => i.id),
        [id],
      );

      const asked = await call(t, officer, 'POST', `/api/grievances/${id}/audit-request`, {
        reason: 'Fees charged to workers',
      });
      assert.equal(asked.statusCode, 200, asked.body);
      assert.ok(asked.json().auditRequestedAt);
      const audits = await t.deps.database.db
        .selectFrom('certification_audits')
        .selectAll()
        .where('recruiter_id', '=', recruiterId)
        .execute();
      assert.equal(audits.length, 1);
      assert.equal(audits[0]!.kind, 'for_cause');
      assert.equal(audits[0]!.status, 'requested');
      assert.equal(audits[0]!.source, 'grievance');
      assert.equal(audits[0]!.source_ref, page.json().reference, 'the audit points at the grievance by reference only');
      const twice = await call(t, officer, 'POST', `/api/grievances/${id}/audit-request`, { reason: 'again' });
      assert.equal(twice.statusCode, 409);

      // Another grievance about the same recruiter: the audit for cause asked for is still open, so no second one
      // (the web says so in the page's language); the grievance records no request.
      await file({ recruiterName: 'Bright Future', recruiterLicence: 'POEA-123-LB-456' });
      const other = await idOf();
      const otherLinked = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${other}/recruiter`,
        { recruiterId },
        await ifMatch(other),
      );
      assert.equal(otherLinked.statusCode, 200, otherLinked.body);
      const second = await call(t, officer, 'POST', `/api/grievances/${other}/audit-request`, { reason: 'Same fees' });
      assert.equal(second.statusCode, 409, second.body);
      assert.equal(second.json().code, 'conflict');
      assert.equal(
        second.json().detail,
        'An audit for cause of this recruiter is already requested or scheduled; complete it before requesting another.',
      );
      assert.equal((await call(t, officer, 'GET', `/api/grievances/${other}`)).json().auditRequestedAt, null);
      const stillOne = await t.deps.database.db
        .selectFrom('certification_audits')
        .select('id')
        .where('recruiter_id', '=', recruiterId)
        .execute();
      assert.equal(stillOne.length, 1);
    });

    test('retention: five years after closing, the identity, the words and the messages are removed', async () => {
      const filed = await file({
        contact: { name: 'Retention Canary', phone: '+1 555 0100' },
        recruiterMayKnowIdentity: true,
      });
      const id = await idOf();
      await call(t, officer, 'POST', `/api/grievances/${id}/messages`, {
        body: 'Message with Retention Canary details',
      });
      await t.app.inject({
        method: 'POST',
        url: '/api/public/grievances/reply',
        remoteAddress: nextAddress(),
        payload: { code: filed.json().trackingCode, message: 'Retention Canary replies' },
      });
      await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/triage`,
        { severity: 'low', categories: ['fees_charged'] },
        await ifMatch(id),
      );
      await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/close`,
        { outcome: 'not_upheld', summary: 'No evidence.' },
        await ifMatch(id),
      );
      const open = await file({ contact: { name: 'Still Open Canary' } });
      const openId = await idOf();
      assert.equal(open.statusCode, 201);

      const db = t.deps.database.db;
      assert.deepEqual(await anonymiseExpiredGrievances(db, new Date(t.clock.now().getTime() + 4 * 365 * DAY)), {
        anonymised: 0,
      });
      const later = new Date(t.clock.now().getTime() + 5 * 366 * DAY);
      const r = await anonymiseExpiredGrievances(db, later);
      assert.ok(r.anonymised >= 1);
      const row = await db.selectFrom('grievances').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.worker_name, null);
      assert.equal(row.worker_phone, null);
      assert.equal(row.description, REMOVED);
      assert.equal(row.outcome_summary, null);
      assert.equal(row.recruiter_may_know_identity, 0);
      assert.equal(row.outcome, 'not_upheld', 'what audits and statistics need stays');
      assert.equal(row.categories, ' fees_charged ');
      const everything = JSON.stringify([
        row,
        await db.selectFrom('grievance_messages').selectAll().where('grievance_id', '=', id).execute(),
        await db.selectFrom('grievance_events').selectAll().where('grievance_id', '=', id).execute(),
      ]);
      assert.ok(!everything.includes('Retention Canary'), everything);
      const still = await db.selectFrom('grievances').selectAll().where('id', '=', openId).executeTakeFirstOrThrow();
      assert.equal(still.worker_name, 'Still Open Canary', 'an open grievance keeps its identity');
      assert.deepEqual(await anonymiseExpiredGrievances(db, later), { anonymised: 0 }, 'a second run finds nothing');
    });

    test('hand-over to a trafficking case only with indicators and the worker’s consent', async () => {
      const filed = await file({
        categories: ['document_retention', 'threats_violence'],
        description: 'My employer keeps my passport and threatens to report me.',
        contact: { name: 'Amina Haddad', phone: '+966 55 123 4567' },
        handoverConsent: false,
      });
      const code = filed.json().trackingCode as string;
      const id = await idOf();
      const handOver = async () =>
        call(t, officer, 'POST', `/api/grievances/${id}/handover`, { organisationId: shelter }, await ifMatch(id));

      const refused = await handOver();
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().code, 'basis_required');

      // the worker agrees on the tracking page
      const consent = await t.app.inject({
        method: 'POST',
        url: '/api/public/grievances/consent',
        remoteAddress: nextAddress(),
        payload: { code, handoverConsent: true },
      });
      assert.equal(consent.statusCode, 200, consent.body);
      assert.equal(consent.json().handoverConsent, true);

      const own = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${id}/handover`,
        { organisationId: desk },
        await ifMatch(id),
      );
      assert.equal(own.statusCode, 422, 'not to the certifying body itself');

      const done = await handOver();
      assert.equal(done.statusCode, 200, done.body);
      const caseId = done.json().handover.caseId as string;
      assert.match(done.json().handover.caseReference, /^VOT-/);

      const kase = await t.deps.database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal(kase.organisation_id, shelter);
      assert.equal(kase.type, 'trafficking');
      assert.equal(kase.sensitive, 1);
      assert.equal(kase.assigned_to, null, 'the shelter’s supervisor assigns it');
      const person = await t.deps.database.db
        .selectFrom('beneficiaries')
        .selectAll()
        .where('id', '=', kase.beneficiary_id)
        .executeTakeFirstOrThrow();
      assert.equal(person.organisation_id, shelter);
      assert.equal(person.name_original, 'Amina Haddad');
      assert.equal(person.phone, '+966 55 123 4567');
      assert.equal(person.restricted, 1);
      assert.ok(!JSON.stringify(kase).includes('passport'), 'the worker’s words stay with the grievance');
      const codes = await t.deps.database.db
        .selectFrom('case_codes')
        .selectAll()
        .where('case_id', '=', caseId)
        .execute();
      const control = codes.map((c) => c.code).sort();
      for (const c of ['PossibleVictimOfTrafficking', 'ForcedLabour', 'WithholdsDocuments', 'PhysicalThreats'])
        assert.ok(control.includes(c), `${c} in ${control.join(', ')}`);
      assert.ok(!control.includes('DebtBondage'), 'only the indicators the worker named');
      const ledger = await t.deps.database.db
        .selectFrom('consent_events')
        .selectAll()
        .where('beneficiary_id', '=', person.id)
        .execute();
      assert.equal(ledger.length, 1);
      assert.equal(ledger[0]!.purpose, 'assistance');
      assert.equal(ledger[0]!.basis, 'consent');
      assert.equal(ledger[0]!.recorded_by, officer.id);

      // the officer's organisation cannot read the case; twice is refused; the worker sees it was handed over
      const read = await call(t, officer, 'GET', `/api/cases/${caseId}`);
      assert.ok([403, 404].includes(read.statusCode), `the officer may not read the case: ${read.statusCode}`);
      assert.equal((await handOver()).statusCode, 409);
      const seen = await track(code);
      assert.equal(seen.json().handedOver, true);
      const withdraw = await t.app.inject({
        method: 'POST',
        url: '/api/public/grievances/consent',
        remoteAddress: nextAddress(),
        payload: { code, handoverConsent: false },
      });
      assert.equal(withdraw.statusCode, 409);

      // a grievance without indicators is not handed over even with consent
      await file({ categories: ['conditions'], contact: { name: 'Someone Else' }, handoverConsent: true });
      const plain = await idOf();
      const no = await call(
        t,
        officer,
        'POST',
        `/api/grievances/${plain}/handover`,
        { organisationId: shelter },
        await ifMatch(plain),
      );
      assert.equal(no.statusCode, 409);
    });

    test('a hand-over goes only to a protection organisation: never to a recruiter, least of all the accused one', async () => {
      // The recruiter the worker names (by licence number), which has caseworkers of its own (a "support desk").
      const accused = (await buildOrganisation(t, { name: 'Gulf Star Manpower', kind: 'private_sector' })).id;
      await buildStaff(t, accused, ['caseworker', 'supervisor']);
      const registered = await call(t, officer, 'POST', '/api/recruiters', {
        organisationId: accused,
        name: 'Gulf Star Manpower',
        licenceNumber: 'GS-777-HO',
        licensingAuthority: 'Ministry of Labour',
        licenceCountry: 'NPL',
      });
      assert.equal(registered.statusCode, 201, registered.body);
      // Another recruiter, not on the register; an organisation of the very name the worker gave (not private sector,
      // with caseworkers); one where nobody works cases; one where nobody could assign the case.
      const recruiter = (await buildOrganisation(t, { name: 'Other Manpower', kind: 'private_sector' })).id;
      await buildStaff(t, recruiter, ['caseworker', 'supervisor']);
      const sameName = (await buildOrganisation(t, { name: 'Quick Jobs Agency' })).id;
      await buildStaff(t, sameName, ['caseworker', 'supervisor']);
      const empty = (await buildOrganisation(t, { name: 'Nobody works cases here' })).id;
      await buildStaff(t, empty, ['admin']);
      const unassignable = (await buildOrganisation(t, { name: 'Caseworkers only' })).id;
      await buildStaff(t, unassignable, ['caseworker']);
      const legalOnly = (await buildOrganisation(t, { name: 'Legal aid only' })).id;
      await buildStaff(t, legalOnly, ['caseworker', 'supervisor']);
      await t.deps.database.db
        .updateTable('organisations')
        .set({ referral_services: 'legal_assistance' })
        .where('id', '=', legalOnly)
        .execute();

      const byLicence = await fileHandover({ recruiterName: 'gulf star', recruiterLicence: 'gs 777 ho' });
      const byName = await fileHandover({ recruiterName: 'QUICK JOBS  agency' });
      const beneficiaries = async () =>
        (await t.deps.database.db.selectFrom('beneficiaries').select('id').execute()).length;
      const before = await beneficiaries();
      const attempt = async (id: string, organisationId: string) =>
        call(t, officer, 'POST', `/api/grievances/${id}/handover`, { organisationId }, await ifMatch(id));
      const refusedWith = async (id: string, organisationId: string, detail: RegExp) => {
        const r = await attempt(id, organisationId);
        assert.equal(r.statusCode, 409, r.body);
        assert.equal(r.json().code, 'conflict');
        assert.match(r.json().detail, detail);
        assert.deepEqual(
          r.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/organisationId'],
        );
      };
      await refusedWith(byLicence, accused, /the recruiter the grievance is about/);
      await refusedWith(byLicence, recruiter, /private-sector organisation never receives/);
      await refusedWith(byName, sameName, /the recruiter the grievance is about/);
      await refusedWith(byLicence, empty, /no active caseworker or supervisor/);
      await refusedWith(byLicence, unassignable, /nobody there could assign/);
      await refusedWith(byLicence, legalOnly, /only for some services/);
      assert.equal(await beneficiaries(), before, 'no person was created anywhere');
      const trail = await t.deps.database.db
        .selectFrom('grievances')
        .select('handed_over_at')
        .where('id', 'in', [byLicence, byName])
        .execute();
      assert.ok(trail.every((g) => g.handed_over_at === null));

      // The picker offers the same: the shelter, none of the others, not the desk itself.
      const offered = async (id: string) => {
        const r = await call(t, officer, 'GET', `/api/grievances/${id}/handover-organisations`);
        assert.equal(r.statusCode, 200, r.body);
        return r.json().organisationIds as string[];
      };
      for (const id of [byLicence, byName]) {
        const ids = await offered(id);
        assert.ok(ids.includes(shelter), 'the shelter is offered');
        for (const no of [desk, accused, recruiter, empty, unassignable, legalOnly])
          assert.ok(!ids.includes(no), `${no} is not offered`);
      }
      assert.ok(!(await offered(byName)).includes(sameName));
      assert.ok((await offered(byLicence)).includes(sameName), 'a protection organisation the worker did not name');
      assert.equal(
        (await call(t, outsider, 'GET', `/api/grievances/${byLicence}/handover-organisations`)).statusCode,
        404,
      );

      // A protection organisation is accepted.
      const done = await attempt(byLicence, shelter);
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(await beneficiaries(), before + 1);
    });

    /** The officer's unread notifications, marked read so the next look sees only what is new. */
    const unread = async (who: Staff) => {
      const r = await call(t, who, 'GET', '/api/notifications?unread=true&limit=100');
      assert.equal(r.statusCode, 200, r.body);
      const items = r.json().items as { kind: string; link: string; subject: { reference: string } }[];
      if (items.length) await call(t, who, 'POST', '/api/notifications/read', { all: true });
      return items;
    };

    test('officers are told of a grievance filed, of the worker writing back and of an assignment, never of its words', async () => {
      for (const s of [officer, officer2, outsider]) await unread(s);
      const filed = await file({ description: 'They kept my passport in Dubai.' });
      assert.equal(filed.statusCode, 201, filed.body);
      const id = await idOf();
      const { reference } = await t.deps.database.db
        .selectFrom('grievances')
        .select('reference')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      for (const s of [officer, officer2]) {
        const [n] = await unread(s);
        assert.equal(n?.kind, 'grievance.received');
        assert.equal(n?.subject.reference, reference);
        assert.equal(n?.link, `/grievances/${id}`);
      }
      assert.deepEqual(await unread(outsider), [], 'another organisation');

      const reply = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/public/grievances/reply',
          remoteAddress: nextAddress(),
          payload: { code: filed.json().trackingCode, message: 'I still have no passport.' },
        });
      assert.equal((await reply()).statusCode, 200);
      assert.deepEqual(
        (await unread(officer2)).map((n) => n.kind),
        ['grievance.reply'],
        'nobody assigned: all officers',
      );

      const assign = await act(officer, id, 'assign', { userId: officer2.id });
      assert.equal(assign.statusCode, 200, assign.body);
      assert.deepEqual(
        (await unread(officer2)).map((n) => n.kind),
        ['grievance.assigned'],
      );
      await unread(officer);
      const again = await act(officer, id, 'assign', { userId: officer2.id });
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(await unread(officer2), [], 'assigned again to the same officer: nothing new');
      assert.equal((await reply()).statusCode, 200);
      assert.deepEqual(
        (await unread(officer2)).map((n) => n.kind),
        ['grievance.reply'],
        'the assigned officer',
      );
      assert.deepEqual(await unread(officer), [], 'not the others once it is assigned');
      const stored = await t.deps.database.db
        .selectFrom('notifications')
        .selectAll()
        .where('subject_id', '=', id)
        .execute();
      assert.ok(!JSON.stringify(stored).includes('passport'), 'the notices carry no words of the worker');
    });

    test('the reminders job tells the officers of a grievance past its first-response date, then its resolution date, once each', async () => {
      await signInAgain(t, officer, officer2);
      const filed = await file({ description: 'No wages for three months.' });
      assert.equal(filed.statusCode, 201, filed.body);
      const id = await idOf();
      for (const s of [officer, officer2]) await unread(s);
      /** The kinds of the officer's new notices about this grievance (older grievances of the suite are overdue too). */
      const about = async (who: Staff) =>
        (await unread(who)).filter((n) => n.link === `/grievances/${id}`).map((n) => n.kind);
      const run = () => sendGrievanceReminders(t.deps.database.db, t.deps.config, t.clock.now());

      await run();
      assert.deepEqual(await about(officer), [], 'not due yet');
      t.clock.advance(6 * DAY); // past the first response (5 days)
      await signInAgain(t, officer, officer2);
      assert.ok((await run()).notifications >= 1);
      assert.deepEqual(await about(officer), ['grievance.response_overdue']);
      assert.deepEqual(await about(officer2), ['grievance.response_overdue'], 'nobody assigned: every officer');
      await run();
      assert.deepEqual(await about(officer), [], 'once');

      const triage = await act(officer, id, 'triage', { severity: 'critical', categories: ['wages_unpaid'] });
      assert.equal(triage.statusCode, 200, triage.body);
      const assign = await act(officer, id, 'assign', { userId: officer2.id });
      assert.equal(assign.statusCode, 200, assign.body);
      const answer = await call(t, officer2, 'POST', `/api/grievances/${id}/messages`, { body: 'We are on it.' });
      assert.equal(answer.statusCode, 201, answer.body);
      for (const s of [officer, officer2]) await unread(s);
      t.clock.advance(9 * DAY); // 15 days after receipt: past the critical resolution date (14 days)
      await signInAgain(t, officer, officer2);
      await run();
      assert.deepEqual(await about(officer2), ['grievance.resolution_overdue'], 'the assigned officer');
      assert.deepEqual(await about(officer), [], 'not the others');
      const closed = await act(officer2, id, 'close', { outcome: 'upheld', summary: 'Wages paid.' });
      assert.equal(closed.statusCode, 200, closed.body);
      t.clock.advance(DAY);
      await run();
      await signInAgain(t, officer, officer2);
      assert.deepEqual(await about(officer2), [], 'a closed grievance is not overdue');
    });
  });
}
