import { allowRoles } from '../http/policy.ts';

/**
 * Route policies of funds (docs/operations.md). Object-level rules (funds.service.ts, funds.requests.ts): staff
 * see only their own organisation's funds and requests (another organisation's answers 404); who may approve how
 * much is each fund's approval limits per role; nobody approves a request they made.
 */
export const fundPolicies = {
  read: allowRoles(
    'funds-read',
    'Staff of the organisation: fund managers, supervisors, administrators, analysts and caseworkers (who request money).',
    'fund_manager',
    'supervisor',
    'admin',
    'analyst',
    'caseworker',
  ),
  manage: allowRoles(
    'funds-manage',
    'Fund managers and administrators: create funds and record contributions, pledges and reimbursements.',
    'fund_manager',
    'admin',
  ),
  request: allowRoles(
    'funds-request',
    'Caseworkers, supervisors and fund managers: request money for a crisis, a case or a project, or cancel a request.',
    'caseworker',
    'supervisor',
    'fund_manager',
  ),
  approve: allowRoles(
    'funds-approve',
    'Fund managers, supervisors and administrators, within the fund’s approval limit for a role they hold.',
    'fund_manager',
    'supervisor',
    'admin',
  ),
  release: allowRoles('funds-release', 'Fund managers: release approved money (the disbursement).', 'fund_manager'),
  figures: allowRoles(
    'funds-figures',
    'Fund managers, analysts, supervisors and administrators: released amounts and time to release; FTS and IATI exports.',
    'fund_manager',
    'analyst',
    'supervisor',
    'admin',
  ),
} as const;
