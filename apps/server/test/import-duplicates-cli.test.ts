// `corridor import` flags likely duplicates as an API import does (docs/linkage.md): the people a file registers are
// linked against the registry once the rows are in, the pairs go to the review queue (found by "import"), and the
// command prints how many. Run as a user would (child processes), on SQLite and, with CORRIDOR_TEST_PG_URL, on a
// fresh PostgreSQL database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import { engines, PG_URL } from './harness.ts';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;
const { DATABASE_URL: _ignored, ...baseEnv } = process.env;

function corridor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...baseEnv, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A data folder, and on PostgreSQL a new database the command line uses through DATABASE_URL. */
type Place = { dir: string; env: Record<string, string>; open(): Database; drop(): Promise<void> };

async function place(engine: 'sqlite' | 'postgres'): Promise<Place> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-import-dup-'));
  if (engine === 'sqlite') {
    return {
      dir,
      env: { CORRIDOR_DATA_DIR: dir },
      open: (): Database => openDatabase({ sqliteFile: path.join(dir, 'corridor.sqlite') }),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `t_import_dup_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return {
    dir,
    env: { CORRIDOR_DATA_DIR: dir, DATABASE_URL: url.toString() },
    open: (): Database => openDatabase({ databaseUrl: url.toString(), poolSize: 2 }),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const HEADER = 'source_id,given_name,family_name,name_original,date_of_birth,sex,document_type,document_number';

for (const { engine, skip } of engines()) {
  describe(`corridor import flags likely duplicates (${engine})`, { skip }, () => {
    test('pairs with the registry and within the file are queued (found by import) and counted; a dry run flags none', async () => {
      const where = await place(engine);
      const org = 'DEMO-IO-IRQ';
      const supervisor = 'dup.importer@test.corridor.invalid';
      try {
        const migrated = corridor(['migrate'], where.env);
        assert.equal(migrated.code, 0, migrated.err);
        const seeded = corridor(['seed', '--demo'], where.env);
        assert.equal(seeded.code, 0, seeded.err);
        const u = corridor(
          ['user', 'create', '--email', supervisor, '--name', 'Importer', '--org', org, '--roles', 'supervisor'],
          where.env,
        );
        assert.equal(u.code, 0, u.err);
        const importFile = (rows: string[], ...extra: string[]) => {
          const file = path.join(where.dir, `people-${randomBytes(3).toString('hex')}.csv`);
          fs.writeFileSync(file, [HEADER, ...rows].join('\n'));
          return corridor(
            [
              'import',
              file,
              '--org',
              org,
              '--as',
              supervisor,
              '--kind',
              'beneficiaries',
              '--basis',
              'public_interest',
              '--information',
              'Registration explained in Arabic.',
              ...extra,
            ],
            where.env,
          );
        };

        const first = importFile(['DUP-1,Zeinab,Kareem,,1991-03-07,female,passport,A7731902']);
        assert.equal(first.code, 0, first.err);
        assert.match(first.out, /1 created/);
        assert.match(first.out, /Likely duplicates queued for review: 0 pairs\./);

        // The same woman in Arabic script with day and month swapped, and a stranger: a dry run writes no pair.
        const rows = [
          'DUP-2,,,زينب كريم,1991-07-03,female,passport,A-7731902',
          'OTHER-1,Tomasz,Wróblewski,,1958-11-30,male,passport,PL0099123',
        ];
        const dry = importFile(rows, '--dry-run');
        assert.equal(dry.code, 0, dry.err);
        assert.doesNotMatch(dry.out, /Likely duplicates/);

        const second = importFile(rows);
        assert.equal(second.code, 0, second.err);
        assert.match(second.out, /2 created/);
        assert.match(second.out, /Likely duplicates queued for review: 1 pair\./);

        // Two rows of one file that are one person are flagged too.
        const third = importFile([
          'TWIN-1,Dmitri,Ivanov,,1985-02-14,male,passport,RU5512345',
          'TWIN-2,Dmitry,Ivanov,,1985-02-14,male,passport,RU-5512345',
        ]);
        assert.equal(third.code, 0, third.err);
        assert.match(third.out, /Likely duplicates queued for review: [12] pairs?\./);

        const database = where.open();
        try {
          const pairs = await database.db
            .selectFrom('linkage_candidates as c')
            .innerJoin('beneficiaries as a', 'a.id', 'c.beneficiary_a_id')
            .innerJoin('beneficiaries as b', 'b.id', 'c.beneficiary_b_id')
            .select(['c.status', 'c.probability', 'a.name_latin as a', 'b.name_latin as b'])
            .select(['a.name_original as ao', 'b.name_original as bo'])
            .where('c.found_by', '=', 'import')
            .execute();
          const names = pairs.map((p) => [p.a, p.b].sort().join(' / '));
          const printed = (out: string) => Number(/queued for review: (\d+) pair/.exec(out)?.[1]);
          assert.equal(
            pairs.length,
            printed(second.out) + printed(third.out),
            'the printed counts are the queued pairs',
          );
          assert.ok(
            pairs.some(
              (p) =>
                (p.a === 'Zeinab Kareem' && p.bo === 'زينب كريم') || (p.b === 'Zeinab Kareem' && p.ao === 'زينب كريم'),
            ),
            `the Kareem pair: ${names}`,
          );
          assert.ok(
            names.some((n) => /Dmitri Ivanov/.test(n) && /Dmitry Ivanov/.test(n)),
            `the Ivanov pair: ${names}`,
          );
          assert.ok(!names.some((n) => /Wróblewski|Wroblewski/.test(n)), 'the stranger is in no pair');
          for (const p of pairs) {
            assert.equal(p.status, 'open');
            assert.ok(p.probability >= 0.5);
          }
        } finally {
          await database.close();
        }
      } finally {
        await where.drop();
      }
    });
  });
}
