// Subject rights (SECURITY.md D7, D8): the subject access document, erasure and anonymisation checked by a canary
// searched for in every text column of every table, and retention driven by the test clock.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { storedKeyHashes } from '../beneficiaries/beneficiaries.repository.ts';
import { buildStaff, call, callAt, forms, openCase, type Staff } from '../cases/cases.fixtures.ts';
import type { Db, Engine } from '../db/database.ts';
import { applyRetention, DEFAULT_RETENTION, retentionEnd } from './retention.ts';
import { parseRetention } from './retention-schedule.ts';
import { ANONYMISED_NAME } from './subject-rights.store.ts';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** A marker of letters only, so that name normalisation and document keys keep it recognisable. */
const marker = () => `zq${[...randomBytes(10)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

/** Every (table, column) of the database holding text. */
async function textColumns(db: Db, engine: Engine): Promise<{ table: string; column: string }[]> {
  if (engine === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
    const out: { table: string; column: string }[] = [];
    for (const { name } of tables.rows) {
      const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(
        db,
      );
      for (const c of cols.rows) if (!/^(integer|real|blob)$/i.test(c.type)) out.push({ table: name, column: c.name });
    }
    return out;
  }
  const r = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'uuid', 'json', 'jsonb')`.execute(
    db,
  );
  return r.rows.map((x) => ({ table: x.table_name, column: x.column_name }));
}

