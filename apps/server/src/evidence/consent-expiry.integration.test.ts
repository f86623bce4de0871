// A statistics grant that expires by the passing of time, with no write: the aggregate cells still count the person
// until the evidence-consent-expiry job (or the person's next write, whichever comes first) moves their records to
// excluded, exactly once. On each engine, through the API and the job runner.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  buildStaff,
  call,
  forms,
  openCase,
  personWithAssistanceBasis,
  type Staff,
  signInAgain,
} from '../cases/cases.fixtures.ts';
import type { JobDeps } from '../jobs/job.ts';
import { findJob } from '../jobs/registry.ts';
import { runJob } from '../jobs/runner.ts';
import { rebuildEvidence, verifyEvidence } from './verify.ts';

const DAY = 86_400_000;

for (const { engine, skip } of engines()) {
  describe(`evidence: statistics consent that expires (${engine})`, { skip }, () => {
    let t: TestApp;
    let worker: Staff;
    let analyst: Staff;
    let deps: JobDeps;
    before(async () => {
      t = await startTestApp(engine);
      const org = (await buildOrganisation(t)).id;
      worker = await buildStaff(t, org, ['caseworker']);
      analyst = await buildStaff(t, org, ['analyst']);
      deps = { config: t.deps.config, database: t.deps.database, clock: t.clock.now };
    });
    after(() => t?.close());

    const differences = async () => {
      const report = await verifyEvidence(t.deps.database.db, t.clock.now());
      return [...report.differences, ...report.keptDifferences];
    };
    const statistics = async (id: string, expiresAt: string | null) => {
      const res = await call(t, worker, 'POST', `/api/beneficiaries/${id}/consents`, {
        purpose: 'statistics',
        recipientOrganisationId: null,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Counted in anonymous statistics until the date given.',
        expiresAt,
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    const cases = async () => {
      const res = await call(
        t,
        analyst,
        'GET',
        '/api/evidence/indicators/cases_opened/values?view=exact&grain=year&from=2026&to=2026',
      );
      assert.equal(res.statusCode, 200, res.body);
      const total = (res.json() as { cells: { values: object; value: number; excluded: number }[] }).cells.find(
        (c) => Object.keys(c.values).length === 0,
      );
      return { value: total?.value ?? 0, excluded: total?.excluded ?? 0 };
    };
    const job = () => runJob(deps, findJob('evidence-consent-expiry')!, {}, { trigger: 'cli' });

    test('the job applies an expiry when it falls due, once; a write after the expiry applies it too, once', async () => {
      const inTwoDays = new Date(t.clock.now().getTime() + 2 * DAY).toISOString();
      // A: grant expiring, no write after. B: the same, with a write after the expiry. C: a grant expiring, then
      // an open-ended one (nothing to apply).
      const a = await personWithAssistanceBasis(t, worker);
      const b = await personWithAssistanceBasis(t, worker);
      const c = await personWithAssistanceBasis(t, worker);
      for (const id of [a, b, c]) await statistics(id, inTwoDays);
      await statistics(c, null);
      await openCase(t, worker, a, forms.protection(), { openedOn: '2026-05-04' });
      const caseOfB = await openCase(t, worker, b, forms.protection(), { openedOn: '2026-05-05' });
      await openCase(t, worker, c, forms.protection(), { openedOn: '2026-05-06' });
      assert.deepEqual(await differences(), []);
      assert.deepEqual(await cases(), { value: 3, excluded: 0 });
      assert.deepEqual(await job(), { due: 0, applied: 0 }, 'nothing has expired yet');

      t.clock.advance(3 * DAY);
      await signInAgain(t, worker, analyst);
      // Until it is applied, the cells still count A and B: verify says so.
      assert.ok((await differences()).length > 0, 'verify reports the expiries not yet applied');

      // B's next write applies B's expiry in its own transaction.
      const service = await call(t, worker, 'POST', `/api/cases/${caseOfB.id}/services`, {
        serviceType: 'health_care',
        deliveredOn: '2026-06-03',
      });
      assert.equal(service.statusCode, 201, service.body);

      // The job applies A's (B's is already applied; C's latest grant is open-ended).
      assert.deepEqual(await job(), { due: 1, applied: 1 });
      assert.deepEqual(await differences(), []);
      assert.deepEqual(await cases(), { value: 1, excluded: 2 });
      // A second run, or a write on A now, changes nothing more.
      assert.deepEqual(await job(), { due: 0, applied: 0 });
      await openCase(t, worker, a, forms.gbv(), { openedOn: '2026-06-04' });
      assert.deepEqual(await differences(), []);
      assert.deepEqual(await cases(), { value: 1, excluded: 3 });
    });

    test('a rebuild applies pending expiries too, and the job then leaves them', async () => {
      const d = await personWithAssistanceBasis(t, worker);
      await statistics(d, new Date(t.clock.now().getTime() + DAY).toISOString());
      await openCase(t, worker, d, forms.protection(), { openedOn: '2026-06-04' });
      t.clock.advance(2 * DAY);
      await signInAgain(t, worker, analyst);
      assert.ok((await differences()).length > 0);
      await rebuildEvidence(t.deps.database.db, t.clock.now());
      assert.deepEqual(await differences(), []);
      assert.deepEqual(await job(), { due: 0, applied: 0 });
      assert.deepEqual(await differences(), []);
    });

    test('a newer grant recorded during a rebuild, over an expiry not applied yet: the person counts once, as counted', async () => {
      const e = await personWithAssistanceBasis(t, worker);
      await statistics(e, new Date(t.clock.now().getTime() + DAY).toISOString());
      await openCase(t, worker, e, forms.protection(), { openedOn: '2026-05-12' });
      t.clock.advance(2 * DAY);
      await signInAgain(t, worker, analyst);
      let grant: Promise<unknown> | undefined;
      await rebuildEvidence(t.deps.database.db, t.clock.now(), {
        afterClear: async () => {
          // The cells are cleared and the records not read yet (once: a rebuild that starts again does not write
          // again). SQLite: the grant waits for the rebuild. PostgreSQL: it commits now, unseen by the rebuild's
          // snapshot, noting the expiry it superseded, so the rebuild starts again on a snapshot that sees it.
          grant ??= statistics(e, null);
          await new Promise((r) => setTimeout(r, engine === 'postgres' ? 400 : 50));
        },
      });
      await grant;
      assert.deepEqual(await differences(), []);
      assert.deepEqual(await job(), { due: 0, applied: 0 });
    });
  });
}
