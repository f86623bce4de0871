import type { Leg, Manifest, Movement, Passenger, PassengerStep, Problem } from '@corridor/contracts';
import { FIT_TO_TRAVEL, TRAVEL_DOCUMENT_TYPES } from '@corridor/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { RecordPicker } from '../components/record-picker.tsx';
import { downloadExport } from '../grievances/download.ts';
import { formatDateTime } from '../i18n/format.ts';
import { caseSource, personSource } from '../operations/sources.ts';
import { countryName } from '../places/countries.ts';
import {
  draftOf,
  EMPTY_LEG,
  LEG_FIELDS,
  type LegDraft,
  LegFields,
  legBody,
  legChanges,
  legLabels,
} from './leg-fields.tsx';
import { issuesAt, OpsProblem, seatsText, takesBookings, useWrite } from './ops-ui.tsx';

const NEXT_STEPS: Record<Passenger['status'], PassengerStep[]> = {
  booked: ['check_in', 'no_show', 'cancel'],
  checked_in: ['depart', 'no_show', 'cancel'],
  departed: ['arrive'],
  arrived: [],
  no_show: [],
  cancelled: [],
};
const PATH: Record<PassengerStep, string> = {
  check_in: 'check-in',
  depart: 'depart',
  arrive: 'arrive',
  no_show: 'no-show',
  cancel: 'cancel',
};

/** Fit-to-travel, escort and travel document of one passenger (If-Match with the version read). */
function TravelForm({ x, reload }: { x: Passenger; reload: () => void }) {
  const { t } = useTranslation();
  const [fit, setFit] = useState<string>(x.fitToTravel);
  const [escort, setEscort] = useState(x.medicalEscort);
  const [docType, setDocType] = useState<string>(x.document?.type ?? 'passport');
  const [docNumber, setDocNumber] = useState(x.document?.number ?? '');
  const [expires, setExpires] = useState(x.document?.expiresOn ?? '');
  const { problem, busy, write } = useWrite(reload);
  // The document is an object of its own fields (`/document/number`): its issues stay in the summary.
  const issues = issuesAt(problem, ['fitToTravel', 'medicalEscort']);
  return (
    <form
      className="form form-inline"
      data-testid="travel-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write(
          'PUT',
          `/api/passengers/${x.id}/travel`,
          {
            fitToTravel: fit,
            medicalEscort: escort,
            document: docNumber.trim() ? { type: docType, number: docNumber.trim(), expiresOn: expires || null } : null,
          },
          `"v${x.version}"`,
        );
      }}
    >
      <SelectField
        label={t('ops.manifest.fit')}
        name={`fit-${x.id}`}
        value={fit}
        onChange={setFit}
        issues={issues.at('fitToTravel')}
        options={FIT_TO_TRAVEL.map((f) => ({ value: f, label: t(`ops.manifest.fits.${f}`) }))}
      />
      <CheckField
        label={t('ops.manifest.escort')}
        name={`escort-${x.id}`}
        checked={escort}
        onChange={setEscort}
        issues={issues.at('medicalEscort')}
      />
      <SelectField
        label={t('ops.manifest.documentType')}
        name={`doc-${x.id}`}
        value={docType}
        onChange={setDocType}
        options={TRAVEL_DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`ops.manifest.documentTypes.${d}`) }))}
      />
      <TextField
        label={t('ops.manifest.documentNumber')}
        name={`docnum-${x.id}`}
        value={docNumber}
        onChange={setDocNumber}
        dir="ltr"
      />
      <TextField
        label={t('ops.manifest.expiresOn')}
        name={`exp-${x.id}`}
        type="date"
        value={expires}
        onChange={setExpires}
      />
      <OpsProblem problem={problem} shown={issues.shown} />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.manifest.save')}
      </button>
    </form>
  );
}

/**
 * Whether the server would take a change of this leg (legs.service updateLeg): it has not left (its departure is
 * ahead, and no passenger has departed on it when it is the first leg).
 */
function legChangeable(m: Movement, l: Leg): boolean {
  if (Date.parse(l.departsAt) <= Date.now()) return false;
  return l.seq !== m.legs[0]?.seq || m.passengers.departed + m.passengers.arrived === 0;
}

/** Whether a step can be taken on a movement in this status: people depart only once it is under way (the server's rule). */
function stepOpen(step: PassengerStep, movementStatus: string): boolean {
  if (step === 'depart') return movementStatus === 'in_progress';
  if (step === 'arrive') return movementStatus === 'in_progress' || movementStatus === 'completed';
  return true;
}

