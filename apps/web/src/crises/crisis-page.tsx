import type {
  Crisis,
  EvacuationRequest,
  EvacuationRequestList,
  FocalPoint,
  MovementList,
  PopulationList,
} from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatCalendarDate, formatNumber } from '../i18n/format.ts';
import { code, issuesAt, OpsProblem, takesBookings, useWrite } from '../movements/ops-ui.tsx';
import { countryName } from '../places/countries.ts';
import { CountrySelect } from '../places/country-fields.tsx';
import { PcodeField } from '../places/pcode-field.tsx';

function Populations({ crisis, onRecorded }: { crisis: Crisis; onRecorded: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const pops = useResource<PopulationList>(`/api/crises/${crisis.id}/populations`);
  const [f, setF] = useState({ nationality: '', pcode: '', people: '', reportedOn: '' });
  // A figure recorded changes the crisis's total of affected migrants too.
  const { problem, busy, write } = useWrite(() => {
    pops.reload();
    onRecorded();
  });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const issues = issuesAt(problem, ['nationality', 'pcode', 'people', 'reportedOn']);
  return (
    <section aria-labelledby="pop-h">
      <h2 id="pop-h">{t('ops.crises.populations')}</h2>
      {pops.data && (
        <div className="table-wrap">
          <table data-testid="population-table">
            <thead>
              <tr>
                <th scope="col">{t('ops.crises.nationality')}</th>
                <th scope="col">{t('ops.crises.people')}</th>
              </tr>
            </thead>
            <tbody>
              {pops.data.latestByNationality.map((p) => (
                <tr key={p.nationality}>
                  <td>{countryName(p.nationality, i18n.language)}</td>
                  <td>{formatNumber(p.people, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canUse(session.user.roles, 'crisesManage') && (
        <form
          className="form form-inline"
          onSubmit={(e) => {
            e.preventDefault();
            void write('POST', `/api/crises/${crisis.id}/populations`, {
              nationality: code(f.nationality),
              pcode: code(f.pcode),
              people: Number(f.people),
              reportedOn: f.reportedOn,
            });
          }}
        >
          <CountrySelect
            label={t('ops.crises.nationality')}
            name="nationality"
            value={f.nationality}
            onChange={set('nationality')}
            emptyLabel={t('common.choose')}
            issues={issues.at('nationality')}
            required
          />
          <PcodeField
            label={t('ops.crises.pcode')}
            name="pcode"
            country={crisis.country}
            value={f.pcode}
            onChange={set('pcode')}
            issues={issues.at('pcode')}
            required
          />
          <TextField
            label={t('ops.crises.people')}
            name="people"
            type="number"
            min={0}
            value={f.people}
            onChange={set('people')}
            issues={issues.at('people')}
            required
          />
          <TextField
            label={t('ops.crises.reportedOn')}
            name="reportedOn"
            type="date"
            value={f.reportedOn}
            onChange={set('reportedOn')}
            issues={issues.at('reportedOn')}
            required
          />
          <OpsProblem
            problem={problem}
            shown={issues.shown}
            labels={{
              nationality: t('ops.crises.nationality'),
              pcode: t('ops.crises.pcode'),
              people: t('ops.crises.people'),
              reportedOn: t('ops.crises.reportedOn'),
            }}
          />
          <button className="button primary" type="submit" disabled={busy}>
            {t('ops.crises.record')}
          </button>
        </form>
      )}
    </section>
  );
}

function FocalPoints({ crisis, items, reload }: { crisis: Crisis; items: FocalPoint[]; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const [f, setF] = useState({ nationality: '', mission: '', name: '', phone: '' });
  const { problem, busy, write } = useWrite(reload);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const issues = issuesAt(problem, ['nationality', 'mission', 'name', 'phone']);
  return (
    <section aria-labelledby="fp-h">
      <h2 id="fp-h">{t('ops.crises.focalPoints')}</h2>
      <ul data-testid="focal-points">
        {items.map((fp) => (
          <li key={fp.id}>
            {countryName(fp.nationality, i18n.language)} — <bdi>{fp.mission}</bdi> — <bdi>{fp.name}</bdi>
            {fp.phone && (
              <>
                {' '}
                — <bdi dir="ltr">{fp.phone}</bdi>
              </>
            )}
          </li>
        ))}
      </ul>
      {canUse(session.user.roles, 'crisesManage') && (
        <form
          className="form form-inline"
          onSubmit={(e) => {
            e.preventDefault();
            void write('POST', `/api/crises/${crisis.id}/focal-points`, {
              nationality: code(f.nationality),
              mission: f.mission,
              name: f.name,
              phone: f.phone.trim() || null,
            });
          }}
        >
          <CountrySelect
            label={t('ops.crises.nationality')}
            name="fpNationality"
            value={f.nationality}
            onChange={set('nationality')}
            emptyLabel={t('common.choose')}
            issues={issues.at('nationality')}
            required
          />
          <TextField
            label={t('ops.crises.mission')}
            name="mission"
            value={f.mission}
            onChange={set('mission')}
            issues={issues.at('mission')}
            required
          />
          <TextField
            label={t('ops.crises.contact')}
            name="fpName"
            value={f.name}
            onChange={set('name')}
            issues={issues.at('name')}
            required
          />
          <TextField
            label={t('ops.crises.phone')}
            name="fpPhone"
            value={f.phone}
            onChange={set('phone')}
            issues={issues.at('phone')}
            dir="ltr"
          />
          <OpsProblem problem={problem} shown={issues.shown} />
          <button className="button primary" type="submit" disabled={busy}>
            {t('ops.crises.addFocalPoint')}
          </button>
        </form>
      )}
    </section>
  );
}

function RequestRow({
  r,
  movements,
  reload,
}: {
  r: EvacuationRequest;
  movements: MovementList['items'];
  reload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { problem, busy, write } = useWrite(reload);
  const [movementId, setMovementId] = useState(movements[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const mayAccept = canUse(session.user.roles, 'protection');
  return (
    <tr data-testid="request-row" data-status={r.status}>
      <td>
        {r.identityHidden ? (
          <em>{t('ops.manifest.identityHidden')}</em>
        ) : (
          <bdi>{[r.givenName, r.familyName].filter(Boolean).join(' ')}</bdi>
        )}
      </td>
      <td>{countryName(r.nationality, i18n.language)}</td>
      <td>{t(`ops.crises.channels.${r.channel}`)}</td>
      <td>{formatCalendarDate(r.receivedAt.slice(0, 10), i18n.language)}</td>
      <td>{t(`ops.crises.requestStatuses.${r.status}`)}</td>
      <td>
        {r.status === 'received' && (
          <>
            {mayAccept && (
              <button
                className="button primary"
                type="button"
                disabled={busy}
                onClick={() => void write('POST', `/api/evacuation-requests/${r.id}/accept`, {})}
              >
                {t('ops.crises.accept')}
              </button>
            )}
            <TextField
              label={t('ops.crises.declineReason')}
              name={`reason-${r.id}`}
              value={reason}
              onChange={setReason}
            />
            <button
              className="button danger"
              type="button"
              disabled={busy || !reason.trim()}
              onClick={() => void write('POST', `/api/evacuation-requests/${r.id}/decline`, { reason })}
            >
              {t('ops.crises.decline')}
            </button>
          </>
        )}
        {r.status === 'accepted' && movements.length > 0 && (
          <>
            <SelectField
              label={t('ops.crises.book')}
              name={`movement-${r.id}`}
              value={movementId}
              onChange={setMovementId}
              options={movements.map((m) => ({ value: m.id, label: m.reference }))}
            />
            <button
              className="button primary"
              type="button"
              data-testid="book-request"
              disabled={busy}
              onClick={() => void write('POST', `/api/evacuation-requests/${r.id}/book`, { movementId })}
            >
              {t('ops.manifest.bookIt')}
            </button>
          </>
        )}
        <OpsProblem problem={problem} />
      </td>
    </tr>
  );
}

function Requests({ crisis, focalPoints }: { crisis: Crisis; focalPoints: FocalPoint[] }) {
  const { t, i18n } = useTranslation();
  const list = useResource<EvacuationRequestList>(`/api/crises/${crisis.id}/evacuation-requests`);
  const movements = useResource<MovementList>(`/api/movements?crisisId=${crisis.id}&type=evacuation`);
  const [f, setF] = useState({
    channel: 'individual',
    focalPointId: '',
    nationality: '',
    givenName: '',
    familyName: '',
    dateOfBirth: '',
    phone: '',
  });
  const { problem, busy, write } = useWrite(list.reload);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  // Only movements that still take a booking: open, their first leg not yet left.
  const open = (movements.data?.items ?? []).filter((m) => takesBookings(m));
  const issues = issuesAt(problem, [
    'channel',
    'focalPointId',
    'nationality',
    'givenName',
    'familyName',
    'dateOfBirth',
    'phone',
  ]);
  return (
    <section aria-labelledby="req-h">
      <h2 id="req-h">{t('ops.crises.requests')}</h2>
      <ExportLinks
        path={`/api/crises/${crisis.id}/evacuation-requests/export`}
        name={`evacuation-requests-${crisis.code}`}
        personal
        testId="export-requests"
      />
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {list.data && list.data.items.length === 0 && <p>{t('ops.crises.noRequests')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="requests-table">
            <thead>
              <tr>
                <th scope="col">{t('ops.crises.name')}</th>
                <th scope="col">{t('ops.crises.nationality')}</th>
                <th scope="col">{t('ops.crises.channel')}</th>
                <th scope="col">{t('ops.crises.reportedOn')}</th>
                <th scope="col">{t('ops.crises.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <RequestRow key={`${r.id}-${r.version}`} r={r} movements={open} reload={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="form"
        data-testid="request-form"
        onSubmit={(e) => {
          e.preventDefault();
          void write('POST', `/api/crises/${crisis.id}/evacuation-requests`, {
            channel: f.channel,
            focalPointId: f.channel === 'consulate' ? f.focalPointId || null : null,
            nationality: code(f.nationality),
            givenName: f.givenName.trim() || null,
            familyName: f.familyName.trim() || null,
            dateOfBirth: f.dateOfBirth || null,
            phone: f.phone.trim() || null,
          });
        }}
      >
        <h3>{t('ops.crises.takeRequest')}</h3>
        <SelectField
          label={t('ops.crises.channel')}
          name="channel"
          value={f.channel}
          onChange={set('channel')}
          issues={issues.at('channel')}
          options={(['individual', 'consulate'] as const).map((c) => ({
            value: c,
            label: t(`ops.crises.channels.${c}`),
          }))}
        />
        {f.channel === 'consulate' && (
          <SelectField
            label={t('ops.crises.focalPoint')}
            name="focalPointId"
            value={f.focalPointId}
            onChange={set('focalPointId')}
            issues={issues.at('focalPointId')}
            options={[
              { value: '', label: t('ops.crises.none') },
              ...focalPoints.map((fp) => ({
                value: fp.id,
                label: `${countryName(fp.nationality, i18n.language)} — ${fp.mission}`,
              })),
            ]}
          />
        )}
        <CountrySelect
          label={t('ops.crises.nationality')}
          name="reqNationality"
          value={f.nationality}
          onChange={set('nationality')}
          emptyLabel={t('common.choose')}
          issues={issues.at('nationality')}
          required
        />
        <TextField
          label={t('ops.crises.givenName')}
          name="givenName"
          value={f.givenName}
          onChange={set('givenName')}
          hint={t('ops.crises.namesHint')}
          issues={issues.at('givenName')}
        />
        <TextField
          label={t('ops.crises.familyName')}
          name="familyName"
          value={f.familyName}
          onChange={set('familyName')}
          issues={issues.at('familyName')}
        />
        <TextField
          label={t('ops.crises.dateOfBirth')}
          name="dateOfBirth"
          type="date"
          value={f.dateOfBirth}
          onChange={set('dateOfBirth')}
          issues={issues.at('dateOfBirth')}
        />
        <TextField
          label={t('ops.crises.phone')}
          name="reqPhone"
          value={f.phone}
          onChange={set('phone')}
          issues={issues.at('phone')}
          dir="ltr"
        />
        <OpsProblem
          problem={problem}
          shown={issues.shown}
          labels={{
            channel: t('ops.crises.channel'),
            focalPointId: t('ops.crises.focalPoint'),
            nationality: t('ops.crises.nationality'),
            givenName: t('ops.crises.givenName'),
            familyName: t('ops.crises.familyName'),
            dateOfBirth: t('ops.crises.dateOfBirth'),
            phone: t('ops.crises.phone'),
          }}
        />
        <button className="button primary" type="submit" disabled={busy}>
          {t('ops.crises.takeRequest')}
        </button>
      </form>
    </section>
  );
}

/** One crisis: affected population, focal points, evacuation requests. */
export function CrisisPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const crisis = useResource<Crisis>(`/api/crises/${id}`);
  const fps = useResource<{ items: FocalPoint[] }>(`/api/crises/${id}/focal-points`);
  if (crisis.status === 'error') return <FormStatus problem={crisis.problem} />;
  if (!crisis.data) return <Loading />;
  const c = crisis.data;
  return (
    <>
      <PageHeading title={c.name}>
        <bdi>{c.name}</bdi>
      </PageHeading>
      <dl className="facts">
        <dt>{t('ops.crises.code')}</dt>
        <dd>
          <bdi dir="ltr">{c.code}</bdi>
        </dd>
        <dt>{t('ops.crises.country')}</dt>
        <dd>{countryName(c.country, i18n.language)}</dd>
        <dt>{t('ops.crises.level')}</dt>
        <dd>{c.emergencyLevel}</dd>
        <dt>{t('ops.crises.startedOn')}</dt>
        <dd>{formatCalendarDate(c.startedOn, i18n.language)}</dd>
        <dt>{t('ops.crises.areasShown')}</dt>
        <dd>
          <bdi dir="ltr">{c.areas.join(' ')}</bdi>
        </dd>
        <dt>{t('ops.crises.affected')}</dt>
        <dd data-testid="affected">{formatNumber(c.affectedMigrants, i18n.language)}</dd>
      </dl>
      <Populations crisis={c} onRecorded={crisis.reload} />
      <FocalPoints crisis={c} items={fps.data?.items ?? []} reload={fps.reload} />
      {canUse(session.user.roles, 'crisesRequests') && <Requests crisis={c} focalPoints={fps.data?.items ?? []} />}
    </>
  );
}
