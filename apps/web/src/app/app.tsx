import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { loadAuditMessages } from '../admin/audit-messages.ts';
import { type Area, canUse } from '../auth/access.ts';
import { AuthShell } from '../auth/auth-shell.tsx';
import { EnrolPage } from '../auth/enrol-page.tsx';
import { LoginPage } from '../auth/login-page.tsx';
import { ForgotPasswordPage, ResetPasswordPage } from '../auth/password-reset-pages.tsx';
import { useSession } from '../auth/session.tsx';
import { VerifyPage } from '../auth/verify-page.tsx';
import { loadCentreMessages } from '../centres/centre-messages.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { loadEvidenceMessages } from '../evidence/evidence-messages.ts';
import { loadFundMessages } from '../funds/fund-messages.ts';
import { loadGrievanceMessages } from '../grievances/grievance-messages.ts';
import { loadCaseWorkMessages } from '../i18n/case-work.ts';
import { loadDuplicateMessages } from '../linkage/review-messages.ts';
import { loadLinkageMessages } from '../linkage-projects/linkage-messages.ts';
import { loadOperationsMessages } from '../movements/operations-messages.ts';
import { AccountPage } from '../pages/account-page.tsx';
import { HomePage } from '../pages/home-page.tsx';
import { loadRecruitmentMessages } from '../recruitment/recruitment-messages.ts';
import { loadRemittanceMessages } from '../remittances/remittance-messages.ts';
import { ErrorBoundary } from './error-boundary.tsx';
import { Layout } from './layout.tsx';
import { Link, matchPath, useLocation } from './router.tsx';

