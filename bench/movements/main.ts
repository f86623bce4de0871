// `npm run bench -- movements`: the figures of issue 7 on a generated year of movements.
//
// A fresh SQLite database gets one organisation with P passengers (default 460,000, the seed's evacuations of
// 2014) on movements of 250 passengers through a year (evacuation, resettlement, voluntary return; 94% arrived,
// the rest no-shows and cancellations), plus one movement of exactly 300 passengers. Then, R times each:
//   1. the printable manifest of the 300-passenger movement: read (manifestOf), present, build the PDF; baseline in
//      the same round: the same read and presentation written as CSV (writeTable), i.e. the manifest without the PDF;
//   2. the movement figures for the year (movementFigures: arrivals by type and month, no-shows, cancellations, read
//      from the counts kept with every passenger step); baseline: one bare prepared statement counting the year's
//      arrivals by type from the passengers over the index (organisation_id, arrived_at, movement_type), i.e. what
//      the figures would cost without the kept counts. The two must agree (checked).
// Targets: PDF at most 2 s, figures at most 100 ms. Reports medians and spread; writes bench/results/movements-*.json.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { insertMany } from '@corridor/server/src/db/bulk-insert.ts';
import { openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import { writeTable } from '@corridor/server/src/imports/tabular.ts';
import { manifestPdf } from '@corridor/server/src/movements/manifest-pdf.ts';
import { movementFigures } from '@corridor/server/src/movements/movements.indicators.ts';
import { MANIFEST_COLUMNS, manifestRow, presentPassenger } from '@corridor/server/src/movements/movements.presenter.ts';
import { manifestOf } from '@corridor/server/src/movements/movements.service.ts';
import { ms, type Spread, spread } from '../http/stats.ts';
import { seedCaseworker } from '../import/main.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(here, '../results');

const USAGE = `Usage: npm run bench -- movements [options]

Manifest PDF of 300 passengers and the year's movement figures over a generated year of movements (SQLite).

Options:
  --passengers N   passengers in the year (default 460000)
  --runs R         measured rounds (default 7)
  --help           this text`;

const log = (s: string) => process.stderr.write(`${s}\n`);

/** A small deterministic generator, so two runs build the same year. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ARABIC = [
  'محمد العلي',
  'فاطمة حسن',
  'أحمد خليل',
  'مريم يوسف',
  'علي إبراهيم',
  'سلمى حداد',
  'عمر سعيد',
  'ليلى ناصر',
];
const GIVEN = ['Abebe', 'Hiwot', 'Maria', 'Jose', 'Ahmed', 'Fatima', 'Nour', 'Samir', 'Grace', 'John', 'Aisha', 'Omar'];
const FAMILY = ['Tesfaye', 'Santos', 'Haddad', 'Mensah', 'Reyes', 'Khalil', 'Bekele', 'Diallo', 'Garcia', 'Yusuf'];
const TYPES = ['evacuation', 'resettlement', 'voluntary_return'] as const;

/** Runs the benchmark with its command-line arguments (bench/run.mjs calls it). */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      passengers: { type: 'string', default: '460000' },
      runs: { type: 'string', default: '7' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const total = Number(values.passengers);
  const runs = Number(values.runs);
  if (!Number.isInteger(total) || total < 300 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-movements-'));
  const database = openDatabase({ sqliteFile: path.join(dir, 'corridor.sqlite') });
  try {
    await migrateToLatest(database.db, database.engine);
    const { principal } = await seedCaseworker(database);
    const org = principal.organisationId;
    const rnd = prng(7);
    const t0 = performance.now();
    const PER = 250;
    const year = Date.parse('2026-01-01T00:00:00Z');
    const yearMs = 365 * 86_400_000;
    let manifestId = '';
    // The counts the passenger steps keep (movement_figures), built here from the generated passengers.
    const counts = new Map<
      string,
      { month: string; type: string; arrived: number; no_show: number; cancelled: number }
    >();
    const count = (month: string, type: string, column: 'arrived' | 'no_show' | 'cancelled') => {
      const k = `${month}|${type}`;
      const c = counts.get(k) ?? { month, type, arrived: 0, no_show: 0, cancelled: 0 };
      c[column] += 1;
      counts.set(k, c);
    };
    await database.db.transaction().execute(async (trx) => {
      let left = total;
      let n = 0;
      const at = new Date().toISOString();
      while (left > 0) {
        const size = n === 0 ? 300 : Math.min(PER, left);
        const id = randomUUID();
        if (n === 0) manifestId = id;
        const type = TYPES[n % 3]!;
        const departs = year + Math.floor(rnd() * (yearMs - 2 * 86_400_000));
        const dep = new Date(departs).toISOString();
        const arr = new Date(departs + 5 * 3_600_000).toISOString();
        await trx
          .insertInto('movements')
          .values({
            id,
            organisation_id: org,
            crisis_id: null,
            type,
            reference: `MV-${String(n).padStart(6, '0')}`,
            origin_country: 'IRQ',
            destination_country: 'ETH',
            status: 'completed',
            reception_organisation_id: null,
            created_by: principal.userId,
            created_at: at,
            updated_at: at,
            version: 1,
          })
          .execute();
        await trx
          .insertInto('movement_legs')
          .values({
            id: randomUUID(),
            movement_id: id,
            organisation_id: org,
            seq: 1,
            mode: 'air',
            carrier: 'Ethiopian Airlines',
            service_number: `ET ${3700 + (n % 99)}`,
            from_place: 'Erbil',
            from_country: 'IRQ',
            to_place: 'Addis Ababa',
            to_country: 'ETH',
            departs_at: dep,
            arrives_at: arr,
            capacity: size,
            booked: 0,
            created_at: at,
            updated_at: at,
            version: 1,
          })
          .execute();
        const people = [];
        const passengers = [];
        for (let i = 0; i < size; i++) {
          const pid = randomUUID();
          const given = GIVEN[Math.floor(rnd() * GIVEN.length)]!;
          const family = FAMILY[Math.floor(rnd() * FAMILY.length)]!;
          people.push({
            id: pid,
            organisation_id: org,
            given_name: given,
            family_name: family,
            // Half the names are also written in Arabic, so the PDF embeds and shapes a second script.
            name_original: rnd() < 0.5 ? ARABIC[Math.floor(rnd() * ARABIC.length)]! : null,
            name_latin: `${given} ${family}`,
            search_name: `${given} ${family}`.toLowerCase(),
            date_of_birth: `${1960 + Math.floor(rnd() * 50)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
            dob_precision: 'exact',
            sex: rnd() < 0.5 ? 'female' : 'male',
            citizenships: 'ETH',
            languages: 'amh',
            specific_needs: '',
            restricted: 0,
            created_by: principal.userId,
            created_at: at,
            updated_at: at,
            version: 1,
          });
          const r = rnd();
          const status = r < 0.94 ? 'arrived' : r < 0.97 ? 'no_show' : 'cancelled';
          count(
            (status === 'arrived' ? arr : dep).slice(0, 7),
            type,
            status === 'arrived' ? 'arrived' : status === 'no_show' ? 'no_show' : 'cancelled',
          );
          passengers.push({
            id: randomUUID(),
            movement_id: id,
            organisation_id: org,
            movement_type: type,
            beneficiary_id: pid,
            case_id: null,
            status,
            fit_to_travel: 'fit',
            medical_escort: rnd() < 0.02 ? 1 : 0,
            document_type: 'laissez_passer',
            document_number: `LP${String(n * 1000 + i).padStart(9, '0')}`,
            document_expires_on: '2027-12-31',
            hold_key: null,
            booked_by: principal.userId,
            booked_at: new Date(departs - 7 * 86_400_000).toISOString(),
            checked_in_at: status === 'arrived' ? dep : null,
            departed_at: status === 'arrived' ? dep : null,
            arrived_at: status === 'arrived' ? arr : null,
            no_show_at: status === 'no_show' ? dep : null,
            cancelled_at: status === 'cancelled' ? dep : null,
            version: 1,
          });
        }
        const bcols = Object.keys(people[0]!) as never[];
        await insertMany(trx, 'beneficiaries', bcols, people as never[]);
        await insertMany(trx, 'movement_passengers', Object.keys(passengers[0]!) as never[], passengers as never[]);
        left -= size;
        n += 1;
        if (n % 200 === 0) log(`  ${total - left} passengers, ${n} movements`);
      }
      await insertMany(
        trx,
        'movement_figures',
        ['organisation_id', 'month', 'movement_type', 'arrived', 'no_show', 'cancelled'],
        [...counts.values()].map((c) => ({
          organisation_id: org,
          month: c.month,
          movement_type: c.type,
          arrived: c.arrived,
          no_show: c.no_show,
          cancelled: c.cancelled,
        })),
      );
    });
    log(`generated ${total} passengers in ${Math.round((performance.now() - t0) / 1000)} s`);
    const db = database.db;
    database.sqlite!.exec('analyze');
    const m = await db.selectFrom('movements').selectAll().where('id', '=', manifestId).executeTakeFirstOrThrow();

    const pdfMs: number[] = [];
    const csvMs: number[] = [];
    const figMs: number[] = [];
    const bareMs: number[] = [];
    let pdfBytes = 0;
    let figures = null as Awaited<ReturnType<typeof movementFigures>> | null;
    const bare = database.sqlite!.prepare(
      'select movement_type, count(*) n from movement_passengers where organisation_id = ? and arrived_at >= ? and arrived_at < ? group by movement_type',
    );
    const presentAll = async () => {
      const { items } = await manifestOf(db, principal, m);
      return items
        .filter((i) => i.row.status !== 'cancelled')
        .map((i, k) => manifestRow(k, presentPassenger(i.row, i.person, i.reception, i.hidden)));
    };
    // One warm-up of each, not measured (the first PDF of a process also parses the font and warms fontkit).
    const warm = await presentAll();
    await manifestPdf(
      { title: 'warm-up', lines: [] },
      { columns: MANIFEST_COLUMNS.map((c) => ({ label: c.label, width: c.width })), rows: warm },
    );
    await movementFigures(db, org, '2026-01-01', '2026-12-31');
    for (let r = 0; r < runs; r++) {
      let s = performance.now();
      const rows = await presentAll();
      const pdf = await manifestPdf(
        { title: `Passenger manifest ${m.reference}`, lines: ['Leg 1: Ethiopian Airlines Erbil -> Addis Ababa'] },
        { columns: MANIFEST_COLUMNS.map((c) => ({ label: c.label, width: c.width })), rows },
      );
      pdfMs.push(performance.now() - s);
      pdfBytes = pdf.length;
      s = performance.now();
      await writeTable('csv', 'Manifest', [MANIFEST_COLUMNS.map((c) => c.key), ...(await presentAll())]);
      csvMs.push(performance.now() - s);
      s = performance.now();
      figures = await movementFigures(db, org, '2026-01-01', '2026-12-31');
      figMs.push(performance.now() - s);
      s = performance.now();
      const direct = bare.all(org, '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z') as {
        movement_type: string;
        n: number;
      }[];
      bareMs.push(performance.now() - s);
      const evac = direct.find((d) => d.movement_type === 'evacuation')?.n ?? 0;
      if (evac !== figures.totals.evacuated)
        throw new Error(`figures disagree: ${evac} != ${figures.totals.evacuated}`);
    }
    const show = (label: string, x: Spread) =>
      log(
        `${label.padEnd(34)} median ${ms(x.median)} ms  (q1 ${ms(x.q1)}, q3 ${ms(x.q3)}, min ${ms(x.min)}, max ${ms(x.max)})`,
      );
    const pdf = spread(pdfMs);
    const csv = spread(csvMs);
    const fig = spread(figMs);
    const bareS = spread(bareMs);
    log(
      `\npassengers: ${total}; manifest: ${m.reference}, 300 booked; runs: ${runs}; machine: ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}`,
    );
    show('manifest PDF (read + build)', pdf);
    show('  baseline: same manifest as CSV', csv);
    show('movement figures for the year', fig);
    show('  baseline: one bare statement', bareS);
    log(
      `PDF ${pdfBytes} bytes; ratio PDF/CSV ${(pdf.median / csv.median).toFixed(2)}; figures/bare ${(fig.median / bareS.median).toFixed(2)}`,
    );
    log(
      `targets: PDF <= 2000 ms ${pdf.median <= 2000 ? 'met' : 'NOT met'}; figures <= 100 ms ${fig.median <= 100 ? 'met' : 'NOT met'}`,
    );
    log(`figures: ${JSON.stringify(figures?.totals)} no-shows ${figures?.noShows} cancelled ${figures?.cancelled}`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '');
    const file = path.join(resultsDir, `movements-${stamp}.json`);
    fs.writeFileSync(
      file,
      `${JSON.stringify({ passengers: total, runs, pdf, csv, figures: fig, bare: bareS, pdfBytes, totals: figures?.totals, id: randomBytes(4).toString('hex') }, null, 2)}\n`,
    );
    log(`results: ${path.relative(process.cwd(), file)}`);
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
