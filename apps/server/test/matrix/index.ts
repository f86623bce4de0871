import { beneficiariesMatrix } from './beneficiaries.matrix.ts';
import { casesMatrix } from './cases.matrix.ts';
import { consentMatrix } from './consent.matrix.ts';
import { identityMatrix } from './identity.matrix.ts';
import { importsMatrix } from './imports.matrix.ts';
import { referralsMatrix } from './referrals.matrix.ts';
import { subjectRightsMatrix } from './subject-rights.matrix.ts';
import type { MatrixPart } from './types.ts';

/**
 * Every context's part of the authorization matrix, in dependency order: a part's setup may use ids that an
 * earlier part's setup put in the fixture. A new context adds its part here.
 */
export const matrixParts: MatrixPart[] = [
  identityMatrix,
  beneficiariesMatrix,
  consentMatrix,
  casesMatrix,
  referralsMatrix,
  importsMatrix,
  subjectRightsMatrix,
];
