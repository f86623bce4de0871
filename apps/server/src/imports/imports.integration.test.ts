// Bulk import through the API on both engines: all or nothing, every bad row reported, no duplicates on
// re-import, HTCDS columns, the HXL row, XLSX like CSV, the declared legal basis, dry runs and services.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { buildStaff, call, type Staff } from '../cases/cases.fixtures.ts';

const example = (name: string) => fs.readFileSync(new URL(`../../../../docs/examples/${name}`, import.meta.url));
const DECLARATION = {
  basis: 'public_interest',
  informationGiven: 'Registration for assistance explained in the person’s language; rights and contacts given.',
};

/** An XLSX workbook of the given rows (first sheet), as a browser or Excel would save it. */
async function xlsxOf(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const { engine, skip } of engines()) {
  describe(`imports (${engine})`, { skip }, () => {
    let t: TestApp;
    let org: string;
    let worker: Staff;
    let supervisor: Staff;
    let analyst: Staff;
    before(async () => {
      t = await startTestApp(engine);
      org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      supervisor = await buildStaff(t, org, ['supervisor']);
      analyst = await buildStaff(t, org, ['analyst']);
    });
    after(() => t?.close());

    const db = () => t.deps.database.db;
    const send = (
      who: Staff,
      kind: string,
      filename: string,
      content: string | Buffer,
      extra: Record<string, unknown> = DECLARATION,
    ) =>
      call(t, who, 'POST', '/api/imports', {
        kind,
        filename,
        content: Buffer.from(content).toString('base64'),
        ...extra,
      });
    const count = async (table: 'beneficiaries' | 'cases' | 'consent_events' | 'import_keys' | 'case_services') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('organisation_id', '=', org)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const personBySource = async (sourceKey: string) => {
      const k = await db()
        .selectFrom('import_keys')
        .select('record_id')
        .where('organisation_id', '=', org)
        .where('source_key', '=', sourceKey)
        .executeTakeFirstOrThrow();
      return db().selectFrom('beneficiaries').selectAll().where('id', '=', k.record_id).executeTakeFirstOrThrow();
    };

    test('a good file imports every row with the declared basis, and the import is audited by counts only', async () => {
      const res = await send(worker, 'beneficiaries', 'people.csv', example('beneficiaries.csv'));
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json();
      assert.deepEqual(
        { rows: r.rows, created: r.created, updated: r.updated, skipped: r.skipped, hxl: r.hxl, format: r.format },
        { rows: 3, created: 3, updated: 0, skipped: 0, hxl: true, format: 'csv' },
      );
      const amina = await personBySource('src:EX-0001');
      assert.deepEqual([amina.given_name, amina.family_name], ['Amina', 'Example']);
      assert.equal(amina.name_original, 'أمينة إكزامبل');
      assert.equal(amina.languages, 'tir ar');
      assert.equal(amina.pcode, 'SD01');
      assert.equal(amina.created_by, worker.id);
      const child = await personBySource('src:EX-0002');
      assert.equal(child.household_id, amina.household_id, 'one household label, one household');
      assert.ok(amina.household_id);
      const samuel = await personBySource('src:EX-0003');
      assert.equal(samuel.dob_precision, 'year');
      // Every person has the declared assistance basis; the child's assent is recorded.
      const events = await db()
        .selectFrom('consent_events')
        .selectAll()
        .where('beneficiary_id', 'in', [amina.id, child.id, samuel.id])
        .execute();
      assert.equal(events.length, 3);
      for (const e of events) {
        assert.equal(e.purpose, 'assistance');
        assert.equal(e.basis, 'public_interest');
        assert.equal(e.action, 'grant');
        assert.equal(e.information_given, DECLARATION.informationGiven);
        assert.equal(e.recorded_by, worker.id);
      }
      assert.equal(events.find((e) => e.beneficiary_id === child.id)!.child_assent, 'given');
      const entry = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'import.run')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(entry.actor_user_id, worker.id);
      const details = JSON.parse(entry.details);
      assert.equal(details.created, 3);
      assert.ok(!entry.details.includes('Amina') && !entry.details.includes('EX-0001'), 'no value of the file');
    });

    test('re-importing the same file creates nothing; a changed row with the same source_id updates the person', async () => {
      const before = await count('beneficiaries');
      const again = await send(worker, 'beneficiaries', 'people.csv', example('beneficiaries.csv'));
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual([again.json().created, again.json().updated, again.json().skipped], [0, 0, 3]);
      assert.equal(await count('beneficiaries'), before);
      assert.equal(await count('consent_events'), before, 'no second grant either');

      const changed = example('beneficiaries.csv').toString('utf8').replace('+249 91 000 0003', '+249 91 999 0003');
      const upd = await send(worker, 'beneficiaries', 'people.csv', changed);
      assert.equal(upd.statusCode, 200, upd.body);
      assert.deepEqual([upd.json().created, upd.json().updated, upd.json().skipped], [0, 1, 2]);
      assert.equal((await personBySource('src:EX-0003')).phone, '+249 91 999 0003');
      assert.equal(await count('beneficiaries'), before);
      // ... and that change, imported once more, is unchanged.
      const same = await send(worker, 'beneficiaries', 'people.csv', changed);
      assert.deepEqual([same.json().created, same.json().updated, same.json().skipped], [0, 0, 3]);
    });

    test('rows without source_id are keyed by their content: the same file again creates nothing', async () => {
      const csv = 'name_latin,date_of_birth,sex\nNo Id One,1990-02-02,female\nNo Id Two,1985-05-05,male\n';
      const first = await send(worker, 'beneficiaries', 'noid.csv', csv);
      assert.equal(first.json().created, 2, first.body);
      const n = await count('beneficiaries');
      const second = await send(worker, 'beneficiaries', 'noid.csv', csv);
      assert.deepEqual([second.json().created, second.json().skipped], [0, 2]);
      assert.equal(await count('beneficiaries'), n);
      // Two identical rows in one file cannot be told apart: the second is reported.
      const twice = await send(worker, 'beneficiaries', 'twice.csv', `${csv}No Id One,1990-02-02,female\n`);
      assert.equal(twice.statusCode, 422);
      assert.deepEqual(
        twice.json().errors.map((e: { row: number }) => e.row),
        [4],
      );
    });

    test('a file that cannot be read says why, with its code', async () => {
      const latin1 = Buffer.concat([Buffer.from('given_name\n'), Buffer.from([0x4a, 0xf6, 0x72, 0x67, 0x0a])]);
      const res = await send(worker, 'beneficiaries', 'latin1.csv', latin1);
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(
        res.json().errors.map((e: { row: number; issue?: string; message: string }) => [e.row, e.issue, e.message]),
        [[0, 'not_utf8', 'the file is not UTF-8 text; save it as CSV UTF-8']],
      );
      const broken = await send(worker, 'beneficiaries', 'broken.xlsx', Buffer.from('PK not really a workbook'));
      assert.equal(broken.statusCode, 422, broken.body);
      const [problem] = broken.json().errors as { issue?: string; message: string; params?: { detail?: string } }[];
      assert.equal(problem!.issue, 'file_unreadable');
      assert.equal(problem!.params?.detail, problem!.message, 'the reason in English, for the wording');
    });

    test('a file with bad rows reports every bad row, its column and why, and imports nothing', async () => {
      const before = {
        people: await count('beneficiaries'),
        consent: await count('consent_events'),
        keys: await count('import_keys'),
      };
      const csv = [
        'source_id,given_name,family_name,date_of_birth,sex,citizenships,email,child_assent',
        'B-1,Good,Row,1990-01-01,female,SDN,,', // row 2: fine
        'B-2,Bad,Date,1990-02-30,female,SDN,,', // row 3: no 30 February
        'B-3,Bad,Sex,1990-01-01,woman,SDN,,', // row 4
        'B-4,,,1990-01-01,male,SDN,,', // row 5: no name at all
        'B-5,Bad,Many,2999-01-01,male,Sudan,not-an-email,', // row 6: three problems
        'B-6,Young,Child,2020-01-01,female,SDN,,', // row 7: a child without assent
        'B-1,Same,Source,1990-01-01,female,SDN,,', // row 8: source_id of row 2 again
        'B-7,Future,Born,2999-01-01,male,SDN,,', // row 9: found by the registry itself, not the file's schema
        'B-8,Future,Robot,2999-01-01,robot,SDN,,', // row 10: both at once, the schema's and the registry's
        'B-9,French,Habits,14/03/1991,femme,SDN,,', // row 11: a spreadsheet's day first, the sex in French
      ].join('\n');
      const res = await send(worker, 'beneficiaries', 'bad.csv', csv);
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      const p = res.json();
      assert.equal(p.code, 'import_rejected');
      const got = p.errors.map((e: { row: number; column: string | null }) => `${e.row}:${e.column}`);
      for (const want of [
        '3:date_of_birth',
        '4:sex',
        '5:given_name',
        '6:citizenships',
        '6:email',
        '7:child_assent',
        '8:source_id',
        '9:date_of_birth',
        '10:sex',
        '10:date_of_birth',
      ])
        assert.ok(got.includes(want), `expected ${want} in ${got.join(', ')}`);
      assert.ok(!got.some((g: string) => g.startsWith('2:')), 'row 2 is fine');
      // Each problem with its code and parameters, for a client to word it in its own language.
      const coded = (at: string) =>
        p.errors
          .filter((e: { row: number; column: string | null }) => `${e.row}:${e.column}` === at)
          .map((e: { issue?: string; params?: unknown }) => ({ issue: e.issue, params: e.params }));
      const sexes = { values: 'female, male, intersex, unknown' };
      assert.deepEqual(coded('4:sex'), [{ issue: 'invalid_value', params: sexes }]);
      // The day first is one problem, named as a date's pattern, for the client to say how a date is written.
      assert.deepEqual(coded('11:date_of_birth'), [
        { issue: 'invalid_format', params: { format: 'regex', pattern: 'date' } },
      ]);
      assert.deepEqual(coded('11:sex'), [{ issue: 'invalid_value', params: sexes }]);
      assert.deepEqual(coded('7:child_assent'), [{ issue: 'child_assent_required', params: undefined }]);
      assert.deepEqual(coded('8:source_id'), [{ issue: 'same_record_as_row', params: { row: 2 } }]);
      // Messages explain; they never repeat what the file held.
      for (const v of ['Sudan', 'not-an-email', '2999', 'woman', '1990-02-30', '14/03/1991', 'femme'])
        assert.ok(!res.body.includes(v), v);
      assert.deepEqual(
        {
          people: await count('beneficiaries'),
          consent: await count('consent_events'),
          keys: await count('import_keys'),
        },
        before,
        'nothing was imported, not even the good row',
      );
    });

    test('an HTCDS trafficking file maps prs_ and vic_ columns; several exploitation types land as several codes', async () => {
      const res = await send(worker, 'trafficking-cases', 'vot.csv', example('trafficking-cases-htcds.csv'));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().rows, res.json().created], [2, 2]);
      const k = await db()
        .selectFrom('import_keys')
        .select('record_id')
        .where('organisation_id', '=', org)
        .where('record_type', '=', 'case')
        .where('source_key', '=', 'src:VOT-EX-1')
        .executeTakeFirstOrThrow();
      const c = await db().selectFrom('cases').selectAll().where('id', '=', k.record_id).executeTakeFirstOrThrow();
      assert.equal(c.type, 'trafficking');
      assert.equal(c.sensitive, 1);
      assert.equal(c.assigned_to, worker.id, 'the importer is assigned, so someone may see the case');
      const codes = await db()
        .selectFrom('case_codes')
        .select(['vocabulary', 'code'])
        .where('case_id', '=', c.id)
        .execute();
      const of = (v: string) =>
        codes
          .filter((x) => x.vocabulary === v)
          .map((x) => x.code)
          .sort();
      assert.deepEqual(of('htcds.exploitation_type'), ['ForcedLabour', 'SexualExploitation']);
      assert.deepEqual(of('htcds.method_of_control'), ['DebtBondage', 'WithholdsDocuments']);
      assert.deepEqual(of('htcds.forced_labour_industry'), ['T_ActivitiesOfHouseholdsAsEmployers']);
      const person = await db()
        .selectFrom('beneficiaries')
        .selectAll()
        .where('id', '=', c.beneficiary_id)
        .executeTakeFirstOrThrow();
      assert.equal(person.name_latin, 'Hana Sample');
      assert.equal(person.gender, 'Feminine');
      assert.equal(person.date_of_birth, '1996-11-02');
      assert.equal(person.restricted, 1);
      const read = await call(t, worker, 'GET', `/api/cases/${c.id}`);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json().form.traffickingEvents, [
        { stage: 'Recruitment', country: 'ETH', place: null, date: '2021-02-01' },
      ]);
      // Again: nothing new.
      const again = await send(worker, 'trafficking-cases', 'vot.csv', example('trafficking-cases-htcds.csv'));
      assert.deepEqual([again.json().created, again.json().skipped], [0, 2]);
    });

    test('HTCDS rules and vocabularies are checked per row: an unknown code and a missing deciding body', async () => {
      const before = await count('cases');
      const csv = [
        'prs_FirstName,prs_SecondName,vic_TraffickingStatus,vic_TypeOfExploitation,vic_TraffickingStatusDecisionMakingOrg,situation',
        'Ok,Person,PossibleVictimOfTrafficking,ForcedLabour,,',
        'No,Body,ActualVictimOfTrafficking,ForcedLabour,,',
        'Odd,Code,PossibleVictimOfTrafficking,ForcedLabour;Piracy,,',
        'Wrong,Type,PossibleVictimOfTrafficking,ForcedLabour,,stranded',
      ].join('\n');
      const res = await send(worker, 'trafficking-cases', 'vot-bad.csv', csv);
      assert.equal(res.statusCode, 422, res.body);
      const got = res.json().errors.map((e: { row: number; column: string | null }) => `${e.row}:${e.column}`);
      assert.deepEqual(got.sort(), [
        '3:vic_TraffickingStatusDecisionMakingOrg',
        '4:vic_TypeOfExploitation',
        '5:situation',
      ]);
      assert.equal(await count('cases'), before);
    });

    test('a field a case type requires is named by its column when the row or the file lacks it', async () => {
      const csv = [
        'source_id,name_latin,date_of_birth,case_type,needs',
        'C-M1,Missing Situation,1980-01-01,protection,accommodation',
      ].join('\n');
      const res = await send(worker, 'cases', 'cases-missing.csv', csv);
      assert.equal(res.statusCode, 422, res.body);
      const errors = res.json().errors as { row: number; column: string | null; message: string }[];
      assert.deepEqual(
        errors.map((e) => [e.row, e.column, e.message]),
        [[2, 'situation', 'required for a protection case: the file has no situation column']],
      );
      const withColumn = await send(
        worker,
        'cases',
        'cases-empty.csv',
        `${csv.replace('needs', 'needs,situation')},\n`,
      );
      assert.equal(withColumn.json().errors[0].message, 'required for a protection case');
      assert.equal(withColumn.json().errors[0].column, 'situation');
    });

    test('a cases file holds every case type, each with its own columns; a person named by person_source_id', async () => {
      const csv = [
        'source_id,person_source_id,name_latin,date_of_birth,child_assent,case_type,situation,needs,separation,guardian_kind,guardian_name,core_type,contexts,country_of_return,fit_to_travel',
        'C-1,,Case Protection,1980-01-01,,protection,stranded,accommodation;food_and_items,,,,,,,',
        'C-2,,Case Child,2012-01-01,given,child,,,unaccompanied,focal_point,Synthetic Focal Point,,,,',
        'C-3,,Case Gbv,1995-01-01,,gbv,,,,,,physical_assault,intimate_partner_violence,,',
        'C-4,EX-0003,,,,avrr,,,,,,,,ETH,fit',
      ].join('\n');
      const res = await send(worker, 'cases', 'cases.csv', csv);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().created, 4);
      const types = await db()
        .selectFrom('cases')
        .innerJoin('import_keys', 'import_keys.record_id', 'cases.id')
        .select(['cases.type', 'cases.beneficiary_id', 'import_keys.source_key'])
        .where('import_keys.record_type', '=', 'case')
        .where('import_keys.source_key', 'in', ['src:C-1', 'src:C-2', 'src:C-3', 'src:C-4'])
        .execute();
      assert.deepEqual(types.map((x) => x.type).sort(), ['avrr', 'child', 'gbv', 'protection']);
      const avrr = types.find((x) => x.source_key === 'src:C-4')!;
      assert.equal(
        avrr.beneficiary_id,
        (await personBySource('src:EX-0003')).id,
        'the person of the beneficiaries file',
      );
      const again = await send(worker, 'cases', 'cases.csv', csv);
      assert.deepEqual([again.json().created, again.json().skipped], [0, 4]);
      // A changed protection need updates that case's form, and nothing else.
      const changed = await send(
        worker,
        'cases',
        'cases.csv',
        csv.replace('accommodation;food_and_items', 'accommodation'),
      );
      assert.deepEqual([changed.json().updated, changed.json().skipped], [1, 3]);
    });

    test('a hashtag row maps columns whose headers Corridor does not know (#affected+name, #date+birth, #adm1+code)', async () => {
      const csv = [
        'Nom complet,Né le,Pays,Région,Remarque',
        '#affected+name,#date+birth,#country+code,#adm1+code,#description',
        'Hxl Person,1992-08-08,SDN,SD02,not imported',
      ].join('\n');
      const res = await send(worker, 'beneficiaries', 'hxl.csv', csv);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().hxl, true);
      assert.deepEqual(res.json().ignoredColumns, ['Remarque']);
      const b = await db()
        .selectFrom('beneficiaries')
        .selectAll()
        .where('organisation_id', '=', org)
        .where('name_latin', '=', 'Hxl Person')
        .executeTakeFirstOrThrow();
      assert.deepEqual([b.date_of_birth, b.country, b.pcode], ['1992-08-08', 'SDN', 'SD02']);
      // A title above the header is skipped, as HXL readers do (the hashtag row is found in the first 25 rows).
      const titled = await send(
        worker,
        'beneficiaries',
        'titled.csv',
        'Registrations – synthetic\nNom,Né le\n#affected+name,#date+birth\nTitled Person,1991-01-01\n',
      );
      assert.equal(titled.statusCode, 200, titled.body);
      assert.equal(titled.json().created, 1);
      // Tags alone on the first row also work, and a bad row is numbered as the spreadsheet shows it.
      const tagsOnly = '#affected+name,#date+birth\nTag Only,1993-09-09\nBad Date,1993-13-01\n';
      const bad = await send(worker, 'beneficiaries', 'tags.csv', tagsOnly);
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(
        bad.json().errors.map((e: { row: number; column: string }) => [e.row, e.column]),
        [[3, '#date+birth']],
      );
    });

    test('XLSX works like CSV: the same rows, the same results, dates from date cells, the same row numbers', async () => {
      const rows = [
        ['source_id', 'name_latin', 'date_of_birth', 'sex', 'citizenships'],
        ['#meta+id', '#affected+name', '#date+birth', '', ''],
        ['X-1', 'Xlsx One', new Date(Date.UTC(1994, 4, 6)), 'female', 'SSD'],
        ['X-2', 'Xlsx Two', '1989-12-24', 'male', 'SSD;UGA'],
      ];
      const res = await send(worker, 'beneficiaries', 'people.xlsx', await xlsxOf(rows));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().format, res.json().hxl, res.json().created], ['xlsx', true, 2]);
      assert.equal((await personBySource('src:X-1')).date_of_birth, '1994-05-06');
      assert.equal((await personBySource('src:X-2')).citizenships, 'SSD UGA');
      const again = await send(worker, 'beneficiaries', 'people.xlsx', await xlsxOf(rows));
      assert.equal(again.json().skipped, 2);
      const bad = await send(
        worker,
        'beneficiaries',
        'bad.xlsx',
        await xlsxOf([...rows, ['X-3', 'Xlsx Three', 'soon', 'female', 'SSD']]),
      );
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(
        bad.json().errors.map((e: { row: number; column: string }) => [e.row, e.column]),
        [[5, 'date_of_birth']],
      );
      // Not a spreadsheet at all: refused with a reason, not a server error.
      const junk = await send(worker, 'beneficiaries', 'junk.xlsx', 'this is not a zip archive');
      assert.equal(junk.statusCode, 422);
      assert.equal(junk.json().errors[0].row, 0);
    });

    test('a dry run checks and counts, writes nothing, and is audited as a dry run', async () => {
      const before = await count('beneficiaries');
      const csv = 'source_id,name_latin\nDRY-1,Dry Run One\nDRY-2,Dry Run Two\n';
      const res = await send(worker, 'beneficiaries', 'dry.csv', csv, { ...DECLARATION, validateOnly: true });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().dryRun, res.json().created], [true, 2]);
      assert.equal(await count('beneficiaries'), before);
      const keys = await db()
        .selectFrom('import_keys')
        .select('source_key')
        .where('source_key', '=', 'src:DRY-1')
        .execute();
      assert.equal(keys.length, 0);
      const entry = await db()
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'import.run')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(entry.details).dryRun, true);
    });

    test('the legal basis is never assumed: the declaration is required, and a row that refused consent is refused', async () => {
      const csv = 'name_latin\nNo Basis\n';
      const none = await send(worker, 'beneficiaries', 'p.csv', csv, {});
      assert.equal(none.statusCode, 400);
      const pointers = none.json().errors.map((e: { pointer: string }) => e.pointer);
      assert.ok(pointers.includes('/basis') && pointers.includes('/informationGiven'), pointers.join());
      const refused = await send(worker, 'beneficiaries', 'p.csv', 'name_latin,con_Consent\nSaid No,no\n', {
        ...DECLARATION,
        basis: 'consent',
      });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().errors[0].column, 'con_Consent');
    });

    test('services import onto cases named by case_source_id or reference; a changed service is refused', async () => {
      const res = await send(worker, 'services', 'services.csv', example('services.csv'), {});
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().created, 3);
      const again = await send(worker, 'services', 'services.csv', example('services.csv'), {});
      assert.equal(again.json().skipped, 3);
      const changed = example('services.csv').toString('utf8').replace('45000', '46000');
      const refused = await send(worker, 'services', 'services.csv', changed, {});
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(
        refused.json().errors.map((e: { row: number }) => e.row),
        [2],
      );
      const ref = (
        await db().selectFrom('cases').select('reference').where('organisation_id', '=', org).executeTakeFirstOrThrow()
      ).reference;
      const byRef = await send(
        worker,
        'services',
        's.csv',
        `case_reference,service_type,delivered_on\n${ref},interpretation,2026-05-20\nNOPE-1,interpretation,2026-05-20\n`,
        {},
      );
      assert.equal(byRef.statusCode, 422, 'the unknown reference rejects the file');
      assert.deepEqual(
        byRef.json().errors.map((e: { row: number; column: string }) => [e.row, e.column]),
        [[3, 'case_reference']],
      );
      // A row's problems come at once, not one per try: a bad value with an unknown service type; an unknown case
      // with a date in the future.
      const many = await send(
        worker,
        'services',
        's.csv',
        `case_reference,service_type,delivered_on,value_minor,currency\n${ref},not_a_type,2026-05-20,abc,USD\nNOPE-2,interpretation,2099-01-01,,\n`,
        {},
      );
      assert.equal(many.statusCode, 422);
      assert.deepEqual(
        many
          .json()
          .errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)
          .sort(),
        ['2:service_type', '2:value_minor', '3:case_reference', '3:delivered_on'],
      );
    });

    test('a row reports its later problems with its first: the checks that can still run once one field failed', async () => {
      type Err = { row: number; column: string | null; issue?: string; params?: unknown };
      const problems = (res: { json(): { errors: Err[] } }) =>
        res
          .json()
          .errors.map((e) => [e.row, e.column, e.issue ?? null, e.params ?? null] as const)
          .sort((a, b) => a[0] - b[0] || String(a[1]).localeCompare(String(b[1])));
      const notFuture = { rule: 'not_future' };
      const sexes = { values: 'female, male, intersex, unknown' };
      // The test clock is 1 June 2026.
      const people = await send(
        worker,
        'beneficiaries',
        'people.csv',
        [
          'source_id,given_name,family_name,date_of_birth,sex,country,pcode,consent,child_assent',
          // A sex the contract refuses, and a child of 11 without assent: both at once.
          'L-1,Young,Boy,2015-03-01,m,,,,',
          // A consent column that says neither yes nor no, and a birth date still to come.
          'L-2,Not,Born,2027-01-01,male,,,maybe,',
          // A p-code of another country, with a sex the contract refuses.
          'L-3,Far,Place,1990-01-01,m,IRQ,SD01,,',
          // A p-code of another country alone: the registry's own refusal.
          'L-4,Only,Place,1990-01-01,male,IRQ,SD01,,',
        ].join('\n'),
      );
      assert.equal(people.statusCode, 422, people.body);
      const place = { rule: 'pcode_place', country: 'IRQ' };
      assert.deepEqual(problems(people), [
        [2, 'child_assent', 'child_assent_required', null],
        [2, 'sex', 'invalid_value', sexes],
        [3, 'consent', 'yes_or_no', null],
        [3, 'date_of_birth', 'custom', notFuture],
        [4, 'pcode', 'custom', place],
        [4, 'sex', 'invalid_value', sexes],
        [5, 'pcode', 'custom', place],
      ]);
      // The person form hears of it the same way.
      const form = await call(t, worker, 'POST', '/api/beneficiaries', {
        givenName: 'Far',
        familyName: 'Place',
        country: 'IRQ',
        pcode: 'SD01',
      });
      assert.equal(form.statusCode, 400, form.body);
      assert.deepEqual(
        form
          .json()
          .errors.map((e: { pointer: string; code: string; params?: unknown }) => [e.pointer, e.code, e.params]),
        [['/pcode', 'custom', place]],
      );

      const ref = (
        await db().selectFrom('cases').select('reference').where('organisation_id', '=', org).executeTakeFirstOrThrow()
      ).reference;
      const services = await send(
        worker,
        'services',
        's.csv',
        [
          'case_reference,service_type,delivered_on',
          `${ref},spaceship,2027-01-01`,
          // Without a case reference, the day is still judged.
          ',interpretation,2027-01-01',
          // A date still to come alone: found with the case, as before.
          `${ref},interpretation,2027-01-01`,
        ].join('\n'),
        {},
      );
      assert.equal(services.statusCode, 422, services.body);
      assert.deepEqual(problems(services), [
        [2, 'delivered_on', 'custom', notFuture],
        [2, 'service_type', 'not_in_vocabulary', { vocabulary: 'corridor.service_type' }],
        [3, 'case_reference', 'one_case_reference', null],
        [3, 'delivered_on', 'custom', notFuture],
        [4, 'delivered_on', 'custom', notFuture],
      ]);

      const cases = await send(
        worker,
        'cases',
        'c.csv',
        [
          'source_id,name_latin,date_of_birth,case_type,opened_on',
          'L-C1,Case Later,1980-01-01,spaceship,2027-01-01',
        ].join('\n'),
      );
      assert.equal(cases.statusCode, 422, cases.body);
      assert.deepEqual(
        problems(cases).map(([row, column, issue]) => [row, column, issue]),
        [
          [2, 'case_type', problems(cases)[0]![2]],
          [2, 'opened_on', 'custom'],
        ],
      );
    });

    test('a caseworker cannot import onto a sensitive case they are not on; only case staff import at all', async () => {
      const other = await buildStaff(t, org, ['caseworker']);
      const res = await send(
        other,
        'services',
        'services.csv',
        'case_source_id,service_type,delivered_on\nVOT-EX-1,food_and_items,2026-05-02\n',
        {},
      );
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().errors[0].column, 'case_source_id');
      const forbidden = await send(analyst, 'beneficiaries', 'p.csv', 'name_latin\nAnalyst Import\n');
      assert.equal(forbidden.statusCode, 403);
      assert.ok(supervisor);
    });
  });
}

