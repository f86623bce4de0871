// Visa assistance centres, managing in a real browser (Debian's chromium via playwright-core) against the real server
// on a fresh embedded database with the demo centres: a refused new centre names its fields in the page's language
// (French: "Horaires — Lun", not openingHours); the Erbil supervisor opens Friday in the centre's hours; moves a
// booking to another free slot; a save over another tab's change is refused and the latest shown, the day view
// keeping its day; sees a closed day offers none, and a move onto a day the person is already booked is
// refused in the page's language. Needs the built web app (`npm run build`). Skipped, saying why, without chromium
// unless CORRIDOR_REQUIRE_BROWSER=1.
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

async function signInFirstTime(page, url, { email, password }) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  const secret = ((await page.getByTestId('totp-secret').textContent({ timeout: TIMEOUT })) ?? '').replace(/\s+/g, '');
  await page.fill('input[name="code"]', new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
  await page.click('button[type="submit"]');
  await page.getByTestId('recovery-codes-saved').click({ timeout: TIMEOUT });
  await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
}

const baghdadToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baghdad' }).format(new Date());
const plusDays = (day, n) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The next two days the demo Erbil centre is open (Sunday to Thursday), skipping its demo holiday (today + 3). */
function openDays() {
  const today = baghdadToday();
  const out = [];
  for (let n = 1; out.length < 2; n++)
    if (n !== 3 && new Date(`${plusDays(today, n)}T12:00:00Z`).getUTCDay() <= 4) out.push(plusDays(today, n));
  return out;
}

