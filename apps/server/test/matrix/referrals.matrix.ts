import type { MatrixPart } from './types.ts';

/** Authorization rows of the referrals context. */
export const referralsMatrix: MatrixPart = { rows: {} };
