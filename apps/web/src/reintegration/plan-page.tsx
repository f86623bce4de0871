import type { Locale, ReintegrationInstrumentList, ReintegrationPlan } from '@corridor/contracts';
import { REINTEGRATION_DIMENSIONS, REINTEGRATION_ROUNDS, REINTEGRATION_SUPPORT_LEVELS } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { RecordPicker } from '../components/record-picker.tsx';
import { formatCalendarDate, formatNumber } from '../i18n/format.ts';
import { isLanguage } from '../i18n/index.ts';
import { issuesAt, OpsProblem, useWrite } from '../movements/ops-ui.tsx';
import { partnerSource } from '../operations/sources.ts';
import { countryName } from '../places/countries.ts';

function ItemForm({ planId, reload }: { planId: string; reload: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ dimension: 'economic', level: 'individual', support: '', description: '' });
  const { problem, busy, write } = useWrite(reload);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const issues = issuesAt(problem, ['dimension', 'level', 'support', 'description']);
  return (
    <form
      className="form form-inline"
      data-testid="item-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write('POST', `/api/reintegration/plans/${planId}/items`, { ...f, support: f.support.trim() });
      }}
    >
      <SelectField
        label={t('ops.reintegration.dimension')}
        name="dimension"
        value={f.dimension}
        onChange={set('dimension')}
        issues={issues.at('dimension')}
        options={REINTEGRATION_DIMENSIONS.map((d) => ({ value: d, label: t(`ops.reintegration.dimensions.${d}`) }))}
      />
      <SelectField
        label={t('ops.reintegration.level')}
        name="level"
        value={f.level}
        onChange={set('level')}
        issues={issues.at('level')}
        options={REINTEGRATION_SUPPORT_LEVELS.map((l) => ({ value: l, label: t(`ops.reintegration.levels.${l}`) }))}
      />
      <TextField
        label={t('ops.reintegration.support')}
        name="support"
        value={f.support}
        onChange={set('support')}
        issues={issues.at('support')}
        required
        dir="ltr"
      />
      <TextField
        label={t('ops.reintegration.description')}
        name="description"
        value={f.description}
        onChange={set('description')}
        issues={issues.at('description')}
        required
      />
      <OpsProblem problem={problem} shown={issues.shown} />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.reintegration.addItem')}
      </button>
    </form>
  );
}

/** A survey round: every item of the current instrument with its options in the interface language. */
function SurveyForm({ plan, reload }: { plan: ReintegrationPlan; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const instruments = useResource<ReintegrationInstrumentList>('/api/reintegration/instruments');
  const done = new Set(plan.surveys.map((s) => s.round));
  const next = REINTEGRATION_ROUNDS.find((r) => !done.has(r));
  const [conductedOn, setConductedOn] = useState(new Date().toISOString().slice(0, 10));
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { problem, busy, write } = useWrite(() => {
    setAnswers({});
    reload();
  });
  // The answers are keyed by item (`/answers/<code>`): their issues stay in the summary.
  const issues = issuesAt(problem, ['conductedOn']);
  const inst = instruments.data?.items.find((i) => i.current);
  if (!next || !inst) return null;
  const lng = (isLanguage(i18n.language) ? i18n.language : 'en') as Locale;
  return (
    <form
      className="form"
      data-testid="survey-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write('POST', `/api/reintegration/plans/${plan.id}/surveys`, { round: next, conductedOn, answers });
      }}
    >
      <h3>
        {t('ops.reintegration.recordSurvey')}
        {t('common.colon')} {t(`ops.reintegration.rounds.${next}`)} ({inst.version})
      </h3>
      <TextField
        label={t('ops.reintegration.conductedOn')}
        name="conductedOn"
        type="date"
        value={conductedOn}
        onChange={setConductedOn}
        issues={issues.at('conductedOn')}
        required
      />
      {inst.items.map((it) => (
        <SelectField
          key={it.code}
          label={`${t(`ops.reintegration.dimensions.${it.dimension}`)} · ${it.label[lng]}`}
          name={`q-${it.code}`}
          value={answers[it.code] ?? ''}
          onChange={(v) => setAnswers({ ...answers, [it.code]: v })}
          options={[{ value: '', label: '—' }, ...it.options.map((o) => ({ value: o.code, label: o.label[lng] }))]}
        />
      ))}
      <OpsProblem problem={problem} shown={issues.shown} />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.reintegration.record')}
      </button>
    </form>
  );
}

