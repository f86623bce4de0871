// `corridor report annual`: the annual evidence report of one organisation (--org CODE) or of the whole platform
// (--platform) for a year, written to a file as HTML, PDF or JSON in one of the four languages. The same code as
// the API route; the production is audited as done by the system.
import fs from 'node:fs';
import { ANNUAL_REPORT_FORMATS, type AnnualReportFormat, type Locale } from '@corridor/contracts';
import { type Command, Option } from 'commander';
import { recordAudit, systemActor } from '../../audit/audit.service.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { findOrganisationByCode } from '../../identity/identity.repository.ts';
import { wholeNumberOption } from '../../lib/cli-numbers.ts';
import type { EvidenceScope } from '../query.ts';
import { produceAnnualReport } from './produce.ts';
import { REPORT_LANGUAGES } from './report-data.ts';

type WithDatabase = <T>(fn: (d: Database) => Promise<T>) => Promise<T>;
const print = (s: string) => process.stdout.write(`${s}\n`);

type AnnualOptions = {
  year: string;
  format: AnnualReportFormat;
  language: Locale;
  out: string;
  org?: string;
  platform?: boolean;
  rounding?: string;
  force?: boolean;
};

/** Adds `corridor report annual`. */
export function addReportCommands(program: Command, withDatabase: WithDatabase): void {
  const report = program.command('report').description('Evidence reports');
  report
    .command('annual')
    .description('The annual evidence report of an organisation (or the platform) for a year (docs/evidence-report.md)')
    .requiredOption('--year <YYYY>', 'the calendar year')
    .addOption(new Option('--format <format>', 'file format').choices([...ANNUAL_REPORT_FORMATS]).makeOptionMandatory())
    .addOption(
      new Option('--language <language>', 'language of the report').choices([...REPORT_LANGUAGES]).default('en'),
    )
    .requiredOption('--out <file>', 'where to write the report')
    .option('--org <code>', 'the organisation reported on')
    .option('--platform', 'the whole platform (every organisation)')
    .option('--rounding <base>', 'round every published count to a multiple of this base (controlled rounding)')
    .option('--force', 'overwrite --out if it exists')
    .action(async (o: AnnualOptions) => {
      const year = wholeNumberOption('--year', o.year, 2000, 2100);
      // A year to come has no figures yet: refused before anything runs, as the API does (produce.ts refuseFutureYear).
      const thisYear = new Date().getUTCFullYear();
      if (year > thisYear) throw new Error(`--year must not be after the current year, ${thisYear} (got "${o.year}").`);
      if (Boolean(o.org) === Boolean(o.platform)) throw new Error('Give exactly one of --org CODE or --platform.');
      const rounding = o.rounding === undefined ? undefined : Number(o.rounding);
      if (rounding !== undefined && !(Number.isInteger(rounding) && rounding >= 2 && rounding <= 100))
        throw new Error('--rounding must be a whole number from 2 to 100.');
      if (fs.existsSync(o.out) && !o.force) throw new Error(`${o.out} exists; use --force to overwrite it.`);
      const config = loadConfig();
      await withDatabase(async (d) => {
        let scope: EvidenceScope = { platform: true };
        let organisationId: string | null = null;
        if (o.org) {
          const org = await findOrganisationByCode(d.db, o.org);
          if (!org) throw new Error(`No organisation has the code ${o.org}.`);
          scope = { organisationId: org.id };
          organisationId = org.id;
        }
        const now = new Date();
        const out = await produceAnnualReport(
          d.db,
          scope,
          { year, format: o.format, language: o.language, rounding },
          now,
          config.chromiumPath,
        );
        // The file is written in the audit entry's transaction: a report that could not be written leaves no entry.
        await d.db.transaction().execute(async (trx) => {
          await recordAudit(
            trx,
            d.engine,
            systemActor,
            {
              action: 'evidence.annual_report',
              entityType: 'evidence_report',
              organisationId,
              details: {
                year,
                format: o.format,
                language: o.language,
                scope: o.org ? 'organisation' : 'platform',
                digest: out.report.digest,
                via: 'cli',
              },
            },
            now,
          );
          fs.writeFileSync(o.out, out.data);
        });
        const people = out.report.headline.find((f) => f.id === 'people-assisted');
        print(
          `Annual evidence report ${o.year} (${o.org ?? 'platform'}, ${o.language}, ${o.format}) written to ${o.out}: ` +
            `${out.data.length} bytes; people assisted ${people?.value ?? 'suppressed'}; ` +
            `${out.report.coverage.suppressedCells} cells suppressed; digest ${out.report.digest}.`,
        );
      });
    });
}
