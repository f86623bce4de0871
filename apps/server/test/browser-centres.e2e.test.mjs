// Issue #6, visa assistance centres, the officer's side in a real browser (Debian's chromium via playwright-core)
// against the real server on a fresh embedded database with the demo centres: the Erbil supervisor opens the centre,
// books a slot for a migrant known by contact details (not without a name), sees them in the day view (no check-in
// before their day), cancels, and reads the throughput of the past fortnight; an analyst of the same organisation
// sees the figures but not the day's people; the page reads right to left in Arabic. Needs the built web app
// (`npm run build`). Skipped, saying why, without chromium unless CORRIDOR_REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium, startDemoServer } from './browser-support.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const require = createRequire(path.join(root, 'package.json'));
const OTPAuth = require('otpauth');

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 20_000;
const WEB_DIST = path.join(root, 'apps/web/dist/index.html');
const skip =
  !fs.existsSync(CHROMIUM) && process.env.CORRIDOR_REQUIRE_BROWSER !== '1'
    ? `${CHROMIUM} is not installed (apt install chromium), and CORRIDOR_REQUIRE_BROWSER is not 1`
    : !fs.existsSync(WEB_DIST)
      ? 'the web app is not built (npm run build)'
      : false;

const startServer = () => startDemoServer('corridor-centres-');

async function signInFirstTime(page, url, { email, password }) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  const secretEl = page.getByTestId('totp-secret');
  // Roles without case data (analysts) need no second factor: they land on the home page at once.
  await secretEl.or(page.getByTestId('home-title')).waitFor({ timeout: TIMEOUT });
  if (!(await secretEl.isVisible())) return;
  const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
  await page.fill('input[name="code"]', new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
  await page.click('button[type="submit"]');
  await page.getByTestId('recovery-codes-saved').click({ timeout: TIMEOUT });
  await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
}

/** The next day the demo Erbil centre is open (Sunday to Thursday in Baghdad), skipping its demo holiday. */
function nextOpenDay() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baghdad' }).format(new Date());
  for (let n = 1; n < 10; n++) {
    if (n === 3) continue;
    const d = new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000);
    if (d.getUTCDay() <= 4) return d.toISOString().slice(0, 10);
  }
  throw new Error('no open day');
}

