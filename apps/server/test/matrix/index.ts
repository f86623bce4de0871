import { beneficiariesMatrix } from './beneficiaries.matrix.ts';
import { casesMatrix } from './cases.matrix.ts';
import { centresMatrix } from './centres.matrix.ts';
import { consentMatrix } from './consent.matrix.ts';
import { evidenceMatrix } from './evidence.matrix.ts';
import { evidenceReportMatrix } from './evidence-report.matrix.ts';
import { fundsMatrix } from './funds.matrix.ts';
import { grievancesMatrix } from './grievances.matrix.ts';
import { identityMatrix } from './identity.matrix.ts';
import { importsMatrix } from './imports.matrix.ts';
import { linkageProjectsMatrix } from './linkage-projects.matrix.ts';
import { linkageReviewMatrix } from './linkage-review.matrix.ts';
import { notificationsMatrix } from './notifications.matrix.ts';
import { operationsMatrix } from './operations.matrix.ts';
import { publicSiteMatrix } from './public-site.matrix.ts';
import { recruitmentMatrix } from './recruitment.matrix.ts';
import { referralsMatrix } from './referrals.matrix.ts';
import { remittancesMatrix } from './remittances.matrix.ts';
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
  centresMatrix,
  importsMatrix,
  subjectRightsMatrix,
  publicSiteMatrix,
  recruitmentMatrix,
  remittancesMatrix,
  evidenceReportMatrix,
  grievancesMatrix,
  notificationsMatrix,
  operationsMatrix,
  linkageProjectsMatrix,
  linkageReviewMatrix,
  fundsMatrix,
  evidenceMatrix,
];