/** Where the marker appears, case-insensitively, in any text column of any table. */
async function hitsOf(db: Db, engine: Engine, needle: string): Promise<string[]> {
  const hits: string[] = [];
  const cols = await textColumns(db, engine);
  assert.ok(cols.length > 50, 'the scan sees the schema');
  for (const { table, column } of cols) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}
      where lower(cast(${sql.ref(column)} as text)) like ${`%${needle.toLowerCase()}%`}`.execute(db);
    if (Number(r.rows[0]!.n) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

for (const { engine, skip } of engines()) {
  describe(`subject rights (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let partner: string;
    let worker: Staff;
    let supervisor: Staff;
    let outsider: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      partner = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor']);
      outsider = await buildStaff(t, partner, ['supervisor']);
    });
    after(() => t?.close());

    /** A person carrying `m` in their names, a document, consent information, a note, a task, a closure reason and a referral. */
    async function personWithEverything(m: string, close = true) {
      const reg = await call(t, worker, 'POST', '/api/beneficiaries', {
        nameLatin: `Amina ${m}`,
        nameOriginal: `${m} أمينة`,
        givenName: `Amina${m}`,
        dateOfBirth: '1998-03-14',
        sex: 'female',
        citizenships: ['ERI'],
        languages: ['tir'],
        phone: '+249 91 234 5678',
        email: `${m}@example.org`,
        country: 'SDN',
        pcode: 'SD01',
        documents: [{ type: 'passport', number: `P${m.toUpperCase()}`, issuingCountry: 'ERI' }],
      });
      assert.equal(reg.statusCode, 201, reg.body);
      const id = reg.json().id as string;
      for (const [purpose, recipient] of [
        ['assistance', null],
        ['referral', partner],
      ] as const) {
        const c = await call(t, worker, 'POST', `/api/beneficiaries/${id}/consents`, {
          purpose,
          recipientOrganisationId: recipient,
          basis: 'consent',
          action: 'grant',
          informationGiven: `Explained to ${m} in Tigrinya.`,
        });
        assert.equal(c.statusCode, 201, c.body);
      }
      const kase = await openCase(t, worker, id, forms.protection());
      const note = await call(t, worker, 'POST', `/api/cases/${kase.id}/notes`, { body: `Met ${m} at the centre.` });
      assert.equal(note.statusCode, 201, note.body);
      const task = await call(t, worker, 'POST', `/api/cases/${kase.id}/tasks`, {
        title: `Call ${m}`,
        dueOn: '2026-07-01',
      });
      assert.equal(task.statusCode, 201, task.body);
      const ref = await call(t, worker, 'POST', `/api/cases/${kase.id}/referrals`, {
        toOrganisationId: partner,
        serviceType: null,
        reason: 'AdditionalServicesRequired',
        message: `Please see ${m}.`,
      });
      assert.equal(ref.statusCode, 201, ref.body);
      if (close) await closeCase(kase.id, `Done with ${m}.`);
      return { id, caseId: kase.id as string, referralId: ref.json().id as string };
    }

    async function closeCase(caseId: string, reason = 'Needs met.') {
      const r1 = await callAt(t, worker, 'cases', caseId, `/api/cases/${caseId}/closure-request`, {
        reason,
        referred: false,
      });
      assert.equal(r1.statusCode, 200, r1.body);
      const r2 = await callAt(t, supervisor, 'cases', caseId, `/api/cases/${caseId}/closure-decision`, {
        decision: 'approve',
        reason: null,
      });
      assert.equal(r2.statusCode, 200, r2.body);
    }

    test('subject access: everything about the person, audited; supervisors only; other organisations get 404', async () => {
      const m = marker();
      const p = await personWithEverything(m);
      await call(t, worker, 'GET', `/api/beneficiaries/${p.id}`);
      const res = await call(t, supervisor, 'POST', `/api/beneficiaries/${p.id}/subject-access`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const doc = res.json();
      assert.equal(doc.format, 'corridor.subject-access/1');
      assert.equal(doc.person.id, p.id);
      assert.equal(doc.person.nameLatin, `Amina ${m}`);
      assert.equal(doc.documents.length, 1);
      assert.equal(doc.consents.length, 2);
      assert.ok(doc.consents.every((c: { informationGiven: string }) => c.informationGiven.includes(m)));
      assert.equal(doc.cases.length, 1);
      const c = doc.cases[0];
      assert.equal(c.id, p.caseId);
      assert.equal(c.status, 'Closed');
      assert.equal(c.notes.length, 1);
      assert.equal(c.tasks.length, 1);
      assert.ok(c.codes.length > 0);
      const opened = await call(t, worker, 'GET', `/api/cases/${p.caseId}`);
      assert.equal(opened.statusCode, 200, opened.body);
      assert.deepEqual(
        c.form,
        opened.json().form,
        'the case form, details and codes joined, as the cases API shows it',
      );
      assert.equal(doc.referrals.length, 1);
      assert.equal(doc.referrals[0].sharedData.person.nameLatin, `Amina ${m}`);
      const actions = doc.audit.map((a: { action: string }) => a.action);
      for (const a of ['beneficiary.create', 'consent.grant', 'case.open', 'case.close', 'referral.send'])
        assert.ok(actions.includes(a), `audit trail holds ${a}: ${actions.join(', ')}`);
      const entry = await t.deps.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'subject.access')
        .where('entity_id', '=', p.id)
        .executeTakeFirstOrThrow();
      assert.equal(entry.actor_user_id, supervisor.id);
      assert.ok(!entry.details.includes(m));

      assert.equal((await call(t, worker, 'POST', `/api/beneficiaries/${p.id}/subject-access`)).statusCode, 403);
      const other = await call(t, outsider, 'POST', `/api/beneficiaries/${p.id}/subject-access`);
      assert.equal(other.statusCode, 404);
      assert.ok(!other.body.includes(m));
    });

    test('erase: the canary is gone from every table; the audit chain holds; counts only in the audit entry', async () => {
      // someone else's person is untouched (registered first: the erased case then holds the highest reference)
      const keepM = marker();
      const keep = await personWithEverything(keepM, false);
      const m = marker();
      const p = await personWithEverything(m);
      const db = t.deps.database.db;
      assert.ok((await hitsOf(db, engine, m)).length >= 8, 'the canary is spread across the stores');

      assert.equal(
        (
          await call(t, worker, 'POST', `/api/beneficiaries/${p.id}/erasure`, {
            mode: 'erase',
            reason: 'subject_request',
          })
        ).statusCode,
        403,
      );
      assert.equal(
        (
          await call(t, outsider, 'POST', `/api/beneficiaries/${p.id}/erasure`, {
            mode: 'erase',
            reason: 'subject_request',
          })
        ).statusCode,
        404,
      );
      const stale = await call(
        t,
        supervisor,
        'POST',
        `/api/beneficiaries/${p.id}/erasure`,
        { mode: 'erase', reason: 'subject_request' },
        { 'if-match': '"v99"' },
      );
      assert.equal(stale.statusCode, 412);

      // The erased case holds the organisation's highest protection reference (opened after the other person's).
      const erasedRef = (
        await db.selectFrom('cases').select('reference').where('id', '=', p.caseId).executeTakeFirstOrThrow()
      ).reference;
      const res = await call(
        t,
        supervisor,
        'POST',
        `/api/beneficiaries/${p.id}/erasure`,
        { mode: 'erase', reason: 'subject_request' },
        { 'if-match': '"v1"' },
      );
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.mode, 'erase');
      // Its reference is never given again: the next case of the type takes the number after it.
      const next = await openCase(t, worker, keep.id, forms.protection());
      const numberOf = (ref: string) => Number(ref.slice(ref.lastIndexOf('-') + 1));
      assert.equal(numberOf(next.reference), numberOf(erasedRef) + 1, `${erasedRef} then ${next.reference}`);
      assert.equal(next.reference.slice(0, -6), erasedRef.slice(0, -6));
      assert.equal(body.counts.persons, 1);
      assert.equal(body.counts.cases, 1);
      assert.equal(body.counts.referrals, 1);
      assert.equal(body.counts.documents, 1);
      assert.equal(body.counts.consentEvents, 2);
      assert.equal(body.counts.notes, 1);

      assert.deepEqual(await hitsOf(db, engine, m), []);
      assert.ok((await hitsOf(db, engine, keepM)).length > 0, 'the other person is untouched');
      assert.equal((await call(t, supervisor, 'GET', `/api/beneficiaries/${p.id}`)).statusCode, 404);
      assert.equal((await call(t, supervisor, 'GET', `/api/beneficiaries/${keep.id}`)).statusCode, 200);
      assert.equal(await db.selectFrom('cases').select('id').where('id', '=', p.caseId).executeTakeFirst(), undefined);

      const entry = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'subject.erased')
        .where('entity_id', '=', p.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(Object.keys(JSON.parse(entry.details)).sort(), ['counts', 'reason']);
      assert.equal((await verifyAuditChain(db)).ok, true);
      // erasing again: the person no longer exists
      assert.equal(
        (
          await call(t, supervisor, 'POST', `/api/beneficiaries/${p.id}/erasure`, {
            mode: 'erase',
            reason: 'subject_request',
          })
        ).statusCode,
        404,
      );
    });

    test('audit details hold only field names, codes, ids and counts: no value of the person', async () => {
      const m = marker();
      await personWithEverything(m);
      const hits = await t.deps.database.db
        .selectFrom('audit_log')
        .select('seq')
        .where(sql<boolean>`lower(details) like ${`%${m}%`}`)
        .execute();
      assert.deepEqual(hits, []);
    });

    test('anonymise: no identifier left anywhere, and the statistics still count the case', async () => {
      const db = t.deps.database.db;
      const countProtection = async () =>
        Number(
          (await sql<{ n: number }>`select count(*) as n from cases where type = ${'protection'}`.execute(db)).rows[0]!
            .n,
        );
      const m = marker();
      const p = await personWithEverything(m);
      const before = await countProtection();
      const res = await call(t, supervisor, 'POST', `/api/beneficiaries/${p.id}/erasure`, {
        mode: 'anonymise',
        reason: 'retention',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await hitsOf(db, engine, m), []);
      assert.equal(await countProtection(), before);
      const row = await db.selectFrom('beneficiaries').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
      assert.equal(row.name_latin, ANONYMISED_NAME);
      assert.equal(row.date_of_birth, '1998-01-01');
      assert.equal(row.dob_precision, 'year');
      assert.equal(row.sex, 'female');
      assert.equal(row.country, 'SDN');
      assert.equal(row.citizenships, 'ERI');
      assert.equal(row.phone, null);
      assert.equal(row.pcode, null);
      const kase = await db.selectFrom('cases').selectAll().where('id', '=', p.caseId).executeTakeFirstOrThrow();
      assert.equal(kase.status, 'Closed');
      assert.match(kase.opened_on, /^\d{4}-\d{2}-01$/);
      assert.match(kase.closed_on!, /^\d{4}-\d{2}-01$/);
      assert.ok(
        (await db.selectFrom('case_codes').select('code').where('case_id', '=', p.caseId).execute()).length > 0,
      );
      assert.equal((await storedKeyHashes(db, p.id)).length, 0);
      // the anonymised case and person can still be read through the API without error
      const read = await call(t, supervisor, 'GET', `/api/cases/${p.caseId}`);
      assert.equal(read.statusCode, 200, read.body);
      const ref = await call(t, supervisor, 'GET', `/api/referrals/${p.referralId}`);
      assert.ok(ref.statusCode < 500, ref.body);
      assert.ok(!ref.body.toLowerCase().includes(m));
      assert.ok(
        await db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'subject.anonymised')
          .where('entity_id', '=', p.id)
          .executeTakeFirst(),
      );
      assert.equal((await verifyAuditChain(db)).ok, true);
    });

    test('anonymising twice is refused, also concurrently: one audit entry, nothing touched the second time', async () => {
      const db = t.deps.database.db;
      const p = await personWithEverything(marker());
      const colleague = await buildStaff(t, org, ['supervisor']);
      const anonymise = (who = supervisor) =>
        call(t, who, 'POST', `/api/beneficiaries/${p.id}/erasure`, { mode: 'anonymise', reason: 'retention' });
      // two supervisors at once (each their own session): one anonymises, the other is refused
      const [a, b] = await Promise.all([anonymise(), anonymise(colleague)]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409], `${a.body} ${b.body}`);
      const refused = (a.statusCode === 409 ? a : b).json();
      assert.equal(refused.code, 'invalid_transition');
      assert.match(refused.detail, /anonymised already/);
      const row = await db
        .selectFrom('beneficiaries')
        .select('version')
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow();
      const again = await anonymise();
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json().code, 'invalid_transition');
      const entries = await db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'subject.anonymised')
        .where('entity_id', '=', p.id)
        .execute();
      assert.equal(entries.length, 1, 'anonymised and audited once');
      assert.equal(
        (await db.selectFrom('beneficiaries').select('version').where('id', '=', p.id).executeTakeFirstOrThrow())
          .version,
        row.version,
        'the refused run changed nothing',
      );
      // erasing an anonymised person is still possible
      const erase = await call(t, supervisor, 'POST', `/api/beneficiaries/${p.id}/erasure`, {
        mode: 'erase',
        reason: 'subject_request',
      });
      assert.equal(erase.statusCode, 200, erase.body);
    });

    test('an anonymised record is locked against identifying fields; the kept statistical facts may change', async () => {
      const db = t.deps.database.db;
      const p = await personWithEverything(marker());
      const res = await call(t, supervisor, 'POST', `/api/beneficiaries/${p.id}/erasure`, {
        mode: 'anonymise',
        reason: 'subject_request',
      });
      assert.equal(res.statusCode, 200, res.body);
      const current = async () => {
        const r = await call(t, worker, 'GET', `/api/beneficiaries/${p.id}`);
        assert.equal(r.statusCode, 200, r.body);
        return { body: r.json(), ifMatch: { 'if-match': r.headers.etag as string } };
      };
      const m = marker();
      for (const change of [
        { givenName: `Amina${m}`, familyName: `Family${m}`, phone: '+249 91 234 5678' },
        { nameLatin: `Amina ${m}` },
        { nameOriginal: `${m} أمينة` },
        { phone: '+249 91 234 5678' },
        { email: `${m}@example.org` },
        { documents: [{ type: 'passport', number: `P${m.toUpperCase()}`, issuingCountry: 'ERI' }] },
        { dateOfBirth: '1998-03-14' },
        { dobPrecision: 'exact' },
        { languages: ['tir'] },
        { pcode: 'SD01' },
        { gender: 'Feminine' },
      ]) {
        const { ifMatch } = await current();
        const r = await call(t, worker, 'PATCH', `/api/beneficiaries/${p.id}`, change, ifMatch);
        assert.equal(r.statusCode, 409, `${JSON.stringify(change)}: ${r.body}`);
        assert.equal(r.json().code, 'invalid_transition');
        assert.match(r.json().detail, /anonymised/);
      }
      assert.deepEqual(await hitsOf(db, engine, m), [], 'nothing of the refused changes was stored');
      // the statistical facts anonymisation kept may still be corrected, the date of birth to the year
      const { ifMatch } = await current();
      const ok = await call(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${p.id}`,
        { sex: 'male', country: 'LBY', dateOfBirth: '1997-01-01', phone: null, documents: [] },
        ifMatch,
      );
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().nameLatin, ANONYMISED_NAME);
      assert.equal(ok.json().dateOfBirth, '1997-01-01');
      assert.equal(ok.json().dobPrecision, 'year');
      assert.equal(ok.json().givenName, null);
      const row = await db.selectFrom('beneficiaries').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
      assert.equal(row.search_name, '', 'still out of name search');
      assert.equal((await storedKeyHashes(db, p.id)).length, 0, 'no name keys written again');
      // a person who was never anonymised is not affected
      const other = await personWithEverything(marker(), false);
      const r0 = await call(t, worker, 'GET', `/api/beneficiaries/${other.id}`);
      const renamed = await call(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${other.id}`,
        { givenName: 'Mariam' },
        { 'if-match': r0.headers.etag as string },
      );
      assert.equal(renamed.statusCode, 200, renamed.body);
    });

    test('erase: the staff notifications about the person’s referrals and cases go too', async () => {
      const db = t.deps.database.db;
      const p = await personWithEverything(marker());
      const keep = await personWithEverything(marker());
      const about = (ids: string[]) =>
        db.selectFrom('notifications').select('id').where('subject_id', 'in', ids).execute();
      const notices = await about([p.referralId, p.caseId]);
      assert.ok(notices.length >= 1, 'the partner was told about the referral');
      // a partner caseworker read one of them
      const partnerWorker = await buildStaff(t, partner, ['caseworker']);
      const inbox = await call(t, partnerWorker, 'GET', '/api/notifications?limit=200');
      assert.equal(inbox.statusCode, 200, inbox.body);
      const links = (inbox.json().items as { link: string | null }[]).map((i) => i.link);
      assert.ok(links.includes(`/referrals/${p.referralId}`), links.join(', '));
      const mark = await call(t, partnerWorker, 'POST', '/api/notifications/read', { all: true });
      assert.ok(mark.statusCode < 300, mark.body);

      const res = await call(t, supervisor, 'POST', `/api/beneficiaries/${p.id}/erasure`, {
        mode: 'erase',
        reason: 'subject_request',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().counts.notifications, notices.length);
      assert.deepEqual(await about([p.referralId, p.caseId]), []);
      const ids = notices.map((x) => x.id);
      assert.deepEqual(
        await db.selectFrom('notification_reads').select('user_id').where('notification_id', 'in', ids).execute(),
        [],
      );
      assert.deepEqual(
        await db
          .selectFrom('outbound_messages')
          .select('id')
          .where('related_type', '=', 'notification')
          .where('related_id', 'in', ids)
          .execute(),
        [],
      );
      const after = await call(t, partnerWorker, 'GET', '/api/notifications?limit=200');
      const left = (after.json().items as { link: string | null }[]).map((i) => i.link);
      assert.ok(
        !left.includes(`/referrals/${p.referralId}`),
        'the partner no longer has a notice of the erased referral',
      );
      assert.ok(left.includes(`/referrals/${keep.referralId}`), 'notices about other people stay');
      assert.ok((await about([keep.referralId])).length >= 1);
    });

    test('retention: anonymised once the schedule has passed, not before; idempotent and safe concurrently', async () => {
      const db = t.deps.database.db;
      const m = marker();
      const p = await personWithEverything(m);
      const closed = await db
        .selectFrom('cases')
        .select('closed_on')
        .where('id', '=', p.caseId)
        .executeTakeFirstOrThrow();
      const openM = marker();
      const stillOpen = await personWithEverything(openM, false);
      const start = t.clock.now();
      const anonymised = async (id: string) =>
        (await db.selectFrom('beneficiaries').select('name_latin').where('id', '=', id).executeTakeFirstOrThrow())
          .name_latin === ANONYMISED_NAME;

      // one day before the end of the five years of a protection case: nothing happens
      const end = new Date(`${Number(closed.closed_on!.slice(0, 4)) + 5}${closed.closed_on!.slice(4)}T00:00:00.000Z`);
      t.clock.set(new Date(end.getTime() - DAY));
      const early = await applyRetention(db, engine, t.clock.now(), t.deps.config.retention);
      assert.equal(await anonymised(p.id), false);
      assert.equal(early.anonymised >= 0, true);
      const dry = await applyRetention(db, engine, new Date(end.getTime() + DAY), DEFAULT_RETENTION, { dryRun: true });
      assert.ok(dry.due >= 1);
      assert.equal(await anonymised(p.id), false, 'a dry run changes nothing');

      t.clock.set(new Date(end.getTime() + DAY));
      const [a, b] = await Promise.all([
        applyRetention(db, engine, t.clock.now(), t.deps.config.retention),
        applyRetention(db, engine, t.clock.now(), t.deps.config.retention),
      ]);
      assert.ok(a.anonymised + b.anonymised >= 1);
      assert.equal(await anonymised(p.id), true);
      assert.equal(await anonymised(stillOpen.id), false, 'a person with an open case is kept');
      assert.deepEqual(await hitsOf(db, engine, m), []);
      const entries = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'subject.anonymised')
        .where('entity_id', '=', p.id)
        .execute();
      assert.equal(entries.length, 1, 'anonymised exactly once');
      assert.equal(entries[0]!.actor_roles, 'system');
      const again = await applyRetention(db, engine, t.clock.now(), t.deps.config.retention);
      assert.equal(
        (
          await db
            .selectFrom('audit_log')
            .select('seq')
            .where('action', '=', 'subject.anonymised')
            .where('entity_id', '=', p.id)
            .execute()
        ).length,
        1,
      );
      assert.ok(again.checked >= 0);
      assert.equal((await verifyAuditChain(db)).ok, true);
      t.clock.set(start);
    });

    test('retention: a person with no case goes after the `none` years from registration', async () => {
      const db = t.deps.database.db;
      const start = t.clock.now();
      const reg = await call(t, worker, 'POST', '/api/beneficiaries', { nameLatin: `Solo ${marker()}`, sex: 'male' });
      assert.equal(reg.statusCode, 201, reg.body);
      const id = reg.json().id as string;
      const created = new Date(reg.json().createdAt ?? start.toISOString());
      const now1 = new Date(created.getTime() + 5 * YEAR - 2 * DAY);
      await applyRetention(db, engine, now1, DEFAULT_RETENTION);
      assert.notEqual(
        (await db.selectFrom('beneficiaries').select('name_latin').where('id', '=', id).executeTakeFirstOrThrow())
          .name_latin,
        ANONYMISED_NAME,
      );
      await applyRetention(db, engine, new Date(created.getTime() + 5 * YEAR + 3 * DAY), DEFAULT_RETENTION);
      assert.equal(
        (await db.selectFrom('beneficiaries').select('name_latin').where('id', '=', id).executeTakeFirstOrThrow())
          .name_latin,
        ANONYMISED_NAME,
      );
    });
  });
}

