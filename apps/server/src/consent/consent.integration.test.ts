import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, engines, signIn, startTestApp, type TestApp } from '../../test/harness.ts';
import {
  as,
  buildBeneficiary,
  buildMember,
  type Member,
  openSensitiveCase,
} from '../beneficiaries/beneficiaries.fixtures.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { currentBasis, grantAssistanceToNewPeople, recordConsent, requireBasis } from './consent.service.ts';

const DAY = 86_400_000;

for (const { engine, skip } of engines()) {
  describe(`consent and legal-basis ledger (${engine})`, { skip }, () => {
    let t: TestApp;
    let orgId: string;
    let partnerId: string;
    let worker: Member;
    before(async () => {
      t = await startTestApp(engine);
      orgId = (await buildOrganisation(t)).id;
      partnerId = (await buildOrganisation(t)).id;
      worker = await buildMember(t, orgId, ['caseworker']);
    });
    after(() => t?.close());

    const record = (who: Member, id: string, body: Record<string, unknown>) =>
      as(t, who, 'POST', `/api/beneficiaries/${id}/consents`, body);
    const ledger = async (who: Member, id: string) => {
      const r = await as(t, who, 'GET', `/api/beneficiaries/${id}/consents`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const db = () => t.deps.database.db;

    test('a grant, then a withdrawal: both kept, the current state follows the latest, and requireBasis says no', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Ledger Person', dateOfBirth: '1990-01-01' });
      const grant = await record(worker, b.id, {
        purpose: 'referral',
        recipientOrganisationId: partnerId,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Told who receives what, why, and how to withdraw.',
      });
      assert.equal(grant.statusCode, 201, grant.body);
      assert.equal(grant.json().recordedBy, worker.id);
      assert.ok(
        await currentBasis(
          db(),
          { beneficiaryId: b.id, purpose: 'referral', recipientOrganisationId: partnerId },
          t.clock.now(),
        ),
      );
      // a basis for one recipient is not a basis for another, nor for another purpose
      assert.equal(
        await currentBasis(
          db(),
          { beneficiaryId: b.id, purpose: 'referral', recipientOrganisationId: orgId },
          t.clock.now(),
        ),
        null,
      );
      assert.equal(await currentBasis(db(), { beneficiaryId: b.id, purpose: 'statistics' }, t.clock.now()), null);

      // same millisecond: the withdrawal is still the latest event
      const withdraw = await record(worker, b.id, {
        purpose: 'referral',
        recipientOrganisationId: partnerId,
        basis: 'consent',
        action: 'withdraw',
      });
      assert.equal(withdraw.statusCode, 201, withdraw.body);
      const l = await ledger(worker, b.id);
      assert.deepEqual(
        l.events.map((e: { action: string }) => e.action),
        ['grant', 'withdraw'],
      );
      assert.equal(l.current.length, 1);
      assert.equal(l.current[0].status, 'withdrawn');
      await assert.rejects(
        requireBasis(
          db(),
          { beneficiaryId: b.id, purpose: 'referral', recipientOrganisationId: partnerId },
          t.clock.now(),
        ),
        (e: unknown) =>
          e instanceof DomainError &&
          e.code === 'basis_required' &&
          e.status === 422 &&
          /referral/.test(e.detail ?? ''),
      );
    });

    test('a grant lapses at its expiry', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Expiring Consent' });
      const expiresAt = new Date(t.clock.now().getTime() + DAY).toISOString();
      const r = await record(worker, b.id, {
        purpose: 'statistics',
        basis: 'public_interest',
        action: 'grant',
        expiresAt,
      });
      assert.equal(r.statusCode, 201, r.body);
      const q = { beneficiaryId: b.id, purpose: 'statistics' as const };
      assert.ok(await requireBasis(db(), q, t.clock.now()));
      assert.equal(await currentBasis(db(), q, new Date(Date.parse(expiresAt))), null);
      t.clock.advance(2 * DAY);
      worker.session = await signIn(t, worker);
      const l = await ledger(worker, b.id);
      assert.equal(l.current[0].status, 'expired');
    });

    test('validation: recipient for referrals, information for consent, a future expiry, child assent', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Valid Person' });
      const bad = await record(worker, b.id, {
        purpose: 'referral',
        basis: 'consent',
        action: 'grant',
        expiresAt: 'soon',
      });
      assert.equal(bad.statusCode, 400);
      const pointers = bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort();
      assert.deepEqual(pointers, ['/expiresAt', '/informationGiven', '/recipientOrganisationId']);

      const past = await record(worker, b.id, {
        purpose: 'assistance',
        basis: 'vital_interest',
        action: 'grant',
        expiresAt: '2020-01-01T00:00:00Z',
      });
      assert.equal(past.statusCode, 400);
      const ghost = await record(worker, b.id, {
        purpose: 'referral',
        recipientOrganisationId: '00000000-0000-4000-8000-000000000000',
        basis: 'vital_interest',
        action: 'grant',
      });
      assert.equal(ghost.statusCode, 422);
      assert.equal(ghost.json().code, 'invalid_reference');

      // a child (by date of birth; a bare year counts as a child while the person could still be under 18)
      for (const [dob, precision] of [
        ['2012-05-05', 'exact'],
        [`${t.clock.now().getUTCFullYear() - 18}-01-01`, 'year'],
      ]) {
        const child = await buildBeneficiary(t, worker, {
          nameLatin: 'Child Person',
          dateOfBirth: dob!,
          dobPrecision: precision as 'exact',
        });
        const noAssent = await record(worker, child.id, {
          purpose: 'tracing',
          basis: 'vital_interest',
          action: 'grant',
        });
        assert.equal(noAssent.statusCode, 400, dob);
        assert.equal(noAssent.json().errors[0].pointer, '/childAssent');
        const withAssent = await record(worker, child.id, {
          purpose: 'tracing',
          basis: 'vital_interest',
          action: 'grant',
          childAssent: 'given',
        });
        assert.equal(withAssent.statusCode, 201);
        assert.equal(withAssent.json().childAssent, 'given');
      }
      const adult = await buildBeneficiary(t, worker, { nameLatin: 'Adult Person', dateOfBirth: '1970-01-01' });
      assert.equal(
        (await record(worker, adult.id, { purpose: 'tracing', basis: 'vital_interest', action: 'grant' })).statusCode,
        201,
      );
    });

    /** The day `years` years before today (UTC), plus `days` days. */
    const bornAgo = (years: number, days = 0) => {
      const now = t.clock.now();
      const d = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() + days));
      return d.toISOString().slice(0, 10);
    };
    const principalOf = (who: Member): Principal => ({
      kind: 'session',
      userId: who.id,
      id: who.id,
      organisationId: orgId,
      roles: ['caseworker'],
      secondFactor: 'none',
    });
    const row = (id: string) =>
      db().selectFrom('beneficiaries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    test('a child who refuses: no grant on the basis of consent is recorded; another basis records the refusal', async () => {
      const child = await buildBeneficiary(t, worker, { nameLatin: 'Refusing Child', dateOfBirth: bornAgo(14) });
      for (const purpose of ['publication', 'assistance'] as const) {
        const r = await record(worker, child.id, {
          purpose,
          basis: 'consent',
          action: 'grant',
          informationGiven: 'Explained what publishing the story means.',
          childAssent: 'refused',
        });
        assert.equal(r.statusCode, 400, r.body);
        const issue = r.json().errors[0];
        assert.equal(issue.pointer, '/childAssent');
        assert.match(issue.message, /refusal is respected/);
        assert.equal(issue.params?.rule, 'child_refuses', 'named for a client to word in its language');
      }
      // The service refuses it too, for the callers that do not pass through the contract (a crisis registration).
      await assert.rejects(
        db()
          .transaction()
          .execute(async (trx) =>
            recordConsent(
              trx,
              t.engine,
              principalOf(worker),
              await row(child.id),
              {
                purpose: 'publication',
                basis: 'consent',
                action: 'grant',
                informationGiven: 'x',
                childAssent: 'refused',
              },
              t.clock.now(),
            ),
          ),
        (e: unknown) =>
          e instanceof DomainError && e.code === 'validation_failed' && e.extra.errors?.[0]?.pointer === '/childAssent',
      );
      const l = await ledger(worker, child.id);
      assert.deepEqual(l.events, [], 'nothing recorded');
      assert.equal(await currentBasis(db(), { beneficiaryId: child.id, purpose: 'publication' }, t.clock.now()), null);
      // A basis that is not consent (the law, a vital interest) stands besides the child's view, which is recorded.
      const vital = await record(worker, child.id, {
        purpose: 'tracing',
        basis: 'vital_interest',
        action: 'grant',
        childAssent: 'refused',
      });
      assert.equal(vital.statusCode, 201, vital.body);
      assert.equal(vital.json().childAssent, 'refused');
      // The refusal of a grant in force: its withdrawal, which carries no assent.
      const given = await record(worker, child.id, {
        purpose: 'publication',
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Explained what publishing the story means.',
        childAssent: 'given',
      });
      assert.equal(given.statusCode, 201, given.body);
      const withdrawn = await record(worker, child.id, {
        purpose: 'publication',
        basis: 'consent',
        action: 'withdraw',
      });
      assert.equal(withdrawn.statusCode, 201, withdrawn.body);
    });

    test('an assent is a child’s: refused for a person of 18 or more by date of birth, kept without one', async () => {
      const assent = { purpose: 'tracing', basis: 'vital_interest', action: 'grant', childAssent: 'given' };
      for (const dob of [bornAgo(30), bornAgo(18)]) {
        const adult = await buildBeneficiary(t, worker, { nameLatin: 'Adult With Assent', dateOfBirth: dob });
        const r = await record(worker, adult.id, assent);
        assert.equal(r.statusCode, 400, `${dob}: ${r.body}`);
        assert.equal(r.json().errors[0].pointer, '/childAssent');
        assert.equal(r.json().errors[0].params?.rule, 'not_a_child');
        assert.match(r.json().errors[0].message, /under 18/);
        assert.deepEqual((await ledger(worker, adult.id)).events, [], dob);
        // no assent: recorded
        const { childAssent: _, ...without } = assent;
        assert.equal((await record(worker, adult.id, without)).statusCode, 201, dob);
      }
      // the day before their 18th birthday, a child still
      const almost = await buildBeneficiary(t, worker, { nameLatin: 'Almost Adult', dateOfBirth: bornAgo(18, 1) });
      assert.equal((await record(worker, almost.id, assent)).statusCode, 201);
      // no date of birth: the age is not known, the assent is taken as given (today's behaviour)
      const unknown = await buildBeneficiary(t, worker, { nameLatin: 'Unknown Age' });
      const kept = await record(worker, unknown.id, assent);
      assert.equal(kept.statusCode, 201, kept.body);
      assert.equal(kept.json().childAssent, 'given');
    });

    test('a bulk grant: a refusing child is refused on consent, an adult’s assent is not recorded', async () => {
      const child = await buildBeneficiary(t, worker, { nameLatin: 'Bulk Child', dateOfBirth: bornAgo(12) });
      const adult = await buildBeneficiary(t, worker, { nameLatin: 'Bulk Adult', dateOfBirth: bornAgo(40) });
      const grant = async (id: string, childAssent: 'given' | 'refused') =>
        db()
          .transaction()
          .execute(async (trx) =>
            grantAssistanceToNewPeople(
              trx,
              principalOf(worker),
              [{ person: await row(id), basis: 'consent', informationGiven: 'Explained.', childAssent }],
              t.clock.now(),
            ),
          );
      await assert.rejects(
        grant(child.id, 'refused'),
        (e: unknown) =>
          e instanceof DomainError &&
          e.extra.errors?.[0]?.pointer === '/0/childAssent' &&
          /refus/.test(e.extra.errors[0].message),
      );
      assert.deepEqual((await ledger(worker, child.id)).events, []);
      await grant(adult.id, 'given');
      const events = (await ledger(worker, adult.id)).events;
      assert.equal(events.length, 1);
      assert.equal(events[0].childAssent, null);
    });

    test('only a grant in force is withdrawn (409 invalid_transition otherwise)', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Nothing To Withdraw', dateOfBirth: '1990-01-01' });
      const withdraw = (purpose: string, recipientOrganisationId?: string) =>
        record(worker, b.id, { purpose, basis: 'consent', action: 'withdraw', recipientOrganisationId });
      const refused = async (r: Awaited<ReturnType<typeof withdraw>>, what: string) => {
        assert.equal(r.statusCode, 409, `${what}: ${r.body}`);
        assert.equal(r.json().code, 'invalid_transition', what);
        assert.match(r.json().detail, /nothing to withdraw/, what);
      };
      // never granted, again and again
      await refused(await withdraw('statistics'), 'never granted');
      await refused(await withdraw('statistics'), 'never granted, again');
      assert.deepEqual((await ledger(worker, b.id)).events, []);

      const granted = await record(worker, b.id, { purpose: 'statistics', basis: 'public_interest', action: 'grant' });
      assert.equal(granted.statusCode, 201, granted.body);
      assert.equal((await withdraw('statistics')).statusCode, 201);
      await refused(await withdraw('statistics'), 'already withdrawn');

      // a referral grant names one organisation: it is withdrawn for that one only
      const referral = await record(worker, b.id, {
        purpose: 'referral',
        recipientOrganisationId: partnerId,
        basis: 'consent',
        action: 'grant',
        informationGiven: 'Told who receives what.',
      });
      assert.equal(referral.statusCode, 201, referral.body);
      await refused(await withdraw('referral', orgId), 'another recipient');

      // a grant that has lapsed is no longer in force
      const lapsing = await record(worker, b.id, {
        purpose: 'tracing',
        basis: 'vital_interest',
        action: 'grant',
        expiresAt: new Date(t.clock.now().getTime() + DAY).toISOString(),
      });
      assert.equal(lapsing.statusCode, 201, lapsing.body);
      t.clock.advance(2 * DAY);
      worker.session = await signIn(t, worker);
      await refused(await withdraw('tracing'), 'expired');
      assert.equal((await withdraw('referral', partnerId)).statusCode, 201);
      assert.deepEqual(
        (await ledger(worker, b.id)).events.map((e: { action: string; purpose: string }) => `${e.action} ${e.purpose}`),
        ['grant statistics', 'withdraw statistics', 'grant referral', 'grant tracing', 'withdraw referral'],
      );
    });

    test('append-only: there is no way to change or delete an event', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Append Only' });
      for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
        const r = await t.app.inject({
          method,
          url: `/api/beneficiaries/${b.id}/consents`,
          headers: worker.session.headers,
          payload: {},
        });
        assert.ok(r.statusCode === 404 || r.statusCode === 405, `${method} gave ${r.statusCode}`);
      }
    });

    test('recording is audited with codes only; a restricted person’s ledger is hidden and its reads audited', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Restricted Ledger' });
      const r = await record(worker, b.id, {
        purpose: 'assistance',
        basis: 'consent',
        action: 'grant',
        informationGiven: 'PRIVATE-INFO-TEXT',
      });
      assert.equal(r.statusCode, 201);
      const entry = await db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'consent.grant')
        .where('entity_id', '=', b.id)
        .executeTakeFirstOrThrow();
      assert.equal(entry.purpose, 'assistance');
      assert.ok(!entry.details.includes('PRIVATE-INFO-TEXT'));

      await openSensitiveCase(t, orgId, b.id, worker.id);
      const colleague = await buildMember(t, orgId, ['caseworker', 'supervisor']);
      assert.equal((await as(t, colleague, 'GET', `/api/beneficiaries/${b.id}/consents`)).statusCode, 404);
      assert.equal(
        (await record(colleague, b.id, { purpose: 'assistance', basis: 'vital_interest', action: 'grant' })).statusCode,
        404,
      );
      await ledger(worker, b.id);
      const reads = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', b.id)
        .where('sensitive_read', '=', 1)
        .execute();
      assert.ok(reads.some((x) => x.action === 'consent.read'));
    });

    test('another organisation can neither read nor write the ledger (404)', async () => {
      const b = await buildBeneficiary(t, worker, { nameLatin: 'Other Org Ledger' });
      const other = await buildMember(t, partnerId, ['caseworker']);
      assert.equal((await as(t, other, 'GET', `/api/beneficiaries/${b.id}/consents`)).statusCode, 404);
      const w = await record(other, b.id, { purpose: 'assistance', basis: 'vital_interest', action: 'grant' });
      assert.equal(w.statusCode, 404);
      const analyst = await buildMember(t, orgId, ['analyst']);
      assert.equal((await as(t, analyst, 'GET', `/api/beneficiaries/${b.id}/consents`)).statusCode, 403);
    });
  });
}
