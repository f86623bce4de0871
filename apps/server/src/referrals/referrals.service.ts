// Referrals between organisations (the coordination the seed asks for). A caseworker refers a case, or one service
// of it, to another organisation under a consent or basis for that recipient; the referral carries only the
// minimal data set, fixed when sent. The receiver accepts or declines, records services delivered (they land on
// the referring organisation's case) and closes its part with an outcome. Every receiver-side read and action
// checks the basis again: once it is withdrawn, the receiver gets 404 and the sender sees `revoked`.
import { randomUUID } from 'node:crypto';
import type { CreateReferral, ReferralStatus, SharedData } from '@corridor/contracts';
import { assertNotAnonymised } from '../beneficiaries/anonymised.ts';
import { getBeneficiary, minimalProfile } from '../beneficiaries/beneficiaries.service.ts';
import { assertNotLettingThemselvesIn, CASE_ROLES, isSensitiveCaseType } from '../cases/case-access.ts';
import { recordReferredService, type ServiceInput } from '../cases/case-records.service.ts';
import { assertCaseStaff, getWorkableCase, isClosed, parseCursor } from '../cases/cases.service.ts';
import { currentBasis, requireBasis } from '../consent/consent.service.ts';
import type { Db, Trx } from '../db/database.ts';
import {
  type CheckRule,
  DomainError,
  forbidden,
  invalidFields,
  notBeforeDay,
  notFound,
  type ValidationIssue,
} from '../errors.ts';
import { evidenceAfter, evidenceBefore, evidenceCaseOf, evidenceRecordsChanged } from '../evidence/maintain.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';
import { findOrganisation } from '../identity/identity.repository.ts';
import type { OrganisationRow } from '../identity/identity.table.ts';
import { referralReason } from '../vocabularies/htcds-referral-reason.ts';
import { serviceType } from '../vocabularies/service-type.ts';
import * as repo from './referrals.repository.ts';
import type { ReferralRow } from './referrals.table.ts';

/** Which side of a referral the caller is on. */
export type Side = 'outgoing' | 'incoming';

/**
 * Who manages a sensitive referral their organisation received without seeing the person: assigns it and lets
 * named colleagues in. Supervisors, and administrators so that one sent to an organisation without a supervisor is
 * never stuck; administrators do nothing else with referrals (they neither accept nor see ordinary ones).
 */
export const REFERRAL_MANAGER_ROLES = ['supervisor', 'admin'] as const;

/** May the caller manage (assign, let in) a sensitive referral their organisation received? */
export const managesReferrals = (p: Principal): boolean => hasAnyRole(p, ...REFERRAL_MANAGER_ROLES);

/**
 * True when the organisation has an active (not disabled) user holding one of `roles`. A sensitive referral is only
 * sent to an organisation with an active supervisor or administrator, who can assign it.
 */
export async function hasActiveStaff(db: Db, organisationId: string, roles: readonly string[]): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('users.organisation_id', '=', organisationId)
    .where('users.disabled_at', 'is', null)
    .where('user_roles.role', 'in', [...roles])
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

const bodyIssue = (pointer: string, message: string, rule?: CheckRule): ValidationIssue => ({
  location: 'body',
  pointer,
  message,
  code: 'custom',
  ...(rule ? { params: { rule } } : {}),
});

/** Does the receiving organisation still have a basis for this referral now? */
export async function receiverHasBasis(db: Db, r: ReferralRow, now: Date): Promise<boolean> {
  const basis = await currentBasis(
    db,
    { beneficiaryId: r.beneficiary_id, purpose: 'referral', recipientOrganisationId: r.to_organisation_id },
    now,
  );
  return basis !== null;
}

/** The status either side sees: an open referral whose basis was withdrawn is `revoked`. */
export async function effectiveStatus(db: Db, r: ReferralRow, now: Date): Promise<ReferralStatus> {
  const open = (repo.OPEN_STATUSES as readonly string[]).includes(r.status);
  if (open && !(await receiverHasBasis(db, r, now))) return 'revoked';
  return r.status;
}

/** True when a referral of the case was accepted by its receiver (a closure as ClosedReferred needs one). */
export const caseWasReferred = (db: Db, caseId: string): Promise<boolean> => repo.hasAcceptedReferral(db, caseId);

/**
 * Refuses a referral the receiving organisation said it does not take (its administrators set this on its page; the
 * partner directory shows it): new referrals paused, or a service outside the ones it lists. A referral of a whole
 * case (no service) goes to an organisation that lists case management, or lists nothing.
 */
