import type { AnyRoute } from '../http/route.ts';

/** Routes of the beneficiary registry (filled in by the registry work). */
export const beneficiaryRoutes: AnyRoute[] = [];