test('a centre supervisor edits the hours, and moves a booking to another free slot', {
  skip,
  timeout: 240_000,
}, async (t) => {
  const { server, dir, url, creds } = await startDemoServer('corridor-centres-manage-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const sup = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    sup.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signInFirstTime(sup, url, creds['supervisor.irq']);

    t.diagnostic('in French, a refused new centre names its fields in words');
    await sup.getByTestId('language').selectOption('fr');
    await sup.getByTestId('nav-centres').click();
    await sup.getByTestId('centre-new').click();
    const form = sup.getByTestId('centre-form');
    await form.locator('input[name="name"]').fill('Centre de Duhok');
    await form.locator('select[name="country"]').selectOption('IRQ');
    await form.locator('input[name="address"]').fill('1 rue de Duhok');
    await form.locator('input[name="timeZone"]').fill('Asia/Baghdad');
    await sup.getByTestId('add-period-mon').click();
    await form.locator('input[name="opens-mon-1"]').fill('10:00'); // overlaps 08:00-14:00
    await form.locator('input[name="service-document_check"]').check();
    await form.locator('input[name="seats-document_check"]').fill('600');
    await sup.getByTestId('centre-create').click();
    const status = form.locator('.form-status');
    await status.getByText('Horaires — Lun').waitFor({ timeout: TIMEOUT });
    const said = (await status.textContent()) ?? '';
    assert.match(said, /Vérification des documents — Places par créneau/);
    assert.doesNotMatch(said, /openingHours|seatsPerSlot|services/);
    await sup.getByTestId('language').selectOption('en');

    t.diagnostic('opens the Erbil centre on Fridays too');
    await sup.getByRole('link', { name: '[Demo] Erbil Visa Assistance Centre' }).click();
    await sup.getByTestId('centre-title').waitFor({ timeout: TIMEOUT });
    await sup.getByTestId('centre-edit').click();
    await sup.getByTestId('add-period-fri').click();
    await sup.getByTestId('centre-save').click();
    await sup.getByText('The centre was saved.').waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('centre-form').count(), 0, 'the saved form is closed');
    await sup
      .locator('dl.details li')
      .filter({ hasText: 'Fri' })
      .getByText('08:00–14:00')
      .waitFor({ timeout: TIMEOUT });

    t.diagnostic('books a migrant, then moves the booking to another free slot of the day');
    const [day, day2] = openDays();
    const book = async (on) => {
      // (The day's own slots, not the previous day's while it loads.)
      await Promise.all([
        sup.waitForResponse((r) => r.url().includes(`/day?day=${on}`), { timeout: TIMEOUT }),
        sup.locator('input[name="day"]').fill(on),
      ]);
      const booking = sup.getByTestId('booking-form');
      await booking.locator('select[name="bookService"]').selectOption('document_check');
      await sup.waitForFunction(() => document.querySelectorAll('select[name="start"] option').length > 1, null, {
        timeout: TIMEOUT,
      });
      await booking.locator('select[name="start"]').selectOption({ index: 1 });
      await booking.locator('input[name="contactName"]').fill('Shirin Saeed');
      await booking.locator('input[name="contactPhone"]').fill('+9647505550199');
      await sup.getByTestId('booking-submit').click();
      await sup.getByText('The appointment was booked.').waitFor({ timeout: TIMEOUT });
    };
    await book(day);
    const mine = sup.locator('li[data-testid="appointment"]').filter({ hasText: 'Shirin Saeed' });
    await mine.getByTestId('appointment-move').click();
    const move = mine.getByTestId('move-form');
    await move.locator('select[name="moveStart"] option').nth(1).waitFor({ state: 'attached', timeout: TIMEOUT });
    const to = await move.locator('select[name="moveStart"] option').nth(1).getAttribute('value');
    await move.locator('select[name="moveStart"]').selectOption(to);
    await move.getByTestId('move-submit').click();
    await sup.getByText(/^The appointment was moved to .* at /).waitFor({ timeout: TIMEOUT });
    await sup
      .locator(`tr[data-testid="slot-row"][data-start="${to}"]`)
      .filter({ hasText: 'Document check' })
      .getByText('Shirin Saeed')
      .waitFor({ timeout: TIMEOUT });

    t.diagnostic('a centre changed in another tab meanwhile: the save is refused, the latest shown; the day stays');
    await sup.getByTestId('centre-edit').click();
    const other = await sup.context().newPage();
    await other.goto(sup.url());
    await other.getByTestId('centre-edit').click();
    await other.getByTestId('remove-period-fri-0').click();
    await other.getByTestId('centre-save').click();
    await other.getByText('The centre was saved.').waitFor({ timeout: TIMEOUT });
    await other.close();
    await sup.getByTestId('centre-save').click(); // still with Friday's hours, read before the other tab's save
    await form.getByText(/^Someone else changed this record after you opened it/).waitFor({ timeout: TIMEOUT });
    await form.locator('input[name="opens-fri-0"]').waitFor({ state: 'detached', timeout: TIMEOUT });
    await sup.getByTestId('centre-save').click();
    await sup.getByText('The centre was saved.').waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.locator('input[name="day"]').inputValue(), day);
    await mine.waitFor({ timeout: TIMEOUT }); // that day's booking, not today's

    t.diagnostic('a closed day offers no slot to move to; a day the person is booked already is refused, in Arabic');
    await book(day2);
    await mine.getByTestId('appointment-move').click();
    await move.locator('input[name="moveDay"]').fill(plusDays(baghdadToday(), 3)); // the demo holiday
    await move.getByTestId('move-closed').waitFor({ timeout: TIMEOUT });
    assert.equal(await move.locator('select[name="moveStart"]').count(), 0);
    await move.locator('input[name="moveDay"]').fill(day);
    await move.locator('select[name="moveStart"] option').nth(1).waitFor({ state: 'attached', timeout: TIMEOUT });
    await move.locator('select[name="moveStart"]').selectOption({ index: 1 });
    await sup.getByTestId('language').selectOption('ar');
    await sup.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: TIMEOUT });
    await move.getByTestId('move-submit').click();
    const refusal = move.getByTestId('centre-problem');
    await refusal.waitFor({ timeout: TIMEOUT });
    assert.equal(await refusal.getAttribute('data-code'), 'already_booked');
    assert.equal((await refusal.textContent())?.trim(), 'لدى هذا الشخص موعد بالفعل في ذلك اليوم.');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else t.diagnostic(`data kept in ${dir}`);
  }
});
