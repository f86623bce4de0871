// `corridor import` and `corridor export`: the same services as the API, acting as a named caseworker or
// supervisor of the organisation (every record keeps who wrote it; an import is never anonymous).

import fs from 'node:fs';
import path from 'node:path';
import {
  CHILD_ASSENT,
  ExportBeneficiaries,
  ExportCases,
  IMPORT_KINDS,
  type ImportKind,
  LEGAL_BASES,
  type Role,
  TABLE_FORMATS,
  type TableFormat,
} from '@corridor/contracts';
import { type Command, Option } from 'commander';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisationByCode, findUserByEmail } from '../identity/identity.repository.ts';
import { readBoundedFile } from '../lib/cli-files.ts';
import { flagDuplicatesAfterImport } from '../linkage/review.service.ts';
import { loadSecretKey } from '../secret-key.ts';
import { exportBeneficiaries, exportCases } from './exports.service.ts';
import { exportAudit, importAudit } from './imports.audit.ts';
import { assertMayExport, type ExportList } from './imports.policy.ts';
import { importHashKey, runImport } from './imports.service.ts';
import { formatOfName } from './tabular.ts';

type WithDatabase = <T>(fn: (d: Database) => Promise<T>) => Promise<T>;
const print = (s: string) => process.stdout.write(`${s}\n`);

/** The person the command acts as: an active user of the organisation holding one of `roles`. */
async function actingUser(d: Database, orgCode: string, email: string, roles: readonly Role[]): Promise<Principal> {
  const org = await findOrganisationByCode(d.db, orgCode);
  if (!org) throw new Error(`No organisation has the code ${orgCode}.`);
  const u = await findUserByEmail(d.db, email.trim().toLowerCase());
  if (!u || u.organisation_id !== org.id || u.disabled_at)
    throw new Error(`No active user of ${orgCode} has the email ${email}.`);
  if (!u.roles.some((r) => roles.includes(r)))
    throw new Error(`The user must be a ${roles.join(' or ')} of ${orgCode}.`);
  return { kind: 'session', userId: u.id, id: u.id, organisationId: org.id, roles: u.roles, secondFactor: 'none' };
}

/** Prints every problem of a rejected file, one line each, and sets the exit code. */
function printRejection(err: DomainError): void {
  process.stderr.write(`${err.detail}\n`);
  for (const e of err.extra.errors ?? [])
    process.stderr.write(`  ${e.row ? `row ${e.row}` : 'file'}${e.column ? `, ${e.column}` : ''}: ${e.message}\n`);
  process.exitCode = 1;
}

