// What a background job is: a named plain function of (deps, payload, now) returning a summary of what it did.
// Contexts define their jobs beside their code (`<ctx>.jobs.ts`) and list them in jobs/registry.ts.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { MessageAdapter } from '../notifications/delivery.ts';

/** What a job is given to work with (a subset of the app's dependencies). */
export type JobDeps = Readonly<{
  config: Config;
  database: Database;
  clock: () => Date;
  /** Where messages to migrants go; the file adapter of the configuration when absent. */
  messageAdapter?: MessageAdapter;
}>;

/** A job's summary: counts and short facts, never personal data (it is stored in job_runs and printed). */
export type JobSummary = Readonly<Record<string, number | string | boolean | null>>;

/** A registered job. */
export type JobDefinition = Readonly<{
  /** Lower-case name, e.g. `referral-reminders`; the queue name and the CLI's argument. */
  name: string;
  description: string;
  /** The cron schedule (UTC) from the configuration, or null when not scheduled. */
  schedule: (config: Config) => string | null;
  run: (deps: JobDeps, payload: Record<string, unknown>, now: Date) => Promise<JobSummary>;
}>;
