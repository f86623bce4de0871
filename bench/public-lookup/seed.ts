// Loads N generated recruiters (default 10,000) into the configured database (CORRIDOR_DATA_DIR / DATABASE_URL),
// after migrating it, and writes the look-up paths the load generator cycles through. Run in a process of its own:
//   node --import tsx bench/public-lookup/seed.ts N PATHS_FILE
// Rows go in with plain batched INSERTs (the registry's own folding functions build the search columns), since
// the figure is about reading; the certification statuses are spread as in a live register.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { loadConfig } from '@corridor/server/src/config.ts';
import { openConfiguredDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import type { DB } from '@corridor/server/src/db/schema.ts';
import { bumpRegister } from '@corridor/server/src/recruitment/public-register.ts';
import { foldForSearch, foldLicence } from '@corridor/server/src/recruitment/recruitment.service.ts';
import type { Insertable } from 'kysely';

const [nArg, pathsFile] = process.argv.slice(2);
const n = Number(nArg ?? 10_000);
const WORDS = [
  'Global',
  'Overseas',
  'Manpower',
  'Human',
  'Resources',
  'Careers',
  'Employment',
  'Services',
  'Fair',
  'Safe',
  'Ethical',
  'Gulf',
  'Asia',
  'Horizon',
  'Bridge',
  'Star',
  'Crescent',
  'Everest',
  'Delta',
  'Pacific',
  'Éthique',
  'Sécurité',
];
const ORIGINS = ['BGD', 'NPL', 'PHL', 'LKA', 'PAK', 'IND', 'ETH', 'KEN', 'UGA', 'IRQ', 'SYR', 'LBN'];
const DESTS = ['ARE', 'QAT', 'SAU', 'KWT', 'OMN', 'BHR', 'JOR', 'LBN'];
const STATUSES = [
  'certified',
  'certified',
  'certified',
  'none',
  'applied',
  'in_audit',
  'suspended',
  'withdrawn',
  'refused',
];

// A fixed pseudo-random sequence, so every run loads the same register.
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

const config = loadConfig();
const database = openConfiguredDatabase(config);
try {
  await migrateToLatest(database.db, database.engine);
  const now = new Date();
  const nowIso = now.toISOString();
  const names: string[] = [];
  const licences: string[] = [];
  const BATCH = 500;
  for (let start = 0; start < n; start += BATCH) {
    const orgs: Insertable<DB['organisations']>[] = [];
    const recs: Insertable<DB['recruiters']>[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) {
      const country = pick(ORIGINS);
      const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(['Agency', 'Recruitment', 'Manpower', 'International'])} ${i}`;
      const licence = `${country}-${String(100000 + i)}`;
      const status = pick(STATUSES);
      const orgId = randomUUID();
      orgs.push({
        id: orgId,
        code: `BR-${i}`,
        name,
        kind: 'private_sector',
        country,
        referrals_paused: 0,
        demo: 0,
        created_at: nowIso,
        updated_at: nowIso,
        version: 1,
      });
      const certified = ['certified', 'suspended', 'withdrawn'].includes(status);
      recs.push({
        id: randomUUID(),
        organisation_id: orgId,
        name,
        name_folded: foldForSearch(name),
        licence_number: licence,
        licence_folded: foldLicence(licence),
        licensing_authority: `Labour ministry of ${country}`,
        licence_country: country,
        licence_expires_on: null,
        countries: ` ${country} `,
        corridors: ` ${country}>${pick(DESTS)} ${country}>${pick(DESTS)} `,
        sectors: ' construction ',
        employers: '[]',
        cert_status: status,
        cert_number: certified ? `IRIS-${country}-2026-${i.toString(16).toUpperCase().padStart(6, '0')}` : null,
        cert_expires_at: certified
          ? new Date(now.getTime() + (rnd() < 0.1 ? -1 : 1) * 200 * 86_400_000).toISOString()
          : null,
        cert_changed_at: nowIso,
        cert_reason: status === 'suspended' || status === 'withdrawn' ? 'Fees charged to workers.' : null,
        demo: 0,
        created_at: nowIso,
        updated_at: nowIso,
        version: 1,
      });
      names.push(name);
      licences.push(licence);
    }
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('organisations').values(orgs).execute();
      await trx.insertInto('recruiters').values(recs).execute();
      await bumpRegister(trx);
    });
  }
  // The look-ups: a third by licence number (as typed: lower case, a space instead of the dash), a third by a
  // distinctive part of a name (word + number: one hit), a third by a common word (20 results, truncated).
  const paths: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const k = Math.floor(rnd() * n);
    const kind = i % 3;
    const q =
      kind === 0
        ? licences[k]!.toLowerCase().replace('-', ' ')
        : kind === 1
          ? names[k]!.split(' ').slice(-2).join(' ').toLowerCase()
          : pick(WORDS).toLowerCase();
    paths.push(encodeURIComponent(q));
  }
  fs.writeFileSync(pathsFile!, paths.join('\n'));
  process.stdout.write(`${JSON.stringify({ recruiters: n, paths: paths.length })}\n`);
} finally {
  await database.close();
}
