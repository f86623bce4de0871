// An import started inside the server (POST /api/imports, the upload page) on an embedded database runs in a worker
// thread with its own connection: while a large file imports, the server keeps answering, and its own connection is
// never inside the import's transaction. Behaviour only, no timing: the health check answers while the import is
// still running, and the import's rows, audit entry and Idempotency-Key answer are all there when it ends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  buildOrganisation,
  evidenceFaults,
  NO_EVIDENCE_FAULT,
  startTestApp,
  type TestApp,
} from '../../test/harness.ts';
import { buildStaff, call, type Staff } from '../cases/cases.fixtures.ts';
import { planning } from './import-source.ts';

// Large enough to be read and planned in the planning worker, started from the import's worker thread.
const ROWS = 12_000;

/** A beneficiaries file of `n` generated people (the same every run). */
function peopleCsv(n: number): string {
  const given = ['Mohamed', 'Amina', 'Yusuf', 'Fatima', 'Ahmed', 'Hana', 'Omar', 'Sara'];
  const family = ['Hassan', 'Ali', 'Haile', 'Tesfay', 'Ibrahim', 'Osman', 'Abdi', 'Musa'];
  const lines = ['source_id,given_name,family_name,date_of_birth,sex,country'];
  for (let i = 0; i < n; i++)
    lines.push(
      `w-${i},${given[i % 8]},${family[(i * 7) % 8]}${i},19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10},${i % 2 ? 'female' : 'male'},SDN`,
    );
  return `${lines.join('\n')}\n`;
}

describe('import in a worker thread (sqlite)', () => {
  let t: TestApp;
  let org: string;
  let worker: Staff;
  before(async () => {
    t = await startTestApp('sqlite');
    org = (await buildOrganisation(t)).id;
    worker = await buildStaff(t, org, ['caseworker']);
  });
  after(() => t?.close());

  test('the server answers health checks while a large file imports, and never holds the import transaction', async () => {
    const sqlite = t.deps.database.sqlite!;
    const csv = peopleCsv(ROWS);
    assert.ok(csv.length >= planning.inWorkerFromBytes, 'the file is planned in the planning worker');
    let done = false;
    const importing = call(t, worker, 'POST', '/api/imports', {
      kind: 'beneficiaries',
      filename: 'people.csv',
      content: Buffer.from(csv).toString('base64'),
      basis: 'public_interest',
      informationGiven: 'Registration for assistance explained; rights and contacts given.',
    }).finally(() => {
      done = true;
    });
    let answeredDuring = 0;
    let ownTransactionSeen = false;
    while (!done) {
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(health.statusCode, 200);
      if (!done) answeredDuring++;
      if (sqlite.inTransaction) ownTransactionSeen = true;
      await new Promise((r) => setImmediate(r));
    }
    const res = await importing;
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().created, ROWS);
    assert.ok(answeredDuring > 0, 'no health check was answered while the import ran');
    assert.equal(ownTransactionSeen, false, "the server's own connection was inside a transaction during the import");

    const db = t.deps.database.db;
    const people = await db
      .selectFrom('beneficiaries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organisation_id', '=', org)
      .executeTakeFirstOrThrow();
    assert.equal(Number(people.n), ROWS);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'import.run')
      .where('organisation_id', '=', org)
      .execute();
    assert.equal(audit.length, 1);
    assert.match(String(audit[0]!.details), new RegExp(`"created":${ROWS}[,}]`));
  });

  test('a replay of the same Idempotency-Key answers the stored report; a file with a bad row imports nothing', async () => {
    const body = {
      kind: 'beneficiaries',
      filename: 'few.csv',
      content: Buffer.from('source_id,given_name,family_name\nr-1,Amina,Haile\nr-2,Omar,Saleh\n').toString('base64'),
      basis: 'public_interest',
      informationGiven: 'Registration for assistance explained.',
    };
    const headers = { 'idempotency-key': 'worker-import-replay-1' };
    const first = await call(t, worker, 'POST', '/api/imports', body, headers);
    assert.equal(first.statusCode, 200, first.body);
    const again = await call(t, worker, 'POST', '/api/imports', body, headers);
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());

    const bad = await call(t, worker, 'POST', '/api/imports', {
      ...body,
      content: Buffer.from('source_id,given_name,date_of_birth\nb-1,Sara,1990-01-01\nb-2,Hana,1990-02-31\n').toString(
        'base64',
      ),
    });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.equal(bad.json().code, 'import_rejected');
    assert.deepEqual(
      bad.json().errors.map((e: { row: number; column: string }) => [e.row, e.column]),
      [[3, 'date_of_birth']],
    );
    const none = await t.deps.database.db
      .selectFrom('import_keys')
      .select('source_key')
      .where('organisation_id', '=', org)
      .where('source_key', '=', 'src:b-1')
      .execute();
    assert.equal(none.length, 0);
  });

  test("cases and services of 250 people from the server's import thread: aggregates exact (evidence reader thread)", async () => {
    // Enough people registered before for the import to hand them to the evidence reader thread, which the import's
    // own thread starts (evidence/reader.ts).
    const post = async (kind: string, csv: string) => {
      const res = await call(t, worker, 'POST', '/api/imports', {
        kind,
        filename: `${kind}.csv`,
        content: Buffer.from(csv).toString('base64'),
        basis: 'public_interest',
        informationGiven: 'Registration for assistance explained.',
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { created: number };
    };
    const n = 250;
    const cases = [
      'source_id,person_source_id,case_type,trafficking_status,status_decided_by,exploitation_types,opened_on',
    ];
    for (let i = 0; i < n; i++)
      cases.push(`wc-${i},w-${i},trafficking,ActualVictimOfTrafficking,NGO,ForcedLabour,2026-0${1 + (i % 5)}-10`);
    assert.equal((await post('cases', cases.join('\n'))).created, n);
    // A file without a column every row needs is refused at its header, with one problem naming the column.
    const undated = ['source_id,case_source_id,service_type', 'ws-0,wc-0,accommodation'].join('\n');
    const refused = await call(t, worker, 'POST', '/api/imports', {
      kind: 'services',
      filename: 'undated.csv',
      content: Buffer.from(undated).toString('base64'),
    });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.deepEqual(
      refused
        .json()
        .errors.map((e: { row: number; column: string | null; message: string }) => [e.row, e.column, e.message]),
      [[1, null, 'the file has no delivered_on column: the date each service was delivered (YYYY-MM-DD) is required']],
    );
    const services = ['source_id,case_source_id,service_type,delivered_on,value_minor,currency'];
    for (let i = 0; i < n; i++)
      services.push(`ws-${i},wc-${i},${i % 2 ? 'accommodation' : 'legal_assistance'},2026-05-0${1 + (i % 9)},500,USD`);
    assert.equal((await post('services', services.join('\n'))).created, n);
    assert.deepEqual(await evidenceFaults(t.deps.database.db, t.clock.now()), NO_EVIDENCE_FAULT);
  });
});
