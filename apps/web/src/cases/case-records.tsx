import {
  ASSESSMENT_KINDS,
  type Assessment,
  CreateAssessment,
  CreateNote,
  CreatePlanItem,
  type Note,
  PLAN_ITEM_STATUSES,
  type PlanItem,
  UpdatePlanItem,
} from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { Disclosure, TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDateTime } from '../i18n/format.ts';
import { useStaff } from '../protection/names.tsx';
import { useAction } from '../protection/use-action.ts';
import { CodeSelect } from '../vocabularies/code-fields.tsx';
import type { Vocabularies } from '../vocabularies/use-vocabularies.ts';

type AssessmentRow = z.infer<typeof Assessment>;
type PlanItemRow = z.infer<typeof PlanItem>;
type NoteRow = z.infer<typeof Note>;
type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

/** Assessments: vulnerability, risk, needs, reintegration and, on child cases, the best-interest assessment. */
export function Assessments({ caseId, caseType, closed }: { caseId: string; caseType: string; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const list = useResource<{ items: AssessmentRow[] }>(`/api/cases/${caseId}/assessments`);
  const kinds = ASSESSMENT_KINDS.filter((k) => k !== 'best_interest' || caseType === 'child');
  const [values, setValues] = useState<{ kind: AssessmentKind | ''; completedOn: string; outcome: string }>({
    kind: '',
    completedOn: '',
    outcome: '',
  });
  const action = useAction();
  const { byField, rest } = splitIssues(action.problem, ['kind', 'completedOn', 'outcome', 'answers']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await action.run<AssessmentRow>('POST', `/api/cases/${caseId}/assessments`, {
      body: {
        kind: values.kind || undefined,
        completedOn: values.completedOn || null,
        outcome: values.outcome.trim() || null,
      },
      schema: CreateAssessment,
      creates: true,
      done: t('records.assessmentRecorded'),
    });
    if (done) {
      setValues({ kind: '', completedOn: '', outcome: '' });
      list.reload();
    }
  };

  return (
    <section id="case-assessments" aria-labelledby="assessments-title" className="panel">
      <h2 id="assessments-title">{t('records.assessments')}</h2>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="muted">{t('records.noAssessments')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="record-list" data-testid="assessment-list">
          {list.data.items.map((a) => (
            <li key={a.id} data-testid="assessment">
              <strong>{t(`assessmentKinds.${a.kind}`)}</strong>
              {' · '}
              {a.completedOn
                ? t('records.completedOn', { date: formatCalendarDate(a.completedOn, i18n.language) })
                : t('records.notCompleted')}
              {a.outcome && (
                <div className="free-text" dir="auto">
                  {a.outcome}
                </div>
              )}
              {Object.keys(a.answers).length > 0 && (
                <dl className="answers">
                  {Object.entries(a.answers).map(([q, v]) => (
                    <div className="fact" key={q}>
                      <dt dir="ltr">{q}</dt>
                      <dd>
                        {v === null ? '—' : typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : String(v)}
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              <div className="muted small-text">
                <bdi>{staff.label(a.recordedBy)}</bdi>
                {t('common.separator')}
                {formatDateTime(a.recordedAt, i18n.language)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {!closed && (
        <Disclosure summary={t('records.addAssessment')} testId="add-assessment">
          <form onSubmit={submit} noValidate className="form" data-testid="assessment-form">
            <FormStatus problem={action.problem} rest={rest} />
            <Notice message={action.notice} />
            <SelectField
              label={t('records.assessmentKind')}
              hint={caseType === 'child' ? t('records.bestInterestHint') : undefined}
              name="kind"
              required
              value={values.kind}
              onChange={(kind) => setValues({ ...values, kind: kind as AssessmentKind })}
              options={[
                { value: '', label: t('common.choose') },
                ...kinds.map((k) => ({ value: k, label: t(`assessmentKinds.${k}`) })),
              ]}
              issues={byField.kind}
            />
            <TextField
              label={t('records.completedOnLabel')}
              hint={values.kind === 'best_interest' ? t('records.completedOnRequired') : undefined}
              name="completedOn"
              type="date"
              value={values.completedOn}
              onChange={(completedOn) => setValues({ ...values, completedOn })}
              issues={byField.completedOn}
            />
            <TextAreaField
              label={t('records.outcome')}
              name="outcome"
              maxLength={400}
              value={values.outcome}
              onChange={(outcome) => setValues({ ...values, outcome })}
              issues={byField.outcome}
            />
            <FormActions>
              <button type="submit" className="button secondary" disabled={action.busy}>
                {t('records.recordAssessment')}
              </button>
            </FormActions>
          </form>
        </Disclosure>
      )}
    </section>
  );
}

/** The case plan: HTCDS support plan items and their progress. */
export function PlanItems({ caseId, closed, vocab }: { caseId: string; closed: boolean; vocab: Vocabularies }) {
  const { t } = useTranslation();
  const list = useResource<{ items: PlanItemRow[] }>(`/api/cases/${caseId}/plan-items`);
  const [values, setValues] = useState({ planType: '', description: '', status: 'planned' as PlanItemStatus });
  const action = useAction();
  const update = useAction();
  const { byField, rest } = splitIssues(action.problem, ['planType', 'description', 'status']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await action.run<PlanItemRow>('POST', `/api/cases/${caseId}/plan-items`, {
      body: { planType: values.planType || undefined, description: values.description, status: values.status },
      schema: CreatePlanItem,
      creates: true,
      done: t('records.planItemAdded'),
    });
    if (done) {
      setValues({ planType: '', description: '', status: 'planned' });
      list.reload();
    }
  };
  const setStatus = async (item: PlanItemRow, status: string) => {
    const done = await update.run<PlanItemRow>('PATCH', `/api/cases/${caseId}/plan-items/${item.id}`, {
      body: { status },
      schema: UpdatePlanItem,
      version: item.version,
      onConflict: list.reload,
      done: t('records.planItemUpdated'),
    });
    if (done) list.reload();
  };

  return (
    <section id="case-plan" aria-labelledby="plan-title" className="panel">
      <h2 id="plan-title">{t('records.plan')}</h2>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      <FormStatus problem={update.problem} />
      <Notice message={update.notice} />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('records.noPlan')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="plan-list">
            <thead>
              <tr>
                <th scope="col">{t('records.planType')}</th>
                <th scope="col">{t('records.description')}</th>
                <th scope="col">{t('records.planStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr key={item.id} data-testid="plan-item">
                  <td>{vocab.label('htcds.support_plan_type', item.planType)}</td>
                  <td className="free-text" dir="auto">
                    {item.description}
                  </td>
                  <td>
                    {closed ? (
                      t(`planStatuses.${item.status}`)
                    ) : (
                      <SelectField
                        label={t('records.planStatusOf', {
                          item: vocab.label('htcds.support_plan_type', item.planType),
                        })}
                        name={`planItemStatus.${item.id}`}
                        className="label-hidden"
                        value={item.status}
                        disabled={update.busy}
                        onChange={(status) => void setStatus(item, status)}
                        options={PLAN_ITEM_STATUSES.map((s) => ({ value: s, label: t(`planStatuses.${s}`) }))}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!closed && (
        <Disclosure summary={t('records.addPlanItem')} testId="add-plan-item">
          <form onSubmit={submit} noValidate className="form" data-testid="plan-form">
            <FormStatus problem={action.problem} rest={rest} />
            <Notice message={action.notice} />
            <CodeSelect
              vocab={vocab}
              vocabulary="htcds.support_plan_type"
              label={t('records.planType')}
              name="planType"
              required
              value={values.planType}
              onChange={(planType) => setValues({ ...values, planType })}
              issues={byField.planType}
            />
            <TextAreaField
              label={t('records.description')}
              name="description"
              required
              maxLength={1000}
              value={values.description}
              onChange={(description) => setValues({ ...values, description })}
              issues={byField.description}
            />
            <SelectField
              label={t('records.planStatus')}
              name="status"
              value={values.status}
              onChange={(status) => setValues({ ...values, status: status as PlanItemStatus })}
              options={PLAN_ITEM_STATUSES.map((s) => ({ value: s, label: t(`planStatuses.${s}`) }))}
              issues={byField.status}
            />
            <FormActions>
              <button type="submit" className="button secondary" disabled={action.busy}>
                {t('records.addPlanItemSubmit')}
              </button>
            </FormActions>
          </form>
        </Disclosure>
      )}
    </section>
  );
}

/** Case notes, oldest first; they can be added even to a closed case. */
export function Notes({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const list = useResource<{ items: NoteRow[] }>(`/api/cases/${caseId}/notes`);
  const [body, setBody] = useState('');
  const action = useAction();
  const { byField, rest } = splitIssues(action.problem, ['body']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await action.run<NoteRow>('POST', `/api/cases/${caseId}/notes`, {
      body: { body },
      schema: CreateNote,
      creates: true,
      done: t('records.noteAdded'),
    });
    if (done) {
      setBody('');
      list.reload();
    }
  };

  return (
    <section id="case-notes" aria-labelledby="notes-title" className="panel">
      <h2 id="notes-title">{t('records.notes')}</h2>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="muted">{t('records.noNotes')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ol className="record-list" data-testid="note-list">
          {list.data.items.map((n) => (
            <li key={n.id} data-testid="note">
              <div className="free-text" dir="auto">
                {n.body}
              </div>
              <div className="muted small-text">
                <bdi>{staff.label(n.author)}</bdi>
                {t('common.separator')}
                {formatDateTime(n.createdAt, i18n.language)}
              </div>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} noValidate className="form" data-testid="note-form">
        <FormStatus problem={action.problem} rest={rest} />
        <Notice message={action.notice} />
        <TextAreaField
          label={t('records.newNote')}
          hint={t('records.noteHint')}
          name="body"
          required
          rows={4}
          maxLength={10000}
          value={body}
          onChange={setBody}
          issues={byField.body}
        />
        <FormActions>
          <button type="submit" className="button secondary" disabled={action.busy}>
            {t('records.addNote')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
