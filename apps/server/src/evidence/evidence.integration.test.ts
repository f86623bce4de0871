// The evidence base end to end through the API, on each engine: every write that changes a figure changes the
// aggregate cells in its own transaction, so after each step the stored cells equal a recomputation from the raw
// records (verifyEvidence finds no difference), and the API's exact and published views say what they should.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  callAt,
  forms,
  openCase,
  personWithAssistanceBasis,
  recordBasis,
  type Staff,
  signInAgain,
} from '../cases/cases.fixtures.ts';
import { highestReference } from '../db/references.ts';
import { organisationIdQuery } from '../identity/identity.repository.ts';
import { importBatches } from '../imports/imports.service.ts';
import { findJob } from '../jobs/registry.ts';
import { runJob } from '../jobs/runner.ts';
import { addToCells, foldPending, storedCells } from './cells.repository.ts';
import { type CellAddress, type Contribution, contributionsOf } from './contributions.ts';
import { evidenceBeforeWith, maintenance, withEvidenceDeferred } from './maintain.ts';
import { queryExact } from './query.ts';
import { evidenceReader, readerJobsStarted } from './reader.ts';
import { loadSnapshots, lockAndLoadPerson } from './snapshots.repository.ts';
import { rebuildEvidence, verifyEvidence } from './verify.ts';