describe('retention schedule', () => {
  const p = { created_at: '2020-01-01T00:00:00.000Z', date_of_birth: '2010-05-05' };
  test('each case type keeps the person its own years after closure; the latest end wins', () => {
    assert.equal(retentionEnd(p, [{ type: 'protection', closed_on: '2021-02-03' }], DEFAULT_RETENTION), '2026-02-03');
    assert.equal(retentionEnd(p, [{ type: 'trafficking', closed_on: '2021-02-03' }], DEFAULT_RETENTION), '2031-02-03');
    assert.equal(
      retentionEnd(
        p,
        [
          { type: 'protection', closed_on: '2024-01-01' },
          { type: 'gbv', closed_on: '2021-02-03' },
        ],
        DEFAULT_RETENTION,
      ),
      '2029-01-01',
    );
    assert.equal(retentionEnd(p, [{ type: 'avrr', closed_on: null }], DEFAULT_RETENTION), null);
    assert.equal(retentionEnd(p, [], DEFAULT_RETENTION), '2025-01-01');
  });
  test('child cases: until the 25th birthday or ten years after closure, whichever is later', () => {
    assert.equal(retentionEnd(p, [{ type: 'child', closed_on: '2022-01-01' }], DEFAULT_RETENTION), '2035-05-05');
    assert.equal(
      retentionEnd(
        { ...p, date_of_birth: '1990-01-01' },
        [{ type: 'child', closed_on: '2010-01-01' }],
        DEFAULT_RETENTION,
      ),
      '2020-01-01',
    );
  });
  test('the override changes named figures and refuses anything else', () => {
    const r = parseRetention('trafficking=15, none=3');
    assert.ok('schedule' in r);
    assert.equal(r.schedule.trafficking, 15);
    assert.equal(r.schedule.none, 3);
    assert.equal(r.schedule.protection, 5);
    assert.ok('problem' in parseRetention('smuggling=3'));
    assert.ok('problem' in parseRetention('gbv=0'));
    assert.ok('problem' in parseRetention('gbv'));
  });
});