function HandoverForm({ planId, reload }: { planId: string; reload: () => void }) {
  const { t } = useTranslation();
  const [to, setTo] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const { problem, busy, write } = useWrite(reload);
  const issues = issuesAt(problem, ['toOrganisationId', 'note']);
  return (
    <form
      className="form form-inline"
      data-testid="handover-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!to) return;
        void write('POST', `/api/reintegration/plans/${planId}/handover`, {
          toOrganisationId: to,
          note: note.trim() || null,
        });
      }}
    >
      <h3>{t('ops.reintegration.handover')}</h3>
      <RecordPicker
        label={t('ops.reintegration.toOrganisation')}
        name="toOrganisation"
        source={partnerSource}
        value={to}
        onChange={setTo}
        required
        issues={issues.at('toOrganisationId')}
      />
      <TextField
        label={t('ops.reintegration.note')}
        name="note"
        value={note}
        onChange={setNote}
        issues={issues.at('note')}
      />
      <OpsProblem problem={problem} shown={issues.shown} />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.reintegration.send')}
      </button>
    </form>
  );
}

/** One reintegration plan: support items, hand-overs and the returnee's scores at each round. */
export function PlanPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const plan = useResource<ReintegrationPlan>(`/api/reintegration/plans/${id}`);
  if (plan.status === 'error') return <FormStatus problem={plan.problem} />;
  if (!plan.data) return <Loading />;
  const p = plan.data;
  const holder = p.organisationId === session.organisation.id;
  const write = holder && canUse(session.user.roles, 'reintegrationWrite');
  const n = (x: number) => formatNumber(x, i18n.language);
  return (
    <>
      {p.returnee.identityHidden ? (
        <PageHeading title={t('ops.manifest.identityHidden')}>
          <em data-testid="identity-hidden">{t('ops.manifest.identityHidden')}</em>
        </PageHeading>
      ) : (
        <PageHeading title={p.returnee.nameLatin}>
          <bdi>{p.returnee.nameLatin}</bdi>
        </PageHeading>
      )}
      <dl className="facts">
        <dt>{t('ops.reintegration.country')}</dt>
        <dd>{countryName(p.countryOfReturn, i18n.language)}</dd>
        <dt>{t('ops.reintegration.returnedOn')}</dt>
        <dd>{p.returnedOn ? formatCalendarDate(p.returnedOn, i18n.language) : '—'}</dd>
        <dt>{t('ops.reintegration.cohort')}</dt>
        <dd>
          <bdi dir="ltr">{p.cohort ?? '—'}</bdi>
        </dd>
        <dt>{t('ops.reintegration.status')}</dt>
        <dd data-testid="plan-status">{t(`ops.reintegration.statuses.${p.status}`)}</dd>
      </dl>
      <h2>{t('ops.reintegration.surveys')}</h2>
      <div className="table-wrap">
        <table data-testid="scores-table">
          <thead>
            <tr>
              <th scope="col">{t('ops.reintegration.round')}</th>
              <th scope="col">{t('ops.reintegration.conductedOn')}</th>
              <th scope="col">{t('ops.reintegration.dimensions.economic')}</th>
              <th scope="col">{t('ops.reintegration.dimensions.social')}</th>
              <th scope="col">{t('ops.reintegration.dimensions.psychosocial')}</th>
              <th scope="col">{t('ops.reintegration.composite')}</th>
            </tr>
          </thead>
          <tbody>
            {p.surveys.map((s) => (
              <tr key={s.id} data-testid="score-row">
                <th scope="row">{t(`ops.reintegration.rounds.${s.round}`)}</th>
                <td>{formatCalendarDate(s.conductedOn, i18n.language)}</td>
                <td>{n(s.scores.economic)}</td>
                <td>{n(s.scores.social)}</td>
                <td>{n(s.scores.psychosocial)}</td>
                <td data-testid="composite">{n(s.scores.composite)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {write && <SurveyForm plan={p} reload={plan.reload} />}
      <h2>{t('ops.reintegration.items')}</h2>
      <ul data-testid="plan-items">
        {p.items.map((i) => (
          <li key={i.id}>
            {t(`ops.reintegration.dimensions.${i.dimension}`)} · {t(`ops.reintegration.levels.${i.level}`)} ·{' '}
            <bdi>{i.description}</bdi> ({t(`ops.reintegration.itemStatuses.${i.status}`)})
          </li>
        ))}
      </ul>
      {/* A completed plan (its twelve-month survey recorded) takes no more support. */}
      {write && p.status !== 'completed' && <ItemForm planId={p.id} reload={plan.reload} />}
      {write &&
        p.hostOrganisationId === session.organisation.id &&
        !p.handovers.some((h) => h.status !== 'declined') && <HandoverForm planId={p.id} reload={plan.reload} />}
    </>
  );
}
