import type { Problem, RecruiterDetail } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { FieldIssue } from '../api/problem.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { CheckboxGroup, SelectField, TextField } from '../components/fields.tsx';
import { TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { allIssues, FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDate, formatDateTime, isolate } from '../i18n/format.ts';
import { corridorNames, countryName, countryNames } from '../places/countries.ts';
import { CorridorList, type CorridorPair, CountryList } from '../places/country-fields.tsx';
import { certificateSteps } from './certificate-steps.ts';
import { RecruiterStatusBadge, SECTORS } from './recruiters-page.tsx';
import { type Refusal, refusalOf } from './refusals.ts';

type Criteria = {
  principles: { code: string; text: Record<string, string> }[];
  criteria: { code: string; principle: string; text: Record<string, string> }[];
};
type Auditor = { id: string; displayName: string; organisationName: string };
type Audit = RecruiterDetail['audits'][number];
type Finding = Audit['findings'][number];

type Field =
  | { name: string; label: string; kind: 'text' | 'date' | 'number' | 'textarea'; initial?: string }
  | { name: string; label: string; kind: 'select'; options: { value: string; label: string }[]; initial?: string };

/** A known refusal in the page's language: the criteria it names as they are, a status by the page's word for it. */
export function refusalText(refusal: Refusal, t: TFunction): string {
  const s = refusal.status;
  const status =
    s === null
      ? ''
      : s.words === 'statuses'
        ? t(`recruitment.statuses.${s.value}`)
        : s.words === 'auditStatuses'
          ? t(`recruitment.auditStatuses.${s.value}`)
          : t(`recruitment.findingStatuses.${s.value}`);
  return t(`recruitment.refusals.${refusal.key}`, {
    criteria: isolate(refusal.criteria ?? ''),
    status: isolate(status),
  });
}

/**
 * The problem of a workflow step: a known refusal of the certification workflow (a major finding open, a certificate
 * expired, a step its status does not allow…) in the page's language with the criteria or the status it names; any
 * other problem as every form shows it.
 */
function StepStatus({ problem, rest }: { problem: Problem | null; rest?: FieldIssue[] }) {
  const { t } = useTranslation();
  const refusal = refusalOf(problem);
  if (!refusal) return <FormStatus problem={problem} {...(rest ? { rest } : {})} />;
  return (
    <div className="form-status" aria-live="assertive" aria-atomic="true">
      <div className="problem">
        <p data-testid="recruitment-refusal" data-reason={refusal.key}>
          {refusalText(refusal, t)}
        </p>
      </div>
    </div>
  );
}

/** A small form that posts one workflow step and hands the recruiter's new state back to the page. */
function StepForm({
  title,
  url,
  fields,
  submit,
  extra,
  onDone,
  testId,
  toBody,
}: {
  title: string;
  url: string;
  fields: Field[];
  submit: string;
  extra?: ReactNode;
  onDone: (d: RecruiterDetail) => void;
  testId: string;
  toBody?: (v: Record<string, string>) => unknown;
}) {
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(
      fields.map((f) => [f.name, f.initial ?? (f.kind === 'select' ? (f.options[0]?.value ?? '') : '')]),
    ),
  );
  const [problem, setProblem] = useState<Problem | null>(null);
  const set = (name: string) => (v: string) => setValues({ ...values, [name]: v });
  // A select whose options arrived after the form was made shows its first option: that is its value too.
  const shownValue = (f: Field): string => {
    const v = values[f.name] ?? '';
    return f.kind === 'select' && !f.options.some((o) => o.value === v) ? (f.options[0]?.value ?? '') : v;
  };
  const names = fields.map((f) => f.name);
  const { byField } = splitIssues(problem, names);
  const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
  return (
    <form
      className="form"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        const sent = Object.fromEntries(fields.map((f) => [f.name, shownValue(f)]));
        api<RecruiterDetail>('POST', url, { body: toBody ? toBody(sent) : sent }).then(
          (r) => onDone(r.data),
          (err) => setProblem(problemOf(err)),
        );
      }}
    >
      <h3>{title}</h3>
      {extra}
      {fields.map((f) =>
        f.kind === 'select' ? (
          <SelectField
            key={f.name}
            label={f.label}
            name={f.name}
            value={shownValue(f)}
            onChange={set(f.name)}
            options={f.options}
            issues={byField[f.name]}
          />
        ) : f.kind === 'textarea' ? (
          <TextAreaField
            key={f.name}
            label={f.label}
            name={f.name}
            value={shownValue(f)}
            onChange={set(f.name)}
            issues={byField[f.name]}
            required
          />
        ) : (
          <TextField
            key={f.name}
            label={f.label}
            name={f.name}
            type={f.kind}
            value={shownValue(f)}
            onChange={set(f.name)}
            issues={byField[f.name]}
            required
          />
        ),
      )}
      <StepStatus problem={problem} rest={problem ? allIssues(problem, labels, names) : []} />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submit}
        </button>
      </div>
    </form>
  );
}

