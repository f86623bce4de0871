// The evidence dashboard and the annual report in a real browser (Debian's chromium via playwright-core) against the
// real server on a fresh embedded database with the demo data: the demo analyst of DEMO-IO-IRQ opens the dashboard
// on "cases closed" this year (exact, audited internal view), a caseworker asks to close a case and a supervisor
// approves it through the API, and the figure on the analyst's open page changes without a reload; then the
// analyst produces the annual report as HTML in Arabic, which comes out right to left.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app (npm run build).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { apiOf, browserSkip, launchChromium, signIn, startDemoServer } from './browser-support.mjs';

const TIMEOUT = 20_000;

test('evidence: the dashboard figure follows a case closure; the annual report comes out in Arabic, right to left', {
  skip: browserSkip,
  timeout: 240_000,
}, async (t) => {
  const { server, dir, url, creds } = await startDemoServer('corridor-evidence-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const analystContext = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await analystContext.newPage();
    page.on('pageerror', (e) => problems.push(String(e)));
    await signIn(page, url, creds['analyst.irq']);
    // The analyst's home has a card for each area the navigation opens to the role, the evidence base among them.
    await page.getByTestId('home-evidence').waitFor({ timeout: TIMEOUT });
    const hrefs = (selector) => page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const cards = (await hrefs('[data-testid^="home-"] >> xpath=self::a')).filter(
      (h) => h !== '/account' && h !== '/api-reference',
    );
    const areas = (await hrefs('nav.site-nav a')).filter((h) => h !== '/' && h !== '/api-reference');
    assert.deepEqual(cards, areas);
    assert.ok(areas.includes('/evidence'), areas.join(' '));
    await page.getByTestId('nav-evidence').click();
    await page.getByTestId('evidence-heading').waitFor({ timeout: TIMEOUT });
    // The page's first choice, people assisted by month: a row for every month of the range, 0 in a month in which
    // nothing was counted (the demo's people are assisted in the last ten months only).
    await page.locator('[data-testid="evidence-table"] tbody tr').first().waitFor({ timeout: TIMEOUT });
    const from = await page.inputValue('input[name="from"]');
    const to = await page.inputValue('input[name="to"]');
    const months =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));
    const rows = await page.locator('[data-testid="evidence-table"] tbody tr td:first-child').allTextContents();
    assert.equal(rows.length, months + 1, `a row a month from ${from} to ${to}: ${rows.join(', ')}`);
    // Months by name in the interface language, not as codes.
    assert.match(rows.at(-1), /^[A-Z][a-z]+ \d{4}$/, rows.join(', '));
    // A period the server refuses is shown next to its field, and the figures already shown stay, marked as those of
    // the last valid choice.
    await page.fill('input[name="from"]', '2026-13');
    // The field's messages: the list its aria-describedby names (`<id>-issues`).
    const fromIssues = page.locator(`[id="${await page.locator('input[name="from"]').getAttribute('id')}-issues"]`);
    await fromIssues.waitFor({ timeout: TIMEOUT });
    assert.match((await fromIssues.textContent()) ?? '', /2026-Q1/);
    await page.getByTestId('evidence-previous').waitFor({ timeout: TIMEOUT });
    assert.ok((await page.locator('[data-testid="evidence-table"] tbody tr').count()) > 0, 'the last figures stay');
    await page.fill('input[name="from"]', from);
    await page.waitForFunction(() => !document.querySelector('[data-testid="evidence-previous"]'), null, {
      timeout: TIMEOUT,
    });
    // A malformed From with To left blank: From says what is wrong with it, To that it is required (never that its
    // value "has the wrong type").
    const issuesOf = async (name) =>
      page.locator(`[id="${await page.locator(`input[name="${name}"]`).getAttribute('id')}-issues"]`);
    await page.fill('input[name="from"]', 'abcd');
    await page.fill('input[name="to"]', '');
    const toIssues = await issuesOf('to');
    await toIssues.waitFor({ timeout: TIMEOUT });
    assert.equal(((await toIssues.textContent()) ?? '').trim(), 'This is required.');
    assert.match((await (await issuesOf('from')).textContent()) ?? '', /2026-Q1/);
    await page.fill('input[name="from"]', from);
    await page.fill('input[name="to"]', to);
    await page.waitForFunction(() => !document.querySelector('[data-testid="evidence-previous"]'), null, {
      timeout: TIMEOUT,
    });
    await page.selectOption('select[name="indicator"]', 'cases_closed');
    await page.selectOption('select[name="grain"]', 'year');
    await page.getByTestId('evidence-exact').check();
    await page.getByTestId('evidence-exact-note').waitFor({ timeout: TIMEOUT });
    const total = page.getByTestId('evidence-total');
    await total.waitFor({ timeout: TIMEOUT });
    const read = async () => Number(((await total.textContent()) ?? '').replace(/[^0-9]/g, ''));
    const before = await read();
    t.diagnostic(`cases closed this year before: ${before}`);

    // A caseworker asks to close one of their organisation's protection cases; a supervisor approves.
    const caseworkerContext = await browser.newContext({ locale: 'en-GB' });
    await signIn(await caseworkerContext.newPage(), url, creds['caseworker.irq']);
    const supervisorContext = await browser.newContext({ locale: 'en-GB' });
    await signIn(await supervisorContext.newPage(), url, creds['supervisor.irq']);
    const asCaseworker = await apiOf(caseworkerContext, url);
    const asSupervisor = await apiOf(supervisorContext, url);
    const list = await asCaseworker('GET', '/api/cases?type=protection&status=Active&limit=5');
    assert.equal(list.status, 200, JSON.stringify(list.json));
    const target = list.json.items[0];
    assert.ok(target, 'the demo has an active protection case');
    let c = await asCaseworker('GET', `/api/cases/${target.id}`);
    const asked = await asCaseworker('POST', `/api/cases/${target.id}/closure-request`, {
      etag: c.etag,
      body: { reason: 'Assistance completed (browser test).', referred: false },
    });
    assert.equal(asked.status, 200, JSON.stringify(asked.json));
    c = await asSupervisor('GET', `/api/cases/${target.id}`);
    const approved = await asSupervisor('POST', `/api/cases/${target.id}/closure-decision`, {
      etag: c.etag,
      body: { decision: 'approve', reason: null },
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.json));

    // The analyst's open page shows the new figure without being reloaded.
    const started = Date.now();
    await page.waitForFunction(
      (want) =>
        Number((document.querySelector('[data-testid="evidence-total"]')?.textContent ?? '').replace(/[^0-9]/g, '')) ===
        want,
      before + 1,
      { timeout: TIMEOUT },
    );
    t.diagnostic(`the dashboard showed ${before + 1} after ${Date.now() - started} ms`);

    // The exact view names its periods and values too: by month and sex, "Nov 2026" and "Female", not codes.
    await page.selectOption('select[name="grain"]', 'month');
    await page.selectOption('select[name="by1"]', 'sex');
    await page.locator('[data-testid="evidence-table"] th', { hasText: /^Sex$/ }).waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="evidence-table"] tbody tr').length > 0,
      null,
      { timeout: TIMEOUT },
    );
    const exactRows = await page
      .locator('[data-testid="evidence-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    assert.ok(
      exactRows.every(([period]) => /^[A-Z][a-z]+ \d{4}$/.test(period)),
      `exact periods by name: ${exactRows.map((r) => r[0]).join(', ')}`,
    );
    const sexes = new Set(exactRows.map((r) => r[1]));
    assert.ok(
      [...sexes].every((v) => !/^(female|male|intersex|unknown|\*)$/.test(v)),
      `exact values by name: ${[...sexes].join(', ')}`,
    );
    // The second breakdown does not offer the first one again; the choice is in the address, so a reload keeps it.
    assert.equal(await page.locator('select[name="by2"] option[value="sex"]').count(), 0);
    assert.match(page.url(), /[?&]by=sex(&|$)/);
    await page.reload();
    await page.locator('[data-testid="evidence-table"] th', { hasText: /^Sex$/ }).waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('select[name="by1"]').inputValue(), 'sex');
    assert.equal(await page.locator('select[name="grain"]').inputValue(), 'month');
    await page.selectOption('select[name="by1"]', '');
    await page.selectOption('select[name="grain"]', 'year');

    // The published view of the same figure never shows a count below the threshold.
    await page.getByTestId('evidence-exact').uncheck();
    await page.waitForFunction(() => !document.querySelector('[data-testid="evidence-exact-note"]'), null, {
      timeout: TIMEOUT,
    });
    const published = ((await total.textContent()) ?? '').trim();
    const n = Number(published.replace(/[^0-9]/g, ''));
    assert.ok(published === 'suppressed' || n === 0 || n >= 5, `published figure ${published}`);

    // A sum of money left out for want of a statistics basis is stated per currency, never as one total: a person
    // with an assistance basis only gets two valued services, in dollars and in dinars.
    const today = new Date().toISOString().slice(0, 10);
    const person = await asCaseworker('POST', '/api/beneficiaries', {
      body: {
        nameLatin: 'Browser Test Person',
        nameOriginal: null,
        dateOfBirth: '1990-04-02',
        sex: 'female',
        citizenships: ['IRQ'],
        languages: ['ar'],
        country: 'IRQ',
        pcode: 'IQG11',
      },
    });
    assert.equal(person.status, 201, JSON.stringify(person.json));
    const basis = await asCaseworker('POST', `/api/beneficiaries/${person.json.id}/consents`, {
      body: {
        purpose: 'assistance',
        recipientOrganisationId: null,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Explained in Arabic (browser test).',
      },
    });
    assert.equal(basis.status, 201, JSON.stringify(basis.json));
    const opened = await asCaseworker('POST', '/api/cases', {
      body: {
        beneficiaryId: person.json.id,
        openedOn: today,
        form: { type: 'protection', situation: 'stranded', vulnerabilities: ['Poverty'], needs: ['accommodation'] },
      },
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.json));
    // Five services in USD (US$123.45 in all), one in IQD: an amount of fewer records than the threshold is withheld.
    for (const [valueMinor, currency] of [
      [2_469, 'USD'],
      [2_469, 'USD'],
      [2_469, 'USD'],
      [2_469, 'USD'],
      [2_469, 'USD'],
      [50_000, 'IQD'],
    ]) {
      const added = await asCaseworker('POST', `/api/cases/${opened.json.id}/services`, {
        body: { serviceType: 'health_care', deliveredOn: today, valueMinor, currency },
      });
      assert.equal(added.status, 201, JSON.stringify(added.json));
    }
    await page.selectOption('select[name="indicator"]', 'services_value');
    const amounts = page.getByTestId('evidence-excluded-amounts');
    await amounts.waitFor({ timeout: TIMEOUT });
    const said = (await amounts.textContent()) ?? '';
    assert.match(said, /123\.45/, said);
    assert.match(said, /IQD withheld \(fewer records than the threshold\)/, said);
    assert.doesNotMatch(said, /50,000/, said);
    // The values are amounts in their currency, the total one per currency (never added across currencies).
    const moneyTotal = ((await total.textContent()) ?? '').trim();
    assert.match(moneyTotal, /\$[\d,]+\.\d{2}/, moneyTotal);
    for (const part of moneyTotal.split('; ')) assert.match(part, /^(US\$|\$|IQD)/, moneyTotal);
    const cellsShown = await page.locator('[data-testid="evidence-table"] tbody td.nums').allTextContents();
    assert.ok(
      // (a period with nothing at all is 0 in every currency)
      cellsShown.every((v) => /^(US\$|\$|IQD)/.test(v.trim()) || ['0', 'suppressed'].includes(v.trim())),
      cellsShown.join(' | '),
    );

    // A sum of money is read per currency: broken down by type of service, the second breakdown offers only the
    // currency (the server refuses two others); picked, the table comes.
    await page.selectOption('select[name="by1"]', 'service_type');
    const second = await page.locator('select[name="by2"] option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(second, ['', 'currency'], second.join(','));
    await page.selectOption('select[name="by2"]', 'currency');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="evidence-table"]')?.textContent?.includes('Health care'),
      null,
      { timeout: TIMEOUT },
    );
    assert.equal(await page.locator('[role="alert"]').count(), 0);
    await page.selectOption('select[name="by2"]', '');
    await page.selectOption('select[name="by1"]', '');

    // Services by type: each type by its name in the page's language (as case pages name it), in the table and on
    // the bars, never by its code.
    await page.selectOption('select[name="indicator"]', 'services_delivered');
    await page.selectOption('select[name="by1"]', 'service_type');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="evidence-table"]')?.textContent?.includes('Health care'),
      null,
      { timeout: TIMEOUT },
    );
    const types = await page.locator('[data-testid="evidence-table"] tbody td:nth-child(2)').allTextContents();
    assert.ok(
      types.every((v) => !/^[a-z]+(_[a-z]+)*$/.test(v.trim())),
      `service types by name: ${[...new Set(types)].join(', ')}`,
    );
    await page.selectOption('select[name="view"]', 'bars');
    const bars = page.locator('[data-testid="evidence-chart"] svg[role="img"]');
    await bars.waitFor({ timeout: TIMEOUT });
    const barText = (await bars.textContent()) ?? '';
    assert.ok(barText.includes('Health care'), barText);
    assert.doesNotMatch(barText, /health_care/);
    await page.selectOption('select[name="view"]', 'table');
    await page.selectOption('select[name="by1"]', '');

    // The same figures drawn by the server as a chart.
    await page.selectOption('select[name="indicator"]', 'beneficiaries_assisted');
    await page.selectOption('select[name="by1"]', 'sex');
    await page.selectOption('select[name="view"]', 'bars');
    await page.locator('[data-testid="evidence-chart"] svg[role="img"]').waitFor({ timeout: TIMEOUT });
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'evidence-dashboard.png'), fullPage: true });

    // An indicator computed on demand (projects active, from the projects records): picked, broken down by kind,
    // drawn as bars; no place filter for it, and a note says how it is computed.
    await page.selectOption('select[name="indicator"]', 'projects_active');
    await page.getByTestId('evidence-on-demand-note').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('input[name="pcode"]').count(), 0);
    await page.selectOption('select[name="grain"]', 'year');
    await page.selectOption('select[name="by1"]', 'project_kind');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="evidence-table"]')?.textContent?.includes('Integration'),
      null,
      { timeout: TIMEOUT },
    );
    assert.ok(Number(((await total.textContent()) ?? '').replace(/[^0-9]/g, '')) >= 3, 'the demo’s projects count');
    await page.locator('[data-testid="evidence-chart"] svg[role="img"]').waitFor({ timeout: TIMEOUT });
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'evidence-on-demand.png'), fullPage: true });

    // The annual report, as HTML in Arabic.
    await page.getByTestId('evidence-report-link').click();
    await page.getByTestId('report-heading').waitFor({ timeout: TIMEOUT });
    // A year to come is refused at the year, and nothing is downloaded.
    await page.fill('input[name="year"]', '2099');
    await page.getByTestId('report-produce').click();
    const yearIssues = page.locator(`[id="${await page.locator('input[name="year"]').getAttribute('id')}-issues"]`);
    await yearIssues.waitFor({ timeout: TIMEOUT });
    assert.equal(((await yearIssues.textContent()) ?? '').trim(), 'Must not be in the future.');
    await page.fill('input[name="year"]', String(new Date().getUTCFullYear()));
    await page.selectOption('select[name="language"]', 'ar');
    await page.selectOption('select[name="format"]', 'html');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('report-produce').click(),
    ]);
    assert.match(download.suggestedFilename(), /^annual-evidence-report-\d{4}-ar\.html$/);
    const file = path.join(dir, 'report-ar.html');
    await download.saveAs(file);
    const html = fs.readFileSync(file, 'utf8');
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.ok(html.includes('التقرير السنوي لقاعدة الأدلة'), 'the title is in Arabic');
    assert.match(html, /<svg[^>]+direction="rtl"/);
    await page.getByTestId('report-status').waitFor({ timeout: TIMEOUT });

    // Shown in the browser, the report reads right to left.
    const view = await analystContext.newPage();
    await view.goto(`file://${file}`);
    assert.equal(await view.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    if (process.env.SCREENSHOT_DIR) {
      await view.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'evidence-report-ar.png'), fullPage: true });
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill();
  }
});
