// Issue #6, "a worker verifies it on the public page from a phone-sized browser in Arabic": Debian's chromium (via
// playwright-core) at 360x740, Arabic, against the real server on a fresh embedded database with the demo data.
// The demo's "[Demo] Fair Hire Recruitment Agency" went through the whole certification through the real services
// (application, self-assessment, audit, a finding corrected and verified, certificate). The worker opens the
// public page with no account, types part of the name without accents or capitals, and sees the certification,
// its expiry and what never to pay; then looks up a suspended agency by licence number. No JavaScript is needed:
// the page is checked with JavaScript turned off. Then (when the web app is built) the demo certification officer
// signs in, grants the audited "Baghdad Labour Link" in the officer interface, and the public page shows it.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1).
// HEADFUL=1 to watch, KEEP=1 to keep the data folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium, signInFirstTime, startDemoServer } from './browser-support.mjs';

const root = new URL('../../../', import.meta.url).pathname;

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 15_000;
const skip =
  !fs.existsSync(CHROMIUM) && process.env.CORRIDOR_REQUIRE_BROWSER !== '1'
    ? `${CHROMIUM} is not installed (apt install chromium), and CORRIDOR_REQUIRE_BROWSER is not 1`
    : false;

const startServer = () => startDemoServer('corridor-recruiters-');

/** First sign-in of a demo user: password, authenticator set-up (TOTP), recovery codes, home page. */

const webBuilt = fs.existsSync(path.join(root, 'apps/web/dist/index.html'));

