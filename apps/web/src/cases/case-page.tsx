import { type Case, UpdateCase } from '@corridor/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesByPath } from '../api/issues.ts';
import { useResource } from '../api/use-resource.ts';
import { useVersionedPatch } from '../api/use-versioned-patch.ts';
import { Link, useLocation } from '../app/router.tsx';
import { FormActions } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { SummaryName } from '../people/person-name.tsx';
import { useStaff } from '../protection/names.tsx';
import { useVocabularies, type Vocabularies } from '../vocabularies/use-vocabularies.ts';
import { CaseFormFields } from './case-form-fields.tsx';
import { apiFormOf, caseFormIssueKeys, caseFormValuesOf } from './case-form-values.ts';
import { CaseFormView } from './case-form-view.tsx';
import { Assessments, Notes, PlanItems } from './case-records.tsx';
import { CaseReferrals } from './case-referrals.tsx';
import { Services } from './case-services.tsx';
import { CaseStatusBadge, isClosed } from './case-status.tsx';
import { Tasks } from './case-tasks.tsx';
import { CaseWorkflow } from './case-workflow.tsx';

/**
 * One case: header, workflow, the type's form (edited under its ETag), assessments, plan, services, notes,
 * tasks and referrals. GBV names stay hidden until the caseworker asks for them (an audited read).
 */
export function CasePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { search, path } = useLocation();
  const [reveal, setReveal] = useState(false);
  const kase = useResource<Case>(`/api/cases/${encodeURIComponent(id)}${reveal ? '?reveal=names' : ''}`);
  const vocab = useVocabularies();
  const staff = useStaff();
  const [notice, setNotice] = useState<string | null>(
    new URLSearchParams(search).has('opened') ? t('cases.opened') : null,
  );

  useEffect(() => {
    if (new URLSearchParams(search).has('opened')) window.history.replaceState(null, '', path);
  }, [search, path]);

  const c = kase.data;
  const lng = i18n.language;
  const title = c ? c.reference : t('cases.title');
  const closed = c ? isClosed(c) : false;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">{t('cases.title')}</Link>
      </p>
      <PageHeading title={title} testId="case-heading">
        {c ? (
          <>
            <span dir="ltr" data-testid="case-reference">
              {c.reference}
            </span>{' '}
            <span className="heading-sub">{vocab.label('corridor.case_type', c.type)}</span>
          </>
        ) : (
          title
        )}
      </PageHeading>
      {kase.status === 'error' && <FormStatus problem={kase.problem} />}
      {!c && kase.status === 'loading' && <Loading />}
      <Notice message={notice} />
      {c && (
        <>
          <div className="case-header" data-testid="case-header">
            <p>
              <CaseStatusBadge status={c.status} label={vocab.label('htcds.case_status', c.status)} />
              {c.sensitive && <span className="badge danger-badge">{t('cases.sensitive')}</span>}
              {c.closureRequested && <span className="badge required-badge">{t('cases.closureRequested')}</span>}
            </p>
            <dl className="facts">
              <dt>{t('cases.person')}</dt>
              <dd data-testid="case-person">
                {c.person === null ? (
                  t('cases.noContent')
                ) : c.person.namesHidden ? (
                  <>
                    <span className="muted" data-testid="names-hidden">
                      {t('cases.namesHidden')}
                    </span>{' '}
                    <button
                      type="button"
                      className="button secondary small"
                      data-testid="show-names"
                      onClick={() => setReveal(true)}
                    >
                      {t('cases.showNames')}
                    </button>
                    <p className="hint">{t('cases.showNamesHint')}</p>
                  </>
                ) : (
                  <Link to={`/people/${c.person.id}`}>
                    <SummaryName person={c.person} />
                  </Link>
                )}
                {c.person?.namesHidden && (
                  <div>
                    <Link to={`/people/${c.person.id}`}>{t('cases.personRecord')}</Link>
                  </div>
                )}
              </dd>
              <dt>{t('cases.assignedTo')}</dt>
              <dd data-testid="case-assignee">
                <bdi>{staff.label(c.assignedTo)}</bdi>
              </dd>
              <dt>{t('cases.openedOn')}</dt>
              <dd>{formatCalendarDate(c.openedOn, lng)}</dd>
              {c.closedOn && (
                <>
                  <dt>{t('cases.closedOn')}</dt>
                  <dd>{formatCalendarDate(c.closedOn, lng)}</dd>
                </>
              )}
            </dl>
            {c.form && (
              <nav aria-label={t('cases.sections')} className="section-links">
                <ul>
                  <li>
                    <a href="#case-form">{t('cases.formTitle')}</a>
                  </li>
                  <li>
                    <a href="#case-assessments">{t('records.assessments')}</a>
                  </li>
                  <li>
                    <a href="#case-plan">{t('records.plan')}</a>
                  </li>
                  <li>
                    <a href="#case-services">{t('records.services')}</a>
                  </li>
                  <li>
                    <a href="#case-notes">{t('records.notes')}</a>
                  </li>
                  <li>
                    <a href="#case-tasks">{t('records.tasks')}</a>
                  </li>
                  <li>
                    <a href="#case-referrals">{t('referrals.title')}</a>
                  </li>
                </ul>
              </nav>
            )}
          </div>

          <CaseWorkflow kase={c} onChanged={kase.reload} />

          {c.form && (
            <CaseFormSection
              kase={c}
              etag={kase.etag ?? `"v${c.version}"`}
              vocab={vocab}
              onSaved={(saved, etag) => {
                // Answers to writes never carry names: keep the ones this page already shows.
                kase.replace({ ...saved, person: c.person }, etag);
                setNotice(t('common.saved'));
              }}
              onConflict={kase.reload}
            />
          )}

          {c.form && (
            <>
              <Assessments caseId={c.id} caseType={c.type} closed={closed} />
              <PlanItems caseId={c.id} closed={closed} vocab={vocab} />
              <Services caseId={c.id} closed={closed} vocab={vocab} />
              <Notes caseId={c.id} />
              <Tasks caseId={c.id} closed={closed} />
              <CaseReferrals kase={c} closed={closed} vocab={vocab} />
            </>
          )}
        </>
      )}
    </>
  );
}

