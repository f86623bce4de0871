import { CreateUser as CreateUserSchema, type Role, Role as RoleSchema } from '@corridor/contracts';
import { Command, Option } from 'commander';
import { recordAudit, systemActor, verifyAuditChain } from './audit/audit.service.ts';
import { serve, writeDemoCredentials } from './cli/serve.ts';
import { ConfigError, loadConfig } from './config.ts';
import { backupSqlite, restoreSqlite } from './db/backup.ts';
import { openConfiguredDatabase } from './db/database.ts';
import { knownMigrations, migrateDown, migrateToLatest, migrationStatus } from './db/migrator.ts';
import { isEmpty, seedDemo } from './demo/demo.seed.ts';
import { DomainError } from './errors.ts';
import { addEvidenceCommands } from './evidence/evidence.cli.ts';
import { rebuildIfRequired } from './evidence/rebuild-required.ts';
import { addReportCommands } from './evidence/report/report.cli.ts';
import { createUser } from './identity/users.service.ts';
import { addImportCommands } from './imports/imports.cli.ts';
import { addJobCommands } from './jobs/jobs.cli.ts';
import { wholeNumberOption } from './lib/cli-numbers.ts';
import { addLinkageCommands } from './linkage/linkage.cli.ts';
import { addPprlCommands } from './linkage/pprl/pprl.cli.ts';
import { addRemittanceCommands } from './remittances/remittances.cli.ts';
import { addSubjectRightsCommands } from './subject-rights/subject-rights.cli.ts';

const print = (s: string) => process.stdout.write(`${s}\n`);

