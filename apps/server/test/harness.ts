// Test harness: a real database per test app (a temporary SQLite file, or a fresh schema in a real PostgreSQL),
// the real app in-process (app.inject), a clock the test controls, and factories for the common records.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportKind, ImportReport, Role } from '@corridor/contracts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import type { AppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config.ts';
import { type Database, type Engine, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { DomainError } from '../src/errors.ts';
import { verifyEvidence } from '../src/evidence/verify.ts';
import type { Principal } from '../src/http/principal.ts';
import type { AnyRoute } from '../src/http/route.ts';
import * as repo from '../src/identity/identity.repository.ts';
import { createOrganisation } from '../src/identity/organisations.service.ts';
import { seal } from '../src/identity/secret-box.ts';
import { currentTotp, newTotpSecret } from '../src/identity/totp.ts';
import { createUser } from '../src/identity/users.service.ts';
import { runImport } from '../src/imports/imports.service.ts';

export const PG_URL = process.env.CORRIDOR_TEST_PG_URL;

/** The engines this run covers: SQLite always; PostgreSQL when CORRIDOR_TEST_PG_URL is set. */
export function engines(): { engine: Engine; skip: string | false }[] {
  return [
    { engine: 'sqlite', skip: false },
    { engine: 'postgres', skip: PG_URL ? false : 'CORRIDOR_TEST_PG_URL is not set (.ci/run sets it)' },
  ];
}

/** A fresh, empty database of the given engine, and how to throw it away. */
export async function freshDatabase(engine: Engine): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === 'postgres') {
    if (!PG_URL) throw new Error('CORRIDOR_TEST_PG_URL is not set');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const database = openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 5 });
    return {
      database,
      drop: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-test-'));
  const database = openDatabase({ sqliteFile: path.join(dir, 'corridor.sqlite') });
  return {
    database,
    drop: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestClock = { now(): Date; advance(ms: number): void; set(d: Date): void };

export type TestApp = {
  app: FastifyInstance;
  deps: AppDeps;
  engine: Engine;
  clock: TestClock;
  close(): Promise<void>;
};

/** The app on a fresh, migrated database of `engine`. */
export async function startTestApp(
  engine: Engine,
  opts: { env?: Record<string, string>; routes?: AnyRoute[] } = {},
): Promise<TestApp> {
  const { database, drop } = await freshDatabase(engine);
  await migrateToLatest(database.db, database.engine);
  let t = Date.parse('2026-06-01T09:00:00.000Z');
  const clock: TestClock = {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (d) => {
      t = d.getTime();
    },
  };
  const config = loadConfig({
    NODE_ENV: 'test',
    CORRIDOR_DATA_DIR: os.tmpdir(),
    LOG_LEVEL: 'silent',
    CORRIDOR_WEB_DIST: '/nonexistent',
    ...opts.env,
  });
  const deps: AppDeps = { config, database, clock: clock.now, secretKey: randomBytes(32) };
  const app = await createApp(deps, { logger: false, ...(opts.routes ? { routes: opts.routes } : {}) });
  return {
    app,
    deps,
    engine,
    clock,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

/** A strong password unique to each call. */
export const strongPassword = (): string => `Tq7!${randomBytes(12).toString('base64url')}`;

/** What importFile answers: the report, or the problems when the file is refused (import_rejected). */
export type ImportOutcome =
  | { report: ImportReport; errors: null }
  | { report: null; errors: { row?: number; column?: string | null; message: string }[] };

/**
 * One file through runImport in a transaction of its own, as the import routes run it (all or nothing), declared
 * under public interest; the problems instead of a throw when the file is refused.
 */
export async function importFile(
  database: Database,
  p: Principal,
  o: { kind: ImportKind; data: string | Buffer; format?: 'csv' | 'xlsx'; validateOnly?: boolean; maxRows?: number },
  hashKey: Buffer,
  now: Date,
): Promise<ImportOutcome> {
  try {
    const report = await database.db.transaction().execute((trx) =>
      runImport(
        trx,
        database.engine,
        p,
        {
          kind: o.kind,
          format: o.format ?? 'csv',
          data: Buffer.from(o.data),
          basis: 'public_interest',
          informationGiven: 'Registration explained; rights and contacts given.',
          validateOnly: o.validateOnly ?? false,
        },
        { maxBytes: 10_000_000, maxRows: o.maxRows ?? 10_000 },
        hashKey,
        now,
      ),
    );
    return { report, errors: null };
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'import_rejected') throw err;
    const errors = (err.extra.errors ?? []) as { row?: number; column?: string | null; message: string }[];
    return { report: null, errors: errors.map((e) => ({ row: e.row, column: e.column, message: e.message })) };
  }
}

/**
 * A new organisation (unique code) with one user of `roles`, as the principal of service calls made directly on a
 * database (no app): for tests of services and imports.
 */
export async function staffPrincipal(
  database: Database,
  now: Date,
  roles: readonly Role[] = ['caseworker'],
): Promise<Principal> {
  return database.db.transaction().execute(async (trx) => {
    const code = `T${randomBytes(4).toString('hex').toUpperCase()}`;
    const org = await createOrganisation(
      trx,
      { code, name: `Org ${code}`, kind: 'civil_society', country: 'SDN' },
      now,
    );
    const u = await createUser(
      trx,
      {
        organisationId: org.id,
        email: `u${randomBytes(5).toString('hex')}@test.corridor.invalid`,
        displayName: 'Staff',
        roles: [...roles],
        locale: 'en',
        password: strongPassword(),
      },
      now,
    );
    return { kind: 'session', userId: u.id, id: u.id, organisationId: org.id, roles: u.roles, secondFactor: 'none' };
  });
}

/** Creates an organisation with a unique code; `marker` ends up in its name (canary checks). */
export async function buildOrganisation(
  t: TestApp,
  o: {
    code?: string;
    name?: string;
    kind?: 'civil_society' | 'state_agency' | 'international_organisation' | 'private_sector' | 'local_government';
    country?: string;
  } = {},
) {
  const code = o.code ?? `T${randomBytes(4).toString('hex').toUpperCase()}`;
  return t.deps.database.db
    .transaction()
    .execute((trx) =>
      createOrganisation(
        trx,
        { code, name: o.name ?? `Org ${code}`, kind: o.kind ?? 'civil_society', country: o.country ?? 'SDN' },
        t.clock.now(),
      ),
    );
}

export type TestUser = {
  id: string;
  email: string;
  password: string;
  organisationId: string;
  roles: Role[];
  totpSecret: string | null;
};

/** Creates a user; with `totp` (default for roles that require it) the second factor is already set up. */
export async function buildUser(
  t: TestApp,
  organisationId: string,
  roles: Role[],
  o: { totp?: boolean; displayName?: string } = {},
): Promise<TestUser> {
  const password = strongPassword();
  const email = `u${randomBytes(5).toString('hex')}@test.corridor.invalid`;
  const u = await t.deps.database.db
    .transaction()
    .execute((trx) =>
      createUser(
        trx,
        { organisationId, email, displayName: o.displayName ?? `User ${email}`, roles, locale: 'en', password },
        t.clock.now(),
      ),
    );
  const wantsTotp = o.totp ?? roles.some((r) => t.deps.config.mfaRequiredRoles.includes(r));
  let totpSecret: string | null = null;
  if (wantsTotp) {
    totpSecret = newTotpSecret(email).secret;
    await repo.updateUserFields(t.deps.database.db, u.id, {
      totp_secret: seal(t.deps.secretKey, totpSecret),
      totp_enabled_at: t.clock.now().toISOString(),
    });
  }
  return { id: u.id, email, password, organisationId, roles, totpSecret };
}

/** A signed-in browser session: send `headers` with every request (cookie, and CSRF for changes). */
export type SessionAuth = { cookie: string; csrf: string; headers: Record<string, string> };

const cookieOf = (res: LightMyRequestResponse): string | undefined => {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const c = list.find((s) => s.startsWith('__Host-corridor_session=') && !s.startsWith('__Host-corridor_session=;'));
  return c?.split(';')[0];
};

/** Signs a user in through the API, giving the TOTP code when they have one. */
export async function signIn(t: TestApp, u: TestUser): Promise<SessionAuth> {
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: u.email, password: u.password },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  let cookie = cookieOf(login)!;
  let csrf = login.json().csrfToken as string;
  if (login.json().secondFactor === 'verify') {
    t.clock.advance(31_000); // a fresh TOTP step: the same step is never accepted twice
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code: currentTotp(u.totpSecret!, t.clock.now()) },
    });
    if (res.statusCode !== 200) throw new Error(`second factor failed: ${res.statusCode} ${res.body}`);
    cookie = cookieOf(res)!;
    csrf = res.json().csrfToken as string;
  }
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A unique Idempotency-Key. */
export const idemKey = (): string => `k-${randomUUID()}`;

/**
 * What `corridor evidence verify` finds wrong: the cells that differ from a recomputation from the records, and the
 * people whose kept snapshot differs from their records (both empty when the evidence base is right).
 */
export async function evidenceFaults(
  db: Database['db'],
  now: Date,
): Promise<{ cells: unknown[]; keptSnapshots: string[] }> {
  const report = await verifyEvidence(db, now);
  return { cells: report.differences, keptSnapshots: report.keptDifferences };
}

/** No fault: `evidenceFaults` as it must be. */
export const NO_EVIDENCE_FAULT = { cells: [], keptSnapshots: [] };
