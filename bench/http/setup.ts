// Prepares a database for the HTTP benchmark through Corridor's own services, in a process of its own, before the
// server starts. Run with `node --import tsx bench/http/setup.ts <command>`:
//   prepare               migrate the configured database (CORRIDOR_DATA_DIR / DATABASE_URL), create an organisation,
//                         an administrator and an API token; print {"token","userId","organisationId"} as JSON
//   create-schema <name>  create a PostgreSQL schema on BENCH_PG_URL (so the benchmark never touches other data)
//   drop-schema <name>    drop it again, with everything in it
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@corridor/server/src/config.ts';
import { openConfiguredDatabase, openDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createApiToken } from '@corridor/server/src/identity/tokens.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';
import { BENCH_DISPLAY_NAME, benchEmail } from './fixture.ts';

/** What `prepare` prints. */
export type Prepared = { token: string; userId: string; organisationId: string };

async function prepare(): Promise<Prepared> {
  const database = openConfiguredDatabase(loadConfig());
  try {
    await migrateToLatest(database.db, database.engine);
    const now = new Date();
    const suffix = randomBytes(4).toString('hex');
    return await database.db.transaction().execute(async (trx) => {
      const org = await createOrganisation(
        trx,
        {
          code: `BENCH-${suffix.toUpperCase()}`,
          name: 'Benchmark organisation',
          kind: 'civil_society',
          country: 'SDN',
        },
        now,
      );
      const user = await createUser(
        trx,
        {
          organisationId: org.id,
          email: benchEmail(suffix),
          displayName: BENCH_DISPLAY_NAME,
          roles: ['admin'],
          locale: 'en',
          password: `Bq7!${randomBytes(18).toString('base64url')}`,
        },
        now,
      );
      // The token is issued as if by the new administrator; a token never holds more than its creator.
      const creator: Principal = {
        kind: 'session',
        userId: user.id,
        id: user.id,
        organisationId: org.id,
        roles: user.roles,
        secondFactor: 'none',
      };
      const { secret } = await createApiToken(
        trx,
        creator,
        { name: 'HTTP benchmark', roles: ['admin'], expiresInDays: 1 },
        now,
      );
      return { token: secret, userId: user.id, organisationId: org.id };
    });
  } finally {
    await database.close();
  }
}

async function onSchema(action: 'create' | 'drop', name: string | undefined): Promise<void> {
  const url = process.env.BENCH_PG_URL;
  if (!url) throw new Error('BENCH_PG_URL is not set');
  if (!name || !/^bench_[a-f0-9]{12}$/.test(name)) throw new Error(`not a benchmark schema name: ${name ?? '(none)'}`);
  const database = openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    if (action === 'create') await database.db.schema.createSchema(name).execute();
    else await database.db.schema.dropSchema(name).ifExists().cascade().execute();
  } finally {
    await database.close();
  }
}

const [command, arg] = process.argv.slice(2);
try {
  if (command === 'prepare') process.stdout.write(`${JSON.stringify(await prepare())}\n`);
  else if (command === 'create-schema') await onSchema('create', arg);
  else if (command === 'drop-schema') await onSchema('drop', arg);
  else throw new Error(`unknown command ${command ?? '(none)'}; expected prepare, create-schema or drop-schema`);
} catch (err) {
  process.stderr.write(`setup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
