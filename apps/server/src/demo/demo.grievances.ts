// Demo grievances (issue #6 part 3): the demo certifying body (DEMO-IRIS) receives public grievances; a handful
// of them in every state — just received, triaged and assigned, answered, overdue, closed with each kind of
// outcome, linked to register recruiters with an audit asked for, and one handed over to a trafficking case in
// the demo legal aid network with the worker's consent. Written through the grievances services, as the app would.
import type { FileGrievance, GrievanceCategory, GrievanceOutcome, GrievanceSeverity } from '@corridor/contracts';
import type { Database, Trx } from '../db/database.ts';
import { handOverGrievance } from '../grievances/grievances.handover.ts';
import {
  assignGrievance,
  closeGrievance,
  fileGrievance,
  getGrievance,
  linkRecruiter,
  markAuditRequested,
  messageWorker,
  setDesk,
  triageGrievance,
  workerReply,
} from '../grievances/grievances.service.ts';
import { recruiterForOfficer, registerEntryByLicence, requestRecruiterAudit } from '../grievances/recruitment-link.ts';
import type { Principal } from '../http/principal.ts';
import { listRecruiters } from '../recruitment/recruitment.service.ts';

const DAY = 86_400_000;

type DemoGrievance = {
  daysAgo: number;
  input: Partial<FileGrievance> & { categories: GrievanceCategory[]; description: string };
  triage?: GrievanceSeverity;
  assign?: boolean;
  officerMessage?: string;
  workerReply?: string;
  linkLicence?: string;
  auditReason?: string;
  outcome?: { outcome: GrievanceOutcome; summary: string };
  handOverTo?: string;
};

const GRIEVANCES: DemoGrievance[] = [
  {
    daysAgo: 1,
    input: {
      categories: ['fees_charged'],
      description: '[Demo] The agency asked me for 90,000 taka for the visa and the ticket before I could leave.',
      recruiterName: 'Chattogram Overseas',
      recruiterLicence: 'RL-2045',
      destinationCountry: 'ARE',
      language: 'en',
    },
  },
  {
    daysAgo: 9,
    input: {
      categories: ['wages_unpaid', 'conditions'],
      description: '[Demo] لم أتقاضَ راتبي منذ ثلاثة أشهر ونسكن عشرة أشخاص في غرفة واحدة.',
      recruiterName: 'Cèdre Domestic Staffing',
      employerName: '[Demo] Private household',
      destinationCountry: 'LBN',
      language: 'ar',
    },
  },
  {
    daysAgo: 4,
    input: {
      categories: ['contract_substitution'],
      description: '[Demo] On arrival I had to sign a new contract with a lower salary than the one I signed at home.',
      recruiterName: 'Kathmandu Safe Migration',
      recruiterLicence: '1289/074/075',
      employerName: '[Demo] Gulf Construction Co.',
      destinationCountry: 'QAT',
      contact: { name: '[Demo] Ram Bahadur Thapa', phone: '+974 5550 0101', email: null },
      language: 'en',
    },
    triage: 'high',
    assign: true,
  },
  {
    daysAgo: 20,
    input: {
      categories: ['fees_charged', 'contract_substitution'],
      description: '[Demo] Me cobraron 1.200 dólares por el puesto y el contrato no era el que me mostraron.',
      recruiterName: 'Pokhara Global Careers',
      recruiterLicence: '0934/070/071',
      destinationCountry: 'SAU',
      language: 'es',
    },
    triage: 'medium',
    assign: true,
    officerMessage: '[Demo] Thank you for your report. Do you have a receipt or a message showing the payment?',
    workerReply: '[Demo] Sí, tengo una foto del recibo.',
    linkLicence: '0934/070/071',
  },
  {
    daysAgo: 75,
    input: {
      categories: ['fees_charged'],
      description: '[Demo] The agency charged me a "training fee" of 25,000 pesos that was never refunded.',
      recruiterName: 'Visayas Seafarers Manning',
      recruiterLicence: 'DMW-221-SB-2021',
      destinationCountry: 'SGP',
      contact: { name: '[Demo] Maria Santos', phone: null, email: 'maria.santos@demo.corridor.invalid' },
      language: 'en',
    },
    triage: 'high',
    assign: true,
    officerMessage: '[Demo] We have asked for an audit of the agency and will write to you with the result.',
    linkLicence: 'DMW-221-SB-2021',
    auditReason: '[Demo] Worker reports a training fee charged to workers (Employer Pays Principle).',
    outcome: { outcome: 'upheld', summary: '[Demo] The agency must refund the fee; its certification was reviewed.' },
  },
  {
    daysAgo: 40,
    input: {
      categories: ['conditions'],
      description: '[Demo] Les heures supplémentaires ne sont pas payées au tarif prévu.',
      destinationCountry: 'ARE',
      language: 'fr',
    },
    triage: 'low',
    officerMessage: '[Demo] Merci. Pouvez-vous nous dire le nom de votre agence de recrutement ?',
    outcome: {
      outcome: 'withdrawn',
      summary: '[Demo] The worker withdrew the grievance after settling with the employer.',
    },
  },
  {
    daysAgo: 6,
    input: {
      categories: ['document_retention', 'debt_bondage', 'threats_violence'],
      description: '[Demo] My employer keeps my passport, says I owe him for the flight and threatens me if I leave.',
      recruiterName: 'Cèdre Domestic Staffing',
      recruiterLicence: 'LB-MOL-5521',
      destinationCountry: 'LBN',
      contact: { name: '[Demo] Tigist Alemu', phone: '+961 70 000 111', email: null },
      handoverConsent: true,
      language: 'en',
    },
    triage: 'critical',
    assign: true,
    officerMessage: '[Demo] You are not alone. With your agreement a protection organisation will contact you today.',
    // (a protection organisation whose caseworkers and supervisor work cases: one without any takes no hand-over)
    handOverTo: 'DEMO-LEGAL-SSD',
  },
];

