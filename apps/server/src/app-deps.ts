import type { Config } from './config.ts';
import type { Database } from './db/database.ts';

/** Everything the app is wired with, built once in main and passed in (tests build their own). */
export type AppDeps = Readonly<{
  config: Config;
  database: Database;
  /** The current time; tests move it to check timeouts and expiry. */
  clock: () => Date;
  /** 32-byte key for encrypting secrets at rest (TOTP seeds). */
  secretKey: Buffer;
}>;