function CaseFormSection({
  kase,
  etag,
  vocab,
  onSaved,
  onConflict,
}: {
  kase: Case;
  etag: string;
  vocab: Vocabularies;
  onSaved: (saved: Case, etag: string | null) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState(false);
  const form = kase.form;
  if (!form) return null;
  return (
    <section id="case-form" aria-labelledby="case-form-title" className="panel">
      <h2 id="case-form-title">{t('cases.formTitle')}</h2>
      {conflict && (
        <p className="problem" role="alert">
          {t('common.conflict')}
        </p>
      )}
      {editing ? (
        <EditCaseForm
          key={etag}
          kase={kase}
          etag={etag}
          vocab={vocab}
          onCancel={() => setEditing(false)}
          onSaved={(saved, nextEtag) => {
            setConflict(false);
            setEditing(false);
            onSaved(saved, nextEtag);
          }}
          onConflict={() => {
            setConflict(true);
            onConflict();
          }}
        />
      ) : (
        <>
          <CaseFormView form={form} vocab={vocab} />
          {!isClosed(kase) && (
            <button
              type="button"
              className="button secondary"
              onClick={() => setEditing(true)}
              data-testid="edit-case-form"
            >
              {t('cases.editForm')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function EditCaseForm({
  kase,
  etag,
  vocab,
  onSaved,
  onConflict,
  onCancel,
}: {
  kase: Case;
  etag: string;
  vocab: Vocabularies;
  onSaved: (saved: Case, etag: string | null) => void;
  onConflict: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => caseFormValuesOf(kase.form!));
  const { busy, problem, patch } = useVersionedPatch(`/api/cases/${kase.id}`, etag, onSaved, onConflict);
  const { byKey, rest } = issuesByPath(problem, ['form', ...caseFormIssueKeys(values)]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void patch(UpdateCase, { form: apiFormOf(values) });
  };

  return (
    <form onSubmit={submit} noValidate className="form wide-form" data-testid="case-edit">
      <FormStatus problem={problem} rest={rest} />
      <CaseFormFields values={values} onChange={setValues} issues={byKey} vocab={vocab} />
      <FormActions>
        <button type="submit" className="button primary" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </FormActions>
    </form>
  );
}
