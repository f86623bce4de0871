import type { Role } from '@corridor/contracts';

/** Who is calling: a person through a session cookie or a machine through an API token. */
export type Principal = Readonly<{
  kind: 'session' | 'token';
  /** The user (for tokens: the user who created the token). */
  userId: string;
  /** Stable id for idempotency keys and rate limits: the user for sessions, the token for tokens. */
  id: string;
  organisationId: string;
  roles: readonly Role[];
  /** 'none' once the second factor is done (or not needed), else what is still to do. */
  secondFactor: 'none' | 'verify' | 'enrol';
  sessionIdHash?: string;
  csrfToken?: string;
  tokenId?: string;
}>;

/** True when the caller holds the platform-wide administrator role. */
export const isPlatformAdmin = (p: Principal): boolean => p.roles.includes('platform_admin');

/** True when the caller holds any of the roles. */
export const hasAnyRole = (p: Principal, ...roles: Role[]): boolean => roles.some((r) => p.roles.includes(r));
