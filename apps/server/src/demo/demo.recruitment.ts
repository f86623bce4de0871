// Demo labour recruiters at every stage of IRIS certification, in the seed's countries and on the main labour
// corridors (Bangladesh, Nepal, the Philippines -> the UAE, Qatar, Saudi Arabia). Every step goes through the
// real services, so the history and the audit log are what a real deployment would hold.
import { randomBytes } from 'node:crypto';
import type { Role } from '@corridor/contracts';
import type { Database, Trx } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { createOrganisation } from '../identity/organisations.service.ts';
import { createUser } from '../identity/users.service.ts';
import { CRITERIA } from '../recruitment/iris.ts';
import * as svc from '../recruitment/recruitment.service.ts';

type Stage =
  | 'none'
  | 'applied'
  | 'self_assessed'
  | 'in_audit'
  | 'audited'
  | 'certified'
  | 'surveillance'
  | 'suspended'
  | 'withdrawn'
  | 'refused'
  | 'expired';

type DemoRecruiter = {
  code: string;
  name: string;
  country: string;
  licence: string;
  authority: string;
  corridors: [string, string][];
  sectors: string[];
  employers: string[];
  stage: Stage;
};

const BMET = 'Bureau of Manpower, Employment and Training (BMET)';
const DOFE = 'Department of Foreign Employment (Nepal)';
const DMW = 'Department of Migrant Workers (Philippines)';

const RECRUITERS: DemoRecruiter[] = [
  {
    code: 'DEMO-RECRUIT-PHL',
    name: '[Demo] Fair Hire Recruitment Agency',
    country: 'PHL',
    licence: 'DMW-080-LB-2023',
    authority: DMW,
    corridors: [
      ['PHL', 'SAU'],
      ['PHL', 'ARE'],
    ],
    sectors: ['health_care', 'hospitality'],
    employers: ['[Demo] Riyadh Care Hospital', '[Demo] Dubai Marina Hotels'],
    stage: 'certified',
  },
  {
    code: 'DEMO-RA-BGD1',
    name: '[Demo] Dhaka Ethical Manpower Services',
    country: 'BGD',
    licence: 'RL-1187',
    authority: BMET,
    corridors: [
      ['BGD', 'ARE'],
      ['BGD', 'QAT'],
    ],
    sectors: ['construction', 'manufacturing'],
    employers: ['[Demo] Gulf Build Contracting', '[Demo] Doha Steel Works'],
    stage: 'surveillance',
  },
  {
    code: 'DEMO-RA-BGD2',
    name: '[Demo] Chattogram Overseas Recruiting',
    country: 'BGD',
    licence: 'RL-2045',
    authority: BMET,
    corridors: [['BGD', 'SAU']],
    sectors: ['construction'],
    employers: ['[Demo] Jeddah Infrastructure Co.'],
    stage: 'applied',
  },
  {
    code: 'DEMO-RA-NPL1',
    name: '[Demo] Kathmandu Safe Migration Services',
    country: 'NPL',
    licence: '1289/074/075',
    authority: DOFE,
    corridors: [['NPL', 'QAT']],
    sectors: ['hospitality', 'cleaning_security'],
    employers: ['[Demo] Pearl Facilities Management'],
    stage: 'in_audit',
  },
  {
    code: 'DEMO-RA-NPL2',
    name: '[Demo] Pokhara Global Careers',
    country: 'NPL',
    licence: '0934/070/071',
    authority: DOFE,
    corridors: [['NPL', 'ARE']],
    sectors: ['retail'],
    employers: ['[Demo] Emirates Retail Group'],
    stage: 'self_assessed',
  },
  {
    code: 'DEMO-RA-PHL2',
    name: '[Demo] Visayas Seafarers Manning',
    country: 'PHL',
    licence: 'DMW-221-SB-2021',
    authority: DMW,
    corridors: [['PHL', 'QAT']],
    sectors: ['transport'],
    employers: ['[Demo] Gulf Shipping Lines'],
    stage: 'withdrawn',
  },
  {
    code: 'DEMO-RA-LBN',
    name: '[Demo] Cèdre Domestic Staffing',
    country: 'LBN',
    licence: 'LB-MOL-5521',
    authority: 'Ministry of Labour (Lebanon)',
    corridors: [
      ['PHL', 'LBN'],
      ['NPL', 'LBN'],
    ],
    sectors: ['domestic_work'],
    employers: ['[Demo] Private households (via standard contract)'],
    stage: 'suspended',
  },
  {
    code: 'DEMO-RA-IRQ',
    name: '[Demo] Baghdad Labour Link',
    country: 'IRQ',
    licence: 'IQ-MOLSA-3310',
    authority: 'Ministry of Labour and Social Affairs (Iraq)',
    corridors: [
      ['BGD', 'IRQ'],
      ['NPL', 'IRQ'],
    ],
    sectors: ['construction', 'cleaning_security'],
    employers: ['[Demo] Basra Oilfield Services'],
    stage: 'audited',
  },
  {
    code: 'DEMO-RA-SSD',
    name: '[Demo] Juba Workforce Solutions',
    country: 'SSD',
    licence: 'SS-MLPS-0412',
    authority: 'Ministry of Labour and Public Service (South Sudan)',
    corridors: [['SSD', 'SAU']],
    sectors: ['agriculture'],
    employers: ['[Demo] Tabuk Farms'],
    stage: 'refused',
  },
  {
    code: 'DEMO-RA-CAF',
    name: '[Demo] Bangui Emploi International',
    country: 'CAF',
    licence: 'CF-ACFPE-118',
    authority: 'ACFPE (Central African Republic)',
    corridors: [['CAF', 'SAU']],
    sectors: ['other'],
    employers: [],
    stage: 'none',
  },
  {
    code: 'DEMO-RA-SYR',
    name: '[Demo] Al-Shām Recruitment Office',
    country: 'SYR',
    licence: 'SY-MOSAL-7740',
    authority: 'Ministry of Social Affairs and Labour (Syria)',
    corridors: [['SYR', 'ARE']],
    sectors: ['hospitality'],
    employers: ['[Demo] Abu Dhabi Catering'],
    stage: 'expired',
  },
];

