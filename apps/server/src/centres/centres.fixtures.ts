// Test factories of the centres context: a centre through the API, as its organisation's supervisor would create it.
import assert from 'node:assert/strict';
import type { CreateCentre } from '@corridor/contracts';
import { idemKey, type SessionAuth, type TestApp } from '../../test/harness.ts';

/** A centre body: Baghdad time (UTC+3, no daylight saving), weekdays 08:00-12:00, document checks 30 min x 2 seats. */
export const centreBody = (o: Partial<CreateCentre> = {}): CreateCentre => ({
  name: 'Erbil Visa Assistance Centre',
  country: 'IRQ',
  pcode: 'IQG11',
  address: '100 Gulan Street, Erbil',
  timeZone: 'Asia/Baghdad',
  openingHours: {
    mon: [['08:00', '12:00']],
    tue: [['08:00', '12:00']],
    wed: [['08:00', '12:00']],
    thu: [['08:00', '12:00']],
  },
  services: [
    { service: 'document_check', slotMinutes: 30, seatsPerSlot: 2 },
    { service: 'visa_application_support', slotMinutes: 60, seatsPerSlot: 1 },
  ],
  publicBooking: true,
  active: true,
  ...o,
});

/** Creates a centre through the API with a supervisor's or administrator's session; returns its id. */
export async function buildCentre(t: TestApp, auth: SessionAuth, o: Partial<CreateCentre> = {}): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/centres',
    headers: { ...auth.headers, 'idempotency-key': idemKey() },
    payload: centreBody(o),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
