import { ConsentEvent, ConsentLedger, IdParams, RecordConsent } from '@corridor/contracts';
import { getBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { defineRoute } from '../http/route.ts';
import { consentPolicies as policy } from './consent.policy.ts';
import { presentConsentEvent, presentConsentState } from './consent.presenter.ts';
import { consentLedger, recordConsent } from './consent.service.ts';

/**
 * Routes of the consent and legal-basis ledger. Append-only: there is no route to change or delete an event;
 * a withdrawal, an expiry or a change of basis is a new event.
 */
export const consentRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/beneficiaries/:id/consents',
    operationId: 'recordConsent',
    summary:
      'Record a consent or legal-basis event (grant or withdrawal) for a purpose and, for referrals, a recipient',
    tags: ['consent'],
    policy: policy.recordEvent,
    params: IdParams,
    body: RecordConsent,
    creates: true,
    errors: ['invalid_reference', 'invalid_transition'],
    response: { status: 201, schema: ConsentEvent, description: 'The event, appended to the ledger.' },
    handler: async ({ trx, engine, principal, params, body, now, audit }) => {
      const b = await getBeneficiary(trx, principal, params.id);
      const e = await recordConsent(trx, engine, principal, b, body, now);
      await audit({
        action: body.action === 'grant' ? 'consent.grant' : 'consent.withdraw',
        entityType: 'beneficiary',
        entityId: b.id,
        organisationId: b.organisation_id,
        purpose: body.purpose,
        details: {
          eventId: e.id,
          purpose: e.purpose,
          basis: e.basis,
          recipientOrganisationId: e.recipient_organisation_id,
        },
      });
      return { status: 201, body: presentConsentEvent(e) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/beneficiaries/:id/consents',
    operationId: 'getConsentLedger',
    summary: 'A person’s consent and legal-basis events and the current state per purpose and recipient',
    tags: ['consent'],
    policy: policy.readLedger,
    params: IdParams,
    // Reading a restricted person's ledger is audited before the answer leaves (D9).
    transactional: 'audit',
    response: { status: 200, schema: ConsentLedger, description: 'Events oldest first, and the current state.' },
    handler: async ({ db, principal, params, now, audit }) => {
      const b = await getBeneficiary(db, principal, params.id);
      if (b.restricted === 1)
        await audit({
          action: 'consent.read',
          entityType: 'beneficiary',
          entityId: b.id,
          organisationId: b.organisation_id,
          purpose: 'assistance',
          sensitiveRead: true,
        });
      const ledger = await consentLedger(db, b.id, now);
      return {
        body: {
          beneficiaryId: b.id,
          events: ledger.events.map(presentConsentEvent),
          current: ledger.current.map(presentConsentState),
        },
      };
    },
  }),
];
