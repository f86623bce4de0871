// A forgotten password, in a real browser (Debian's chromium via playwright-core) against the real server on a fresh
// embedded database: the demo caseworker of DEMO-IO-IRQ (authenticator set up at first sign-in) signs out, follows
// "Forgot your password?", gives their address and is told a link is on its way (the page says the same for an
// address no account has). The e-mail is read from the server's outbox; its link opens the page that sets a new
// password (a mismatch is caught on the page), which then works for signing in, with the authenticator still asked.
// The same link, opened again, is refused with a way to ask for a new one, and so is a made-up one. The
// forgotten-password page reads in Arabic.
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
const SQLite = require('better-sqlite3');
const TIMEOUT = 15_000;

const totp = (secret) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
/** Waits for the next 30-second step: the server never accepts a step it has already seen for the account. */
const nextStep = () => new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));

async function passwordStep(page, url, email, password) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

/** The reset e-mails queued for an address, newest last (the outbox the delivery job hands to the adapter). */
function resetMails(dir, address) {
  const db = new SQLite(path.join(dir, 'corridor.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        "select subject, body from outbound_messages where address = ? and kind = 'account.password_reset_link' order by created_at",
      )
      .all(address);
  } finally {
    db.close();
  }
}

async function main(step) {
  if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
    assert.equal(b.status, 0, 'web build');
  }
  const { server, dir, url, creds } = await startDemoServer('corridor-reset-');
  const me = creds['caseworker.irq'];
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();

    // First sign-in sets up the authenticator; then the person signs out.
    await passwordStep(page, url, me.email, me.password);
    const secretEl = page.getByTestId('totp-secret');
    await secretEl.waitFor({ timeout: TIMEOUT });
    const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
    await page.fill('input[name="code"]', totp(secret).generate());
    await page.click('button[type="submit"]');
    await page.getByTestId('recovery-codes-saved').click({ timeout: TIMEOUT });
    await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
    await page.goto(`${url}/account`);
    await page.getByRole('button', { name: 'Sign out' }).last().click();
    await page.getByTestId('forgot-password').waitFor({ timeout: TIMEOUT });
    step('set up, then signed out');

    // Asking for a link: the same words for an unknown address as for the person's own.
    await page.getByTestId('forgot-password').click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor({ timeout: TIMEOUT });
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('This is required.').first().waitFor({ timeout: TIMEOUT });
    await page.fill('input[name="email"]', 'nobody@demo.corridor.invalid');
    await page.getByRole('button', { name: 'Send the link' }).click();
    const unknownWords = (await page.getByTestId('reset-sent').textContent({ timeout: TIMEOUT }))?.trim();
    assert.equal(resetMails(dir, 'nobody@demo.corridor.invalid').length, 0);
    await page.goto(`${url}/forgot-password`);
    await page.fill('input[name="email"]', me.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    assert.equal((await page.getByTestId('reset-sent').textContent({ timeout: TIMEOUT }))?.trim(), unknownWords);
    const mails = resetMails(dir, me.email);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].subject, 'Corridor: set a new password');
    const link = /http:\/\/localhost:\d+\/reset-password#token=[\w-]+/.exec(mails[0].body)?.[0];
    assert.ok(link, mails[0].body);
    assert.equal(new URL(link).origin, new URL(url.replace('127.0.0.1', 'localhost')).origin);
    step('the link is sent, and the page says the same for an unknown address');

    // The link: a mismatch is caught on the page, then the new password is set; the address drops the token.
    const next = `New-demo-passphrase-${Date.now()}`;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
    await page.fill('input[name="newPassword"]', next);
    await page.fill('input[name="confirmPassword"]', `${next}x`);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('The two new passwords are not the same.').first().waitFor({ timeout: TIMEOUT });
    // A weak one: the server's reasons are shown under the new password's field, worded by the page.
    await page.fill('input[name="newPassword"]', 'aaaaaaaaaaaaaaaa');
    await page.fill('input[name="confirmPassword"]', 'aaaaaaaaaaaaaaaa');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    const weak = page.locator('.field-issues', { hasText: 'it repeats one character' });
    await weak.waitFor({ timeout: TIMEOUT });
    const weakId = await weak.getAttribute('id');
    assert.match(
      (await page.locator('input[name="newPassword"]').getAttribute('aria-describedby')) ?? '',
      new RegExp(weakId),
    );
    step(`a weak password is refused under its field: “${((await weak.textContent()) ?? '').trim()}”`);
    await page.fill('input[name="newPassword"]', next);
    await page.fill('input[name="confirmPassword"]', next);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByTestId('reset-done').waitFor({ timeout: TIMEOUT });
    step('a new password set with the link');

    // Signing in with it: the authenticator is still asked.
    await nextStep();
    await passwordStep(page, url, me.email, next);
    await page.fill('input[name="code"]', totp(secret).generate());
    await page.click('button[type="submit"]');
    await page.getByTestId('home-title').waitFor({ timeout: TIMEOUT });
    step('signed in with the new password and the authenticator');

    // The same link again: refused, with a way to ask for a new one.
    const other = await context.newPage();
    await other.goto(link);
    await other.fill('input[name="newPassword"]', `${next}-again`);
    await other.fill('input[name="confirmPassword"]', `${next}-again`);
    await other.getByRole('button', { name: 'Set the new password' }).click();
    await other.getByText('This link no longer works').first().waitFor({ timeout: TIMEOUT });
    await other.getByRole('link', { name: 'Ask for a new link' }).waitFor({ timeout: TIMEOUT });
    step('a used link is refused');

    // A link cut short or made up: the same words as for a used one, not a rule about a field the page does not show.
    const madeUp = await context.newPage();
    await madeUp.goto(`${url}/reset-password#token=madeuptoken`);
    await madeUp.fill('input[name="newPassword"]', `${next}-again`);
    await madeUp.fill('input[name="confirmPassword"]', `${next}-again`);
    await madeUp.getByRole('button', { name: 'Set the new password' }).click();
    await madeUp.getByText('This link no longer works').first().waitFor({ timeout: TIMEOUT });
    await madeUp.getByRole('link', { name: 'Ask for a new link' }).waitFor({ timeout: TIMEOUT });
    step('a malformed link is refused as an invalid one');

    // In Arabic, right to left.
    const ar = await browser.newContext({ locale: 'ar' });
    const arPage = await ar.newPage();
    await arPage.goto(`${url}/forgot-password`);
    await arPage.getByTestId('language').selectOption('ar');
    await arPage.getByRole('heading', { name: 'هل نسيت كلمة المرور؟' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await arPage.evaluate(() => document.documentElement.dir), 'rtl');
    step('the page in Arabic');
  } finally {
    await browser.close();
    server.kill();
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a forgotten password is reset with the e-mailed link, and the second factor is still asked', {
  skip: browserSkip,
  timeout: 240_000,
}, async (t) => {
  await main((m) => t.diagnostic(m));
});
