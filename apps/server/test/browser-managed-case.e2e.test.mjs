// A supervisor manages a sensitive case they may not read, in a real browser (Debian's chromium via playwright-core)
// against the real server on a fresh embedded database with the demo data: the demo caseworker of DEMO-IO-IRQ asks
// to close one of their trafficking cases; the demo supervisor (not on the case) finds it in the case list with its
// closure request, opens it without its person, form or reason, and approves the closure, after which the request
// badge is gone.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app (npm run build).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { apiOf, browserSkip, launchChromium, signIn, startDemoServer } from './browser-support.mjs';

const TIMEOUT = 20_000;

/** The demo caseworker asks to close the first of their cases (listed with `query`) that `fits`; returns the case. */
async function askClosure(browser, url, creds, query, fits) {
  const caseworker = await browser.newContext({ locale: 'en-GB' });
  await signIn(await caseworker.newPage(), url, creds['caseworker.irq']);
  const asCaseworker = await apiOf(caseworker, url);
  const list = await asCaseworker('GET', `/api/cases${query}`);
  assert.equal(list.status, 200, JSON.stringify(list.json));
  const target = list.json.items.find((c) => fits(c) && !c.closureRequested);
  assert.ok(target, `the demo caseworker has a case to close among ${query}`);
  const read = await asCaseworker('GET', `/api/cases/${target.id}`);
  const asked = await asCaseworker('POST', `/api/cases/${target.id}/closure-request`, {
    etag: read.etag,
    body: { reason: 'Protection plan completed (browser test).', referred: false },
  });
  assert.equal(asked.status, 200, JSON.stringify(asked.json));
  return target;
}

test('a supervisor decides the closure of a sensitive case they may not read', {
  skip: browserSkip,
  timeout: 180_000,
}, async () => {
  const { server, dir, url, creds } = await startDemoServer('corridor-managed-case-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const target = await askClosure(browser, url, creds, '?type=trafficking&status=Active&limit=5', (c) => c.sensitive);

    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(String(e)));
    await signIn(page, url, creds['supervisor.irq']);
    const asSupervisor = await apiOf(context, url);
    assert.equal((await asSupervisor('GET', `/api/cases/${target.id}`)).json.person, null, 'not on the case');
    await page.goto(`${url}/cases`);
    const link = page.getByRole('link', { name: target.reference, exact: true });
    await link.waitFor({ timeout: TIMEOUT });
    await link.click();
    await page.getByTestId('closure-pending').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('case-person').textContent(), 'Your role shows this case without its content.');
    const pending = (await page.getByTestId('closure-pending').textContent()) ?? '';
    assert.ok(!pending.includes('Protection plan completed'), 'the reason is not shown');
    assert.equal(await page.getByTestId('case-status-change').count(), 0, 'no work on the content');
    // Neither picker offers the supervisor themselves (not a caseworker: the server refuses it), and both say why.
    const me = (await asSupervisor('GET', '/api/auth/session')).json.user.id;
    for (const form of [page.getByTestId('case-assign'), page.getByTestId('case-access-grant')]) {
      const picker = form.locator('select[name="userId"]');
      await picker.locator('option:not([value=""])').first().waitFor({ state: 'attached', timeout: TIMEOUT });
      const offered = await picker.locator('option').evaluateAll((os) => os.map((o) => o.value));
      assert.ok(!offered.includes(me), `${offered} offer the supervisor`);
      assert.match((await form.textContent()) ?? '', /you do not have the caseworker role/);
    }
    await page.getByTestId('closure-approve').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="closure-pending"]'), null, {
      timeout: TIMEOUT,
    });
    const header = (await page.getByTestId('case-header').textContent()) ?? '';
    assert.match(header, /Closed/);
    assert.ok(!/closure requested/i.test(header), header);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a supervisor reopens a closed case, saying why', { skip: browserSkip, timeout: 180_000 }, async () => {
  const { server, dir, url, creds } = await startDemoServer('corridor-reopen-case-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const target = await askClosure(browser, url, creds, '?status=Active&limit=50', (c) => !c.sensitive);

    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(String(e)));
    await signIn(page, url, creds['supervisor.irq']);
    const asSupervisor = await apiOf(context, url);
    const pending = await asSupervisor('GET', `/api/cases/${target.id}`);
    const closed = await asSupervisor('POST', `/api/cases/${target.id}/closure-decision`, {
      etag: pending.etag,
      body: { decision: 'approve', reason: null },
    });
    assert.equal(closed.status, 200, JSON.stringify(closed.json));

    await page.goto(`${url}/cases/${target.id}`);
    const form = page.getByTestId('case-reopen');
    await form.waitFor({ timeout: TIMEOUT });
    // Without a reason the case stays closed, and the reason's own field says it is required.
    await form.getByRole('button', { name: 'Reopen the case' }).click();
    await form.locator('textarea[name="reason"][aria-invalid="true"]').waitFor({ timeout: TIMEOUT });
    const issue = (await form.locator('.field-invalid').textContent()) ?? '';
    assert.match(issue, /Why the case is reopened.*required/is);
    assert.match((await page.getByTestId('case-header').textContent()) ?? '', /Closed/);
    await form.locator('textarea[name="reason"]').fill('The person came back: a new threat.');
    await form.getByRole('button', { name: 'Reopen the case' }).click();
    await page.getByTestId('case-reopen').waitFor({ state: 'detached', timeout: TIMEOUT });
    assert.match((await page.getByTestId('case-header').textContent()) ?? '', /Active/);
    const notes = await asSupervisor('GET', `/api/cases/${target.id}/notes`);
    assert.ok(
      notes.json.items.some((n) => n.body === 'Case reopened: The person came back: a new threat.'),
      JSON.stringify(notes.json),
    );

    // A task due on a day already past is refused under its date; one due today is added.
    await page.getByTestId('add-task').locator('summary').click();
    const tasks = page.getByTestId('task-form');
    await tasks.waitFor({ timeout: TIMEOUT });
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(await tasks.locator('input[name="dueOn"]').getAttribute('min'), today);
    await tasks.locator('input[name="title"]').fill('Call the family back');
    await tasks.locator('input[name="dueOn"]').fill('2020-01-15');
    await tasks.locator('button[type="submit"]').click();
    await tasks.locator('input[name="dueOn"][aria-invalid="true"]').waitFor({ timeout: TIMEOUT });
    assert.match((await tasks.locator('.field-invalid').textContent()) ?? '', /Must not be in the past\./);
    await tasks.locator('input[name="dueOn"]').fill(today);
    await tasks.locator('button[type="submit"]').click();
    await page.getByTestId('task').filter({ hasText: 'Call the family back' }).waitFor({ timeout: TIMEOUT });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