const defaults = (g: DemoGrievance['input']): FileGrievance => ({
  recruiterLicence: null,
  recruiterName: null,
  employerName: null,
  destinationCountry: null,
  contact: null,
  recruiterMayKnowIdentity: false,
  handoverConsent: false,
  language: 'en',
  ...g,
});

/** Seeds the demo grievances (after the recruitment demo, whose register they refer to); returns counts by status. */
export async function seedDemoGrievances(database: Database, now: Date): Promise<Record<string, number>> {
  return database.db.transaction().execute(async (trx) => {
    const officerRow = await trx
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'officer.iris@demo.corridor.invalid')
      .executeTakeFirstOrThrow();
    const officer: Principal = {
      kind: 'session',
      userId: officerRow.id,
      id: officerRow.id,
      organisationId: officerRow.organisation_id,
      roles: ['certification_officer'],
      secondFactor: 'none',
    };
    const platform: Principal = { ...officer, roles: ['platform_admin'] };
    await setDesk(trx, platform, { organisationId: officer.organisationId, firstResponseDays: 5 }, now);
    const counts: Record<string, number> = {};
    for (const g of GRIEVANCES) {
      const row = await seedOne(trx, database, officer, g, now);
      counts[row.status] = (counts[row.status] ?? 0) + 1;
    }
    return counts;
  });
}

async function seedOne(trx: Trx, database: Database, officer: Principal, g: DemoGrievance, now: Date) {
  const at = (hours: number) => new Date(now.getTime() - g.daysAgo * DAY + hours * 3_600_000);
  let { row } = await fileGrievance(trx, database.engine, defaults(g.input), at(0), registerEntryByLicence);
  if (g.triage)
    row = await triageGrievance(
      trx,
      officer,
      row.id,
      row.version,
      { severity: g.triage, categories: g.input.categories },
      at(20),
    );
  if (g.assign) row = await assignGrievance(trx, officer, row.id, row.version, officer.userId, at(21));
  if (g.officerMessage) row = await messageWorker(trx, officer, row.id, g.officerMessage, at(22));
  if (g.workerReply) {
    await workerReply(trx, row, g.workerReply, at(30));
    row = await getGrievance(trx, officer, row.id);
  }
  if (g.linkLicence) {
    const found = await listRecruiters(trx, officer, { q: g.linkLicence, limit: 1, offset: 0 }, now);
    const r = found.items[0];
    if (r) {
      row = await linkRecruiter(trx, officer, row, await recruiterForOfficer(trx, officer, r.id), at(31));
      if (g.auditReason) {
        const auditId = await requestRecruiterAudit(
          trx,
          database.engine,
          officer,
          { recruiterId: r.id, grievanceReference: row.reference, reason: g.auditReason },
          at(32),
        );
        row = await markAuditRequested(trx, officer, row, g.auditReason, { recruiterId: r.id, auditId }, at(32));
      }
    }
  }
  if (g.handOverTo) {
    const org = await trx
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', g.handOverTo)
      .executeTakeFirstOrThrow();
    row = (await handOverGrievance(trx, database.engine, officer, row.id, row.version, org.id, at(40))).row;
  }
  if (g.outcome) row = await closeGrievance(trx, officer, row.id, row.version, g.outcome, at(24 * 30));
  return row;
}
