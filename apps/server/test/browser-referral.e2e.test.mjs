// The referral story of issue 3, walked through in a real browser (Debian's chromium via playwright-core) against
// the real server on a fresh embedded database:
//   a caseworker of DEMO-IO-IRQ looks a person up (nobody), registers them with an Arabic-script name, finds the
//   same person again under a Latin spelling (search before register shows why it matched), is refused a case
//   without an assistance basis (basis_required, with a link to the consent panel), records consent for assistance
//   and for referral to DEMO-LEGAL-SSD, opens a trafficking case (HTCDS fields) and refers it;
//   the supervisor of DEMO-LEGAL-SSD sees the referral without the person (a sensitive one), accepts it and assigns
//   it to its caseworker, who alone sees the minimal data, records a service and closes with an outcome (the
//   supervisor, acting on a version someone else changed meanwhile, is told so); the first caseworker sees the
//   outcome and the service on the case, then reads it in Arabic (RTL).
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app (`npm run build`); builds it when missing. HEADFUL=1 to watch, KEEP=1 to keep the data folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium, startDemoServer } from './browser-support.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const require = createRequire(path.join(root, 'package.json'));
const OTPAuth = require('otpauth');

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 15_000;

function totp(secret) {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
}

/** Steps are narrated as test diagnostics. */
let step = () => {};

const startServer = () => startDemoServer('corridor-story-');

/** Signs in a caseworker for the first time: password, authenticator set-up, recovery codes, home page. */
async function signInFirstTime(page, url, { email, password }) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  const secretEl = page.getByTestId('totp-secret');
  await secretEl.waitFor({ timeout: TIMEOUT });
  const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
  await page.fill('input[name="code"]', totp(secret));
  await page.click('button[type="submit"]');
  await page.getByTestId('recovery-codes-saved').click({ timeout: TIMEOUT });
  await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
}

