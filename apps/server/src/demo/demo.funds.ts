// Demo funds and projects (clearly demo: "[Demo]" in every name), in the Iraq office: the four kinds of fund the
// seed names with contributions and pledges; a fund manager releasing money for the demo crisis (the first crisis
// of the office, when the crises context has seeded one) with the time to release recorded; a request above the
// manager's limit approved by a second approver; projects of every kind with partners, places and activity
// reports of people reached. Every step goes through the same service functions as the API. Figures invented.
import type { CreateFund, CreateProject, Role } from '@corridor/contracts';
import type { Database } from '../db/database.ts';
import { approveRequest, createRequest, releaseRequest } from '../funds/funds.requests.ts';
import { createFund, postReceipt } from '../funds/funds.service.ts';
import type { Principal } from '../http/principal.ts';
import { addReport, createProject } from '../projects/projects.service.ts';

type DemoUsers = Map<string, { id: string; organisationId: string; roles: Role[] }>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const principalOf = (u: { id: string; organisationId: string; roles: Role[] }): Principal => ({
  kind: 'session',
  userId: u.id,
  id: u.id,
  organisationId: u.organisationId,
  roles: u.roles,
  secondFactor: 'none',
});
const limits = [
  { role: 'fund_manager' as const, limitUsd: '50000' },
  { role: 'admin' as const, limitUsd: '2000000' },
];

const FUNDS: CreateFund[] = [
  {
    code: 'DEMO-MEFM',
    name: '[Demo] Migrant Emergency Funding Mechanism',
    kind: 'emergency_revolving',
    currency: 'USD',
    approvalLimits: limits,
  },
  {
    code: 'DEMO-HASM',
    name: '[Demo] Humanitarian Assistance to Stranded Migrants',
    kind: 'stranded_migrant_assistance',
    currency: 'USD',
    approvalLimits: limits,
  },
  {
    code: 'DEMO-GAF',
    name: '[Demo] Global Assistance Fund for victims of trafficking',
    kind: 'trafficking_victim_assistance',
    currency: 'USD',
    approvalLimits: limits,
  },
  { code: 'DEMO-IDF', name: '[Demo] Development Fund', kind: 'development', currency: 'USD', approvalLimits: limits },
];

const partners = (impl: string, donor: string): CreateProject['partners'] => [
  { name: impl, type: 'National NGO', role: 'implementing' },
  { name: donor, type: 'Government', role: 'funding' },
];
const erbil = { pcode: 'IQG11', name: 'Erbil', adminLevel: 1 as const, parentPcode: null, parentName: null };
const duhok = { pcode: 'IQG09', name: 'Duhok', adminLevel: 1 as const, parentPcode: null, parentName: null };

/** The `n` calendar quarters that ended last before `now`, oldest first, as [start, end] dates. */
function lastQuarters(now: Date, n: number): [string, string][] {
  const out: [string, string][] = [];
  let y = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3); // the current quarter (0-3); the ones before it have ended
  for (let k = 0; k < n; k++) {
    q -= 1;
    if (q < 0) {
      q = 3;
      y -= 1;
    }
    const start = new Date(Date.UTC(y, q * 3, 1));
    const end = new Date(Date.UTC(y, q * 3 + 3, 0));
    out.unshift([start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)]);
  }
  return out;
}

