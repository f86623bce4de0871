import { buildOrganisation, idemKey, type TestApp } from '../harness.ts';
import type { Fixture, MatrixPart, Row } from './types.ts';

const leg = {
  mode: 'air',
  carrier: 'Carrier',
  fromPlace: 'Erbil',
  fromCountry: 'IRQ',
  toPlace: 'Addis Ababa',
  toCountry: 'ETH',
  departsAt: '2026-07-01T06:00:00Z',
  arrivesAt: '2026-07-01T10:00:00Z',
  capacity: 50,
};
const movementBody = {
  type: 'resettlement',
  reference: 'RST-MATRIX-2',
  originCountry: 'IRQ',
  destinationCountry: 'ETH',
  legs: [leg],
};
const crisisBody = { code: 'MATRIX-2', name: 'Crisis', country: 'IRQ', startedOn: '2026-01-01', emergencyLevel: 'L2' };
const updateCrisis = { name: 'Crisis', areas: [], emergencyLevel: 'L2', status: 'active' };
const requestBody = { channel: 'individual', nationality: 'ETH', givenName: 'Abel' };
const nobody = '00000000-0000-4000-8000-000000000000';
const travel = { fitToTravel: 'fit', medicalEscort: false, document: null };
const list = (why: string): Row => ({ anonymous: false, otherOrg: { none: why } });
const own = 'lists or creates in the caller’s own organisation only';
const get = (url: (o: Fixture) => string): [Row, Row] => [
  { anonymous: false, otherOrg: (o) => ({ url: url(o) }) },
  { anonymous: false, otherOrg: (o) => ({ url: url(o) }) },
];
const post = (url: (o: Fixture) => string, payload?: unknown, extra: Partial<Row> = {}): Row => ({
  anonymous: false,
  otherOrg: (o) => ({ url: url(o), ...(payload === undefined ? {} : { payload }) }),
  ...(payload === undefined ? {} : { payload }),
  ...extra,
});
const crisis = (o: Fixture) => `/api/crises/${o.ids.crisisId}`;
const movement = (o: Fixture) => `/api/movements/${o.ids.movementId}`;
const passenger = (o: Fixture) => `/api/passengers/${o.ids.passengerId}`;
const plan = (o: Fixture) => `/api/reintegration/plans/${o.ids.planId}`;
const [gCrisis, hCrisis] = get(crisis);
const [gPops, hPops] = get((o) => `${crisis(o)}/populations`);
const [gFps, hFps] = get((o) => `${crisis(o)}/focal-points`);
const [gReqs, hReqs] = get((o) => `${crisis(o)}/evacuation-requests`);
const [gMv, hMv] = get(movement);
const [gMan, hMan] = get((o) => `${movement(o)}/manifest`);
const [gPax, hPax] = get(passenger);
const [gPlan, hPlan] = get(plan);

