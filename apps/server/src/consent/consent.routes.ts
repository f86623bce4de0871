import type { AnyRoute } from '../http/route.ts';

/** Routes of the consent ledger. */
export const consentRoutes: AnyRoute[] = [];
