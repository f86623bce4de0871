import type { MatrixPart } from './types.ts';

/** Authorization rows of the consent context. */
export const consentMatrix: MatrixPart = { rows: {} };
