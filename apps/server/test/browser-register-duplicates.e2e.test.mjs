// Issue #4, "search-before-register flags likely duplicates", in a real browser (Debian's chromium via playwright-core)
// against the real server on a fresh embedded database with the demo data. A woman is already in the registry
// (imported with the command line); a caseworker of the same organisation registers her again under another spelling,
// with day and month of birth swapped and the same passport. Before the registration is sent the form asks the
// linkage engine (POST /api/linkage/duplicates/check) and shows the existing record with its probability band and
// which fields agreed (never the compared values), in English and in Arabic; the caseworker first opens the existing
// record instead, then, on a second attempt, registers anyway, and the pair waits in the duplicates review, found at
// registration. Needs the built web app (`npm run build`). Skipped, saying why, without chromium unless
// CORRIDOR_REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { browserSkip, launchChromium, root, signInFirstTime, startDemoServer } from './browser-support.mjs';

const TIMEOUT = 30_000;
const WEB_DIST = path.join(root, 'apps/web/dist/index.html');
const skip = browserSkip || (!fs.existsSync(WEB_DIST) ? 'the web app is not built (npm run build)' : false);

/** Search before register, then the form with the new spelling, swapped birth date and the same passport; submit. */
async function attemptRegistration(page, url) {
  await page.goto(`${url}/people/new`);
  const lookup = page.getByTestId('person-search');
  await lookup.locator('input[name="searchName"]').fill('Zainab Karim');
  await lookup.locator('button[type="submit"]').click();
  await page.getByTestId('register-new').click({ timeout: TIMEOUT });
  const form = page.getByTestId('person-register');
  await form.waitFor({ timeout: TIMEOUT });
  // Keyboard users land in what they opened: the form's first field, then the new document's first field.
  const focused = () =>
    page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid="person-register"]'), null, {
    timeout: TIMEOUT,
  });
  assert.equal(await focused(), 'nameOriginal');
  await form.locator('input[name="dateOfBirth"]').fill('1991-07-03');
  await form.locator('select[name="sex"]').selectOption('female');
  await form.getByTestId('add-document').click();
  await page.waitForFunction(
    () => (document.activeElement?.getAttribute('name') ?? '').startsWith('documents.0'),
    null,
    {
      timeout: TIMEOUT,
    },
  );
  assert.equal(await focused(), 'documents.0.type');
  await form.locator('input[name="documents.0.number"]').fill('A7731902');
  // A document added then removed leaves the focus on "Add a document" (it was the last one).
  await form.getByTestId('add-document').click();
  await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'documents.1.type', null, {
    timeout: TIMEOUT,
  });
  await form.locator('.document-row').nth(1).locator('.row-action button').click();
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'add-document', null, {
    timeout: TIMEOUT,
  });
  assert.equal(await form.locator('.document-row').count(), 1);
  await page.getByTestId('register-submit').click();
  await page.getByTestId('register-duplicates').waitFor({ timeout: TIMEOUT });
}

test('registration shows the likely duplicates with their band and agreeing fields; open instead or register anyway', {
  skip,
  timeout: 300_000,
}, async (t) => {
  const { server, dir, url, creds } = await startDemoServer('corridor-register-dup-');
  const browser = await launchChromium();
  const problems = [];
  try {
    t.diagnostic('a woman is already registered (imported with the command line)');
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(
      file,
      [
        'source_id,given_name,family_name,date_of_birth,sex,document_type,document_number',
        'REG-1,Zeinab,Kareem,1991-03-07,female,passport,A7731902',
      ].join('\n'),
    );
    const imported = spawnSync(
      process.execPath,
      [
        path.join(root, 'apps/server/bin/corridor.js'),
        'import',
        file,
        '--org',
        'DEMO-IO-IRQ',
        '--as',
        creds['supervisor.irq'].email,
        '--kind',
        'beneficiaries',
        '--basis',
        'public_interest',
        '--information',
        'Registration explained in Arabic.',
      ],
      { env: { ...process.env, CORRIDOR_DATA_DIR: dir, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(imported.status, 0, imported.stderr);

    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (/Zainab|Karim|A7731902/i.test(decodeURIComponent(r.url())))
        problems.push(`personal data in a URL: ${r.url()}`);
    });
    await signInFirstTime(page, url, creds['caseworker.irq'], TIMEOUT);

    t.diagnostic('the form, before sending, shows the existing record with its band and the fields that agreed');
    await attemptRegistration(page, url);
    const hit = page.getByTestId('register-duplicate').filter({ hasText: 'Kareem' });
    await hit.waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('register-duplicate').count(), 1, 'one likely existing record');
    assert.match(await hit.getAttribute('data-band'), /^(veryLikely|likely)$/);
    assert.match((await hit.getByTestId('duplicate-band').textContent()) ?? '', /ikely the same person/);
    const agreed = (await hit.getByTestId('duplicate-agreed').textContent()) ?? '';
    assert.match(agreed, /^Agree: /);
    assert.match(agreed, /Document number \(Same\)/);
    assert.match(agreed, /Date of birth \(Day and month swapped\)/);
    assert.match(agreed, /Sex \(Same\)/);
    // The existing record is shown by its name and birth date (what the caseworker may see of anyone in the
    // registry); the explanation names fields and kinds of agreement, never the compared document number.
    assert.doesNotMatch((await hit.textContent()) ?? '', /7731902/);
    assert.ok(await page.getByTestId('register-anyway').isVisible(), 'register anyway is offered');

    t.diagnostic('the same panel in Arabic');
    await page.getByTestId('language').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: TIMEOUT });
    await hit.getByText('على الأرجح الشخص نفسه').waitFor({ timeout: TIMEOUT });
    assert.match((await hit.getByTestId('duplicate-agreed').textContent()) ?? '', /^متطابقة: /);
    await page.getByTestId('language').selectOption('en');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr', null, { timeout: TIMEOUT });

    t.diagnostic('the caseworker opens the existing record instead of registering');
    await hit.getByTestId('open-existing').click();
    await page.getByTestId('person-facts').waitFor({ timeout: TIMEOUT });
    assert.match(page.url(), /\/people\/[0-9a-f-]{36}$/);
    const existingId = page.url().split('/').pop();
    assert.match((await page.getByTestId('person-name').textContent()) ?? '', /Kareem/);

    t.diagnostic('a second attempt: this time the caseworker registers anyway; the pair waits in the review');
    await attemptRegistration(page, url);
    await page.getByTestId('register-anyway').click();
    await page.getByTestId('person-facts').waitFor({ timeout: TIMEOUT });
    const newId = page.url().split('/').pop();
    assert.match(newId, /^[0-9a-f-]{36}$/);
    assert.notEqual(newId, existingId);
    await page.getByTestId('nav-duplicates').click();
    await page.getByTestId('duplicates-heading').waitFor({ timeout: TIMEOUT });
    const pair = page.getByTestId('duplicate-pair').filter({ hasText: 'Zainab Karim' }).filter({ hasText: 'Kareem' });
    await pair.waitFor({ timeout: TIMEOUT });
    assert.match((await pair.textContent()) ?? '', /Found at registration/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
});