function PassengerRow({
  x,
  manage,
  hasPartner,
  movementStatus,
  reload,
}: {
  x: Passenger;
  manage: boolean;
  hasPartner: boolean;
  movementStatus: string;
  reload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { problem, busy, write } = useWrite(reload);
  const [open, setOpen] = useState(false);
  return (
    <tr data-testid="passenger-row" data-status={x.status}>
      <td>
        {x.identityHidden ? (
          <em data-testid="identity-hidden">{t('ops.manifest.identityHidden')}</em>
        ) : (
          <bdi>{x.nameLatin}</bdi>
        )}
        {x.nameOriginal && x.nameOriginal !== x.nameLatin && (
          <div>
            <bdi>{x.nameOriginal}</bdi>
          </div>
        )}
      </td>
      <td>{x.nationality ? countryName(x.nationality, i18n.language) : '—'}</td>
      <td>
        {x.document ? (
          <>
            {t(`ops.manifest.documentTypes.${x.document.type}`)} <bdi dir="ltr">{x.document.number}</bdi>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {t(`ops.manifest.fits.${x.fitToTravel}`)}
        {x.medicalEscort ? ` · ${t('ops.manifest.escort')}` : ''}
      </td>
      <td data-testid="passenger-status">
        {t(`ops.manifest.statuses.${x.status}`)}
        {x.arrivedAt && <div>{formatDateTime(x.arrivedAt, i18n.language)}</div>}
        {x.reception && (
          <div>{x.reception.status === 'received' ? t('ops.manifest.received') : t('ops.manifest.handedOver')}</div>
        )}
      </td>
      {manage && (
        <td>
          {NEXT_STEPS[x.status]
            .filter((s) => stepOpen(s, movementStatus))
            .map((s) => (
              <button
                className="button secondary small"
                key={s}
                type="button"
                data-testid={`step-${s}`}
                disabled={busy}
                onClick={() => void write('POST', `/api/passengers/${x.id}/${PATH[s]}`)}
              >
                {t(`ops.manifest.steps.${s}`)}
              </button>
            ))}
          {hasPartner && !x.reception && ['booked', 'checked_in', 'departed', 'arrived'].includes(x.status) && (
            <button
              className="button secondary small"
              type="button"
              data-testid="hand-over"
              disabled={busy}
              onClick={() => void write('POST', `/api/passengers/${x.id}/reception`)}
            >
              {t('ops.manifest.handOver')}
            </button>
          )}
          {(x.status === 'booked' || x.status === 'checked_in') && (
            <button
              className="button secondary small"
              type="button"
              aria-expanded={open}
              onClick={() => setOpen(!open)}
            >
              {t('ops.manifest.travel')}
            </button>
          )}
          {open && <TravelForm x={x} reload={reload} />}
          <OpsProblem problem={problem} />
        </td>
      )}
    </tr>
  );
}

/** Books a person (found by name, never typed as an id) and optionally one of their cases. */
function BookForm({ movementId, reload }: { movementId: string; reload: () => void }) {
  const { t } = useTranslation();
  const [beneficiaryId, setBeneficiaryId] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const cases = useMemo(() => caseSource({ beneficiaryId }), [beneficiaryId]);
  const { problem, busy, write } = useWrite(() => {
    setBeneficiaryId(null);
    setCaseId(null);
    setRound((r) => r + 1);
    reload();
  });
  const issues = issuesAt(problem, ['beneficiaryId', ...(beneficiaryId ? ['caseId'] : [])]);
  return (
    <form
      className="form form-inline"
      data-testid="book-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (beneficiaryId) void write('POST', `/api/movements/${movementId}/passengers`, { beneficiaryId, caseId });
      }}
    >
      <h3>{t('ops.manifest.book')}</h3>
      <RecordPicker
        key={`person-${round}`}
        label={t('ops.manifest.beneficiaryId')}
        name="beneficiaryId"
        source={personSource}
        value={beneficiaryId}
        onChange={(id) => {
          setBeneficiaryId(id);
          setCaseId(null);
        }}
        required
        issues={issues.at('beneficiaryId')}
      />
      {beneficiaryId && (
        <RecordPicker
          key={`case-${beneficiaryId}`}
          label={t('ops.manifest.caseId')}
          name="caseId"
          source={cases}
          value={caseId}
          onChange={setCaseId}
          issues={issues.at('caseId')}
        />
      )}
      <OpsProblem problem={problem} shown={issues.shown} />
      <button className="button primary" type="submit" disabled={busy || !beneficiaryId}>
        {t('ops.manifest.bookIt')}
      </button>
    </form>
  );
}

/** Changes a leg before it departs (If-Match with the leg's version; only the fields changed are sent). */
function LegEditForm({ movementId, leg, onDone }: { movementId: string; leg: Leg; onDone: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<LegDraft>(() => draftOf(leg));
  const { problem, busy, write } = useWrite(onDone);
  const issues = issuesAt(problem, LEG_FIELDS);
  return (
    <form
      className="form"
      data-testid="leg-form"
      onSubmit={(e) => {
        e.preventDefault();
        const changes = legChanges(leg, draft);
        if (Object.keys(changes).length === 0) onDone();
        else void write('PATCH', `/api/movements/${movementId}/legs/${leg.id}`, changes, `"v${leg.version}"`);
      }}
    >
      <fieldset>
        <legend>
          {t('ops.movements.editLeg')} {leg.seq}
        </legend>
        <LegFields value={draft} onChange={setDraft} prefix={`leg${leg.seq}-`} issues={issues.at} />
      </fieldset>
      <OpsProblem problem={problem} shown={issues.shown} labels={legLabels(t)} />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.movements.saveLeg')}
      </button>{' '}
      <button className="button secondary" type="button" onClick={onDone}>
        {t('ops.movements.cancelEdit')}
      </button>
    </form>
  );
}

/**
 * Adds a leg at the end of the movement (a connection, the onward journey): it starts where the last leg arrives, by
 * the same mode; the server checks it departs after that arrival and holds the passengers already booked.
 */
function AddLegForm({ movementId, last, onDone }: { movementId: string; last: Leg | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<LegDraft>(() =>
    last
      ? {
          ...EMPTY_LEG,
          mode: last.mode,
          fromPlace: last.toPlace,
          fromCountry: last.toCountry,
          capacity: String(last.capacity),
        }
      : EMPTY_LEG,
  );
  const { problem, busy, write } = useWrite(onDone);
  const issues = issuesAt(problem, LEG_FIELDS);
  const seq = (last?.seq ?? 0) + 1;
  return (
    <form
      className="form"
      data-testid="add-leg-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write('POST', `/api/movements/${movementId}/legs`, legBody(draft));
      }}
    >
      <fieldset>
        <legend>
          {t('ops.movements.newLeg')} {seq}
        </legend>
        <LegFields value={draft} onChange={setDraft} prefix="new-leg-" issues={issues.at} />
      </fieldset>
      <OpsProblem problem={problem} shown={issues.shown} labels={legLabels(t)} />
      <button className="button primary" type="submit" disabled={busy} data-testid="add-leg-save">
        {t('ops.movements.saveLeg')}
      </button>{' '}
      <button className="button secondary" type="button" onClick={onDone}>
        {t('ops.movements.cancelEdit')}
      </button>
    </form>
  );
}

/** One movement: legs and seats, status, and (for operations officers and supervisors) the manifest. */
export function MovementPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const roles = session.user.roles;
  const manage = canUse(roles, 'movementsManage');
  const movement = useResource<Movement>(`/api/movements/${id}`);
  const manifest = useResource<Manifest>(manage ? `/api/movements/${id}/manifest` : null);
  const status = useWrite(movement.reload);
  const [exported, setExported] = useState<string | null>(null);
  const [exportProblem, setExportProblem] = useState<Problem | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const reloadAll = () => {
    movement.reload();
    manifest.reload();
  };
  if (movement.status === 'error') return <FormStatus problem={movement.problem} />;
  if (!movement.data) return <Loading />;
  const m = movement.data;
  const open = m.status === 'planned' || m.status === 'in_progress';
  const exportAs = async (format: 'pdf' | 'csv' | 'xlsx') => {
    setExported(null);
    setExportProblem(null);
    const p = await downloadExport(`/api/movements/${m.id}/manifest/export`, { format }, `manifest.${format}`);
    if (p) setExportProblem(p);
    else setExported(t('ops.manifest.exported'));
  };
  return (
    <>
      <PageHeading title={m.reference}>
        <bdi dir="ltr">{m.reference}</bdi> · {t(`ops.movements.types.${m.type}`)}
      </PageHeading>
      <p data-testid="movement-status">
        {t('ops.movements.status')}
        {t('common.colon')} {t(`ops.movements.statuses.${m.status}`)}
      </p>
      <h2>{t('ops.movements.legs')}</h2>
      <ol data-testid="legs">
        {m.legs.map((l) => (
          <li key={`${l.id}-${l.version}`} data-testid="leg">
            {t(`ops.movements.modes.${l.mode}`)} · <bdi>{l.carrier}</bdi> <bdi dir="ltr">{l.serviceNumber ?? ''}</bdi> ·{' '}
            <bdi>{l.fromPlace}</bdi> ({formatDateTime(l.departsAt, i18n.language, { utc: true })}){' '}
            {t('common.arrowForward')} <bdi>{l.toPlace}</bdi> (
            {formatDateTime(l.arrivesAt, i18n.language, { utc: true })}) ·{' '}
            <span data-testid="leg-seats">{seatsText(t, i18n.language, l.booked, l.capacity)}</span>
            {manage && open && editing !== l.id && legChangeable(m, l) && (
              <>
                {' '}
                <button
                  className="button secondary small"
                  type="button"
                  data-testid="edit-leg"
                  onClick={() => setEditing(l.id)}
                >
                  {t('ops.movements.editLeg')}
                </button>
              </>
            )}
            {editing === l.id && (
              <LegEditForm
                movementId={m.id}
                leg={l}
                onDone={() => {
                  setEditing(null);
                  movement.reload();
                }}
              />
            )}
          </li>
        ))}
      </ol>
      {manage && open && !adding && (
        <p>
          <button className="button secondary" type="button" data-testid="add-leg" onClick={() => setAdding(true)}>
            {t('ops.movements.addLeg')}
          </button>
        </p>
      )}
      {manage && open && adding && (
        <AddLegForm
          movementId={m.id}
          last={m.legs.at(-1)}
          onDone={() => {
            setAdding(false);
            reloadAll();
          }}
        />
      )}
      {manage && (
        <p>
          {m.status === 'planned' && (
            <button
              className="button secondary"
              type="button"
              onClick={() => void status.write('POST', `/api/movements/${m.id}/status`, { status: 'in_progress' })}
            >
              {t('ops.movements.start')}
            </button>
          )}
          {m.status === 'in_progress' && (
            <button
              className="button secondary"
              type="button"
              onClick={() => void status.write('POST', `/api/movements/${m.id}/status`, { status: 'completed' })}
            >
              {t('ops.movements.complete')}
            </button>
          )}
          <OpsProblem problem={status.problem} />
        </p>
      )}
      {manage && (
        <section aria-labelledby="manifest-h">
          <h2 id="manifest-h">{t('ops.manifest.title')}</h2>
          <p className="hint">{t('ops.manifest.audited')}</p>
          <p className="button-row">
            {(['pdf', 'csv', 'xlsx'] as const).map((f) => (
              <button
                className="button secondary"
                key={f}
                type="button"
                data-testid={`export-${f}`}
                onClick={() => void exportAs(f)}
              >
                {t('ops.manifest.export')} {f.toUpperCase()}
              </button>
            ))}
          </p>
          <Notice message={exported} />
          <FormStatus problem={exportProblem} />
          {manifest.status === 'error' && <FormStatus problem={manifest.problem} />}
          {manifest.data && manifest.data.items.length === 0 && <p>{t('ops.manifest.empty')}</p>}
          {m.status === 'planned' && manifest.data && manifest.data.items.length > 0 && (
            <p className="hint" data-testid="start-first">
              {t('ops.manifest.startFirst')}
            </p>
          )}
          {manifest.data && manifest.data.items.length > 0 && (
            <div className="table-wrap">
              <table data-testid="manifest-table">
                <thead>
                  <tr>
                    <th scope="col">{t('ops.manifest.name')}</th>
                    <th scope="col">{t('ops.manifest.nationality')}</th>
                    <th scope="col">{t('ops.manifest.document')}</th>
                    <th scope="col">{t('ops.manifest.fit')}</th>
                    <th scope="col">{t('ops.manifest.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {manifest.data.items.map((x) => (
                    <PassengerRow
                      key={`${x.id}-${x.version}-${x.reception?.status ?? ''}`}
                      x={x}
                      manage={manage}
                      hasPartner={m.receptionOrganisationId !== null}
                      movementStatus={m.status}
                      reload={reloadAll}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {takesBookings(m) && <BookForm movementId={m.id} reload={reloadAll} />}
        </section>
      )}
    </>
  );
}
