// The API on the embedded database while another process holds SQLite's only write lock for a long time (a
// `corridor import` of a large file beside the server): searches and plain reads answer at once; a sensitive read,
// whose audit entry must be written before the data leaves, waits for the lock and then answers, or gets a 503
// without the data when the lock stays taken; writes wait the same way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { buildOrganisation, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  personWithAssistanceBasis,
  type Staff,
  sensitiveReads,
} from '../cases/cases.fixtures.ts';

describe('API beside a long write of another process (sqlite)', () => {
  let t: TestApp;
  let worker: Staff;
  let person: string;
  let plain: string;
  let caseId: string;
  let other: SQLite.Database;
  before(async () => {
    t = await startTestApp('sqlite');
    const org = await buildOrganisation(t);
    worker = await buildStaff(t, org.id, ['caseworker']);
    person = await personWithAssistanceBasis(t, worker, { nameLatin: 'Selam Tesfaye' });
    caseId = (await openCase(t, worker, person, forms.trafficking())).id;
    // Someone without a sensitive case: reading them is not audited.
    plain = await personWithAssistanceBasis(t, worker, { nameLatin: 'Hana Girma' });
    other = new SQLite(t.deps.database.sqlite!.name);
  });
  after(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    await t.close();
  });

  /** Takes the write lock in the other connection, as an import's transaction does. */
  const hold = () => {
    other.exec('begin immediate');
    other.exec(`update organisations set name = name || '' where 1 = 0`);
  };
  const releaseAfter = (ms: number) => setTimeout(() => other.exec('rollback'), ms);

  test('a name search and a read of a person answer at once', async () => {
    hold();
    try {
      const t0 = Date.now();
      const search = await call(t, worker, 'POST', '/api/beneficiaries/search', { name: 'Hana Girma' });
      assert.equal(search.statusCode, 200, search.body);
      assert.ok(search.json().items.some((i: { beneficiary: { id: string } }) => i.beneficiary.id === plain));
      const one = await call(t, worker, 'GET', `/api/beneficiaries/${plain}`);
      assert.equal(one.statusCode, 200, one.body);
      assert.ok(Date.now() - t0 < 2000, `answered in ${Date.now() - t0} ms`);
    } finally {
      other.exec('rollback');
    }
  });

  test('a search showing a person with a sensitive case is audited the same way: it waits for the lock', async () => {
    hold();
    releaseAfter(300);
    const t0 = Date.now();
    const res = await call(t, worker, 'POST', '/api/beneficiaries/search', { name: 'Selam Tesfaye' });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().items.some((i: { beneficiary: { id: string } }) => i.beneficiary.id === person));
    assert.ok(Date.now() - t0 >= 250);
  });

  test('a sensitive read waits for the lock, then answers with its read audited', async () => {
    const before = (await sensitiveReads(t, caseId)).length;
    hold();
    releaseAfter(400);
    const t0 = Date.now();
    const res = await call(t, worker, 'GET', `/api/cases/${caseId}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(Date.now() - t0 >= 350, 'the audit entry waited for the lock');
    assert.equal((await sensitiveReads(t, caseId)).length, before + 1);
  });

  test('a sensitive read whose audit entry cannot be written gets a 503 and no data', async () => {
    const before = (await sensitiveReads(t, caseId)).length;
    hold();
    try {
      const res = await call(t, worker, 'GET', `/api/cases/${caseId}`);
      assert.equal(res.statusCode, 503, res.body);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json().code, 'service_unavailable');
      assert.doesNotMatch(res.body, /trafficking|Selam|Tesfaye/i);
    } finally {
      other.exec('rollback');
    }
    assert.equal((await sensitiveReads(t, caseId)).length, before);
  });

  test('a write waits for the lock without holding up reads, then succeeds', async () => {
    hold();
    releaseAfter(500);
    const write = call(t, worker, 'POST', '/api/beneficiaries', { nameLatin: 'Dawit Haile', country: 'SDN' });
    // Meanwhile a read answers.
    const t0 = Date.now();
    const read = await call(t, worker, 'GET', `/api/beneficiaries/${plain}`);
    assert.equal(read.statusCode, 200);
    assert.ok(Date.now() - t0 < 400, `the read answered in ${Date.now() - t0} ms while the write waited`);
    const res = await write;
    assert.equal(res.statusCode, 201, res.body);
  });
});
