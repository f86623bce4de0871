import assert from 'node:assert/strict';
import { fundBody, projectBody, reportBody, requestBody } from '../../src/funds/funds.fixtures.ts';
import { idemKey } from '../harness.ts';
import type { Fixture, MatrixPart, Row } from './types.ts';

const fund = (o: Fixture) => `/api/funds/${o.ids.fundId}`;
const req = (o: Fixture) => `/api/fund-requests/${o.ids.fundRequestId}`;
const project = (o: Fixture) => `/api/projects/${o.ids.projectId}`;
const own = (why: string): Row => ({ anonymous: false, otherOrg: { none: why } });
const read = (url: (o: Fixture) => string): Row => ({ anonymous: false, otherOrg: (o) => ({ url: url(o) }) });
const receipt = { kind: 'contribution', donor: 'Donor', amount: '10.00', usdRate: '1' };
/** The payload of refused requests for money (anonymous, or on another organisation's fund): refused before the crisis is looked at. */
const anyRequest = requestBody('00000000-0000-4000-8000-000000000001');

/** Authorization rows of funds, requests for money, projects and 5W. */
export const fundsMatrix: MatrixPart = {
  rows: {
    'GET /api/funds': own('lists the caller’s own organisation’s funds only'),
    'HEAD /api/funds': own('lists the caller’s own organisation’s funds only'),
    'POST /api/funds': { ...own('creates in the caller’s own organisation'), payload: fundBody() },
    'GET /api/funds/:id': read(fund),
    'HEAD /api/funds/:id': read(fund),
    'GET /api/funds/:id/balance': read((o) => `${fund(o)}/balance`),
    'HEAD /api/funds/:id/balance': read((o) => `${fund(o)}/balance`),
    'GET /api/funds/:id/ledger': read((o) => `${fund(o)}/ledger`),
    'HEAD /api/funds/:id/ledger': read((o) => `${fund(o)}/ledger`),
    'GET /api/funds/:id/fts-flows': read((o) => `${fund(o)}/fts-flows`),
    'HEAD /api/funds/:id/fts-flows': read((o) => `${fund(o)}/fts-flows`),
    'POST /api/funds/:id/receipts': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${fund(o)}/receipts`, payload: receipt }),
      payload: receipt,
    },
    'POST /api/funds/:id/requests': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${fund(o)}/requests`, payload: anyRequest }),
      payload: anyRequest,
    },
    'GET /api/fund-requests': own('lists the caller’s own organisation’s requests only'),
    'POST /api/fund-requests/export': {
      ...own('exports the caller’s own organisation’s requests only'),
      payload: { format: 'csv' },
    },
    'HEAD /api/fund-requests': own('lists the caller’s own organisation’s requests only'),
    'GET /api/fund-requests/:id': read(req),
    'HEAD /api/fund-requests/:id': read(req),
    'POST /api/fund-requests/:id/approve': read((o) => `${req(o)}/approve`),
    'POST /api/fund-requests/:id/reject': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${req(o)}/reject`, payload: { reason: 'no' } }),
      payload: { reason: 'no' },
    },
    // Release is for fund managers only: the matrix's administrator is refused by the route's policy first.
    'POST /api/fund-requests/:id/release': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${req(o)}/release`, expect: 403 }),
    },
    'POST /api/fund-requests/:id/cancel': read((o) => `${req(o)}/cancel`),
    'GET /api/fund-figures': own('figures of the caller’s own organisation only'),
    'HEAD /api/fund-figures': own('figures of the caller’s own organisation only'),
    'POST /api/iati/activities/export': own('publishes the caller’s own organisation’s funds and projects'),
    'GET /api/projects': own('lists the caller’s own organisation’s projects only'),
    'HEAD /api/projects': own('lists the caller’s own organisation’s projects only'),
    'POST /api/projects': { ...own('creates in the caller’s own organisation'), payload: projectBody() },
    'GET /api/projects/:id': read(project),
    'HEAD /api/projects/:id': read(project),
    'PUT /api/projects/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: project(o), payload: projectBody(), ifMatch: true }),
      payload: projectBody(),
    },
    'GET /api/projects/:id/reports': read((o) => `${project(o)}/reports`),
    'HEAD /api/projects/:id/reports': read((o) => `${project(o)}/reports`),
    'POST /api/projects/:id/reports': {
      anonymous: false,
      otherOrg: (o) => ({ url: `${project(o)}/reports`, payload: reportBody() }),
      payload: reportBody(),
    },
    'GET /api/project-figures': own('figures of the caller’s own organisation only'),
    'HEAD /api/project-figures': own('figures of the caller’s own organisation only'),
    'POST /api/projects/5w/export': {
      ...own('exports the caller’s own organisation’s reports only'),
      payload: { format: 'csv' },
    },
  },
  async setup(t, fx) {
    const post = async (url: string, payload: Record<string, unknown>) => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...fx.session.headers, 'idempotency-key': idemKey() },
        payload,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const fundId = await post('/api/funds', fundBody({ name: `Fund ${fx.canary}` }));
    const fundRequestId = await post(
      `/api/funds/${fundId}/requests`,
      requestBody(fx.ids.crisisId!, { purpose: `For ${fx.canary}` }),
    );
    const projectId = await post('/api/projects', projectBody({ title: `Project ${fx.canary}` }));
    await post(`/api/projects/${projectId}/reports`, reportBody({ activity: `Activity ${fx.canary}` }));
    return { fundId, fundRequestId, projectId };
  },
};
