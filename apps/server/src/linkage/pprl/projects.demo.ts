// Demo data for privacy-preserving linkage: the Iraq mission and the Juba legal-aid network both assist three people
// (registered with different spellings, one in Arabic script), have a data-sharing agreement and a linkage project,
// and have encoded their registries, so each sees at /linkage-projects which of its people the other also assists.
import { CreateBeneficiary, RecordConsent, type Role } from '@corridor/contracts';
import { createBeneficiary, getBeneficiary } from '../../beneficiaries/beneficiaries.service.ts';
import { type Config, loadConfig } from '../../config.ts';
import { recordConsent } from '../../consent/consent.service.ts';
import type { Database, Trx } from '../../db/database.ts';
import type { Principal } from '../../http/principal.ts';
import { runLinkageProjects } from './projects.jobs.ts';
import { createProject, recordAgreement, requestEncoding } from './projects.service.ts';

type DemoUser = { id: string; organisationId: string; roles: Role[] };

const principalOf = (u: DemoUser): Principal => ({
  kind: 'session',
  userId: u.id,
  id: u.id,
  organisationId: u.organisationId,
  roles: u.roles,
  secondFactor: 'none',
});

// [Iraq spelling, Juba spelling, Arabic script at Iraq, date of birth, sex]
const SHARED: [string, string, string | null, string, 'female' | 'male'][] = [
  ['Mohammed Al-Tamimi', 'Muhammad Tamimi', 'محمد التميمي', '1991-04-17', 'male'],
  ['Fatima Hussein', 'Fatma Husain', null, '1996-09-02', 'female'],
  ['Yousef Kareem', 'Yusuf Karim', null, '1988-12-30', 'male'],
];

/** Seeds the linkage demo and runs the linkage job once; returns how many people each organisation was told about. */
export async function seedDemoLinkage(
  database: Database,
  users: Map<string, DemoUser>,
  now: Date,
  config: Config = loadConfig(),
): Promise<number> {
  const get = (email: string) => {
    const u = users.get(email);
    if (!u) throw new Error(`demo user ${email} is missing`);
    return principalOf(u);
  };
  const irq = get('caseworker.irq@demo.corridor.invalid');
  const ssd = get('caseworker.ssd@demo.corridor.invalid');
  const platform = get('platform.admin@demo.corridor.invalid');
  await database.db.transaction().execute(async (trx: Trx) => {
    const person = async (who: Principal, nameLatin: string, nameOriginal: string | null, dob: string, sex: string) => {
      const { row } = await createBeneficiary(
        trx,
        who,
        CreateBeneficiary.parse({
          nameLatin,
          nameOriginal,
          dateOfBirth: dob,
          dobPrecision: 'exact',
          sex,
          citizenships: ['IRQ'],
          languages: ['ar'],
        }),
        now,
      );
      const partner = who.organisationId === irq.organisationId ? ssd.organisationId : irq.organisationId;
      for (const [purpose, recipient] of [
        ['assistance', null],
        ['referral', partner],
      ] as const) {
        const b = await getBeneficiary(trx, who, row.id);
        const input = RecordConsent.parse({
          purpose,
          recipientOrganisationId: recipient,
          basis: purpose === 'assistance' ? 'vital_interest' : 'consent',
          action: 'grant',
          informationGiven: 'Purpose, recipients and the right to withdraw explained in the person’s language.',
        });
        await recordConsent(trx, database.engine, who, b, input, now);
      }
    };
    for (const [irqName, ssdName, original, dob, sex] of SHARED) {
      await person(irq, irqName, original, dob, sex);
      await person(ssd, ssdName, null, dob, sex);
    }
    await recordAgreement(
      trx,
      platform,
      {
        organisationAId: irq.organisationId,
        organisationBId: ssd.organisationId,
        purpose: 'record_linkage',
        startsOn: now.toISOString().slice(0, 10),
        endsOn: null,
      },
      now,
    );
    const id = await createProject(
      trx,
      config,
      platform,
      {
        name: '[Demo] Iraq – South Sudan partners',
        memberOrganisationIds: [irq.organisationId, ssd.organisationId],
        secretCustody: 'platform',
      },
      now,
    );
    const project = await trx.selectFrom('linkage_projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await requestEncoding(trx, irq, project, now);
    await requestEncoding(trx, ssd, project, now);
  });
  await runLinkageProjects(database, config, now);
  const told = await database.db
    .selectFrom('linkage_matches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(told.n);
}
