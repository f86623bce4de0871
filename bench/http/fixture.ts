// What the benchmark's user looks like, shared by the setup script (which creates the real user in Corridor) and
// the bare server (which answers with a fixed record of the same shape and the same size).

/** The benchmark user's display name. */
export const BENCH_DISPLAY_NAME = 'Benchmark Administrator';

/** The benchmark user's email; `suffix` is 8 hex characters, so every run gives an address of the same length. */
export const benchEmail = (suffix: string): string => `bench-${suffix}@bench.corridor.invalid`;

/**
 * A user record as Corridor's GET /api/users/:id presents it (same keys in the same order, values of the same
 * length as the one the setup script creates), for the bare server to answer with.
 */
export function fixedUserRecord(): Record<string, unknown> {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id: '00000000-0000-4000-8000-000000000001',
    organisationId: '00000000-0000-4000-8000-000000000002',
    email: benchEmail('00000000'),
    displayName: BENCH_DISPLAY_NAME,
    roles: ['admin'],
    locale: 'en',
    disabled: false,
    totpEnabled: false,
    lastLoginAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