for (const { engine, skip } of engines()) {
  describe(`imports: limits (${engine})`, { skip }, () => {
    let t: TestApp;
    let worker: Staff;
    before(async () => {
      t = await startTestApp(engine, {
        env: {
          CORRIDOR_IMPORT_MAX_BYTES: '200000',
          CORRIDOR_IMPORT_MAX_ROWS: '3',
          CORRIDOR_BODY_LIMIT_BYTES: '100000',
        },
      });
      worker = await buildStaff(t, (await buildOrganisation(t)).id, ['caseworker']);
    });
    after(() => t?.close());
    const send = (content: string) =>
      call(t, worker, 'POST', '/api/imports', {
        kind: 'beneficiaries',
        filename: 'p.csv',
        content: Buffer.from(content).toString('base64'),
        ...DECLARATION,
      });

    test('a file above CORRIDOR_IMPORT_MAX_BYTES is refused with 413; within it, the body may exceed the JSON limit', async () => {
      // 150 kB of file: within the import limit, and its base64 body above what a 100 kB JSON limit would take.
      const note = 'x'.repeat(150_000);
      const ok = await send(`name_latin,notes\nBig Note,${note}\n`);
      assert.equal(ok.statusCode, 200, ok.body.slice(0, 300));
      assert.deepEqual(ok.json().ignoredColumns, ['notes']);
      const big = await send(`name_latin,notes\nBig Note,${'x'.repeat(250_000)}\n`);
      assert.equal(big.statusCode, 413);
      assert.equal(big.json().code, 'payload_too_large');
    });

    test('a file with more rows than CORRIDOR_IMPORT_MAX_ROWS is refused as a whole', async () => {
      const res = await send('name_latin\nRow One\nRow Two\nRow Three\nRow Four\n');
      assert.equal(res.statusCode, 422);
      assert.deepEqual(
        res.json().errors.map((e: { row: number }) => e.row),
        [0],
      );
      assert.match(res.json().errors[0].message, /more than 3 rows/);
    });
  });
}
