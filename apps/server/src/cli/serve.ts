import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../app.ts';
import type { AppDeps } from '../app-deps.ts';
import { type Config, loadConfig } from '../config.ts';
import { openConfiguredDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { type DemoCredential, isEmpty, seedDemo } from '../demo/demo.seed.ts';
import { rebuildIfRequired } from '../evidence/rebuild-required.ts';
import { startJobs } from '../jobs/runner.ts';
import { assertSameSecretKey, loadSecretKey } from '../secret-key.ts';

/** Whether this start should seed demo data: embedded database, empty, not production, not disabled. */
export function shouldSeedDemo(config: Config, engine: 'sqlite' | 'postgres', empty: boolean): boolean {
  return engine === 'sqlite' && empty && config.env !== 'production' && config.demoData === 'auto';
}

/** Writes every demo credential to a file only the owner can read, and returns its path. */
export function writeDemoCredentials(config: Config, creds: DemoCredential[]): string {
  const file = path.join(config.dataDir, 'demo-credentials.txt');
  const lines = creds.map((c) => `${c.email}\t${c.password}\t${c.roles.join(',')}\t${c.organisation}`);
  fs.writeFileSync(
    file,
    `# Corridor demo users (email, password, roles, organisation). Demo data only.\n${lines.join('\n')}\n`,
    { mode: 0o600 },
  );
  return file;
}

/** `corridor serve`: migrate, seed the demo on a first start, listen, and shut down gracefully. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const database = openConfiguredDatabase(config);
  await migrateToLatest(database.db, database.engine);
  // A migration may ask for the evidence cells to be rebuilt from the records (evidence/rebuild-required.ts).
  const rebuilt = await rebuildIfRequired(database.db, new Date());
  if (rebuilt !== null) process.stdout.write(`Evidence cells rebuilt from the records after an upgrade: ${rebuilt}.\n`);
  const deps: AppDeps = { config, database, clock: () => new Date(), secretKey: loadSecretKey(config) };
  try {
    await assertSameSecretKey(database.db, deps.secretKey, new Date());
  } catch (err) {
    await database.close();
    throw err;
  }
  let demo: DemoCredential[] = [];
  if (shouldSeedDemo(config, database.engine, await isEmpty(database))) demo = await seedDemo(database);
  const app = await createApp(deps);
  const address = await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl ?? address.replace('127.0.0.1', 'localhost');
  const out: string[] = [
    `Corridor is running at ${url} (database: ${database.engine === 'sqlite' ? config.sqliteFile : 'PostgreSQL'})`,
  ];
  if (demo.length) {
    const admin = demo[0]!;
    const file = writeDemoCredentials(config, demo);
    out.push(
      '',
      'Demo data was created (first start, embedded database). Sign in as the demo platform administrator:',
      `  URL:      ${url}`,
      `  Email:    ${admin.email}`,
      `  Password: ${admin.password}`,
      'This password is shown once. You will be asked to set up an authenticator app (TOTP) at first sign-in.',
      `The other demo users (one per role) and their passwords are in ${file}.`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
  // Background jobs (housekeeping, retention, referral reminders, message delivery) run through the engine's
  // queue: pg-boss on PostgreSQL, shared by every server; in-process on SQLite (docs/jobs.md).
  // A server without its background jobs must not go on answering as if all were well: it stops, and says why.
  const queue = await startJobs(deps, {
    onError: (err, job) => app.log.error({ err, job: job?.name }, 'background job failed'),
  }).catch(async (err: unknown) => {
    app.log.error({ err }, 'background jobs could not start');
    await app.close();
    await database.close();
    throw new Error(`The background jobs could not start (${err instanceof Error ? err.message : String(err)}).`);
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await Promise.all([app.close(), queue.stop()]);
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
