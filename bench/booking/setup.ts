// Prepares a database for the booking benchmark through Corridor's own services, in a process of its own, before
// the server starts. `node --import tsx bench/booking/setup.ts prepare <centres>`: migrates the configured database,
// creates an organisation, a caseworker's API token and <centres> identical centres (one per measured round, each
// with exactly 10 seats on its only day: five half-hour slots of two seats), and prints
// {"token","centreIds","day"} as JSON.
import { randomBytes } from 'node:crypto';
import { createCentre } from '@corridor/server/src/centres/centres.service.ts';
import { loadConfig } from '@corridor/server/src/config.ts';
import { openConfiguredDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createApiToken } from '@corridor/server/src/identity/tokens.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';

/** What `prepare` prints. */
export type PreparedBooking = { token: string; centreIds: string[]; day: string; starts: string[] };

/** The slots of the benchmark centre: five half-hour slots of two seats, 10 seats in all. */
export const STARTS = ['08:00', '08:30', '09:00', '09:30', '10:00'];

async function prepare(centres: number): Promise<PreparedBooking> {
  const database = openConfiguredDatabase(loadConfig());
  try {
    await migrateToLatest(database.db, database.engine);
    const now = new Date();
    // A day a week ahead, in UTC (the centres keep UTC time), so every slot is in the future.
    const day = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const weekday = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[
      new Date(`${day}T12:00:00Z`).getUTCDay()
    ]!;
    const suffix = randomBytes(4).toString('hex');
    return await database.db.transaction().execute(async (trx) => {
      const org = await createOrganisation(
        trx,
        {
          code: `BENCH-${suffix.toUpperCase()}`,
          name: 'Benchmark organisation',
          kind: 'civil_society',
          country: 'IRQ',
        },
        now,
      );
      const user = await createUser(
        trx,
        {
          organisationId: org.id,
          email: `booking-bench-${suffix}@bench.corridor.invalid`,
          displayName: 'Booking benchmark',
          roles: ['admin', 'supervisor', 'caseworker'],
          locale: 'en',
          password: `Bq7!${randomBytes(18).toString('base64url')}`,
        },
        now,
      );
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
        { name: 'Booking benchmark', roles: ['caseworker'], expiresInDays: 1 },
        now,
      );
      const centreIds: string[] = [];
      for (let i = 0; i < centres; i++) {
        const c = await createCentre(
          trx,
          creator,
          {
            name: `Benchmark centre ${i + 1}`,
            country: 'IRQ',
            pcode: null,
            address: 'Benchmark street',
            timeZone: 'UTC',
            openingHours: { [weekday]: [['08:00', '10:30']] },
            services: [{ service: 'document_check', slotMinutes: 30, seatsPerSlot: 2 }],
            publicBooking: false,
            active: true,
          },
          now,
        );
        centreIds.push(c.id);
      }
      return { token: secret, centreIds, day, starts: STARTS };
    });
  } finally {
    await database.close();
  }
}

const [command, arg] = process.argv.slice(2);
try {
  if (command === 'prepare') process.stdout.write(`${JSON.stringify(await prepare(Number(arg ?? '1')))}\n`);
  else throw new Error(`unknown command ${command ?? '(none)'}; expected prepare <centres>`);
} catch (err) {
  process.stderr.write(`setup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
