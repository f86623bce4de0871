// The funds page's pure parts: US-dollar equivalents keep their cents in every language, Approve is offered only
// when the server would accept it, "Show more" reads pages through the `next` cursor, and an amount above the
// largest Corridor records is worded with that maximum.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateFundRequest, type Role } from '@corridor/contracts';
import { validate } from '../admin/validate.ts';
import { wordedIssue } from '../api/issue-words.ts';
import { approvalBar, cents, type Page, readPages, usd } from './fund-view.ts';

/** Spaces as the language writes them (a French group separator is a narrow no-break space) made plain. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

test('a US-dollar equivalent keeps its cents, as the language writes money', () => {
  assert.equal(usd('60000.5', 'en'), '$60,000.50');
  assert.equal(plain(usd('60000.5', 'fr')), '60 000,50 $US');
  assert.equal(plain(usd('60000.50', 'es')), '60.000,50 US$');
  assert.match(usd('60000.5', 'ar'), /٫٥٠|\.50/);
  assert.equal(usd('7', 'en'), '$7.00');
  assert.equal(cents('9999999999999.99'), 999_999_999_999_999);
  assert.equal(cents('12.5'), 1250);
});

test('Approve is offered only when the server would accept it', () => {
  const fund = {
    approvalLimits: [
      { role: 'fund_manager' as Role, limitUsd: '10000.00' },
      { role: 'admin' as Role, limitUsd: '1000000.00' },
    ],
  };
  const manager = { id: 'm1', roles: ['fund_manager'] as Role[] };
  const admin = { id: 'a1', roles: ['admin'] as Role[] };
  const supervisor = { id: 's1', roles: ['supervisor'] as Role[] };
  const waiting = { status: 'requested' as const, amountUsd: '200000.00', approvals: [] };
  // Above the manager's limit, their approval is the first of two: accepted.
  assert.equal(approvalBar(waiting, fund, manager), null);
  assert.equal(approvalBar(waiting, fund, supervisor), 'noLimit', 'no limit for the fund: always refused');
  const second = {
    status: 'awaiting_second_approval' as const,
    amountUsd: '200000.00',
    approvals: [{ userId: 'm1', role: 'fund_manager' as Role, at: '2026-01-01T00:00:00.000Z' }],
  };
  assert.equal(approvalBar(second, fund, manager), 'alreadyApproved');
  assert.equal(approvalBar(second, fund, { id: 'm2', roles: ['fund_manager'] }), 'belowAmount');
  assert.equal(approvalBar(second, fund, admin), null);
  // The highest limit among the caller's roles counts, compared in cents.
  assert.equal(approvalBar({ ...second, amountUsd: '10000.00' }, fund, { id: 'm2', roles: ['fund_manager'] }), null);
  assert.equal(
    approvalBar({ ...second, amountUsd: '10000.01' }, fund, { id: 'x', roles: ['fund_manager', 'admin'] }),
    null,
  );
});

test('"Show more": pages are read through each next cursor, as many as are shown', async () => {
  const all = Array.from({ length: 5 }, (_, i) => i);
  const asked: (string | null)[] = [];
  const pageAt = async (cursor: string | null): Promise<Page<number>> => {
    asked.push(cursor);
    const from = cursor === null ? 0 : Number(cursor);
    return { items: all.slice(from, from + 2), next: from + 2 < all.length ? String(from + 2) : null };
  };
  assert.deepEqual(await readPages(pageAt, 1), { items: [0, 1], next: '2' });
  assert.deepEqual(await readPages(pageAt, 2), { items: [0, 1, 2, 3], next: '4' });
  asked.length = 0;
  assert.deepEqual(await readPages(pageAt, 9), { items: [0, 1, 2, 3, 4], next: null });
  assert.deepEqual(asked, [null, '2', '4'], 'stops at the end of the list');
});

test('an amount above the largest Corridor records is worded as too big, with that maximum', () => {
  const checked = validate(CreateFundRequest, {
    purpose: 'Shelter',
    recipient: 'Partner',
    amount: '10000000000000.00',
    usdRate: '1',
    crisisId: '6f1d3c1e-4b8a-4c7e-9a52-1f0e3d2c1b0a',
  });
  assert.equal(checked.ok, false);
  const issues = checked.ok ? [] : (checked.problem.errors ?? []);
  assert.deepEqual(
    issues.map((e) => [e.pointer, wordedIssue({ code: e.code, message: e.message, params: e.params })]),
    [['/amount', { key: 'atMostNumber', values: { n: '9999999999999.99' } }]],
  );
});