/** Opens the configured database, migrated, for one command, and closes it afterwards. */
async function withDatabase<T>(
  fn: (database: ReturnType<typeof openConfiguredDatabase>) => Promise<T>,
  migrate = true,
): Promise<T> {
  const config = loadConfig();
  const database = openConfiguredDatabase(config);
  try {
    if (migrate) {
      await migrateToLatest(database.db, database.engine);
      const rebuilt = await rebuildIfRequired(database.db, new Date());
      if (rebuilt !== null)
        process.stderr.write(`Evidence cells rebuilt from the records after the upgrade: ${rebuilt}.\n`);
    }
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The `corridor` command line. */
export function buildCli(): Command {
  const program = new Command('corridor')
    .description('Corridor: protection, movements, funds, labour migration and evidence, in one platform.')
    .showHelpAfterError();

  program
    .command('serve')
    .description('Start the HTTP server (migrates first; seeds demo data on a first start of the embedded database)')
    .action(serve);

  program
    .command('migrate')
    .description('Apply pending database migrations (or revert, or list them)')
    .option('--down <steps>', 'revert this many migrations instead', (v) => wholeNumberOption('--down', v, 1, 10_000))
    .option('--status', 'list migrations and whether each has run')
    .action(async (o: { down?: number; status?: boolean }) =>
      withDatabase(async (d) => {
        if (o.status) {
          for (const m of await migrationStatus(d.db, d.engine))
            print(`${m.executed ? 'applied' : 'pending'}  ${m.name}`);
          return;
        }
        const ran = o.down ? await migrateDown(d.db, d.engine, o.down) : await migrateToLatest(d.db, d.engine);
        print(ran.length ? ran.join('\n') : 'Nothing to do: the database is up to date.');
        if (!o.down) {
          const rebuilt = await rebuildIfRequired(d.db, new Date());
          if (rebuilt !== null) print(`Evidence cells rebuilt from the records after the upgrade: ${rebuilt}.`);
        }
      }, false),
    );

  program
    .command('seed')
    .description('Load a data set into the database')
    .requiredOption('--demo', 'the demo data set (organisations of each kind, one user per role)')
    .option('--force', 'seed even when the database already holds organisations')
    .action(async (o: { force?: boolean }) => {
      const config = loadConfig();
      if (config.env === 'production') throw new Error('Refusing to load demo data with NODE_ENV=production.');
      await withDatabase(async (d) => {
        if (!o.force && !(await isEmpty(d)))
          throw new Error('The database already holds organisations; use --force to add the demo set anyway.');
        if (await d.db.selectFrom('organisations').select('id').where('code', '=', 'DEMO-PLATFORM').executeTakeFirst())
          throw new Error(
            'The demo data set is loaded already (organisation DEMO-PLATFORM exists); it is never loaded twice.',
          );
        const creds = await seedDemo(d);
        const file = writeDemoCredentials(config, creds);
        print(
          `Demo data created. Platform administrator: ${creds[0]!.email} / ${creds[0]!.password}\nAll demo credentials: ${file}`,
        );
      });
    });

  const user = program.command('user').description('Manage users');
  user
    .command('create')
    .description('Create a user (the password is read from standard input, or generated and printed once)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--org <code>', 'organisation code, e.g. DEMO-IO-IRQ')
    .addOption(new Option('--roles <roles>', `comma-separated: ${RoleSchema.options.join(', ')}`).makeOptionMandatory())
    .option('--password-stdin', 'read the password from standard input')
    .action(async (o: { email: string; name: string; org: string; roles: string; passwordStdin?: boolean }) => {
      const roles = o.roles.split(',').map((r) => r.trim());
      const bad = roles.filter((r) => !RoleSchema.options.includes(r as Role));
      if (bad.length)
        throw new Error(`Unknown role(s): ${bad.join(', ')}. Choose from ${RoleSchema.options.join(', ')}.`);
      const generated = !o.passwordStdin;
      const typed = o.passwordStdin
        ? await readStdin()
        : (await import('node:crypto')).randomBytes(15).toString('base64url');
      // The API's rules for a new user (email, name, password length), each problem named after its option.
      const checked = CreateUserSchema.safeParse({
        email: o.email.trim().toLowerCase(),
        displayName: o.name,
        roles,
        password: typed,
      });
      if (!checked.success) {
        const option: Record<string, string> = {
          email: '--email',
          displayName: '--name',
          roles: '--roles',
          password: 'the password',
        };
        throw new Error(
          checked.error.issues.map((i) => `${option[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; '),
        );
      }
      const { email, displayName, password } = checked.data;
      await withDatabase(async (d) => {
        const org = await d.db.selectFrom('organisations').select('id').where('code', '=', o.org).executeTakeFirst();
        if (!org) throw new Error(`No organisation has the code ${o.org}.`);
        const now = new Date();
        const u = await d.db.transaction().execute(async (trx) => {
          const created = await createUser(
            trx,
            {
              organisationId: org.id,
              email,
              displayName,
              roles: roles as Role[],
              locale: 'en',
              password,
            },
            now,
          );
          await recordAudit(
            trx,
            d.engine,
            systemActor,
            {
              action: 'user.create',
              entityType: 'user',
              entityId: created.id,
              organisationId: org.id,
              details: { roles, via: 'cli' },
            },
            now,
          );
          return created;
        });
        print(`Created user ${u.email} (${u.id}) in ${o.org} with roles ${u.roles.join(', ')}.`);
        if (generated) print(`Password (shown once): ${password}`);
      });
    });

  program
    .command('backup')
    .description('Online backup of the embedded database to FILE, verified by an integrity check')
    .argument('<file>', 'where to write the backup (must not exist)')
    .action(async (file: string) =>
      withDatabase(async (d) => {
        if (!d.sqlite) throw new Error('backup is for the embedded database; for PostgreSQL use pg_dump.');
        const r = await backupSqlite(d.sqlite, file);
        print(
          `Backup written to ${r.file}: integrity ${r.integrity}; rows: ${Object.entries(r.counts)
            .map(([t, n]) => `${t}=${n}`)
            .join(', ')}`,
        );
      }, false),
    );

  program
    .command('restore')
    .description('Restore the embedded database from a backup FILE (checked before and after)')
    .argument('<file>', 'a file written by `corridor backup`')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.databaseUrl) throw new Error('restore is for the embedded database; for PostgreSQL use pg_restore.');
      const r = await restoreSqlite(file, config.sqliteFile, knownMigrations());
      print(
        `Restored ${r.file} from ${file}: integrity ${r.integrity}; rows match the backup: ${Object.entries(r.counts)
          .map(([t, n]) => `${t}=${n}`)
          .join(', ')}`,
      );
    });

  const audit = program.command('audit').description('The audit log');
  audit
    .command('verify')
    .description(
      'Check the hash chain: an edited entry, or one deleted before the newest, is reported (exit code 1); entries ' +
        'deleted from the end are found only against an --anchor noted earlier',
    )
    .option(
      '--anchor <seq:hash>',
      'an entry noted earlier (seq:hash) that must still be there unchanged (the head printed by a previous run)',
    )
    .action(async (o: { anchor?: string }) =>
      withDatabase(async (d) => {
        let anchor: { seq: number; hash: string } | undefined;
        if (o.anchor) {
          const m = /^(\d+):([0-9a-f]{64})$/.exec(o.anchor);
          if (!m) throw new Error('--anchor must look like 1234:<64 hex characters>');
          anchor = { seq: Number(m[1]), hash: m[2]! };
        }
        const v = await verifyAuditChain(d.db, anchor);
        if (!v.ok) {
          print(`Audit chain BROKEN after checking ${v.checked} entries: ${v.reason}.`);
          process.exitCode = 1;
          return;
        }
        print(
          `Audit chain intact: ${v.checked} entries checked.${v.head ? ` Head ${v.head.seq}:${v.head.hash} (note it to check later with --anchor).` : ''}`,
        );
      }),
    );
  addImportCommands(program, withDatabase);
  addRemittanceCommands(program, withDatabase);
  addEvidenceCommands(program, withDatabase);
  addReportCommands(program, withDatabase);
  addSubjectRightsCommands(program, withDatabase);
  addJobCommands(program, withDatabase);
  addLinkageCommands(program);
  addPprlCommands(program);
  return program;
}

/** Runs the CLI; errors become a readable message and a non-zero exit code. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof DomainError) {
      const issues =
        err.extra.errors?.map((i) => `\n  - ${i.pointer.slice(1) || i.location}: ${i.message}`).join('') ?? '';
      process.stderr.write(`Error: ${err.detail ?? err.message}${issues}\n`);
    } else process.stderr.write(`Error: ${fileProblem(err) ?? (err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 1;
  }
}

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'it already exists',
};

/** A file the command was given that cannot be read or written, said plainly (the path and why). */
function fileProblem(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException | null;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string') return null;
  const why = FILE_PROBLEMS[e.code];
  if (!why) return null;
  return typeof e.path === 'string' ? `${e.path}: ${why}` : `the file given: ${why}`;
}
