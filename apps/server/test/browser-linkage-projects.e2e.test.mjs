// Issue #4 done-when, privacy-preserving part, in a real browser (Debian's chromium via playwright-core) against the
// real server on a fresh embedded database with the demo data (../src/linkage/pprl/projects.demo.ts): the Iraq
// mission and the Juba legal-aid network both assist three people, registered under different spellings; the
// platform encoded both registries and matched the encodings. Each caseworker sees which of their own people the
// other organisation also assists, by their own spelling only, with no score, and can go on to the person; the page
// reads right to left in Arabic.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app (`npm run build`); builds it when missing. HEADFUL=1 to watch, KEEP=1 to keep the data folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { browserSkip, launchChromium, root, startDemoServer } from './browser-support.mjs';

const require = createRequire(path.join(root, 'package.json'));
const OTPAuth = require('otpauth');

const TIMEOUT = 20_000;
const totp = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();

/** First sign-in of a caseworker: password, authenticator set-up, recovery codes, home page. */
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

/** Opens the demo project from the navigation and returns the names in its results table. */
async function resultsOf(page) {
  await page.getByTestId('nav-linkage').click();
  await page.getByRole('link', { name: '[Demo] Iraq – South Sudan partners' }).click({ timeout: TIMEOUT });
  const table = page.getByTestId('linkage-results');
  await table.waitFor({ timeout: TIMEOUT });
  const rows = table.locator('tbody tr');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++)
    out.push((await rows.nth(i).locator('td').allTextContents()).map((s) => s.trim()));
  return out;
}