const ORDER: Stage[] = ['none', 'applied', 'self_assessed', 'in_audit', 'audited', 'certified'];
const reaches = (s: Stage, step: Stage) => {
  const target = ['surveillance', 'suspended', 'withdrawn', 'expired'].includes(s)
    ? 'certified'
    : s === 'refused'
      ? 'audited'
      : s;
  return ORDER.indexOf(target) >= ORDER.indexOf(step);
};

const principal = (userId: string, organisationId: string, roles: Role[]): Principal => ({
  kind: 'session',
  userId,
  id: userId,
  organisationId,
  roles,
  secondFactor: 'none',
});

const days = (base: Date, n: number) => new Date(base.getTime() + n * 86_400_000);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Seeds the demo recruiters; needs the demo users officer.iris and auditor.iris. Returns counts per stage. */
export async function seedDemoRecruitment(database: Database, now: Date): Promise<Record<string, number>> {
  return database.db.transaction().execute(async (trx) => {
    const user = async (local: string) =>
      trx
        .selectFrom('users')
        .select(['id', 'organisation_id'])
        .where('email', '=', `${local}@demo.corridor.invalid`)
        .executeTakeFirstOrThrow();
    const off = await user('officer.iris');
    const aud = await user('auditor.iris');
    const officer = principal(off.id, off.organisation_id, ['certification_officer']);
    const auditor = principal(aud.id, aud.organisation_id, ['certification_auditor']);
    const counts: Record<string, number> = {};
    for (const d of RECRUITERS) {
      counts[d.stage] = (counts[d.stage] ?? 0) + 1;
      await seedOne(trx, database, d, officer, auditor, now);
    }
    return counts;
  });
}

