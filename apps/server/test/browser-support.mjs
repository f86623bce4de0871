// Shared by the browser tests: Debian's chromium (never a downloaded browser), whether to skip without it, and a
// real Corridor server started on a fresh embedded database with the demo data.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const root = new URL('../../../', import.meta.url).pathname;
export const CHROMIUM = '/usr/bin/chromium';
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const OTPAuth = requireFromRoot('otpauth');

/** Why the browser tests are skipped here (false when they run): chromium missing and not required. */
export const browserSkip =
  fs.existsSync(CHROMIUM) || process.env.CORRIDOR_REQUIRE_BROWSER === '1'
    ? false
    : `${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it), and CORRIDOR_REQUIRE_BROWSER is not 1`;

/**
 * Launches Debian's chromium as every browser test drives it: headless, no sandbox, no GPU, no background
 * networking (HEADFUL=1 shows the window, to watch a test).
 */
export function launchChromium() {
  const headful = process.env.HEADFUL === '1';
  return requireFromRoot('playwright-core').chromium.launch({
    executablePath: CHROMIUM,
    headless: !headful,
    args: [...(headful ? [] : ['--headless']), '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Starts `corridor serve` on a free port with a new data directory (prefix `prefix`), waits until it has seeded the
 * demo, and returns the process, the directory, the URL and the demo users' credentials by short name.
 */
export async function startDemoServer(prefix, { env = {}, timeoutMs = 90_000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const server = spawn(process.execPath, [path.join(root, 'apps/server/bin/corridor.js'), 'serve'], {
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', CORRIDOR_DATA_DIR: dir, ...env },
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), timeoutMs);
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
  return { server, dir, url, creds };
}

/**
 * A demo user's first sign-in in the browser: password, then enrolment of the authenticator with the key the page
 * shows (the code computed here), then the recovery codes acknowledged; resolves on the home page.
 */
export async function signInFirstTime(page, url, { email, password }, timeout = 30_000) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  const secretEl = page.getByTestId('totp-secret');
  await secretEl.waitFor({ timeout });
  const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
  await page.fill('input[name="code"]', new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
  await page.click('button[type="submit"]');
  await page.getByTestId('recovery-codes-saved').click({ timeout });
  await page.getByTestId('home-title').waitFor({ timeout });
}

/**
 * The texts of the buttons in the page's main content that lack one of the app's button styles (primary, secondary,
 * danger, link): such a button shows as the browser's grey default, unlike every other.
 */
export function unstyledButtons(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main button:not(.primary):not(.secondary):not(.danger):not(.link)')].map((b) =>
      (b.textContent ?? '').trim(),
    ),
  );
}

/**
 * How many pixels the page is wider than the window (0 when nothing scrolls sideways): a wide table must scroll in
 * its own box, never the whole page.
 */
export function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Signs in through the pages; sets up the authenticator first when the role needs a second factor. */
export async function signIn(page, url, { email, password }, timeout = 20_000) {
  await page.goto(url);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  const secretEl = page.getByTestId('totp-secret');
  const home = page.getByTestId('home-title');
  await Promise.race([secretEl.waitFor({ timeout }), home.waitFor({ timeout })]);
  if (await secretEl.isVisible()) {
    const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
    await page.fill('input[name="code"]', new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
    await page.click('button[type="submit"]');
    await page.getByTestId('recovery-codes-saved').click({ timeout });
    await home.waitFor({ timeout });
  }
}

/** The API as the signed-in person of a browser context: same cookies, their CSRF token on writes. */
export async function apiOf(context, url) {
  const session = await (await context.request.get(`${url}/api/auth/session`)).json();
  const call = async (method, p, { body, etag } = {}) => {
    const headers = { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    if (etag) headers['if-match'] = etag;
    const res = await context.request.fetch(`${url}${p}`, {
      method,
      headers,
      data: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status(), etag: res.headers().etag, json: await res.json().catch(() => null) };
  };
  return call;
}