function refuseWhatItDoesNotTake(receiver: OrganisationRow, service: string | null): void {
  const note = receiver.referral_note ? ` Its note: "${receiver.referral_note}"` : '';
  if (receiver.referrals_paused === 1)
    throw new DomainError(
      'conflict',
      `${receiver.name} has paused new referrals; choose another organisation that provides the service.${note}`,
    );
  if (receiver.referral_services === null) return;
  const takes = receiver.referral_services.split(' ');
  const wanted = service ?? 'case_management';
  if (takes.includes(wanted)) return;
  const named = (code: string) => (serviceType.has(code) ? serviceType.labels[code] : code);
  throw new DomainError(
    'conflict',
    `${receiver.name} takes referrals only for ${takes.map(named).join(', ')}` +
      `${service === null ? ' (a whole case needs case management)' : ''}; ` +
      `choose one of those or another organisation.${note}`,
  );
}

/** Refers a case (or one service of it) to another organisation, under a basis for that recipient. */
export async function sendReferral(
  trx: Trx,
  p: Principal,
  caseId: string,
  input: CreateReferral,
  now: Date,
): Promise<ReferralRow> {
  const c = await getWorkableCase(trx, p, caseId);
  const issues: ValidationIssue[] = [];
  if (input.serviceType !== null && !serviceType.has(input.serviceType))
    issues.push(bodyIssue('/serviceType', `not a code of the ${serviceType.id} vocabulary`));
  if (!referralReason.has(input.reason))
    issues.push(bodyIssue('/reason', `not a code of the ${referralReason.id} vocabulary`));
  if (input.toOrganisationId === p.organisationId)
    issues.push(bodyIssue('/toOrganisationId', 'must be another organisation'));
  if (input.dueOn !== null && input.dueOn < now.toISOString().slice(0, 10))
    issues.push(bodyIssue('/dueOn', 'must not lie in the past', 'not_past'));
  if (issues.length) throw invalidFields(issues);
  if (isClosed(c)) throw new DomainError('invalid_transition', 'A closed case cannot be referred.');
  const receiver = await findOrganisation(trx, input.toOrganisationId);
  if (!receiver) throw new DomainError('invalid_reference', 'The receiving organisation does not exist.');
  refuseWhatItDoesNotTake(receiver, input.serviceType);
  // An organisation takes referrals only while someone there works cases: a recruitment agency (recruiter staff), a
  // certifying body or an analysts' office has nobody who could act on one, and the person's data would go where it
  // has no use (the partner directory says which take them: takesReferrals).
  if (!(await hasActiveStaff(trx, input.toOrganisationId, CASE_ROLES)))
    throw new DomainError(
      'conflict',
      'The receiving organisation has no active caseworker or supervisor on Corridor, so it takes no referrals; ' +
        'choose an organisation that provides the service.',
    );
  // Nobody at the receiver may see a sensitive referral until someone assigns it: refuse one nobody could assign.
  if (isSensitiveCaseType(c.type) && !(await hasActiveStaff(trx, input.toOrganisationId, REFERRAL_MANAGER_ROLES)))
    throw new DomainError(
      'conflict',
      'The receiving organisation has no active supervisor or administrator, so nobody there could assign this ' +
        'sensitive referral; ask it to name one, then send it again.',
    );
  const b = await getBeneficiary(trx, p, c.beneficiary_id);
  // Nobody can tell who an anonymised person is: no partner is sent their case (and no referral consent is left).
  assertNotAnonymised(b);
  await requireBasis(
    trx,
    { beneficiaryId: b.id, purpose: 'referral', recipientOrganisationId: input.toOrganisationId },
    now,
  );
  const shared: SharedData = { person: minimalProfile(b), caseType: c.type, serviceType: input.serviceType };
  const row: ReferralRow = {
    id: randomUUID(),
    case_id: c.id,
    beneficiary_id: b.id,
    from_organisation_id: c.organisation_id,
    to_organisation_id: input.toOrganisationId,
    service_type: input.serviceType,
    reason: input.reason,
    status: 'sent',
    message: input.message,
    shared_data: JSON.stringify(shared),
    due_on: input.dueOn,
    sent_by: p.userId,
    sent_at: now.toISOString(),
    responded_by: null,
    responded_at: null,
    decline_reason: null,
    outcome: null,
    closed_at: null,
    assigned_to: null,
    assigned_at: null,
    version: 1,
  };
  const evidence = await evidenceBefore(trx, [b.id], now); // evidence base: aggregates stay fresh
  await repo.insertReferral(trx, row);
  await evidenceAfter(trx, evidence, now);
  return row;
}

/** True for a referral of a trafficking, GBV or child case (its shared data is sensitive). */
export const isSensitiveReferral = (r: ReferralRow): boolean =>
  isSensitiveCaseType((JSON.parse(r.shared_data) as { caseType: string }).caseType);

