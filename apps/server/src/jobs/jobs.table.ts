import type { Selectable } from 'kysely';

/** State of a job in the embedded queue (the same names pg-boss uses). */
export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'failed';

/** One job of the embedded (SQLite) queue. On PostgreSQL pg-boss keeps its own tables instead. */
export interface JobTable {
  id: string;
  name: string;
  /** The payload, as JSON. */
  payload: string;
  /** At most one job per name and key is waiting or running at a time. */
  singleton_key: string | null;
  state: JobState;
  attempts: number;
  max_attempts: number;
  /** Not run before this time (retries are pushed back here, with exponential backoff). */
  start_after: string;
  /** Which runner holds the job, and until when its claim holds (a crashed runner's job is taken over after). */
  locked_by: string | null;
  locked_until: string | null;
  /** The handler's summary, as JSON, once completed. */
  output: string | null;
  /** The last error message. */
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}
export type JobRow = Selectable<JobTable>;

/** A recurring schedule of the embedded queue. */
export interface JobScheduleTable {
  name: string;
  cron: string;
  next_run_at: string;
  updated_at: string;
}

/** One run of a registered job, on either engine. */
export interface JobRunTable {
  id: string;
  job_name: string;
  job_id: string | null;
  trigger: 'queue' | 'cli';
  status: 'completed' | 'failed';
  /** The summary the job returned, as JSON. */
  summary: string | null;
  error: string | null;
  started_at: string;
  finished_at: string;
}
export type JobRunRow = Selectable<JobRunTable>;
