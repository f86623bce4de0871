// Imports whose people are read and derived in the evidence reader thread (reader.ts, reader-worker.ts) keep the
// aggregates exactly as the raw records say (verifyEvidence finds no difference): cases for people registered
// earlier, services to the same people across several batches, people whose statistics grant expired without the
// expiry being applied, an update of the people themselves (read again at the end), a dry run and a refused file
// (nothing added), on both engines (on PostgreSQL the thread reads on a connection of its own, after the import's
// transaction has locked the people).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportKind } from '@corridor/contracts';
import {
  engines,
  evidenceFaults,
  freshDatabase,
  importFile,
  NO_EVIDENCE_FAULT,
  staffPrincipal,
} from '../../test/harness.ts';
import { updateBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { addService } from '../cases/case-records.service.ts';
import { recordConsent } from '../consent/consent.service.ts';
import { type Database, postgresSourceOf } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import type { Principal } from '../http/principal.ts';
import { planning } from '../imports/import-source.ts';
import { importBatches } from '../imports/imports.service.ts';
import { evidencePrefetch, withEvidenceDeferred } from './maintain.ts';
import { evidenceReader, readerJobsStarted, readerReaches } from './reader.ts';

const NOW = new Date('2026-06-01T09:00:00.000Z');
const HASH_KEY = randomBytes(32);
const FORMS = ['ForcedLabour', 'SexualExploitation', 'ForcedLabour;SexualExploitation', 'ForcedMarriage'];
const saved = { planning: { ...planning }, batches: { ...importBatches }, reader: { ...evidenceReader } };

function peopleCsv(n: number, sex: (i: number) => string): string {
  const lines = ['source_id,given_name,family_name,date_of_birth,sex,citizenships,country'];
  for (let i = 0; i < n; i++)
    lines.push(`P-${i},Person${i},Family${i % 7},19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10},${sex(i)},ERI,SDN`);
  return `${lines.join('\n')}\n`;
}

for (const { engine, skip } of engines()) {
  describe(`evidence reader thread (${engine})`, { skip }, () => {
    let database: Database;
    let drop: () => Promise<void>;
    let p: Principal;

    const run = (kind: ImportKind, csv: string, validateOnly = false) =>
      importFile(database, p, { kind, data: csv, validateOnly }, HASH_KEY, NOW);
    /** An open protection case of the organisation's, the first or the last by id (the tests use one each). */
    const openProtectionCase = (which: 'first' | 'last') =>
      database.db
        .selectFrom('cases')
        .selectAll()
        .where('organisation_id', '=', p.organisationId)
        .where('type', '=', 'protection')
        .where('closed_on', 'is', null)
        .orderBy('id', which === 'first' ? 'asc' : 'desc')
        .executeTakeFirstOrThrow();
    const exact = async () => assert.deepEqual(await evidenceFaults(database.db, NOW), NO_EVIDENCE_FAULT);
    const cells = async () =>
      (
        await database.db
          .selectFrom('evidence_cells')
          .select(['indicator_id', 'grain', 'period', 'cell_key', 'value', 'excluded_value'])
          .orderBy('indicator_id')
          .orderBy('grain')
          .orderBy('period')
          .orderBy('cell_key')
          .execute()
      ).map((c) => JSON.stringify(c));

    before(async () => {
      ({ database, drop } = await freshDatabase(engine));
      await migrateToLatest(database.db, database.engine);
      // Small batches, and every import's people through the thread (on a machine with one processor too).
      Object.assign(importBatches, { register: 25, cases: 20, services: 15 });
      Object.assign(planning, { inWorkerFromBytes: Number.POSITIVE_INFINITY });
      Object.assign(evidenceReader, { fromPeople: 1, fromBytes: 0, processors: 2 });
      p = await staffPrincipal(database, NOW);
    });
    after(async () => {
      Object.assign(planning, saved.planning);
      Object.assign(importBatches, saved.batches);
      Object.assign(evidenceReader, saved.reader);
      await drop?.();
    });

    test('imports read and derived in the thread keep every aggregate exact', async () => {
      const jobsBefore = readerJobsStarted();
      assert.equal(
        (
          await run(
            'beneficiaries',
            peopleCsv(48, (i) => (i % 2 ? 'female' : 'male')),
          )
        ).errors,
        null,
      );
      const people = await database.db
        .selectFrom('beneficiaries')
        .selectAll()
        .where('organisation_id', '=', p.organisationId)
        .orderBy('id')
        .execute();
      // Statistics grants: most open-ended, a few that expire before the imports below (not applied yet).
      const earlier = new Date(NOW.getTime() - 30 * 86_400_000);
      await database.db.transaction().execute(async (trx) => {
        for (const [i, b] of people.entries()) {
          if (i % 5 === 4) continue;
          const expiring = i % 5 === 3;
          await recordConsent(
            trx,
            engine,
            p,
            b,
            {
              purpose: 'statistics',
              basis: 'consent',
              action: 'grant',
              informationGiven: 'Statistics explained.',
              childAssent: null,
              recipientOrganisationId: null,
              expiresAt: expiring ? new Date(NOW.getTime() - 86_400_000).toISOString() : null,
            },
            expiring ? earlier : NOW,
          );
        }
      });
      await exact();

      // Cases for people registered before: trafficking cases with their forms, and protection cases.
      const cases = [
        'source_id,person_source_id,case_type,situation,trafficking_status,status_decided_by,exploitation_types,opened_on',
        ...Array.from({ length: 48 }, (_, i) =>
          i % 3
            ? `C-${i},P-${i},trafficking,,ActualVictimOfTrafficking,NGO,${FORMS[i % FORMS.length]},2026-0${1 + (i % 5)}-15`
            : `C-${i},P-${i},protection,stranded,,,,2026-02-10`,
        ),
      ].join('\n');
      const opened = await run('cases', cases);
      assert.equal(opened.errors, null, JSON.stringify(opened.errors));
      await exact();

      // Services: two a person, the second in a later batch than the first, months and types apart.
      const header = 'source_id,case_source_id,service_type,delivered_on,value_minor,currency';
      const services = [header];
      for (let round = 0; round < 2; round++)
        for (let i = 0; i < 48; i++)
          services.push(
            `S-${round}-${i},C-${i},${round ? 'legal_assistance' : 'accommodation'},2026-0${3 + round + (i % 2)}-0${1 + (i % 8)},${round ? '' : 1000 + i},${round ? '' : 'USD'}`,
          );
      // A dry run writes nothing and adds nothing.
      const before = await cells();
      assert.equal((await run('services', services.join('\n'), true)).errors, null);
      assert.deepEqual(await cells(), before);
      // A refused file (its last row names no case) adds nothing either.
      assert.notEqual(
        (await run('services', [...services, 'S-x,C-999,accommodation,2026-03-01,,'].join('\n'))).errors,
        null,
      );
      assert.deepEqual(await cells(), before);
      const recorded = await run('services', services.join('\n'));
      assert.equal(recorded.errors, null, JSON.stringify(recorded.errors));
      assert.equal(recorded.report?.created, 96);
      await exact();

      // The people themselves change (sex): those writes do not say what they added, so the
      // people are read again at the end and the thread derives the whole difference.
      const changed = await run(
        'beneficiaries',
        peopleCsv(48, (i) => (i % 3 ? 'female' : 'male')),
      );
      assert.equal(changed.errors, null, JSON.stringify(changed.errors));
      assert.ok((changed.report?.updated ?? 0) > 0, JSON.stringify(changed.report));
      await exact();

      assert.ok(readerJobsStarted() - jobsBefore >= 3, 'the imports went through the thread');
    });

    test('PostgreSQL: a database the thread cannot reach is found before any import relies on it', {
      skip: engine !== 'postgres' && 'PostgreSQL only',
    }, async () => {
      // An import whose thread could not connect reads its people in place (RemoteSnapshots.start answers null)
      // instead of failing at its end: the thread is asked to connect first.
      const source = await postgresSourceOf(database.db);
      assert.ok(source);
      assert.equal(await readerReaches({ kind: 'postgres', ...source }), true);
      assert.equal(
        await readerReaches({ kind: 'postgres', url: 'postgres://corridor@127.0.0.1:1/nowhere', options: null }),
        false,
      );
    });

    test('a write to a person the thread has read waits for the bulk write to end', async () => {
      // The bulk write notes a person (the thread reads them on its own connection); another transaction then adds
      // a service to them in the same month as the bulk write does, a month they had none in. The person counts once in that month: the
      // other writer must wait for the bulk write's end and derive from what it wrote (on PostgreSQL the bulk
      // write locks the person before the thread reads; SQLite has one writer). Without the lock, both would count
      // the person in June, and verify would find the difference.
      const caseRow = await openProtectionCase('first');
      // June (today): no case opened and no service delivered for anyone yet.
      const service = () => ({
        serviceType: 'health_care',
        deliveredOn: '2026-06-01',
        valueMinor: null,
        currency: null,
        description: null,
        planItemId: null,
      });
      const jobsBefore = readerJobsStarted();
      let other: Promise<unknown> | null = null;
      let otherDone = false;
      await database.db.transaction().execute((trx) =>
        withEvidenceDeferred(
          trx,
          NOW,
          async () => {
            await evidencePrefetch(trx, [caseRow.beneficiary_id], NOW);
            await sleep(150);
            other = database.db
              .transaction()
              .execute((w) => addService(w, caseRow, p, service(), NOW))
              .then(() => {
                otherDone = true;
              });
            await sleep(400);
            if (engine === 'postgres') assert.equal(otherDone, false, 'the other writer waits for the lock');
            await addService(trx, caseRow, p, service(), NOW);
          },
          { reader: true },
        ),
      );
      await other;
      assert.equal(readerJobsStarted() - jobsBefore, 1);
      await exact();
    });

    test('in place: additions derived while the bulk write goes on, then the same person changed otherwise', async () => {
      // A bulk write read in place derives what each write says it added as soon as it next waits for the database
      // (maintain.ts deriveNoted); a later write to the same person that does not say what it changed leaves them
      // to be read again at the end, from the person as the cells were to hold them after those steps.
      const caseRow = await openProtectionCase('last');
      const person = await database.db
        .selectFrom('beneficiaries')
        .selectAll()
        .where('id', '=', caseRow.beneficiary_id)
        .executeTakeFirstOrThrow();
      const jobs = readerJobsStarted();
      await database.db.transaction().execute((trx) =>
        withEvidenceDeferred(
          trx,
          NOW,
          async () => {
            for (const [i, month] of ['02', '03'].entries()) {
              await addService(
                trx,
                caseRow,
                p,
                {
                  serviceType: i ? 'legal_assistance' : 'health_care',
                  deliveredOn: `2026-${month}-11`,
                  valueMinor: 2500,
                  currency: 'USD',
                  description: null,
                  planItemId: null,
                },
                NOW,
              );
              await sleep(5); // (the derivation of what it added runs meanwhile)
            }
            // The person's sex changes: a write that does not say what it added.
            await updateBeneficiary(
              trx,
              p,
              person.id,
              person.version,
              { sex: person.sex === 'female' ? 'male' : 'female' },
              NOW,
            );
          },
          { reader: false },
        ),
      );
      assert.equal(readerJobsStarted() - jobs, 0, 'read in place');
      await exact();
    });

    test('as deployed: only a large file goes through the thread', async () => {
      // The product's tuning (on a machine with a second processor, whatever the batch's size): a file under
      // `fromBytes` is read and derived in place, a larger one through the thread.
      const file = (tag: string) => {
        const lines = ['source_id,case_source_id,service_type,delivered_on,value_minor,currency'];
        for (let i = 0; i < 48; i += 2)
          lines.push(`S-${tag}-${i},C-${i},health_care,2026-05-0${1 + (i % 8)},${300 + i},USD`);
        return `${lines.join('\n')}\n`;
      };
      const tuning = { ...evidenceReader };
      Object.assign(evidenceReader, { ...saved.reader, processors: 2, fromPeople: 1 }); // (a batch of any size)
      try {
        const small = file('small');
        assert.ok(Buffer.byteLength(small) < evidenceReader.fromBytes);
        let jobs = readerJobsStarted();
        const inPlace = await run('services', small);
        assert.equal(inPlace.errors, null, JSON.stringify(inPlace.errors));
        assert.equal(readerJobsStarted() - jobs, 0, 'a small file is read in place');
        await exact();

        // A file at least `fromBytes` long (the threshold lowered to this one's size).
        const large = file('large');
        evidenceReader.fromBytes = Buffer.byteLength(large);
        jobs = readerJobsStarted();
        const threaded = await run('services', large);
        assert.equal(threaded.errors, null, JSON.stringify(threaded.errors));
        assert.equal(readerJobsStarted() - jobs, 1, 'a large file goes through the thread');
        await exact();
      } finally {
        Object.assign(evidenceReader, tuning);
      }
    });
  });
}
