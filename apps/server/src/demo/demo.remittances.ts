// Demo remittance prices and recruitment-cost surveys (clearly demo: invented firms, "[Demo]" in every name). Six
// quarters of RPW-format quotes for a few real corridors, at cost levels near their published averages, and
// recruitment-cost survey answers for three labour corridors. They go through the same import services as a file.
import { RecruitmentCostInput, type Role } from '@corridor/contracts';
import type { Database } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { importQuotes, importResponses } from '../remittances/remittances.service.ts';

type DemoUsers = Map<string, { id: string; organisationId: string; roles: Role[] }>;

/** A small deterministic generator (mulberry32), so the demo is the same on every install. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Corridors: sending, receiving, USD 200 in the sending currency, and the level the costs sit around (%). */
const CORRIDORS: { from: string; to: string; lcuPer200: number; level: number }[] = [
  { from: 'ARE', to: 'BGD', lcuPer200: 734.6, level: 2.6 },
  { from: 'ARE', to: 'PHL', lcuPer200: 734.6, level: 2.4 },
  { from: 'SAU', to: 'PAK', lcuPer200: 750, level: 2.9 },
  { from: 'USA', to: 'JAM', lcuPer200: 200, level: 6.2 },
  { from: 'USA', to: 'MEX', lcuPer200: 200, level: 4.1 },
  { from: 'GBR', to: 'NGA', lcuPer200: 158, level: 5.4 },
  { from: 'LBN', to: 'SYR', lcuPer200: 200, level: 7.5 },
];

const FIRMS: { name: string; type: string; pay: string; collect: string; speed: string; feeShare: number }[] = [
  {
    name: '[Demo] SwiftHome Money Transfer',
    type: 'Money Transfer Operator',
    pay: 'Cash',
    collect: 'Cash pickup',
    speed: 'Less than one hour',
    feeShare: 0.7,
  },
  {
    name: '[Demo] Crescent Exchange House',
    type: 'Money Transfer Operator',
    pay: 'Cash',
    collect: 'Bank account',
    speed: 'Same day',
    feeShare: 0.5,
  },
  {
    name: '[Demo] Harbour Commercial Bank',
    type: 'Bank',
    pay: 'Bank account',
    collect: 'Bank account',
    speed: '3-5 days',
    feeShare: 0.8,
  },
  {
    name: '[Demo] PocketSend mobile',
    type: 'Mobile operator',
    pay: 'Debit card',
    collect: 'Mobile wallet',
    speed: 'Less than one hour',
    feeShare: 0.4,
  },
  {
    name: '[Demo] National Post remittances',
    type: 'Post office',
    pay: 'Cash',
    collect: 'Cash pickup',
    speed: '6 days or more',
    feeShare: 0.9,
  },
  {
    name: '[Demo] BlueLine online',
    type: 'Money Transfer Operator',
    pay: 'Debit card',
    collect: 'Bank account',
    speed: 'Next day',
    feeShare: 0.3,
  },
];

/** The `count` quarters before the one `now` is in, oldest first, as RPW writes them (2026_2Q). */
function pastQuarters(now: Date, count: number): string[] {
  let y = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
    out.unshift(`${y}_${q}Q`);
  }
  return out;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** The demo price file: every corridor, six quarters, the firms that serve it, costs drifting down over time. */
export function demoPriceCsv(now: Date): string {
  const rand = rng(10_3);
  const quarters = pastQuarters(now, 6);
  const lines = [
    'period,source_code,destination_code,firm,firm_type,payment instrument,access point,speed actual,cc1 lcu amount,cc1 lcu fee,cc1 fx margin,cc2 lcu amount,cc2 lcu fee,cc2 fx margin',
  ];
  for (const c of CORRIDORS)
    quarters.forEach((period, qi) => {
      const drift = 1 - 0.03 * qi;
      for (const f of FIRMS) {
        if (rand() < 0.15) continue; // not every firm is priced every quarter
        const cost = c.level * drift * (0.45 + rand() * 1.1) * (f.type === 'Bank' ? 1.4 : 1);
        const fee = r2((cost * f.feeShare * c.lcuPer200) / 100);
        const margin = r2(cost * (1 - f.feeShare));
        lines.push(
          [
            period,
            c.from,
            c.to,
            f.name,
            f.type,
            f.pay,
            f.collect,
            f.speed,
            c.lcuPer200,
            fee,
            margin,
            r2(c.lcuPer200 * 2.5),
            fee,
            margin,
          ].join(','),
        );
      }
    });
  return `${lines.join('\n')}\n`;
}

/** Demo survey answers: what workers paid to be recruited and earned in their first month. */
export function demoSurveyCsv(): string {
  const rand = rng(10_71);
  const lines = [
    'survey,respondent ref,origin code,destination code,survey year,sector,costs paid,costs currency,costs usd rate,monthly earnings,earnings currency,earnings usd rate',
  ];
  const corridors = [
    { from: 'BGD', to: 'ARE', cur: 'BDT', rate: 119.5, costUsd: 3200, earn: 'AED', erate: 3.6725, earnUsd: 330 },
    { from: 'NPL', to: 'QAT', cur: 'NPR', rate: 133.2, costUsd: 1100, earn: 'QAR', erate: 3.64, earnUsd: 360 },
    { from: 'PHL', to: 'SAU', cur: 'PHP', rate: 56.1, costUsd: 350, earn: 'SAR', erate: 3.75, earnUsd: 420 },
  ];
  for (const c of corridors)
    for (let i = 1; i <= 12; i++) {
      const paid = rand() < 0.2 ? 0 : Math.round(c.costUsd * (0.4 + rand() * 1.2) * c.rate);
      const earned = Math.round(c.earnUsd * (0.8 + rand() * 0.5) * c.erate);
      lines.push(
        [
          '[Demo] labour migration cost survey 2025',
          `${c.from}-${i}`,
          c.from,
          c.to,
          2025,
          i % 2 ? 'Construction' : 'Domestic work',
          paid,
          c.cur,
          c.rate,
          earned,
          c.earn,
          c.erate,
        ].join(','),
      );
    }
  return `${lines.join('\n')}\n`;
}

/** Seeds the demo prices and surveys as the demo analyst of the Bureau of Overseas Employment. */
export async function seedDemoRemittances(database: Database, users: DemoUsers, now: Date) {
  const u = users.get('analyst.lbn@demo.corridor.invalid');
  if (!u) return { quotes: 0, surveyResponses: 0 };
  const p: Principal = {
    kind: 'session',
    userId: u.id,
    id: u.id,
    organisationId: u.organisationId,
    roles: u.roles,
    secondFactor: 'none',
  };
  const limits = { maxBytes: 10_000_000, maxRows: 100_000 };
  return database.db.transaction().execute(async (trx) => {
    const prices = await importQuotes(
      trx,
      p,
      { format: 'csv', data: Buffer.from(demoPriceCsv(now)), validateOnly: false },
      limits,
      now,
    );
    const surveys = await importResponses(
      trx,
      p,
      { format: 'csv', data: Buffer.from(demoSurveyCsv()), validateOnly: false },
      limits,
      now,
      RecruitmentCostInput,
    );
    return { quotes: prices.created, surveyResponses: surveys.created };
  });
}
