import { forms, openCase, recordBasis, registerPerson, type Staff } from '../../src/cases/cases.fixtures.ts';
import type { TestApp } from '../harness.ts';
import type { Fixture, MatrixPart } from './types.ts';

/** The fixture's administrator (who also holds the case roles) as a member of staff for the case factories. */
export const staffOf = (f: Fixture): Staff => ({
  id: f.adminId,
  email: '',
  password: '',
  organisationId: f.orgId,
  roles: ['admin', 'auditor', 'supervisor', 'caseworker'],
  totpSecret: null,
  session: f.session,
});

const caseUrl = (o: Fixture, rest = '') => `/api/cases/${o.ids.caseId}${rest}`;

/** Authorization rows of the cases context (case management, its records, and the vocabularies it uses). */
export const casesMatrix: MatrixPart = {
  rows: {
    'POST /api/cases': {
      anonymous: false,
      // Opening a case for another organisation's person: the person is not found.
      otherOrg: (o) => ({
        url: '/api/cases',
        payload: { beneficiaryId: o.ids.casePersonId, form: forms.protection() },
      }),
    },
    'GET /api/cases': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/cases': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'GET /api/cases/:id': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o) }) },
    'HEAD /api/cases/:id': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o) }) },
    'PATCH /api/cases/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o), payload: { form: forms.trafficking() }, ifMatch: true }),
    },
    'POST /api/cases/:id/status': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/status'), payload: { status: 'FollowUp' }, ifMatch: true }),
      payload: { status: 'FollowUp' },
    },
    'POST /api/cases/:id/closure-request': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/closure-request'), payload: { reason: 'Done.' }, ifMatch: true }),
    },
    'POST /api/cases/:id/closure-decision': {
      anonymous: false,
      otherOrg: (o) => ({
        url: caseUrl(o, '/closure-decision'),
        payload: { decision: 'approve', reason: null },
        ifMatch: true,
      }),
    },
    'POST /api/cases/:id/assignment': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/assignment'), payload: { userId: o.adminId }, ifMatch: true }),
    },
    'GET /api/cases/:id/access': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/access') }) },
    'HEAD /api/cases/:id/access': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/access') }) },
    'POST /api/cases/:id/access': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/access'), payload: { userId: o.adminId, reason: 'Taking over.' } }),
    },
    'DELETE /api/cases/:id/access/:userId': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, `/access/${o.adminId}`) }),
    },
    'GET /api/cases/:id/assessments': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/assessments') }) },
    'HEAD /api/cases/:id/assessments': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/assessments') }) },
    'POST /api/cases/:id/assessments': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/assessments'), payload: { kind: 'risk' } }),
    },
    'GET /api/cases/:id/plan-items': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/plan-items') }) },
    'HEAD /api/cases/:id/plan-items': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/plan-items') }) },
    'POST /api/cases/:id/plan-items': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/plan-items'), payload: { planType: 'Legal', description: 'x' } }),
    },
    'PATCH /api/cases/:id/plan-items/:itemId': {
      anonymous: false,
      otherOrg: (o) => ({
        url: caseUrl(o, `/plan-items/${o.ids.planItemId}`),
        payload: { status: 'cancelled' },
        ifMatch: true,
      }),
    },
    'GET /api/cases/:id/services': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/services') }) },
    'HEAD /api/cases/:id/services': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/services') }) },
    'POST /api/cases/:id/services': {
      anonymous: false,
      otherOrg: (o) => ({
        url: caseUrl(o, '/services'),
        payload: { serviceType: 'transport', deliveredOn: '2026-05-01' },
      }),
    },
    'GET /api/cases/:id/notes': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/notes') }) },
    'HEAD /api/cases/:id/notes': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/notes') }) },
    'POST /api/cases/:id/notes': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/notes'), payload: { body: 'Planted note.' } }),
    },
    'GET /api/cases/:id/tasks': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/tasks') }) },
    'HEAD /api/cases/:id/tasks': { anonymous: false, otherOrg: (o) => ({ url: caseUrl(o, '/tasks') }) },
    'POST /api/cases/:id/tasks': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, '/tasks'), payload: { title: 'x', dueOn: '2026-07-01' } }),
    },
    'POST /api/cases/:id/tasks/:itemId/done': {
      anonymous: false,
      otherOrg: (o) => ({ url: caseUrl(o, `/tasks/${o.ids.taskId}/done`) }),
    },
    'GET /api/tasks/overdue': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/tasks/overdue': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'GET /api/vocabularies': { anonymous: false, otherOrg: { none: 'public standards, no organisation data' } },
    'HEAD /api/vocabularies': { anonymous: false, otherOrg: { none: 'public standards, no organisation data' } },
  },
  /** A trafficking case (sensitive) with a plan item and an overdue task, for a person named with the canary. */
  async setup(t: TestApp, f: Fixture) {
    const staff = staffOf(f);
    const casePersonId = await registerPerson(t, staff, { nameLatin: `Person ${f.canary}` });
    await recordBasis(t, staff, { beneficiaryId: casePersonId, purpose: 'assistance' });
    const c = await openCase(t, staff, casePersonId, forms.trafficking());
    const post = async (path: string, payload: unknown) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${c.id}${path}`,
        headers: f.session.headers,
        payload: payload as Record<string, unknown>,
      });
      if (res.statusCode !== 201) throw new Error(`matrix setup: ${path} gave ${res.statusCode} ${res.body}`);
      return res.json() as { id: string };
    };
    const planItem = await post('/plan-items', { planType: 'Legal', description: `Plan ${f.canary}` });
    const task = await post('/tasks', { title: `Task ${f.canary}`, dueOn: '2099-05-01' });
    await post('/notes', { body: `Note ${f.canary}` });
    return { casePersonId, caseId: c.id, planItemId: planItem.id, taskId: task.id };
  },
};
