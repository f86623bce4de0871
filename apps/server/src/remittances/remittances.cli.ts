// `corridor remittances ...`: import RPW-format price files and recruitment-cost surveys with the same services as
// the API, acting as a named analyst or administrator; and load a corridor-quarter history series for trends.
import fs from 'node:fs';
import path from 'node:path';
import { RecruitmentCostInput, type Role, TABLE_FORMATS, type TableFormat } from '@corridor/contracts';
import { type Command, Option } from 'commander';
import { actorOf, recordAudit, systemActor } from '../audit/audit.service.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisationByCode, findUserByEmail } from '../identity/identity.repository.ts';
import { formatOfName } from '../imports/tabular.ts';
import { readBoundedFile } from '../lib/cli-files.ts';
import { importQuotes, importResponses, loadCorridorHistory } from './remittances.service.ts';

type WithDatabase = <T>(fn: (d: Database) => Promise<T>) => Promise<T>;
const print = (s: string) => process.stdout.write(`${s}\n`);
const WRITERS: Role[] = ['analyst', 'admin'];

async function actingUser(d: Database, orgCode: string, email: string): Promise<Principal> {
  const org = await findOrganisationByCode(d.db, orgCode);
  if (!org) throw new Error(`No organisation has the code ${orgCode}.`);
  const u = await findUserByEmail(d.db, email.trim().toLowerCase());
  if (!u || u.organisation_id !== org.id || u.disabled_at)
    throw new Error(`No active user of ${orgCode} has the email ${email}.`);
  if (!u.roles.some((r) => WRITERS.includes(r))) throw new Error(`The user must be an analyst or admin of ${orgCode}.`);
  return { kind: 'session', userId: u.id, id: u.id, organisationId: org.id, roles: u.roles, secondFactor: 'none' };
}

function printRejection(err: DomainError): void {
  process.stderr.write(`${err.detail}\n`);
  for (const e of err.extra.errors ?? [])
    process.stderr.write(`  ${e.row ? `row ${e.row}` : 'file'}${e.column ? `, ${e.column}` : ''}: ${e.message}\n`);
  process.exitCode = 1;
}

type FileOptions = { org: string; as: string; format?: TableFormat; dryRun?: boolean };

export function addRemittanceCommands(program: Command, withDatabase: WithDatabase): void {
  const cmd = program
    .command('remittances')
    .description('Remittance prices (SDG 10.c.1) and recruitment costs (SDG 10.7.1)');
  const fileCommand = (name: string, description: string) =>
    cmd
      .command(name)
      .description(description)
      .argument('<file>', 'a .csv or .xlsx file')
      .requiredOption('--org <code>', 'the organisation recording the data')
      .requiredOption('--as <email>', 'the analyst or administrator doing it (audited)')
      .addOption(new Option('--format <format>', 'default: from the file name').choices([...TABLE_FORMATS]))
      .option('--dry-run', 'check the file and report; write nothing');

  fileCommand(
    'import',
    'Import RPW-format price quotes: all rows or none; exclusions listed (docs/remittances.md)',
  ).action(async (file: string, o: FileOptions) => {
    const config = loadConfig();
    const data = readBoundedFile(file, config.importMaxBytes);
    await withDatabase(async (d) => {
      const p = await actingUser(d, o.org, o.as);
      const now = new Date();
      try {
        const r = await d.db.transaction().execute(async (trx) => {
          const report = await importQuotes(
            trx,
            p,
            { format: o.format ?? formatOfName(file), data, validateOnly: Boolean(o.dryRun) },
            { maxBytes: config.importMaxBytes, maxRows: config.importMaxRows },
            now,
          );
          await recordAudit(
            trx,
            d.engine,
            actorOf(p),
            {
              action: 'remittance_quote.import',
              entityType: 'remittance_quote',
              organisationId: p.organisationId,
              details: {
                dryRun: report.dryRun,
                rows: report.rows,
                created: report.created,
                updated: report.updated,
                excluded: report.exclusions.length,
                via: 'cli',
              },
            },
            now,
          );
          return report;
        });
        print(
          `${r.dryRun ? 'Checked (dry run: nothing was written)' : 'Imported'} ${path.basename(file)}: ${r.rows} quotes, ` +
            `${r.created} created, ${r.updated} updated; quarters ${r.periods.join(', ')}.`,
        );
        if (r.exclusions.length) {
          print(`${r.exclusions.length} price(s) imported but left out of the averages:`);
          for (const e of r.exclusions)
            print(
              `  ${e.row ? `row ${e.row}` : 'stored quote'}: ${e.period} ${e.corridor} ${e.firm}, USD ${e.amount}: ${e.reason}`,
            );
        }
      } catch (err) {
        if (err instanceof DomainError && err.code === 'import_rejected') return printRejection(err);
        throw err;
      }
    });
  });

  fileCommand('import-surveys', 'Import recruitment-cost survey responses (SDG 10.7.1): all rows or none').action(
    async (file: string, o: FileOptions) => {
      const config = loadConfig();
      const data = readBoundedFile(file, config.importMaxBytes);
      await withDatabase(async (d) => {
        const p = await actingUser(d, o.org, o.as);
        const now = new Date();
        try {
          const r = await d.db.transaction().execute(async (trx) => {
            const report = await importResponses(
              trx,
              p,
              { format: o.format ?? formatOfName(file), data, validateOnly: Boolean(o.dryRun) },
              { maxBytes: config.importMaxBytes, maxRows: config.importMaxRows },
              now,
              RecruitmentCostInput,
            );
            await recordAudit(
              trx,
              d.engine,
              actorOf(p),
              {
                action: 'recruitment_cost.import',
                entityType: 'recruitment_cost_response',
                organisationId: p.organisationId,
                details: { ...report, via: 'cli' },
              },
              now,
            );
            return report;
          });
          print(
            `${r.dryRun ? 'Checked (dry run)' : 'Imported'} ${path.basename(file)}: ${r.rows} responses, ${r.created} created, ${r.skipped} already recorded.`,
          );
        } catch (err) {
          if (err instanceof DomainError && err.code === 'import_rejected') return printRejection(err);
          throw err;
        }
      });
    },
  );

  cmd
    .command('load-history')
    .description('Load corridor averages per quarter (columns of rpw_corridor_quarter_avg_*.csv) for trends')
    .argument('<file>', 'a .csv file: period, source_code, destination_code, avg_cost_pct_200usd, ...')
    .option('--dataset <name>', 'the name recorded with each row (default: the file name)')
    .action(async (file: string, o: { dataset?: string }) => {
      const text = fs.readFileSync(file, 'utf8');
      const dataset = (o.dataset ?? path.basename(file)).slice(0, 120);
      await withDatabase(async (d) => {
        const now = new Date();
        try {
          const n = await d.db.transaction().execute(async (trx) => {
            const count = await loadCorridorHistory(trx, text, dataset, now);
            await recordAudit(
              trx,
              d.engine,
              systemActor,
              {
                action: 'remittance_history.load',
                entityType: 'remittance_history',
                details: { dataset, rows: count },
              },
              now,
            );
            return count;
          });
          print(`Loaded ${n} corridor-quarter averages from ${dataset}.`);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'import_rejected') return printRejection(err);
          throw err;
        }
      });
    });
}
