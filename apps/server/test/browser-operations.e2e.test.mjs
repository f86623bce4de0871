// Issue 7, operations in a real browser (Debian's chromium via playwright-core) against the real server on a fresh
// embedded database with the demo data: the operations officer opens the demo crisis, accepts an evacuation
// request into a case and books it on the evacuation flight, is stopped at check-in until fit-to-travel and a
// document are recorded, checks the passenger in, records departure and arrival and prints the manifest (PDF); the
// reception partner in Juba sees only the hand-over fields of the passengers it received; the origin office sees the
// returnee's scores from baseline to 12 months; the movements page reads right to left in Arabic. Needs the built web
// app (`npm run build`). Skipped, saying why, without chromium unless CORRIDOR_REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import {
  browserSkip,
  launchChromium,
  root,
  sidewaysOverflow,
  startDemoServer,
  unstyledButtons,
} from './browser-support.mjs';

const require = createRequire(path.join(root, 'package.json'));
const OTPAuth = require('otpauth');

const TIMEOUT = 20_000;
const WEB_DIST = path.join(root, 'apps/web/dist/index.html');
const skip = browserSkip || (!fs.existsSync(WEB_DIST) ? 'the web app is not built (npm run build)' : false);

async function signInFirstTime(page, url, { email, password }) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  const secretEl = page.getByTestId('totp-secret');
  await secretEl.or(page.getByTestId('home-title')).waitFor({ timeout: TIMEOUT });
  if (!(await secretEl.isVisible())) return;
  const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
  await page.fill('input[name="code"]', new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
  await page.click('button[type="submit"]');
  await page.getByTestId('recovery-codes-saved').click({ timeout: TIMEOUT });
  await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
}

