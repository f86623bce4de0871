// The import page walked through in Debian's chromium (playwright-core) against the real server on a fresh
// embedded database with the demo data. Part of `npm test` (skipped, saying why, without chromium unless
// CORRIDOR_REQUIRE_BROWSER=1).
// A caseworker signs in (setting up TOTP), opens Import from the navigation, checks a broken copy of
// docs/examples/beneficiaries.csv (every bad row listed, nothing imported), checks and imports the good file,
// re-imports it (all unchanged), imports trafficking cases and services (no declaration), and reads the page in Arabic.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium } from './browser-support.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const require = createRequire(path.join(root, 'package.json'));
const OTPAuth = require('otpauth');

const TIMEOUT = 15_000;
const totp = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();

async function story(URL_, DATA, step) {
  const creds = {};
  for (const line of fs.readFileSync(path.join(DATA, 'demo-credentials.txt'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [email, password] = line.split('\t');
    creds[email.split('@')[0]] = { email, password };
  }

  const example = (name) => fs.readFileSync(path.join(root, 'docs/examples', name));
  const good = example('beneficiaries.csv');
  // Two bad rows: an impossible date (row 3) and an unknown sex (row 5).
  const broken = Buffer.from(
    good
      .toString('utf8')
      .replace('1991-03-14', '1991-02-30')
      .replace('EX-0003,Samuel,Specimen,,1987-01-01,male', 'EX-0003,Samuel,Specimen,,1987-01-01,robot'),
  );

  async function pick(page, name, buffer) {
    await page.setInputFiles('input[name="file"]', { name, mimeType: 'text/csv', buffer });
  }

  async function report(page) {
    const r = page.getByTestId('import-report');
    await r.waitFor({ timeout: TIMEOUT });
    const num = async (id) => Number(((await r.getByTestId(id).textContent()) ?? '').replace(/\D/g, ''));
    return {
      dryRun: (await r.getAttribute('data-dry-run')) === 'true',
      rows: await num('import-rows'),
      created: await num('import-created'),
      updated: await num('import-updated'),
      skipped: await num('import-skipped'),
      hxl: ((await r.getByTestId('import-hxl').textContent()) ?? '').trim(),
      ignored: ((await r.getByTestId('import-ignored').textContent()) ?? '').trim(),
    };
  }

  const browser = await launchChromium();
  const problems = [];
  try {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
      else if (m.type() === 'error' && !/status of (401|422)/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const posts = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/imports')) posts.push({ key: r.headers()['idempotency-key'], body: r.postDataJSON() });
    });

    // First sign-in: password, authenticator, recovery codes.
    const { email, password } = creds['caseworker.irq'];
    await page.goto(URL_);
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
    step('caseworker signed in');

    await page.getByTestId('nav-import').click();
    await page.locator('select[name="kind"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('h1').textContent(), 'Import a file');
    assert.ok(await page.getByTestId('import-help').isVisible());
    // The file input is worded in the interface's language (not the browser's), and says nothing is chosen yet.
    const pickerFace = page.locator('[data-testid="import-form"] .file-picker .button');
    const pickedName = page.getByTestId('file-picker-name');
    assert.equal((await pickerFace.textContent())?.trim(), 'Choose a file');
    assert.equal((await pickedName.textContent())?.trim(), 'No file chosen');
    step('Import in the navigation; page and column help shown');

    // Nothing chosen: the form says what is missing without sending anything.
    await page.getByTestId('import-check').click();
    await page.locator('.field-invalid').first().waitFor({ timeout: TIMEOUT });
    const invalid = await page.locator('.field-invalid').count();
    assert.ok(invalid >= 3, `file, basis and information flagged (${invalid})`);
    assert.equal(posts.length, 0);
    step(`empty form: ${invalid} fields flagged, no request sent`);

    // A broken copy: every bad row with its reason, nothing imported.
    await page.selectOption('select[name="kind"]', 'beneficiaries');
    await pick(page, 'beneficiaries-broken.csv', broken);
    await page.selectOption('select[name="basis"]', 'public_interest');
    await page.fill(
      'textarea[name="informationGiven"]',
      'Registration for assistance explained in Tigrinya; rights and contacts given.',
    );
    await page.getByTestId('import-submit').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: TIMEOUT });
    const rows = await errors.getByTestId('import-error-row').all();
    const listed = [];
    for (const r of rows) listed.push(`${await r.getAttribute('data-row')}:${await r.getAttribute('data-column')}`);
    step(`broken file rejected: ${rows.length} problems (${listed.join(', ')})`);
    for (const r of rows) step(`   ${((await r.textContent()) ?? '').replace(/\s+/g, ' ')}`);
    assert.ok(listed.includes('3:date_of_birth'), 'row 3 date_of_birth');
    assert.ok(listed.includes('5:sex'), 'row 5 sex');
    // In English too, a row's problem is worded as the forms word it, not in the contract's raw words.
    const sexProblem =
      (await errors.locator('[data-testid="import-error-row"][data-column="sex"]').first().textContent()) ?? '';
    assert.doesNotMatch(sexProblem, /Invalid option|expected one of/, sexProblem);
    assert.match(sexProblem, /female, male/, sexProblem);
    assert.match(await page.getByTestId('import-nothing-imported').textContent(), /Nothing was imported/);
    assert.equal(posts.at(-1).body.validateOnly, false);
    assert.ok(posts.at(-1).key, 'Idempotency-Key sent');

    // The good file: check only, then import, then import again.
    await pick(page, 'beneficiaries.csv', good);
    await page.getByTestId('import-check').click();
    let rep = await report(page);
    step(`check only: ${JSON.stringify(rep)}`);
    assert.equal(rep.dryRun, true);
    assert.equal(rep.created, 3);
    assert.equal(posts.at(-1).body.validateOnly, true);
    assert.equal(Buffer.from(posts.at(-1).body.content, 'base64').toString('utf8'), good.toString('utf8'));

    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid="import-report"][data-dry-run="false"]').waitFor({ timeout: TIMEOUT });
    rep = await report(page);
    step(`import: ${JSON.stringify(rep)}`);
    assert.equal(rep.created, 3);
    assert.equal(rep.hxl, 'Detected');

    await page.getByTestId('import-submit').click();
    await page
      .getByTestId('import-report')
      .waitFor({ state: 'detached', timeout: TIMEOUT })
      .catch(() => {});
    rep = await report(page);
    step(`import again: ${JSON.stringify(rep)}`);
    assert.equal(rep.created, 0);
    assert.equal(rep.skipped, 3);
    const keys = posts.map((p) => p.key);
    assert.equal(new Set(keys).size, keys.length, 'a fresh key per distinct request');

    // Trafficking cases in HTCDS columns.
    await page.selectOption('select[name="kind"]', 'trafficking-cases');
    await pick(page, 'trafficking-cases-htcds.csv', example('trafficking-cases-htcds.csv'));
    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid="import-report"][data-dry-run="false"]').waitFor({ timeout: TIMEOUT });
    rep = await report(page);
    step(`trafficking cases: ${JSON.stringify(rep)}`);
    assert.equal(rep.created, 2);

    // Services: no declaration asked.
    await page.selectOption('select[name="kind"]', 'services');
    assert.equal(await page.locator('select[name="basis"]').count(), 0);
    await pick(page, 'services.csv', example('services.csv'));
    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid="import-report"][data-dry-run="false"]').waitFor({ timeout: TIMEOUT });
    rep = await report(page);
    step(`services: ${JSON.stringify(rep)}`);
    assert.equal(rep.created, 3);
    assert.equal(posts.at(-1).body.basis, undefined);

    // Arabic, right to left.
    await page.locator('.language-select select').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'استيراد ملف');
    await page.selectOption('select[name="kind"]', 'beneficiaries');
    await pick(page, 'beneficiaries-broken.csv', broken);
    assert.equal((await pickerFace.textContent())?.trim(), 'اختر ملفًا', 'the file input in Arabic');
    assert.equal((await pickedName.textContent())?.trim(), 'beneficiaries-broken.csv', 'the chosen file named');
    await page.selectOption('select[name="basis"]', 'public_interest');
    await page.fill('textarea[name="informationGiven"]', 'شرح التسجيل للمساعدة.');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-errors').waitFor({ timeout: TIMEOUT });
    step(`Arabic: ${await page.locator('#import-errors-title').textContent()}`);
    // The problems in Arabic too: a validation issue as the forms word it, an import's own problem by its code.
    const sexRow = page.locator('[data-testid="import-error-row"][data-row="5"][data-column="sex"] td').nth(2);
    // The codes the column takes, listed (a person who wrote "femme" or "أنثى" sees what to write instead).
    assert.equal(
      (await sexRow.textContent())?.trim(),
      'يجب أن يكون أحد هذه الرموز: \u2066female, male, intersex, unknown\u2069.',
    );
    assert.equal(await sexRow.getAttribute('lang'), null, 'not marked as English');
    await page.selectOption('select[name="kind"]', 'services');
    await pick(page, 'services-no-type.csv', Buffer.from('source_id,case_id,delivered_on\nS-1,x,2026-01-01\n'));
    await page.getByTestId('import-check').click();
    const missing = page.locator('[data-testid="import-error-row"][data-row="1"] td').nth(2);
    await missing.first().waitFor({ timeout: TIMEOUT });
    const missingText = (await page.getByTestId('import-errors').textContent()) ?? '';
    step(`Arabic, a services file without service_type: ${missingText.replace(/\s+/g, ' ').slice(0, 300)}`);
    assert.ok(
      missingText.includes('لا يحتوي الملف على العمود service_type، وهو لازم لهذا النوع من الملفات.'),
      'the missing column named in Arabic',
    );

    // A file that is neither CSV nor XLSX by name is refused before sending.
    const before = posts.length;
    await page.locator('.language-select select').selectOption('en');
    await pick(page, 'people.txt', good);
    await page.getByTestId('import-check').click();
    await page.locator('.field-invalid input[name="file"]').waitFor({ timeout: TIMEOUT });
    assert.equal(posts.length, before);
    step('a .txt file is refused in the page');
  } finally {
    await browser.close();
  }
  assert.deepEqual(problems, [], 'no console errors, no CSP violations');
  step('no console errors, no CSP violations');
}

const CHROMIUM = '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM)
  ? false
  : process.env.CORRIDOR_REQUIRE_BROWSER === '1'
    ? false
    : `${CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it`;

test('browser: the import page reports every bad row, imports all or nothing, re-imports without duplicates', {
  skip,
  timeout: 240_000,
}, async (t) => {
  if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, encoding: 'utf8' });
    assert.equal(b.status, 0, `web build failed: ${b.stderr}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-import-ui-'));
  const server = spawn(process.execPath, [path.join(root, 'apps/server/bin/corridor.js'), 'serve'], {
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', CORRIDOR_DATA_DIR: dir },
  });
  let output = '';
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
      server.stdout.on('data', (d) => {
        output += d;
        const m = /running at (http:\/\/\S+)/.exec(output);
        if (m && /demo-credentials/.test(output)) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      server.stderr.on('data', (d) => {
        output += d;
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
    });
    await story(url, dir, (text) => t.diagnostic(text));
  } finally {
    server.removeAllListeners('exit');
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
