import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Engine } from './database.ts';
import * as m20261128T1800 from './migrations/20261128T1800_foundation.ts';
import * as m20261128T1900 from './migrations/20261128T1900_protection.ts';
import * as m20261128T2000 from './migrations/20261128T2000_imports.ts';
import * as m20261128T2100 from './migrations/20261128T2100_jobs.ts';
import * as m20261128T2110recruitment from './migrations/20261128T2110_recruitment.ts';
import * as m20261128T2120remittances from './migrations/20261128T2120_remittances.ts';
import * as m20261128T2130centres from './migrations/20261128T2130_centres.ts';
import * as m20261128T2130 from './migrations/20261128T2130_referral_assignment.ts';
import * as m20261128T2140grievances from './migrations/20261128T2140_grievances.ts';
import * as m20261128T2155namekeys from './migrations/20261128T2155_name_keys_layout.ts';
import * as m20261129T0010evidence from './migrations/20261129T0010_evidence.ts';
import * as m20261129T0030linkage from './migrations/20261129T0030_linkage.ts';
import * as m20261129T0040linkage from './migrations/20261129T0040_linkage_projects.ts';
import * as m20261129T0050operations from './migrations/20261129T0050_operations.ts';
import * as m20261129T0060funds from './migrations/20261129T0060_funds.ts';
import * as m20261129T0070evidencemembership from './migrations/20261129T0070_evidence_membership.ts';
import * as m20261129T0090searchkeys from './migrations/20261129T0090_search_keys.ts';
import * as m20261129T0100referralaccess from './migrations/20261129T0100_referral_access.ts';
import * as m20261129T0110organisationiati from './migrations/20261129T0110_organisation_iati.ts';
import * as m20261129T0120evidencecellscompact from './migrations/20261129T0120_evidence_cells_compact.ts';
import * as m20261129T0130notificationemail from './migrations/20261129T0130_notification_email.ts';
import * as m20261129T0140evidencepersonbefore from './migrations/20261129T0140_evidence_person_before.ts';
import * as m20261129T0150referenceorder from './migrations/20261129T0150_reference_order.ts';
import * as m20261130T0010evidencepending from './migrations/20261130T0010_evidence_pending.ts';
import * as m20261130T1200kosovocorridors from './migrations/20261130T1200_kosovo_corridors.ts';
import * as m20261130T1210deploymentsettings from './migrations/20261130T1210_deployment_settings.ts';
import * as m20261130T1220evidencepeople from './migrations/20261130T1220_evidence_people.ts';
import * as m20261201T0800evidenceamountrecords from './migrations/20261201T0800_evidence_amount_records.ts';
import * as m20261202T1500passwordresets from './migrations/20261202T1500_password_resets.ts';
import * as m20261202T1800referralintake from './migrations/20261202T1800_referral_intake.ts';
import * as m20261203T1300retiredreferences from './migrations/20261203T1300_retired_references.ts';
import * as m20261203T1600subjectrightsrequests from './migrations/20261203T1600_subject_rights_requests.ts';

type FrozenMigration = {
  up(db: Kysely<any>, engine: Engine): Promise<void>;
  down(db: Kysely<any>, engine: Engine): Promise<void>;
};

/** Every migration in order. Names are timestamps so they sort in the order they were written. */
const migrations: Record<string, FrozenMigration> = {
  '20261128T1800_foundation': m20261128T1800,
  '20261128T1900_protection': m20261128T1900,
  '20261128T2000_imports': m20261128T2000,
  '20261128T2100_jobs': m20261128T2100,
  '20261128T2110_recruitment': m20261128T2110recruitment,
  '20261128T2120_remittances': m20261128T2120remittances,
  '20261128T2130_referral_assignment': m20261128T2130,
  '20261128T2130_centres': m20261128T2130centres,
  '20261128T2140_grievances': m20261128T2140grievances,
  '20261128T2155_name_keys_layout': m20261128T2155namekeys,
  '20261129T0010_evidence': m20261129T0010evidence,
  '20261129T0030_linkage': m20261129T0030linkage,
  '20261129T0040_linkage_projects': m20261129T0040linkage,
  '20261129T0060_funds': m20261129T0060funds,
  '20261129T0050_operations': m20261129T0050operations,
  '20261129T0070_evidence_membership': m20261129T0070evidencemembership,
  '20261129T0090_search_keys': m20261129T0090searchkeys,
  '20261129T0100_referral_access': m20261129T0100referralaccess,
  '20261129T0110_organisation_iati': m20261129T0110organisationiati,
  '20261129T0120_evidence_cells_compact': m20261129T0120evidencecellscompact,
  '20261129T0130_notification_email': m20261129T0130notificationemail,
  '20261129T0140_evidence_person_before': m20261129T0140evidencepersonbefore,
  '20261129T0150_reference_order': m20261129T0150referenceorder,
  '20261130T0010_evidence_pending': m20261130T0010evidencepending,
  '20261130T1200_kosovo_corridors': m20261130T1200kosovocorridors,
  '20261130T1210_deployment_settings': m20261130T1210deploymentsettings,
  '20261130T1220_evidence_people': m20261130T1220evidencepeople,
  '20261201T0800_evidence_amount_records': m20261201T0800evidenceamountrecords,
  '20261202T1500_password_resets': m20261202T1500passwordresets,
  '20261202T1800_referral_intake': m20261202T1800referralintake,
  '20261203T1300_retired_references': m20261203T1300retiredreferences,
  '20261203T1600_subject_rights_requests': m20261203T1600subjectrightsrequests,
};

/** The names of the migrations this version knows, oldest first. */
export function knownMigrations(): string[] {
  return Object.keys(migrations).sort();
}

/**
 * The migrator. On PostgreSQL its bookkeeping tables are named with the schema the connection works in: unnamed,
 * the migrator looks for them in every schema of the database, so another schema's (a second instance beside this
 * one, a test run beside another) would be taken for this one's and its own never created.
 */
async function migrator(db: Kysely<any>, engine: Engine): Promise<Migrator> {
  const schema =
    engine === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db,
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: {
      async getMigrations() {
        const out: Record<string, Migration> = {};
        for (const [name, m] of Object.entries(migrations)) {
          out[name] = { up: (d) => m.up(d, engine), down: (d) => m.down(d, engine) };
        }
        return out;
      },
    },
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => `${r.direction} ${r.migrationName}`);
}

/** Applies every pending migration; returns what ran. */
export async function migrateToLatest(db: Kysely<any>, engine: Engine): Promise<string[]> {
  return check(await (await migrator(db, engine)).migrateToLatest());
}

/** Reverts migrations one at a time until `steps` have been undone (all of them by default). */
export async function migrateDown(
  db: Kysely<any>,
  engine: Engine,
  steps = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const m = await migrator(db, engine);
  const done: string[] = [];
  for (let i = 0; i < steps; i++) {
    const r = await m.migrateDown();
    const ran = check(r);
    if (ran.length === 0) break;
    done.push(...ran);
  }
  return done;
}

/** Names of all known migrations with whether each has run. */
export async function migrationStatus(db: Kysely<any>, engine: Engine): Promise<{ name: string; executed: boolean }[]> {
  const list = await (await migrator(db, engine)).getMigrations();
  return list.map((m) => ({ name: m.name, executed: m.executedAt !== undefined }));
}