test('an operations officer takes a request to arrival; the partner receives; the origin office sees the scores', {
  skip,
  timeout: 300_000,
}, async (t) => {
  const { server, dir, url, creds } = await startDemoServer('corridor-operations-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const ops = await (await browser.newContext({ locale: 'en-GB', acceptDownloads: true })).newPage();
    ops.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    ops.on('request', (r) => {
      if (/Tsehay|Alemu|LP-555/.test(decodeURIComponent(r.url()))) problems.push(`personal data in a URL: ${r.url()}`);
    });
    await signInFirstTime(ops, url, creds['operations.irq']);

    t.diagnostic('the officer opens the demo crisis and accepts the waiting request of Tsehay Alemu');
    await ops.getByTestId('nav-crises').click();
    await ops.getByTestId('crises-table').waitFor({ timeout: TIMEOUT });
    // Each field of a form says what is wrong with it, all at once: a code that is not one and a start ahead.
    const issueAt = (form, name) =>
      form.locator('.field-invalid', { has: ops.locator(`[name="${name}"]`) }).locator('.field-issues');
    const crisisForm = ops.getByTestId('crisis-form');
    await crisisForm.locator('input[name="code"]').fill('bad code!!');
    await crisisForm.locator('input[name="name"]').fill('Floods in the south');
    await crisisForm.locator('select[name="country"]').selectOption('IRQ');
    await crisisForm.locator('input[name="startedOn"]').fill('2099-01-01');
    await crisisForm.getByRole('button', { name: 'Open the crisis' }).click();
    await issueAt(crisisForm, 'startedOn').waitFor({ timeout: TIMEOUT });
    assert.equal((await issueAt(crisisForm, 'startedOn').textContent())?.trim(), 'Must not be in the future.');
    assert.ok(await issueAt(crisisForm, 'code').isVisible(), 'the code is named at its field');
    assert.equal(await crisisForm.locator('.problem li').count(), 0, 'no problem is left to the summary alone');
    assert.equal(await crisisForm.locator('input[name="code"]').getAttribute('aria-invalid'), 'true');
    await ops.getByRole('link', { name: 'DEMO-IRQ-L3' }).click();
    await ops.getByTestId('requests-table').waitFor({ timeout: TIMEOUT });
    // The population form's p-code field names the place of the code typed, from OCHA's list of the crisis's country.
    await ops.locator('input[name="pcode"]').fill('iqg15');
    await ops.getByTestId('pcode-place').waitFor({ timeout: TIMEOUT });
    assert.equal((await ops.getByTestId('pcode-place').textContent())?.trim(), 'Ninewa');
    assert.equal(await ops.locator('input[name="pcode"]').inputValue(), 'IQG15');
    // A figure dated ahead is refused, and the page says which field and why; the total stays as it was.
    const affected = await ops.getByTestId('affected').textContent();
    await ops.selectOption('select[name="nationality"]', 'ETH');
    await ops.locator('input[name="people"]').fill('100');
    await ops.locator('input[name="reportedOn"]').fill('2099-01-01');
    await ops.getByRole('button', { name: 'Record the figure' }).click();
    const refused = issueAt(ops.locator('form', { has: ops.locator('input[name="reportedOn"]') }), 'reportedOn');
    await refused.waitFor({ timeout: TIMEOUT });
    assert.equal((await refused.textContent())?.trim(), 'Must not be in the future.');
    assert.equal(await ops.getByTestId('affected').textContent(), affected);
    // A figure recorded (it replaces the demo's latest figure of Ethiopians at that place) shows in the crisis's
    // total at once, without reloading the page.
    await ops.locator('input[name="reportedOn"]').fill(new Date().toISOString().slice(0, 10));
    await ops.getByRole('button', { name: 'Record the figure' }).click();
    await ops.waitForFunction(
      (was) => document.querySelector('[data-testid="affected"]')?.textContent !== was,
      affected,
      {
        timeout: TIMEOUT,
      },
    );
    await ops.locator('input[name="pcode"]').fill('');
    // A request with no name, a birth date ahead and a phone that is not one: each field says so, and nothing is taken.
    const requestForm = ops.getByTestId('request-form');
    const takenBefore = await ops.getByTestId('request-row').count();
    await requestForm.locator('select[name="reqNationality"]').selectOption('ETH');
    await requestForm.locator('input[name="dateOfBirth"]').fill('2099-01-01');
    await requestForm.locator('input[name="reqPhone"]').fill('abc');
    await requestForm.getByRole('button', { name: 'Take the request' }).click();
    await issueAt(requestForm, 'dateOfBirth').waitFor({ timeout: TIMEOUT });
    assert.equal((await issueAt(requestForm, 'dateOfBirth').textContent())?.trim(), 'Must not be in the future.');
    assert.ok(await issueAt(requestForm, 'givenName').isVisible(), 'the missing name is named at its field');
    assert.ok(await issueAt(requestForm, 'reqPhone').isVisible(), 'the phone is named at its field');
    assert.equal(await ops.getByTestId('request-row').count(), takenBefore);
    const request = ops.getByTestId('request-row').filter({ hasText: 'Tsehay' });
    await request.getByRole('button', { name: 'Accept and open a case' }).click();
    await ops
      .getByTestId('request-row')
      .filter({ hasText: 'Tsehay' })
      .and(ops.locator('[data-status="accepted"]'))
      .waitFor({ timeout: TIMEOUT });

    t.diagnostic('books her on the next evacuation flight (the one that left three weeks ago is not offered)');
    const bookOn = ops.getByTestId('request-row').filter({ hasText: 'Tsehay' }).locator('select[name^="movement-"]');
    assert.deepEqual(await bookOn.locator('option').allTextContents(), ['DEMO-EVAC-0002']);
    await ops.getByTestId('request-row').filter({ hasText: 'Tsehay' }).getByTestId('book-request').click();
    await ops
      .getByTestId('request-row')
      .filter({ hasText: 'Tsehay' })
      .and(ops.locator('[data-status="booked"]'))
      .waitFor({ timeout: TIMEOUT });

    t.diagnostic('on the movement, check-in is refused until fit-to-travel and a document are recorded');
    await ops.getByTestId('nav-movements').click();
    await ops.getByTestId('movements-table').waitFor({ timeout: TIMEOUT });
    await ops.getByRole('link', { name: 'DEMO-EVAC-0002' }).click();
    await ops.getByTestId('manifest-table').waitFor({ timeout: TIMEOUT });
    assert.match((await ops.getByTestId('leg-seats').first().textContent()) ?? '', /^1 of 120 seats taken/);
    // Leg times are in UTC, as the leg form takes them, and say so.
    assert.equal(((await ops.getByTestId('leg').first().textContent()) ?? '').match(/UTC/g)?.length, 2);
    const row = () => ops.getByTestId('passenger-row').filter({ hasText: 'Tsehay' });
    await row().getByTestId('step-check_in').click();
    await row().locator('[data-code="not_ready_to_travel"]').waitFor({ timeout: TIMEOUT });
    await row().getByRole('button', { name: 'Travel clearance' }).click();
    const form = row().getByTestId('travel-form');
    await form.locator('select[name^="fit-"]').selectOption('fit');
    await form.locator('select[name^="doc-"]').selectOption('laissez_passer');
    await form.locator('input[name^="docnum-"]').fill('LP-555001');
    await form.locator('input[name^="exp-"]').fill('2040-12-31');
    await form.getByRole('button', { name: 'Save' }).click();
    await row().getByText('Fit', { exact: true }).waitFor({ timeout: TIMEOUT });
    await row().getByTestId('step-check_in').click();
    await ops
      .locator('[data-testid="passenger-row"][data-status="checked_in"]')
      .filter({ hasText: 'Tsehay' })
      .waitFor({ timeout: TIMEOUT });
    assert.equal(await ops.getByTestId('edit-leg').count(), 1, 'the leg may change before anyone departs');
    await ops.getByRole('button', { name: 'Start the movement' }).click();
    await row().getByTestId('step-depart').click();
    await ops
      .locator('[data-testid="passenger-row"][data-status="departed"]')
      .filter({ hasText: 'Tsehay' })
      .waitFor({ timeout: TIMEOUT });
    // Passengers have left on it: the server no longer takes a change of the leg, and the page no longer offers one.
    assert.equal(await ops.getByTestId('edit-leg').count(), 0);

    t.diagnostic('the hand-over to the partner needs a basis for sharing; arrival is recorded by the officer');
    await row().getByTestId('hand-over').click();
    await row().locator('[data-code="basis_required"]').waitFor({ timeout: TIMEOUT });
    await row().getByTestId('step-arrive').click();
    await ops
      .locator('[data-testid="passenger-row"][data-status="arrived"]')
      .filter({ hasText: 'Tsehay' })
      .waitFor({ timeout: TIMEOUT });

    t.diagnostic('prints the manifest');
    const [download] = await Promise.all([ops.waitForEvent('download'), ops.getByTestId('export-pdf').click()]);
    const file = await download.path();
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-');
    // The names are glyphs of the embedded font: read the text back as a reader would (Debian's poppler-utils).
    if (!spawnSync('pdftotext', ['-v']).error)
      assert.ok(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).includes('Tsehay Alemu'));

    t.diagnostic('the year’s figures count both evacuees');
    await ops.getByTestId('nav-movements').click();
    await ops.getByTestId('movement-figures').waitFor({ timeout: TIMEOUT });
    assert.equal(((await ops.getByTestId('total-evacuated').textContent()) ?? '').trim(), '2');

    t.diagnostic('downloads the crisis’s evacuation requests as CSV with the HXL row');
    await ops.getByTestId('nav-crises').click();
    await ops.getByRole('link', { name: 'DEMO-IRQ-L3' }).click();
    await ops.getByTestId('requests-table').waitFor({ timeout: TIMEOUT });
    const [requests] = await Promise.all([
      ops.waitForEvent('download'),
      ops.getByTestId('export-requests-csv').click(),
    ]);
    const lines = fs
      .readFileSync(await requests.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    assert.match(lines[0], /^request_id,received_at,channel,status,nationality/);
    assert.match(lines[1], /#country\+code\+origin/);
    assert.ok(lines.some((l) => l.includes('Tsehay')));

    t.diagnostic('opens a movement picking the crisis and the partner by name, books a person found by name');
    await ops.getByTestId('nav-movements').click();
    const created = ops.getByTestId('movement-form');
    await created.locator('input[name="reference"]').fill('E2E-EVAC-0002');
    await created.getByTestId('picker-crisisId').getByRole('combobox').fill('DEMO-IRQ');
    await created.getByTestId('picker-crisisId-option').first().click();
    // Countries are chosen by name (no code to type).
    assert.equal(await created.locator('select[name="origin"] option[value="IRQ"]').textContent(), 'Iraq');
    await created.locator('select[name="origin"]').selectOption('IRQ');
    await created.locator('select[name="destination"]').selectOption('SSD');
    await created.getByTestId('picker-reception').getByRole('combobox').fill('SSD');
    await created.getByTestId('picker-reception-option').first().click();
    await created.locator('input[name="carrier"]').fill('E2E Air');
    await created.locator('input[name="fromPlace"]').fill('Erbil');
    await created.locator('input[name="toPlace"]').fill('Juba');
    await created.locator('input[name="departsAt"]').fill('2031-03-01T08:00');
    await created.locator('input[name="capacity"]').fill('2');
    // An arrival before the departure: the first leg's problem shows under its own field, not only in the summary.
    await created.locator('input[name="arrivesAt"]').fill('2031-03-01T06:00');
    await created.getByRole('button', { name: 'Create the movement' }).click();
    await created.locator('input[name="arrivesAt"][aria-invalid="true"]').waitFor({ timeout: TIMEOUT });
    const arrivalField = created.locator('.field-invalid:has(input[name="arrivesAt"])');
    assert.ok(((await arrivalField.textContent()) ?? '').length > 'Arrives'.length, 'the field says what is wrong');
    assert.equal(await created.locator('.form-status .problem li').count(), 0, 'no issue is left for the summary');
    await created.locator('input[name="arrivesAt"]').fill('2031-03-01T14:00');
    await created.getByRole('button', { name: 'Create the movement' }).click();
    // The new movement opens at once.
    await ops.getByRole('heading', { name: /E2E-EVAC-0002/, level: 1 }).waitFor({ timeout: TIMEOUT });
    const book = ops.getByTestId('book-form');
    await book.getByTestId('picker-beneficiaryId').getByRole('combobox').fill('Tsehay');
    await book.getByTestId('picker-beneficiaryId-option').first().click({ timeout: TIMEOUT });
    await book.getByRole('button', { name: 'Book' }).click();
    await ops.getByTestId('passenger-row').filter({ hasText: 'Tsehay' }).waitFor({ timeout: TIMEOUT });
    assert.match((await ops.getByTestId('leg-seats').first().textContent()) ?? '', /^1 of 2 seats taken/);

    t.diagnostic('changes the leg before it departs: carrier and capacity');
    await ops.getByTestId('edit-leg').click();
    const leg = ops.getByTestId('leg-form');
    await leg.locator('input[name="leg1-carrier"]').fill('E2E Charter');
    await leg.locator('input[name="leg1-capacity"]').fill('40');
    await leg.getByRole('button', { name: 'Save the leg' }).click();
    await ops.getByTestId('leg-seats').filter({ hasText: '1 of 40 seats taken' }).waitFor({ timeout: TIMEOUT });
    assert.ok(((await ops.getByTestId('legs').textContent()) ?? '').includes('E2E Charter'));

    t.diagnostic('adds an onward leg from where the first arrives; one that leaves before that arrival is refused');
    await ops.getByTestId('add-leg').click();
    const onward = ops.getByTestId('add-leg-form');
    assert.equal(await onward.locator('input[name="new-leg-fromPlace"]').inputValue(), 'Juba');
    assert.equal(await onward.locator('select[name="new-leg-fromCountry"]').inputValue(), 'SSD');
    assert.equal(await onward.locator('input[name="new-leg-capacity"]').inputValue(), '40');
    await onward.locator('input[name="new-leg-carrier"]').fill('E2E Road');
    await onward.locator('select[name="new-leg-mode"]').selectOption('land');
    await onward.locator('input[name="new-leg-toPlace"]').fill('Yei');
    await onward.locator('select[name="new-leg-toCountry"]').selectOption('SSD');
    await onward.locator('input[name="new-leg-departsAt"]').fill('2031-03-01T12:00');
    await onward.locator('input[name="new-leg-arrivesAt"]').fill('2031-03-01T20:00');
    await onward.getByTestId('add-leg-save').click();
    // The leg's departure is refused under that field, saying why.
    await issueAt(onward, 'new-leg-departsAt')
      .filter({ hasText: 'Each leg must leave after the previous one arrives.' })
      .waitFor({ timeout: TIMEOUT });
    await onward.locator('input[name="new-leg-departsAt"]').fill('2031-03-02T08:00');
    await onward.locator('input[name="new-leg-arrivesAt"]').fill('2031-03-02T16:00');
    await onward.getByTestId('add-leg-save').click();
    await ops.getByTestId('leg').nth(1).waitFor({ timeout: TIMEOUT });
    assert.match(
      (await ops.getByTestId('leg').nth(1).textContent()) ?? '',
      /E2E Road.*Juba.*Yei.*1 of 40 seats taken/s,
    );
    assert.deepEqual(await unstyledButtons(ops), [], 'every button of the movement page has the app’s button style');
    await ops.getByTestId('nav-movements').click();
    await ops.getByTestId('movements-table').waitFor({ timeout: TIMEOUT });

    t.diagnostic('in French a label’s colon has a no-break space before it');
    await ops.getByTestId('language').selectOption('fr');
    await ops.getByRole('heading', { name: 'Mouvements', level: 1 }).waitFor({ timeout: TIMEOUT });
    assert.match(
      (await ops.getByTestId('no-shows').textContent()) ?? '',
      /^Absences\u00a0: \d+ · Annulations\u00a0: \d+$/,
    );

    t.diagnostic('in Arabic the movements page reads right to left');
    await ops.getByTestId('language').selectOption('ar');
    await ops.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: TIMEOUT });
    await ops.getByRole('heading', { name: 'عمليات النقل', level: 1 }).waitFor({ timeout: TIMEOUT });
    // A route reads right to left: from Erbil, the arrow pointing the way the line reads, to Juba.
    const route = ops.getByTestId('movements-table').locator('tr', { hasText: 'E2E-EVAC-0002' });
    assert.match(((await route.textContent()) ?? '').replace(/[\u2066-\u2069]/g, ''), /Erbil ← Juba/);

    // The browser's own check of an empty required field speaks the page's language, not the browser's.
    const empty = ops.getByTestId('movement-form');
    await empty.locator('input[name="reference"]').fill('');
    await empty.locator('button[type="submit"]').click();
    const message = await empty.locator('input[name="reference"]').evaluate((el) => el.validationMessage);
    assert.equal(message, 'هذا الحقل مطلوب.');
    assert.equal(await ops.getByTestId('movements-table').locator('tr', { hasText: 'E2E-EVAC-0002' }).count(), 1);

    t.diagnostic('on a phone no page scrolls sideways: wide tables scroll in their own box');
    assert.equal(await ops.getByTestId('menu-toggle').isVisible(), false, 'no menu button on a wide screen');
    await ops.setViewportSize({ width: 390, height: 844 });
    // The navigation, the language and the account fold behind the menu's button, beside the brand and the bell, so
    // the header takes one row; the menu folds again once a page is chosen.
    assert.equal(await ops.getByTestId('nav-crises').isVisible(), false);
    assert.equal(await ops.getByTestId('sign-out').isVisible(), false);
    assert.equal(await ops.getByTestId('notification-bell').isVisible(), true, 'the bell stays in sight');
    const headerHeight = await ops.evaluate(
      () => document.querySelector('.site-header').getBoundingClientRect().height,
    );
    assert.ok(headerHeight < 130, `the header is ${headerHeight} px tall at 390 px`);
    await ops.getByTestId('menu-toggle').click();
    assert.equal(await ops.getByTestId('sign-out').isVisible(), true, 'signing out is in the menu');
    assert.equal(await ops.getByTestId('language').isVisible(), true, 'so is the language');
    await ops.getByTestId('menu-toggle').click();
    for (const [nav, table] of [
      ['nav-crises', 'crises-table'],
      ['nav-movements', 'movements-table'],
    ]) {
      await ops.getByTestId('menu-toggle').click();
      assert.equal(await ops.getByTestId('menu-toggle').getAttribute('aria-expanded'), 'true');
      await ops.getByTestId(nav).click();
      await ops.getByTestId(table).waitFor({ timeout: TIMEOUT });
      assert.equal(await sidewaysOverflow(ops), 0, `${nav} at 390 px`);
      assert.equal(await ops.getByTestId(nav).isVisible(), false, 'folded again');
    }
    await ops.getByRole('link', { name: 'E2E-EVAC-0002' }).click();
    await ops.getByTestId('manifest-table').waitFor({ timeout: TIMEOUT });
    assert.equal(await sidewaysOverflow(ops), 0, 'the movement page at 390 px');

    t.diagnostic('the reception partner in Juba sees the hand-over fields only');
    const partner = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    partner.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signInFirstTime(partner, url, creds['caseworker.ssd']);
    await partner.getByTestId('nav-receptions').click();
    await partner.getByTestId('receptions-table').waitFor({ timeout: TIMEOUT });
    assert.equal(await partner.locator('[data-testid="reception-row"][data-status="received"]').count(), 2);
    // The partner's own page says "Received", not "Received by the partner".
    const receivedRow = (await partner.locator('[data-testid="reception-row"]').first().textContent()) ?? '';
    assert.ok(receivedRow.includes('Received') && !receivedRow.includes('by the partner'), receivedRow);
    const inbox = (await partner.getByTestId('receptions-table').textContent()) ?? '';
    assert.ok(inbox.includes('Achol Garang'));
    assert.ok(!/DEMO-ETD|DEMO-LP|0202|1991-05-14/.test(inbox), 'no document, phone or birth date reaches the partner');
    // Nationality and languages by their names, not their codes.
    assert.ok(!/\b(SSD|ETH|ERI)\b/.test(inbox), `no country code: ${inbox}`);

    t.diagnostic('the origin office follows the returnee to the 12-month survey');
    await partner.getByTestId('nav-reintegration').click();
    await partner.getByTestId('plans-table').waitFor({ timeout: TIMEOUT });
    // The country of return by its name in the interface's language, not its code.
    const plans = (await partner.getByTestId('plans-table').textContent()) ?? '';
    assert.ok(plans.includes('South Sudan') && !plans.includes('SSD'), plans);
    await partner.getByRole('link', { name: 'Mayen Akech (demo)' }).click();
    await partner.getByTestId('scores-table').waitFor({ timeout: TIMEOUT });
    const composites = (await partner.getByTestId('composite').allTextContents()).map(Number);
    assert.equal(composites.length, 4);
    for (let i = 1; i < 4; i++) assert.ok(composites[i] > composites[i - 1], composites.join(', '));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else t.diagnostic(`data kept in ${dir}`);
  }
});
