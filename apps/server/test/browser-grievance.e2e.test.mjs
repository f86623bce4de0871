// Issue #6's done-when for grievances, in a real browser (Debian's chromium via playwright-core) with a
// phone-sized viewport, against the real server on a fresh embedded database with the demo data:
//   a worker opens the public grievance form in Arabic (right to left), ticks what happened, describes it, leaves
//   no contact details (anonymous) and sends it; the page shows the tracking code once; the worker opens the
//   tracking page, types the code and sees the report received; the demo certification officer signs in to the
//   app, finds the grievance in the list and answers the worker; the worker follows the report again with the code,
//   sees the answer and replies. The code never appears in a URL; the public pages need no JavaScript.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app (`npm run build`); builds it when missing. HEADFUL=1 to watch, KEEP=1 to keep the data folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium, sidewaysOverflow, signInFirstTime, startDemoServer } from './browser-support.mjs';

const root = new URL('../../../', import.meta.url).pathname;

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 15_000;
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let step = () => {};

const startServer = () => startDemoServer('corridor-grievance-');

function watch(page, label, problems, secrets) {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`${label} CSP: ${m.text()}`);
    // (a 422 is the server's answer to a form with problems, which the test sends on purpose)
    else if (m.type() === 'error' && !/status of (401|404|422)/.test(m.text()))
      problems.push(`${label} console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
  page.on('request', (r) => {
    const u = decodeURIComponent(r.url()).toUpperCase().replace(/[-\s]/g, '');
    for (const s of secrets) if (s && u.includes(s)) problems.push(`${label}: the tracking code in a URL: ${r.url()}`);
  });
}

/** The page fits the phone's width: nothing scrolls sideways. */
async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function main() {
  const { server, dir, url, creds } = await startServer();
  step(`server at ${url}`);
  const browser = await launchChromium();
  const problems = [];
  const secrets = [];
  try {
    // The worker: a phone, JavaScript off (the public pages must not need it), Arabic.
    const workerContext = await browser.newContext({ ...PHONE, locale: 'ar', javaScriptEnabled: false });
    const worker = await workerContext.newPage();
    watch(worker, 'worker', problems, secrets);

    await worker.goto(`${url}/public/grievances?lang=ar`);
    assert.equal(await worker.getAttribute('html', 'dir'), 'rtl');
    assert.ok(await fitsWidth(worker), 'the form fits a phone screen');
    // Sent empty, the form reaches the server (novalidate: no browser bubble in the browser's language), whose
    // problems are in the page's language, each field named with what is wrong.
    await worker.click('button[type="submit"]');
    await worker.getByText('الوصف: حقل مطلوب').waitFor({ timeout: TIMEOUT });
    assert.ok(await worker.getByText('ما حدث: اختر خيارًا واحدًا على الأقل').isVisible());
    assert.equal(await worker.getAttribute('textarea[name="description"]', 'aria-invalid'), 'true');
    step('the empty form comes back with its problems in Arabic');
    await worker.check('input[name="categories"][value="document_retention"]');
    await worker.check('input[name="categories"][value="wages_unpaid"]');
    await worker.fill('textarea[name="description"]', 'صاحب العمل يحتفظ بجواز سفري ولم يدفع راتبي منذ شهرين.');
    await worker.fill('input[name="recruiter"]', 'Cèdre Domestic Staffing');
    await worker.fill('input[name="licence"]', 'LB-MOL-5521');
    // The country by its name in Arabic (no code to type).
    assert.equal(await worker.locator('select[name="country"] option[value="LBN"]').textContent(), 'لبنان');
    await worker.selectOption('select[name="country"]', 'LBN');
    await worker.click('button[type="submit"]');
    const codeEl = worker.locator('#tracking-code');
    await codeEl.waitFor({ timeout: TIMEOUT });
    const code = ((await codeEl.textContent()) ?? '').trim();
    assert.match(code, /^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$/);
    secrets.push(code.replace(/-/g, ''));
    assert.ok(await fitsWidth(worker), 'the receipt fits a phone screen');
    step(`anonymous grievance filed in Arabic; code shown once (${code.slice(0, 5)}-…)`);

    // Following it with the code (first sent empty: the page asks for it, in Arabic).
    await worker.click('a[href^="/public/grievances/track"]');
    await worker.click('button[type="submit"]');
    await worker.getByText('اكتب رمز المتابعة الخاص بك.').waitFor({ timeout: TIMEOUT });
    await worker.fill('input[name="code"]', code.toLowerCase());
    await worker.click('button[type="submit"]');
    await worker.locator('[data-status="received"]').waitFor({ timeout: TIMEOUT });
    assert.ok(await fitsWidth(worker), 'the tracking page fits a phone screen');
    step('the worker follows it with the code: received');

    // The certification officer answers in the app.
    const officerContext = await browser.newContext({ locale: 'en-GB' });
    const officer = await officerContext.newPage();
    watch(officer, 'officer', problems, secrets);
    await signInFirstTime(officer, url, creds['officer.iris'], TIMEOUT);
    await officer.getByTestId('nav-grievances').click();
    await officer.getByTestId('grievance-filter-status').selectOption('received');
    const row = officer
      .getByTestId('grievance-row')
      .filter({ hasText: 'Cèdre Domestic Staffing' })
      .filter({ hasText: 'Lebanon' });
    await row.first().waitFor({ timeout: TIMEOUT });
    await row.first().getByRole('link').first().click();
    await officer.getByTestId('grievance-page').waitFor({ timeout: TIMEOUT });
    await officer.getByTestId('grievance-message-body').fill('We have received your report. Are you safe now?');
    await officer.getByTestId('grievance-message-send').click();
    await officer
      .getByTestId('grievance-message')
      .filter({ hasText: 'Are you safe now?' })
      .waitFor({ timeout: TIMEOUT });
    // A message of one unbroken word (a pasted link) wraps in its box: the page never scrolls sideways.
    const link = `https://example.org/${'x'.repeat(600)}`;
    await officer.getByTestId('grievance-message-body').fill(link);
    await officer.getByTestId('grievance-message-send').click();
    await officer.getByTestId('grievance-message').filter({ hasText: 'example.org' }).waitFor({ timeout: TIMEOUT });
    assert.ok(
      (await sidewaysOverflow(officer)) <= 0,
      `the officer's page scrolls sideways by ${await sidewaysOverflow(officer)} px`,
    );
    step('the demo certification officer found it and answered the worker');

    // The worker comes back with the code, sees the answer and replies.
    await worker.goto(`${url}/public/grievances/track?lang=ar`);
    await worker.fill('input[name="code"]', code);
    await worker.click('button[type="submit"]');
    await worker.locator('[data-status="in_progress"]').waitFor({ timeout: TIMEOUT });
    assert.ok(await worker.locator('[data-from="officer"]').filter({ hasText: 'Are you safe now?' }).isVisible());
    assert.ok(
      (await sidewaysOverflow(worker)) <= 0,
      `the worker's page scrolls sideways by ${await sidewaysOverflow(worker)} px`,
    );
    await worker.fill('textarea[name="message"]', 'نعم، أنا بأمان الآن.');
    await worker.click('form:has(textarea[name="message"]) button[type="submit"]');
    await worker.locator('[data-from="worker"]').filter({ hasText: 'أنا بأمان' }).waitFor({ timeout: TIMEOUT });
    step('the worker saw the answer and replied');

    await officer.reload();
    await officer.getByTestId('grievance-message').filter({ hasText: 'أنا بأمان' }).waitFor({ timeout: TIMEOUT });
    step('the officer sees the reply');

    // A grievance with signs of trafficking offers its hand-over to protection organisations, named (not by a key).
    const flagged = await officer.evaluate(async () => {
      const r = await fetch('/api/grievances?limit=100');
      const items = (await r.json()).items;
      return items.find((g) => g.traffickingIndicators && !g.handedOver)?.id ?? null;
    });
    assert.ok(flagged, 'the demo has a grievance with signs of trafficking');
    await officer.goto(`${url}/grievances/${flagged}`);
    await officer.getByTestId('grievance-page').waitFor({ timeout: TIMEOUT });
    // The partners come with the directory, read after the page: wait for more than the empty choice.
    await officer.locator('select[name="organisation"] option').nth(1).waitFor({ state: 'attached', timeout: TIMEOUT });
    const partners = await officer.locator('select[name="organisation"] option').allTextContents();
    assert.ok(partners.length > 1, `partners offered: ${partners.length}`);
    assert.ok(!partners.some((o) => o.includes('partners.')), partners.join(' | '));
    step('a grievance with signs of trafficking names the organisations it may go to');

    // A worker who named the demo recruiter and agreed to a hand-over: the picker offers protection organisations
    // only (never a recruiter or an organisation where nobody works cases), and asks before sending, naming the one.
    const filed = await fetch(`${url}/api/public/grievances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        categories: ['document_retention'],
        description: 'The agency keeps my passport and says I owe it money.',
        recruiterName: '[Demo] Fair Hire Recruitment Agency',
        contact: { name: 'Browser Test Worker', phone: '+63 917 000 0000', email: null },
        handoverConsent: true,
      }),
    });
    assert.equal(filed.status, 201, await filed.text());
    const consenting = await officer.evaluate(async () => {
      const r = await fetch('/api/grievances?limit=100');
      return (await r.json()).items.find((g) => g.recruiterName === '[Demo] Fair Hire Recruitment Agency')?.id ?? null;
    });
    await officer.goto(`${url}/grievances/${consenting}`);
    await officer.locator('select[name="organisation"] option').nth(1).waitFor({ state: 'attached', timeout: TIMEOUT });
    const offered = await officer.locator('select[name="organisation"] option').allTextContents();
    for (const never of ['Fair Hire', 'social-compliance auditors', 'Community shelter', 'IRIS'])
      assert.ok(!offered.some((o) => o.includes(never)), `${never} is not offered: ${offered.join(' | ')}`);
    const io = offered.find((o) => o.includes('International migration organisation'));
    assert.ok(io, offered.join(' | '));
    await officer.locator('select[name="organisation"]').selectOption({ label: io });
    await officer.getByTestId('grievance-handover').click();
    const confirm = officer.getByTestId('grievance-handover-confirm');
    await confirm.waitFor({ timeout: TIMEOUT });
    assert.match((await confirm.textContent()) ?? '', /International migration organisation/);
    await officer.getByTestId('grievance-handover-confirm-submit').click();
    await officer.getByTestId('grievance-handed-over').waitFor({ timeout: TIMEOUT });
    step('the hand-over offers protection organisations only and is confirmed, naming the organisation');

    assert.deepEqual(problems, [], 'no CSP violation, page error or tracking code in a URL');
  } finally {
    await browser.close();
    server.removeAllListeners('exit');
    server.kill('SIGTERM');
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`data kept in ${dir}\n`);
  }
}

const skip = fs.existsSync(CHROMIUM)
  ? false
  : process.env.CORRIDOR_REQUIRE_BROWSER === '1'
    ? false
    : `${CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it`;

test('browser: a worker files an anonymous grievance on a phone and follows it with its code', {
  skip,
  timeout: 240_000,
}, async (t) => {
  step = (text) => t.diagnostic(text);
  if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, encoding: 'utf8' });
    assert.equal(b.status, 0, `web build failed: ${b.stderr}`);
  }
  await main();
});
