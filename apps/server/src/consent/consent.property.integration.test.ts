// SECURITY.md D2: without a basis for a purpose (and recipient), every action for that purpose is refused. For
// random sequences of grants, withdrawals, expiring grants and clock steps, requireBasis refuses exactly when a
// small reference model says there is no valid basis, on the real database of each engine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { buildOrganisation, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import { createBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { type BasisQuery, recordConsent, requireBasis } from './consent.service.ts';

const PURPOSES = ['assistance', 'referral', 'statistics'] as const;
const BASES = ['consent', 'vital_interest', 'public_interest', 'legitimate_interest'] as const;

type Command =
  | {
      kind: 'grant';
      purpose: number;
      recipient: number;
      basis: number;
      expiresInMs: number | null;
    }
  | { kind: 'withdraw'; purpose: number; recipient: number }
  | { kind: 'advance'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('grant' as const),
    purpose: fc.nat(PURPOSES.length - 1),
    recipient: fc.nat(2),
    basis: fc.nat(BASES.length - 1),
    expiresInMs: fc.option(fc.constantFrom(1, 1000, 3_600_000, 86_400_000), { nil: null }),
  }),
  fc.record({ kind: fc.constant('withdraw' as const), purpose: fc.nat(PURPOSES.length - 1), recipient: fc.nat(2) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 1, 999, 1000, 3_600_000, 86_400_000) }),
);

/** The reference model: the latest event per purpose and recipient; valid when it is an unexpired grant. */
class Model {
  private latest = new Map<string, { action: 'grant' | 'withdraw'; expiresAt: number | null }>();
  record(purpose: number, recipient: number, action: 'grant' | 'withdraw', expiresAt: number | null) {
    this.latest.set(`${purpose}/${recipient}`, { action, expiresAt });
  }
  valid(purpose: number, recipient: number, now: number): boolean {
    const e = this.latest.get(`${purpose}/${recipient}`);
    return e !== undefined && e.action === 'grant' && (e.expiresAt === null || e.expiresAt > now);
  }
}

for (const { engine, skip } of engines()) {
  describe(`requireBasis against a reference model (${engine})`, { skip }, () => {
    let t: TestApp;
    let principal: Principal;
    let recipients: (string | null)[];
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      recipients = [null, (await buildOrganisation(t)).id, (await buildOrganisation(t)).id];
      principal = {
        kind: 'session',
        userId: '00000000-0000-4000-8000-00000000c0de',
        id: '00000000-0000-4000-8000-00000000c0de',
        organisationId: org.id,
        roles: ['caseworker'],
        secondFactor: 'none',
      };
    });
    after(() => t?.close());

    test('refuses exactly when the model has no valid basis', async () => {
      const db = t.deps.database.db;
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
          let now = Date.parse('2026-06-01T09:00:00.000Z');
          const b = await db
            .transaction()
            .execute((trx) => createBeneficiary(trx, principal, { nameLatin: 'Model Person' }, new Date(now)));
          const model = new Model();
          for (const c of commands) {
            if (c.kind === 'advance') now += c.ms;
            else {
              const expiresAt = c.kind === 'grant' && c.expiresInMs !== null ? now + c.expiresInMs : null;
              // Only a grant in force is withdrawn: a withdrawal of anything else is refused and changes nothing.
              const nothingToWithdraw = c.kind === 'withdraw' && !model.valid(c.purpose, c.recipient, now);
              const recorded = db.transaction().execute((trx) =>
                recordConsent(
                  trx,
                  t.engine,
                  principal,
                  b.row,
                  {
                    purpose: PURPOSES[c.purpose]!,
                    recipientOrganisationId: recipients[c.recipient]!,
                    basis: c.kind === 'grant' ? BASES[c.basis]! : 'consent',
                    action: c.kind,
                    informationGiven: 'Explained.',
                    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
                  },
                  new Date(now),
                ),
              );
              if (nothingToWithdraw)
                await assert.rejects(
                  recorded,
                  (e: unknown) => e instanceof DomainError && e.code === 'invalid_transition',
                );
              else {
                await recorded;
                model.record(c.purpose, c.recipient, c.kind, expiresAt);
              }
            }
            // after every step, every purpose and recipient agrees with the model
            for (let p = 0; p < PURPOSES.length; p++)
              for (let r = 0; r < recipients.length; r++) {
                const q: BasisQuery = {
                  beneficiaryId: b.row.id,
                  purpose: PURPOSES[p]!,
                  recipientOrganisationId: recipients[r]!,
                };
                const expected = model.valid(p, r, now);
                const got = await requireBasis(db, q, new Date(now)).then(
                  (e) => {
                    assert.equal(e.action, 'grant');
                    assert.equal(e.purpose, PURPOSES[p]);
                    assert.equal(e.recipient_organisation_id, recipients[r]);
                    return true;
                  },
                  (e: unknown) => {
                    if (e instanceof DomainError && e.code === 'basis_required') return false;
                    throw e;
                  },
                );
                assert.equal(got, expected, `purpose ${PURPOSES[p]}, recipient ${r}, after ${JSON.stringify(c)}`);
              }
          }
        }),
        { numRuns: 40 },
      );
    });
  });
}
