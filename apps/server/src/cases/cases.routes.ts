import type { AnyRoute } from '../http/route.ts';

/** Routes of case management. */
export const caseRoutes: AnyRoute[] = [];
