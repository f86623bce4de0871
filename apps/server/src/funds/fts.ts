// Funding flows in the shape of OCHA's Financial Tracking Service public API (/v1/public/fts/flow): money into a
// fund (pledges, contributions) are incoming flows from the donor to the organisation; releases are outgoing
// flows from the fund to the recipient, with the emergency (crisis) and the usage year as destination objects.
import type { FtsFlow } from '@corridor/contracts';
import type { FundEntryRow, FundRow } from './funds.table.ts';

/** The destination of money paid out on a request for money, whose recipient is not published. */
export const WITHHELD_RECIPIENT = 'Recipient of assistance (withheld)';

const STATUS: Record<string, FtsFlow['status'] | undefined> = {
  pledge: 'pledge',
  contribution: 'paid',
  pledge_payment: 'paid',
  reimbursement: 'paid',
  commitment: 'commitment',
  disbursement: 'paid',
};

/** The FTS flows of a fund's journal (decommitments are left out: FTS records the commitment's new version). */
export function ftsFlows(
  org: { id: string; name: string },
  fund: FundRow,
  entries: (FundEntryRow & { crisis_id?: string | null; crisis_name?: string | null })[],
): FtsFlow[] {
  const flows: FtsFlow[] = [];
  for (const e of entries) {
    const status = STATUS[e.kind];
    if (!status) continue;
    const incoming = ['pledge', 'contribution', 'pledge_payment', 'reimbursement'].includes(e.kind);
    const year = e.posted_at.slice(0, 4);
    const fundObject = { type: 'Organization', id: org.id, name: `${org.name} — ${fund.name}`, behavior: 'single' };
    // A request's recipient is free text that may name a person: published as withheld.
    const other = e.request_id
      ? { type: 'Organization', id: 'recipient:withheld', name: WITHHELD_RECIPIENT, behavior: 'single' }
      : { type: 'Organization', id: `counterparty:${e.counterparty}`, name: e.counterparty, behavior: 'single' };
    const usage = { type: 'UsageYear', id: year, name: year, behavior: 'single' };
    const emergency = e.crisis_id
      ? [{ type: 'Emergency', id: e.crisis_id, name: e.crisis_name ?? e.crisis_id, behavior: 'single' }]
      : [];
    flows.push({
      id: e.id,
      versionId: 1,
      amountUSD: Number(e.amount_usd_minor) / 100,
      originalAmount: Number(e.amount_minor) / 100,
      originalCurrency: e.currency,
      // FTS's exchangeRate is original currency per USD.
      exchangeRate: Number((1 / Number(e.usd_rate)).toFixed(6)),
      status,
      flowType: 'Standard',
      contributionType: 'financial',
      date: `${e.posted_at.slice(0, 10)}T00:00:00Z`,
      decisionDate: e.kind === 'commitment' || e.kind === 'pledge' ? `${e.posted_at.slice(0, 10)}T00:00:00Z` : null,
      boundary: incoming ? 'incoming' : 'outgoing',
      onBoundary: 'single',
      newMoney: incoming && e.kind !== 'pledge_payment',
      parentFlowId: null,
      childFlowIds: null,
      sourceObjects: incoming ? [other, usage] : [fundObject, usage],
      destinationObjects: incoming ? [fundObject, usage] : [other, ...emergency, usage],
      reportDetails: [
        { sourceType: 'Primary', organization: org.name, reportChannel: 'Corridor', date: e.posted_at.slice(0, 10) },
      ],
    });
  }
  return flows;
}
