// `corridor jobs list` and `corridor jobs run NAME` (docs/jobs.md).
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { findJob, registeredJobs } from './registry.ts';
import { lastRuns, runJob } from './runner.ts';

type WithDatabase = <T>(fn: (d: Database) => Promise<T>) => Promise<T>;
const print = (s: string) => process.stdout.write(`${s}\n`);

/** Adds `jobs list` and `jobs run` to the command line. */
export function addJobCommands(program: Command, withDatabase: WithDatabase): void {
  const jobs = program.command('jobs').description('Background jobs: list them with their last runs, or run one now');
  jobs
    .command('list')
    .description('List the registered jobs, their schedules (cron, UTC) and their last runs')
    .action(async () => {
      const config = loadConfig();
      await withDatabase(async (d) => {
        print(`Queue: ${d.engine === 'postgres' ? `pg-boss (schema ${config.jobs.pgSchema})` : 'embedded (SQLite)'}`);
        for (const def of registeredJobs) {
          const cron = def.schedule(config);
          print('');
          print(`${def.name}  —  ${def.description}`);
          print(`  schedule: ${cron ?? 'off (run it with `corridor jobs run`)'}`);
          const runs = await lastRuns(d.db, def.name, 3);
          if (!runs.length) print('  last runs: none yet');
          for (const r of runs)
            print(
              `  ${r.started_at}  ${r.status.padEnd(9)} ${r.trigger.padEnd(5)} ${r.status === 'completed' ? (r.summary ?? '') : (r.error ?? '')}`,
            );
        }
      });
    });
  jobs
    .command('run')
    .description('Run one job now, in this process, and print its summary (recorded like a queued run)')
    .argument('<name>', `one of: ${registeredJobs.map((j) => j.name).join(', ')}`)
    .action(async (name: string) => {
      const def = findJob(name);
      if (!def) throw new Error(`No job is called ${name}. Jobs: ${registeredJobs.map((j) => j.name).join(', ')}.`);
      const config = loadConfig();
      await withDatabase(async (d) => {
        const summary = await runJob({ config, database: d, clock: () => new Date() }, def, {}, { trigger: 'cli' });
        print(`${def.name} done: ${JSON.stringify(summary)}`);
      });
    });
}
