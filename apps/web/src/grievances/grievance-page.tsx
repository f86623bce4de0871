import {
  CloseGrievance,
  GRIEVANCE_CATEGORIES,
  GRIEVANCE_OUTCOMES,
  GRIEVANCE_SEVERITIES,
  type Grievance,
  type GrievanceCategory,
  type GrievanceOfficers,
  type GrievanceOutcome,
  type GrievanceSeverity,
  OfficerMessage,
  RequestRecruiterAudit,
  TriageGrievance,
} from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { useSignedIn } from '../auth/session.tsx';
import { ConfirmBox } from '../components/confirm-box.tsx';
import { CheckboxGroup, SelectField, TextField } from '../components/fields.tsx';
import { TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import { LANGUAGE_NAMES } from '../i18n/index.ts';
import { countryName } from '../places/countries.ts';
import { usePartnerOptions, usePartners } from '../protection/partners.ts';
import { useAction } from '../protection/use-action.ts';
import { refusalOf } from '../recruitment/refusals.ts';
import { GrievanceStatusBadge } from './grievances-page.tsx';

type Identity = {
  anonymous: boolean;
  contact: { name: string | null; phone: string | null; email: string | null } | null;
};
type RegisterHit = { id: string; name: string; licenceNumber: string };

/** One grievance: what happened, the worker's identity on demand (audited), triage, messages, link, outcome. */
export function GrievancePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const g = useResource<Grievance>(`/api/grievances/${id}`);
  if (g.status === 'error' && !g.data) return <FormStatus problem={g.problem} />;
  if (!g.data) return <Loading />;
  const d = g.data;
  const replace = (next: Grievance | null) => next && g.replace(next, `"v${next.version}"`);

  return (
    <div data-testid="grievance-page">
      <p>
        <Link to="/grievances">{t('grievances.back')}</Link>
      </p>
      <PageHeading title={d.reference}>
        <bdi dir="ltr">{d.reference}</bdi> <GrievanceStatusBadge status={d.status} overdue={d.overdue} />
      </PageHeading>
      <dl className="facts">
        <dt>{t('grievances.received')}</dt>
        <dd>{formatDateTime(d.receivedAt, lng)}</dd>
        <dt>{t('grievances.categories')}</dt>
        <dd>{d.categories.map((c) => t(`grievances.categoryNames.${c}`)).join(t('common.separator'))}</dd>
        <dt>{t('grievances.severity')}</dt>
        <dd>{d.severity ? t(`grievances.severities.${d.severity}`) : '—'}</dd>
        <dt>{t('grievances.recruiter')}</dt>
        <dd>
          <bdi>{d.recruiterName ?? '—'}</bdi>{' '}
          <span className="badge muted-badge">
            {d.recruiterId ? t('grievances.linkedRecruiter') : t('grievances.notLinked')}
          </span>
        </dd>
        <dt>{t('grievances.licence')}</dt>
        <dd>
          <bdi dir="ltr">{d.recruiterLicence ?? '—'}</bdi>
        </dd>
        <dt>{t('grievances.employer')}</dt>
        <dd>
          <bdi>{d.employerName ?? '—'}</bdi>
        </dd>
        <dt>{t('grievances.country')}</dt>
        <dd>{d.destinationCountry ? countryName(d.destinationCountry, lng) : '—'}</dd>
        <dt>{t('grievances.language')}</dt>
        <dd lang={d.language}>{LANGUAGE_NAMES[d.language]}</dd>
        <dt>{t('grievances.firstResponseDue')}</dt>
        <dd>{d.firstRespondedAt ? formatDate(d.firstRespondedAt, lng) : formatDate(d.firstResponseDue, lng)}</dd>
        <dt>{t('grievances.resolutionDue')}</dt>
        <dd>{d.resolutionDue ? formatDate(d.resolutionDue, lng) : '—'}</dd>
        {d.outcome && (
          <>
            <dt>{t('grievances.outcome')}</dt>
            <dd data-testid="grievance-outcome">
              {t(`grievances.outcomes.${d.outcome}`)} — {d.outcomeSummary}
            </dd>
          </>
        )}
      </dl>
      <h2>{t('grievances.description')}</h2>
      <blockquote lang={d.language} dir="auto" className="quote">
        {d.description}
      </blockquote>
      <p>{d.recruiterMayKnowIdentity ? t('grievances.recruiterMayKnow') : t('grievances.recruiterMayNotKnow')}</p>
      {/* keyed: a revealed identity is forgotten when the page shows another grievance */}
      <IdentityPanel key={d.id} id={d.id} anonymous={d.anonymous} />
      <MessagesPanel grievance={d} onChange={replace} />
      {d.status !== 'closed' && <TriagePanel grievance={d} onChange={replace} reload={g.reload} />}
      <RegisterPanel grievance={d} onChange={replace} reload={g.reload} />
      <HandoverPanel grievance={d} onChange={replace} reload={g.reload} />
      {d.status !== 'closed' && <ClosePanel grievance={d} onChange={replace} reload={g.reload} />}
      <h2>{t('grievances.history')}</h2>
      <ol className="history" data-testid="grievance-history">
        {d.history.map((h) => (
          <li key={`${h.at}-${h.action}`}>
            {formatDateTime(h.at, lng)} — {t(`grievances.actions.${h.action as 'filed'}`, { defaultValue: h.action })}
          </li>
        ))}
      </ol>
    </div>
  );
}