/** A button that posts one workflow step without a body. */
function StepButton({ url, label, onDone }: { url: string; label: string; onDone: (d: RecruiterDetail) => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  return (
    <>
      <button
        type="button"
        className="button primary"
        onClick={() =>
          api<RecruiterDetail>('POST', url).then(
            (r) => onDone(r.data),
            (err) => setProblem(problemOf(err)),
          )
        }
      >
        {label}
      </button>
      <StepStatus problem={problem} />
    </>
  );
}

/** The registry facts a certification officer or the recruiter's own staff may change (optimistic concurrency). */
function EditRegistryForm({ d, onDone }: { d: RecruiterDetail; onDone: (x: RecruiterDetail) => void }) {
  const { t } = useTranslation();
  const r = d.recruiter;
  const [licenceExpiresOn, setLicenceExpiresOn] = useState(r.licenceExpiresOn ?? '');
  const [countries, setCountries] = useState<string[]>(r.countries);
  const [corridors, setCorridors] = useState<CorridorPair[]>(r.corridors);
  // Sectors the list does not know (recorded elsewhere) are kept as they are.
  const [sectors, setSectors] = useState<string[]>(r.sectors);
  const [employers, setEmployers] = useState(r.employers.join('\n'));
  const [problem, setProblem] = useState<Problem | null>(null);
  const known = new Set<string>(SECTORS);
  return (
    <form
      className="form"
      data-testid="registry-form"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        api<RecruiterDetail>('PATCH', `/api/recruiters/${r.id}`, {
          ifMatch: `"v${r.version}"`,
          body: {
            licenceExpiresOn: licenceExpiresOn || null,
            countries,
            // A row left empty is no corridor; a half-chosen one goes to the server, which says what is missing.
            corridors: corridors.filter((c) => c.origin || c.destination),
            sectors,
            employers: employers
              .split('\n')
              .map((x) => x.trim())
              .filter(Boolean),
          },
        }).then(
          (x) => onDone(x.data),
          (err) => setProblem(problemOf(err)),
        );
      }}
    >
      <h2>{t('recruitment.edit')}</h2>
      <TextField
        label={t('recruitment.licenceExpiresOn')}
        name="licenceExpiresOn"
        type="date"
        value={licenceExpiresOn}
        onChange={setLicenceExpiresOn}
      />
      <CountryList
        label={t('recruitment.countries')}
        name="countries"
        value={countries}
        onChange={setCountries}
        max={50}
      />
      <CorridorList
        label={t('recruitment.corridorsHeading')}
        name="corridors"
        value={corridors}
        onChange={setCorridors}
        max={50}
      />
      <CheckboxGroup
        label={t('recruitment.sectors')}
        name="sectors"
        options={[
          ...SECTORS.map((s) => ({ value: s as string, label: t(`recruitment.sectorNames.${s}`) })),
          ...sectors.filter((s) => !known.has(s)).map((s) => ({ value: s, label: s })),
        ]}
        value={sectors}
        onChange={setSectors}
      />
      <TextAreaField label={t('recruitment.employers')} name="employers" value={employers} onChange={setEmployers} />
      <FormStatus problem={problem} />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {t('recruitment.save')}
        </button>
      </div>
    </form>
  );
}

/** The registry fields a `registry_updated` event names, with their labels. */
const REGISTRY_FIELDS = {
  licenceExpiresOn: 'recruitment.licenceExpiresOn',
  countries: 'recruitment.countries',
  corridors: 'recruitment.corridorsHeading',
  sectors: 'recruitment.sectors',
  employers: 'recruitment.employers',
} as const;

