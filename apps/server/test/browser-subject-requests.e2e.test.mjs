// Subject-rights requests for a person with a sensitive case, in a real browser (Debian's chromium via
// playwright-core) against the real server on a fresh embedded database with the demo data:
//   the DEMO-IO-IRQ caseworker opens a person of one of their trafficking, GBV or child cases, finds no direct
//   erasure there but a form to ask a supervisor, and files an erasure request; the supervisor, who cannot open that
//   person, finds the request on the Subject-rights requests page (in Arabic, right to left), with who filed it and
//   never the person's name, approves it after a confirmation that says the person is erased at once; the person's
//   page then answers "not found" to the caseworker.
//
// Part of `npm test` (skipped, saying why, when chromium is absent unless CORRIDOR_REQUIRE_BROWSER=1). Needs the
// built web app (`npm run build`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { browserSkip, launchChromium, signInFirstTime, startDemoServer } from './browser-support.mjs';

const TIMEOUT = 15_000;

test('a caseworker files an erasure request for a restricted person; another supervisor approves it blind', {
  skip: browserSkip,
  timeout: 240_000,
}, async () => {
  const { server, dir, url, creds } = await startDemoServer('corridor-subject-requests-');
  const browser = await launchChromium();
  const problems = [];
  try {
    const cwContext = await browser.newContext({ locale: 'en-GB' });
    const supContext = await browser.newContext({ locale: 'en-GB' });
    const cw = await cwContext.newPage();
    const sup = await supContext.newPage();
    for (const [label, page] of [
      ['caseworker', cw],
      ['supervisor', sup],
    ])
      page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
    await signInFirstTime(cw, url, creds['caseworker.irq']);
    await signInFirstTime(sup, url, creds['supervisor.irq']);

    // The caseworker registers a person and opens a trafficking case for them (through the API the pages use): the
    // person is then restricted to the staff on that case, which the supervisor is not.
    const name = 'Selam Requested Tesfaye';
    const person = await cw.evaluate(async (name) => {
      const { csrfToken } = await (await fetch('/api/auth/session')).json();
      const send = async (path, body) => {
        const res = await fetch(path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': csrfToken,
            'idempotency-key': crypto.randomUUID(),
          },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      const p = await send('/api/beneficiaries', {
        nameLatin: name,
        sex: 'female',
        dateOfBirth: '1996-05-02',
        citizenships: ['ERI'],
      });
      await send(`/api/beneficiaries/${p.id}/consents`, {
        purpose: 'assistance',
        recipientOrganisationId: null,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Purpose, recipients and the right to withdraw explained in Tigrinya.',
      });
      await send('/api/cases', {
        beneficiaryId: p.id,
        form: {
          type: 'trafficking',
          traffickingStatus: 'ActualVictimOfTrafficking',
          statusDecidedBy: 'NGO',
          exploitationTypes: ['ForcedLabour'],
          forcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
          methodsOfControl: ['WithholdsDocuments'],
          vulnerabilities: ['Poverty'],
        },
      });
      return p.id;
    }, name);
    assert.equal(await sup.evaluate(async (id) => (await fetch(`/api/beneficiaries/${id}`)).status, person), 404);

    // The caseworker: no direct erasure, a request for a supervisor instead.
    await cw.goto(`${url}/people/${person}`);
    const panel = cw.getByTestId('subject-requests');
    await panel.waitFor({ timeout: TIMEOUT });
    assert.equal(await cw.getByTestId('subject-erase').count(), 0);
    await panel.locator('input[name="kind"][value="erase"]').check();
    await panel.locator('select[name="reason"]').selectOption('subject_request');
    await cw.getByTestId('subject-request-submit').click();
    const filed = cw.getByTestId('subject-request');
    await filed.first().waitFor({ timeout: TIMEOUT });
    assert.equal(await filed.first().getAttribute('data-status'), 'pending');
    assert.match(await filed.first().textContent(), /Waiting for a supervisor/);

    // The supervisor, in Arabic: the request, who filed it, never whom it is about.
    await sup.goto(`${url}/`);
    await sup.getByTestId('nav-subject-rights').click();
    await sup.getByTestId('subject-requests-table').waitFor({ timeout: TIMEOUT });
    await sup.getByTestId('language').selectOption('ar');
    await sup.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: TIMEOUT });
    const row = sup.getByTestId('subject-request-row').first();
    assert.match(await row.textContent(), /المحو/);
    const body = await sup.locator('main').textContent();
    assert.ok(!body.includes(name), 'the supervisor does not see the person’s name');
    await row.getByTestId('subject-request-approve').click();
    const confirm = sup.getByTestId('subject-request-confirm');
    await confirm.waitFor({ timeout: TIMEOUT });
    assert.match(await confirm.textContent(), /سيُمحى الشخص الآن/);
    await sup.getByTestId('subject-request-confirm-submit').click();
    await sup.getByTestId('no-subject-requests').waitFor({ timeout: TIMEOUT });

    // Done: the person is gone for the caseworker too.
    const after = await cw.evaluate(async (id) => (await fetch(`/api/beneficiaries/${id}`)).status, person);
    assert.equal(after, 404);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    if (process.env.KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
});