/** Seeds the funds and projects story; returns how many requests were released. */
export async function seedDemoFunds(database: Database, users: DemoUsers, now: Date): Promise<number> {
  const managerUser = users.get('funds.irq@demo.corridor.invalid');
  const adminUser = users.get('admin.irq@demo.corridor.invalid');
  const requesterUser =
    users.get('operations.irq@demo.corridor.invalid') ?? users.get('caseworker.irq@demo.corridor.invalid');
  if (!managerUser || !adminUser || !requesterUser) return 0;
  const manager = principalOf(managerUser);
  const admin = principalOf(adminUser);
  const requester = principalOf(requesterUser);
  const at = (daysAgo: number, hours = 0) => new Date(now.getTime() - daysAgo * DAY + hours * HOUR);

  return database.db.transaction().execute(async (trx) => {
    const funds = [];
    for (const body of FUNDS) funds.push(await createFund(trx, manager, body, at(60)));
    const [mefm, hasm, gaf, idf] = funds as [
      (typeof funds)[number],
      (typeof funds)[number],
      (typeof funds)[number],
      (typeof funds)[number],
    ];
    const receipt = (
      kind: 'contribution' | 'pledge' | 'pledge_payment' | 'reimbursement',
      donor: string,
      amount: string,
    ) => ({
      kind,
      donor,
      donorCountry: null,
      amount,
      usdRate: '1',
      reference: null,
    });
    await postReceipt(trx, manager, mefm, receipt('contribution', '[Demo] Donor Government A', '1500000'), at(55));
    await postReceipt(trx, manager, mefm, receipt('pledge', '[Demo] Donor Government B', '750000'), at(50));
    await postReceipt(trx, manager, hasm, receipt('contribution', '[Demo] Donor Government B', '400000'), at(50));
    await postReceipt(trx, manager, gaf, receipt('contribution', '[Demo] Private Foundation', '250000'), at(45));
    await postReceipt(trx, manager, idf, receipt('contribution', '[Demo] Member States', '3000000'), at(58));

    // The demo crisis (seeded by the operations demo in the same office), when there is one.
    const crisis = await trx
      .selectFrom('crises')
      .select('id')
      .where('organisation_id', '=', requester.organisationId)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    const crisisId = crisis?.id ?? null;

    // Projects of every kind; the integration programme is funded by the development fund.
    const project = (o: Partial<CreateProject> & Pick<CreateProject, 'code' | 'title' | 'kind'>): CreateProject => ({
      status: 'ongoing',
      fundId: null,
      country: 'IRQ',
      sector: 'Protection',
      startDate: `${now.getUTCFullYear() - 1}-01-01`,
      endDate: `${now.getUTCFullYear()}-12-31`,
      budget: '500000',
      currency: 'USD',
      usdRate: '1',
      description: '',
      partners: partners('[Demo] Local NGO Partner', '[Demo] Donor Government A'),
      places: [erbil, duhok],
      targets: [{ indicator: 'people_reached', target: 5000 }],
      ...o,
    });
    const integration = await createProject(
      trx,
      manager,
      project({
        code: 'DEMO-INT-01',
        title: '[Demo] Integration of returnees in Erbil and Duhok',
        kind: 'integration',
        fundId: idf.id,
      }),
      at(40),
    );
    await createProject(
      trx,
      manager,
      project({
        code: 'DEMO-CB-01',
        title: '[Demo] Border management training with the government',
        kind: 'capacity_building',
        sector: 'Migration governance',
        budget: '300000',
      }),
      at(40),
    );
    await createProject(
      trx,
      manager,
      project({
        code: 'DEMO-IDF-01',
        title: '[Demo] Labour migration policy grant',
        kind: 'development_grant',
        fundId: idf.id,
        budget: '200000',
      }),
      at(40),
    );
    await createProject(
      trx,
      manager,
      project({
        code: 'DEMO-RCP-01',
        title: '[Demo] Regional consultative process secretariat',
        kind: 'regional_consultative_process',
        sector: 'Migration governance',
        budget: '150000',
        places: [erbil],
      }),
      at(40),
    );
    const quarters = lastQuarters(now, 2);
    for (const [i, [start, end]] of quarters.entries()) {
      for (const [j, place] of [erbil, duhok].entries()) {
        await addReport(
          trx,
          manager,
          integration,
          {
            periodStart: start,
            periodEnd: end,
            activity: 'Reintegration counselling',
            pcode: place.pcode,
            partner: '[Demo] Local NGO Partner',
            beneficiaryType: 'returnees',
            targeted: 600,
            reached: { women: 120 + 10 * i + j, men: 180 + 12 * i, girls: 60 + j, boys: 65 + i },
          },
          at(10),
        );
      }
    }

    // Money for the crisis: requested by the operations officer, approved and released by the fund manager.
    let released = 0;
    const evac = await createRequest(
      trx,
      requester,
      mefm,
      {
        purpose: '[Demo] Charter flight for the evacuation',
        recipient: '[Demo] Air charter broker',
        amount: '42000',
        usdRate: '1',
        crisisId,
        caseId: null,
        projectId: crisisId ? null : integration.id,
      },
      at(21),
    );
    await approveRequest(trx, database.engine, manager, evac.id, at(21, 3));
    await releaseRequest(trx, database.engine, manager, evac.id, at(21, 26));
    released++;
    // Above the manager's limit: a second approval by the office's administrator, then release.
    const shelter = await createRequest(
      trx,
      requester,
      hasm,
      {
        purpose: '[Demo] Transit shelter and food for stranded migrants',
        recipient: '[Demo] Reception partner',
        amount: '120000',
        usdRate: '1',
        crisisId,
        caseId: null,
        projectId: crisisId ? null : integration.id,
      },
      at(20),
    );
    await approveRequest(trx, database.engine, manager, shelter.id, at(20, 2));
    await approveRequest(trx, database.engine, admin, shelter.id, at(20, 20));
    await releaseRequest(trx, database.engine, manager, shelter.id, at(19, 4));
    released++;
    // The revolving fund is reimbursed when the donor's pledge is paid.
    await postReceipt(trx, manager, mefm, receipt('pledge_payment', '[Demo] Donor Government B', '42000'), at(5));
    await postReceipt(trx, manager, mefm, { ...receipt('reimbursement', '[Demo] Flash appeal', '42000') }, at(4));
    // One request still waiting, for the fund manager to act on in the demo.
    await createRequest(
      trx,
      requester,
      gaf,
      {
        purpose: '[Demo] Medical care and safe accommodation',
        recipient: '[Demo] Protection partner',
        amount: '8500',
        usdRate: '1',
        crisisId: null,
        caseId: null,
        projectId: integration.id,
      },
      at(1),
    );
    return released;
  });
}
