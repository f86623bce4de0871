// Issue #6, visa assistance centres: a migrant books an appointment on the public page from a phone-sized browser
// without JavaScript (Debian's chromium through playwright-core), against the real server on a fresh embedded
// database with the demo centres (../src/demo/demo.centres.ts): chooses a centre, service, day and time, gets a
// booking code, sees the booking with it and cancels it; the Arabic page reads right to left. Skipped, saying why,
// without chromium unless CORRIDOR_REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { launchChromium, startDemoServer } from './browser-support.mjs';

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 15_000;
const skip =
  !fs.existsSync(CHROMIUM) && process.env.CORRIDOR_REQUIRE_BROWSER !== '1'
    ? `${CHROMIUM} is not installed (apt install chromium), and CORRIDOR_REQUIRE_BROWSER is not 1`
    : false;

const startServer = () => startDemoServer('corridor-appointments-');

/** The next day the demo Erbil centre is open (Sunday to Thursday in Baghdad), skipping its demo holiday (today + 3). */
function nextOpenDay() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Baghdad' }).format(new Date());
  for (let n = 1; n < 10; n++) {
    if (n === 3) continue;
    const d = new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000);
    if (d.getUTCDay() <= 4) return d.toISOString().slice(0, 10);
  }
  throw new Error('no open day');
}

test('a migrant books, views and cancels an appointment at a visa assistance centre on a phone', {
  skip,
  timeout: 180_000,
}, async (t) => {
  const { server, dir, url } = await startServer();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-GB',
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const fits = async () => {
      const fit = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, vw: window.innerWidth }));
      assert.ok(fit.w <= fit.vw, `page is ${fit.w}px wide in a ${fit.vw}px viewport`);
    };

    t.diagnostic('the migrant opens the public home page and follows the link to appointments');
    await page.goto(`${url}/public`);
    await page.getByRole('link', { name: 'Book an appointment' }).first().click();
    await page.waitForURL(/\/public\/appointments/, { timeout: TIMEOUT });
    assert.equal(await page.locator('h1').textContent(), 'Book an appointment at a visa assistance centre');

    t.diagnostic('chooses the Erbil centre, then document checks on the next open day');
    await page.getByLabel('Centre').selectOption({ label: '[Demo] Erbil Visa Assistance Centre (Iraq)' });
    await page.getByRole('button', { name: 'Show free times' }).click();
    await page.waitForURL(/centre=/, { timeout: TIMEOUT });
    const day = nextOpenDay();
    await page.getByLabel('Service').selectOption('document_check');
    await page.getByLabel('Day').fill(day);
    await page.getByRole('button', { name: 'Show free times' }).last().click();
    await page.waitForURL(new RegExp(`day=${day}`), { timeout: TIMEOUT });
    const radios = page.locator('input[type="radio"][name="start"]');
    assert.ok((await radios.count()) > 0, 'free times are offered');
    await fits();

    t.diagnostic('picks the second free time, books without a name: the page says what is wrong, under the field');
    const pickUrl = page.url();
    const second = radios.nth(1);
    const time = await second.getAttribute('value');
    await second.check();
    await page.getByLabel('Phone number').fill('0750 555 0101');
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    // novalidate: the server answers (no browser bubble), each problem under its field
    await page.locator('#problem-name').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('#problem-name').textContent(), 'required');
    assert.match(
      (await page.locator('#problem-phone').textContent()) ?? '',
      /^not a phone number with the country code/,
    );

    t.diagnostic('gives a name and the phone number in the international form with 00, and books');
    await page.getByLabel('Your name').fill('Hawre Aziz');
    await page.getByLabel('Phone number').fill('00964 750 555 0101');
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await page.getByRole('heading', { name: 'Your appointment is booked' }).waitFor({ timeout: TIMEOUT });
    const code = ((await page.locator('#booking-code').textContent()) ?? '').trim();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const card = (await page.locator('.card').textContent()) ?? '';
    // The day and time as English writes them together ("Wednesday, December 2, 2026 at 09:30").
    const written = new Intl.DateTimeFormat('en', {
      dateStyle: 'full',
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone: 'UTC',
    }).format(new Date(`${day}T${time}:00Z`));
    assert.ok(card.includes(written), card);
    assert.ok(card.includes('Document check'));
    assert.ok(!(await page.content()).includes('Hawre'), 'the name is not echoed back');
    await fits();

    t.diagnostic('in Arabic, the example phone number reads left to right inside the right-to-left hint');
    await page.goto(pickUrl.replace('lang=en', 'lang=ar'));
    const example = page.locator('#phone-hint bdi[dir="ltr"]');
    assert.equal(await example.textContent(), '+964 750 123 4567');
    assert.equal(await example.evaluate((e) => getComputedStyle(e).direction), 'ltr');

    t.diagnostic('later, the migrant looks the booking up with the code, in Arabic');
    await page.goto(`${url}/public/appointments/booking?lang=ar`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.getByLabel('رمز الحجز').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'اعرض حجزي' }).click();
    await page.locator('.card').waitFor({ timeout: TIMEOUT });
    assert.match((await page.locator('.card').textContent()) ?? '', /محجوز/);
    // The centre's name and address are each isolated, with the Arabic comma between them.
    const where = page.locator('.card dd', { has: page.locator('bdi') });
    assert.equal(await where.locator('bdi').count(), 2);
    assert.match((await where.textContent()) ?? '', /\[Demo\] Erbil Visa Assistance Centre، /);
    assert.ok(!page.url().includes(code), 'the code never travels in a URL');
    await fits();

    t.diagnostic('and cancels it');
    await page.getByRole('button', { name: 'ألغِ هذا الموعد' }).click();
    await page.getByText('تم إلغاء موعدك').waitFor({ timeout: TIMEOUT });
    assert.match((await page.locator('.card').textContent()) ?? '', /ملغى/);
    assert.deepEqual(violations, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else t.diagnostic(`data kept in ${dir}`);
  }
});
