// The one closed catalogue of errors Corridor reports. Each code has a stable name, an HTTP status and a title;
// docs/errors.md documents every one (a test keeps the two in step). Details never carry input values.

export type ValidationIssue = {
  location: 'body' | 'query' | 'params' | 'headers';
  pointer: string;
  message: string;
  code: string;
  /** Imports: the row of the file (the header is row 1; 0 for the whole file). */
  row?: number;
  /** Imports: the column of the file, when the problem is in one. */
  column?: string | null;
  /** What a client words the issue with (contracts issueParams): a limit, a format. */
  params?: Record<string, string | number | boolean>;
};

export const catalogue = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_request: { status: 400, title: 'The request could not be read' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  invalid_credentials: { status: 401, title: 'The email or password is not correct' },
  second_factor_required: { status: 401, title: 'A second factor is required' },
  invalid_second_factor: { status: 401, title: 'The second-factor code is not correct' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  csrf_failed: { status: 403, title: 'The request is missing a valid CSRF token' },
  not_found: { status: 404, title: 'The resource does not exist' },
  method_not_allowed: { status: 405, title: 'The method is not allowed here' },
  conflict: { status: 409, title: 'The request conflicts with existing data' },
  idempotency_in_flight: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  precondition_failed: { status: 412, title: 'The resource has changed since you read it' },
  request_timeout: { status: 408, title: 'The request was not received in time' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body must be JSON' },
  headers_too_large: { status: 431, title: 'The request’s address or headers are too long' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with a different request' },
  weak_password: { status: 422, title: 'The password is too weak' },
  invalid_reset_link: { status: 400, title: 'The password reset link is not valid or has expired' },
  invalid_reference: { status: 422, title: 'The request refers to something that does not exist' },
  basis_required: { status: 422, title: 'No consent or legal basis is recorded for this purpose' },
  invalid_transition: { status: 409, title: 'The record is not in a state that allows this' },
  import_rejected: { status: 422, title: 'The file has rows that cannot be imported; nothing was imported' },
  export_too_large: { status: 422, title: 'The export has more rows than allowed' },
  report_renderer_unavailable: { status: 503, title: 'The PDF renderer is not available on this server' },
  slot_full: { status: 409, title: 'The appointment slot has no free seat' },
  already_booked: { status: 409, title: 'The person already has an appointment that day' },
  slot_unavailable: { status: 422, title: 'The centre does not offer this slot' },
  insufficient_funds: { status: 409, title: 'The fund does not hold enough money for this' },
  approval_limit_exceeded: { status: 403, title: 'The amount is above what you may approve' },
  leg_full: { status: 409, title: 'A leg of the movement has no free seat' },
  capacity_below_booked: { status: 409, title: 'The capacity would be below the seats already booked' },
  best_interest_required: { status: 422, title: 'The child has no completed best-interest assessment' },
  not_ready_to_travel: { status: 422, title: 'The passenger is not cleared to travel' },
  movement_not_under_way: { status: 409, title: 'The movement is not under way' },
  precondition_required: { status: 428, title: 'An If-Match header is required' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  service_unavailable: { status: 503, title: 'The service is unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof catalogue;

/**
 * The rules a service's own checks name (`params.rule`, as the contracts' checks do: docs/errors.md), so that a
 * client words them in its language: a date that must not be in the future, must be in the future, must not be in the
 * past, lies outside 1900-2100, an end before its start, a leg out of the travel order, a leg not leaving from the
 * movement's origin country or not arriving in its destination country, a field required here, or a new value that
 * must differ from the one it replaces (a password), a grant on consent the child refuses, a
 * child's assent given for an adult, anything new recorded for an anonymised person, a role only a platform
 * administrator grants, or the platform administrator role given outside the platform's own organisation, or a
 * p-code that is not a place of the given country in OCHA's list (`pcode_place`, with `country`), or a period range
 * longer than the most a table may have (`period_count`, with `max`).
 */
export type CheckRule =
  | 'not_future'
  | 'in_future'
  | 'not_past'
  | 'day_range'
  | 'not_before'
  | 'leg_order'
  | 'leg_country'
  | 'required'
  | 'not_same'
  | 'child_refuses'
  | 'not_a_child'
  | 'anonymised'
  | 'platform_grant'
  | 'platform_organisation'
  | 'pcode_place'
  | 'period_count';
export const NOT_FUTURE = { rule: 'not_future' } as const satisfies { rule: CheckRule };

/** A domain error from the catalogue. `detail` is a fixed, human sentence: never built from input values. */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra: { errors?: ValidationIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? catalogue[code].title);
    this.status = catalogue[code].status;
  }
}

/** validation_failed with its list of issues: the one sentence every such answer carries, the issues saying where. */
export const invalidFields = (errors: ValidationIssue[]) =>
  new DomainError('validation_failed', 'Some fields are not valid; see errors.', { errors });

/** validation_failed for one field (a custom check; `rule` names it for clients: CheckRule). */
export const invalidField = (
  pointer: string,
  message: string,
  rule?: CheckRule,
  location: ValidationIssue['location'] = 'body',
) => invalidFields([{ location, pointer, message, code: 'custom', ...(rule ? { params: { rule } } : {}) }]);

/**
 * validation_failed for a day that comes before the first day it may be (`not_before`): `since` is that day, so that a
 * client can name it in its own language.
 */
export const notBeforeDay = (pointer: string, message: string, since: string) =>
  invalidFields([{ location: 'body', pointer, message, code: 'custom', params: { rule: 'not_before', since } }]);

/**
 * The days of `fields` in a raw request body that lie after today (UTC), as assertNotFuture words them: for a route's
 * checksWhenRefused (route.ts). Only values shaped as a day are judged; the rest are the contract's to report.
 */
export function futureDaysIn(body: unknown, fields: readonly string[], now: Date): ValidationIssue[] {
  const today = now.toISOString().slice(0, 10);
  const values = body as Record<string, unknown>;
  return fields.flatMap((f) => {
    const v = values[f];
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v > today
      ? [
          {
            location: 'body' as const,
            pointer: `/${f}`,
            message: 'must not lie in the future',
            code: 'custom',
            params: NOT_FUTURE,
          },
        ]
      : [];
  });
}

/** Shorthands used across services. */
export const notFound = (what = 'resource') => new DomainError('not_found', `The ${what} does not exist.`);
export const forbidden = (why?: string) => new DomainError('forbidden', why);
export const conflict = (why: string) => new DomainError('conflict', why);

/**
 * Runs `fn`, whose checks were written for a query string (the same question asked by GET), for a route that takes
 * the question in its body: a validation problem it raises is reported at the body's fields.
 */
export async function askedInBody<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof DomainError) || !err.extra.errors) throw err;
    throw new DomainError(err.code, err.detail, {
      ...err.extra,
      errors: err.extra.errors.map((e) => (e.location === 'query' ? { ...e, location: 'body' } : e)),
    });
  }
}

/** A list's `cursor` that is not one the list gave. */
export const badCursor = () => invalidField('/cursor', 'not a cursor this list gave', undefined, 'query');
