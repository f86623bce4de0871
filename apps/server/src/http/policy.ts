import type { Role } from '@corridor/contracts';

/**
 * Who may call a route. Every route declares one; the app refuses to start when a route does not (deny by
 * default). Object-level rules (which organisation's records) live in each context's policy file.
 */
export type Policy = Readonly<{
  name: string;
  description: string;
  /** No authentication at all (health, login, the API document). */
  anonymous?: boolean;
  /** The caller must hold at least one of these roles; empty means any signed-in user. */
  roles: readonly Role[];
  /** Allowed before the second factor has been given (only the login flow itself). */
  beforeSecondFactor?: boolean;
  /** API tokens may not call it (account management is for people). */
  sessionOnly?: boolean;
}>;

/** The route needs no authentication. */
export const anonymous = (name: string, description: string): Policy => ({
  name,
  description,
  anonymous: true,
  roles: [],
});

/** Any signed-in caller holding one of `roles` (or any role when none are given). */
export const allowRoles = (name: string, description: string, ...roles: Role[]): Policy => ({
  name,
  description,
  roles,
});

/** A signed-in person (not an API token), possibly before the second factor. */
export const signInStep = (name: string, description: string): Policy => ({
  name,
  description,
  roles: [],
  beforeSecondFactor: true,
  sessionOnly: true,
});

/** Any signed-in person, never an API token. */
export const personOnly = (name: string, description: string, ...roles: Role[]): Policy => ({
  name,
  description,
  roles,
  sessionOnly: true,
});
