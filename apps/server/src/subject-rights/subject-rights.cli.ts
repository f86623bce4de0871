// `corridor subject export` and `corridor retention run`: the same services as the API and the scheduled retention job.
import fs from 'node:fs';
import type { Command } from 'commander';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisationByCode, findUserByEmail } from '../identity/identity.repository.ts';
import { applyRetention } from './retention.ts';
import { subjectAccess } from './subject-rights.service.ts';

type WithDatabase = <T>(fn: (d: Database) => Promise<T>) => Promise<T>;
const print = (s: string) => process.stdout.write(`${s}\n`);

/** The supervisor the command acts as: an active supervisor of the organisation. */
async function actingSupervisor(d: Database, orgCode: string, email: string): Promise<Principal> {
  const org = await findOrganisationByCode(d.db, orgCode);
  if (!org) throw new Error(`No organisation has the code ${orgCode}.`);
  const u = await findUserByEmail(d.db, email.trim().toLowerCase());
  if (!u || u.organisation_id !== org.id || u.disabled_at)
    throw new Error(`No active user of ${orgCode} has the email ${email}.`);
  if (!u.roles.includes('supervisor')) throw new Error(`The user must be a supervisor of ${orgCode}.`);
  return { kind: 'session', userId: u.id, id: u.id, organisationId: org.id, roles: u.roles, secondFactor: 'none' };
}

/** Adds `subject export` and `retention run` to the command line. */
export function addSubjectRightsCommands(program: Command, withDatabase: WithDatabase): void {
  const subject = program
    .command('subject')
    .description('Subject rights: access and portability (docs/subject-rights.md)');
  subject
    .command('export')
    .description('Write everything the organisation holds about one person to a JSON file (supervisors; audited)')
    .requiredOption('--org <code>', 'the organisation')
    .requiredOption('--as <email>', 'the supervisor exporting (audited; must be able to see the person)')
    .requiredOption('--person <id>', 'the person’s id')
    .requiredOption('--out <file>', 'where to write the file (must not exist; readable only by you)')
    .action(async (o: { org: string; as: string; person: string; out: string }) =>
      withDatabase(async (d) => {
        if (fs.existsSync(o.out)) throw new Error(`${o.out} exists; choose a new file.`);
        const p = await actingSupervisor(d, o.org, o.as);
        const now = new Date();
        const doc = await d.db.transaction().execute(async (trx) => {
          const r = await subjectAccess(trx, p, o.person, now);
          await recordAudit(
            trx,
            d.engine,
            actorOf(p),
            {
              action: 'subject.access',
              entityType: 'beneficiary',
              entityId: r.person.id,
              organisationId: p.organisationId,
              purpose: 'subject_rights',
              sensitiveRead: true,
              details: {
                via: 'cli',
                cases: r.cases.length,
                referrals: r.referrals.length,
                auditEntries: r.audit.length,
              },
            },
            now,
          );
          // Written before the commit: if the file cannot be written, the audit entry is rolled back with it.
          fs.writeFileSync(o.out, `${JSON.stringify(r, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
          return r;
        });
        print(
          `Wrote the subject access document to ${o.out}: ${doc.cases.length} case(s), ${doc.referrals.length} referral(s), ${doc.audit.length} audit entries.`,
        );
      }),
    );

  const retention = program.command('retention').description('Retention schedules (docs/subject-rights.md)');
  retention
    .command('run')
    .description('Anonymise every person past their retention schedule (the server also does this every 10 minutes)')
    .option('--dry-run', 'only count who is due')
    .action(async (o: { dryRun?: boolean }) => {
      const config = loadConfig();
      await withDatabase(async (d) => {
        const r = await applyRetention(d.db, d.engine, new Date(), config.retention, { dryRun: Boolean(o.dryRun) });
        if (o.dryRun)
          print(`Dry run: ${r.due} person(s) past their schedule of ${r.checked} checked; nothing changed.`);
        else
          print(
            `Anonymised ${r.anonymised} person(s) past their schedule (${r.checked} checked)${
              Object.keys(r.counts).length
                ? `; ${Object.entries(r.counts)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}`
                : ''
            }.`,
          );
      });
    });
}
