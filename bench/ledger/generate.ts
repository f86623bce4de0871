// A generated ledger shaped as the server writes it: per fund, contributions and pledges come in, requests are
// committed and disbursed (advances, as in a revolving fund) and some reimbursed; each entry has a debit and a
// credit line with the account's running balance after it, and no balance ever goes below zero.
import { randomUUID } from 'node:crypto';

const CODES = ['available', 'committed', 'pledges', 'advances', 'contributions', 'disbursed'] as const;
type Code = (typeof CODES)[number];
const SIDE: Record<Code, 1 | -1> = {
  available: 1,
  committed: 1,
  pledges: 1,
  advances: 1,
  contributions: -1,
  disbursed: 1,
};

export type GeneratedLedger = {
  from: number;
  to: number;
  funds: {
    id: string;
    code: string;
    accounts: {
      id: string;
      fund_id: string;
      code: string;
      normal_side: number;
      balance_minor: number;
      line_count: number;
      last_posted_at: string | null;
    }[];
  }[];
  entries: { id: string; fundId: string; kind: string; amount: number; at: string }[];
  lines: { accountId: string; lineNo: number; entryId: string; amount: number; balanceAfter: number; at: string }[];
};

/** N entries over F funds, two years from 2025-01-01, in time order; deterministic amounts from a small LCG. */
export function generateLedger(n: number, fundCount: number): GeneratedLedger {
  const from = Date.parse('2025-01-01T00:00:00.000Z');
  const to = Date.parse('2026-12-31T23:59:59.000Z');
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const funds = Array.from({ length: fundCount }, (_, i) => {
    const id = randomUUID();
    const accounts = CODES.map((code) => ({
      id: randomUUID(),
      fund_id: id,
      code,
      normal_side: SIDE[code],
      balance_minor: 0,
      line_count: 0,
      last_posted_at: null as string | null,
    }));
    return {
      id,
      code: `BENCH-${i + 1}`,
      accounts,
      byCode: Object.fromEntries(accounts.map((a) => [a.code, a])) as Record<Code, (typeof accounts)[number]>,
    };
  });
  const entries: GeneratedLedger['entries'] = [];
  const lines: GeneratedLedger['lines'] = [];
  const step = (to - from) / n;
  for (let i = 0; i < n; i++) {
    const f = funds[i % fundCount]!;
    const at = new Date(from + Math.floor(i * step)).toISOString();
    const a = f.byCode;
    const r = rand();
    const amount = 100 + Math.floor(rand() * 500_000);
    let kind: string;
    let debit: Code;
    let credit: Code;
    if (r < 0.2 || a.available.balance_minor < amount)
      [kind, debit, credit] = ['contribution', 'available', 'contributions'];
    else if (r < 0.3) [kind, debit, credit] = ['pledge', 'pledges', 'contributions'];
    else if (r < 0.4 && a.pledges.balance_minor >= amount)
      [kind, debit, credit] = ['pledge_payment', 'available', 'pledges'];
    else if (r < 0.7) [kind, debit, credit] = ['commitment', 'committed', 'available'];
    else if (r < 0.9 && a.committed.balance_minor >= amount)
      [kind, debit, credit] = ['disbursement', 'advances', 'committed'];
    else if (a.advances.balance_minor >= amount) [kind, debit, credit] = ['reimbursement', 'available', 'advances'];
    else [kind, debit, credit] = ['contribution', 'available', 'contributions'];
    const id = randomUUID();
    entries.push({ id, fundId: f.id, kind, amount, at });
    for (const [code, signed] of [
      [debit, amount],
      [credit, -amount],
    ] as const) {
      const acc = a[code];
      acc.balance_minor += acc.normal_side * signed;
      acc.line_count += 1;
      acc.last_posted_at = at;
      if (acc.balance_minor < 0) throw new Error('generator bug: negative balance');
      lines.push({
        accountId: acc.id,
        lineNo: acc.line_count,
        entryId: id,
        amount: signed,
        balanceAfter: acc.balance_minor,
        at,
      });
    }
  }
  return { from, to, funds: funds.map(({ byCode: _b, ...rest }) => rest), entries, lines };
}
