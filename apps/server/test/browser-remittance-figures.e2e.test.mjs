// The analyst's remittance prices page (SDG 10.c.1) in a real browser against the demo server: quarters, amounts
// and corridors are written in the interface's language (not as the RPW codes "2026_3Q", "USD 200", "LBN-SYR"),
// in English and in French, and on a phone the wide table scrolls in its own box, not the page. A quote for a quarter
// still to come is refused, the problem shown under the quarter's field in the interface's language.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { browserSkip, launchChromium, root, sidewaysOverflow, signIn, startDemoServer } from './browser-support.mjs';

const TIMEOUT = 20_000;
const skip =
  browserSkip ||
  (!fs.existsSync(path.join(root, 'apps/web/dist/index.html')) ? 'the web app is not built (npm run build)' : false);

test('remittance prices are written in the interface’s language', { skip, timeout: 180_000 }, async (t) => {
  const { server, dir, url, creds } = await startDemoServer('corridor-remit-figures-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signIn(page, url, creds['analyst.irq']);
    await page.getByTestId('nav-remittances').click();
    const corridors = page.getByTestId('remit-corridors');
    await corridors.waitFor({ timeout: TIMEOUT });

    t.diagnostic('English: quarters as Q3 2026, amounts as $200, corridors by country names');
    const heading = (await page.locator('h3', { hasText: 'Corridor' }).first().textContent()) ?? '';
    assert.match(heading, /^Q[1-4] \d{4}: /, heading);
    const head = (await corridors.locator('thead').textContent()) ?? '';
    assert.ok(head.includes('$200') && head.includes('$500'), head);
    assert.ok(!/USD \d/.test(head), head);
    // (The quarter filter's hint shows the code to type, "2026_1Q"; the figures do not.)
    const body = [
      ...(await page.locator('main table').allTextContents()),
      ...(await page.locator('main h3, main li').allTextContents()),
    ].join('\n');
    assert.ok(!/\d{4}_[1-4]Q/.test(body), body);
    assert.ok(!/\b[A-Z]{3}-[A-Z]{3}\b/.test(body), 'no corridor is shown as two country codes');

    t.diagnostic('a quote for a quarter still to come: the problem is said under the quarter field');
    await page.getByText('Record a quote').click();
    const form = page.getByTestId('remit-quote-form');
    const quarter = form.getByLabel('Quarter (e.g. 2026_1Q)');
    await quarter.fill('2030_1Q');
    await form.getByLabel('Sending country').selectOption('ARE');
    await form.getByLabel('Receiving country').selectOption('BGD');
    await form.getByLabel('Provider', { exact: true }).fill('Future Remit');
    await form.getByLabel('Kind of provider').fill('Money Transfer Operator');
    await form.getByLabel('How the sender pays').fill('Cash');
    await form.getByLabel('How the receiver collects').fill('Cash pickup');
    await form.getByLabel('USD 200 in the sending currency').fill('734.5');
    await form.getByLabel('Fee (sending currency)').fill('7.345');
    await form.getByLabel('FX margin (%)').fill('0.5');
    await form.getByRole('button', { name: 'Save the quote' }).click();
    await form.locator('input[name="period"][aria-invalid="true"]').waitFor({ timeout: TIMEOUT });
    const periodIssue = form.locator('input[name="period"] ~ .field-issues');
    assert.equal((await periodIssue.textContent())?.trim(), 'Must not be in the future.');
    assert.ok(!((await form.locator('.form-status').textContent()) ?? '').includes('period'), 'no API path');

    await page.getByTestId('language').selectOption('fr');
    await page
      .locator('h3', { hasText: /^T[1-4] \d{4}\u00a0: / })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const headFr = (await corridors.locator('thead').textContent()) ?? '';
    assert.match(headFr, /200\s\$US/, headFr);
    assert.equal((await periodIssue.textContent())?.trim(), 'Ne doit pas être dans le futur.');

    t.diagnostic('on a phone the table scrolls in its own box');
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await sidewaysOverflow(page), 0);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
