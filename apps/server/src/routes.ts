import { auditRoutes } from './audit/audit.routes.ts';
import { beneficiaryRoutes } from './beneficiaries/beneficiaries.routes.ts';
import { caseRoutes } from './cases/cases.routes.ts';
import { centrePublicPageRoutes } from './centres/centres.public.pages.ts';
import { centrePublicApiRoutes } from './centres/centres.public.routes.ts';
import { centreRoutes } from './centres/centres.routes.ts';
import { consentRoutes } from './consent/consent.routes.ts';
import { crisisRoutes } from './crises/crises.routes.ts';
import { evidenceRoutes } from './evidence/evidence.routes.ts';
import { evidenceReportRoutes } from './evidence/report/report.routes.ts';
import { fundRoutes } from './funds/funds.routes.ts';
import { grievancePublicRoutes } from './grievances/grievances.public.routes.ts';
import { grievanceRoutes } from './grievances/grievances.routes.ts';
import type { AnyRoute } from './http/route.ts';
import { authRoutes } from './identity/auth.routes.ts';
import { organisationRoutes } from './identity/organisations.routes.ts';
import { tokenRoutes } from './identity/tokens.routes.ts';
import { userRoutes } from './identity/users.routes.ts';
import { importRoutes } from './imports/imports.routes.ts';
import { linkageProjectRoutes } from './linkage/pprl/projects.routes.ts';
import { linkageReviewRoutes } from './linkage/review.routes.ts';
import { movementRoutes } from './movements/movements.routes.ts';
import { notificationRoutes } from './notifications/notifications.routes.ts';
import { projectRoutes } from './projects/projects.routes.ts';
import { publicSiteRoutes } from './public-site/public-site.routes.ts';
import { recruitmentRoutes } from './recruitment/recruitment.routes.ts';
import { referralRoutes } from './referrals/referrals.routes.ts';
import { reintegrationRoutes } from './reintegration/reintegration.routes.ts';
import { remittanceRoutes } from './remittances/remittances.routes.ts';
import { subjectRightsRequestRoutes } from './subject-rights/requests.routes.ts';
import { subjectRightsRoutes } from './subject-rights/subject-rights.routes.ts';
import { systemRoutes } from './system/system.routes.ts';

/** Every API route, by bounded context. A new context adds its list here. */
export const apiRoutes: readonly AnyRoute[] = [
  ...systemRoutes,
  ...authRoutes,
  ...organisationRoutes,
  ...userRoutes,
  ...tokenRoutes,
  ...auditRoutes,
  ...beneficiaryRoutes,
  ...consentRoutes,
  ...evidenceRoutes,
  ...evidenceReportRoutes,
  ...caseRoutes,
  ...referralRoutes,
  ...notificationRoutes,
  ...importRoutes,
  ...linkageProjectRoutes,
  ...linkageReviewRoutes,
  ...subjectRightsRoutes,
  ...subjectRightsRequestRoutes,
  ...centreRoutes,
  ...centrePublicApiRoutes,
  ...centrePublicPageRoutes,
  ...publicSiteRoutes,
  ...recruitmentRoutes,
  ...grievanceRoutes,
  ...grievancePublicRoutes,
  ...remittanceRoutes,
  ...fundRoutes,
  ...projectRoutes,
  ...crisisRoutes,
  ...movementRoutes,
  ...reintegrationRoutes,
] as AnyRoute[];