test('a centre supervisor books, sees and cancels an appointment; the analyst reads the figures', {
  skip,
  timeout: 240_000,
}, async (t) => {
  const { server, dir, url, creds } = await startServer();
  const browser = await launchChromium();
  const problems = [];
  try {
    const sup = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    sup.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    sup.on('request', (r) => {
      if (/Shirin|7505550199/.test(decodeURIComponent(r.url()))) problems.push(`personal data in a URL: ${r.url()}`);
    });
    await signInFirstTime(sup, url, creds['supervisor.irq']);

    t.diagnostic('the supervisor opens Centres and the Erbil centre');
    await sup.getByTestId('nav-centres').click();
    await sup.getByTestId('centre-list').waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('centre-row').count(), 2, 'the two Iraqi demo centres, not Juba');
    await sup.getByRole('link', { name: '[Demo] Erbil Visa Assistance Centre' }).click();
    await sup.getByTestId('centre-title').waitFor({ timeout: TIMEOUT });
    // The centre's p-code is named from OCHA's list.
    assert.equal((await sup.getByTestId('centre-place').textContent())?.trim(), 'Erbil');

    t.diagnostic('looks at the next open day and books a document check for a migrant known by phone');
    const day = nextOpenDay();
    await sup.locator('input[name="day"]').fill(day);
    await sup.getByTestId('day-view').waitFor({ timeout: TIMEOUT });
    const form = sup.getByTestId('booking-form');
    await form.locator('select[name="bookService"]').selectOption('document_check');
    const options = form.locator('select[name="start"] option');
    await sup.waitForFunction(() => document.querySelectorAll('select[name="start"] option').length > 1, null, {
      timeout: TIMEOUT,
    });
    const start = await options.nth(1).getAttribute('value');
    await form.locator('select[name="start"]').selectOption(start);
    await form.locator('input[name="contactName"]').fill('   ');
    await form.locator('input[name="contactPhone"]').fill('+964 750 555 0199');
    await form.locator('select[name="locale"]').selectOption('ar');
    await sup.getByTestId('booking-submit').click();
    // A name of spaces is not sent under a stand-in name: the form asks for it.
    await sup.getByTestId('booking-name-required').waitFor({ timeout: TIMEOUT });
    assert.equal((await sup.getByTestId('booking-name-required').textContent())?.trim(), 'Give the person’s name.');
    await form.locator('input[name="contactName"]').fill('Shirin Saeed');
    await sup.getByTestId('booking-submit').click();
    await sup.getByText('The appointment was booked.').waitFor({ timeout: TIMEOUT });

    t.diagnostic('the booking shows in its slot; the same person cannot be booked twice that day');
    const row = sup.locator(`tr[data-testid="slot-row"][data-start="${start}"]`).filter({ hasText: 'Document check' });
    await row.getByText('Shirin Saeed').waitFor({ timeout: TIMEOUT });
    const mine = row.locator('li[data-testid="appointment"]').filter({ hasText: 'Shirin Saeed' });
    // A later day offers no check-in or no-show (the server takes them on the day only), and says so.
    assert.equal(await mine.getByTestId('appointment-check-in').count(), 0);
    assert.equal(await mine.getByTestId('appointment-no-show').count(), 0);
    await sup.getByTestId('attendance-on-day').waitFor({ timeout: TIMEOUT });
    await form.locator('select[name="start"]').selectOption({ index: 2 });
    await form.locator('input[name="contactName"]').fill('Shirin Saeed');
    await form.locator('input[name="contactPhone"]').fill('+9647505550199');
    await sup.getByTestId('booking-submit').click();
    await sup.getByText('This person already has an appointment that day.').waitFor({ timeout: TIMEOUT });

    t.diagnostic('cancels it');
    await mine.getByTestId('appointment-cancel').click();
    await row
      .locator('li[data-testid="appointment"][data-status="cancelled"]')
      .filter({ hasText: 'Shirin Saeed' })
      .waitFor({ timeout: TIMEOUT });

    t.diagnostic('a day that is over offers no booking; closing one is refused as being in the past');
    await sup.locator('input[name="day"]').fill('2020-01-06');
    await sup.getByTestId('booking-past-day').waitFor({ timeout: TIMEOUT });
    assert.match((await sup.getByTestId('booking-past-day').textContent()) ?? '', /bookings are for today or a later/);
    assert.equal(await sup.getByTestId('booking-form').count(), 0);
    await sup.locator('input[name="closureDay"]').fill('2020-01-01');
    await sup.locator('input[name="closureReason"]').fill('Holiday');
    await sup.getByRole('button', { name: 'Close this day' }).click();
    await sup.getByText('Must not be in the past.').waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByText('already closed').count(), 0);
    await sup.locator('input[name="day"]').fill(day);
    await sup.getByTestId('booking-form').waitFor({ timeout: TIMEOUT });

    t.diagnostic('the throughput of the past fortnight has served people and no-shows');
    const fig = sup.getByTestId('throughput');
    await fig.waitFor({ timeout: TIMEOUT });
    const total = (await fig.locator('tr[data-testid="throughput-row"]').last().textContent()) ?? '';
    assert.match(total, /^Total/);
    assert.match(total, /%/);
    // Days by their names in the page's language, not as YYYY-MM-DD.
    const firstDay = (await fig.locator('tr[data-testid="throughput-row"] th').first().textContent()) ?? '';
    assert.doesNotMatch(firstDay, /^\d{4}-\d{2}-\d{2}$/, firstDay);

    t.diagnostic('in Arabic the page reads right to left');
    await sup.getByTestId('language').selectOption('ar');
    await sup.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: TIMEOUT });
    await sup.getByRole('heading', { name: 'النشاط' }).waitFor({ timeout: TIMEOUT });

    t.diagnostic('the analyst sees the figures, not the day view of people');
    const analyst = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await signInFirstTime(analyst, url, creds['analyst.irq']);
    await analyst.getByTestId('nav-centres').click();
    await analyst.getByRole('link', { name: '[Demo] Erbil Visa Assistance Centre' }).click();
    await analyst.getByTestId('throughput').waitFor({ timeout: TIMEOUT });
    assert.equal(await analyst.getByTestId('day-view').count(), 0);
    assert.equal(await analyst.getByTestId('booking-form').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else t.diagnostic(`data kept in ${dir}`);
  }
});
