// Kept snapshots (snapshot-cache.ts): on PostgreSQL a single write that only adds records to a person (a case, a
// service) leaves their snapshot kept, and the next such write reads it instead of their records; every other write
// to the person's records removes it. Whatever the writes, the kept snapshot equals a read of the records and the
// cells equal a recomputation (evidenceFaults finds nothing). SQLite keeps none.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  engines,
  evidenceFaults,
  NO_EVIDENCE_FAULT,
  startTestApp,
  type TestApp,
} from '../../test/harness.ts';
import { addService } from '../cases/case-records.service.ts';
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
import type { CaseRow } from '../cases/cases.table.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { organisationIdQuery } from '../identity/identity.repository.ts';
import { mergePersons, unmergePersons } from '../linkage/merge.service.ts';
import { evidenceBeforeWith } from './maintain.ts';
import { keptText } from './snapshot-cache.ts';
import { loadSnapshots } from './snapshots.repository.ts';
import { rebuildEvidence } from './verify.ts';

for (const { engine, skip } of engines()) {
  describe(`evidence: kept snapshots of people (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let other: string;
    let worker: Staff;
    let analyst: Staff;
    let receiver: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      other = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      analyst = await buildStaff(t, org, ['analyst']);
      receiver = await buildStaff(t, other, ['caseworker', 'supervisor']);
    });
    after(() => t?.close());

    const pg = engine === 'postgres';
    const db = () => t.deps.database.db;
    const kept = (id: string) =>
      db().selectFrom('evidence_people').selectAll().where('beneficiary_id', '=', id).executeTakeFirst();
    const keptRecords = async (id: string) => {
      const row = await kept(id);
      if (!row) return null;
      const s = JSON.parse(row.snapshot) as { cases: unknown[]; services: unknown[]; referrals: unknown[] };
      return [s.cases.length, s.services.length, s.referrals.length];
    };
    const service = async (caseId: string, deliveredOn: string, valueMinor = 5_000) => {
      const res = await call(t, worker, 'POST', `/api/cases/${caseId}/services`, {
        serviceType: 'health_care',
        deliveredOn,
        valueMinor,
        currency: 'USD',
        description: 'Clinic visit; private details a snapshot must not keep.',
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    const grant = async (id: string, expiresAt: string | null = null) => {
      const res = await call(t, worker, 'POST', `/api/beneficiaries/${id}/consents`, {
        purpose: 'statistics',
        recipientOrganisationId: null,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Counted in anonymous statistics.',
        expiresAt,
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    const total = async (indicator: string) => {
      const res = await call(
        t,
        analyst,
        'GET',
        `/api/evidence/indicators/${indicator}/values?view=exact&grain=year&from=2026&to=2026`,
      );
      assert.equal(res.statusCode, 200, res.body);
      const cells = (res.json() as { cells: { values: object; value: number; excluded: number }[] }).cells;
      const cell = cells.find((c) => Object.keys(c.values).length === 0) ?? cells[0];
      return { value: cell?.value ?? 0, excluded: cell?.excluded ?? 0 };
    };
    const noFault = async (step: string) =>
      assert.deepEqual(await evidenceFaults(db(), t.clock.now()), NO_EVIDENCE_FAULT, step);
    /** A person counted in statistics with a case of `form` opened on `openedOn` and one service on `deliveredOn`. */
    const countedWithService = async (form: Record<string, unknown>, openedOn: string, deliveredOn: string) => {
      const person = await personWithAssistanceBasis(t, worker);
      await grant(person);
      const c = await openCase(t, worker, person, form, { openedOn });
      await service(c.id, deliveredOn);
      return { person, c };
    };
    /** Refers the case to the other organisation, with the person's basis for it; the referral's id. */
    const refer = async (person: string, caseId: string) => {
      await recordBasis(t, worker, { beneficiaryId: person, purpose: 'referral', recipientOrganisationId: other });
      const sent = await call(t, worker, 'POST', `/api/cases/${caseId}/referrals`, {
        toOrganisationId: other,
        serviceType: 'alternative_care',
        reason: 'AdditionalServicesRequired',
        message: null,
        dueOn: null,
      });
      assert.equal(sent.statusCode, 201, sent.body);
      return sent.json().id as string;
    };

    test('a case and services keep the person’s snapshot; the next write reads it, and the figures stay right', async () => {
      const person = await personWithAssistanceBasis(t, worker);
      await grant(person);
      const trafficking = await openCase(t, worker, person, forms.trafficking(), { openedOn: '2026-03-02' });
      await noFault('case opened');
      if (!pg) {
        await service(trafficking.id, '2026-03-05');
        assert.equal(await kept(person), undefined, 'SQLite keeps no snapshot');
        await noFault('service added');
        return;
      }
      assert.deepEqual(await keptRecords(person), [1, 0, 0], 'the case opened keeps the snapshot');
      await service(trafficking.id, '2026-03-05', 12_000);
      assert.deepEqual(await keptRecords(person), [1, 1, 0]);
      const row = (await kept(person))!;
      assert.equal(row.valid_until, null, 'a grant without an expiry: nothing changes with time alone');
      assert.doesNotMatch(row.snapshot, /Clinic visit/, 'only the fields the indicators read are kept');
      // The next write reads the kept snapshot, equal to a read of the records.
      await db()
        .transaction()
        .execute(async (trx) => {
          const now = t.clock.now();
          const { change } = await evidenceBeforeWith(trx, person, now, organisationIdQuery(trx, org));
          assert.equal(change.kept, 'hit');
          const records = (await loadSnapshots(trx, [person], now)).get(person)!;
          assert.equal(keptText(change.before!.get(person)!), keptText(records));
          assert.equal(change.before!.get(person)!.validUntil, null);
        });
      // Services in another month and quarter, read from the kept snapshot: the person counts once in the year.
      await service(trafficking.id, '2026-05-20', 3_000);
      await service(trafficking.id, '2026-05-21', 1_000);
      assert.deepEqual(await keptRecords(person), [1, 3, 0]);
      await noFault('services added from the kept snapshot');
      assert.deepEqual(await total('services_delivered'), { value: 3, excluded: 0 });
      assert.deepEqual(await total('services_value'), { value: 16_000, excluded: 0 });
      assert.deepEqual(await total('beneficiaries_assisted'), { value: 1, excluded: 0 });
    });

    test('other writes to the person’s records remove the kept snapshot; the next single write keeps it again', {
      skip: !pg && 'SQLite keeps no snapshot',
    }, async () => {
      const { person, c: child } = await countedWithService(forms.child(), '2026-04-01', '2026-04-02');
      assert.ok(await kept(person));

      // A referral sent (evidenceBefore): removed; a service keeps it again, with the referral.
      const referral = await refer(person, child.id);
      assert.equal(await kept(person), undefined, 'a referral sent removes it');
      await service(child.id, '2026-04-03');
      assert.deepEqual(await keptRecords(person), [1, 2, 1]);
      assert.match((await kept(person))!.snapshot, /"status":"sent"/);

      // Accepted: no figure moves, but the snapshot holds the referral's status.
      const accepted = await callAt(t, receiver, 'referrals', referral, `/api/referrals/${referral}/accept`);
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(await kept(person), undefined, 'an accepted referral removes it');
      await noFault('referral accepted');
      await service(child.id, '2026-04-04');
      assert.match((await kept(person))!.snapshot, /"status":"accepted"/);

      // A change of the person's sex: removed; the figures move.
      const read = await call(t, worker, 'GET', `/api/beneficiaries/${person}`);
      const patched = await call(
        t,
        worker,
        'PATCH',
        `/api/beneficiaries/${person}`,
        { sex: 'male' },
        { 'if-match': read.headers.etag as string },
      );
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(await kept(person), undefined, 'a change of sex removes it');
      await service(child.id, '2026-04-05');
      assert.match((await kept(person))!.snapshot, /"sex":"male"/);
      await noFault('sex changed, then a service');
    });

    test('a kept snapshot past its statistics grant’s expiry is not used: the write applies the expiry', {
      skip: !pg && 'SQLite keeps no snapshot',
    }, async () => {
      const person = await personWithAssistanceBasis(t, worker);
      const expires = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString();
      await grant(person, expires);
      const protection = await openCase(t, worker, person, forms.protection(), { openedOn: '2026-05-20' });
      await service(protection.id, '2026-05-25');
      const row = (await kept(person))!;
      assert.equal(Date.parse(row.valid_until!), Date.parse(expires));
      const before = await total('cases_opened');

      t.clock.advance(3 * 86_400_000);
      await signInAgain(t, worker, analyst, receiver);
      // The kept snapshot still says "counted"; the write must not trust it.
      await service(protection.id, '2026-06-03');
      assert.equal(await kept(person), undefined, 'a write applying an expiry keeps nothing');
      await noFault('a service after the expiry');
      const afterExpiry = await total('cases_opened');
      assert.equal(afterExpiry.value, before.value - 1, 'the person’s case moved from counted…');
      assert.equal(afterExpiry.excluded, before.excluded + 1, '…to excluded');
      // The next write keeps a snapshot again, no longer counted and valid for good.
      await service(protection.id, '2026-06-04');
      const again = (await kept(person))!;
      assert.equal(again.valid_until, null);
      assert.match(again.snapshot, /"counted":false/);
      await noFault('a service after the expiry was applied');
    });

    test('verify reports a kept snapshot that differs from the records; a rebuild removes kept snapshots', {
      skip: !pg && 'SQLite keeps no snapshot',
    }, async () => {
      const { person, c } = await countedWithService(forms.protection(), '2026-02-01', '2026-02-02');
      const row = (await kept(person))!;
      await db()
        .updateTable('evidence_people')
        .set({ snapshot: row.snapshot.replace('"counted":true', '"counted":false') })
        .where('beneficiary_id', '=', person)
        .execute();
      const faults = await evidenceFaults(db(), t.clock.now());
      assert.deepEqual(faults, { cells: [], keptSnapshots: [person] });
      await rebuildEvidence(db(), t.clock.now());
      assert.equal(
        Number(
          (await db()
            .selectFrom('evidence_people')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst())!.n,
        ),
        0,
      );
      await noFault('rebuilt');
      await service(c.id, '2026-02-03');
      assert.ok(await kept(person));
      await noFault('a service after the rebuild');
    });

    test('a write to a case a merge moved after the write read it is refused; an unmerge takes its referrals back', async () => {
      const m = await personWithAssistanceBasis(t, worker);
      const survivor = await personWithAssistanceBasis(t, worker);
      for (const id of [m, survivor]) await grant(id);
      const c = await openCase(t, worker, m, forms.child(), { openedOn: '2026-03-10' });
      await service(c.id, '2026-03-11');
      const principal: Principal = {
        kind: 'session',
        userId: worker.id,
        id: worker.id,
        organisationId: org,
        roles: ['caseworker'],
        secondFactor: 'none',
      };
      // The write reads the case as the merged person's; the merge commits before it locks that person.
      const stale = (await db()
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow()) as CaseRow;
      const merge = await db()
        .transaction()
        .execute((trx) => mergePersons(trx, org, survivor, m, null, worker.id, t.clock.now()));
      await assert.rejects(
        db()
          .transaction()
          .execute((trx) =>
            addService(
              trx,
              stale,
              principal,
              {
                serviceType: 'health_care',
                deliveredOn: '2026-03-12',
                valueMinor: null,
                currency: null,
                description: null,
                planItemId: null,
              },
              t.clock.now(),
            ),
          ),
        (err: unknown) => err instanceof DomainError && err.code === 'precondition_failed',
      );
      await noFault('a stale write refused');
      // While merged, a referral is sent on the case (now the survivor's); the unmerge takes both back.
      const referral = await refer(survivor, c.id);
      await service(c.id, '2026-03-13');
      await db()
        .transaction()
        .execute((trx) => unmergePersons(trx, merge, worker.id, t.clock.now()));
      const r = await db()
        .selectFrom('referrals')
        .select('beneficiary_id')
        .where('id', '=', referral)
        .executeTakeFirstOrThrow();
      assert.equal(r.beneficiary_id, m, 'the referral went back with its case');
      await service(c.id, '2026-03-14');
      // The basis to refer stayed with the survivor (recorded during the merge): the person's own is recorded again.
      await recordBasis(t, worker, { beneficiaryId: m, purpose: 'referral', recipientOrganisationId: other });
      const accepted = await callAt(t, receiver, 'referrals', referral, `/api/referrals/${referral}/accept`);
      assert.equal(accepted.statusCode, 200, accepted.body);
      await service(c.id, '2026-03-15');
      await noFault('merge, referral, unmerge, answer');
    });

    test('two services for one person at once: the kept snapshot and the figures stay right', {
      skip: !pg && 'SQLite has one writer',
    }, async () => {
      const { person, c } = await countedWithService(forms.protection(), '2026-01-05', '2026-01-06');
      const before = await total('beneficiaries_assisted');
      const services = await total('services_delivered');
      // Both read the person after the lock: the second sees the first's service in the kept snapshot.
      await Promise.all([service(c.id, '2026-01-20'), service(c.id, '2026-01-21'), service(c.id, '2026-02-01')]);
      assert.deepEqual(await keptRecords(person), [1, 4, 0]);
      await noFault('three services at once');
      assert.deepEqual(await total('beneficiaries_assisted'), before);
      assert.equal((await total('services_delivered')).value, services.value + 3);
    });
  });
}
