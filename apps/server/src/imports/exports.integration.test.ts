// Export of lists (SECURITY.md D10) on both engines: only what the caller may see, a header row and an HXL row,
// permission per list and format, a row limit, an audit entry with the row count, and a file that imports back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  personWithAssistanceBasis,
  registerPerson,
  type Staff,
} from '../cases/cases.fixtures.ts';
import { unquoteFormula } from './tabular.ts';

const DECLARATION = { basis: 'public_interest', informationGiven: 'Explained in the person’s language.' };

/** The rows of an exported CSV (the byte-order mark removed). */
const csvRows = (body: string): string[][] => parse(body.replace(/^\uFEFF/, '')) as string[][];

async function xlsxRows(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(String(row.getCell(c).value ?? ''));
    out.push(cells);
  });
  return out;
}

for (const { engine, skip } of engines()) {
  describe(`exports (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let worker: Staff;
    let otherWorker: Staff;
    let supervisor: Staff;
    let hiddenPerson: string; // restricted: on another caseworker's trafficking case
    let hiddenCase: { id: string; reference: string };
    let openCaseRef: string;
    let canary: string;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      otherWorker = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor']);
      const csv =
        'source_id,given_name,family_name,date_of_birth,country\nE-1,Export,One,1990-01-01,SDN\nE-2,Export,Two,1991-01-01,SDN\nE-3,Export,Three,1992-01-01,TCD\n';
      const imp = await call(t, worker, 'POST', '/api/imports', {
        kind: 'beneficiaries',
        filename: 'p.csv',
        content: Buffer.from(csv).toString('base64'),
        ...DECLARATION,
      });
      assert.equal(imp.statusCode, 200, imp.body);
      const visible = await personWithAssistanceBasis(t, worker);
      openCaseRef = (await openCase(t, worker, visible, forms.protection())).reference;
      hiddenPerson = await personWithAssistanceBasis(t, otherWorker);
      const hc = await openCase(t, otherWorker, hiddenPerson, forms.trafficking());
      hiddenCase = { id: hc.id, reference: hc.reference };
      // Another organisation's person carries a marker that must never appear.
      const orgB = (await buildOrganisation(t)).id;
      const workerB = await buildStaff(t, orgB, ['caseworker']);
      canary = `Canary${Date.now()}`;
      await registerPerson(t, workerB, { nameLatin: `${canary} Person` });
    });
    after(() => t?.close());

    const exportList = (who: Staff, list: string, body: Record<string, unknown>) =>
      call(t, who, 'POST', `/api/exports/${list}`, body);

    test('a supervisor’s CSV export has a header row, an HXL row, and exactly the people they may see', async () => {
      const res = await exportList(supervisor, 'beneficiaries', { format: 'csv' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.headers['content-type'] as string, /^text\/csv/);
      assert.match(
        res.headers['content-disposition'] as string,
        /^attachment; filename="beneficiaries-\d{8}T\d{6}Z\.csv"$/,
      );
      assert.equal(res.headers['cache-control'], 'no-store');
      const rows = csvRows(res.body);
      assert.equal(rows[0]![0], 'beneficiary_id');
      assert.ok(rows[0]!.includes('name_latin'));
      assert.equal(rows[1]![0], '#beneficiary+code');
      assert.equal(rows[1]![rows[0]!.indexOf('date_of_birth')], '#date+birth');
      const ids = rows.slice(2).map((r) => r[0]);
      const names = rows.slice(2).map((r) => r[rows[0]!.indexOf('name_latin')]);
      for (const n of ['Export One', 'Export Two', 'Export Three']) assert.ok(names.includes(n), n);
      assert.ok(!ids.includes(hiddenPerson), 'a restricted person of another caseworker’s case is left out');
      assert.ok(!res.body.includes(canary), 'nothing of another organisation');
      assert.equal(rows.length - 2, 4, 'the three imported and the person of the open protection case');
      const entry = await t.deps.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'export.run')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(entry.actor_user_id, supervisor.id);
      assert.deepEqual(JSON.parse(entry.details), {
        list: 'beneficiaries',
        format: 'csv',
        rows: rows.length - 2,
        filters: [],
        via: 'api',
      });
    });

    test('filters narrow the export; given access to the case, the restricted person appears and the read is audited', async () => {
      const chad = csvRows((await exportList(supervisor, 'beneficiaries', { format: 'csv', country: 'TCD' })).body);
      assert.equal(chad.length - 2, 1);
      // Another supervisor lets this one in (nobody lets themselves into a sensitive case without casework).
      const colleague = await buildStaff(t, org, ['supervisor']);
      const grant = await call(t, colleague, 'POST', `/api/cases/${hiddenCase.id}/access`, {
        userId: supervisor.id,
        reason: 'Export for the monthly review',
      });
      assert.ok(grant.statusCode < 300, grant.body);
      const rows = csvRows((await exportList(supervisor, 'beneficiaries', { format: 'csv' })).body);
      assert.ok(rows.slice(2).some((r) => r[0] === hiddenPerson));
      const reads = await t.deps.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'beneficiary.read')
        .where('entity_id', '=', hiddenPerson)
        .where('actor_user_id', '=', supervisor.id)
        .execute();
      assert.ok(reads.some((r) => r.sensitive_read === 1 && JSON.parse(r.details).via === 'export'));
      await call(t, supervisor, 'DELETE', `/api/cases/${hiddenCase.id}/access/${supervisor.id}`);
    });

    test('XLSX holds the same rows as CSV', async () => {
      const csv = csvRows((await exportList(supervisor, 'beneficiaries', { format: 'csv' })).body);
      const res = await exportList(supervisor, 'beneficiaries', { format: 'xlsx' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /spreadsheetml/);
      // CSV guards cells that a spreadsheet would run as a formula (a phone number's +) with an apostrophe.
      assert.ok(csv.flat().some((c) => c.startsWith("'+")));
      assert.deepEqual(
        await xlsxRows(res.rawPayload),
        csv.map((r) => r.map(unquoteFormula)),
      );
    });

    test('the cases export shows cases the supervisor may read, with coded facts, never another’s sensitive case', async () => {
      const res = await exportList(supervisor, 'cases', { format: 'csv' });
      assert.equal(res.statusCode, 200, res.body);
      const rows = csvRows(res.body);
      assert.deepEqual(rows[0]!.slice(0, 4), ['case_id', 'case_reference', 'case_type', 'status']);
      assert.equal(rows[1]![3], '#status');
      const refs = rows.slice(2).map((r) => r[1]);
      assert.ok(refs.includes(openCaseRef));
      assert.ok(!refs.includes(hiddenCase.reference));
      const needs = rows[0]!.indexOf('needs');
      assert.equal(rows.slice(2).find((r) => r[1] === openCaseRef)![needs], 'accommodation');
      // The caseworker on the trafficking case: not allowed to export at all.
      assert.equal((await exportList(otherWorker, 'cases', { format: 'csv' })).statusCode, 403);
    });

    test('only supervisors export, in either format; a bad filter or format is a validation error', async () => {
      for (const format of ['csv', 'xlsx'])
        assert.equal((await exportList(worker, 'beneficiaries', { format })).statusCode, 403, format);
      assert.equal((await exportList(supervisor, 'beneficiaries', { format: 'pdf' })).statusCode, 400);
      assert.equal((await exportList(supervisor, 'beneficiaries', { format: 'csv', name: 'x' })).statusCode, 400);
      // A status no case can have is a mistake in the filter, not an empty file.
      const bogus = await exportList(supervisor, 'cases', { format: 'csv', status: 'Bogus' });
      assert.equal(bogus.statusCode, 400, bogus.body);
      assert.deepEqual(
        { location: bogus.json().errors[0].location, pointer: bogus.json().errors[0].pointer },
        { location: 'body', pointer: '/status' },
      );
    });

    test('an exported file imports back unchanged (round trip)', async () => {
      const res = await exportList(supervisor, 'beneficiaries', { format: 'csv' });
      const back = await call(t, supervisor, 'POST', '/api/imports', {
        kind: 'beneficiaries',
        filename: 'export.csv',
        content: Buffer.from(res.rawPayload).toString('base64'),
        ...DECLARATION,
      });
      assert.equal(back.statusCode, 200, back.body);
      assert.equal(back.json().hxl, true);
      assert.equal(back.json().created, 0);
      assert.equal(back.json().updated, 0);
      assert.equal(back.json().skipped, csvRows(res.body).length - 2);
    });
  });

  describe(`exports: row limit (${engine})`, { skip }, () => {
    let t: TestApp;
    after(() => t?.close());
    test('an export above CORRIDOR_EXPORT_MAX_ROWS is refused with export_too_large, and not audited', async () => {
      t = await startTestApp(engine, { env: { CORRIDOR_EXPORT_MAX_ROWS: '2' } });
      const org = (await buildOrganisation(t)).id;
      const supervisor = await buildStaff(t, org, ['supervisor']);
      const csv = 'name_latin\nLimit One\nLimit Two\nLimit Three\n';
      const imp = await call(t, supervisor, 'POST', '/api/imports', {
        kind: 'beneficiaries',
        filename: 'p.csv',
        content: Buffer.from(csv).toString('base64'),
        ...DECLARATION,
      });
      assert.equal(imp.statusCode, 200, imp.body);
      const res = await call(t, supervisor, 'POST', '/api/exports/beneficiaries', { format: 'csv' });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'export_too_large');
      assert.ok(!res.body.includes('Limit'));
      const audited = await t.deps.database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'export.run')
        .execute();
      assert.equal(audited.length, 0);
      const two = await call(t, supervisor, 'POST', '/api/exports/beneficiaries', {
        format: 'csv',
        dobFrom: '1900-01-01',
      });
      assert.equal(two.statusCode, 200, 'a narrower export passes (no birth dates: none match)');
    });
  });
}
