import type { MatrixPart } from './types.ts';

/** Authorization rows of the cases context. */
export const casesMatrix: MatrixPart = { rows: {} };
