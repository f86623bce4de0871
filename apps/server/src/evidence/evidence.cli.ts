// `corridor evidence verify` and `corridor evidence rebuild` (docs/indicators.md).
import type { Command } from 'commander';
import { recordAudit, systemActor } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { wholeNumberOption } from '../lib/cli-numbers.ts';
import { rebuildEvidence, verifyEvidence } from './verify.ts';

type WithDatabase = <T>(fn: (d: Database) => Promise<T>) => Promise<T>;
const print = (s: string) => process.stdout.write(`${s}\n`);

/** Adds the `evidence` commands to the CLI. */
export function addEvidenceCommands(program: Command, withDatabase: WithDatabase): void {
  const cmd = program.command('evidence').description('The evidence base: indicators and their aggregate cells');
  cmd
    .command('verify')
    .description('Recompute every indicator from the raw records and report any difference (exit code 1 if any)')
    .option('--limit <n>', 'differences to print', '50')
    .action(async (o: { limit: string }) => {
      const limit = wholeNumberOption('--limit', o.limit, 1, 1_000_000);
      await withDatabase(async (d) => {
        const report = await verifyEvidence(d.db, new Date());
        print(`${report.cells} cells of ${report.indicators} indicators recomputed from the raw records.`);
        if (report.keptDifferences.length === 0) {
          if (report.kept > 0)
            print(`${report.kept} kept snapshots of people compared with their records: no difference.`);
        } else {
          print(
            `${report.keptDifferences.length} of ${report.kept} kept snapshots differ from their people's records ` +
              '(`corridor evidence rebuild` removes them):',
          );
          for (const id of report.keptDifferences.slice(0, limit)) print(`  person ${id}`);
          process.exitCode = 1;
        }
        if (report.differences.length === 0) {
          print('No difference: the stored aggregates equal the recomputation.');
          return;
        }
        print(`${report.differences.length} cells differ (indicator, grain, period, cell: stored -> recomputed):`);
        for (const x of report.differences.slice(0, limit))
          print(
            `  ${x.indicatorId} ${x.grain} ${x.period} ${x.key}: ${x.stored.value}/${x.stored.excluded} -> ` +
              `${x.recomputed.value}/${x.recomputed.excluded}`,
          );
        process.exitCode = 1;
      });
    });
  cmd
    .command('rebuild')
    .description('Replace every aggregate cell by a recomputation from the raw records (one transaction; audited)')
    .action(async () => {
      await withDatabase(async (d) => {
        const now = new Date();
        const cells = await rebuildEvidence(d.db, now, {
          inTransaction: (trx, n) =>
            recordAudit(trx, d.engine, systemActor, {
              action: 'evidence.rebuild',
              entityType: 'evidence',
              details: { cells: n },
            }),
        });
        print(`Rebuilt ${cells} aggregate cells from the raw records.`);
      });
    });
}
