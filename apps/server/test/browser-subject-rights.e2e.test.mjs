// Subject rights from the person's page, in a real browser (Debian's chromium via playwright-core) against the real
// server on a fresh embedded database:
//   a supervisor of DEMO-IO-IRQ registers a person; a caseworker opening the same page sees no subject-rights panel
//   (the server allows supervisors only); the supervisor downloads everything held about the person (one JSON file,
//   the subject access document), chooses to erase them with a reason, reads a confirmation that names the person
//   and the consequences, and confirms only after ticking that they understand; a caseworker's edit in between makes
//   the first attempt fail with a plain "someone else changed this record" message, the second erases the person,
//   whose page then answers "not found". The panel also reads in Arabic, right to left. A second person, with a
//   consent on record, is anonymised: the consent panel (what they were told) goes at once, the record offers no
//   editing and, reloaded, no second anonymisation; its fixed name reads in the page's language.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app (`npm run build`); builds it when missing. HEADFUL=1 to watch, KEEP=1 to keep the data folder.
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

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 15_000;
const NAME = 'Zainab Qasim Erasable';
const NAME2 = 'Yusra Hadi Erasable';

let step = () => {};

/** Starts `corridor serve` on a free port and a new data folder; resolves once the demo credentials are written. */
async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-subject-'));
  const server = spawn(process.execPath, [path.join(root, 'apps/server/bin/corridor.js'), 'serve'], {
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', CORRIDOR_DATA_DIR: dir },
  });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${log}`)), 60_000);
    const seen = (chunk) => {
      log += chunk;
      const m = /running at (http:\/\/\S+)/.exec(log);
      if (m && log.includes('demo-credentials')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    server.stdout.on('data', seen);
    server.stderr.on('data', (chunk) => {
      log += chunk;
    });
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${log}`)));
  });
  const creds = new Map();
  for (const line of fs.readFileSync(path.join(dir, 'demo-credentials.txt'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [email, password] = line.split('\t');
    creds.set(email.split('@')[0], { email, password });
  }
  return { server, dir, url, creds };
}

/** First sign-in: password, authenticator set-up with a generated code, recovery codes, then the home page. */
async function signIn(page, url, { email, password }) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  const secret = page.getByTestId('totp-secret');
  await secret.waitFor({ timeout: TIMEOUT });
  const base32 = ((await secret.textContent()) ?? '').replace(/\s+/g, '');
  await page.fill('input[name="code"]', new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(base32) }).generate());
  await page.click('button[type="submit"]');
  await page.getByTestId('recovery-codes-saved').click({ timeout: TIMEOUT });
  await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
}

