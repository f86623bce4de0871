import assert from 'node:assert/strict';
import { centreBody } from '../../src/centres/centres.fixtures.ts';
import { idemKey } from '../harness.ts';
import type { Fixture, MatrixPart } from './types.ts';

const DAY = '2026-06-02';
const book = { service: 'document_check', day: DAY, start: '09:00', contact: { name: 'M', phone: '+9647509999999' } };
const centre = (o: Fixture) => `/api/centres/${o.ids.centreId}`;
const appt = (o: Fixture) => `/api/appointments/${o.ids.appointmentId}`;
const publicRow = {
  anonymous: true,
  otherOrg: { none: 'public booking: centres open to the public, or a booking code' },
};

/** Authorization rows of Visa Assistance Centres and appointments (staff API and the public booking API). */
export const centresMatrix: MatrixPart = {
  rows: {
    'GET /api/centres': { anonymous: false, otherOrg: { none: 'lists the caller’s own organisation’s centres only' } },
    'HEAD /api/centres': { anonymous: false, otherOrg: { none: 'lists the caller’s own organisation’s centres only' } },
    'POST /api/centres': {
      anonymous: false,
      otherOrg: { none: 'creates in the caller’s own organisation' },
      payload: centreBody(),
    },
    'GET /api/centres/:id': { anonymous: false, otherOrg: (o) => ({ url: centre(o) }) },
    'HEAD /api/centres/:id': { anonymous: false, otherOrg: (o) => ({ url: centre(o) }) },
    'PUT /api/centres/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: centre(o), payload: centreBody(), ifMatch: true }),
      payload: centreBody(),
    },
    'GET /api/centres/:id/closures': { anonymous: false, otherOrg: (o) => ({ url: `${centre(o)}/closures` }) },
    'HEAD /api/centres/:id/closures': { anonymous: false, otherOrg: (o) => ({ url: `${centre(o)}/closures` }) },
    'POST /api/centres/:id/closures': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${centre(o)}/closures`, payload: { day: '2026-07-01', reason: 'x' } }),
      payload: { day: '2026-07-01', reason: 'x' },
    },
    'DELETE /api/centre-closures/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/centre-closures/${o.ids.closureId}` }),
    },
    'GET /api/centres/:id/day': { anonymous: false, otherOrg: (o) => ({ url: `${centre(o)}/day?day=${DAY}` }) },
    'HEAD /api/centres/:id/day': { anonymous: false, otherOrg: (o) => ({ url: `${centre(o)}/day?day=${DAY}` }) },
    'POST /api/centres/:id/appointments': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${centre(o)}/appointments`, payload: { ...book, start: '09:30' } }),
      payload: book,
    },
    'GET /api/appointments/:id': { anonymous: false, otherOrg: (o) => ({ url: appt(o) }) },
    'HEAD /api/appointments/:id': { anonymous: false, otherOrg: (o) => ({ url: appt(o) }) },
    'POST /api/appointments/:id/cancel': { anonymous: false, otherOrg: (o) => ({ url: `${appt(o)}/cancel` }) },
    'POST /api/appointments/:id/reschedule': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${appt(o)}/reschedule`, payload: { day: DAY, start: '10:00' } }),
      payload: { day: DAY, start: '10:00' },
    },
    'POST /api/appointments/:id/check-in': { anonymous: false, otherOrg: (o) => ({ url: `${appt(o)}/check-in` }) },
    'POST /api/appointments/:id/served': { anonymous: false, otherOrg: (o) => ({ url: `${appt(o)}/served` }) },
    'POST /api/appointments/:id/no-show': { anonymous: false, otherOrg: (o) => ({ url: `${appt(o)}/no-show` }) },
    'GET /api/centres/:id/throughput': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${centre(o)}/throughput?from=${DAY}&to=${DAY}` }),
    },
    'HEAD /api/centres/:id/throughput': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${centre(o)}/throughput?from=${DAY}&to=${DAY}` }),
    },
    'POST /api/centres/:id/throughput/export': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${centre(o)}/throughput/export`, payload: { from: DAY, to: DAY, format: 'csv' } }),
      payload: { from: DAY, to: DAY, format: 'csv' },
    },
    'GET /api/public/centres': publicRow,
    'HEAD /api/public/centres': publicRow,
    'GET /api/public/centres/:id/slots': publicRow,
    'HEAD /api/public/centres/:id/slots': publicRow,
    'POST /api/public/appointments': publicRow,
    'POST /api/public/appointments/lookup': publicRow,
    'POST /api/public/appointments/cancel': publicRow,
    'GET /public/appointments': publicRow,
    'HEAD /public/appointments': publicRow,
    'POST /public/appointments': publicRow,
    'GET /public/appointments/booking': publicRow,
    'HEAD /public/appointments/booking': publicRow,
    'POST /public/appointments/booking': publicRow,
  },
  async setup(t, fx) {
    const headers = { ...fx.session.headers, 'idempotency-key': idemKey() };
    const c = await t.app.inject({
      method: 'POST',
      url: '/api/centres',
      headers,
      payload: centreBody({ name: `Centre ${fx.canary}`, publicBooking: false }),
    });
    assert.equal(c.statusCode, 201, c.body);
    const centreId = c.json().id as string;
    const cl = await t.app.inject({
      method: 'POST',
      url: `/api/centres/${centreId}/closures`,
      headers: { ...fx.session.headers, 'idempotency-key': idemKey() },
      payload: { day: '2026-06-10', reason: 'Holiday' },
    });
    assert.equal(cl.statusCode, 201, cl.body);
    const a = await t.app.inject({
      method: 'POST',
      url: `/api/centres/${centreId}/appointments`,
      headers: { ...fx.session.headers, 'idempotency-key': idemKey() },
      payload: { ...book, start: '08:00', contact: { name: `Person ${fx.canary}`, phone: '+9647508888888' } },
    });
    assert.equal(a.statusCode, 201, a.body);
    return { centreId, closureId: cl.json().id as string, appointmentId: a.json().id as string };
  },
};
