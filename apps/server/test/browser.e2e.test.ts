// End to end in a real browser (Debian's chromium through playwright-core) against the real server on a fresh
// embedded database: a newcomer signs in with the printed demo credentials, sets up the authenticator, switches
// to Arabic (the page turns right-to-left), creates an organisation and a user, and finds both in the audit log.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { currentTotp } from '../src/identity/totp.ts';

const CHROMIUM = '/usr/bin/chromium';
const root = new URL('../../../', import.meta.url).pathname;
const dist = path.join(root, 'apps/web/dist');
const skip = fs.existsSync(CHROMIUM)
  ? false
  : process.env.CORRIDOR_REQUIRE_BROWSER === '1'
    ? false
    : `${CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it`;

describe('browser: sign in, Arabic, organisation and user, audit', { skip }, () => {
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let url = '';
  let output = '';
  let dir = '';

  before(async () => {
    if (!fs.existsSync(path.join(dist, 'index.html'))) {
      const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, encoding: 'utf8' });
      assert.equal(b.status, 0, `web build failed: ${b.stderr}`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-e2e-'));
    server = spawn(process.execPath, [path.join(root, 'apps/server/bin/corridor.js'), 'serve'], {
      env: { ...process.env, NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', CORRIDOR_DATA_DIR: dir },
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
      const onData = (d: Buffer) => {
        output += d;
        const m = /running at (http:\/\/\S+)/.exec(output);
        if (m && /demo-credentials/.test(output)) {
          url = m[1]!;
          clearTimeout(timer);
          resolve();
        }
      };
      server.stdout!.on('data', onData);
      server.stderr!.on('data', (d) => {
        output += d;
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    server?.removeAllListeners('exit');
    server?.kill('SIGTERM');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until the signed-in account's language (as the server has it) is `locale`. */
  async function accountLanguageIs(locale: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    let seen = '';
    while (Date.now() < deadline) {
      seen = await page.evaluate(async () => {
        const r = await fetch('/api/auth/session', { credentials: 'same-origin' });
        return ((await r.json()) as { user: { locale: string } }).user.locale;
      });
      if (seen === locale) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(seen, locale, 'the account’s language');
  }

  test('the whole first session of a platform administrator', async () => {
    const email = /Email: +(\S+)/.exec(output)![1]!;
    const password = /Password: +(\S+)/.exec(output)![1]!;
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

    await page.goto(url);
    // Nothing typed: each field is named as required (not "not an email address" or a length).
    await page.click('button[type="submit"]');
    await page.locator('input[name="password"][aria-invalid="true"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.field-issues', { hasText: 'This is required.' }).count(), 2);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');

    // First sign-in: set up the authenticator from the key shown on the page.
    const secretEl = page.getByTestId('totp-secret');
    await secretEl.waitFor({ timeout: 15_000 });
    const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.fill('input[name="code"]', currentTotp(secret, new Date()));
    await page.click('button[type="submit"]');
    await page.getByTestId('recovery-codes').waitFor({ timeout: 15_000 });
    assert.equal(
      ((await page.getByTestId('recovery-codes').textContent()) ?? '').match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/g)
        ?.length,
      10,
    );
    await page.getByTestId('recovery-codes-saved').click();
    await page.getByTestId('home-title').waitFor({ timeout: 15_000 });

    // Arabic: right to left.
    await page.getByTestId('language').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    // The choice is saved to the account too (the language of its e-mails and of a sign-in on another device).
    await accountLanguageIs('ar');

    // Create an organisation.
    await page.getByTestId('nav-organisations').click();
    await page.locator('input[name="code"]').waitFor();
    await page.fill('input[name="code"]', 'E2E-NGO');
    await page.fill('input[name="name"]', 'Shelter network (browser test)');
    await page.selectOption('select[name="kind"]', 'civil_society');
    const country = page.locator('[name="country"]');
    if ((await country.evaluate((el) => el.tagName)) === 'SELECT') await country.selectOption('IRQ');
    else await country.fill('IRQ');
    await page.locator('form:has(input[name="code"]) button[type="submit"]').click();
    await page.getByText('E2E-NGO').first().waitFor({ timeout: 15_000 });
    // Its page: the name keeps its own direction, and the referral intake is named as that organisation's, not "yours".
    await page.locator('a', { hasText: 'Shelter network (browser test)' }).click();
    await page.locator('#intake-title', { hasText: 'Shelter network (browser test)' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('input[name="name"]').getAttribute('dir'), 'auto');

    // Create a user, whose name is one very long word.
    await page.getByTestId('nav-users').click();
    await page.locator('input[name="email"]').waitFor();
    assert.equal(await page.locator('input[name="search"]').getAttribute('maxlength'), '100');
    await page.fill('input[name="email"]', 'e2e.caseworker@test.corridor.invalid');
    await page.fill('input[name="displayName"]', `Browser Test ${'Caseworker'.repeat(18)}`);
    await page.fill('input[name="password"]', 'Tq7!orange-kite-river');
    await page.check('input[name="roles"][value="caseworker"]');
    // A platform administrator chooses the organisation: none is chosen for them.
    const organisation = page.getByTestId('user-create').locator('select[name="organisationId"]');
    assert.equal(await organisation.inputValue(), '');
    await page.locator('form:has(input[name="displayName"]) button[type="submit"]').click();
    await organisation.and(page.locator('[aria-invalid="true"]')).waitFor({ timeout: 15_000 });
    const own = await page.evaluate(async () => {
      const r = await fetch('/api/auth/session', { credentials: 'same-origin' });
      return ((await r.json()) as { organisation: { id: string } }).organisation.id;
    });
    // The platform administrator role is offered only for the platform administrator's own organisation.
    const platformRole = page.getByTestId('user-create').locator('input[name="roles"][value="platform_admin"]');
    await organisation.selectOption({ label: 'Shelter network (browser test) (E2E-NGO)' });
    assert.equal(await platformRole.count(), 0, 'not offered for another organisation');
    await organisation.selectOption(own);
    await platformRole.waitFor();
    await page.locator('form:has(input[name="displayName"]) button[type="submit"]').click();
    await page.getByText('e2e.caseworker@test.corridor.invalid').first().waitFor({ timeout: 15_000 });
    // The long name wraps in its cell: the Email column stays on the screen, and on a phone the name keeps to it.
    const emailHeader = await page.locator('table thead th').nth(1).boundingBox();
    assert.ok(emailHeader && emailHeader.x >= 0 && emailHeader.x + emailHeader.width <= 1280, 'Email column in view');
    await page.setViewportSize({ width: 375, height: 800 });
    const nameCell = await page.locator('td.name-cell', { hasText: 'Browser Test' }).first().boundingBox();
    assert.ok(nameCell && nameCell.width < 375, `the name cell fits a phone (${nameCell?.width})`);
    await page.setViewportSize({ width: 1280, height: 720 });
    // The new colleague forgot their password: the administrator e-mails them a link from their page.
    await page.locator('a', { hasText: 'Browser Test Caseworker' }).first().click();
    await page.getByTestId('user-send-password-link').click();
    await page.locator('.notice', { hasText: 'e2e.caseworker@test.corridor.invalid' }).waitFor({ timeout: 15_000 });
    // They have not set up an authenticator app yet: there is none to reset, and the page says so instead.
    await page.getByTestId('user-no-second-factor').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('user-reset-second-factor').count(), 0);

    // Both actions are in the audit log.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-row').first().waitFor({ timeout: 15_000 });
    const rows = await page.getByTestId('audit-row').allInnerTexts();
    assert.ok(
      rows.some((r) => r.includes('organisation.create')),
      'organisation.create in the audit log',
    );
    assert.ok(
      rows.some((r) => r.includes('user.create')),
      'user.create in the audit log',
    );
    // What was acted on is named in the page's language (Arabic here), not by its code.
    assert.ok(
      rows.some((r) => r.includes('user.create') && r.includes('مستخدم') && !/\buser\b(?!\.)/.test(r)),
      'the entity type in Arabic',
    );
    // Each action is named in the page's language, its code kept beside the name.
    assert.ok(
      rows.some((r) => r.includes('إنشاء منظمة') && r.includes('organisation.create')),
      'organisation.create named in Arabic',
    );
    assert.ok(
      rows.some((r) => r.includes('إنشاء مستخدم') && r.includes('user.create')),
      'user.create named in Arabic',
    );
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl', 'still right to left');

    // The action filter lists the actions by name; choosing one keeps only its entries.
    const option = page.locator('select[name="action"] option[value="user.create"]');
    assert.match((await option.textContent()) ?? '', /^إنشاء مستخدم \(\u2066user\.create\u2069\)$/);
    await page.selectOption('select[name="action"]', 'user.create');
    await page.locator('form.filters button[type="submit"]').click();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('user.create'));
    });
    // The filter is kept in the address: a reload shows the same entries.
    assert.match(page.url(), /[?&]action=user\.create/);
    await page.reload();
    await page.getByTestId('audit-row').first().waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('select[name="action"]').inputValue(), 'user.create');
    assert.ok((await page.getByTestId('audit-row').allInnerTexts()).every((r) => r.includes('user.create')));

    // In English the same entries read by their English names.
    await page.getByTestId('language').selectOption('en');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await accountLanguageIs('en');
    await page
      .getByTestId('audit-action-name')
      .filter({ hasText: 'User created' })
      .first()
      .waitFor({ timeout: 15_000 });
    const english = await page.getByTestId('audit-row').allInnerTexts();
    assert.ok(
      english.some((r) => r.includes('User created') && r.includes('user.create')),
      'user.create named in English',
    );
    assert.equal(
      (await page.locator('select[name="action"] option[value=""]').textContent()) ?? '',
      'All actions',
      'the filter offers all actions in English',
    );
    // Filters the server refuses are said under their fields, in the page's words.
    await page.fill('input[name="actorUserId"]', '12345');
    await page.locator('form.filters button[type="submit"]').click();
    await page.locator('input[name="actorUserId"][aria-invalid="true"]').waitFor({ timeout: 15_000 });
    await page.locator('.field-issues', { hasText: 'This is not a Corridor identifier' }).waitFor();
    await page.fill('input[name="actorUserId"]', '');
    await page.fill('input[name="from"]', '2026-01-02T00:00:00');
    await page.fill('input[name="to"]', '2026-01-01T00:00:00');
    await page.locator('form.filters button[type="submit"]').click();
    await page.locator('input[name="to"][aria-invalid="true"]').waitFor({ timeout: 15_000 });
    await page.locator('.field-issues', { hasText: 'Must not come before the start.' }).waitFor();
    assert.equal(await page.locator('input[name="actorUserId"][aria-invalid="true"]').count(), 0);
    assert.deepEqual(cspViolations, [], 'no Content Security Policy violations');
  });
});
