// The notification bell and inbox in a real browser (Debian's chromium via playwright-core) against the real server
// on a fresh embedded database: the referral reminders job, run by `corridor jobs run` beside the running server,
// notifies the demo caseworker of DEMO-IO-IRQ; the bell shows the count, the inbox words each notice (English,
// then Arabic, right to left), opening one marks it read, and "mark all" empties the count; then the caseworker
// turns on e-mail copies of their notifications on their account page.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app; builds it when missing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium, signInFirstTime } from './browser-support.mjs';

const root = new URL('../../../', import.meta.url).pathname;
const require = createRequire(path.join(root, 'package.json'));
const SQLite = require('better-sqlite3');

const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 15_000;
const bin = path.join(root, 'apps/server/bin/corridor.js');

async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-bell-'));
  const env = {
    ...process.env,
    DATABASE_URL: '',
    NODE_ENV: 'development',
    PORT: '0',
    LOG_LEVEL: 'warn',
    CORRIDOR_DATA_DIR: dir,
  };
  delete env.DATABASE_URL;
  const server = spawn(process.execPath, [bin, 'serve'], { env });
  let output = '';
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
  const creds = {};
  for (const line of fs.readFileSync(path.join(dir, 'demo-credentials.txt'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [email, password] = line.split('\t');
    creds[email.split('@')[0]] = { email, password };
  }
  return { server, dir, env, url, creds };
}

async function main(step) {
  const { server, dir, env, url, creds } = await startServer();
  step(`server at ${url}`);
  // Two of the caseworker's referrals, sent long ago and never answered: the reminders job finds them overdue.
  const db = new SQLite(path.join(dir, 'corridor.sqlite'));
  const me = db.prepare('select id, organisation_id from users where email = ?').get(creds['caseworker.irq'].email);
  const refs = db
    .prepare("select id from referrals where from_organisation_id = ? and status = 'sent' order by id limit 2")
    .all(me.organisation_id);
  assert.ok(refs.length >= 1, 'the demo has sent referrals of DEMO-IO-IRQ');
  const update = db.prepare(
    "update referrals set sent_by = ?, sent_at = '2026-01-05T09:00:00.000Z', due_on = '2026-01-10' where id = ?",
  );
  for (const r of refs) update.run(me.id, r.id);
  db.close();
  const run = spawnSync(process.execPath, [bin, 'jobs', 'run', 'referral-reminders'], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /referral-reminders done: .*"reminded":[1-9]/);
  step(run.stdout.trim());

  const browser = await launchChromium();
  const problems = [];
  try {
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    page.on('pageerror', (e) => problems.push(String(e)));
    await signInFirstTime(page, url, creds['caseworker.irq'], TIMEOUT);
    const count = page.getByTestId('notification-count');
    await count.waitFor({ timeout: TIMEOUT });
    const before = Number(await count.textContent());
    assert.ok(before >= refs.length, `the bell counts ${before}`);
    step(`bell shows ${before} unread`);
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').waitFor({ timeout: TIMEOUT });
    const texts = await page.getByTestId('notification').allTextContents();
    assert.ok(
      texts.some((s) => /Referral R-[0-9A-F]{8} was not answered by its due date\./.test(s)),
      texts.join('\n'),
    );
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'inbox-en.png'), fullPage: true });
    // opening one marks it read and goes to the referral
    await page.getByTestId('notification-open').first().click();
    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}$/, { timeout: TIMEOUT });
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="notification-count"]')?.textContent ?? '0') === n - 1,
      before,
      { timeout: TIMEOUT },
    );
    step('opening a notice marked it read');
    // Arabic, right to left
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').waitFor({ timeout: TIMEOUT });
    await page.selectOption('select', 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: TIMEOUT });
    await page.getByText('لم يتم الرد على الإحالة', { exact: false }).first().waitFor({ timeout: TIMEOUT });
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'inbox-ar.png'), fullPage: true });
    await page.getByTestId('notifications-mark-all').click();
    await page.getByTestId('notification-count').waitFor({ state: 'detached', timeout: TIMEOUT });
    step('all marked read: the bell shows no count');
    // E-mail copies: off by default; the person ticks the box on their own account page (still in Arabic).
    await page.getByTestId('nav-account').click();
    const settings = page.getByTestId('notification-settings');
    const box = settings.locator('input[name="emailCopies"]');
    await box.waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(() => !document.querySelector('input[name="emailCopies"]')?.disabled, null, {
      timeout: TIMEOUT,
    });
    assert.equal(await box.isChecked(), false, 'off by default');
    await settings.getByText('أرسل إشعاراتي أيضًا بالبريد الإلكتروني').waitFor({ timeout: TIMEOUT });
    await box.check();
    await settings.getByText('من الآن تُرسل إشعاراتك أيضًا بالبريد الإلكتروني.').waitFor({ timeout: TIMEOUT });
    const saved = new SQLite(path.join(dir, 'corridor.sqlite'), { readonly: true });
    assert.equal(saved.prepare('select notify_by_email from users where id = ?').get(me.id).notify_by_email, 1);
    saved.close();
    await page.reload();
    await box.waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(() => document.querySelector('input[name="emailCopies"]')?.checked === true, null, {
      timeout: TIMEOUT,
    });
    step('e-mail copies turned on from the account page, and still on after a reload');
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'account-ar.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.removeAllListeners('exit');
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const skip = fs.existsSync(CHROMIUM)
  ? false
  : process.env.CORRIDOR_REQUIRE_BROWSER === '1'
    ? false
    : `${CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it`;

test('browser: the notification bell and inbox, with referral reminders', { skip, timeout: 180_000 }, async (t) => {
  if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, encoding: 'utf8' });
    assert.equal(b.status, 0, `web build failed: ${b.stderr}`);
  }
  await main((text) => t.diagnostic(text));
});
