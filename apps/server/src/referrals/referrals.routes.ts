import type { AnyRoute } from '../http/route.ts';

/** Routes of referrals between organisations. */
export const referralRoutes: AnyRoute[] = [];