/**
 * May the caller see the person and message of a referral their organisation received (basis aside)? Any of its
 * caseworkers and supervisors for an ordinary one; for a sensitive one only the caseworker it is assigned to and
 * the colleagues a supervisor let in to it by name.
 */
export async function receiverMayRead(db: Db, p: Principal, r: ReferralRow): Promise<boolean> {
  if (!isSensitiveReferral(r)) return true;
  if (r.assigned_to !== null && r.assigned_to === p.userId) return true;
  return (await repo.findReferralGrant(db, r.id, p.userId)) !== undefined;
}

/**
 * One referral the caller may see, and from which side. The sender: staff who may read the case. The receiver:
 * its caseworkers and supervisors while the basis for their organisation holds; a sensitive referral only its
 * assigned caseworker and the colleagues let in, and its supervisors and administrators `restricted` (they assign
 * it, and supervisors accept or decline it, without seeing the person; administrators see no ordinary referral).
 * Anyone else, and the receiver after a withdrawal: 404, exactly as for a referral that does not exist.
 */
export async function getReferral(
  db: Db,
  p: Principal,
  id: string,
  now: Date,
): Promise<{ row: ReferralRow; side: Side; restricted: boolean }> {
  const row = await repo.findReferral(db, id);
  if (row && row.from_organisation_id === p.organisationId) {
    try {
      await getWorkableCase(db, p, row.case_id);
      return { row, side: 'outgoing', restricted: false };
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') throw notFound('referral');
      throw err;
    }
  }
  if (row && row.to_organisation_id === p.organisationId) {
    const reads = hasAnyRole(p, ...CASE_ROLES) && (await receiverMayRead(db, p, row));
    const manages = isSensitiveReferral(row) && managesReferrals(p);
    if ((reads || manages) && (await receiverHasBasis(db, row, now)))
      return { row, side: 'incoming', restricted: !reads };
  }
  throw notFound('referral');
}

const stale = () => new DomainError('precondition_failed', 'The referral changed meanwhile; reload and retry.');

/**
 * A referral the caller's organisation received and may still act on, at the version the caller read (If-Match;
 * omitted only by trusted callers such as the demo loader). `full`: the action needs the person (services,
 * closing), so a supervisor who manages a sensitive referral without reading it may not take it.
 */
async function getIncoming(
  trx: Trx,
  p: Principal,
  id: string,
  now: Date,
  o: { version?: number | undefined; full?: boolean; answer?: boolean } = {},
): Promise<ReferralRow> {
  const { row, side, restricted } = await getReferral(trx, p, id, now);
  if (side !== 'incoming') throw forbidden('Only the receiving organisation acts on a referral.');
  if (o.answer && !hasAnyRole(p, ...CASE_ROLES))
    throw forbidden('Only caseworkers and supervisors of the receiving organisation answer a referral.');
  if (o.full && restricted)
    throw forbidden('Only the caseworker this sensitive referral is assigned to may act on it; assign it first.');
  if (o.version !== undefined && o.version !== row.version) throw stale();
  return row;
}

const cannot = (what: string) =>
  new DomainError('invalid_transition', `The referral cannot be ${what} in its current status.`);

/** Moves a received referral on, or says it cannot be (already answered, closed...). */
async function moveOn(
  trx: Trx,
  row: ReferralRow,
  from: readonly ReferralRow['status'][],
  changes: Partial<ReferralRow>,
  what: string,
): Promise<ReferralRow> {
  if (!(await repo.transition(trx, row.id, row.version, from, changes))) {
    const now = await repo.findReferral(trx, row.id);
    if (now && now.version !== row.version && (from as readonly string[]).includes(now.status)) throw stale();
    throw cannot(what);
  }
  return (await repo.findReferral(trx, row.id))!;
}

/**
 * Before a referral's status changes where no figure moves (accepted, declined): the person's kept snapshot holds the
 * status, so it is removed with the person locked (evidence base); a referral whose person changed meanwhile (a
 * merge) is refused as changed.
 */
async function statusChanging(trx: Trx, row: ReferralRow): Promise<void> {
  await evidenceRecordsChanged(trx, [row.beneficiary_id]);
  if ((await repo.findReferral(trx, row.id))?.beneficiary_id !== row.beneficiary_id) throw stale();
}

/**
 * Does accepting this unassigned referral assign it to the one who accepts it? Yes, as if they had assigned it to
 * themselves, except where that is refused: a sensitive referral goes only to a caseworker, so a supervisor or
 * administrator without that role who accepts one still assigns it afterwards (assertNotLettingThemselvesIn).
 */
