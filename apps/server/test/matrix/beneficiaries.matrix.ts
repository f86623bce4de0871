import type { MatrixPart } from './types.ts';

/** Authorization rows of the beneficiaries context. */
export const beneficiariesMatrix: MatrixPart = { rows: {} };
