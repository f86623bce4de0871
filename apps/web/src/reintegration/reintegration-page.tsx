import type { ReintegrationCohortTrend, ReintegrationPlanList } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { RecordPicker } from '../components/record-picker.tsx';
import { formatNumber } from '../i18n/format.ts';
import { issuesAt, OpsProblem, useWrite } from '../movements/ops-ui.tsx';
import { caseSource } from '../operations/sources.ts';
import { countryName } from '../places/countries.ts';
import { CountrySelect } from '../places/country-fields.tsx';

type Pending = {
  items: {
    handover: { id: string; sentAt: string; note: string | null };
    returnee: { nameLatin: string; yearOfBirth: number | null };
    countryOfReturn: string;
  }[];
};

function PendingHandovers({ onDecided }: { onDecided: () => void }) {
  const { t, i18n } = useTranslation();
  const list = useResource<Pending>('/api/reintegration/handovers');
  const { problem, busy, write } = useWrite(() => {
    list.reload();
    onDecided();
  });
  if (!list.data || list.data.items.length === 0) return null;
  return (
    <section aria-labelledby="pending-h">
      <h2 id="pending-h">{t('ops.reintegration.pending')}</h2>
      <ul data-testid="pending-handovers">
        {list.data.items.map((h) => (
          <li key={h.handover.id}>
            <bdi>{h.returnee.nameLatin}</bdi> ({h.returnee.yearOfBirth ?? '—'}) ·{' '}
            {countryName(h.countryOfReturn, i18n.language)}
            {h.handover.note && (
              <>
                {' '}
                · <bdi>{h.handover.note}</bdi>
              </>
            )}{' '}
            <button
              className="button primary"
              type="button"
              disabled={busy}
              onClick={() => void write('POST', `/api/reintegration/handovers/${h.handover.id}/accept`)}
            >
              {t('ops.reintegration.acceptHandover')}
            </button>
            <button
              className="button danger"
              type="button"
              disabled={busy}
              onClick={() => void write('POST', `/api/reintegration/handovers/${h.handover.id}/decline`)}
            >
              {t('ops.reintegration.declineHandover')}
            </button>
          </li>
        ))}
      </ul>
      <OpsProblem problem={problem} />
    </section>
  );
}