/** Authorization rows of crises, movements and reintegration (docs/operations.md). */
export const operationsMatrix: MatrixPart = {
  rows: {
    'GET /api/places': { anonymous: false, otherOrg: { none: 'OCHA’s list of places: reference data, no records' } },
    'HEAD /api/places': { anonymous: false, otherOrg: { none: 'OCHA’s list of places: reference data, no records' } },
    'GET /api/crises': list(own),
    'HEAD /api/crises': list(own),
    'POST /api/crises': { ...list(own), payload: crisisBody },
    'GET /api/crises/:id': gCrisis,
    'HEAD /api/crises/:id': hCrisis,
    'PUT /api/crises/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: crisis(o), payload: updateCrisis, ifMatch: true }),
      payload: updateCrisis,
    },
    'GET /api/crises/:id/populations': gPops,
    'HEAD /api/crises/:id/populations': hPops,
    'POST /api/crises/:id/populations': post((o) => `${crisis(o)}/populations`, {
      nationality: 'ETH',
      pcode: 'IQG01',
      people: 5,
      reportedOn: '2026-02-01',
    }),
    'GET /api/crises/:id/focal-points': gFps,
    'HEAD /api/crises/:id/focal-points': hFps,
    'POST /api/crises/:id/focal-points': post((o) => `${crisis(o)}/focal-points`, {
      nationality: 'ETH',
      mission: 'Embassy',
      name: 'Consul',
    }),
    'GET /api/crises/:id/evacuation-requests': gReqs,
    'HEAD /api/crises/:id/evacuation-requests': hReqs,
    'POST /api/crises/:id/evacuation-requests': post((o) => `${crisis(o)}/evacuation-requests`, requestBody),
    'POST /api/crises/:id/evacuation-requests/export': post((o) => `${crisis(o)}/evacuation-requests/export`, {
      format: 'csv',
    }),
    'POST /api/crises/export': {
      ...list('exports the caller’s own organisation’s crises'),
      payload: { format: 'csv' },
    },
    'POST /api/evacuation-requests/:id/accept': post(
      (o) => `/api/evacuation-requests/${o.ids.evacuationRequestId}/accept`,
      {},
    ),
    'POST /api/evacuation-requests/:id/decline': post(
      (o) => `/api/evacuation-requests/${o.ids.evacuationRequestId}/decline`,
      {
        reason: 'x',
      },
    ),
    'POST /api/evacuation-requests/:id/book': post(
      (o) => `/api/evacuation-requests/${o.ids.evacuationRequestId}/book`,
      {
        movementId: nobody,
      },
    ),
    'GET /api/movements': list(own),
    'HEAD /api/movements': list(own),
    'POST /api/movements': { ...list(own), payload: movementBody },
    'GET /api/movements/:id': gMv,
    'HEAD /api/movements/:id': hMv,
    'POST /api/movements/:id/legs': post((o) => `${movement(o)}/legs`, {
      ...leg,
      departsAt: '2026-07-02T06:00:00Z',
      arrivesAt: '2026-07-02T09:00:00Z',
    }),
    'PATCH /api/movements/:id/legs/:legId': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${movement(o)}/legs/${o.ids.legId}`, payload: { carrier: 'X' }, ifMatch: true }),
      payload: { carrier: 'X' },
    },
    'POST /api/movements/:id/status': post((o) => `${movement(o)}/status`, { status: 'in_progress' }),
    'GET /api/movements/:id/manifest': gMan,
    'HEAD /api/movements/:id/manifest': hMan,
    'POST /api/movements/:id/manifest/export': post((o) => `${movement(o)}/manifest/export`, { format: 'csv' }),
    'POST /api/movements/:id/passengers': post((o) => `${movement(o)}/passengers`, { beneficiaryId: nobody }),
    'GET /api/passengers/:id': gPax,
    'HEAD /api/passengers/:id': hPax,
    'PUT /api/passengers/:id/travel': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${passenger(o)}/travel`, payload: travel, ifMatch: true }),
      payload: travel,
    },
    'POST /api/passengers/:id/check-in': post((o) => `${passenger(o)}/check-in`),
    'POST /api/passengers/:id/depart': post((o) => `${passenger(o)}/depart`),
    'POST /api/passengers/:id/arrive': post((o) => `${passenger(o)}/arrive`),
    'POST /api/passengers/:id/no-show': post((o) => `${passenger(o)}/no-show`),
    'POST /api/passengers/:id/cancel': post((o) => `${passenger(o)}/cancel`),
    'POST /api/passengers/:id/reception': post((o) => `${passenger(o)}/reception`),
    'GET /api/receptions': list('hand-overs addressed to the caller’s own organisation'),
    'HEAD /api/receptions': list('hand-overs addressed to the caller’s own organisation'),
    'POST /api/receptions/:id/receive': post((o) => `/api/receptions/${o.ids.receptionId}/receive`),
    'GET /api/movement-figures': list('counts of the caller’s own organisation'),
    'HEAD /api/movement-figures': list('counts of the caller’s own organisation'),
    'GET /api/reintegration/plans': list(own),
    'HEAD /api/reintegration/plans': list(own),
    'POST /api/reintegration/plans': { ...list(own), payload: { caseId: nobody } },
    'POST /api/reintegration/plans/export': {
      ...list('exports the plans the caller’s own organisation holds or opened'),
      payload: { format: 'csv' },
    },
    'POST /api/reintegration/cohorts/export': {
      ...list('aggregates of the caller’s own organisation'),
      payload: { format: 'csv' },
    },
    'GET /api/reintegration/plans/:id': gPlan,
    'HEAD /api/reintegration/plans/:id': hPlan,
    'POST /api/reintegration/plans/:id/return': post((o) => `${plan(o)}/return`, { returnedOn: '2026-03-01' }),
    'POST /api/reintegration/plans/:id/items': post((o) => `${plan(o)}/items`, {
      dimension: 'social',
      level: 'community',
      support: 'community_project',
      description: 'x',
    }),
    'POST /api/reintegration/items/:id/status': post(
      (o) => `/api/reintegration/items/${o.ids.reintegrationItemId}/status`,
      {
        status: 'delivered',
      },
    ),
    'POST /api/reintegration/plans/:id/handover': post((o) => `${plan(o)}/handover`, { toOrganisationId: nobody }),
    'GET /api/reintegration/handovers': list('hand-overs addressed to the caller’s own organisation'),
    'HEAD /api/reintegration/handovers': list('hand-overs addressed to the caller’s own organisation'),
    'POST /api/reintegration/handovers/:id/accept': post(
      (o) => `/api/reintegration/handovers/${o.ids.handoverId}/accept`,
    ),
    'POST /api/reintegration/handovers/:id/decline': post(
      (o) => `/api/reintegration/handovers/${o.ids.handoverId}/decline`,
    ),
    'POST /api/reintegration/plans/:id/surveys': post((o) => `${plan(o)}/surveys`, {
      round: 'baseline',
      conductedOn: '2026-01-01',
      answers: {},
    }),
    'GET /api/reintegration/instruments': list('the survey instrument: no organisation data'),
    'HEAD /api/reintegration/instruments': list('the survey instrument: no organisation data'),
    'GET /api/reintegration/cohorts': list('aggregates of the caller’s own organisation'),
    'HEAD /api/reintegration/cohorts': list('aggregates of the caller’s own organisation'),
  },
  /**
   * A crisis with a request, a movement with a passenger handed over to a third organisation, and a reintegration
   * plan with an item, handed over to that third organisation; names carry the canary.
   */
  async setup(t: TestApp, f: Fixture) {
    const call = async (url: string, payload: unknown, status = 201) => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...f.session.headers, 'idempotency-key': idemKey() },
        payload: payload as Record<string, unknown>,
      });
      if (res.statusCode !== status) throw new Error(`matrix setup: ${url} gave ${res.statusCode} ${res.body}`);
      return res.json() as { id: string; legs?: { id: string }[] };
    };
    const third = await buildOrganisation(t, { name: `Partner of ${f.canary}` });
    const person = await call('/api/beneficiaries', { nameLatin: `Traveller ${f.canary}`, citizenships: ['ETH'] });
    for (const purpose of ['assistance', 'referral'])
      await call(`/api/beneficiaries/${person.id}/consents`, {
        purpose,
        basis: 'vital_interest',
        action: 'grant',
        ...(purpose === 'referral' ? { recipientOrganisationId: third.id } : {}),
      });
    const c = await call('/api/crises', { ...crisisBody, code: 'MATRIX-1', name: `Crisis ${f.canary}` });
    const r = await call(`/api/crises/${c.id}/evacuation-requests`, {
      ...requestBody,
      familyName: f.canary.slice(0, 40),
    });
    const m = await call('/api/movements', {
      ...movementBody,
      reference: 'RST-MATRIX-1',
      receptionOrganisationId: third.id,
    });
    const x = await call(`/api/movements/${m.id}/passengers`, { beneficiaryId: person.id });
    const rec = await call(`/api/passengers/${x.id}/reception`, undefined);
    const avrr = await call('/api/cases', { beneficiaryId: person.id, form: { type: 'avrr', countryOfReturn: 'ETH' } });
    const p = await call('/api/reintegration/plans', { caseId: avrr.id });
    const item = await call(`/api/reintegration/plans/${p.id}/items`, {
      dimension: 'economic',
      level: 'individual',
      support: 'business_grant',
      description: `Grant ${f.canary}`,
    });
    const h = await call(`/api/reintegration/plans/${p.id}/handover`, { toOrganisationId: third.id });
    return {
      crisisId: c.id,
      evacuationRequestId: r.id,
      movementId: m.id,
      legId: m.legs![0]!.id,
      passengerId: x.id,
      receptionId: rec.id,
      planId: p.id,
      reintegrationItemId: item.id,
      handoverId: h.id,
      opsBeneficiaryId: person.id,
    };
  },
};