function watch(page, label, problems) {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`${label} CSP: ${m.text()}`);
    // 401 before sign-in (the session probe), 400/404/412/422 where the story expects a refusal.
    else if (m.type() === 'error' && !/status of (400|401|404|412|422)/.test(m.text()))
      problems.push(`${label} console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
  // No personal data in addresses (SECURITY.md D4): the names never travel in a URL.
  page.on('request', (r) => {
    const u = decodeURIComponent(r.url());
    if (/أحمد|Ahmad|Hassan/i.test(u)) problems.push(`${label} name in a URL: ${u}`);
  });
}

const NAME_ARABIC = 'أحمد حسن علي';
const OUTCOME = 'Residence permit application filed; hearing on 12 January.';

async function main() {
  const { server, dir, url, creds } = await startServer();
  step(`server at ${url}`);
  const browser = await launchChromium();
  const problems = [];
  try {
    // Two people, two browsers' worth of cookies.
    const irqContext = await browser.newContext({ locale: 'en-GB' });
    const ssdContext = await browser.newContext({ locale: 'en-GB' });
    const ssdSupContext = await browser.newContext({ locale: 'en-GB' });
    const irq = await irqContext.newPage();
    const ssd = await ssdContext.newPage();
    const ssdSup = await ssdSupContext.newPage();
    watch(irq, 'IRQ', problems);
    watch(ssd, 'SSD', problems);
    watch(ssdSup, 'SSD supervisor', problems);

    await signInFirstTime(ssd, url, creds['caseworker.ssd']);
    step('DEMO-LEGAL-SSD caseworker signed in');
    await signInFirstTime(ssdSup, url, creds['admin.ssd']);
    step('DEMO-LEGAL-SSD supervisor signed in');

    await signInFirstTime(irq, url, creds['caseworker.irq']);
    for (const nav of ['nav-people', 'nav-cases', 'nav-referrals', 'nav-tasks']) {
      assert.ok(await irq.getByTestId(nav).isVisible(), `${nav} is in the navigation`);
    }
    step('DEMO-IO-IRQ caseworker signed in; People, Cases, Referrals, Tasks in the navigation');

    // The case list names who holds each case: a colleague by name, not by a short id (caseworkers may not list
    // users; they read their colleagues' names).
    await irq.getByTestId('nav-cases').click();
    await irq.getByTestId('case-row').first().waitFor({ timeout: TIMEOUT });
    await irq.getByTestId('case-list').getByText('Yusuf Karim (demo)').first().waitFor({ timeout: TIMEOUT });
    assert.doesNotMatch((await irq.getByTestId('case-list').textContent()) ?? '', /Colleague [0-9a-f]{8}/);
    step('the case list names the colleague who holds a case');

    // Search before register: nobody yet.
    await irq.getByTestId('nav-people').click();
    await irq.getByTestId('register-person').click();
    const lookup = irq.getByTestId('person-search');
    await lookup.locator('input[name="searchName"]').fill('أحمد حسن');
    await lookup.locator('input[name="searchDateOfBirth"]').fill('1990-05-01');
    await lookup.locator('button[type="submit"]').click();
    await irq.getByTestId('search-results').waitFor({ timeout: TIMEOUT });
    // The demo caseload holds people with similar names: the caseworker checks them and registers someone new.
    const firstHits = Number(await irq.getByTestId('search-results').getAttribute('data-count'));
    step(`search before register: ${firstHits} possible match(es) shown with their reasons`);
    if (firstHits > 0) {
      // Where each match is now: the p-code with its place's name (the demo's people are in Iraqi governorates).
      const named = irq.locator('[data-testid="search-results"] [data-testid="place-name"]').first();
      await named.waitFor({ timeout: TIMEOUT });
      assert.match((await named.textContent()) ?? '', /\p{L}{3,}/u);
    }
    await irq.getByTestId('register-new').click();
    const form = irq.getByTestId('person-register');
    await form.waitFor();
    assert.equal(await form.locator('input[name="nameOriginal"]').inputValue(), 'أحمد حسن', 'name carried over');
    assert.equal(await form.locator('input[name="dateOfBirth"]').inputValue(), '1990-05-01');
    await form.locator('input[name="nameOriginal"]').fill(NAME_ARABIC);
    await form.locator('select[name="sex"]').selectOption('male');
    await form.locator('select[name="citizenships.0"]').selectOption('SDN');
    await form.locator('input[name="languages"]').fill('ar');
    await form.getByTestId('add-document').click();
    await form.locator('input[name="documents.0.number"]').fill('RX-7781-2209');
    await form.locator('select[name="documents.0.issuingCountry"]').selectOption('SDN');
    await form.locator('select[name="country"]').selectOption('IRQ');
    await form.locator('input[name="pcode"]').fill('IQG11');
    // The p-code field offers the country's places by name (OCHA's list) and names the place of the code entered.
    await form.getByTestId('pcode-place').waitFor({ timeout: TIMEOUT });
    assert.equal((await form.getByTestId('pcode-place').textContent())?.trim(), 'Erbil');
    const listed = await form
      .locator('input[name="pcode"]')
      .evaluate((input) => [...(input.list?.options ?? [])].map((o) => [o.value, o.textContent]));
    assert.ok(
      listed.some(([code, name]) => code === 'IQG11' && name === 'Erbil'),
      `places offered: ${listed.length}`,
    );
    await form.locator('select[name="migrationStatus"]').selectOption('irregular');
    await form.locator('input[name="specificNeeds"][value="legal_protection"]').check();
    await irq.getByTestId('register-submit').click();
    // With the full details the app searches again; if it finds someone not shown before, it asks to confirm.
    await irq
      .locator('[data-testid="person-facts"], [data-testid="register-recheck"]')
      .first()
      .waitFor({ timeout: TIMEOUT });
    if (await irq.getByTestId('register-recheck').isVisible()) {
      step('the full details matched more records: the caseworker confirms it is someone else');
      await irq.getByTestId('register-anyway').click();
    }
    await irq.getByTestId('person-facts').waitFor({ timeout: TIMEOUT });
    // Where the person is now: the p-code with its place's name.
    await irq.getByTestId('place-name').waitFor({ timeout: TIMEOUT });
    assert.equal((await irq.getByTestId('place-name').textContent())?.trim(), 'Erbil');
    const personUrl = irq.url();
    assert.match(personUrl, /\/people\/[0-9a-f-]{36}$/, 'no personal data in the address');
    assert.match((await irq.getByTestId('person-name').textContent()) ?? '', /أحمد حسن علي/);
    step(`registered ${NAME_ARABIC} (${(await irq.getByTestId('person-name').textContent())?.trim()})`);

    // Registering them again: a Latin spelling and the document number (typed differently) find the record first.
    await irq.goto(`${url}/people/new`);
    const again = irq.getByTestId('person-search');
    await again.locator('input[name="searchName"]').fill('Ahmad Hassan Ali');
    await again.locator('input[name="searchDocumentNumber"]').fill('rx 7781 2209');
    await again.locator('button[type="submit"]').click();
    await irq.getByTestId('search-hit').first().waitFor({ timeout: TIMEOUT });
    const top = irq.getByTestId('search-hit').first();
    const reasons = (await top.getByTestId('match-reasons').textContent()) ?? '';
    assert.match(reasons, /Same document number/, 'the top hit says why it matched');
    assert.match(reasons, /Name/);
    assert.match((await top.textContent()) ?? '', /أحمد حسن علي/);
    assert.equal(new URL(await top.getByTestId('open-person').getAttribute('href'), url).href, personUrl);
    step(`search before register finds the record under a Latin spelling: “${reasons.trim()}”`);

    // Opening a case without an assistance basis is refused, and says where to fix it.
    await irq.goto(personUrl);
    await irq.getByTestId('open-case').click();
    await irq.getByTestId('basis-warning').waitFor({ timeout: TIMEOUT });
    await irq.locator('input[name="type"][value="protection"]').check();
    await irq.locator('input[name="situation"][value="stranded"]').check();
    await irq.getByTestId('case-create-submit').click();
    await irq.getByTestId('basis-required').waitFor({ timeout: TIMEOUT });
    assert.equal(
      ((await irq.getByTestId('basis-required').locator('strong').textContent()) ?? '').trim(),
      'The required legal basis is not recorded',
    );
    step('opening a case without a basis: 422 basis_required shown with a link to the consent panel');
    await irq.getByTestId('basis-consent-link').click();
    await irq.getByTestId('consent-panel').waitFor({ timeout: TIMEOUT });

    // Consent for assistance, then for referral to DEMO-LEGAL-SSD.
    const consent = irq.getByTestId('consent-form');
    const withdrawal = consent.locator('input[name="action"][value="withdraw"]');
    assert.equal(await withdrawal.count(), 0, 'nothing granted yet: no withdrawal offered');
    await consent.locator('select[name="purpose"]').selectOption('assistance');
    await consent.locator('select[name="basis"]').selectOption('consent');
    await consent
      .locator('textarea[name="informationGiven"]')
      .fill('Explained in Arabic: case management by IOM Iraq, who sees the data, right to withdraw.');
    await consent.getByTestId('consent-submit').click();
    await irq
      .locator('[data-testid="consent-state"][data-purpose="assistance"][data-status="granted"]')
      .waitFor({ timeout: TIMEOUT });
    await consent.locator('select[name="purpose"]').selectOption('referral');
    // The recipient is picked from the partner directory; its option carries the organisation id.
    const recipient = consent.locator('select[name="recipientOrganisationId"]');
    const ssdOrgId = (await recipient.locator('option[data-code="DEMO-LEGAL-SSD"]').getAttribute('value')) ?? '';
    assert.match(ssdOrgId, /^[0-9a-f-]{36}$/);
    await recipient.selectOption(ssdOrgId);
    await consent.locator('select[name="basis"]').selectOption('consent');
    await consent
      .locator('textarea[name="informationGiven"]')
      .fill('Explained: referral to the Juba legal aid network for legal assistance; only the minimal data is shared.');
    await consent.getByTestId('consent-submit').click();
    await irq
      .locator(
        `[data-testid="consent-state"][data-purpose="referral"][data-recipient="${ssdOrgId}"][data-status="granted"]`,
      )
      .waitFor({ timeout: TIMEOUT });
    assert.equal(await irq.getByTestId('consent-event').count(), 2, 'two events in the history');
    // A withdrawal is offered for the purposes granted now, and only those.
    await withdrawal.check();
    const purposes = await consent.locator('select[name="purpose"] option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(purposes, ['', 'assistance', 'referral']);
    await consent.locator('input[name="action"][value="grant"]').check();
    step('consent recorded for assistance and for referral to DEMO-LEGAL-SSD; only those can be withdrawn');

    // A trafficking case with HTCDS fields.
    await irq.getByTestId('open-case').click();
    await irq.locator('input[name="type"][value="trafficking"]').check();
    const caseForm = irq.getByTestId('case-form-trafficking');
    await caseForm.locator('select[name="traffickingStatus"]').selectOption('PossibleVictimOfTrafficking');
    await caseForm.locator('input[name="exploitationTypes"][value="ForcedLabour"]').check();
    await caseForm.locator('select[name="forcedLabourIndustry"]').selectOption('F_Construction');
    await caseForm.locator('input[name="methodsOfControl"][value="WithholdsDocuments"]').check();
    await caseForm.locator('input[name="recruitmentMethods"][value="ThroughOnlineSocialNetworks"]').check();
    await irq.getByTestId('case-create-submit').click();
    await irq.getByTestId('case-reference').waitFor({ timeout: TIMEOUT });
    const reference = ((await irq.getByTestId('case-reference').textContent()) ?? '').trim();
    assert.match(reference, /^VOT-\d{4}-\d{6}$/);
    const caseUrl = irq.url();
    assert.match((await irq.getByTestId('case-form-view').textContent()) ?? '', /Construction/);
    step(`opened trafficking case ${reference}`);

    // Refer it.
    const refer = irq.getByTestId('refer-form');
    // Sent without a recipient: one message under the field, not the contract's two run together.
    await irq.getByTestId('refer-submit').click();
    const noRecipient = refer.locator('.partner-select .field-issues li');
    await noRecipient.first().waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await noRecipient.allTextContents(), ['This is required.']);
    await refer.locator('select[name="toOrganisationId"]').selectOption(ssdOrgId);
    await refer.locator('select[name="serviceType"]').selectOption('legal_assistance');
    await refer.locator('select[name="reason"]').selectOption('AdditionalServicesRequired');
    await refer.locator('textarea[name="message"]').fill('Needs help with a residence permit; speaks Arabic only.');
    await refer.locator('input[name="dueOn"]').fill('2030-01-31');
    await irq.getByTestId('refer-submit').click();
    await irq
      .locator('[data-testid="case-referral-list"] [data-testid="referral-row"][data-status="sent"]')
      .waitFor({ timeout: TIMEOUT });
    step('referred to DEMO-LEGAL-SSD (status sent)');

    // The partner's supervisor: a sensitive referral, seen without the person; accepts and assigns it.
    await ssdSup.getByTestId('nav-referrals').click();
    await ssdSup
      .locator('[data-testid="referral-inbox"] [data-testid="referral-row"]')
      .first()
      .waitFor({ timeout: TIMEOUT });
    assert.equal(
      ((await ssdSup.getByTestId('referral-row-assignee').first().textContent()) ?? '').trim(),
      'Not assigned yet',
    );
    await ssdSup.getByTestId('open-referral').first().click();
    await ssdSup.getByTestId('referral-restricted').waitFor({ timeout: TIMEOUT });
    assert.equal(await ssdSup.getByTestId('referral-person').count(), 0, 'the supervisor does not see the person');
    assert.ok(!(await ssdSup.locator('body').textContent())?.includes(NAME_ARABIC));
    await ssdSup.getByTestId('referral-accept').click();
    await ssdSup.locator('[data-testid="referral-status"][data-status="accepted"]').waitFor({ timeout: TIMEOUT });
    assert.ok(await ssdSup.getByTestId('referral-assign-first').isVisible(), 'services wait for the assignee');
    const assignForm = ssdSup.getByTestId('referral-assign');
    const peter = assignForm.locator('select[name="userId"] option', { hasText: 'Peter Deng' });
    await peter.waitFor({ state: 'attached', timeout: TIMEOUT });
    // The administrator-supervisor is no caseworker: not offered the sensitive referral, and told why.
    assert.equal(await assignForm.locator('select[name="userId"] option', { hasText: 'Grace Akol' }).count(), 0);
    await assignForm.getByText('Only caseworkers work on a sensitive record').waitFor({ timeout: TIMEOUT });
    await assignForm.locator('select[name="userId"]').selectOption((await peter.getAttribute('value')) ?? '');
    await ssdSup.getByTestId('referral-assign-submit').click();
    await ssdSup.getByTestId('referral-assignee').filter({ hasText: 'Peter Deng' }).waitFor({ timeout: TIMEOUT });
    step('DEMO-LEGAL-SSD supervisor accepts without seeing the person and assigns it to Peter Deng');

    // Peter Deng's bell says so at once, without his name or the person's.
    await ssd.getByTestId('notification-bell').click();
    const assignedNotice = ssd
      .getByTestId('notification')
      .filter({ hasText: /Referral R-[0-9A-F]{8} was assigned to you\./ });
    await assignedNotice.first().waitFor({ timeout: TIMEOUT });
    assert.ok(!((await ssd.getByTestId('notification-list').textContent()) ?? '').includes(NAME_ARABIC));
    // The notice names the referral by its reference, which its page and the lists show too.
    const referralRef = /R-[0-9A-F]{8}/.exec((await assignedNotice.first().textContent()) ?? '')?.[0] ?? '';
    assert.ok(referralRef, 'the notice gives the referral’s reference');
    step(`Peter Deng’s notifications: “${((await assignedNotice.first().locator('bdi').textContent()) ?? '').trim()}”`);

    // The assigned caseworker: inbox, minimal data, service, close.
    await ssd.getByTestId('nav-referrals').click();
    const inboxRow = ssd
      .locator('[data-testid="referral-inbox"] [data-testid="referral-row"][data-status="accepted"]')
      .filter({ has: ssd.getByTestId('referral-row-reference').getByText(referralRef, { exact: true }) });
    await inboxRow.waitFor({ timeout: TIMEOUT });
    await inboxRow.getByTestId('open-referral').click();
    await ssd.getByTestId('referral-shared').waitFor({ timeout: TIMEOUT });
    assert.equal(((await ssd.getByTestId('referral-reference').textContent()) ?? '').trim(), referralRef);
    assert.match((await ssd.getByTestId('referral-heading').textContent()) ?? '', /Referral received/);
    step(`the inbox and the referral’s page show its reference ${referralRef}, as the notice gave it`);
    assert.match((await ssd.getByTestId('referral-person').textContent()) ?? '', /أحمد حسن علي/);
    const shared = (await ssd.getByTestId('referral-shared').textContent()) ?? '';
    assert.ok(!shared.includes('RX-7781-2209'), 'documents are not shared');
    assert.ok(!(await ssd.locator('body').textContent())?.includes('Construction'), 'the case form is not shared');
    step('the assigned caseworker sees only the minimal data');
    const svc = ssd.getByTestId('referral-service-form');
    assert.equal(await svc.locator('select[name="serviceType"]').inputValue(), 'legal_assistance');
    await svc.locator('input[name="amount"]').fill('50');
    await svc.locator('select[name="currency"]').selectOption('USD');
    await svc.locator('textarea[name="description"]').fill('Legal counselling and filing of the application.');
    // A day before the referral was sent is a slip: the form names the first day it takes, in words.
    const day = svc.locator('input[name="deliveredOn"]');
    const today = await day.inputValue();
    await day.fill('2000-01-01');
    await ssd.getByTestId('referral-service-submit').click();
    const issue = svc.locator('.field-issues', { hasText: 'Must not be before' });
    await issue.waitFor({ timeout: TIMEOUT });
    const said = ((await issue.textContent()) ?? '').trim();
    assert.match(said, /^Must not be before [A-Z][a-z]+ \d{1,2}, 20\d\d\.$/, said);
    assert.equal(await ssd.getByTestId('referral-service').count(), 0, 'nothing was recorded');
    step(`a service dated before the referral was sent is refused, the day named under its field: “${said}”`);
    await day.fill(today);
    await ssd.getByTestId('referral-service-submit').click();
    await ssd.locator('[data-testid="referral-status"][data-status="service_delivered"]').waitFor({ timeout: TIMEOUT });
    await ssd.getByTestId('referral-service').first().waitFor();

    // The supervisor's page still shows the version before the service: reassigning on it is refused, said plainly.
    await ssdSup.getByTestId('referral-assign-submit').click();
    await ssdSup
      .getByTestId('referral-assign')
      .getByText('Someone else changed this record after you opened it')
      .waitFor({ timeout: TIMEOUT });
    await ssdSup
      .locator('[data-testid="referral-status"][data-status="service_delivered"]')
      .waitFor({ timeout: TIMEOUT });
    step('a stale reassignment is refused (412) with a clear message, and the latest version is shown');
    const closeForm = ssd.getByTestId('referral-close-form');
    await closeForm.locator('textarea[name="outcome"]').fill(OUTCOME);
    await ssd.getByTestId('referral-close-submit').click();
    await ssd.locator('[data-testid="referral-status"][data-status="closed"]').waitFor({ timeout: TIMEOUT });
    step('DEMO-LEGAL-SSD recorded a service (USD 50) and closed with an outcome');

    // The partner's supervisor names a colleague who may see the sensitive referral, then ends it. (Not herself: a
    // supervisor without the caseworker role never lets herself in.) The colleague joins the organisation now.
    const joined = spawnSync(
      process.execPath,
      [
        path.join(root, 'apps/server/bin/corridor.js'),
        'user',
        'create',
        '--email',
        'mary.lado@demo.corridor.invalid',
        '--name',
        'Mary Lado',
        '--org',
        'DEMO-LEGAL-SSD',
        '--roles',
        'caseworker',
      ],
      {
        env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', CORRIDOR_DATA_DIR: dir },
        encoding: 'utf8',
      },
    );
    assert.equal(joined.status, 0, joined.stderr);
    await ssdSup.reload();
    const access = ssdSup.getByTestId('referral-access');
    await access.waitFor({ timeout: TIMEOUT });
    const mary = access.locator('select[name="userId"] option', { hasText: 'Mary Lado' });
    await mary.waitFor({ state: 'attached', timeout: TIMEOUT });
    await access.locator('select[name="userId"]').selectOption((await mary.getAttribute('value')) ?? '');
    await access.locator('textarea[name="reason"]').fill('Reviewing the legal file with Peter.');
    await access.locator('[data-testid="referral-access-grant"] button[type="submit"]').click();
    await access.locator('li', { hasText: 'Reviewing the legal file with Peter.' }).waitFor({ timeout: TIMEOUT });
    await access.locator('li button.danger').first().click();
    await access.locator('li').first().waitFor({ state: 'detached', timeout: TIMEOUT });
    step('the partner supervisor gives a named colleague access to the sensitive referral, with a reason, and ends it');

    // Back at IOM Iraq: the outcome and the service are visible.
    await irq.goto(caseUrl);
    await irq
      .locator('[data-testid="case-referral-list"] [data-testid="referral-row"][data-status="closed"]')
      .waitFor({ timeout: TIMEOUT });
    assert.equal(
      (
        (await irq
          .locator('[data-testid="case-referral-list"] [data-testid="referral-row-reference"]')
          .textContent()) ?? ''
      ).trim(),
      referralRef,
      'the case’s referrals show the reference',
    );
    const serviceRow = irq.locator('[data-testid="case-service"]').first();
    await serviceRow.waitFor({ timeout: TIMEOUT });
    assert.match((await serviceRow.textContent()) ?? '', /via a referral/);
    assert.match((await serviceRow.textContent()) ?? '', /\$50\.00|US\$50\.00|50\.00/);
    await irq.locator('[data-testid="case-referral-list"] [data-testid="open-referral"]').first().click();
    await irq.getByTestId('referral-outcome').waitFor({ timeout: TIMEOUT });
    assert.equal(((await irq.getByTestId('referral-outcome').textContent()) ?? '').trim(), OUTCOME);
    assert.equal(((await irq.getByTestId('referral-reference').textContent()) ?? '').trim(), referralRef);
    step(`DEMO-IO-IRQ sees the outcome of ${referralRef}: “${OUTCOME}”`);

    // The outbox lists it too, and everything reads right to left in Arabic.
    await irq.getByTestId('language').selectOption('ar');
    await irq.waitForFunction(() => document.documentElement.dir === 'rtl');
    await irq.getByTestId('nav-referrals').click();
    await irq.getByTestId('referrals-outbox').click();
    const outboxRow = irq
      .locator('[data-testid="referral-outbox"] [data-testid="referral-row"][data-status="closed"]')
      .filter({ has: irq.getByTestId('referral-row-reference').getByText(referralRef, { exact: true }) });
    await outboxRow.waitFor({ timeout: TIMEOUT });
    const statusText = (await outboxRow.getByTestId('referral-status').textContent()) ?? '';
    assert.equal(statusText.trim(), 'مغلقة');
    assert.equal(await irq.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    step(`outbox in Arabic, right to left: ${referralRef}, status “${statusText.trim()}”`);
    // The caseworker who sent it was told of each answer, in the language they read in.
    await irq.getByTestId('notification-bell').click();
    const notices = irq.getByTestId('notification-list');
    await notices.getByText('أغلق المتلقي الإحالة', { exact: false }).first().waitFor({ timeout: TIMEOUT });
    await notices.getByText('قُبلت الإحالة', { exact: false }).first().waitFor({ timeout: TIMEOUT });
    assert.ok(((await notices.textContent()) ?? '').includes(referralRef), 'the notices name the same reference');
    step('the sender’s notifications, in Arabic: accepted, then closed by the receiver');

    // A note on the case in Arabic: its line names the author and the time with the Arabic comma between them.
    await irq.goto(caseUrl);
    const noteForm = irq.getByTestId('note-form');
    await noteForm.locator('textarea[name="body"]').fill('تمت متابعة نتيجة الإحالة.');
    await noteForm.locator('button[type="submit"]').click();
    const note = irq.locator('[data-testid="note"]', { hasText: 'تمت متابعة نتيجة الإحالة.' });
    await note.waitFor({ timeout: TIMEOUT });
    const byline = ((await note.locator('.small-text').textContent()) ?? '').trim();
    assert.match(byline, /^أنت، \S/, byline);
    step(`a note in Arabic: “${byline}”`);

    assert.deepEqual(problems, [], 'no CSP violation, page error or name in a URL');
    step('no CSP violation, no page error, no name in any request URL');
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

test('browser: the referral story of a trafficking case between two organisations', {
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
