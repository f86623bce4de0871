import type { Movement, MovementFigures, MovementList } from '@corridor/contracts';
import { MOVEMENT_STATUSES, MOVEMENT_TYPES } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { RecordPicker } from '../components/record-picker.tsx';
import { formatCalendarMonth, formatNumber } from '../i18n/format.ts';
import { crisisSource, partnerSource } from '../operations/sources.ts';
import { CountrySelect } from '../places/country-fields.tsx';
import { EMPTY_LEG, LEG_FIELDS, type LegDraft, LegFields, legBody, legLabels } from './leg-fields.tsx';
import { code, issuesAt, OpsProblem, seatsText, useWrite } from './ops-ui.tsx';

/** A new movement with its first leg (more legs can follow on the movement's page, which opens once it is created). */
function NewMovementForm() {
  const { t } = useTranslation();
  const [f, setF] = useState({ type: 'evacuation', reference: '', crisisId: '', origin: '', destination: '' });
  const [reception, setReception] = useState<string | null>(null);
  const [leg, setLeg] = useState<LegDraft>(EMPTY_LEG);
  const { problem, busy, write } = useWrite((created) => navigate(`/movements/${(created as Movement).id}`));
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  // The first leg's fields are the first entry of `legs` (its countries are the movement's, shown above).
  const legFields = LEG_FIELDS.filter((k) => k !== 'fromCountry' && k !== 'toCountry').map((k) => `legs/0/${k}`);
  const issues = issuesAt(problem, [
    'type',
    'reference',
    'crisisId',
    'originCountry',
    'destinationCountry',
    'receptionOrganisationId',
    ...legFields,
  ]);
  return (
    <form
      className="form"
      data-testid="movement-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write('POST', '/api/movements', {
          type: f.type,
          reference: code(f.reference),
          crisisId: f.crisisId || null,
          originCountry: code(f.origin),
          destinationCountry: code(f.destination),
          receptionOrganisationId: reception,
          legs: [legBody({ ...leg, fromCountry: f.origin, toCountry: f.destination })],
        });
      }}
    >
      <h2>{t('ops.movements.new')}</h2>
      <SelectField
        label={t('ops.movements.type')}
        name="type"
        value={f.type}
        onChange={set('type')}
        issues={issues.at('type')}
        options={MOVEMENT_TYPES.map((x) => ({ value: x, label: t(`ops.movements.types.${x}`) }))}
      />
      <TextField
        label={t('ops.movements.reference')}
        name="reference"
        value={f.reference}
        onChange={set('reference')}
        issues={issues.at('reference')}
        required
        dir="ltr"
      />
      <RecordPicker
        label={t('ops.movements.crisis')}
        name="crisisId"
        source={crisisSource}
        value={f.crisisId || null}
        onChange={(id) => setF({ ...f, crisisId: id ?? '' })}
        issues={issues.at('crisisId')}
      />
      <CountrySelect
        label={t('ops.movements.origin')}
        name="origin"
        value={f.origin}
        onChange={set('origin')}
        emptyLabel={t('common.choose')}
        issues={issues.at('originCountry')}
        required
      />
      <CountrySelect
        emptyLabel={t('common.choose')}
        label={t('ops.movements.destination')}
        name="destination"
        value={f.destination}
        onChange={set('destination')}
        issues={issues.at('destinationCountry')}
        required
      />
      <RecordPicker
        label={t('ops.movements.reception')}
        name="reception"
        source={partnerSource}
        value={reception}
        onChange={setReception}
        issues={issues.at('receptionOrganisationId')}
      />
      <fieldset>
        <legend>{t('ops.movements.leg')} 1</legend>
        <LegFields value={leg} onChange={setLeg} prefix="" countries={false} issues={(k) => issues.at(`legs/0/${k}`)} />
      </fieldset>
      <OpsProblem
        problem={problem}
        shown={issues.shown}
        labels={{ reference: t('ops.movements.reference'), ...legLabels(t) }}
      />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.movements.create')}
      </button>
    </form>
  );
}

