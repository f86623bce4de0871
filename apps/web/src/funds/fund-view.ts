// What the funds page shows, worked out without React (pure, unit-tested): amounts as money in the page's language,
// whether the caller's approval of a request would be accepted (as the server decides it: funds.requests.ts
// approveRequest), and a list read page by page through the API's `next` cursor.
import type { Fund, FundRequest, Role } from '@corridor/contracts';
import { formatNumber } from '../i18n/format.ts';

/** A money string ("1500.00") in the page's language, with its currency ("$1,500.00", "1 500,00 $US"). */
export function money(amount: string, currency: string, lng: string): string {
  // As the language writes an amount in that currency, with the currency's decimals (so cents are never dropped);
  // the code when Intl has no such currency.
  try {
    return new Intl.NumberFormat(lng, { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${formatNumber(Number(amount), lng)} ${currency}`;
  }
}

/** A US-dollar equivalent ("60000.50") as the language writes dollars ("US$60,000.50", "60 000,50 $US"). */
export const usd = (amount: string, lng: string): string => money(amount, 'USD', lng);

/** A money string as whole cents, for comparing amounts exactly (at most 9,999,999,999,999.99: a safe integer). */
export function cents(amount: string): number {
  const [whole = '0', frac = ''] = amount.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
}

/**
 * Why the caller may not approve a waiting request that is not theirs, or null when the server would accept their
 * approval: they gave its first approval already, they hold no approval limit for the fund, or (for the second
 * approval) their limit does not cover the whole amount. A first approval within a lower limit is accepted: it
 * asks for a second.
 */
export type ApprovalBar = 'alreadyApproved' | 'noLimit' | 'belowAmount';

export function approvalBar(
  request: Pick<FundRequest, 'status' | 'amountUsd' | 'approvals'>,
  fund: Pick<Fund, 'approvalLimits'>,
  user: { id: string; roles: readonly Role[] },
): ApprovalBar | null {
  if (request.approvals.some((a) => a.userId === user.id)) return 'alreadyApproved';
  const mine = fund.approvalLimits.filter((l) => user.roles.includes(l.role)).map((l) => cents(l.limitUsd));
  if (mine.length === 0) return 'noLimit';
  if (request.status === 'awaiting_second_approval' && Math.max(...mine) < cents(request.amountUsd))
    return 'belowAmount';
  return null;
}

/** One page of a list as the API answers it. */
export type Page<T> = { items: T[]; next: string | null };

/**
 * The first `pages` pages of a list, read one after the other through each page's `next` cursor (fewer when the
 * list ends first): what a list shows after "Show more" was pressed `pages - 1` times, read again afresh.
 */
export async function readPages<T>(
  pageAt: (cursor: string | null) => Promise<Page<T>>,
  pages: number,
): Promise<Page<T>> {
  let page = await pageAt(null);
  const items = [...page.items];
  for (let n = 1; n < pages && page.next; n++) {
    page = await pageAt(page.next);
    items.push(...page.items);
  }
  return { items, next: page.next };
}
