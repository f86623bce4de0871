// Test factories of funds and projects (not a test file itself): request bodies the tests and the authorization
// matrix share.
import { randomBytes } from 'node:crypto';

/** A fund body with a unique code: fund managers approve up to USD 10,000 alone, administrators up to 1,000,000. */
export function fundBody(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: `F-${randomBytes(3).toString('hex').toUpperCase()}`,
    name: 'Emergency fund',
    kind: 'emergency_revolving',
    currency: 'USD',
    approvalLimits: [
      { role: 'fund_manager', limitUsd: '10000' },
      { role: 'admin', limitUsd: '1000000' },
    ],
    ...o,
  };
}

/** A request body for the crisis `crisisId` (one that exists: a request for an unknown crisis is refused). */
export function requestBody(crisisId: string | null, o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purpose: 'Evacuation flights',
    recipient: 'Reception partner',
    amount: '100.00',
    usdRate: '1',
    crisisId,
    ...o,
  };
}

/** A crisis body with a unique code (Iraq, one governorate), for an operations officer to create. */
export function crisisBody(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: `IRQ-${randomBytes(3).toString('hex').toUpperCase()}`,
    name: 'Northern Iraq displacement',
    country: 'IRQ',
    areas: ['IQG01'],
    startedOn: '2026-06-01',
    emergencyLevel: 'L2',
    ...o,
  };
}

/** A project body with a unique code, two places (admin 1 and 2) and two partners. */
export function projectBody(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: `P-${randomBytes(3).toString('hex').toUpperCase()}`,
    title: 'Integration of returnees',
    kind: 'integration',
    status: 'ongoing',
    fundId: null,
    country: 'SSD',
    sector: 'Protection',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    budget: '250000',
    currency: 'EUR',
    usdRate: '1.08',
    description: 'Reintegration support',
    partners: [
      { name: 'Local NGO Partner', type: 'National NGO', role: 'implementing' },
      { name: 'Example Donor', type: 'Government', role: 'funding' },
    ],
    places: [
      { pcode: 'SS01', name: 'Central Equatoria', adminLevel: 1 },
      { pcode: 'SS0101', name: 'Juba', adminLevel: 2, parentPcode: 'SS01', parentName: 'Central Equatoria' },
    ],
    targets: [{ indicator: 'people_reached', target: 5000 }],
    ...o,
  };
}

/** An activity report body for the project of projectBody(). */
export function reportBody(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
    activity: 'Transit centre shelter',
    pcode: 'SS0101',
    partner: 'Local NGO Partner',
    targeted: 1000,
    reached: { women: 120, men: 210, girls: 40, boys: 55 },
    ...o,
  };
}
