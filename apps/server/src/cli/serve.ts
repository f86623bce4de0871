import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../app.ts';
import type { AppDeps } from '../app-deps.ts';
import { type Config, loadConfig } from '../config.ts';
import { openConfiguredDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { type DemoCredential, isEmpty, seedDemo } from '../demo/demo.seed.ts';
import { loadSecretKey } from '../secret-key.ts';
import { applyRetention } from '../subject-rights/retention.ts';
import { purgeExpired } from '../system/housekeeping.ts';

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
  const deps: AppDeps = { config, database, clock: () => new Date(), secretKey: loadSecretKey(config) };
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
  // Housekeeping every ten minutes; every server may run it (the deletes are idempotent, and retention locks and
  // rechecks each person inside its own transaction, so concurrent runs anonymise each person once).
  const housekeeping = setInterval(() => {
    purgeExpired(database.db, config, new Date()).catch((err) => app.log.error({ err }, 'housekeeping failed'));
    applyRetention(database.db, database.engine, new Date(), config.retention)
      .then((r) => {
        if (r.anonymised)
          app.log.info({ anonymised: r.anonymised }, 'retention: persons past their schedule anonymised');
      })
      .catch((err) => app.log.error({ err }, 'retention failed'));
  }, 600_000);
  housekeeping.unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    clearInterval(housekeeping);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