/** Arrivals of the year by type and month (no personal data). */
function Figures() {
  const { t, i18n } = useTranslation();
  const year = new Date().getUTCFullYear();
  const fig = useResource<MovementFigures>(
    `/api/movement-figures${query({ from: `${year}-01-01`, to: `${year}-12-31` })}`,
  );
  if (!fig.data) return fig.status === 'error' ? <FormStatus problem={fig.problem} /> : <Loading />;
  const n = (x: number) => formatNumber(x, i18n.language);
  return (
    <section aria-labelledby="fig-h">
      <h2 id="fig-h">
        {t('ops.movements.figures')} ({year})
      </h2>
      <div className="table-wrap">
        <table data-testid="movement-figures">
          <thead>
            <tr>
              <th scope="col">{t('ops.movements.month')}</th>
              <th scope="col">{t('ops.movements.evacuated')}</th>
              <th scope="col">{t('ops.movements.resettled')}</th>
              <th scope="col">{t('ops.movements.returned')}</th>
            </tr>
          </thead>
          <tbody>
            {fig.data.byMonth
              .filter((m) => m.evacuated + m.resettled + m.returned > 0)
              .map((m) => (
                <tr key={m.month}>
                  <th scope="row">
                    <time dateTime={m.month}>{formatCalendarMonth(m.month, i18n.language)}</time>
                  </th>
                  <td>{n(m.evacuated)}</td>
                  <td>{n(m.resettled)}</td>
                  <td>{n(m.returned)}</td>
                </tr>
              ))}
            <tr>
              <th scope="row">Σ</th>
              <td data-testid="total-evacuated">{n(fig.data.totals.evacuated)}</td>
              <td>{n(fig.data.totals.resettled)}</td>
              <td>{n(fig.data.totals.returned)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p data-testid="no-shows">
        {t('ops.movements.noShows')}
        {t('common.colon')} {n(fig.data.noShows)} · {t('ops.movements.cancelled')}
        {t('common.colon')} {n(fig.data.cancelled)}
      </p>
    </section>
  );
}

/** The movements of the caller's organisation, with filters, the year's figures and a form for a new one. */
export function MovementsPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const list = useResource<MovementList>(
    `/api/movements${query({ type: type || undefined, status: status || undefined })}`,
  );
  const roles = session.user.roles;
  return (
    <>
      <PageHeading title={t('ops.movements.title')}>{t('ops.movements.title')}</PageHeading>
      <p>{t('ops.movements.intro')}</p>
      <div className="filters">
        <SelectField
          label={t('ops.movements.type')}
          name="filterType"
          value={type}
          onChange={setType}
          options={[
            { value: '', label: t('ops.movements.all') },
            ...MOVEMENT_TYPES.map((x) => ({ value: x, label: t(`ops.movements.types.${x}`) })),
          ]}
        />
        <SelectField
          label={t('ops.movements.status')}
          name="filterStatus"
          value={status}
          onChange={setStatus}
          options={[
            { value: '', label: t('ops.movements.all') },
            ...MOVEMENT_STATUSES.map((x) => ({ value: x, label: t(`ops.movements.statuses.${x}`) })),
          ]}
        />
      </div>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {list.data === null ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p>{t('ops.movements.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="movements-table">
            <thead>
              <tr>
                <th scope="col">{t('ops.movements.reference')}</th>
                <th scope="col">{t('ops.movements.type')}</th>
                <th scope="col">{t('ops.movements.status')}</th>
                <th scope="col">{t('ops.movements.legs')}</th>
                <th scope="col">{t('ops.movements.passengers')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((m: Movement) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/movements/${m.id}`}>
                      <bdi dir="ltr">{m.reference}</bdi>
                    </Link>
                  </td>
                  <td>{t(`ops.movements.types.${m.type}`)}</td>
                  <td>{t(`ops.movements.statuses.${m.status}`)}</td>
                  <td>
                    {m.legs.map((l) => (
                      <div key={l.id}>
                        <bdi>{l.fromPlace}</bdi> {t('common.arrowForward')} <bdi>{l.toPlace}</bdi> (
                        {seatsText(t, i18n.language, l.booked, l.capacity)})
                      </div>
                    ))}
                  </td>
                  <td>{Object.values(m.passengers).reduce((a, b) => a + b, 0) - m.passengers.cancelled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canUse(roles, 'movementsFigures') && <Figures />}
      {canUse(roles, 'movementsManage') && <NewMovementForm />}
    </>
  );
}