const acceptingAssigns = (p: Principal, row: ReferralRow): boolean =>
  row.assigned_to === null && (!isSensitiveReferral(row) || hasAnyRole(p, 'caseworker'));

/**
 * The receiver accepts a referral that was sent. An unassigned one is assigned to the one who accepts it, in the
 * same change (see acceptingAssigns); one already assigned keeps its assignee. `before` and `after` say whether
 * the assignee changed (the route audits that as an assignment).
 */
export async function acceptReferral(
  trx: Trx,
  p: Principal,
  id: string,
  now: Date,
  version?: number,
): Promise<{ before: ReferralRow; after: ReferralRow }> {
  const row = await getIncoming(trx, p, id, now, { version, answer: true });
  await statusChanging(trx, row);
  const at = now.toISOString();
  const after = await moveOn(
    trx,
    row,
    ['sent'],
    {
      status: 'accepted',
      responded_by: p.userId,
      responded_at: at,
      ...(acceptingAssigns(p, row) ? { assigned_to: p.userId, assigned_at: at } : {}),
    },
    'accepted',
  );
  return { before: row, after };
}

/** The receiver declines a referral that was sent, saying why (the sender sees the reason). */
export async function declineReferral(trx: Trx, p: Principal, id: string, reason: string, now: Date, version?: number) {
  const row = await getIncoming(trx, p, id, now, { version, answer: true });
  await statusChanging(trx, row);
  return moveOn(
    trx,
    row,
    ['sent'],
    { status: 'declined', responded_by: p.userId, responded_at: now.toISOString(), decline_reason: reason },
    'declined',
  );
}

/**
 * The receiver records a service it delivered: it lands on the referring organisation's case, with the receiver
 * as provider and the referral named. A referral of one service takes only that service.
 */
export async function recordService(
  trx: Trx,
  p: Principal,
  id: string,
  input: ServiceInput,
  now: Date,
  version?: number,
) {
  const row = await getIncoming(trx, p, id, now, { version, full: true });
  if (row.service_type !== null && input.serviceType !== row.service_type)
    throw invalidFields([bodyIssue('/serviceType', 'must be the service that was referred')]);
  if (row.status !== 'accepted' && row.status !== 'service_delivered') throw cannot('given services');
  // A service under a referral is delivered once it was sent, not before (a slip of the date: 1900 for 2026).
  if (input.deliveredOn < row.sent_at.slice(0, 10))
    throw notBeforeDay('/deliveredOn', 'must not be before the day the referral was sent', row.sent_at.slice(0, 10));
  const evidence = await evidenceBefore(trx, [row.beneficiary_id], now); // evidence base: aggregates stay fresh
  evidenceCaseOf(evidence, row.beneficiary_id, row.case_id);
  const service = await recordReferredService(
    trx,
    {
      caseId: row.case_id,
      caseOrganisationId: row.from_organisation_id,
      referralId: row.id,
      providerOrganisationId: row.to_organisation_id,
    },
    p.userId,
    input,
    now,
  );
  const after = await moveOn(
    trx,
    row,
    ['accepted', 'service_delivered'],
    { status: 'service_delivered' },
    'given services',
  );
  await evidenceAfter(trx, evidence, now);
  return { row: after, service };
}

/** The receiver closes its part with an outcome the sender sees. */
export async function closeReferral(trx: Trx, p: Principal, id: string, outcome: string, now: Date, version?: number) {
  const row = await getIncoming(trx, p, id, now, { version, full: true });
  const evidence = await evidenceBefore(trx, [row.beneficiary_id], now); // evidence base: aggregates stay fresh
  evidenceCaseOf(evidence, row.beneficiary_id, row.case_id);
  const closed = await moveOn(
    trx,
    row,
    ['accepted', 'service_delivered'],
    { status: 'closed', outcome, closed_at: now.toISOString() },
    'closed',
  );
  await evidenceAfter(trx, evidence, now);
  return closed;
}

/**
 * A supervisor of the receiving organisation (or, for a sensitive referral, one of its administrators) assigns or
 * reassigns an open referral to one of its caseworkers or supervisors; for a sensitive referral that person alone
 * then sees the shared data and delivers the services.
 */