test('a worker checks a recruiter on a phone, in Arabic, without an account or JavaScript', {
  skip,
  timeout: 240_000,
}, async (t) => {
  const { server, dir, url, creds } = await startServer();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'ar',
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    t.diagnostic('the worker opens the public check; the browser asks for Arabic');
    await page.goto(`${url}/public/recruiters`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.locator('h1').textContent(), 'تحقق من وكالة التوظيف');
    // what never to pay is on the page before any search
    await page.getByRole('heading', { name: 'لا يجوز أبدًا أن يُطلب منك أن تدفع' }).waitFor({ timeout: TIMEOUT });

    t.diagnostic('types part of the name, lower case, and submits the form (no JavaScript)');
    await page.getByLabel('اسم الوكالة أو رقم الترخيص').fill('fair hire');
    await page.getByRole('button', { name: 'تحقق' }).click();
    await page.waitForURL(/q=fair\+hire/, { timeout: TIMEOUT });
    assert.match(page.url(), /lang=ar/);
    const card = page.locator('li.card', { hasText: 'Fair Hire Recruitment Agency' });
    await card.waitFor({ timeout: TIMEOUT });
    assert.equal(await card.locator('[data-status]').getAttribute('data-status'), 'certified');
    assert.equal((await card.locator('.status').textContent())?.trim(), 'معتمدة');
    assert.match(await card.textContent(), /IRIS-PHL-\d{4}-[0-9A-F]{6}/);
    assert.match(await card.textContent(), /صالحة حتى/);
    assert.match(await card.textContent(), /DMW-080-LB-2023/);

    t.diagnostic('the page fits the phone: no sideways scrolling; the layout is right to left');
    const fit = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, vw: window.innerWidth }));
    assert.ok(fit.w <= fit.vw, `page is ${fit.w}px wide in a ${fit.vw}px viewport`);
    const box = await page.locator('h1').boundingBox();
    assert.ok(box && box.x + box.width > 300, 'the title starts at the right edge (rtl)');

    t.diagnostic('looks up a suspended agency by licence number typed with other separators');
    await page.getByLabel('اسم الوكالة أو رقم الترخيص').fill('lb mol 5521');
    await page.getByRole('button', { name: 'تحقق' }).click();
    const suspended = page.locator('li.card', { hasText: 'Cèdre Domestic Staffing' });
    await suspended.waitFor({ timeout: TIMEOUT });
    assert.equal(await suspended.locator('[data-status]').getAttribute('data-status'), 'suspended');
    assert.match(await suspended.textContent(), /placement fee/);

    t.diagnostic('an agency that is not registered: the page says so');
    await page.getByLabel('اسم الوكالة أو رقم الترخيص').fill('no such agency xyz');
    await page.getByRole('button', { name: 'تحقق' }).click();
    await page.getByText('لا توجد وكالة مطابقة', { exact: false }).waitFor({ timeout: TIMEOUT });

    t.diagnostic('the language switcher keeps the search');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/, { timeout: TIMEOUT });
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal(await page.getByLabel('Agency name or licence number').inputValue(), 'no such agency xyz');
    assert.deepEqual(violations, []);

    if (!webBuilt) {
      t.diagnostic('the web app is not built (npm run build): the officer part is skipped');
      return;
    }
    t.diagnostic('the certification officer grants the audited "Baghdad Labour Link" in the officer interface');
    const officerContext = await browser.newContext({ locale: 'en-GB' });
    const officer = await officerContext.newPage();
    const problems = [];
    officer.on('pageerror', (e) => problems.push(e.message));
    await signInFirstTime(officer, url, creds['officer.iris'], TIMEOUT);
    await officer.getByTestId('nav-recruiters').click();
    await officer.getByTestId('recruiter-list').waitFor({ timeout: TIMEOUT });
    await officer.getByRole('link', { name: '[Demo] Baghdad Labour Link' }).click();
    await officer.getByTestId('recruiter-title').waitFor({ timeout: TIMEOUT });
    assert.equal(await officer.getByTestId('recruiter-status').getAttribute('data-status'), 'audited');
    const decision = officer.getByTestId('decision-form');
    await decision.locator('select[name="decision"]').selectOption('grant');
    await decision.locator('textarea[name="reason"]').fill('Initial audit passed; the minor finding has a plan.');
    await decision.locator('button[type="submit"]').click();
    await officer.locator('[data-testid="recruiter-status"][data-status="certified"]').waitFor({ timeout: TIMEOUT });
    assert.match((await officer.getByTestId('certificate-number').textContent()) ?? '', /^IRIS-IRQ-\d{4}-[0-9A-F]{6}$/);
    assert.match((await officer.getByTestId('recruiter-history').textContent()) ?? '', /Certified/);
    t.diagnostic('the officer adds a corridor and a sector to the registry details, choosing them by name');
    const registry = officer.getByTestId('registry-form');
    // The recruiter's two corridors are rows of two country lists; a third row comes with the button.
    assert.equal(await registry.locator('select[name$=".origin"]').count(), 2);
    assert.equal(await registry.locator('select[name="corridors.1.origin"]').inputValue(), 'NPL');
    await registry.getByRole('button', { name: 'Add a corridor' }).click();
    await registry.getByLabel('Origin 3').selectOption({ label: 'Bangladesh' });
    await registry.getByLabel('Destination 3').selectOption({ label: 'United Arab Emirates' });
    await registry.getByLabel('Hospitality').check();
    await registry.locator('button[type="submit"]').click();
    await officer.getByText('Bangladesh → United Arab Emirates').waitFor({ timeout: TIMEOUT });
    await officer
      .locator('dd', { hasText: 'Construction, Hospitality, Cleaning and security' })
      .waitFor({ timeout: TIMEOUT });
    // The history names the fields changed, the findings' severities and the plans' deadlines in words.
    const history = officer.getByTestId('recruiter-history');
    await history.getByText('Corridors', { exact: false }).first().waitFor({ timeout: TIMEOUT });
    const said = (await history.textContent()) ?? '';
    assert.match(said, /Minor/);
    assert.match(said, /Deadline /);
    assert.doesNotMatch(said, /\bdue \d|\d minor|corridors, countries/);
    assert.deepEqual(problems, []);

    t.diagnostic('the worker sees it certified on the public page at once');
    await page.goto(`${url}/public/recruiters?lang=ar&q=baghdad`);
    const granted = page.locator('li.card', { hasText: 'Baghdad Labour Link' });
    assert.equal(await granted.locator('[data-status]').getAttribute('data-status'), 'certified');
    // Its corridors by country name, the arrow in the reading direction.
    assert.match(await granted.textContent(), /بنغلاديش ← الإمارات العربية المتحدة/);
    // Its Latin name is isolated (<bdi>), so its words keep their order inside the right-to-left page.
    assert.match((await granted.locator('h3 > bdi').textContent()) ?? '', /Baghdad Labour Link/);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else t.diagnostic(`data kept in ${dir}`);
  }
});
