import { randomBytes } from 'node:crypto';
import type { Role } from '@corridor/contracts';
import { recordAudit, systemActor } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { createOrganisation, type OrganisationInput } from '../identity/organisations.service.ts';
import { createUser } from '../identity/users.service.ts';
import { seedDemoLinkage } from '../linkage/pprl/projects.demo.ts';
import { seedDemoCaseload } from './demo.caseload.ts';
import { seedDemoCentres } from './demo.centres.ts';
import { seedDemoFunds } from './demo.funds.ts';
import { seedDemoGrievances } from './demo.grievances.ts';
import { seedDemoOperations } from './demo.operations.ts';
import { seedDemoRecruitment } from './demo.recruitment.ts';
import { seedDemoRemittances } from './demo.remittances.ts';

/** Demo organisations: every kind the partnership names, in countries the seed names. Clearly marked as demo. */
const ORGANISATIONS: OrganisationInput[] = [
  {
    code: 'DEMO-PLATFORM',
    name: '[Demo] Corridor platform operator',
    kind: 'international_organisation',
    country: 'CHE',
  },
  {
    code: 'DEMO-IO-IRQ',
    name: '[Demo] International migration organisation, Iraq mission',
    kind: 'international_organisation',
    country: 'IRQ',
    // A made-up agency prefix (XX), so that a demo export can never pass for a real publisher's.
    iatiIdentifier: 'XX-DEMO-IO-IRQ',
  },
  { code: 'DEMO-MOL-IRQ', name: '[Demo] Ministry of Labour and Migration', kind: 'state_agency', country: 'IRQ' },
  { code: 'DEMO-LEGAL-SSD', name: '[Demo] Juba Migrant Legal Aid Network', kind: 'civil_society', country: 'SSD' },
  {
    code: 'DEMO-CITY-CAF',
    name: '[Demo] Bangui City Council, social services',
    kind: 'local_government',
    country: 'CAF',
  },
  {
    code: 'DEMO-SHELTER-SYR',
    name: '[Demo] Community shelter for displaced families',
    kind: 'civil_society',
    country: 'SYR',
  },
  { code: 'DEMO-RECRUIT-PHL', name: '[Demo] Fair Hire Recruitment Agency', kind: 'private_sector', country: 'PHL' },
  { code: 'DEMO-SEA-LBN', name: '[Demo] Bureau of Overseas Employment', kind: 'state_agency', country: 'LBN' },
  { code: 'DEMO-IRIS', name: '[Demo] IRIS certification scheme', kind: 'international_organisation', country: 'CHE' },
  {
    code: 'DEMO-AUDIT-PHL',
    name: '[Demo] Accredited social-compliance auditors',
    kind: 'private_sector',
    country: 'PHL',
  },
];

/** Demo users: one of each role, in the organisations where that role makes sense. */
const USERS: { org: string; local: string; name: string; roles: Role[] }[] = [
  { org: 'DEMO-PLATFORM', local: 'platform.admin', name: 'Platform Administrator (demo)', roles: ['platform_admin'] },
  { org: 'DEMO-IO-IRQ', local: 'admin.irq', name: 'Layla Hassan (demo)', roles: ['admin'] },
  { org: 'DEMO-IO-IRQ', local: 'supervisor.irq', name: 'Omar Khalil (demo)', roles: ['supervisor'] },
  { org: 'DEMO-IO-IRQ', local: 'caseworker.irq', name: 'Nadia Aziz (demo)', roles: ['caseworker'] },
  { org: 'DEMO-IO-IRQ', local: 'analyst.irq', name: 'Samir Darwish (demo)', roles: ['analyst'] },
  { org: 'DEMO-IO-IRQ', local: 'auditor.irq', name: 'Hana Yousef (demo)', roles: ['auditor'] },
  { org: 'DEMO-IO-IRQ', local: 'funds.irq', name: 'Karim Saleh (demo)', roles: ['fund_manager'] },
  {
    org: 'DEMO-IO-IRQ',
    local: 'operations.irq',
    name: 'Yusuf Karim (demo)',
    roles: ['operations_officer', 'caseworker'],
  },
  { org: 'DEMO-LEGAL-SSD', local: 'admin.ssd', name: 'Grace Akol (demo)', roles: ['admin', 'supervisor'] },
  { org: 'DEMO-LEGAL-SSD', local: 'caseworker.ssd', name: 'Peter Deng (demo)', roles: ['caseworker'] },
  { org: 'DEMO-CITY-CAF', local: 'admin.caf', name: 'Marie Yakité (demo)', roles: ['admin'] },
  { org: 'DEMO-SEA-LBN', local: 'analyst.lbn', name: 'Rami Haddad (demo)', roles: ['analyst'] },
  { org: 'DEMO-RECRUIT-PHL', local: 'recruiter.phl', name: 'Josefina Reyes (demo)', roles: ['recruiter_staff'] },
  { org: 'DEMO-AUDIT-PHL', local: 'auditor.iris', name: 'Miguel Santos (demo)', roles: ['certification_auditor'] },
  { org: 'DEMO-IRIS', local: 'officer.iris', name: 'Claire Dubois (demo)', roles: ['certification_officer'] },
];