export async function assignReferral(
  trx: Trx,
  p: Principal,
  id: string,
  userId: string,
  now: Date,
  version?: number,
): Promise<{ before: ReferralRow; after: ReferralRow }> {
  const row = await getIncoming(trx, p, id, now, { version });
  if (!managesReferrals(p))
    throw forbidden('Only a supervisor or administrator of the receiving organisation assigns it.');
  await assertCaseStaff(trx, row.to_organisation_id, userId);
  if (row.assigned_to === userId) return { before: row, after: row };
  if (isSensitiveReferral(row)) assertNotLettingThemselvesIn(p, userId, 'referral');
  const after = await moveOn(
    trx,
    row,
    repo.OPEN_STATUSES,
    { assigned_to: userId, assigned_at: now.toISOString() },
    'assigned',
  );
  return { before: row, after };
}

/**
 * A referral the caller's organisation received, for one of its supervisors or administrators to manage who may
 * see it (any status: access to a closed referral's record can still be given or taken back).
 */
async function getManagedIncoming(db: Db, p: Principal, id: string, now: Date): Promise<ReferralRow> {
  const { row, side } = await getReferral(db, p, id, now);
  if (side !== 'incoming' || !managesReferrals(p))
    throw forbidden('Only a supervisor or administrator of the receiving organisation manages who sees this referral.');
  return row;
}

/** Lets a named colleague of the receiving organisation see a sensitive referral, with the reason. */
export async function grantReferralAccess(
  trx: Trx,
  p: Principal,
  id: string,
  input: { userId: string; reason: string },
  now: Date,
) {
  const row = await getManagedIncoming(trx, p, id, now);
  if (!isSensitiveReferral(row))
    throw new DomainError(
      'invalid_transition',
      'Only sensitive referrals need access grants; colleagues already see this one.',
    );
  assertNotLettingThemselvesIn(p, input.userId, 'referral');
  await assertCaseStaff(trx, row.to_organisation_id, input.userId);
  if (row.assigned_to === input.userId)
    throw new DomainError('conflict', 'This colleague is the one the referral is assigned to and sees it already.');
  if (await repo.findReferralGrant(trx, row.id, input.userId))
    throw new DomainError('conflict', 'This colleague already has access to the referral.');
  const grant = {
    referral_id: row.id,
    user_id: input.userId,
    granted_by: p.userId,
    granted_at: now.toISOString(),
    reason: input.reason,
  };
  await repo.insertReferralGrant(trx, grant);
  return { row, grant };
}

/** Ends a colleague's access to a received referral. */
export async function revokeReferralAccess(
  trx: Trx,
  p: Principal,
  id: string,
  userId: string,
  now: Date,
): Promise<ReferralRow> {
  const row = await getManagedIncoming(trx, p, id, now);
  if (!(await repo.deleteReferralGrant(trx, row.id, userId))) throw notFound('access grant');
  return row;
}

/** The colleagues let in to a received referral. */
export async function referralAccessGrants(db: Db, p: Principal, id: string, now: Date) {
  const row = await getManagedIncoming(db, p, id, now);
  return repo.listReferralGrants(db, row.id);
}

export type ReferralListQuery = {
  status?: ReferralStatus | undefined;
  overdue?: boolean | undefined;
  caseId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/**
 * One side's list, newest first. The receiver's list leaves out referrals whose basis was withdrawn; the
 * sender's shows them as `revoked`. (Both are filtered after the query, so a page may hold fewer than `limit`.)
 */
export async function listReferrals(
  db: Db,
  p: Principal,
  side: Side,
  q: ReferralListQuery,
  now: Date,
): Promise<{ items: { row: ReferralRow; status: ReferralStatus }[]; next: string | null }> {
  const after = parseCursor(q.cursor);
  // `revoked` is derived from the ledger, so it is asked for through the open statuses it can come from.
  const statuses = q.status === 'revoked' ? repo.OPEN_STATUSES : q.status ? [q.status] : undefined;
  const filter = {
    statuses,
    overdue: q.overdue === undefined ? undefined : { value: q.overdue, today: now.toISOString().slice(0, 10) },
    caseId: side === 'outgoing' ? q.caseId : undefined,
    after,
    limit: q.limit + 1,
  };
  const rows =
    side === 'incoming'
      ? await repo.listIncoming(db, p, {
          ...filter,
          ordinary: hasAnyRole(p, ...CASE_ROLES),
          allSensitive: managesReferrals(p),
        })
      : await repo.listOutgoing(db, p, filter);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const items: { row: ReferralRow; status: ReferralStatus }[] = [];
  for (const row of page) {
    // The receiver lists only what it may still open: no referral, open or closed, whose basis was withdrawn.
    if (side === 'incoming' && !(await receiverHasBasis(db, row, now))) continue;
    const status = await effectiveStatus(db, row, now);
    if (q.status && status !== q.status) continue;
    items.push({ row, status });
  }
  const last = page[page.length - 1];
  return { items, next: more && last ? `${last.sent_at}|${last.id}` : null };
}