test('browser: each organisation sees which of its people the other also assists, without the other’s names', {
  skip: browserSkip,
  timeout: 240_000,
}, async (t) => {
  if (!process.env.CORRIDOR_WEB_DIST && !fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, encoding: 'utf8' });
    assert.equal(b.status, 0, `web build failed: ${b.stderr}`);
  }
  const { server, dir, url, creds } = await startDemoServer('corridor-linkage-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const irq = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    const ssd = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    for (const [label, page] of [
      ['IRQ', irq],
      ['SSD', ssd],
    ]) {
      page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) problems.push(`${label} CSP: ${m.text()}`);
      });
      page.on('request', (r) => {
        if (/Tamimi|Hussein|Husain|Kareem|Karim/i.test(decodeURIComponent(r.url())))
          problems.push(`${label} name in a URL: ${r.url()}`);
      });
    }

    t.diagnostic('the Iraq caseworker opens the linkage project');
    await signInFirstTime(irq, url, creds['caseworker.irq']);
    const irqRows = await resultsOf(irq);
    assert.deepEqual(
      irqRows.map((r) => r[0]).sort(),
      ['Fatima Hussein', 'Mohammed Al-Tamimi', 'Yousef Kareem'],
      'the Iraq mission sees its own three people, in its own spelling',
    );
    for (const r of irqRows) assert.equal(r[1], '[Demo] Juba Migrant Legal Aid Network');
    const irqText = (await irq.locator('main').textContent()) ?? '';
    for (const theirs of ['Muhammad Tamimi', 'Fatma Husain', 'Yusuf Karim'])
      assert.ok(!irqText.includes(theirs), `the page shows nothing of the partner's records (${theirs})`);
    assert.ok(!irqRows.flat().some((cell) => /\d[.,]\d|%/.test(cell)), 'no similarity score in the results');
    assert.match(irqText, /given name, family name, date of birth, sex/, 'the encoded fields by name');
    assert.ok(!irqText.includes('given_name'), 'not by their identifiers');

    t.diagnostic('the next step: the person’s page, where a case and a referral start');
    await irq.getByTestId('linkage-results').getByRole('link', { name: 'Open the person' }).first().click();
    await irq.waitForURL(/\/people\/[0-9a-f-]{36}$/, { timeout: TIMEOUT });

    t.diagnostic('the Juba caseworker sees the same three people, in Juba’s spelling, known to the Iraq mission');
    await signInFirstTime(ssd, url, creds['caseworker.ssd']);
    const ssdRows = await resultsOf(ssd);
    assert.deepEqual(ssdRows.map((r) => r[0]).sort(), ['Fatma Husain', 'Muhammad Tamimi', 'Yusuf Karim']);
    for (const r of ssdRows) assert.match(r[1], /\[Demo\]/);
    assert.ok(!ssdRows.some((r) => r[1].includes('Juba')), 'Juba is not told about itself');

    t.diagnostic('in Arabic the page reads right to left');
    await ssd.getByTestId('language').selectOption('ar');
    await ssd.getByRole('heading', { name: 'أشخاصك المعروفون أيضًا لدى شريك' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await ssd.getAttribute('html', 'dir'), 'rtl');
    assert.match((await ssd.locator('main').textContent()) ?? '', /الاسم الأول، اسم العائلة/);

    t.diagnostic('the Iraq supervisor imports an encodings file: checked when chosen, sent only once confirmed');
    const sup = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    sup.on('pageerror', (e) => problems.push(`supervisor page error: ${e.message}`));
    const puts = [];
    sup.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith('/encodings')) puts.push(r.url());
    });
    await signInFirstTime(sup, url, creds['supervisor.irq']);
    await sup.getByTestId('nav-linkage').click();
    await sup.getByRole('link', { name: '[Demo] Iraq – South Sudan partners' }).click({ timeout: TIMEOUT });
    await sup.getByTestId('linkage-export').waitFor({ timeout: TIMEOUT });
    const exported = await sup.request.get(`${url}${await sup.getByTestId('linkage-export').getAttribute('href')}`);
    assert.equal(exported.status(), 200);
    const file = await exported.json();
    assert.equal(file.format, 'corridor-clk/1');
    const choose = (name, body) =>
      sup.setInputFiles('#linkage-import', { name, mimeType: 'application/json', buffer: Buffer.from(body) });
    const fileError = sup.getByTestId('linkage-file-error');

    await choose('notes.json', 'not json at all');
    await fileError.waitFor({ timeout: TIMEOUT });
    assert.match((await fileError.textContent()) ?? '', /not JSON/);
    await choose('other.json', JSON.stringify({ hello: 'world' }));
    await sup.getByText('This is not an encodings file').waitFor({ timeout: TIMEOUT });
    await choose('cut.json', JSON.stringify({ ...file, clks: file.clks.slice(1) }));
    await sup.getByText('The file is damaged').waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('linkage-import-send').count(), 0, 'nothing to send from a bad file');

    // (one bit fewer: each encoding still fills the same bytes, so only the project's own length refuses it)
    await choose('wrong-bits.json', JSON.stringify({ ...file, bits: file.bits - 1 }));
    const confirm = sup.getByTestId('linkage-import-confirm');
    await confirm.waitFor({ timeout: TIMEOUT });
    assert.match((await confirm.textContent()) ?? '', new RegExp(`Records in the file: ${file.ids.length}\\.`));
    assert.match((await confirm.textContent()) ?? '', /replaces your organisation’s current encodings/);
    assert.deepEqual(puts, [], 'choosing a file sends nothing');
    await sup.getByTestId('linkage-import-send').click();
    await sup.getByText('Length of the encodings (bits)').waitFor({ timeout: TIMEOUT });
    assert.ok(!((await sup.locator('main').textContent()) ?? '').includes('/bits'), 'no JSON pointer shown');
    assert.equal(puts.length, 1);

    await choose('ours.json', JSON.stringify(file));
    await sup.getByTestId('linkage-import-send').click();
    await sup.getByText(`Encodings imported: ${file.ids.length}.`).waitFor({ timeout: TIMEOUT });
    assert.equal(await sup.getByTestId('linkage-import-confirm').count(), 0);
    assert.deepEqual(problems, [], 'no page error, CSP violation or name in a URL');
  } finally {
    await browser.close();
    server.removeAllListeners('exit');
    server.kill('SIGTERM');
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else t.diagnostic(`data kept in ${dir}`);
  }
});
