// Issue #7 done-when, the money side: "a fund manager releases money for the crisis and the time to release is
// shown", in a real browser (Debian's chromium via playwright-core) against the real server on a fresh embedded
// database with the demo data (../src/demo/demo.funds.ts). The demo fund manager sees this year's time to release,
// approves the request still waiting and releases it; the requests list then shows it released with its time to
// release; the page reads right to left in Arabic. Needs the built web app (`npm run build`). Skipped, saying why,
// without chromium unless CORRIDOR_REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium, signInFirstTime, startDemoServer, unstyledButtons } from './browser-support.mjs';

const root = new URL('../../../', import.meta.url).pathname;

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 20_000;
const WEB_DIST = path.join(root, 'apps/web/dist/index.html');
const skip =
  !fs.existsSync(CHROMIUM) && process.env.CORRIDOR_REQUIRE_BROWSER !== '1'
    ? `${CHROMIUM} is not installed (apt install chromium), and CORRIDOR_REQUIRE_BROWSER is not 1`
    : !fs.existsSync(WEB_DIST)
      ? 'the web app is not built (npm run build)'
      : false;

test('a fund manager releases money for the crisis and sees the time to release', {
  skip,
  timeout: 240_000,
}, async (t) => {
  const { server, dir, url, creds } = await startDemoServer('corridor-funds-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const page = await (await browser.newContext({ locale: 'en-GB', acceptDownloads: true })).newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    t.diagnostic('the demo fund manager signs in (second factor) and opens Funds');
    await signInFirstTime(page, url, creds['funds.irq'], TIMEOUT);
    await page.getByTestId('nav-funds').click();
    await page.getByTestId('funds-title').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('time-to-release').waitFor({ timeout: TIMEOUT });
    assert.match((await page.getByTestId('time-to-release').textContent()) ?? '', /median: 27 h/);
    // The fund list loads on its own: wait for its rows before counting them.
    await page.getByTestId('fund-list').locator('tbody tr').nth(3).waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('fund-list').locator('tbody tr').count(), 4);
    // Disbursed money under Disbursed; advances outstanding in a column of their own, for the revolving fund only.
    assert.ok((await page.getByTestId('fund-list').locator('thead').textContent())?.includes('Advances outstanding'));
    assert.equal(await page.getByTestId('fund-list').getByTestId('fund-advances').filter({ hasText: '–' }).count(), 3);
    assert.deepEqual(await unstyledButtons(page), [], 'every button of the funds page has the app’s button style');
    // A refused form names its fields by the labels the person sees, never by the API's names.
    const fundForm = page.getByTestId('fund-form');
    await fundForm.locator('input[name="code"]').fill('bad code!');
    await fundForm.locator('input[name="name"]').fill('x'.repeat(201));
    await fundForm.locator('button[type="submit"]').click();
    const listed = fundForm.locator('.problem li');
    await listed.first().waitFor({ timeout: TIMEOUT });
    const named = await listed.allTextContents();
    assert.ok(
      named.some((l) => l.startsWith('Code:')),
      `the code is named by its label: ${named.join(' | ')}`,
    );
    assert.ok(!named.some((l) => /^(code|name):/.test(l)), named.join(' | '));
    await fundForm.locator('input[name="code"]').fill('');
    await fundForm.locator('input[name="name"]').fill('');

    t.diagnostic('the waiting request: approve, then release; it shows as released with its time to release');
    const waiting = page.getByTestId('request-row').filter({ hasText: 'Awaiting approval' }).first();
    // Rejecting asks for the reason on the request's own row (the field takes the focus; no reason, no rejection).
    await waiting.getByTestId('request-reject').click();
    const rejectForm = waiting.getByTestId('request-reject-form');
    await rejectForm.waitFor({ timeout: TIMEOUT });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'reason');
    assert.equal(await rejectForm.getByRole('button', { name: 'Reject' }).isDisabled(), true);
    await rejectForm.getByRole('button', { name: 'Cancel' }).click();
    await waiting.getByTestId('request-approve').click();
    const approved = page.getByTestId('request-row').filter({ hasText: 'Approved' }).first();
    await approved.getByTestId('request-release').click({ timeout: TIMEOUT });
    const released = page.getByTestId('request-row').filter({ hasText: 'Medical care and safe accommodation' });
    await released.getByTestId('request-status').filter({ hasText: 'Released' }).waitFor({ timeout: TIMEOUT });
    assert.match((await released.getByTestId('request-release-time').textContent()) ?? '', /\d+(\.\d)? h/);
    const times = await page.getByTestId('request-release-time').allTextContents();
    assert.ok(times.includes('26 h') && times.includes('28 h'), `times shown: ${times.join(', ')}`);

    t.diagnostic('the fund opens with its balances and journal');
    await page.getByTestId('fund-open').first().click();
    await page.getByTestId('fund-ledger').waitFor({ timeout: TIMEOUT });

    t.diagnostic('asks the fund for money for a project picked by its code, then exports the requests as CSV');
    const ask = page.getByTestId('request-form');
    await ask.locator('input[name="purpose"]').fill('E2E transport to the transit centre');
    await ask.locator('input[name="recipient"]').fill('E2E Partner');
    await ask.locator('input[name="reqAmount"]').fill('250');
    await ask.locator('input[name="reqRate"]').fill('1');
    // Without what the money is for, the refusal is shown in the request's own form, and says what to choose.
    await ask.getByTestId('request-send').click();
    await ask.locator('.problem').waitFor({ timeout: TIMEOUT });
    assert.match((await ask.locator('.problem').textContent()) ?? '', /Choose a crisis, a case or a project\./);
    assert.equal(await ask.locator('input[name="purpose"]').inputValue(), 'E2E transport to the transit centre');
    await ask.getByTestId('picker-projectId').getByRole('combobox').focus();
    await ask.getByTestId('picker-projectId-option').first().click({ timeout: TIMEOUT });
    await ask.getByTestId('picker-projectId-chosen').waitFor({ timeout: TIMEOUT });
    await ask.getByTestId('request-send').click();
    await page
      .getByTestId('request-row')
      .filter({ hasText: 'E2E transport to the transit centre' })
      .waitFor({ timeout: TIMEOUT });
    // Once sent, the whole form starts again: the project chosen is cleared too.
    await ask.getByTestId('picker-projectId-chosen').waitFor({ state: 'detached', timeout: TIMEOUT });
    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-fund-requests-csv').click(),
    ]);
    const table = fs.readFileSync(await exported.path(), 'utf8');
    assert.match(table, /approval_state/);
    assert.match(table, /E2E transport to the transit centre/);
    assert.match(table, /awaiting approval/);

    t.diagnostic('a request for more than the fund has available says so beside its amount');
    await ask.locator('input[name="purpose"]').fill('E2E more than there is');
    await ask.locator('input[name="recipient"]').fill('E2E Partner');
    await ask.locator('input[name="reqAmount"]').fill('900000000');
    await ask.getByTestId('picker-projectId').getByRole('combobox').focus();
    await ask.getByTestId('picker-projectId-option').first().click({ timeout: TIMEOUT });
    await ask.getByTestId('request-send').click();
    const tooMuch = page.getByTestId('request-row').filter({ hasText: 'E2E more than there is' });
    await tooMuch.getByTestId('request-above-available').waitFor({ timeout: TIMEOUT });
    assert.match(
      (await tooMuch.getByTestId('request-above-available').textContent()) ?? '',
      /^More than the fund has available \(\$?[\d,.]+.*\): the final approval will be refused/,
    );
    const fitting = page.getByTestId('request-row').filter({ hasText: 'E2E transport to the transit centre' });
    assert.equal(await fitting.getByTestId('request-above-available').count(), 0, 'a request that fits says nothing');

    t.diagnostic('in French an amount is typed the French way ("1 000,5")');
    await page.getByTestId('language').selectOption('fr');
    await ask.locator('input[name="purpose"]').fill('E2E interprétation');
    await ask.locator('input[name="recipient"]').fill('E2E Partenaire');
    await ask.locator('input[name="reqAmount"]').fill('1 000,5');
    await ask.getByTestId('picker-projectId').getByRole('combobox').focus();
    await ask.getByTestId('picker-projectId-option').first().click({ timeout: TIMEOUT });
    await ask.getByTestId('request-send').click();
    const french = page.getByTestId('request-row').filter({ hasText: 'E2E interprétation' });
    await french.waitFor({ timeout: TIMEOUT });
    // The amount, and its US-dollar equivalent with its cents too.
    assert.match((await french.textContent()) ?? '', /1\s000,50\s\$US.*1\s000,50\s\$US/);

    t.diagnostic('in Arabic the page reads right to left');
    await page.getByTestId('language').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: TIMEOUT });
    await page.getByRole('heading', { name: 'الصناديق', level: 1 }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
});