for (const { engine, skip } of engines()) {
  describe(`evidence: always-fresh aggregates, consent, disclosure control (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let other: string;
    let worker: Staff;
    let supervisor: Staff;
    let analyst: Staff;
    let receiver: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      other = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor', 'caseworker']);
      analyst = await buildStaff(t, org, ['analyst']);
      receiver = await buildStaff(t, other, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    const noDifference = async (step: string) => {
      const report = await verifyEvidence(t.deps.database.db, t.clock.now());
      assert.deepEqual(report.differences, [], `stored cells differ from the recomputation after: ${step}`);
      assert.deepEqual(report.keptDifferences, [], `kept snapshots differ from the records after: ${step}`);
    };
    const statistics = async (who: Staff, id: string, action: 'grant' | 'withdraw') => {
      const res = await call(t, who, 'POST', `/api/beneficiaries/${id}/consents`, {
        purpose: 'statistics',
        recipientOrganisationId: null,
        basis: 'consent',
        action,
        informationGiven: 'Counted in anonymous statistics; explained in Tigrinya.',
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    const exact = async (indicator: string, query: string, who: Staff = analyst) => {
      const res = await call(t, who, 'GET', `/api/evidence/indicators/${indicator}/values?view=exact&${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as {
        cells: { period: string; values: Record<string, string>; value: number; excluded: number }[];
        excluded: number;
        digest: string;
      };
    };
    const total = async (indicator: string, query = 'grain=year&from=2026&to=2026') => {
      const r = await exact(indicator, query);
      const cell = r.cells.find((c) => Object.keys(c.values).length === 0);
      return { value: cell?.value ?? 0, excluded: cell?.excluded ?? 0 };
    };

    test('a case, a service, a referral, a closure, a change of sex and a withdrawal each move the figures at once', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      await statistics(worker, person, 'grant');
      await noDifference('consent');
      assert.deepEqual(await total('beneficiaries_assisted'), { value: 0, excluded: 0 });

      const trafficking = await openCase(t, worker, person, forms.trafficking(), { openedOn: '2026-03-02' });
      await noDifference('trafficking case opened');
      assert.deepEqual(await total('beneficiaries_assisted'), { value: 1, excluded: 0 });
      assert.deepEqual(await total('trafficking_victims_assisted'), { value: 1, excluded: 0 });
      // SDG 16.2.2 shape: one victim of two forms is in both forms' cells and once in the total.
      const forms162 = await exact('trafficking_victims_assisted', 'grain=year&from=2026&to=2026&by=exploitation_type');
      const byForm = Object.fromEntries(forms162.cells.map((c) => [c.values.exploitation_type, c.value]));
      assert.deepEqual(byForm, { ForcedLabour: 1, SexualExploitation: 1, '*': 1 });

      const child = await openCase(t, worker, person, forms.child(), { openedOn: '2026-03-03' });
      await noDifference('child case opened');
      // Born 1998: not a minor, so not among unaccompanied minor victims.
      assert.deepEqual(await total('unaccompanied_minor_victims'), { value: 0, excluded: 0 });
      assert.equal((await total('cases_opened')).value, 2);

      const service = await call(t, worker, 'POST', `/api/cases/${trafficking.id}/services`, {
        serviceType: 'health_care',
        deliveredOn: '2026-04-10',
        valueMinor: 12_500,
        currency: 'USD',
      });
      assert.equal(service.statusCode, 201, service.body);
      await noDifference('service added');
      assert.equal((await total('services_delivered')).value, 1);
      // A sum of money is read per currency: asked without a breakdown, the table comes by currency, with no
      // total over the currencies; two breakdowns without the currency are refused.
      const value = await exact('services_value', 'grain=year&from=2026&to=2026');
      assert.deepEqual(
        value.cells.map((c) => [c.values, c.value]),
        [[{ currency: 'USD' }, 12_500]],
      );
      const twoOthers = await call(
        t,
        analyst,
        'GET',
        '/api/evidence/indicators/services_value/values?view=exact&grain=year&from=2026&to=2026&by=sex,case_type',
      );
      assert.equal(twoOthers.statusCode, 400, twoOthers.body);
      assert.match(twoOthers.json().errors[0].message, /per currency/);
      const oneCurrency = await exact('services_value', 'grain=year&from=2026&to=2026&currency=USD');
      assert.deepEqual(
        oneCurrency.cells.map((c) => [c.values, c.value]),
        [[{}, 12_500]],
      );
      // The same person in March and April is one person in the year and in each quarter.
      const quarters = await exact('beneficiaries_assisted', 'grain=quarter&from=2026-Q1&to=2026-Q2');
      assert.deepEqual(
        quarters.cells.map((c) => [c.period, c.value]),
        [
          ['2026-Q1', 1],
          ['2026-Q2', 1],
        ],
      );
      assert.equal((await total('beneficiaries_assisted')).value, 1);

      // A referral sent, accepted and closed by the receiver: sent and completed, for the sending organisation.
      await recordBasis(t, worker, { beneficiaryId: person, purpose: 'referral', recipientOrganisationId: other });
      const sent = await call(t, worker, 'POST', `/api/cases/${child.id}/referrals`, {
        toOrganisationId: other,
        serviceType: 'alternative_care',
        reason: 'AdditionalServicesRequired',
        message: null,
        dueOn: null,
      });
      assert.equal(sent.statusCode, 201, sent.body);
      const referral = sent.json().id as string;
      await noDifference('referral sent');
      assert.equal((await total('referrals_sent')).value, 1);
      assert.equal(
        (await callAt(t, receiver, 'referrals', referral, `/api/referrals/${referral}/accept`)).statusCode,
        200,
      );
      // A child's referral is sensitive: the receiving supervisor assigns it before it is worked on.
      const assigned = await callAt(t, receiver, 'referrals', referral, `/api/referrals/${referral}/assignment`, {
        userId: receiver.id,
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const closed = await callAt(t, receiver, 'referrals', referral, `/api/referrals/${referral}/close`, {
        outcome: 'Placed with a foster family.',
      });
      assert.equal(closed.statusCode, 200, closed.body);
      await noDifference('referral closed');
      assert.equal((await total('referrals_completed')).value, 1);

      // Closure: requested by the caseworker, approved by another supervisor.
      assert.equal(
        (
          await callAt(t, worker, 'cases', child.id, `/api/cases/${child.id}/closure-request`, {
            reason: 'Done.',
            referred: false,
          })
        ).statusCode,
        200,
      );
      const decided = await callAt(t, supervisor, 'cases', child.id, `/api/cases/${child.id}/closure-decision`, {
        decision: 'approve',
        reason: null,
      });
      assert.equal(decided.statusCode, 200, decided.body);
      await noDifference('case closed');
      assert.equal((await total('cases_closed', 'grain=year&from=2026&to=2026')).value, 1);

      // A change of sex moves the person between cells; the total stays.
      const read = await call(t, worker, 'GET', `/api/beneficiaries/${person}`);
      const patched = await call(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${person}`,
        { sex: 'male' },
        {
          'if-match': read.headers.etag as string,
        },
      );
      assert.equal(patched.statusCode, 200, patched.body);
      await noDifference('sex changed');
      const bySex = await exact('beneficiaries_assisted', 'grain=year&from=2026&to=2026&by=sex');
      assert.deepEqual(
        bySex.cells.map((c) => [c.values.sex, c.value]),
        [
          ['male', 1],
          ['*', 1],
        ],
      );

      // Withdrawing the statistics consent moves every record of the person to "excluded".
      await statistics(worker, person, 'withdraw');
      await noDifference('statistics consent withdrawn');
      assert.deepEqual(await total('beneficiaries_assisted'), { value: 0, excluded: 1 });
      assert.equal((await exact('cases_opened', 'grain=year&from=2026&to=2026')).excluded, 2);
      await statistics(worker, person, 'grant');
      await noDifference('statistics consent granted again');
      assert.deepEqual(await total('beneficiaries_assisted'), { value: 1, excluded: 0 });
    });

    test('people without a statistics basis are counted as excluded, never as figures', async () => {
      const before = await total('beneficiaries_assisted');
      const person = await personWithAssistanceBasis(t, worker);
      await openCase(t, worker, person, forms.protection(), { openedOn: '2026-05-05' });
      await noDifference('case of a person without statistics basis');
      const now = await total('beneficiaries_assisted');
      assert.equal(now.value, before.value);
      assert.equal(now.excluded, before.excluded + 1);
    });

    test('erasure and anonymisation take a person out of (or move them within) the figures in the same transaction', async () => {
      const erased = await personWithAssistanceBasis(t, worker);
      await statistics(worker, erased, 'grant');
      await openCase(t, worker, erased, forms.protection(), { openedOn: '2026-02-01' });
      const anonymised = await personWithAssistanceBasis(t, worker);
      await statistics(worker, anonymised, 'grant');
      await openCase(t, worker, anonymised, forms.avrr(), { openedOn: '2026-02-01' });
      await noDifference('two cases');
      const before = await total('cases_opened');
      for (const [id, mode] of [
        [erased, 'erase'],
        [anonymised, 'anonymise'],
      ] as const) {
        const res = await call(t, supervisor, 'POST', `/api/beneficiaries/${id}/erasure`, {
          mode,
          reason: 'subject_request',
        });
        assert.equal(res.statusCode, 200, res.body);
        await noDifference(mode);
      }
      const after = await total('cases_opened');
      // The erased case is gone; the anonymised one stays, without its consent ledger, so excluded.
      assert.equal(after.value, before.value - 2);
      assert.equal(after.excluded, before.excluded + 1);
    });

    test('published cells below the threshold are suppressed with their complements; exact reads are audited', async () => {
      // Six more women with a protection case in 2027: a table by sex has one small cell (a man) to protect.
      const people: string[] = [];
      for (let i = 0; i < 6; i++) people.push(await personWithAssistanceBasis(t, worker));
      const man = await personWithAssistanceBasis(t, worker);
      for (const id of [...people, man]) await statistics(worker, id, 'grant');
      const read = await call(t, worker, 'GET', `/api/beneficiaries/${man}`);
      await call(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${man}`,
        { sex: 'male' },
        { 'if-match': read.headers.etag as string },
      );
      t.clock.set(new Date('2027-03-01T09:00:00.000Z'));
      await signInAgain(t, worker, supervisor, analyst);
      for (const id of [...people, man]) await openCase(t, worker, id, forms.protection(), { openedOn: '2027-02-01' });
      await noDifference('2027 cases');

      const url = '/api/evidence/indicators/cases_opened/values?grain=year&from=2027&to=2027&by=sex';
      const published = await call(t, supervisor, 'GET', url);
      assert.equal(published.statusCode, 200, published.body);
      const cells = published.json().cells as { values: { sex: string }; value: number | null; status: string }[];
      const of = (sex: string) => cells.find((c) => c.values.sex === sex)!;
      assert.equal(of('male').status, 'primary');
      assert.equal(of('male').value, null);
      // With only women and one man, the women's cell (or the total) must go too, or male = total - women.
      assert.ok(of('female').value === null || of('*').value === null);
      for (const c of cells) if (c.value !== null) assert.ok(c.value === 0 || c.value >= 5);

      // Exact values: analysts yes (audited), supervisors no; the platform scope is for platform administrators.
      assert.equal((await call(t, supervisor, 'GET', `${url}&view=exact`)).statusCode, 403);
      const auditBefore = await t.deps.database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'evidence.exact_read')
        .execute();
      const ex = await call(t, analyst, 'GET', `${url}&view=exact`);
      assert.equal(ex.statusCode, 200, ex.body);
      const auditAfter = await t.deps.database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'evidence.exact_read')
        .execute();
      assert.equal(auditAfter.length, auditBefore.length + 1);
      assert.equal((await call(t, analyst, 'GET', `${url}&scope=platform`)).statusCode, 403);
      assert.equal((await call(t, worker, 'GET', url)).statusCode, 403);
      // Another organisation's analyst sees its own (empty) figures, never these.
      const otherAnalyst = await buildStaff(t, other, ['analyst']);
      const theirs = await call(t, otherAnalyst, 'GET', `${url}&view=exact`);
      assert.equal(theirs.statusCode, 200);
      assert.deepEqual(theirs.json().cells, []);
      // The platform adds up every organisation's cells: here only this organisation has 2027 cases.
      const q = { indicatorId: 'cases_opened', grain: 'year', from: '2027', to: '2027', by: ['sex'] } as const;
      const platformWide = await queryExact(t.deps.database.db, { platform: true }, { ...q, by: [...q.by] });
      const plain = (cells: { period: string; values: object; value: number; excluded: number }[]) =>
        cells.map(({ period, values, value, excluded }) => ({ period, values, value, excluded }));
      assert.deepEqual(plain(platformWide.cells), plain(ex.json().cells));
      assert.ok(platformWide.cells.some((c) => c.value > 0));
      assert.equal(
        (await call(t, analyst, 'GET', '/api/evidence/indicators/nope/values?from=2027&to=2027')).statusCode,
        404,
      );
      const bad = await call(
        t,
        analyst,
        'GET',
        '/api/evidence/indicators/cases_opened/values?grain=year&from=2027-Q1&to=2027',
      );
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'validation_failed');
    });

    test('a bulk import applies its deltas once, grouped; a dry run changes nothing', async () => {
      const example = (name: string) => fs.readFileSync(new URL(`../../../../docs/examples/${name}`, import.meta.url));
      const send = (kind: string, filename: string, content: Buffer, validateOnly = false) =>
        call(t, worker, 'POST', '/api/imports', {
          kind,
          filename,
          content: content.toString('base64'),
          basis: 'public_interest',
          informationGiven: 'Registration for assistance explained in the person’s language.',
          ...(validateOnly ? { validateOnly: true } : {}),
        });
      const before = await total('trafficking_victims_assisted');
      const dry = await send('trafficking-cases', 'vot.csv', example('trafficking-cases-htcds.csv'), true);
      assert.equal(dry.statusCode, 200, dry.body);
      await noDifference('dry run');
      assert.deepEqual(await total('trafficking_victims_assisted'), before);
      const res = await send('trafficking-cases', 'vot.csv', example('trafficking-cases-htcds.csv'));
      assert.equal(res.statusCode, 200, res.body);
      await noDifference('import of trafficking cases');
      // A dry run of services on existing cases adds nothing either (what it would add is known without a read).
      const beforeServices = await total('services_delivered');
      const dryServices = await send('services', 'services.csv', example('services.csv'), true);
      assert.equal(dryServices.statusCode, 200, dryServices.body);
      await noDifference('dry run of services');
      assert.deepEqual(await total('services_delivered'), beforeServices);
      const services = await send('services', 'services.csv', example('services.csv'));
      assert.equal(services.statusCode, 200, services.body);
      await noDifference('import of services');
      // The imported people have an assistance basis only: counted as excluded, not as figures.
      const after = await total('trafficking_victims_assisted');
      assert.equal(after.value, before.value);
      assert.equal(after.excluded, before.excluded + 2);
    });

    test('concurrent writers on one person and on many keep the cells exact', async () => {
      const shared = await personWithAssistanceBasis(t, worker);
      await statistics(worker, shared, 'grant');
      const c = await openCase(t, worker, shared, forms.protection(), { openedOn: '2026-05-01' });
      const others: string[] = [];
      for (let i = 0; i < 4; i++) {
        const id = await personWithAssistanceBasis(t, worker);
        await statistics(worker, id, 'grant');
        others.push((await openCase(t, worker, id, forms.protection(), { openedOn: '2026-05-01' })).id);
      }
      const service = (caseId: string, day: number) =>
        call(t, worker, 'POST', `/api/cases/${caseId}/services`, {
          serviceType: 'food_and_items',
          deliveredOn: `2026-05-${String(day).padStart(2, '0')}`,
          valueMinor: 1000,
          currency: 'USD',
        });
      const results = await Promise.all([
        ...[2, 3, 4, 5, 6, 7].map((d) => service(c.id, d)),
        ...others.map((id, i) => service(id, 10 + i)),
      ]);
      for (const r of results) assert.equal(r.statusCode, 201, r.body);
      await noDifference('concurrent services');
    });

    test('a single write leaves one pending row; a fold adds it to the cells with its time; every read folds first', async () => {
      const { db } = t.deps.database;
      await foldPending(db);
      const pending = async () =>
        Number(
          (
            await db
              .selectFrom('evidence_pending')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const opened = async () => {
        const r = await db
          .selectFrom('evidence_cells')
          .select((eb) => [eb.fn.sum<number>('value').as('value'), eb.fn.max('updated_at').as('at')])
          .where('organisation_id', '=', org)
          .where('indicator_id', '=', 'cases_opened')
          .where('grain', '=', 'month')
          .where('period', '=', '2026-08')
          .where('level', '=', 'summary')
          .executeTakeFirst();
        return { value: Number(r?.value ?? 0), at: r?.at ?? null };
      };
      const person = await personWithAssistanceBasis(t, worker);
      await statistics(worker, person, 'grant');
      await foldPending(db);
      const before = await opened();
      const first = t.clock.now().toISOString();
      await openCase(t, worker, person, forms.protection(), { openedOn: '2026-08-03' });
      t.clock.advance(60_000);
      const second = t.clock.now().toISOString();
      const other = await personWithAssistanceBasis(t, worker);
      await statistics(worker, other, 'grant');
      await foldPending(db);
      await openCase(t, worker, other, forms.protection(), { openedOn: '2026-08-04' });
      assert.equal(await pending(), 1, 'one pending row for the one write');
      assert.deepEqual(await opened(), { value: before.value + 1, at: first }, 'the cells wait for the fold');
      // Any read of the cells folds first: the API's exact view counts both cases.
      const r = await exact('cases_opened', 'grain=month&from=2026-08&to=2026-08');
      assert.equal(r.cells.find((c) => Object.keys(c.values).length === 0)?.value, before.value + 2);
      assert.equal(await pending(), 0);
      // The cell's time is its latest write's, not the fold's.
      t.clock.advance(60_000);
      assert.deepEqual(await opened(), { value: before.value + 2, at: second });
      await noDifference('folded writes');
    });

    test('the evidence-fold job folds the pending rows; a rebuild clears them with the cells', async () => {
      const { db } = t.deps.database;
      const person = await personWithAssistanceBasis(t, worker);
      await statistics(worker, person, 'grant');
      await openCase(t, worker, person, forms.protection(), { openedOn: '2026-09-01' });
      const waiting = await db.selectFrom('evidence_pending').select('seq').execute();
      assert.ok(waiting.length > 0);
      const run = await runJob(t.deps, findJob('evidence-fold')!, {}, { trigger: 'cli' });
      assert.equal(run.folded, waiting.length);
      assert.deepEqual(await db.selectFrom('evidence_pending').select('seq').execute(), []);
      await noDifference('the fold job');
      // A rebuild starts from nothing: pending rows of earlier writes are not added twice.
      await openCase(t, worker, person, forms.protection(), { openedOn: '2026-09-02' });
      await rebuildEvidence(db, t.clock.now());
      assert.deepEqual(await db.selectFrom('evidence_pending').select('seq').execute(), []);
      await noDifference('a rebuild with pending rows');
    });

    test('a bulk write appends its deltas as pending rows of at most 64 cell rows; a fold adds them all', async () => {
      const { db } = t.deps.database;
      await foldPending(db);
      // What 40 people of different nationalities and months contribute: several hundred cell rows.
      const deltas = new Map<CellAddress, Contribution>();
      for (let i = 0; i < 40; i++)
        contributionsOf(
          {
            person: {
              id: randomUUID(),
              organisation_id: other,
              sex: i % 2 ? 'female' : 'male',
              date_of_birth: `19${70 + (i % 30)}-05-01`,
              country: 'IRQ',
              pcode: null,
              citizenships: ['SYR', 'AFG', 'ERI', 'NGA', 'BGD'][i % 5]!,
            },
            counted: true,
            cases: [
              {
                id: randomUUID(),
                organisation_id: other,
                type: 'protection',
                opened_on: `2025-${String(1 + (i % 12)).padStart(2, '0')}-02`,
                closed_on: null,
                exploitation: [],
                unaccompanied: false,
              },
            ],
            services: [],
            referrals: [],
          },
          deltas,
        );
      const before = await storedCells(db);
      await db.transaction().execute((trx) => addToCells(trx, deltas, t.clock.now()));
      const pending = await db.selectFrom('evidence_pending').select('deltas').execute();
      const sizes = pending.map((r) => (JSON.parse(r.deltas) as unknown[]).length);
      assert.ok(sizes.length >= 2, `several pending rows (${sizes.join(', ')})`);
      assert.ok(
        sizes.every((n) => n <= 64),
        `no pending row holds more than 64 cell rows (${sizes.join(', ')})`,
      );
      const expected = new Map(before);
      for (const [a, d] of deltas) {
        const c = expected.get(a) ?? { value: 0, excluded: 0 };
        expected.set(a, { value: c.value + d.value, excluded: c.excluded + d.excluded });
      }
      // storedCells folds first: every pending row is added, once.
      assert.deepEqual(await storedCells(db), expected);
      assert.deepEqual(await db.selectFrom('evidence_pending').select('seq').execute(), []);
      // Taken out again, directly (not pending): the cells are back as they were.
      const negated = new Map([...deltas].map(([a, d]) => [a, { value: -d.value, excluded: -d.excluded }] as const));
      await db.transaction().execute((trx) => addToCells(trx, negated, t.clock.now(), true));
      assert.deepEqual(await db.selectFrom('evidence_pending').select('seq').execute(), []);
      assert.deepEqual(await storedCells(db), before);
      await noDifference('a bulk write through pending rows');
    });

    test('a write during a rebuild is added once: neither in the recomputation twice nor lost', async () => {
      const { db } = t.deps.database;
      const person = await personWithAssistanceBasis(t, worker);
      await statistics(worker, person, 'grant');
      let write: Promise<{ statusCode: number; body: string }> | undefined;
      await rebuildEvidence(db, t.clock.now(), {
        afterClear: async () => {
          // The cells are cleared, the records not read yet. SQLite: the write waits for the rebuild; PostgreSQL:
          // it commits now, on records the rebuild's snapshot does not see, with its pending row kept.
          write = call(t, worker, 'POST', '/api/cases', {
            beneficiaryId: person,
            form: forms.protection(),
            openedOn: '2026-11-20',
          });
          await new Promise((r) => setTimeout(r, engine === 'postgres' ? 400 : 50));
        },
      });
      const res = await write!;
      assert.equal(res.statusCode, 201, res.body);
      await noDifference('a write during a rebuild');
    });

    test('concurrent writers and concurrent folds never lose nor double a delta', async () => {
      const { db } = t.deps.database;
      const people: string[] = [];
      for (let i = 0; i < 6; i++) {
        const id = await personWithAssistanceBasis(t, worker);
        await statistics(worker, id, 'grant');
        people.push(id);
      }
      const folds: Promise<number>[] = [];
      const writes = people.map(async (id, i) => {
        for (let k = 0; k < 3; k++) {
          const res = await call(t, worker, 'POST', '/api/cases', {
            beneficiaryId: id,
            form: forms.protection(),
            openedOn: `2026-10-${String(1 + i + k).padStart(2, '0')}`,
          });
          assert.equal(res.statusCode, 201, res.body);
          folds.push(foldPending(db));
        }
      });
      await Promise.all(writes);
      const folded = (await Promise.all(folds)).reduce((a, b) => a + b, 0) + (await foldPending(db));
      assert.equal(folded, 18, 'every write folded exactly once');
      await noDifference('concurrent writes and folds');
    });

    for (const thread of [false, true])
      test(`imports and API writes on the same people at once keep the cells exact (${thread ? 'evidence reader thread' : 'read in place'})`, async () => {
        // Two services files on the same 12 cases and single services added through the API, all at once: each
        // import locks and reads its people as one batch and adds its cells in one bulk statement (more than 64 rows:
        // 5 months, 4 service types), the API writes lock and read one person each; the people overlap throughout.
        // Through the evidence reader thread, the imports lock each batch's people and the thread reads them on a
        // connection of its own (reader.ts).
        const cases: string[] = [];
        for (let i = 0; i < 12; i++) {
          const id = await personWithAssistanceBasis(t, worker);
          if (i % 3 !== 0) await statistics(worker, id, 'grant');
          cases.push((await openCase(t, worker, id, forms.protection(), { openedOn: '2026-01-05' })).id);
        }
        const types = ['food_and_items', 'health_care', 'education', 'transport'];
        const file = (tag: string, day: number) => {
          const lines = ['source_id,case_id,service_type,delivered_on,value_minor,currency'];
          cases.forEach((c, i) => {
            for (let m = 1; m <= 5; m++)
              if ((i + m) % 2 === 0 || tag === 'B')
                lines.push(
                  `${thread ? 't' : ''}${tag}-${i}-${m},${c},${types[(i + m) % 4]},2026-0${m}-${day},${100 * m},USD`,
                );
          });
          return Buffer.from(`${lines.join('\n')}\n`);
        };
        const send = (filename: string, content: Buffer) =>
          call(t, worker, 'POST', '/api/imports', { kind: 'services', filename, content: content.toString('base64') });
        const service = (caseId: string, day: number) =>
          call(t, worker, 'POST', `/api/cases/${caseId}/services`, {
            serviceType: 'legal_assistance',
            deliveredOn: `2026-05-${20 + day}`,
            valueMinor: 500,
            currency: 'USD',
          });
        // Batches of 7 rows: each import reads its people batch after batch, a person's rows spread over several.
        const batch = importBatches.services;
        const reader = { ...evidenceReader };
        const jobs = readerJobsStarted();
        importBatches.services = 7;
        if (thread) Object.assign(evidenceReader, { fromPeople: 1, fromBytes: 0, processors: 2 });
        try {
          const results = await Promise.all([
            send('a.csv', file('A', 10)),
            service(cases[0]!, 1),
            send('b.csv', file('B', 11)),
            ...cases.slice(1, 6).map((c, i) => service(c, 2 + i)),
          ]);
          for (const r of results) assert.ok(r.statusCode === 200 || r.statusCode === 201, r.body);
        } finally {
          importBatches.services = batch;
          Object.assign(evidenceReader, reader);
        }
        // (The test app's SQLite database is in memory: no file for the thread to open, so it reads in place.)
        assert.equal(readerJobsStarted() - jobs, thread && engine === 'postgres' ? 2 : 0);
        await noDifference('concurrent imports and API writes');
      });

    test('an import over many batches applies expired statistics grants once and keeps the cells exact', async () => {
      // People written again batch after batch (their differences derived as the import goes on PostgreSQL), some
      // with a statistics grant that has expired without the expiry being applied yet.
      const cases: string[] = [];
      for (let i = 0; i < 9; i++) {
        const id = await personWithAssistanceBasis(t, worker);
        if (i % 3 === 0) await statistics(worker, id, 'grant');
        if (i % 3 === 1) {
          const res = await call(t, worker, 'POST', `/api/beneficiaries/${id}/consents`, {
            purpose: 'statistics',
            recipientOrganisationId: null,
            basis: 'consent',
            action: 'grant',
            informationGiven: 'Counted in anonymous statistics until tomorrow.',
            expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
          });
          assert.equal(res.statusCode, 201, res.body);
        }
        cases.push((await openCase(t, worker, id, forms.protection(), { openedOn: '2026-02-03' })).id);
      }
      t.clock.advance(2 * 86_400_000);
      await signInAgain(t, worker, supervisor, analyst, receiver);
      const lines = ['source_id,case_id,service_type,delivered_on,value_minor,currency'];
      for (let m = 3; m <= 5; m++)
        for (const [i, c] of cases.entries())
          lines.push(`E-${i}-${m},${c},health_care,2026-0${m}-0${1 + (i % 9)},${700 + i},USD`);
      const batch = importBatches.services;
      importBatches.services = 4;
      try {
        const res = await call(t, worker, 'POST', '/api/imports', {
          kind: 'services',
          filename: 'expired.csv',
          content: Buffer.from(`${lines.join('\n')}\n`).toString('base64'),
        });
        assert.equal(res.statusCode, 200, res.body);
      } finally {
        importBatches.services = batch;
      }
      await noDifference('an import over many batches, expired grants');
    });

    test('PostgreSQL: a single write locks and reads its person in one round trip, as the batch read reads them', {
      skip: engine !== 'postgres' && 'the function is PostgreSQL only',
    }, async () => {
      // Everyone the tests above wrote: cases of each type with their forms, services, referrals, statistics grants
      // in force, withdrawn, expired and applied. evidence_person_read (a migration's copy of the read for one
      // person) must give each the snapshot the batch read gives.
      const { db } = t.deps.database;
      const ids = (await db.selectFrom('beneficiaries').select('id').orderBy('id').execute()).map((r) => r.id);
      assert.ok(ids.length > 30, `${ids.length} people`);
      const now = t.clock.now();
      await db.transaction().execute(async (trx) => {
        const batch = await loadSnapshots(trx, ids, now);
        let withRecords = 0;
        for (const id of ids) {
          const one = await lockAndLoadPerson(trx, id, now);
          assert.equal(one.kept, 'miss');
          assert.deepEqual(one.before.get(id), batch.get(id), id);
          if (batch.get(id)!.cases.length && batch.get(id)!.services.length) withRecords++;
        }
        assert.ok(withRecords > 10, `${withRecords} people with cases and services`);
      });
    });

    test('a single write reads its person together with another read of the write, as evidenceBefore reads them', async () => {
      // On PostgreSQL one statement (lockAndLoadPersonWith); on SQLite, with maintenance off or inside a bulk write's
      // deferral, the read and then evidenceBefore. Either way: the read's rows as the read alone gives them, and the
      // person as the batch read gives them.
      const { db } = t.deps.database;
      const ids = (await db.selectFrom('beneficiaries').select('id').orderBy('id').limit(40).execute()).map(
        (r) => r.id,
      );
      const now = t.clock.now();
      const reads = [
        organisationIdQuery(db, org),
        organisationIdQuery(db, '00000000-0000-4000-8000-00000000abcd'),
        highestReference(db, 'cases', org, 'VOT-2026-').compile(),
        highestReference(db, 'cases', org, 'NONE-2026-').compile(),
      ];
      const alone = await Promise.all(reads.map(async (q) => (await db.executeQuery(q)).rows));
      assert.deepEqual(alone[0], [{ id: org }]);
      assert.deepEqual(alone[1], []);
      assert.match(String((alone[2]![0] as unknown as { last: string }).last), /^VOT-2026-\d{6}$/);
      assert.deepEqual(alone[3], [{ last: null }]);
      await db.transaction().execute(async (trx) => {
        const batch = await loadSnapshots(trx, ids, now);
        for (const [i, id] of ids.entries()) {
          const q = reads[i % reads.length]!;
          const { change, rows } = await evidenceBeforeWith(trx, id, now, q);
          assert.deepEqual(rows, alone[i % reads.length], `read ${i % reads.length}`);
          assert.deepEqual(change.ids, [id]);
          assert.deepEqual(change.before?.get(id), batch.get(id), id);
        }
      });
      await db.transaction().execute(async (trx) => {
        maintenance.enabled = false;
        try {
          const { change, rows } = await evidenceBeforeWith(trx, ids[0]!, now, reads[0]!);
          assert.deepEqual(rows, alone[0]);
          assert.equal(change.before, null);
        } finally {
          maintenance.enabled = true;
        }
        await withEvidenceDeferred(
          trx,
          now,
          async () => {
            const { change, rows } = await evidenceBeforeWith(trx, ids[1]!, now, reads[2]!);
            assert.deepEqual(rows, alone[2]);
            assert.equal(change.before, null, 'inside a deferral the person is only noted');
          },
          { reader: false },
        );
      });
      await noDifference('reads only');
    });

    test('asked with a language, the values name their periods and dimension values (published and exact)', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      await statistics(worker, person, 'grant');
      const c = await openCase(t, worker, person, forms.protection(), { openedOn: '2026-08-05' });
      const range = 'grain=month&from=2026-07&to=2026-08&by=sex';
      for (const view of ['exact', 'published'] as const) {
        const res = await call(
          t,
          analyst,
          'GET',
          `/api/evidence/indicators/cases_opened/values?view=${view}&${range}&language=fr`,
        );
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json() as {
          periods: string[];
          periodLabels?: Record<string, string>;
          labels?: Record<string, Record<string, string>>;
        };
        assert.deepEqual(body.periods, ['2026-07', '2026-08']);
        assert.deepEqual(body.periodLabels, { '2026-07': 'juil. 2026', '2026-08': 'août 2026' });
        if (view === 'exact') assert.equal(body.labels?.sex?.female, 'Femmes', JSON.stringify(body.labels));
      }
      // Service types by their names in the language asked (the web app's vocabulary labels), in the table and on
      // the server-drawn bars alike, never by their codes.
      const served = await call(t, worker, 'POST', `/api/cases/${c.id}/services`, {
        serviceType: 'mental_health_psychosocial',
        deliveredOn: '2026-08-06',
      });
      assert.equal(served.statusCode, 201, served.body);
      for (const [lng, name] of [
        ['fr', 'Santé mentale et soutien psychosocial'],
        ['ar', 'الصحة النفسية والدعم النفسي الاجتماعي'],
      ] as const) {
        const dash = await call(
          t,
          analyst,
          'GET',
          `/api/evidence/dashboard/table?indicator=services_delivered&grain=year&from=2026&to=2026&by=service_type&chart=bars&language=${lng}`,
        );
        assert.equal(dash.statusCode, 200, dash.body);
        const table = dash.json() as { labels: Record<string, Record<string, string>>; chart: string };
        assert.equal(table.labels.service_type?.mental_health_psychosocial, name, JSON.stringify(table.labels));
        assert.equal(table.labels.service_type?.health_care, lng === 'fr' ? 'Soins de santé' : 'الرعاية الصحية');
        assert.ok(table.chart.includes(name), 'the bar is labelled by name');
        assert.doesNotMatch(table.chart, />mental_health_psychosocial</);
        const exactLabels = (
          await call(
            t,
            analyst,
            'GET',
            `/api/evidence/indicators/services_delivered/values?view=exact&grain=year&from=2026&to=2026&by=service_type&language=${lng}`,
          )
        ).json().labels;
        assert.equal(exactLabels.service_type.mental_health_psychosocial, name);
      }
      // Without a language, codes only (as before): no names in the answer.
      const plain = await exact('cases_opened', range);
      assert.equal('periodLabels' in plain, false);
      // A language outside the four is refused with the field named.
      const bad = await call(t, analyst, 'GET', `/api/evidence/indicators/cases_opened/values?${range}&language=de`);
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(bad.body, /language/);
    });

    test('a sum of money left out for want of a statistics basis is given per currency, never added up', async () => {
      // 2028: a year of its own (the last test to move the clock). A counted person's services in USD; an uncounted
      // person's services in USD (five) and IQD (one).
      const counted = await personWithAssistanceBasis(t, worker);
      await statistics(worker, counted, 'grant');
      const uncounted = await personWithAssistanceBasis(t, worker);
      t.clock.set(new Date('2028-03-01T09:00:00.000Z'));
      await signInAgain(t, worker, supervisor, analyst);
      const service = async (person: string, valueMinor: number, currency: string) => {
        const c = await openCase(t, worker, person, forms.protection(), { openedOn: '2028-02-01' });
        const res = await call(t, worker, 'POST', `/api/cases/${c.id}/services`, {
          serviceType: 'health_care',
          deliveredOn: '2028-02-10',
          valueMinor,
          currency,
        });
        assert.equal(res.statusCode, 201, res.body);
      };
      for (let i = 0; i < 5; i++) await service(counted, 800, 'USD');
      for (const v of [2_000, 2_500, 2_500, 2_500, 3_030]) await service(uncounted, v, 'USD');
      await service(uncounted, 30_070, 'IQD');
      await noDifference('services in two currencies');
      const year = 'grain=year&from=2028&to=2028';
      const exactValue = async (query: string) => {
        const res = await call(t, analyst, 'GET', `/api/evidence/indicators/services_value/values?view=exact&${query}`);
        assert.equal(res.statusCode, 200, res.body);
        return res.json() as { excluded: number | null; excludedByCurrency?: Record<string, number> };
      };
      for (const query of [year, `${year}&by=currency`, `${year}&by=sex`, `${year}&by=currency,sex`]) {
        const r = await exactValue(query);
        assert.equal(r.excluded, null, query);
        assert.deepEqual(r.excludedByCurrency, { USD: 12_530, IQD: 30_070 }, query);
      }
      assert.deepEqual((await exactValue(`${year}&currency=IQD`)).excludedByCurrency, { IQD: 30_070 });
      // Published, rounded: the amounts per currency, rounded like the cells; an amount of fewer records than the
      // threshold (the one IQD service) is withheld, as it would show what that person received.
      const published = await call(
        t,
        supervisor,
        'GET',
        `/api/evidence/indicators/services_value/values?${year}&rounding=100`,
      );
      assert.equal(published.statusCode, 200, published.body);
      assert.equal(published.json().excluded, null);
      assert.deepEqual(published.json().excludedByCurrency, { USD: 12_500, IQD: null });
      // A count keeps its number of records left out.
      const count = await call(
        t,
        analyst,
        'GET',
        `/api/evidence/indicators/services_delivered/values?view=exact&${year}`,
      );
      assert.equal(count.json().excluded, 6);
      assert.equal(count.json().excludedByCurrency, undefined);
      // The dashboard's charts draw a sum of money as amounts of its currency, not minor units.
      const chart = async (query: string, range = year) => {
        const res = await call(
          t,
          analyst,
          'GET',
          `/api/evidence/dashboard/table?indicator=services_value&${range}&${query}`,
        );
        assert.equal(res.statusCode, 200, res.body);
        return res.json() as { cells: { values: Record<string, string>; value: number | null }[]; chart: string };
      };
      const bars = await chart('by=currency&chart=bars');
      // No IQD row: nobody counted received a service in IQD, and a row of 0 would say that someone left out did.
      assert.deepEqual(
        bars.cells.map((c) => [c.values.currency, c.value]),
        [['USD', 4_000]],
        'the table keeps minor units',
      );
      assert.match(bars.chart, />\$40\.00<\/text>/);
      assert.doesNotMatch(bars.chart, />4,000</);
      // By sex, then currency: one bar per sex and currency (amounts in two currencies have no total).
      const bySex = await chart('by=sex,currency&chart=bars&language=fr');
      assert.match(bySex.chart, /\(USD\)<\/text>/);
      assert.match(bySex.chart, />40,00\s\$US<\/text>/);
      const series = await chart('by=currency&chart=series', 'grain=month&from=2028-01&to=2028-03');
      assert.match(series.chart, /USD, Feb 2028: \$40\.00<\/title>/);
      // An amount is published only when enough records make it up, however large: one person's one service in EUR
      // is suppressed (its records below the threshold; amounts in different currencies have no common margin).
      const another = await personWithAssistanceBasis(t, worker);
      await statistics(worker, another, 'grant');
      await service(another, 100_000, 'EUR');
      await noDifference('a service in a third currency');
      const exactEur = await call(
        t,
        analyst,
        'GET',
        `/api/evidence/indicators/services_value/values?view=exact&${year}&by=currency`,
      );
      const eur = (exactEur.json().cells as { values: Record<string, string>; value: number }[]).find(
        (c) => c.values.currency === 'EUR',
      );
      assert.equal(eur?.value, 100_000, 'the exact view has it');
      const publishedEur = await call(
        t,
        supervisor,
        'GET',
        `/api/evidence/indicators/services_value/values?${year}&by=currency`,
      );
      const cells = publishedEur.json().cells as {
        values: Record<string, string>;
        value: number | null;
        status: string;
      }[];
      const byCurrency = Object.fromEntries(cells.map((c) => [c.values.currency, [c.value, c.status]]));
      assert.deepEqual(byCurrency.EUR, [null, 'primary']);
      assert.deepEqual(byCurrency.USD, [4_000, 'published'], 'five records make up the USD amount');
    });

    test('the list names every indicator with titles in four languages and its tags', async () => {
      const res = await call(t, analyst, 'GET', '/api/evidence/indicators');
      assert.equal(res.statusCode, 200);
      const items = res.json().items as { id: string; titles: Record<string, string>; tags: { sdg: string | null } }[];
      const ids = items.map((i) => i.id);
      for (const id of ['beneficiaries_assisted', 'trafficking_victims_assisted', 'sdg_10_c_1', 'sdg_10_7_1'])
        assert.ok(ids.includes(id), id);
      for (const i of items) for (const l of ['en', 'fr', 'es', 'ar']) assert.ok(i.titles[l]);
      assert.equal(items.find((i) => i.id === 'trafficking_victims_assisted')!.tags.sdg, '16.2.2');
      // Operations register theirs, computed on demand by the API each names.
      const href = (id: string) => (items.find((i) => i.id === id) as { href?: string | null } | undefined)?.href;
      assert.equal(href('people_evacuated'), '/api/movement-figures');
      assert.equal(href('reintegration_scores'), '/api/reintegration/cohorts');
      assert.equal(href('funds_time_to_release'), '/api/fund-figures');
      assert.equal(href('project_people_reached'), '/api/project-figures');
      assert.equal(new Set(ids).size, ids.length, 'no indicator id twice');
    });
  });
}