/**
 * A history event's note in the interface language where the server wrote it from known parts (a finding's
 * criterion and severity, an action plan's deadline, the registry fields changed); anything else as recorded (a
 * person's reason, in the words they wrote).
 */
function eventNote(event: string, note: string, t: TFunction, lng: string): string {
  if (event === 'finding_recorded') {
    const [code, severity] = note.split(' ');
    if (severity === 'major' || severity === 'minor' || severity === 'observation')
      return `${code} ${t(`recruitment.severities.${severity}`)}`;
  }
  if (event === 'action_planned') {
    const due = /^due (\d{4}-\d{2}-\d{2})$/.exec(note);
    if (due) return `${t('recruitment.dueOn')} ${formatCalendarDate(due[1]!, lng)}`;
  }
  if (event === 'registry_updated') {
    const fields = note.split(', ');
    if (fields.every((f) => f in REGISTRY_FIELDS))
      return fields.map((f) => t(REGISTRY_FIELDS[f as keyof typeof REGISTRY_FIELDS])).join(t('common.separator'));
  }
  return note;
}

/** One recruiter: registry facts, its certification, audits with findings and corrective actions, and history. */
export function RecruiterPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const detail = useResource<RecruiterDetail>(`/api/recruiters/${id}`);
  const criteria = useResource<Criteria>('/api/recruitment/criteria');
  const can = detail.data?.can;
  const auditors = useResource<Auditor[]>(can?.officer ? '/api/recruitment/auditors' : null);
  const [notice, setNotice] = useState<string | null>(null);

  if (detail.status === 'error' && !detail.data) return <FormStatus problem={detail.problem} />;
  if (!detail.data) return <Loading />;
  const d = detail.data;
  const r = d.recruiter;
  const done = (x: RecruiterDetail) => {
    detail.replace(x, null);
    setNotice(t('recruitment.done'));
  };
  const cert = d.certifications[0];
  // A live certificate (certified and not expired, or suspended) is withdrawn; it is audited for surveillance while its
  // expiry date is ahead, one audit at a time; an expired one is over, and the recruiter applies again (the server
  // refuses the rest).
  const steps = certificateSteps(cert, d.audits, new Date());
  const live = steps.live;
  const textOf = (x: { text: Record<string, string> }) => x.text[lng] ?? x.text.en ?? '';
  const criterionText = (code: string) => {
    const c = criteria.data?.criteria.find((x) => x.code === code);
    return c ? `${code} ${textOf(c)}` : code;
  };
  const auditorOptions = (auditors.data ?? []).map((a) => ({
    value: a.id,
    label: `${a.displayName} (${a.organisationName})`,
  }));
  const criterionOptions = (criteria.data?.criteria ?? []).map((c) => ({
    value: c.code,
    label: `${c.code} ${textOf(c)}`,
  }));
  const reasonField: Field[] = [{ name: 'reason', label: t('recruitment.publishedReason'), kind: 'textarea' }];

  const findingView = (f: Finding, audit: Audit) => (
    <li key={f.id} className="card" data-testid="finding">
      <p>
        <strong>{criterionText(f.criterion)}</strong> · {t(`recruitment.severities.${f.severity}`)} ·{' '}
        <span className="badge" data-status={f.status}>
          {t(`recruitment.findingStatuses.${f.status}`)}
        </span>
        {f.actionOverdue && <span className="badge danger-badge">{t('recruitment.overdue')}</span>}
      </p>
      <p dir="auto">{f.description}</p>
      {f.actionPlan && (
        <p>
          {t('recruitment.actionPlan')}
          {t('common.colon')} <bdi>{f.actionPlan}</bdi>
          {f.actionDueOn && ` (${t('recruitment.dueOn')} ${formatCalendarDate(f.actionDueOn, lng)})`}
        </p>
      )}
      {f.evidence && (
        <p>
          {t('recruitment.evidence')}
          {t('common.colon')} <bdi>{f.evidence}</bdi>
        </p>
      )}
      {f.verificationNote && (
        <p>
          {t('recruitment.verificationNote')}
          {t('common.colon')} <bdi>{f.verificationNote}</bdi>
        </p>
      )}
      {can?.actAsRecruiter && (f.status === 'open' || f.status === 'action_planned') && (
        <StepForm
          testId="action-plan-form"
          title={t('recruitment.actionPlan')}
          url={`/api/audit-findings/${f.id}/action-plan`}
          fields={[
            { name: 'plan', label: t('recruitment.actionPlan'), kind: 'textarea', initial: f.actionPlan ?? '' },
            { name: 'dueOn', label: t('recruitment.dueOn'), kind: 'date', initial: f.actionDueOn ?? '' },
          ]}
          submit={t('recruitment.planAction')}
          onDone={done}
        />
      )}
      {can?.actAsRecruiter && f.status === 'action_planned' && (
        <StepForm
          testId="evidence-form"
          title={t('recruitment.evidence')}
          url={`/api/audit-findings/${f.id}/evidence`}
          fields={[{ name: 'evidence', label: t('recruitment.evidence'), kind: 'textarea' }]}
          submit={t('recruitment.submitEvidence')}
          onDone={done}
        />
      )}
      {(can?.officer || (can?.auditor && audit.auditor)) && f.status === 'action_submitted' && (
        <StepForm
          testId="verify-form"
          title={t('recruitment.verificationNote')}
          url={`/api/audit-findings/${f.id}/verification`}
          fields={[
            {
              name: 'accepted',
              label: t('recruitment.decision'),
              kind: 'select',
              options: [
                { value: 'true', label: t('recruitment.accept') },
                { value: 'false', label: t('recruitment.sendBack') },
              ],
            },
            { name: 'note', label: t('recruitment.verificationNote'), kind: 'textarea' },
          ]}
          toBody={(v) => ({ accepted: v.accepted === 'true', note: v.note })}
          submit={t('recruitment.decision')}
          onDone={done}
        />
      )}
    </li>
  );

  return (
    <>
      <PageHeading title={r.name} testId="recruiter-title">
        <bdi>{r.name}</bdi>
      </PageHeading>
      <p>
        <Link to="/recruiters">{t('recruitment.title')}</Link> · <RecruiterStatusBadge status={r.status} />
      </p>
      <Notice message={notice} />
      <dl className="facts">
        <dt>{t('recruitment.licence')}</dt>
        <dd>
          <bdi dir="ltr">{r.licenceNumber}</bdi> ({countryName(r.licenceCountry, lng)})
        </dd>
        <dt>{t('recruitment.licensingAuthority')}</dt>
        <dd>{r.licensingAuthority}</dd>
        {r.licenceExpiresOn && (
          <>
            <dt>{t('recruitment.licenceExpiresOn')}</dt>
            <dd data-testid="licence-expires">
              {formatCalendarDate(r.licenceExpiresOn, lng)}
              {r.licenceExpiresOn < new Date().toISOString().slice(0, 10) && (
                <>
                  {' — '}
                  <strong className="warn" data-licence="expired">
                    {t('recruitment.licenceExpired')}
                  </strong>
                </>
              )}
            </dd>
          </>
        )}
        <dt>{t('recruitment.organisation')}</dt>
        <dd>
          <bdi>{d.organisation.name}</bdi>
        </dd>
        <dt>{t('recruitment.countries')}</dt>
        <dd>{countryNames(r.countries, lng, t('common.separator'))}</dd>
        <dt>{t('recruitment.corridorsHeading')}</dt>
        <dd>{corridorNames(r.corridors, lng, t('common.arrowForward'), t('common.separator'))}</dd>
        <dt>{t('recruitment.sectors')}</dt>
        <dd>
          {r.sectors
            .map((s) => t(`recruitment.sectorNames.${s as (typeof SECTORS)[number]}`))
            .join(t('common.separator'))}
        </dd>
        <dt>{t('recruitment.employersShown')}</dt>
        <dd>{r.employers.join('; ')}</dd>
        {r.certificateNumber && (
          <>
            <dt>{t('recruitment.certificate')}</dt>
            <dd data-testid="certificate-number">
              <bdi dir="ltr">{r.certificateNumber}</bdi>
            </dd>
          </>
        )}
        {r.certificateExpiresAt && (
          <>
            <dt>{t('recruitment.expires')}</dt>
            <dd>{formatDate(r.certificateExpiresAt, lng)}</dd>
          </>
        )}
        {r.statusReason && (
          <>
            <dt>{t('recruitment.reason')}</dt>
            <dd>{r.statusReason}</dd>
          </>
        )}
      </dl>

      {can?.edit && <EditRegistryForm key={r.version} d={d} onDone={done} />}

      <section aria-labelledby="cert">
        <h2 id="cert">{t('recruitment.certification')}</h2>
        {!cert && <p>{t('recruitment.noCertification')}</p>}
        {can?.apply && (
          <StepButton
            url={`/api/recruiters/${r.id}/applications`}
            label={t('recruitment.applyForCertification')}
            onDone={done}
          />
        )}
        {cert && cert.status === 'applied' && can?.actAsRecruiter && criteria.data && (
          <StepForm
            testId="self-assessment-form"
            title={t('recruitment.selfAssessment')}
            extra={<p className="hint">{t('recruitment.selfAssessmentIntro')}</p>}
            url={`/api/certifications/${cert.id}/self-assessment`}
            fields={criteria.data.criteria.map((c) => ({
              name: c.code,
              label: `${c.code} ${textOf(c)}`,
              kind: 'select' as const,
              options: (['yes', 'partly', 'no'] as const).map((a) => ({
                value: a,
                label: t(`recruitment.answers.${a}`),
              })),
            }))}
            toBody={(v) => ({ answers: Object.fromEntries(Object.entries(v).map(([k, a]) => [k, { answer: a }])) })}
            submit={t('recruitment.submitSelfAssessment')}
            onDone={done}
          />
        )}
        {cert?.expired && (
          <p className="muted" data-testid="certificate-expired-note">
            {t('recruitment.expiredNoSteps')}
          </p>
        )}
        {cert && can?.officer && steps.suspendedPastExpiry && (
          <p className="muted" data-testid="suspended-expired-note">
            {t('recruitment.suspendedPastExpiry')}
          </p>
        )}
        {cert && can?.officer && steps.surveillanceOpen && (
          <p className="muted" data-testid="surveillance-open-note">
            {t('recruitment.refusals.surveillanceOpen')}
          </p>
        )}
        {cert && can?.officer && auditors.data && (cert.status === 'self_assessed' || steps.surveillance) && (
          <StepForm
            testId="schedule-audit-form"
            title={t('recruitment.scheduleAudit')}
            url={`/api/certifications/${cert.id}/audits`}
            fields={[
              {
                name: 'kind',
                label: t('recruitment.kind'),
                kind: 'select',
                options: (cert.status === 'self_assessed' ? (['initial'] as const) : (['surveillance'] as const)).map(
                  (k) => ({
                    value: k,
                    label: t(`recruitment.kinds.${k}`),
                  }),
                ),
              },
              { name: 'auditorUserId', label: t('recruitment.auditor'), kind: 'select', options: auditorOptions },
              { name: 'scheduledFor', label: t('recruitment.scheduledFor'), kind: 'date' },
            ]}
            submit={t('recruitment.schedule')}
            onDone={done}
          />
        )}
        {cert && can?.officer && ['applied', 'self_assessed', 'audited'].includes(cert.status) && (
          <StepForm
            testId="decision-form"
            title={t('recruitment.decision')}
            url={`/api/certifications/${cert.id}/decision`}
            fields={[
              {
                name: 'decision',
                label: t('recruitment.decision'),
                kind: 'select',
                options: [
                  ...(cert.status === 'audited' ? [{ value: 'grant', label: t('recruitment.grant') }] : []),
                  { value: 'refuse', label: t('recruitment.refuse') },
                ],
              },
              { name: 'validityMonths', label: t('recruitment.validityMonths'), kind: 'number', initial: '36' },
              { name: 'reason', label: t('recruitment.reason'), kind: 'textarea' },
            ]}
            toBody={(v) => ({ decision: v.decision, reason: v.reason, validityMonths: Number(v.validityMonths) })}
            submit={t('recruitment.decision')}
            onDone={done}
          />
        )}
        {cert && can?.officer && cert.status === 'certified' && !cert.expired && (
          <StepForm
            testId="suspend-form"
            title={t('recruitment.suspend')}
            url={`/api/certifications/${cert.id}/suspension`}
            fields={reasonField}
            submit={t('recruitment.suspend')}
            onDone={done}
          />
        )}
        {cert && can?.officer && steps.reinstate && (
          <StepForm
            testId="reinstate-form"
            title={t('recruitment.reinstate')}
            url={`/api/certifications/${cert.id}/reinstatement`}
            fields={reasonField}
            submit={t('recruitment.reinstate')}
            onDone={done}
          />
        )}
        {cert && can?.officer && live && (
          <StepForm
            testId="withdraw-form"
            title={t('recruitment.withdraw')}
            url={`/api/certifications/${cert.id}/withdrawal`}
            fields={reasonField}
            submit={t('recruitment.withdraw')}
            onDone={done}
          />
        )}
        {can?.officer && (
          <StepForm
            testId="request-audit-form"
            title={t('recruitment.requestAudit')}
            url={`/api/recruiters/${r.id}/audit-requests`}
            fields={[{ name: 'reason', label: t('recruitment.reason'), kind: 'textarea' }]}
            submit={t('recruitment.requestAudit')}
            onDone={done}
          />
        )}
      </section>

      <section aria-labelledby="audits">
        <h2 id="audits">{t('recruitment.audits')}</h2>
        {d.audits.length === 0 && <p>{t('recruitment.noAudits')}</p>}
        {d.audits.map((a) => (
          <article key={a.id} className="card" data-testid="audit">
            <h3>
              {t(`recruitment.kinds.${a.kind}`)} · {t(`recruitment.auditStatuses.${a.status}`)}
            </h3>
            <p>
              {a.auditor && (
                <>
                  {t('recruitment.auditor')}
                  {t('common.colon')} <bdi>{a.auditor.displayName}</bdi>{' '}
                </>
              )}
              {a.scheduledFor && (
                <>
                  · <bdi>{formatDate(a.scheduledFor, lng)}</bdi>
                </>
              )}
            </p>
            {a.reason && (
              <p>
                {t('recruitment.reason')}
                {t('common.colon')} <bdi>{a.reason}</bdi>
              </p>
            )}
            {a.summary && (
              <p>
                {t('recruitment.summary')}
                {t('common.colon')} <bdi>{a.summary}</bdi>
              </p>
            )}
            <h4>{t('recruitment.findings')}</h4>
            {a.findings.length === 0 && <p>{t('recruitment.noFindings')}</p>}
            <ul className="plain-list">{a.findings.map((f) => findingView(f, a))}</ul>
            {can?.officer && a.status === 'requested' && auditors.data && (
              <StepForm
                testId="assign-audit-form"
                title={t('recruitment.assign')}
                url={`/api/recruitment-audits/${a.id}/assignment`}
                fields={[
                  { name: 'auditorUserId', label: t('recruitment.auditor'), kind: 'select', options: auditorOptions },
                  { name: 'scheduledFor', label: t('recruitment.scheduledFor'), kind: 'date' },
                ]}
                submit={t('recruitment.assign')}
                onDone={done}
              />
            )}
            {can?.auditor && a.status === 'scheduled' && (
              <>
                <StepForm
                  testId="finding-form"
                  title={t('recruitment.recordFinding')}
                  url={`/api/recruitment-audits/${a.id}/findings`}
                  fields={[
                    { name: 'criterion', label: t('recruitment.criterion'), kind: 'select', options: criterionOptions },
                    {
                      name: 'severity',
                      label: t('recruitment.severity'),
                      kind: 'select',
                      options: (['major', 'minor', 'observation'] as const).map((s) => ({
                        value: s,
                        label: t(`recruitment.severities.${s}`),
                      })),
                    },
                    { name: 'description', label: t('recruitment.description'), kind: 'textarea' },
                  ]}
                  submit={t('recruitment.recordFinding')}
                  onDone={done}
                />
                <StepForm
                  testId="complete-audit-form"
                  title={t('recruitment.completeAudit')}
                  url={`/api/recruitment-audits/${a.id}/completion`}
                  fields={[{ name: 'summary', label: t('recruitment.summary'), kind: 'textarea' }]}
                  submit={t('recruitment.completeAudit')}
                  onDone={done}
                />
              </>
            )}
          </article>
        ))}
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t('recruitment.history')}</h2>
        <ol data-testid="recruiter-history">
          {d.events.map((e) => (
            <li key={e.id}>
              {formatDateTime(e.at, lng)} · {t(`recruitment.events.${e.event}`, { defaultValue: e.event })}
              {e.actor && (
                <>
                  {' · '}
                  <bdi>{e.actor}</bdi>
                </>
              )}
              {e.note && (
                <>
                  {' · '}
                  <bdi>{eventNote(e.event, e.note, t, lng)}</bdi>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