/** Adds `import` and `export` to the command line. */
export function addImportCommands(program: Command, withDatabase: WithDatabase): void {
  program
    .command('import')
    .description('Import people, cases or services from a CSV or XLSX file: all rows or none (docs/import.md)')
    .argument('<file>', 'a .csv or .xlsx file')
    .requiredOption('--org <code>', 'the organisation to import into (its code, e.g. DEMO-IO-IRQ in the demo data)')
    .requiredOption('--as <email>', 'the caseworker or supervisor doing the import (recorded on every record)')
    .addOption(new Option('--kind <kind>', 'what the file holds').choices([...IMPORT_KINDS]).makeOptionMandatory())
    .addOption(
      new Option('--basis <basis>', 'legal basis for assisting the people in the file').choices([...LEGAL_BASES]),
    )
    .option('--information <text>', 'what the people were told (purpose, recipients, rights)')
    .addOption(new Option('--child-assent <assent>', 'assent of the children in the file').choices([...CHILD_ASSENT]))
    .addOption(new Option('--format <format>', 'default: from the file name').choices([...TABLE_FORMATS]))
    .option('--dry-run', 'check the file and report what would happen; write nothing')
    .action(
      async (
        file: string,
        o: {
          org: string;
          as: string;
          kind: ImportKind;
          basis?: (typeof LEGAL_BASES)[number];
          information?: string;
          childAssent?: (typeof CHILD_ASSENT)[number];
          format?: TableFormat;
          dryRun?: boolean;
        },
      ) => {
        const config = loadConfig();
        if (o.kind !== 'services' && (!o.basis || !o.information?.trim()))
          throw new Error('Declare the legal basis (--basis) and what people were told (--information).');
        const data = readBoundedFile(file, config.importMaxBytes);
        const format = o.format ?? formatOfName(file);
        await withDatabase(async (d) => {
          const p = await actingUser(d, o.org, o.as, ['caseworker', 'supervisor']);
          const now = new Date();
          try {
            const { report, flagged } = await d.db.transaction().execute(async (trx) => {
              const r = await runImport(
                trx,
                d.engine,
                p,
                {
                  kind: o.kind,
                  format,
                  data,
                  basis: o.basis,
                  informationGiven: o.information?.trim(),
                  childAssent: o.childAssent,
                  validateOnly: Boolean(o.dryRun),
                },
                { maxBytes: config.importMaxBytes, maxRows: config.importMaxRows },
                importHashKey(loadSecretKey(config)),
                now,
              );
              // As for an API import: the people the file registered are linked against the registry once the rows
              // are in (one batch pass, not per row); likely duplicates go to the review queue.
              const flagged = !r.dryRun && r.created > 0 ? await flagDuplicatesAfterImport(trx, p, now) : 0;
              await recordAudit(
                trx,
                d.engine,
                actorOf(p),
                importAudit(p.organisationId, r, o.basis ?? null, 'cli'),
                now,
              );
              return { report: r, flagged };
            });
            print(
              `${report.dryRun ? 'Checked (dry run: nothing was written)' : 'Imported'} ${path.basename(file)} as ${report.kind} ` +
                `(${report.format.toUpperCase()}${report.hxl ? ', HXL row' : ''}): ${report.rows} rows, ` +
                `${report.created} created, ${report.updated} updated, ${report.skipped} unchanged.`,
            );
            if (report.ignoredColumns.length) print(`Columns not read: ${report.ignoredColumns.join(', ')}.`);
            if (!report.dryRun && report.created > 0)
              print(`Likely duplicates queued for review: ${flagged} pair${flagged === 1 ? '' : 's'}.`);
          } catch (err) {
            if (err instanceof DomainError && err.code === 'import_rejected') return printRejection(err);
            throw err;
          }
        });
      },
    );

  program
    .command('export')
    .description('Export the beneficiaries or cases list to CSV or XLSX with an HXL row (supervisors; audited)')
    .addOption(new Option('--list <list>', 'which list').choices(['beneficiaries', 'cases']).makeOptionMandatory())
    .requiredOption('--org <code>', 'the organisation')
    .requiredOption('--as <email>', 'the supervisor exporting (audited; sees only what they may see)')
    .requiredOption('--out <file>', 'where to write the file (must not exist; readable only by you)')
    .addOption(new Option('--format <format>', 'default: from --out').choices([...TABLE_FORMATS]))
    .option('--country <code>', 'beneficiaries: current country (ISO alpha-3)')
    .option('--pcode <pcode>', 'beneficiaries: area (p-code)')
    .option('--sex <sex>', 'beneficiaries: sex')
    .option('--migration-status <status>', 'beneficiaries: migration status')
    .option('--dob-from <date>', 'beneficiaries: born on or after')
    .option('--dob-to <date>', 'beneficiaries: born on or before')
    .option('--status <status>', 'cases: status')
    .option('--type <type>', 'cases: case type')
    .action(
      async (o: Record<string, string | undefined> & { list: ExportList; org: string; as: string; out: string }) => {
        const config = loadConfig();
        // A filter of the other list would be silently ignored: say so instead.
        const others =
          o.list === 'cases' ? ['country', 'pcode', 'sex', 'migrationStatus', 'dobFrom', 'dobTo'] : ['status', 'type'];
        const misplaced = others.filter((k) => o[k] !== undefined);
        if (misplaced.length)
          throw new Error(
            `${misplaced.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}: not a filter of the ${o.list} list.`,
          );
        const format = (o.format as TableFormat | undefined) ?? formatOfName(o.out);
        const parsed =
          o.list === 'beneficiaries'
            ? ExportBeneficiaries.safeParse({
                format,
                country: o.country,
                pcode: o.pcode,
                sex: o.sex,
                migrationStatus: o.migrationStatus,
                dobFrom: o.dobFrom,
                dobTo: o.dobTo,
              })
            : ExportCases.safeParse({ format, status: o.status, type: o.type });
        if (!parsed.success)
          throw new Error(
            `Invalid filters: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
          );
        await withDatabase(async (d) => {
          const p = await actingUser(d, o.org, o.as, ['supervisor']);
          assertMayExport(p, o.list, format);
          const now = new Date();
          const { format: _f, ...filters } = parsed.data as Record<string, unknown> & { format: TableFormat };
          const rows = await d.db.transaction().execute(async (trx) => {
            const r =
              o.list === 'beneficiaries'
                ? await exportBeneficiaries(trx, p, filters, format, config.exportMaxRows)
                : await exportCases(trx, p, filters, format, config.exportMaxRows);
            for (const e of r.sensitiveReads) await recordAudit(trx, d.engine, actorOf(p), e, now);
            await recordAudit(
              trx,
              d.engine,
              actorOf(p),
              exportAudit(p.organisationId, o.list, format, r.rows, filters, 'cli'),
              now,
            );
            // Written before the commit: if the file cannot be written, the audit entry is rolled back with it.
            fs.writeFileSync(o.out, r.data, { mode: 0o600, flag: 'wx' });
            return r.rows;
          });
          print(`Exported ${rows} ${o.list} to ${o.out} (${format.toUpperCase()}, header row then HXL row).`);
        });
      },
    );
}