/** Collects CSP violations, page errors and unexpected failed requests; names must never appear in a URL. */
function watch(page, label, problems) {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`${label} CSP: ${m.text()}`);
    // 401 is the session probe before sign-in; 404 and 412 are what the story provokes on purpose.
    else if (m.type() === 'error' && !/status of (401|404|412)/.test(m.text()))
      problems.push(`${label} console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
  page.on('request', (r) => {
    if (/Zainab|Erasable/i.test(decodeURIComponent(r.url()))) problems.push(`${label} name in a URL: ${r.url()}`);
  });
}

/** Registers a person from /people/new (search first, then a new record); resolves on their page, with its address. */
async function register(page, url, name) {
  await page.goto(`${url}/people/new`);
  const lookup = page.getByTestId('person-search');
  await lookup.locator('input[name="searchName"]').fill(name);
  await lookup.locator('button[type="submit"]').click();
  await page.getByTestId('register-new').click({ timeout: TIMEOUT });
  const form = page.getByTestId('person-register');
  await form.locator('input[name="nameLatin"]').fill(name);
  await form.locator('select[name="sex"]').selectOption('female');
  await page.getByTestId('register-submit').click();
  await page
    .locator('[data-testid="person-facts"], [data-testid="register-recheck"]')
    .first()
    .waitFor({ timeout: TIMEOUT });
  if (await page.getByTestId('register-recheck').isVisible()) await page.getByTestId('register-anyway').click();
  await page.getByTestId('person-facts').waitFor({ timeout: TIMEOUT });
  return page.url();
}

async function main() {
  if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    const built = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
    assert.equal(built.status, 0, 'the web app builds');
  }
  const { server, dir, url, creds } = await startServer();
  step(`server at ${url}`);
  const browser = await launchChromium();
  const problems = [];
  try {
    const supContext = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
    const cwContext = await browser.newContext({ locale: 'en-GB' });
    const sup = await supContext.newPage();
    const cw = await cwContext.newPage();
    watch(sup, 'supervisor', problems);
    watch(cw, 'caseworker', problems);
    await signIn(sup, url, creds.get('supervisor.irq'));
    await signIn(cw, url, creds.get('caseworker.irq'));
    step('DEMO-IO-IRQ supervisor and caseworker signed in');

    // The supervisor registers a person (search first, then a new record).
    const personUrl = await register(sup, url, NAME);
    assert.match(personUrl, /\/people\/[0-9a-f-]{36}$/);
    const personId = personUrl.split('/').pop();
    step(`registered ${NAME}`);

    // Only supervisors get the panel: the caseworker sees the person but no subject-rights actions.
    await cw.goto(personUrl);
    await cw.getByTestId('person-facts').waitFor({ timeout: TIMEOUT });
    assert.equal(await cw.getByTestId('subject-rights').count(), 0, 'no subject-rights panel for a caseworker');
    step('the caseworker sees no subject-rights panel');

    // Export everything: one JSON file, the subject access document of this person.
    const panel = sup.getByTestId('subject-rights');
    await panel.waitFor({ timeout: TIMEOUT });
    const [download] = await Promise.all([sup.waitForEvent('download'), sup.getByTestId('subject-export').click()]);
    assert.equal(download.suggestedFilename(), `subject-access-${personId}.json`);
    const doc = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(doc.format, 'corridor.subject-access/1');
    assert.equal(doc.person.id, personId);
    assert.equal(doc.person.name_latin ?? doc.person.nameLatin, NAME);
    await panel.getByText('The file has been downloaded').waitFor({ timeout: TIMEOUT });
    step('“export all data” downloaded the subject access document');

    // A readable copy for the person: made on request (the same audited request), in the interface language, printable.
    await panel.getByTestId('subject-copy-link').click();
    await sup.getByTestId('subject-copy-make').click();
    const copy = sup.getByTestId('subject-copy');
    await copy.waitFor({ timeout: TIMEOUT });
    assert.equal(((await copy.locator('h2').textContent()) ?? '').trim(), NAME);
    assert.match((await copy.getByTestId('person-facts').textContent()) ?? '', /Female/);
    const auditRows = copy.locator('[data-testid="subject-copy-audit"] tbody tr');
    assert.ok((await auditRows.count()) >= 1, 'who read or changed the records');
    assert.match((await copy.getByTestId('subject-copy-audit').textContent()) ?? '', /beneficiary\.create/);
    // Every action is named in words (its code below it), none left as a bare code.
    await copy.getByText('Person registered', { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(
      await copy.locator('[data-testid="subject-copy-audit"] [data-testid="audit-action-name"]').count(),
      await auditRows.count(),
      'each row names its action',
    );
    // The copy in the person's language (Arabic, right to left) while the page stays in the supervisor's.
    await sup.getByTestId('subject-copy-language').selectOption('ar');
    await copy.getByRole('heading', { name: 'السجل', exact: true }).waitFor({ timeout: TIMEOUT });
    assert.match((await copy.getByTestId('person-facts').textContent()) ?? '', /أنثى/);
    await copy.getByText('تسجيل شخص', { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('subject-copy-frame').getAttribute('dir'), 'rtl');
    assert.equal(await sup.evaluate(() => document.documentElement.dir), 'ltr', 'the page stays left to right');
    await sup.getByRole('button', { name: 'Print or save as PDF' }).waitFor({ timeout: TIMEOUT });
    await sup.getByTestId('subject-copy-language').selectOption('en');
    await copy.getByRole('heading', { name: 'The record', exact: true }).waitFor({ timeout: TIMEOUT });
    await sup.emulateMedia({ media: 'print' });
    assert.equal(await sup.locator('.site-header').isVisible(), false, 'printed without the navigation');
    assert.equal(await sup.getByTestId('subject-copy-print').isVisible(), false, 'nor its buttons');
    assert.equal(await copy.isVisible(), true);
    await sup.emulateMedia({ media: 'screen' });
    step('a readable copy, in English then in Arabic beside an English page, printed without the navigation');
    await sup.goto(personUrl);
    await panel.waitFor({ timeout: TIMEOUT });

    // In Arabic the panel reads right to left.
    await sup.getByTestId('language').selectOption('ar');
    await sup.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.equal(((await panel.locator('h2').textContent()) ?? '').trim(), 'حقوق صاحب البيانات');
    await sup.getByTestId('language').selectOption('en');
    await sup.waitForFunction(() => document.documentElement.dir === 'ltr');

    // Erase: reason, then a confirmation that names the person and what will go; confirm needs the tick.
    const erase = sup.getByTestId('subject-erase');
    await erase.getByLabel('Erase', { exact: true }).check();
    await erase.locator('select[name="reason"]').selectOption('subject_request');
    await sup.getByTestId('subject-erase-review').click();
    const confirm = sup.getByTestId('subject-erase-confirm');
    await confirm.waitFor({ timeout: TIMEOUT });
    const consequences = (await sup.getByTestId('subject-erase-consequences').textContent()) ?? '';
    assert.match(consequences, new RegExp(NAME));
    assert.match(consequences, /identity documents/);
    assert.match(consequences, /partner organisations/);
    assert.match((await confirm.textContent()) ?? '', /cannot be undone/);
    assert.ok(await sup.getByTestId('subject-erase-confirm-submit').isDisabled(), 'disabled until ticked');
    await confirm.locator('input[name="understood"]').check();
    step('the confirmation names the person and the consequences');

    // Meanwhile the caseworker changes the record: the supervisor's erasure of what they saw is refused, plainly.
    await cw.getByTestId('edit-person').click();
    await cw.getByTestId('person-edit').locator('input[name="givenName"]').fill('Zainab');
    await cw.getByTestId('person-edit').locator('button[type="submit"]').click();
    await cw.getByText('Changes saved.').waitFor({ timeout: TIMEOUT });
    await sup.getByTestId('subject-erase-confirm-submit').click();
    await erase.getByText('Someone else changed this record after you opened it').waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('subject-erase-confirm').count(), 0, 'back to the choice, nothing erased');
    step('an erasure based on a stale version is refused (412) with a clear message');

    // Second attempt, on the latest version: erased.
    await sup.getByTestId('subject-erase-review').click();
    await sup.getByTestId('subject-erase-confirm').locator('input[name="understood"]').check();
    await sup.getByTestId('subject-erase-confirm-submit').click();
    await sup.locator('[data-testid="subject-erased"][data-mode="erase"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('person-facts').count(), 0, 'nothing of the person stays on the page');
    assert.ok(!((await sup.locator('main').textContent()) ?? '').includes(NAME));
    await sup.goto(personUrl);
    await sup.locator('.problem').first().waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('person-facts').count(), 0);
    step('erased: the page says so, and the person’s address now answers not found');

    // Anonymise a person with a consent on record: every panel that showed them reloads at once, so what they were
    // told goes from the page; the anonymised record offers no editing and, reloaded, no second anonymisation.
    const told = 'Explained to Yusra in Kurdish: case management, who sees the data.';
    await register(sup, url, NAME2);
    const consent = sup.getByTestId('consent-form');
    await consent.locator('select[name="purpose"]').selectOption('assistance');
    await consent.locator('select[name="basis"]').selectOption('consent');
    await consent.locator('textarea[name="informationGiven"]').fill(told);
    await consent.getByTestId('consent-submit').click();
    await sup.getByTestId('consent-history').getByText(told).waitFor({ timeout: TIMEOUT });
    await erase.getByLabel('Anonymise', { exact: true }).check();
    await erase.locator('select[name="reason"]').selectOption('subject_request');
    await sup.getByTestId('subject-erase-review').click();
    await sup.getByTestId('subject-erase-confirm').locator('input[name="understood"]').check();
    await sup.getByTestId('subject-erase-confirm-submit').click();
    await sup.locator('[data-testid="subject-erased"][data-mode="anonymise"]').waitFor({ timeout: TIMEOUT });
    await sup.getByTestId('person-anonymised').waitFor({ timeout: TIMEOUT });
    const shown = (await sup.locator('main').textContent()) ?? '';
    assert.ok(!shown.includes(told) && !shown.includes(NAME2), 'neither what they were told nor their name stays');
    assert.equal(await sup.getByTestId('consent-panel').count(), 0, 'no consent panel for an anonymised person');
    assert.equal(await sup.getByTestId('edit-person').count(), 0, 'no editing of an anonymised record');
    await sup.reload();
    await sup.getByTestId('person-anonymised').waitFor({ timeout: TIMEOUT });
    await erase.getByLabel('Erase', { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await erase.getByLabel('Anonymise', { exact: true }).count(), 0, 'only erasure is left');
    // The stored name is English for everyone: the page words it in its own language (here French).
    await sup.getByTestId('language').selectOption('fr');
    await sup
      .getByTestId('person-name')
      .getByText('Personne anonymisée', { exact: true })
      .waitFor({ timeout: TIMEOUT });
    // So does the people list (its summaries say who is anonymised).
    await sup.locator('.breadcrumb a').click();
    await sup.getByTestId('person-row').getByText('Personne anonymisée', { exact: true }).waitFor({ timeout: TIMEOUT });
    assert.ok(!((await sup.locator('main').textContent()) ?? '').includes('Anonymised person'), 'no English name');
    await sup.getByTestId('language').selectOption('en');
    step('anonymised: the consent history went at once; no editing, no second anonymisation; named in French');

    assert.deepEqual(problems, [], 'no CSP violation, page error or name in a URL');
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

test('browser: export and erasure of a person from their page', { skip, timeout: 240_000 }, async (t) => {
  step = (message) => t.diagnostic(message);
  await main();
});