type PanelProps = { grievance: Grievance; onChange: (g: Grievance | null) => void; reload: () => void };

function IdentityPanel({ id, anonymous }: { id: string; anonymous: boolean }) {
  const { t } = useTranslation();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [problem, setProblem] = useState<import('@corridor/contracts').Problem | null>(null);
  if (anonymous)
    return (
      <section>
        <h2>{t('grievances.identity')}</h2>
        <p>{t('grievances.anonymousWorker')}</p>
      </section>
    );
  const reveal = async () => {
    try {
      setIdentity((await api<Identity>('GET', `/api/grievances/${id}/identity`)).data);
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <section>
      <h2>{t('grievances.identity')}</h2>
      {identity?.contact ? (
        <dl className="facts" data-testid="grievance-identity">
          <dt>{t('grievances.name')}</dt>
          <dd>
            <bdi>{identity.contact.name ?? '—'}</bdi>
          </dd>
          <dt>{t('grievances.phone')}</dt>
          <dd>
            <bdi dir="ltr">{identity.contact.phone ?? '—'}</bdi>
          </dd>
          <dt>{t('grievances.email')}</dt>
          <dd>
            <bdi dir="ltr">{identity.contact.email ?? '—'}</bdi>
          </dd>
        </dl>
      ) : (
        <button
          type="button"
          className="button secondary"
          data-testid="grievance-show-identity"
          onClick={() => void reveal()}
        >
          {t('grievances.showIdentity')}
        </button>
      )}
      {problem && <FormStatus problem={problem} />}
    </section>
  );
}

function MessagesPanel({ grievance, onChange }: Omit<PanelProps, 'reload'>) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [body, setBody] = useState('');
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const next = await action.run<Grievance>('POST', `/api/grievances/${grievance.id}/messages`, {
      body: { body },
      schema: OfficerMessage,
      creates: true,
      done: t('grievances.sent'),
    });
    if (next) {
      setBody('');
      onChange(next);
    }
  };
  return (
    <section>
      <h2>{t('grievances.messages')}</h2>
      {grievance.messages.length === 0 && <p>{t('grievances.noMessages')}</p>}
      <ul className="messages">
        {grievance.messages.map((m) => (
          <li key={m.id} data-testid="grievance-message" data-from={m.from}>
            <p className="muted">
              {m.from === 'worker' ? t('grievances.fromWorker') : t('grievances.fromOfficer')} ·{' '}
              {formatDateTime(m.at, i18n.language)}
            </p>
            <p dir="auto" className="message-body">
              {m.body}
            </p>
          </li>
        ))}
      </ul>
      {grievance.status !== 'closed' && (
        <form className="form" onSubmit={(e) => void send(e)}>
          <TextAreaField
            label={t('grievances.messageBody')}
            hint={t('grievances.messageHint')}
            name="body"
            value={body}
            onChange={setBody}
            rows={4}
            maxLength={4000}
            data-testid="grievance-message-body"
          />
          <FormStatus problem={action.problem} labels={{ body: t('grievances.messageBody') }} />
          <Notice message={action.notice} />
          <div className="form-actions">
            <button
              type="submit"
              className="button primary"
              disabled={action.busy}
              data-testid="grievance-message-send"
            >
              {t('grievances.send')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function TriagePanel({ grievance, onChange, reload }: PanelProps) {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  const action = useAction();
  const [severity, setSeverity] = useState<GrievanceSeverity | ''>(grievance.severity ?? '');
  const [categories, setCategories] = useState<GrievanceCategory[]>(grievance.categories);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    onChange(
      await action.run<Grievance>('POST', `/api/grievances/${grievance.id}/triage`, {
        body: { severity, categories },
        schema: TriageGrievance,
        version: grievance.version,
        onConflict: reload,
        done: t('grievances.triaged'),
      }),
    );
  };
  const officers = useResource<GrievanceOfficers>('/api/grievance-officers');
  const [assignee, setAssignee] = useState('');
  const assignTo = async (userId: string) =>
    onChange(
      await action.run<Grievance>('POST', `/api/grievances/${grievance.id}/assign`, {
        body: { userId },
        version: grievance.version,
        onConflict: reload,
        done: t('grievances.assigned'),
      }),
    );
  const colleagues = (officers.data?.items ?? []).filter((o) => o.id !== grievance.assignedTo);
  // Under the fields they are about: a message about the categories belongs to the group (named by its legend), not
  // to the first checkbox the form status would name it after.
  const { byField, rest } = splitIssues(action.problem, ['severity', 'categories']);
  return (
    <section>
      <h2>{t('grievances.triage')}</h2>
      <form className="form" onSubmit={(e) => void save(e)} data-testid="grievance-triage">
        <SelectField
          label={t('grievances.severity')}
          name="severity"
          value={severity}
          onChange={(v) => setSeverity(v as GrievanceSeverity)}
          options={[
            { value: '', label: '—' },
            ...GRIEVANCE_SEVERITIES.map((s) => ({ value: s, label: t(`grievances.severities.${s}`) })),
          ]}
          issues={byField.severity}
        />
        <CheckboxGroup
          label={t('grievances.confirmCategories')}
          name="categories"
          value={categories}
          onChange={setCategories}
          options={GRIEVANCE_CATEGORIES.map((c) => ({ value: c, label: t(`grievances.categoryNames.${c}`) }))}
          issues={byField.categories}
        />
        <FormStatus problem={action.problem} rest={rest} />
        <Notice message={action.notice} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            {t('grievances.saveTriage')}
          </button>
          {grievance.assignedTo !== user.id && (
            <button
              type="button"
              className="button secondary"
              disabled={action.busy}
              onClick={() => void assignTo(user.id)}
            >
              {t('grievances.assignToMe')}
            </button>
          )}
        </div>
      </form>
      {colleagues.length > 0 && (
        <form
          className="form"
          data-testid="grievance-assign"
          onSubmit={(e) => {
            e.preventDefault();
            if (assignee) void assignTo(assignee);
          }}
        >
          <SelectField
            label={t('grievances.assignTo')}
            name="assignee"
            value={assignee}
            onChange={setAssignee}
            options={[{ value: '', label: '—' }, ...colleagues.map((o) => ({ value: o.id, label: o.name }))]}
          />
          <div className="form-actions">
            <button type="submit" className="button secondary" disabled={action.busy || !assignee}>
              {t('grievances.assign')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function RegisterPanel({ grievance, onChange, reload }: PanelProps) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [q, setQ] = useState(grievance.recruiterLicence ?? grievance.recruiterName ?? '');
  const [hits, setHits] = useState<RegisterHit[] | null>(null);
  const [pick, setPick] = useState('');
  const [reason, setReason] = useState('');
  const find = async () => {
    try {
      const r = await api<{ items: RegisterHit[] }>('GET', `/api/recruiters${query({ q, limit: 20 })}`);
      setHits(r.data.items);
      setPick(r.data.items[0]?.id ?? '');
    } catch (err) {
      setHits([]);
      action.clear();
      void problemOf(err);
    }
  };
  const link = async () =>
    onChange(
      await action.run<Grievance>('POST', `/api/grievances/${grievance.id}/recruiter`, {
        body: { recruiterId: pick },
        version: grievance.version,
        onConflict: reload,
        done: t('grievances.linked'),
      }),
    );
  const askAudit = async () =>
    onChange(
      await action.run<Grievance>('POST', `/api/grievances/${grievance.id}/audit-request`, {
        body: { reason },
        schema: RequestRecruiterAudit,
      }),
    );
  return (
    <section>
      <h2>{t('grievances.register')}</h2>
      {grievance.status !== 'closed' && (
        <form
          className="form filters"
          onSubmit={(e) => {
            e.preventDefault();
            void find();
          }}
        >
          <TextField label={t('grievances.searchRegister')} name="q" value={q} onChange={setQ} />
          <div className="form-actions">
            <button type="submit" className="button secondary">
              {t('grievances.search')}
            </button>
          </div>
        </form>
      )}
      {hits && hits.length > 0 && (
        <div className="form">
          <SelectField
            label={t('grievances.pick')}
            name="recruiter"
            value={pick}
            onChange={setPick}
            options={hits.map((h) => ({ value: h.id, label: `${h.name} (${h.licenceNumber})` }))}
          />
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              disabled={action.busy || !pick}
              onClick={() => void link()}
            >
              {t('grievances.link')}
            </button>
          </div>
        </div>
      )}
      {grievance.auditRequestedAt ? (
        <p>{t('grievances.auditRequested', { date: formatDate(grievance.auditRequestedAt, i18n.language) })}</p>
      ) : grievance.recruiterId ? (
        <div className="form">
          <TextAreaField
            label={t('grievances.auditReason')}
            name="reason"
            value={reason}
            onChange={setReason}
            rows={2}
          />
          <div className="form-actions">
            <button type="button" className="button secondary" disabled={action.busy} onClick={() => void askAudit()}>
              {t('grievances.requestAudit')}
            </button>
          </div>
        </div>
      ) : (
        <p className="muted">{t('grievances.auditNeedsLink')}</p>
      )}
      {refusalOf(action.problem)?.key === 'forCauseOpen' ? (
        // (an audit for cause of the recruiter is open already: said in the page's language, not the server's)
        <div className="form-status" aria-live="assertive" aria-atomic="true">
          <div className="problem">
            <p data-testid="grievance-audit-open">{t('grievances.auditOpen')}</p>
          </div>
        </div>
      ) : (
        <FormStatus problem={action.problem} />
      )}
      <Notice message={action.notice} />
    </section>
  );
}

function HandoverPanel({ grievance, onChange, reload }: PanelProps) {
  const { t, i18n } = useTranslation();
  const partners = usePartners();
  const options = usePartnerOptions(partners);
  const action = useAction();
  const [orgId, setOrgId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const open = !grievance.handover && grievance.traffickingIndicators;
  // Only the organisations the server says may receive it: protection organisations with someone working cases,
  // never a recruiter (least of all the one the worker complained about), never the desk itself.
  const eligible = useResource<{ organisationIds: string[] }>(
    open ? `/api/grievances/${grievance.id}/handover-organisations` : null,
  );
  if (grievance.handover)
    return (
      <section>
        <h2>{t('grievances.handover')}</h2>
        <p data-testid="grievance-handed-over">
          {t('grievances.handedOverTo', {
            date: formatDate(grievance.handover.at, i18n.language),
            reference: grievance.handover.caseReference,
          })}
        </p>
      </section>
    );
  const handOver = async () => {
    const next = await action.run<Grievance>('POST', `/api/grievances/${grievance.id}/handover`, {
      body: { organisationId: orgId },
      version: grievance.version,
      onConflict: reload,
    });
    setConfirming(false);
    onChange(next);
  };
  const allowed = new Set(eligible.data?.organisationIds ?? []);
  const choices = options.byName(partners.items.filter((p) => allowed.has(p.id)));
  const chosen = orgId ? options.option(orgId).label : '';
  return (
    <section>
      <h2>{t('grievances.handover')}</h2>
      <p>{grievance.handoverConsent ? t('grievances.consentYes') : t('grievances.consentNo')}</p>
      {!grievance.traffickingIndicators ? (
        <p className="muted">{t('grievances.handoverNoIndicators')}</p>
      ) : (
        <div className="form">
          <p className="hint">{t('grievances.handoverHint')}</p>
          {eligible.status === 'error' && <FormStatus problem={eligible.problem} />}
          {eligible.data && choices.length === 0 && partners.ready && (
            <p className="muted" data-testid="grievance-handover-none">
              {t('grievances.handoverNone')}
            </p>
          )}
          <SelectField
            label={t('grievances.organisation')}
            name="organisation"
            value={orgId}
            onChange={(v) => {
              setOrgId(v);
              setConfirming(false);
            }}
            options={[{ value: '', label: '—' }, ...choices.map((o) => ({ value: o.value, label: o.label }))]}
          />
          {!confirming && (
            <FormStatus problem={action.problem} labels={{ organisationId: t('grievances.organisation') }} />
          )}
          {confirming ? (
            // The hand-over creates a person with the worker's identity and a trafficking case in another
            // organisation: the confirmation names that organisation.
            <ConfirmBox
              id="handover-confirm"
              level={3}
              title={t('grievances.handoverConfirmTitle', { organisation: chosen })}
              confirmLabel={t('grievances.handoverConfirmSubmit')}
              busy={action.busy}
              onConfirm={() => void handOver()}
              onCancel={() => setConfirming(false)}
              testId="grievance-handover-confirm"
            >
              <p>{t('grievances.handoverConfirmText', { organisation: chosen })}</p>
            </ConfirmBox>
          ) : (
            <div className="form-actions">
              <button
                type="button"
                className="button primary"
                disabled={action.busy || !orgId || !grievance.handoverConsent}
                onClick={() => {
                  action.clear();
                  setConfirming(true);
                }}
                data-testid="grievance-handover"
              >
                {t('grievances.handOver')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function ClosePanel({ grievance, onChange, reload }: PanelProps) {
  const { t } = useTranslation();
  const action = useAction();
  const [outcome, setOutcome] = useState<GrievanceOutcome | ''>('');
  const [summary, setSummary] = useState('');
  const close = async (e: FormEvent) => {
    e.preventDefault();
    onChange(
      await action.run<Grievance>('POST', `/api/grievances/${grievance.id}/close`, {
        body: { outcome, summary },
        schema: CloseGrievance,
        version: grievance.version,
        onConflict: reload,
        done: t('grievances.closed'),
      }),
    );
  };
  return (
    <section>
      <h2>{t('grievances.outcome')}</h2>
      <form className="form" onSubmit={(e) => void close(e)} data-testid="grievance-close">
        <SelectField
          label={t('grievances.outcome')}
          name="outcome"
          value={outcome}
          onChange={(v) => setOutcome(v as GrievanceOutcome)}
          options={[
            { value: '', label: '—' },
            ...GRIEVANCE_OUTCOMES.map((o) => ({ value: o, label: t(`grievances.outcomes.${o}`) })),
          ]}
        />
        <TextAreaField
          label={t('grievances.outcomeSummary')}
          name="summary"
          value={summary}
          onChange={setSummary}
          rows={3}
        />
        <FormStatus
          problem={action.problem}
          labels={{ outcome: t('grievances.outcome'), summary: t('grievances.outcomeSummary') }}
        />
        <Notice message={action.notice} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            {t('grievances.close')}
          </button>
        </div>
      </form>
    </section>
  );
}