// Administration and the API reference are used by few people and rarely: they load on demand.
const OrganisationsPage = lazy(() =>
  import('../admin/organisations-page.tsx').then((m) => ({ default: m.OrganisationsPage })),
);
// An organisation's page also shows what referrals it takes, worded in the case-work messages.
const OrganisationPage = lazy(() =>
  caseWork(() => import('../admin/organisation-page.tsx')).then((m) => ({ default: m.OrganisationPage })),
);
const UsersPage = lazy(() => import('../admin/users-page.tsx').then((m) => ({ default: m.UsersPage })));
const UserPage = lazy(() => import('../admin/user-page.tsx').then((m) => ({ default: m.UserPage })));
const TokensPage = lazy(() => import('../admin/tokens-page.tsx').then((m) => ({ default: m.TokensPage })));
// The audit log arrives with the names of its actions, and the case-work messages for the purposes of reads.
const AuditPage = lazy(() =>
  Promise.all([import('../admin/audit-page.tsx'), loadAuditMessages(), loadCaseWorkMessages()]).then(([m]) => ({
    default: m.AuditPage,
  })),
);
// Case work: people, cases, referrals and tasks, for caseworkers and supervisors only. Each page arrives together
// with the case-work messages, so it never renders before its texts.
function caseWork<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadCaseWorkMessages()]).then(([page]) => page);
}
const PeoplePage = lazy(() =>
  caseWork(() => import('../people/people-page.tsx')).then((m) => ({ default: m.PeoplePage })),
);
// Registration shows the likely duplicates the linkage engine finds, in the duplicate review's words.
const RegisterPage = lazy(() =>
  caseWork(() => Promise.all([import('../people/register-page.tsx'), loadDuplicateMessages()])).then(([m]) => ({
    default: m.RegisterPage,
  })),
);
const PersonPage = lazy(() =>
  caseWork(() => import('../people/person-page.tsx')).then((m) => ({ default: m.PersonPage })),
);
const SubjectAccessCopyPage = lazy(() =>
  caseWork(() => Promise.all([import('../people/subject-access-copy-page.tsx'), loadAuditMessages()])).then(([m]) => ({
    default: m.SubjectAccessCopyPage,
  })),
);
const SubjectRightsRequestsPage = lazy(() =>
  caseWork(() => import('../people/subject-rights-requests.tsx')).then((m) => ({
    default: m.SubjectRightsRequestsPage,
  })),
);
const CasesPage = lazy(() => caseWork(() => import('../cases/cases-page.tsx')).then((m) => ({ default: m.CasesPage })));
const NewCasePage = lazy(() =>
  caseWork(() => import('../cases/new-case-page.tsx')).then((m) => ({ default: m.NewCasePage })),
);
const CasePage = lazy(() => caseWork(() => import('../cases/case-page.tsx')).then((m) => ({ default: m.CasePage })));
const ReferralsPage = lazy(() =>
  caseWork(() => import('../referrals/referrals-page.tsx')).then((m) => ({ default: m.ReferralsPage })),
);
const ReferralPage = lazy(() =>
  caseWork(() => import('../referrals/referral-page.tsx')).then((m) => ({ default: m.ReferralPage })),
);
const OverdueTasksPage = lazy(() =>
  caseWork(() => import('../tasks/overdue-tasks-page.tsx')).then((m) => ({ default: m.OverdueTasksPage })),
);
const ImportPage = lazy(() =>
  caseWork(() => import('../imports/import-page.tsx')).then((m) => ({ default: m.ImportPage })),
);
// Recruiters and their certification; their texts load with them.
function recruitmentWork<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadRecruitmentMessages()]).then(([page]) => page);
}
const RecruitersPage = lazy(() =>
  recruitmentWork(() => import('../recruitment/recruiters-page.tsx')).then((m) => ({ default: m.RecruitersPage })),
);
const RecruiterPage = lazy(() =>
  recruitmentWork(() => import('../recruitment/recruiter-page.tsx')).then((m) => ({ default: m.RecruiterPage })),
);
// Worker grievances, for the certifying body's officers; their texts load with them, and the case-work texts too
// (a grievance's hand-over to a protection organisation names the partners with them).
function grievanceWork<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadGrievanceMessages(), loadCaseWorkMessages()]).then(([page]) => page);
}
const GrievancesPage = lazy(() =>
  grievanceWork(() => import('../grievances/grievances-page.tsx')).then((m) => ({ default: m.GrievancesPage })),
);
const GrievancePage = lazy(() =>
  grievanceWork(() => import('../grievances/grievance-page.tsx')).then((m) => ({ default: m.GrievancePage })),
);
// Linkage projects, for staff of member organisations; their texts load with them.
function linkageWork<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadLinkageMessages()]).then(([page]) => page);
}
// Duplicate review (docs/linkage.md); its texts load with it.
const DuplicatesPage = lazy(() =>
  Promise.all([import('../linkage/review-page.tsx'), loadDuplicateMessages(), loadCaseWorkMessages()]).then(([m]) => ({
    default: m.DuplicatesPage,
  })),
);
const LinkageProjectsPage = lazy(() =>
  linkageWork(() => import('../linkage-projects/linkage-projects-page.tsx')).then((m) => ({
    default: m.LinkageProjectsPage,
  })),
);
const LinkageProjectPage = lazy(() =>
  linkageWork(() => import('../linkage-projects/linkage-project-page.tsx')).then((m) => ({
    default: m.LinkageProjectPage,
  })),
);
// Visa assistance centres, for centre staff and analysts; their texts load with them.
function centreWork<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadCentreMessages()]).then(([page]) => page);
}
const CentresPage = lazy(() =>
  centreWork(() => import('../centres/centres-page.tsx')).then((m) => ({ default: m.CentresPage })),
);
const CentrePage = lazy(() =>
  centreWork(() => import('../centres/centre-page.tsx')).then((m) => ({ default: m.CentrePage })),
);
// Remittance prices and recruitment costs; their texts load with them.
const RemittancesPage = lazy(() =>
  Promise.all([import('../remittances/remittances-page.tsx'), loadRemittanceMessages()]).then(([m]) => ({
    default: m.RemittancesPage,
  })),
);
// The evidence dashboard and the annual report; their texts load with them.
const EvidenceDashboardPage = lazy(() =>
  Promise.all([import('../evidence/dashboard-page.tsx'), loadEvidenceMessages()]).then(([m]) => ({
    default: m.EvidenceDashboardPage,
  })),
);
const AnnualReportPage = lazy(() =>
  Promise.all([import('../evidence/report-page.tsx'), loadEvidenceMessages()]).then(([m]) => ({
    default: m.AnnualReportPage,
  })),
);
// Funds and projects (docs/operations.md); their texts load with them.
function fundWork<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadFundMessages()]).then(([page]) => page);
}
const FundsPage = lazy(() => fundWork(() => import('../funds/funds-page.tsx')).then((m) => ({ default: m.FundsPage })));
const ProjectsPage = lazy(() =>
  fundWork(() => import('../projects/projects-page.tsx')).then((m) => ({ default: m.ProjectsPage })),
);
// Crises, movements, receptions and reintegration (docs/operations.md); their texts load with them.
function opsWork<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadOperationsMessages()]).then(([page]) => page);
}
const CrisesPage = lazy(() =>
  opsWork(() => import('../crises/crises-page.tsx')).then((m) => ({ default: m.CrisesPage })),
);
const CrisisPage = lazy(() =>
  opsWork(() => import('../crises/crisis-page.tsx')).then((m) => ({ default: m.CrisisPage })),
);
const MovementsPage = lazy(() =>
  opsWork(() => import('../movements/movements-page.tsx')).then((m) => ({ default: m.MovementsPage })),
);
const MovementPage = lazy(() =>
  opsWork(() => import('../movements/movement-page.tsx')).then((m) => ({ default: m.MovementPage })),
);
const ReceptionsPage = lazy(() =>
  opsWork(() => import('../movements/receptions-page.tsx')).then((m) => ({ default: m.ReceptionsPage })),
);
const ReintegrationPage = lazy(() =>
  opsWork(() => import('../reintegration/reintegration-page.tsx')).then((m) => ({ default: m.ReintegrationPage })),
);
const PlanPage = lazy(() =>
  opsWork(() => import('../reintegration/plan-page.tsx')).then((m) => ({ default: m.PlanPage })),
);
const NotificationsPage = lazy(() =>
  import('../notifications/notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const ApiReferencePage = lazy(() =>
  import('../reference/api-reference-page.tsx').then((m) => ({ default: m.ApiReferencePage })),
);

type Route = { pattern: string; area?: Area; render: (params: Record<string, string>) => ReactNode };

const ROUTES: Route[] = [
  { pattern: '/', render: () => <HomePage /> },
  { pattern: '/account', render: () => <AccountPage /> },
  { pattern: '/notifications', render: () => <NotificationsPage /> },
  { pattern: '/organisations', area: 'organisations', render: () => <OrganisationsPage /> },
  { pattern: '/organisations/:id', area: 'organisations', render: (p) => <OrganisationPage id={p.id ?? ''} /> },
  { pattern: '/users', area: 'users', render: () => <UsersPage /> },
  { pattern: '/users/:id', area: 'users', render: (p) => <UserPage id={p.id ?? ''} /> },
  { pattern: '/tokens', area: 'tokens', render: () => <TokensPage /> },
  { pattern: '/audit', area: 'audit', render: () => <AuditPage /> },
  { pattern: '/api-reference', render: () => <ApiReferencePage /> },
  // Fixed paths come before the `:id` pattern they would otherwise match.
  { pattern: '/people', area: 'protection', render: () => <PeoplePage /> },
  { pattern: '/people/new', area: 'protection', render: () => <RegisterPage /> },
  { pattern: '/people/:id', area: 'protection', render: (p) => <PersonPage id={p.id ?? ''} /> },
  {
    pattern: '/people/:id/subject-access',
    area: 'protection',
    render: (p) => <SubjectAccessCopyPage id={p.id ?? ''} />,
  },
  { pattern: '/cases', area: 'protection', render: () => <CasesPage /> },
  { pattern: '/cases/new', area: 'protection', render: () => <NewCasePage /> },
  { pattern: '/cases/:id', area: 'protection', render: (p) => <CasePage id={p.id ?? ''} /> },
  { pattern: '/referrals', area: 'referrals', render: () => <ReferralsPage /> },
  { pattern: '/referrals/:id', area: 'referrals', render: (p) => <ReferralPage id={p.id ?? ''} /> },
  { pattern: '/tasks', area: 'protection', render: () => <OverdueTasksPage /> },
  { pattern: '/subject-rights', area: 'supervise', render: () => <SubjectRightsRequestsPage /> },
  { pattern: '/import', area: 'protection', render: () => <ImportPage /> },
  { pattern: '/recruiters', area: 'recruitment', render: () => <RecruitersPage /> },
  { pattern: '/recruiters/:id', area: 'recruitment', render: (p) => <RecruiterPage id={p.id ?? ''} /> },
  { pattern: '/grievances', area: 'grievances', render: () => <GrievancesPage /> },
  { pattern: '/grievances/:id', area: 'grievances', render: (p) => <GrievancePage id={p.id ?? ''} /> },
  { pattern: '/centres', area: 'centres', render: () => <CentresPage /> },
  { pattern: '/centres/:id', area: 'centres', render: (p) => <CentrePage id={p.id ?? ''} /> },
  { pattern: '/remittances', area: 'remittances', render: () => <RemittancesPage /> },
  { pattern: '/funds', area: 'funds', render: () => <FundsPage /> },
  { pattern: '/projects', area: 'projects', render: () => <ProjectsPage /> },
  { pattern: '/crises', area: 'crises', render: () => <CrisesPage /> },
  { pattern: '/crises/:id', area: 'crises', render: (p) => <CrisisPage id={p.id ?? ''} /> },
  { pattern: '/movements', area: 'movements', render: () => <MovementsPage /> },
  { pattern: '/movements/:id', area: 'movements', render: (p) => <MovementPage id={p.id ?? ''} /> },
  { pattern: '/receptions', area: 'receptions', render: () => <ReceptionsPage /> },
  { pattern: '/reintegration', area: 'reintegration', render: () => <ReintegrationPage /> },
  { pattern: '/reintegration/:id', area: 'reintegration', render: (p) => <PlanPage id={p.id ?? ''} /> },
  { pattern: '/evidence', area: 'evidence', render: () => <EvidenceDashboardPage /> },
  { pattern: '/evidence/report', area: 'evidencePublish', render: () => <AnnualReportPage /> },
  { pattern: '/duplicates', area: 'protection', render: () => <DuplicatesPage /> },
  { pattern: '/linkage-projects', area: 'linkage', render: () => <LinkageProjectsPage /> },
  { pattern: '/linkage-projects/:id', area: 'linkage', render: (p) => <LinkageProjectPage id={p.id ?? ''} /> },
];

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('notFound.title')}>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}

