// The large-file paths of an import, on both engines, with small files and small batches: a file planned in the
// planning worker (import-source.ts) imports exactly as one planned in the writing thread, reports the same problems
// of the same rows, refuses what is too long or unreadable; services recorded in bulk report every bad row with its
// reason, write nothing then, and keep the evidence base's aggregates exact.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ImportKind } from '@corridor/contracts';
import {
  engines,
  evidenceFaults,
  freshDatabase,
  importFile,
  NO_EVIDENCE_FAULT,
  staffPrincipal,
} from '../../test/harness.ts';
import { searchBeneficiaries } from '../beneficiaries/beneficiaries.search.ts';
import type { Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import type { Principal } from '../http/principal.ts';
import { createOrganisation } from '../identity/organisations.service.ts';
import { planning } from './import-source.ts';
import { importBatches } from './imports.service.ts';
import { writeTable } from './tabular.ts';

const NOW = new Date('2026-06-01T09:00:00.000Z');
const HASH_KEY = randomBytes(32);
const saved = { planning: { ...planning }, batches: { ...importBatches } };

/** `n` people in a beneficiaries CSV with an HXL row: scripts, documents, households, estimated dates, children. */
function peopleCsv(n: number, edit: (i: number, cells: string[]) => void = () => {}): string {
  const lines = [
    'source_id,given_name,family_name,name_original,date_of_birth,dob_precision,sex,citizenships,document_type,document_number,household,child_assent',
    '#meta+id,#beneficiary+name+given,#beneficiary+name+family,#beneficiary+name+original,#date+birth,,#beneficiary+sex,#country+code+nationality,,#beneficiary+id+document,#beneficiary+household,',
  ];
  const given = ['Mohammed', 'Muhammad', 'Amina', 'Yonas', 'Hodan', 'Abdi', 'Fatima', 'Dawit'];
  const family = ['Ali', 'Hassan', 'Tesfaye', 'Warsame', 'Osman', 'Abebe'];
  for (let i = 0; i < n; i++) {
    const child = i % 37 === 0;
    const cells = [
      `P-${i}`,
      given[i % given.length]!,
      family[(i * 7) % family.length]!,
      i % 3 === 0 ? 'محمد علي' : '',
      child ? '2015-03-02' : `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
      i % 5 === 0 ? 'estimated' : 'exact',
      i % 2 ? 'female' : 'male',
      i % 4 ? 'ERI' : 'SDN;ETH',
      i % 5 < 2 ? 'passport' : '',
      i % 5 < 2 ? `X${100000 + i}` : '',
      i % 6 === 0 ? `H-${Math.floor(i / 6)}` : '',
      child ? 'given' : '',
    ];
    edit(i, cells);
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

for (const { engine, skip } of engines()) {
  describe(`import pipeline (${engine})`, { skip }, () => {
    let database: Database;
    let drop: () => Promise<void>;
    let providerCode: string;

    /** A fresh organisation with a caseworker, as the principal of their imports. */
    const caseworker = () => staffPrincipal(database, NOW);

    /** One file through runImport in its own transaction; planned here or in the worker. The problems when refused. */
    const run = async (
      p: Principal,
      kind: ImportKind,
      csv: string | Buffer,
      where: 'here' | 'worker',
      maxRows = 10_000,
      format: 'csv' | 'xlsx' = 'csv',
    ) => {
      planning.inWorkerFromBytes = where === 'worker' ? 0 : Number.POSITIVE_INFINITY;
      return importFile(database, p, { kind, data: csv, format, maxRows }, HASH_KEY, NOW);
    };

    const count = async (
      table: 'beneficiaries' | 'beneficiary_documents' | 'consent_events' | 'import_keys' | 'cases' | 'case_services',
      organisationId: string,
    ) =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('organisation_id', '=', organisationId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const counts = async (organisationId: string) => ({
      beneficiaries: await count('beneficiaries', organisationId),
      documents: await count('beneficiary_documents', organisationId),
      consentEvents: await count('consent_events', organisationId),
      importKeys: await count('import_keys', organisationId),
      cases: await count('cases', organisationId),
      services: await count('case_services', organisationId),
    });
    /** What the registry holds of an organisation's people, without ids and keyed values. */
    const people = async (organisationId: string) =>
      (
        await database.db
          .selectFrom('beneficiaries')
          .select([
            'given_name',
            'family_name',
            'name_original',
            'name_latin',
            'search_name',
            'date_of_birth',
            'dob_precision',
            'sex',
            'citizenships',
            'restricted',
            'name_key_hashes',
          ])
          .where('organisation_id', '=', organisationId)
          .execute()
      )
        .map((r) => {
          const { name_key_hashes, ...rest } = r;
          // The key numbers are hashes of the organisation and the key: compare how many each person has.
          return JSON.stringify({ ...rest, keys: name_key_hashes ? Buffer.from(name_key_hashes).length : 0 });
        })
        .sort();

    before(async () => {
      ({ database, drop } = await freshDatabase(engine));
      await migrateToLatest(database.db, database.engine);
      providerCode = `PRV${randomBytes(3).toString('hex').toUpperCase()}`;
      await database.db
        .transaction()
        .execute((trx) =>
          createOrganisation(trx, { code: providerCode, name: 'Provider', kind: 'civil_society', country: 'SDN' }, NOW),
        );
      // Small batches, so that small files cross every batch boundary.
      Object.assign(planning, { batchRows: 97, ahead: 2, processors: 2 });
      Object.assign(importBatches, { register: 50, cases: 20, services: 30 });
    });
    after(async () => {
      Object.assign(planning, saved.planning);
      Object.assign(importBatches, saved.batches);
      await drop?.();
    });

    test('a file planned in the worker imports exactly as one planned here, and again creates nothing', async () => {
      const [a, b] = [await caseworker(), await caseworker()];
      const files: [ImportKind, string][] = [
        ['beneficiaries', peopleCsv(400)],
        [
          'cases',
          [
            'source_id,person_source_id,case_type,situation,opened_on',
            ...Array.from({ length: 130 }, (_, i) => `C-${i},P-${i * 3},protection,stranded,2026-01-15`),
          ].join('\n'),
        ],
        [
          'cases',
          [
            'source_id,given_name,family_name,date_of_birth,sex,case_type,situation,opened_on',
            ...Array.from(
              { length: 25 },
              (_, i) => `OWN-${i},Selam,Own${i},1990-01-0${1 + (i % 9)},female,protection,stranded,2026-02-01`,
            ),
          ].join('\n'),
        ],
        [
          'services',
          [
            'source_id,case_source_id,service_type,delivered_on,value_minor,currency,provider_organisation',
            ...Array.from(
              { length: 170 },
              (_, i) =>
                `S-${i},${i % 7 === 0 ? `OWN-${i % 25}` : `C-${i % 130}`},${i % 2 ? 'accommodation' : 'legal_assistance'},2026-03-0${1 + (i % 9)},${i % 3 ? 45000 : ''},${i % 3 ? 'USD' : ''},${i % 4 === 0 ? providerCode : ''}`,
            ),
          ].join('\n'),
        ],
      ];
      // HTCDS column names (a trafficking case with its own person per row), as in docs/examples.
      files.push([
        'trafficking-cases',
        fs.readFileSync(new URL('../../../../docs/examples/trafficking-cases-htcds.csv', import.meta.url), 'utf8'),
      ]);
      for (const [kind, csv] of files) {
        const here = await run(a, kind, csv, 'here');
        const worker = await run(b, kind, csv, 'worker');
        assert.equal(here.errors, null, JSON.stringify(here.errors));
        assert.deepEqual(worker, here, `${kind}: the same report`);
      }
      assert.deepEqual(await counts(b.organisationId), await counts(a.organisationId));
      const held = await counts(a.organisationId);
      assert.deepEqual(
        { ...held },
        {
          beneficiaries: 425 + 2,
          documents: 160,
          consentEvents: 425 + 2,
          importKeys: 425 + 155 + 170 + 2 * 2,
          cases: 155 + 2,
          services: 170,
        },
      );
      assert.deepEqual(await people(b.organisationId), await people(a.organisationId));
      // The search keys written from the worker's key numbers find the same people as those derived here.
      for (const q of [
        // (Filters keep each answer under the limit, so that ties at the limit cannot differ.)
        { name: 'Muhammad Hassan', dobFrom: '1995-01-01', dobTo: '1995-12-31' },
        { name: 'محمد', dobFrom: '1972-01-01', dobTo: '1973-12-31' },
        { nameLatin: 'Amina Tesfay', dobFrom: '1980-01-01', dobTo: '1985-12-31' },
        { documentNumber: 'X100005' },
      ]) {
        const found = async (who: Principal) =>
          (await searchBeneficiaries(database.db, who, { ...q, limit: 50 })).hits
            .map((h) => `${h.row.name_latin} ${h.row.date_of_birth} ${JSON.stringify(h.match)}`)
            .sort();
        const inA = await found(a);
        assert.ok(inA.length > 0 && inA.length < 50, JSON.stringify(q));
        assert.deepEqual(await found(b), inA, JSON.stringify(q));
      }
      for (const [kind, csv] of files) {
        const again = await run(b, kind, csv, 'worker');
        assert.equal(again.report?.created, 0, `${kind}: nothing new`);
        assert.equal(again.report?.skipped, again.report?.rows);
      }
      assert.deepEqual(await counts(b.organisationId), held);
      assert.deepEqual(await evidenceFaults(database.db, NOW), NO_EVIDENCE_FAULT);
    });

    test('an XLSX workbook planned in the worker imports as one planned here', async () => {
      const grid = peopleCsv(150)
        .trim()
        .split('\n')
        .map((line) => line.split(','));
      const xlsx = await writeTable('xlsx', 'People', grid);
      const [a, b] = [await caseworker(), await caseworker()];
      const here = await run(a, 'beneficiaries', xlsx, 'here', 10_000, 'xlsx');
      const worker = await run(b, 'beneficiaries', xlsx, 'worker', 10_000, 'xlsx');
      assert.equal(here.report?.created, 150, JSON.stringify(here.errors));
      assert.equal(here.report?.hxl, true);
      assert.deepEqual(worker, here);
      assert.deepEqual(await people(b.organisationId), await people(a.organisationId));
    });

    test('every bad row is reported the same way from the worker, and nothing is written', async () => {
      const csv = peopleCsv(400, (i, cells) => {
        if (i === 3) cells[4] = '1990-13-45';
        if (i === 150) cells[0] = 'P-10';
        if (i === 210) cells[4] = '2016-01-01'; // a child, without child_assent
        if (i === 398) cells[6] = 'unknown-sex';
      });
      const [a, b] = [await caseworker(), await caseworker()];
      const here = await run(a, 'beneficiaries', csv, 'here');
      const worker = await run(b, 'beneficiaries', csv, 'worker');
      assert.ok(here.errors && here.errors.length >= 4);
      assert.deepEqual(worker, here);
      // Rows are numbered as a spreadsheet shows them: header 1, hashtags 2, data from 3.
      assert.deepEqual([...new Set(worker.errors!.map((e) => e.row))], [6, 153, 213, 401]);
      assert.match(worker.errors!.find((e) => e.row === 153)!.message, /names the same record as row 13/);
      assert.deepEqual(await counts(b.organisationId), await counts(a.organisationId));
      assert.equal(await count('beneficiaries', b.organisationId), 0);
    });

    test('cases with their own new person, in bulk: every bad row with its reason; then all registered and opened', async () => {
      const header = 'source_id,given_name,family_name,date_of_birth,sex,case_type,situation,opened_on,child_assent';
      const good = (i: number) =>
        `OWN-${i},Selam,Own${i},1990-01-0${1 + (i % 9)},female,protection,stranded,2026-02-01,`;
      const rows = Array.from({ length: 70 }, (_, i) => good(i));
      rows[3] = 'OWN-3,Selam,Own3,1990-02-31,female,protection,stranded,2026-02-01,'; // not a date
      rows[22] = 'OWN-22,Selam,Own22,1990-01-01,female,protection,no_such_situation,2026-02-01,';
      rows[41] = 'OWN-41,Selam,Own41,2016-01-01,female,protection,stranded,2026-02-01,'; // a child, no assent
      rows[64] = 'OWN-64,Selam,Own64,1990-01-01,female,protection,stranded,2027-01-01,'; // opened in the future
      const p = await caseworker();
      for (const where of ['here', 'worker'] as const) {
        const refused = await run(p, 'cases', [header, ...rows].join('\n'), where);
        assert.deepEqual(
          refused.errors?.map((e) => [e.row, e.column]),
          [
            [5, 'date_of_birth'],
            [24, 'situation'],
            [43, 'child_assent'],
            [66, 'opened_on'],
          ],
          where,
        );
        assert.deepEqual(await counts(p.organisationId), {
          beneficiaries: 0,
          documents: 0,
          consentEvents: 0,
          importKeys: 0,
          cases: 0,
          services: 0,
        });
      }
      rows[3] = good(3);
      rows[22] = good(22);
      rows[41] = 'OWN-41,Selam,Own41,2016-01-01,female,protection,stranded,2026-02-01,given';
      rows[64] = good(64);
      const done = await run(p, 'cases', [header, ...rows].join('\n'), 'worker');
      assert.equal(done.report?.created, 70, JSON.stringify(done.errors));
      assert.deepEqual(await counts(p.organisationId), {
        beneficiaries: 70,
        documents: 0,
        consentEvents: 70,
        importKeys: 140,
        cases: 70,
        services: 0,
      });
      const child = await database.db
        .selectFrom('consent_events')
        .innerJoin('beneficiaries', 'beneficiaries.id', 'consent_events.beneficiary_id')
        .select('consent_events.child_assent')
        .where('beneficiaries.organisation_id', '=', p.organisationId)
        .where('beneficiaries.date_of_birth', '=', '2016-01-01')
        .executeTakeFirstOrThrow();
      assert.equal(child.child_assent, 'given');
      const again = await run(p, 'cases', [header, ...rows].join('\n'), 'here');
      assert.equal(again.report?.skipped, 70);
      assert.deepEqual(await evidenceFaults(database.db, NOW), NO_EVIDENCE_FAULT);
    });

    test('too many rows, or a file that is not UTF-8, is refused from the worker as from here', async () => {
      const p = await caseworker();
      for (const where of ['here', 'worker'] as const) {
        const long = await run(p, 'beneficiaries', peopleCsv(300), where, 250);
        assert.deepEqual(long.errors, [{ row: 0, column: null, message: 'the file has more than 250 rows; split it' }]);
        const latin1 = Buffer.concat([Buffer.from('given_name\n'), Buffer.from([0x4a, 0xf6, 0x72, 0x67, 0x0a])]);
        const unreadable = await run(p, 'beneficiaries', latin1, where);
        assert.equal(unreadable.errors?.length, 1);
        assert.match(unreadable.errors![0]!.message, /not UTF-8/);
      }
      assert.deepEqual(await counts(p.organisationId), {
        beneficiaries: 0,
        documents: 0,
        consentEvents: 0,
        importKeys: 0,
        cases: 0,
        services: 0,
      });
    });

    test('services in bulk: every bad row with its reason, nothing written; then recorded, aggregates exact', async () => {
      const p = await caseworker();
      assert.equal((await run(p, 'beneficiaries', peopleCsv(60), 'worker')).errors, null);
      const cases = [
        'source_id,person_source_id,case_type,situation,opened_on',
        ...Array.from({ length: 60 }, (_, i) => `C-${i},P-${i},protection,stranded,2026-01-15`),
      ].join('\n');
      assert.equal((await run(p, 'cases', cases, 'here')).errors, null);
      const closedId = (
        await database.db
          .selectFrom('import_keys')
          .select('record_id')
          .where('organisation_id', '=', p.organisationId)
          .where('source_key', '=', 'src:C-59')
          .executeTakeFirstOrThrow()
      ).record_id;
      await database.db.updateTable('cases').set({ status: 'Closed' }).where('id', '=', closedId).execute();
      const open = await database.db
        .selectFrom('cases')
        .select('reference')
        .where('organisation_id', '=', p.organisationId)
        .where('id', '!=', closedId)
        .orderBy('reference')
        .execute();

      const good = (i: number) => `S-${i},C-${i % 59},,accommodation,2026-03-01`;
      const rows = Array.from({ length: 75 }, (_, i) => good(i));
      rows[4] = 'S-4,C-59,,accommodation,2026-03-01';
      rows[31] = 'S-31,C-31,,no_such_service,2026-03-01';
      rows[40] = 'S-40,C-40,,accommodation,2027-01-01';
      rows[50] = 'S-50,C-50,,accommodation,2026-03-01,NOSUCHORG';
      rows[60] = 'S-60,C-999,,accommodation,2026-03-01';
      rows[70] = 'S-70,,NOPE-2026-000001,accommodation,2026-03-01';
      const header = 'source_id,case_source_id,case_reference,service_type,delivered_on,provider_organisation';
      const bad = [header, ...rows].join('\n');
      for (const where of ['here', 'worker'] as const) {
        const refused = await run(p, 'services', bad, where);
        assert.deepEqual(
          refused.errors?.map((e) => [e.row, e.column]),
          [
            [6, null],
            [33, 'service_type'],
            [42, 'delivered_on'],
            [52, 'provider_organisation'],
            [62, 'case_source_id'],
            [72, 'case_reference'],
          ],
          where,
        );
        assert.match(refused.errors![0]!.message, /closed/);
        assert.equal(await count('case_services', p.organisationId), 0);
      }

      const byReference = open.map(
        (c, i) => `R-${i},,${c.reference},legal_assistance,2026-03-02,${i % 2 ? providerCode : ''}`,
      );
      const fine = [header, ...rows.map((r, i) => ([4, 31, 40, 50, 60, 70].includes(i) ? null : r)), ...byReference]
        .filter((r): r is string => r !== null)
        .join('\n');
      const done = await run(p, 'services', fine, 'worker');
      assert.equal(done.errors, null, JSON.stringify(done.errors));
      assert.equal(done.report?.created, 69 + 59);
      assert.equal(await count('case_services', p.organisationId), 69 + 59);
      assert.deepEqual(await evidenceFaults(database.db, NOW), NO_EVIDENCE_FAULT);
    });
  });
}