export type DemoCredential = { email: string; password: string; roles: Role[]; organisation: string };

/** A fresh random password per install: there is never a fixed default password. */
const randomPassword = () => randomBytes(15).toString('base64url');

/** True when the database holds no organisation yet (a first start). */
export async function isEmpty(database: Database): Promise<boolean> {
  const r = await database.db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n) === 0;
}

/** Seeds the demo data set (organisations and users, then the caseload) and returns the generated credentials. */
export async function seedDemo(database: Database, now = new Date()): Promise<DemoCredential[]> {
  const creds = await seedPeople(database, now);
  const users = new Map<string, { id: string; organisationId: string; roles: Role[] }>();
  for (const u of await database.db.selectFrom('users').select(['id', 'email', 'organisation_id']).execute()) {
    const c = creds.find((x) => x.email === u.email);
    if (c) users.set(u.email, { id: u.id, organisationId: u.organisation_id, roles: c.roles });
  }
  const counts = await seedDemoCaseload(database, users, now);
  await seedDemoRecruitment(database, now);
  Object.assign(counts, { grievances: await seedDemoGrievances(database, now) });
  Object.assign(counts, { remittances: await seedDemoRemittances(database, users, now) });
  Object.assign(counts, { appointments: await seedDemoCentres(database, users, now) });
  Object.assign(counts, { passengersMoved: await seedDemoOperations(database, users, now) });
  Object.assign(counts, { fundRequestsReleased: await seedDemoFunds(database, users, now) });
  Object.assign(counts, { linkageMatches: await seedDemoLinkage(database, users, now) });
  await database.db
    .transaction()
    .execute((trx) =>
      recordAudit(
        trx,
        database.engine,
        systemActor,
        { action: 'demo.caseload_seeded', entityType: 'demo', details: counts },
        now,
      ),
    );
  return creds;
}

async function seedPeople(database: Database, now: Date): Promise<DemoCredential[]> {
  return database.db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const o of ORGANISATIONS) {
      const row = await createOrganisation(trx, o, now, true);
      ids.set(o.code, row.id);
      await recordAudit(
        trx,
        database.engine,
        systemActor,
        {
          action: 'organisation.create',
          entityType: 'organisation',
          entityId: row.id,
          organisationId: row.id,
          details: { code: o.code, demo: true },
        },
        now,
      );
    }
    const creds: DemoCredential[] = [];
    for (const u of USERS) {
      const password = randomPassword();
      const email = `${u.local}@demo.corridor.invalid`;
      const organisationId = ids.get(u.org)!;
      const user = await createUser(
        trx,
        { organisationId, email, displayName: u.name, roles: u.roles, locale: 'en', password },
        now,
      );
      await recordAudit(
        trx,
        database.engine,
        systemActor,
        {
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          organisationId,
          details: { roles: u.roles, demo: true },
        },
        now,
      );
      creds.push({ email, password, roles: u.roles, organisation: u.org });
    }
    return creds;
  });
}
