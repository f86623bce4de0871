import type { MatrixPart } from './types.ts';

/** Foundation routes: system, sign-in, organisations, users, API tokens, audit. */
export const identityMatrix: MatrixPart = {
  rows: {
    'GET /api/health': { anonymous: true, otherOrg: { none: 'no record' } },
    'HEAD /api/health': { anonymous: true, otherOrg: { none: 'no record' } },
    'GET /api/openapi.json': { anonymous: true, otherOrg: { none: 'no record' } },
    'HEAD /api/openapi.json': { anonymous: true, otherOrg: { none: 'no record' } },
    'POST /api/auth/login': { anonymous: true, otherOrg: { none: 'signs in to one’s own account only' } },
    'POST /api/auth/password-reset': {
      anonymous: true,
      otherOrg: { none: 'e-mails a link to the address’s own account only; the answer is the same for any address' },
      payload: { email: 'someone@test.corridor.invalid' },
    },
    'POST /api/auth/password-reset/complete': {
      anonymous: true,
      otherOrg: { none: 'acts on the account of the link’s token only' },
      payload: { token: 'x'.repeat(43), newPassword: 'y'.repeat(12) },
    },
    'GET /api/auth/session': { anonymous: false, otherOrg: { none: 'the caller’s own session' } },
    'HEAD /api/auth/session': { anonymous: false, otherOrg: { none: 'the caller’s own session' } },
    'POST /api/auth/second-factor': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own session' },
      payload: { code: '123456' },
    },
    'POST /api/auth/totp/enrol': { anonymous: false, otherOrg: { none: 'the caller’s own account' } },
    'POST /api/auth/totp/activate': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own account' },
      payload: { code: '123456' },
    },
    'POST /api/auth/logout': { anonymous: false, otherOrg: { none: 'the caller’s own session' } },
    'POST /api/auth/password': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own account' },
      payload: { currentPassword: 'x', newPassword: 'y'.repeat(12) },
    },
    'GET /api/me/second-factor': { anonymous: false, otherOrg: { none: 'the caller’s own account' } },
    'HEAD /api/me/second-factor': { anonymous: false, otherOrg: { none: 'the caller’s own account' } },
    'POST /api/auth/recovery-codes': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own account' },
      payload: { password: 'x', code: '123456' },
    },
    'POST /api/auth/totp/replace': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own account' },
      payload: { password: 'x', code: '123456' },
    },
    'PUT /api/me/language': {
      anonymous: false,
      otherOrg: { none: 'the caller’s own account; no id of anyone else’s is taken' },
      payload: { locale: 'fr' },
    },
    'GET /api/organisations': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/organisations': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'POST /api/organisations': {
      anonymous: false,
      otherOrg: { none: 'creates a new organisation (platform administrators only)' },
      payload: { code: 'ZZ-1', name: 'Zed', kind: 'civil_society', country: 'SDN' },
    },
    'GET /api/partners': {
      anonymous: false,
      otherOrg: { none: 'the directory lists every organisation by design (no personal data)' },
      directory: 'partners must find each other to refer and to name recipients in consents',
    },
    'HEAD /api/partners': {
      anonymous: false,
      otherOrg: { none: 'the directory lists every organisation by design (no personal data)' },
    },
    'GET /api/organisations/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/organisations/${o.orgId}` }) },
    'HEAD /api/organisations/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/organisations/${o.orgId}` }) },
    'PATCH /api/organisations/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/organisations/${o.orgId}`, payload: { name: 'Taken over' }, ifMatch: true }),
    },
    'GET /api/colleagues': { anonymous: false, otherOrg: { none: 'the caller’s own organisation only' } },
    'HEAD /api/colleagues': { anonymous: false, otherOrg: { none: 'the caller’s own organisation only' } },
    'GET /api/users': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/users': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'POST /api/users': {
      anonymous: false,
      // Creating a user in another organisation is refused outright (403): the organisation id came from the caller.
      otherOrg: (o) => ({
        expect: 403,
        url: '/api/users',
        payload: {
          organisationId: o.orgId,
          email: 'intruder@test.corridor.invalid',
          displayName: 'I',
          roles: ['admin'],
          password: 'Tq7!correct-horse-9',
        },
      }),
    },
    'GET /api/users/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/users/${o.adminId}` }) },
    'HEAD /api/users/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/users/${o.adminId}` }) },
    'PATCH /api/users/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/users/${o.adminId}`, payload: { disabled: true }, ifMatch: true }),
    },
    'POST /api/users/:id/password-reset': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/users/${o.adminId}/password-reset` }),
    },
    'POST /api/users/:id/second-factor/reset': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/users/${o.adminId}/second-factor/reset` }),
    },
    'GET /api/tokens': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/tokens': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'POST /api/tokens': {
      anonymous: false,
      otherOrg: { none: 'always issued in the caller’s organisation' },
      payload: { name: 't', roles: ['admin'], expiresInDays: 1 },
    },
    'DELETE /api/tokens/:id': { anonymous: false, otherOrg: (o) => ({ url: `/api/tokens/${o.tokenId}` }) },
    'GET /api/audit': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'HEAD /api/audit': { anonymous: false, otherOrg: { none: 'list, checked by the canary test' } },
    'GET /api/audit/verify': { anonymous: false, otherOrg: { none: 'whole chain, no organisation data' } },
    'HEAD /api/audit/verify': { anonymous: false, otherOrg: { none: 'whole chain, no organisation data' } },
  },
};