function NotAllowed() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('forbidden.title')}>{t('forbidden.title')}</PageHeading>
      <p>{t('forbidden.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}

function SignedInRoutes({ roles }: { roles: Parameters<typeof canUse>[0] }) {
  const { path } = useLocation();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if (route.area && !canUse(roles, route.area)) return <NotAllowed />;
    return (
      <ErrorBoundary key={path}>
        <Suspense fallback={<Loading />}>{route.render(params)}</Suspense>
      </ErrorBoundary>
    );
  }
  return <NotFound />;
}

function Unreachable() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  return (
    <AuthShell>
      <PageHeading title={t('unreachable.title')}>{t('unreachable.title')}</PageHeading>
      {state.kind === 'unreachable' && <FormStatus problem={state.problem} />}
      <button type="button" className="button primary" onClick={() => void refresh()}>
        {t('common.retry')}
      </button>
    </AuthShell>
  );
}

/** Chooses the screen: sign-in steps until the session is complete, then the routed pages. */
export function App() {
  const { state } = useSession();
  const { path } = useLocation();

  // A forgotten password's pages need no session (the e-mailed link may open in a browser that has one).
  if (state.kind !== 'loading' && state.kind !== 'unreachable') {
    if (path === '/forgot-password') return <ForgotPasswordPage />;
    if (path === '/reset-password') return <ResetPasswordPage />;
  }
  switch (state.kind) {
    case 'loading':
      return <Loading />;
    case 'unreachable':
      return <Unreachable />;
    case 'signedOut':
      // The API reference is public; every other address asks to sign in and stays put, so the page opens after.
      if (path === '/api-reference') {
        return (
          <AuthShell wide>
            <ErrorBoundary>
              <Suspense fallback={<Loading />}>
                <ApiReferencePage />
              </Suspense>
            </ErrorBoundary>
          </AuthShell>
        );
      }
      return <LoginPage reason={state.reason} />;
    case 'secondFactor':
      return state.step === 'enrol' ? <EnrolPage /> : <VerifyPage />;
    case 'signedIn':
      return (
        <Layout>
          <SignedInRoutes roles={state.session.user.roles} />
        </Layout>
      );
  }
}