async function seedOne(
  trx: Trx,
  database: Database,
  d: DemoRecruiter,
  officer: Principal,
  auditor: Principal,
  now: Date,
) {
  const existing = await trx.selectFrom('organisations').select('id').where('code', '=', d.code).executeTakeFirst();
  const orgId =
    existing?.id ??
    (
      await createOrganisation(
        trx,
        { code: d.code, name: d.name, kind: 'private_sector', country: d.country },
        now,
        true,
      )
    ).id;
  // The recruiter's own staff member (the Philippine agency already has the demo user recruiter.phl).
  const staffEmail =
    d.code === 'DEMO-RECRUIT-PHL'
      ? 'recruiter.phl@demo.corridor.invalid'
      : `staff.${d.code.toLowerCase()}@demo.corridor.invalid`;
  const found = await trx.selectFrom('users').select('id').where('email', '=', staffEmail).executeTakeFirst();
  const staffId =
    found?.id ??
    (
      await createUser(
        trx,
        {
          organisationId: orgId,
          email: staffEmail,
          displayName: `Compliance officer, ${d.name.replace('[Demo] ', '')} (demo)`,
          roles: ['recruiter_staff'],
          locale: 'en',
          password: `Dx9!${randomBytes(15).toString('base64url')}`,
        },
        now,
      )
    ).id;
  const staff = principal(staffId, orgId, ['recruiter_staff']);
  // Older cycles start further back so dates (audits, deadlines, expiry) look like a real history.
  const start = d.stage === 'expired' ? days(now, -40 * 30) : days(now, -200);
  const at = (p: Principal, n: number) => ({ trx, engine: database.engine, p, now: days(start, n) });

  const r = await svc.createRecruiter(
    at(officer, 0),
    {
      organisationId: orgId,
      name: d.name,
      licenceNumber: d.licence,
      licensingAuthority: d.authority,
      licenceCountry: d.country,
      licenceExpiresOn: day(days(now, 700)),
      countries: [...new Set([d.country, ...d.corridors.map((c) => c[0])])],
      corridors: d.corridors.map(([origin, destination]) => ({ origin, destination })),
      sectors: d.sectors as never,
      employers: d.employers,
    },
    true,
  );
  if (!reaches(d.stage, 'applied')) return;
  const certId = await svc.applyForCertification(at(staff, 2), r.id).then(async () => {
    const c = await trx
      .selectFrom('certifications')
      .select('id')
      .where('recruiter_id', '=', r.id)
      .executeTakeFirstOrThrow();
    return c.id;
  });
  if (!reaches(d.stage, 'self_assessed')) return;
  const answers = Object.fromEntries(
    CRITERIA.map((c) => [c.code, { answer: c.code === '2.1' ? ('partly' as const) : ('yes' as const), note: '' }]),
  );
  await svc.submitSelfAssessment(at(staff, 9), certId, { answers });
  if (!reaches(d.stage, 'in_audit')) return;
  await svc.scheduleAudit(at(officer, 12), certId, {
    kind: 'initial',
    auditorUserId: auditor.userId,
    scheduledFor: day(days(start, 30)),
  });
  const audit = await trx
    .selectFrom('certification_audits')
    .select('id')
    .where('certification_id', '=', certId)
    .executeTakeFirstOrThrow();
  await svc.recordFinding(at(auditor, 30), audit.id, {
    criterion: '2.1',
    severity: d.stage === 'in_audit' ? 'major' : 'minor',
    description: 'Passports of workers awaiting departure were kept in the office safe "for safekeeping".',
  });
  await svc.recordFinding(at(auditor, 30), audit.id, {
    criterion: '3.1',
    severity: 'observation',
    description: 'Contracts are translated, but the translation is handed over only at the airport.',
  });
  if (!reaches(d.stage, 'audited')) return;
  await svc.completeAudit(at(auditor, 31), audit.id, 'Good practice overall; passport keeping must stop.');
  const finding = await trx
    .selectFrom('audit_findings')
    .select('id')
    .where('audit_id', '=', audit.id)
    .where('criterion', '=', '2.1')
    .executeTakeFirstOrThrow();
  await svc.planCorrectiveAction(
    at(staff, 35),
    finding.id,
    'Return all passports; written policy; staff training.',
    day(days(start, 65)),
  );
  if (d.stage === 'refused') {
    await svc.decideCertification(at(officer, 60), certId, {
      decision: 'refuse',
      reason: 'Fees charged through sub-agents could not be ruled out.',
      validityMonths: 36,
    });
    return;
  }
  if (!reaches(d.stage, 'certified')) return;
  await svc.submitActionEvidence(
    at(staff, 50),
    finding.id,
    'Signed receipts of returned passports; new policy; training list.',
  );
  await svc.verifyCorrectiveAction(at(auditor, 55), finding.id, true, 'Checked on site.');
  await svc.decideCertification(at(officer, 60), certId, {
    decision: 'grant',
    reason: 'Initial audit passed; finding corrected.',
    validityMonths: 36,
  });
  if (d.stage === 'surveillance')
    await svc.scheduleAudit(at(officer, 190), certId, {
      kind: 'surveillance',
      auditorUserId: auditor.userId,
      scheduledFor: day(days(now, 20)),
    });
  if (d.stage === 'suspended' || d.stage === 'withdrawn')
    await svc.suspendCertification(
      at(officer, 150),
      certId,
      'Workers reported being charged a placement fee; under investigation.',
    );
  if (d.stage === 'withdrawn')
    await svc.withdrawCertification(at(officer, 180), certId, 'Placement fees confirmed by a for-cause audit.');
}