function CohortTrend() {
  const { t, i18n } = useTranslation();
  const [country, setCountry] = useState('');
  const [cohort, setCohort] = useState('');
  const trend = useResource<ReintegrationCohortTrend>(
    `/api/reintegration/cohorts${query({ country: country.trim().toUpperCase() || undefined, cohort: cohort.trim() || undefined })}`,
  );
  const n = (x: number | null) => (x === null ? '—' : formatNumber(x, i18n.language));
  return (
    <section aria-labelledby="cohort-h">
      <h2 id="cohort-h">{t('ops.reintegration.cohorts')}</h2>
      <div className="filters">
        <CountrySelect
          label={t('ops.reintegration.country')}
          name="cohortCountry"
          value={country}
          onChange={setCountry}
          emptyLabel={t('common.any')}
        />
        <TextField
          label={t('ops.reintegration.cohort')}
          name="cohort"
          value={cohort}
          onChange={setCohort}
          placeholder="2026-Q3"
          dir="ltr"
        />
      </div>
      <ExportLinks
        path="/api/reintegration/cohorts/export"
        body={country.trim() ? { country: country.trim().toUpperCase() } : {}}
        name="reintegration-cohorts"
        testId="export-cohorts"
      />
      {trend.status === 'error' && <FormStatus problem={trend.problem} />}
      {trend.data && (
        <div className="table-wrap">
          <table data-testid="cohort-table">
            <thead>
              <tr>
                <th scope="col">{t('ops.reintegration.round')}</th>
                <th scope="col">{t('ops.reintegration.n')}</th>
                <th scope="col">{t('ops.reintegration.dimensions.economic')}</th>
                <th scope="col">{t('ops.reintegration.dimensions.social')}</th>
                <th scope="col">{t('ops.reintegration.dimensions.psychosocial')}</th>
                <th scope="col">{t('ops.reintegration.composite')}</th>
              </tr>
            </thead>
            <tbody>
              {trend.data.rounds.map((r) => (
                <tr key={r.round}>
                  <th scope="row">{t(`ops.reintegration.rounds.${r.round}`)}</th>
                  <td>{r.suppressed ? t('ops.reintegration.suppressed') : n(r.n)}</td>
                  <td>{n(r.economic)}</td>
                  <td>{n(r.social)}</td>
                  <td>{n(r.psychosocial)}</td>
                  <td>{n(r.composite)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Assisted voluntary return cases, the ones a plan opens on. */
const RETURN_CASES = caseSource({ type: 'avrr' });

function NewPlanForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [caseId, setCaseId] = useState<string | null>(null);
  const [returnedOn, setReturnedOn] = useState('');
  const { problem, busy, write } = useWrite(onCreated);
  const issues = issuesAt(problem, ['caseId', 'returnedOn']);
  return (
    <form
      className="form"
      data-testid="plan-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (caseId) void write('POST', '/api/reintegration/plans', { caseId, returnedOn: returnedOn || null });
      }}
    >
      <h2>{t('ops.reintegration.new')}</h2>
      <RecordPicker
        label={t('ops.reintegration.caseId')}
        name="caseId"
        source={RETURN_CASES}
        value={caseId}
        onChange={setCaseId}
        required
        issues={issues.at('caseId')}
      />
      <TextField
        label={t('ops.reintegration.returnedOn')}
        name="returnedOn"
        type="date"
        value={returnedOn}
        onChange={setReturnedOn}
        issues={issues.at('returnedOn')}
      />
      <OpsProblem problem={problem} shown={issues.shown} />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.reintegration.create')}
      </button>
    </form>
  );
}

/** Reintegration plans of the office, pending hand-overs and the cohort trend. */
export function ReintegrationPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const roles = session.user.roles;
  const read = canUse(roles, 'reintegration');
  const list = useResource<ReintegrationPlanList>(read ? '/api/reintegration/plans' : null);
  return (
    <>
      <PageHeading title={t('ops.reintegration.title')}>{t('ops.reintegration.title')}</PageHeading>
      <p>{t('ops.reintegration.intro')}</p>
      {read && <PendingHandovers onDecided={list.reload} />}
      {read && (
        <ExportLinks path="/api/reintegration/plans/export" name="reintegration-plans" personal testId="export-plans" />
      )}
      {read && list.status === 'error' && <FormStatus problem={list.problem} />}
      {read &&
        (list.data === null ? (
          <Loading />
        ) : list.data.items.length === 0 ? (
          <p>{t('ops.reintegration.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="plans-table">
              <thead>
                <tr>
                  <th scope="col">{t('ops.reintegration.returnee')}</th>
                  <th scope="col">{t('ops.reintegration.country')}</th>
                  <th scope="col">{t('ops.reintegration.cohort')}</th>
                  <th scope="col">{t('ops.reintegration.status')}</th>
                  <th scope="col">{t('ops.reintegration.heldAs')}</th>
                  <th scope="col">{t('ops.reintegration.latest')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/reintegration/${p.id}`}>
                        {p.identityHidden ? <em>{t('ops.manifest.identityHidden')}</em> : <bdi>{p.returneeName}</bdi>}
                      </Link>
                    </td>
                    <td>{countryName(p.countryOfReturn, i18n.language)}</td>
                    <td>
                      <bdi dir="ltr">{p.cohort ?? '—'}</bdi>
                    </td>
                    <td>{t(`ops.reintegration.statuses.${p.status}`)}</td>
                    <td>{t(`ops.reintegration.held.${p.held}`)}</td>
                    <td>
                      {p.latest
                        ? `${t(`ops.reintegration.rounds.${p.latest.round}`)}${t('common.colon')} ${formatNumber(p.latest.composite, i18n.language)}`
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {canUse(roles, 'reintegrationWrite') && <NewPlanForm onCreated={list.reload} />}
      {canUse(roles, 'reintegrationFigures') && <CohortTrend />}
    </>
  );
}
