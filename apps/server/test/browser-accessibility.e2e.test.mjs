// Accessibility of the signed-in app in a real browser against the demo server: axe-core (WCAG 2.0/2.1 A and AA
// rules) finds no violation on the pages caseworkers and analysts use most, in English and in Arabic, on a desktop and
// at phone width, nor on a form showing its problems; a table wider than its box can be scrolled with the keyboard
// (its box takes the focus, named by the table); Escape folds the open menu on a phone.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { browserSkip, launchChromium, root, signIn, startDemoServer } from './browser-support.mjs';

const TIMEOUT = 20_000;
const skip =
  browserSkip ||
  (!fs.existsSync(path.join(root, 'apps/web/dist/index.html')) ? 'the web app is not built (npm run build)' : false);
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's violations on the page as it is now, as "rule (impact): target" lines. */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    RULES,
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/** Table boxes that overflow without being reachable by the keyboard. */
function unreachableTables(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.table-wrap')]
      .filter((box) => box.scrollWidth > box.clientWidth + 1 && box.tabIndex !== 0)
      .map((box) => box.querySelector('caption')?.textContent ?? box.outerHTML.slice(0, 80)),
  );
}

/** Waits until the page has settled: no loading indicator, the main heading shown. */
async function settled(page) {
  await page.locator('main h1').first().waitFor({ timeout: TIMEOUT });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .loading'), null, { timeout: TIMEOUT });
  await page.waitForTimeout(150);
}

test('the pages used most pass axe’s WCAG A and AA rules in English and Arabic', {
  skip,
  timeout: 300_000,
}, async (t) => {
  const { server, dir, url, creds } = await startDemoServer('corridor-a11y-');
  const browser = await launchChromium();
  const found = [];
  const problems = [];
  try {
    // (The app's content security policy allows no inline script: the test's own axe script is let in.)
    const context = await browser.newContext({
      locale: 'en-GB',
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signIn(page, url, creds['caseworker.irq']);
    const check = async (label) => {
      await settled(page);
      for (const v of await violations(page)) found.push(`${label}: ${v}`);
      for (const table of await unreachableTables(page))
        found.push(`${label}: a wide table the keyboard cannot scroll: ${table}`);
    };

    // Records to open: a case and three people of the demo caseload.
    await page.goto(`${url}/cases`);
    await page.getByTestId('case-row').first().waitFor({ timeout: TIMEOUT });
    const casePath = await page.getByTestId('case-row').first().locator('a').first().getAttribute('href');
    await page.goto(`${url}/people`);
    await page.getByTestId('person-row').nth(2).waitFor({ timeout: TIMEOUT });
    const people = await page
      .getByTestId('person-row')
      .locator('a')
      .evaluateAll((as) => as.slice(0, 3).map((a) => a.getAttribute('href')));
    const paths = ['/', '/people', '/cases', casePath, ...people, '/referrals', '/account'];

    for (const language of ['en', 'ar']) {
      await page.getByTestId('language').selectOption(language);
      await page.waitForFunction((l) => document.documentElement.lang === l, language, { timeout: TIMEOUT });
      for (const p of paths) {
        await page.goto(`${url}${p}`);
        await check(`${language} 1280 ${p}`);
      }
    }
    t.diagnostic('at phone width: the same records, and the menu folds on Escape');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const p of [casePath, ...people]) {
      await page.goto(`${url}${p}`);
      await check(`ar 390 ${p}`);
    }
    await page.getByTestId('menu-toggle').click();
    assert.equal(await page.getByTestId('menu-toggle').getAttribute('aria-expanded'), 'true');
    await check('ar 390 menu open');
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('menu-toggle').getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'menu-toggle');

    t.diagnostic('a form showing its problems');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('language').selectOption('en');
    await page.goto(`${url}/people/new`);
    await settled(page);
    await page
      .getByTestId('people-search')
      .locator('button[type="submit"]')
      .click()
      .catch(() => undefined);
    await check('en 1280 /people/new with a problem');

    t.diagnostic('a supervisor’s readable copy of a person’s data, in English and Arabic');
    const supContext = await browser.newContext({
      locale: 'en-GB',
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    const sup = await supContext.newPage();
    sup.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signIn(sup, url, creds['supervisor.irq']);
    for (const language of ['en', 'ar']) {
      await sup.getByTestId('language').selectOption(language);
      await sup.waitForFunction((l) => document.documentElement.lang === l, language, { timeout: TIMEOUT });
      await sup.goto(`${url}${people[0]}/subject-access`);
      await settled(sup);
      await sup.getByTestId('subject-copy-make').click();
      await sup.getByTestId('subject-copy').waitFor({ timeout: TIMEOUT });
      await settled(sup);
      for (const v of await violations(sup)) found.push(`supervisor ${language} ${people[0]}/subject-access: ${v}`);
      for (const table of await unreachableTables(sup))
        found.push(`supervisor ${language} copy: a wide table the keyboard cannot scroll: ${table}`);
    }

    t.diagnostic('the analyst’s evidence pages');
    const analystContext = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const analyst = await analystContext.newPage();
    analyst.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signIn(analyst, url, creds['analyst.irq']);
    for (const p of ['/evidence', '/evidence/report', '/remittances']) {
      await analyst.goto(`${url}${p}`);
      await settled(analyst);
      for (const v of await violations(analyst)) found.push(`analyst ${p}: ${v}`);
    }
    t.diagnostic('signed out: sign-in, forgotten password and its link, in English and Arabic');
    const outContext = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
    const out = await outContext.newPage();
    out.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    for (const language of ['en', 'ar']) {
      await out.goto(`${url}/`);
      await out.getByTestId('language').selectOption(language);
      await out.waitForFunction((l) => document.documentElement.lang === l, language, { timeout: TIMEOUT });
      for (const p of ['/', '/forgot-password', '/reset-password#token=not-a-real-token-but-long-enough']) {
        await out.goto(`${url}${p}`);
        await settled(out);
        for (const v of await violations(out)) found.push(`signed out ${language} ${p}: ${v}`);
      }
    }
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
