import crypto, { timingSafeEqual } from 'node:crypto';
import type { Role } from '@corridor/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { DomainError } from '../errors.ts';
import { principalFromSession, principalFromToken } from '../identity/auth.service.ts';
import type { Policy } from './policy.ts';
import type { Principal } from './principal.ts';

export const SESSION_COOKIE = '__Host-corridor_session';

/**
 * SHA-256 in hex: how session ids and token secrets are stored. Every authenticated request hashes its credential;
 * the one-shot `crypto.hash` (Node 20.12 and later) does it several times faster than a Hash object.
 */
export const sha256: (s: string) => string =
  typeof crypto.hash === 'function'
    ? (s) => crypto.hash('sha256', s, 'hex')
    : (s) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Finds the caller from the session cookie or a bearer token, and applies the route's policy. Returns null only
 * for anonymous routes called without credentials.
 */
export async function authenticate(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  policy: Policy,
  now: Date,
): Promise<Principal | null> {
  const auth = req.headers.authorization;
  const cookie = req.cookies[SESSION_COOKIE];
  let principal: Principal | null = null;
  if (auth !== undefined) {
    const m = /^Bearer\s+(cor_[A-Za-z0-9_-]{20,100})$/.exec(auth);
    if (!m) throw new DomainError('unauthenticated', 'The Authorization header is not a Corridor API token.');
    principal = await principalFromToken(deps, m[1]!, now);
    if (!principal) throw new DomainError('unauthenticated', 'The API token is unknown, expired or revoked.');
  } else if (cookie) {
    principal = await principalFromSession(deps, cookie, now);
    if (!principal) {
      reply.clearCookie(SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
      if (!policy.anonymous) throw new DomainError('unauthenticated', 'Your session has ended; sign in again.');
    }
  }
  if (policy.anonymous) return principal;
  if (!principal) throw new DomainError('unauthenticated', 'Sign in or send an API token.');
  if (policy.sessionOnly && principal.kind !== 'session') {
    throw new DomainError('forbidden', 'This action is for people signed in, not API tokens.');
  }
  if (principal.secondFactor !== 'none' && !policy.beforeSecondFactor) {
    throw new DomainError(
      'second_factor_required',
      principal.secondFactor === 'enrol'
        ? 'Set up an authenticator app before continuing.'
        : 'Enter the code from your authenticator app.',
    );
  }
  if (policy.roles.length > 0 && !policy.roles.some((r: Role) => principal.roles.includes(r))) {
    throw new DomainError('forbidden', 'Your role does not allow this action.');
  }
  return principal;
}

/** Mutating requests from a browser session must echo the session's CSRF token in X-CSRF-Token. */
export function checkCsrf(req: FastifyRequest, principal: Principal): void {
  const sent = req.headers['x-csrf-token'];
  const expected = Buffer.from(principal.csrfToken ?? '');
  // Compared as bytes: a header of as many characters, some of them not ASCII, has more bytes than the token.
  const given = typeof sent === 'string' ? Buffer.from(sent) : null;
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DomainError('csrf_failed', 'Reload the page and try again.');
  }
}
