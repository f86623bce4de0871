// A person's own second factor on their account page, in a real browser (Debian's chromium via playwright-core)
// against the real server on a fresh embedded database: the demo caseworker of DEMO-IO-IRQ sets up the app at first
// sign-in and keeps the recovery codes; on the account page they see ten of ten left; moving the app to a new phone
// asks for the password and a code (a wrong one is refused on the form), here one of the recovery codes; the new
// app's key is shown, its code turns it on and new recovery codes replace the old ones. Signing in again, the old
// app's code is refused and the new one's accepted. New recovery codes, asked for with a code of the new set, leave
// ten of ten again; the password changes from the same page; the section reads in Arabic, right to left.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app; builds it when missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { browserSkip, launchChromium, root, startDemoServer } from './browser-support.mjs';

const require = createRequire(path.join(root, 'package.json'));
const OTPAuth = require('otpauth');
const TIMEOUT = 15_000;

const totp = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
/** Waits for the next 30-second step: the server never accepts a step it has already seen for the account. */
const nextStep = () => new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));

async function shownSecret(page) {
  const el = page.getByTestId('totp-secret');
  await el.waitFor({ timeout: TIMEOUT });
  return ((await el.textContent()) ?? '').replace(/\s+/g, '');
}

async function shownCodes(page) {
  const list = page.getByTestId('recovery-codes');
  await list.waitFor({ timeout: TIMEOUT });
  return (await list.locator('code').allTextContents()).map((c) => c.trim());
}

async function passwordStep(page, url, { email, password }) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

async function main(step) {
  if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
    assert.equal(b.status, 0, 'web build');
  }
  const { server, dir, url, creds } = await startDemoServer('corridor-factor-');
  const me = creds['caseworker.irq'];
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();

    // First sign-in: the app is set up and the recovery codes kept.
    await passwordStep(page, url, me);
    const first = await shownSecret(page);
    await page.fill('input[name="code"]', totp(first).generate());
    await page.click('button[type="submit"]');
    const codes = await shownCodes(page);
    assert.equal(codes.length, 10);
    await page.getByTestId('recovery-codes-saved').click();
    await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
    step('first sign-in with the app set up');

    await page.goto(`${url}/account`);
    const section = page.getByTestId('second-factor');
    await section.getByTestId('codes-left').waitFor({ timeout: TIMEOUT });
    assert.equal((await section.getByTestId('codes-left').textContent())?.trim(), '10 of 10 unused');
    assert.match((await section.getByTestId('factor-state').textContent()) ?? '', /^Set up on /);

    // Moving to a new phone: a wrong code is refused on the form, nothing changes.
    await section.getByRole('button', { name: 'Move to another device' }).click();
    const confirm = section.getByTestId('confirm-identity');
    // Nothing typed: each field is named as required before anything is sent.
    await confirm.getByRole('button', { name: 'Continue' }).click();
    await confirm.locator('input[name="password"][aria-invalid="true"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await confirm.locator('.field-issues', { hasText: 'This is required.' }).count(), 2);
    await confirm.locator('input[name="password"]').fill(me.password);
    const wrong = totp(first).generate() === '000000' ? '111111' : '000000';
    await confirm.locator('input[name="code"]').fill(wrong);
    await confirm.getByRole('button', { name: 'Continue' }).click();
    await confirm.getByText('The code is not correct or was already used.').waitFor({ timeout: TIMEOUT });
    // With a recovery code instead (the old phone lost), the new app's key is shown.
    await confirm.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await confirm.locator('input[name="recoveryCode"]').fill(codes[0]);
    await confirm.getByRole('button', { name: 'Continue' }).click();
    const second = await shownSecret(page);
    assert.notEqual(second, first);
    await section.getByText('When you turn it on, the old app stops working').waitFor({ timeout: TIMEOUT });
    await section.locator('input[name="code"]').fill(totp(second).generate());
    await section.getByRole('button', { name: 'Turn on' }).click();
    const fresh = await shownCodes(page);
    assert.equal(fresh.filter((c) => codes.includes(c)).length, 0, 'a new set of recovery codes');
    await page.getByTestId('recovery-codes-saved').click();
    await section.getByText('Your authenticator app has moved to the new device.').waitFor({ timeout: TIMEOUT });
    assert.equal((await section.getByTestId('codes-left').textContent())?.trim(), '10 of 10 unused');
    step('the app moved to the new device with a recovery code');

    // Signing in again: the old app's code is refused, the new one's accepted.
    await page.getByRole('button', { name: 'Sign out' }).last().click();
    await nextStep();
    await passwordStep(page, url, me);
    await page.fill('input[name="code"]', totp(first).generate());
    await page.click('button[type="submit"]');
    await page.getByText('The code is not correct or was already used.').waitFor({ timeout: TIMEOUT });
    await page.fill('input[name="code"]', totp(second).generate());
    await page.click('button[type="submit"]');
    await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
    step('the old app is refused, the new one signs in');

    // New recovery codes with a code of the new set; the old set, used or not, stops working.
    await page.goto(`${url}/account`);
    await section.getByRole('button', { name: 'Make new recovery codes' }).click();
    await confirm.locator('input[name="password"]').fill(me.password);
    await confirm.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await confirm.locator('input[name="recoveryCode"]').fill(fresh[0]);
    await confirm.getByRole('button', { name: 'Continue' }).click();
    const third = await shownCodes(page);
    assert.equal(third.filter((c) => fresh.includes(c)).length, 0);
    await page.getByTestId('recovery-codes-saved').click();
    await section.getByText('Your new recovery codes are in use').waitFor({ timeout: TIMEOUT });
    assert.equal((await section.getByTestId('codes-left').textContent())?.trim(), '10 of 10 unused');
    step('new recovery codes');

    // The password, from the same page: empty fields and a mismatch are named before sending, then it changes.
    const change = page.locator('form').filter({ has: page.locator('input[name="currentPassword"]') });
    await change.getByRole('button', { name: 'Change password' }).click();
    assert.equal(await change.getByText('This is required.').count(), 3);
    const next = `Moved-phone-passphrase-${Date.now()}`;
    await change.locator('input[name="currentPassword"]').fill(me.password);
    await change.locator('input[name="newPassword"]').fill(next);
    await change.locator('input[name="confirmPassword"]').fill(`${next}!`);
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.getByText('The two new passwords are not the same.').first().waitFor({ timeout: TIMEOUT });
    await change.locator('input[name="confirmPassword"]').fill(next);
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.getByText('Your password has been changed.').waitFor({ timeout: TIMEOUT });
    step('the password changed from the account page');

    // In Arabic, right to left.
    await page.selectOption('select', 'ar');
    await section.getByRole('heading', { name: 'تطبيق المصادقة ورموز الاسترداد' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await section.getByRole('button', { name: 'النقل إلى جهاز آخر' }).waitFor({ timeout: TIMEOUT });
    step('the section in Arabic');
  } finally {
    await browser.close();
    server.kill();
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the second factor moves to a new phone and its recovery codes renew from the account page', {
  skip: browserSkip,
  timeout: 240_000,
}, async (t) => {
  await main((m) => t.diagnostic(m));
});
