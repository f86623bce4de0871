import type { Problem } from '@corridor/contracts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** What a successful call gives back: the parsed body (undefined for 204), the ETag, the status and headers. */
export type ApiResponse<T> = { data: T; etag: string | null; status: number; headers: Headers };

export type ApiOptions = {
  body?: unknown;
  /** The ETag read earlier; sent as If-Match so the server can refuse a stale update (412). */
  ifMatch?: string | null;
  /** Makes a creating POST safe to retry: the server applies one effect per key. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Do not report 401s to the session (the login flow handles its own). */
  quietAuth?: boolean;
};

/** An error answer from the API, always carrying RFC 9457 problem details (synthesised when the body is not one). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

/** Codes the client itself produces when no problem document came back. */
export const CLIENT_CODES = {
  network: 'network_error',
  badResponse: 'bad_response',
  /** A write refused with 412 because the record changed since it was read (the page reloads it). */
  changedMeanwhile: 'changed_meanwhile',
} as const;

/** The answers that mean the session itself changed: signed out, second factor owed, or a stale CSRF token. */
export type AuthProblemCode = 'unauthenticated' | 'second_factor_required' | 'csrf_failed';

type AuthListener = (code: AuthProblemCode) => void;

// The CSRF token lives in memory only: SECURITY.md D4 forbids personal or session data in browser storage.
let csrfToken: string | null = null;
let authListener: AuthListener | null = null;

/** Remembers the session's CSRF token, echoed on every mutating request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for the few requests that cannot go through `api` (file downloads). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Lets the session react when the API says the caller is signed out or still owes a second factor. */
export function onAuthProblem(listener: AuthListener | null): void {
  authListener = listener;
}

/** A fresh random key for Idempotency-Key (works outside secure contexts, unlike crypto.randomUUID). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.status === 'number' && typeof v.title === 'string';
}

function synthetic(status: number, code: string, title: string): Problem {
  return { type: 'about:blank', title, status, code };
}

/** Calls the API: JSON in and out, CSRF header on writes, problem details turned into ApiError. */
export async function api<T>(method: Method, path: string, options: ApiOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const mutating = method !== 'GET';
  let body: string | undefined;
  if (mutating) {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    // A JSON content type with an empty body is refused by the server's parser, so bodyless writes send {}.
    body = JSON.stringify(options.body ?? {});
  }
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(synthetic(0, CLIENT_CODES.network, 'The server could not be reached'));
  }

  const type = response.headers.get('content-type') ?? '';
  let parsed: unknown;
  if (response.status !== 204 && response.status !== 304 && type.includes('json')) {
    try {
      parsed = await response.json();
    } catch {
      throw new ApiError(synthetic(response.status, CLIENT_CODES.badResponse, 'The server answer could not be read'));
    }
  }

  if (!response.ok) {
    const problem = isProblem(parsed)
      ? parsed
      : synthetic(response.status, CLIENT_CODES.badResponse, response.statusText || 'Request failed');
    if (!options.quietAuth && authListener) {
      if (
        response.status === 401 &&
        (problem.code === 'unauthenticated' || problem.code === 'second_factor_required')
      ) {
        authListener(problem.code);
      } else if (response.status === 403 && problem.code === 'csrf_failed') {
        authListener(problem.code);
      }
    }
    throw new ApiError(problem);
  }
  return { data: parsed as T, etag: response.headers.get('etag'), status: response.status, headers: response.headers };
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
