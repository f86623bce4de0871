import {
  AssignReferral,
  CloseReferral,
  DeclineReferral,
  RecordReferralService,
  type Referral,
  referralReference,
} from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { AccessGrants } from '../cases/access-grants.tsx';
import { SENSITIVE_TYPES } from '../cases/case-form-values.ts';
import { sensitiveAssignees } from '../cases/sensitive-staff.ts';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDateTime, formatMoney } from '../i18n/format.ts';
import { countryName, languageName } from '../places/countries.ts';
import { PlaceName } from '../places/pcode-field.tsx';
import { MoneyFields, today, toMinorUnits } from '../protection/money.tsx';
import { OrganisationName, PersonName, useStaff } from '../protection/names.tsx';
import { useAction } from '../protection/use-action.ts';
import { CodeSelect } from '../vocabularies/code-fields.tsx';
import { useVocabularies, type Vocabularies } from '../vocabularies/use-vocabularies.ts';
import { ReferralStatusBadge } from './referral-status.tsx';

/**
 * One referral. The receiver sees only the minimal data set that was shared and acts on it (accept or decline,
 * record services, close with an outcome); the sender follows its status, outcome and services.
 */
export function ReferralPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const referral = useResource<Referral>(`/api/referrals/${encodeURIComponent(id)}`);
  const vocab = useVocabularies();
  const r = referral.data;
  const lng = i18n.language;
  const incoming = r?.direction === 'incoming';
  const update = (next: Referral) => referral.replace(next, null);
  const { user } = useSignedIn();
  // supervisors and administrators assign a received (sensitive) referral and let colleagues in; only case staff
  // answer and work on it
  const manager = canUse(user.roles, 'manageReferrals');
  const caseStaff = canUse(user.roles, 'protection');
  const open = r ? r.status === 'sent' || r.status === 'accepted' || r.status === 'service_delivered' : false;
  // The short reference the notices about it give (R- and the start of its id), made where the server makes it.
  const reference = r ? referralReference(r.id) : null;
  const kind = incoming ? t('referrals.receivedTitle') : t('referrals.sentTitle');

  return (
    <>
      <p className="breadcrumb">
        <Link to={incoming ? '/referrals' : '/referrals?box=outbox'}>{t('referrals.title')}</Link>
      </p>
      <PageHeading
        title={reference ? `${reference} · ${kind}` : t('referrals.referralTitle')}
        testId="referral-heading"
      >
        {reference ? (
          <>
            <span dir="ltr" data-testid="referral-reference">
              {reference}
            </span>{' '}
            <span className="heading-sub">{kind}</span>
          </>
        ) : (
          t('referrals.referralTitle')
        )}
      </PageHeading>
      {referral.status === 'error' && <FormStatus problem={referral.problem} />}
      {!r && referral.status === 'loading' && <Loading />}
      {r && (
        <>
          <p>
            <ReferralStatusBadge status={r.status} overdue={r.overdue} />
          </p>
          {r.status === 'revoked' && (
            <p className="notice warning" data-testid="referral-revoked">
              {t('referrals.revokedText')}
            </p>
          )}
          <dl className="facts" data-testid="referral-facts">
            <dt>{incoming ? t('referrals.from') : t('referrals.to')}</dt>
            <dd>
              <OrganisationName id={incoming ? r.fromOrganisationId : r.toOrganisationId} />
            </dd>
            {!incoming && r.caseId && (
              <>
                <dt>{t('referrals.case')}</dt>
                <dd>
                  <Link to={`/cases/${r.caseId}`}>{t('referrals.openCase')}</Link>
                </dd>
              </>
            )}
            {incoming && (
              <>
                <dt>{t('referrals.assignedTo')}</dt>
                <dd data-testid="referral-assignee">
                  {r.assignedTo ? <StaffLabel id={r.assignedTo} /> : t('referrals.unassigned')}
                </dd>
              </>
            )}
            <dt>{t('referrals.caseType')}</dt>
            <dd>{vocab.label('corridor.case_type', r.sharedData.caseType)}</dd>
            <dt>{t('referrals.service')}</dt>
            <dd>{r.serviceType ? vocab.label('corridor.service_type', r.serviceType) : t('referrals.wholeCase')}</dd>
            <dt>{t('referrals.reason')}</dt>
            <dd>{vocab.label('htcds.referral_reason', r.reason)}</dd>
            <dt>{t('referrals.message')}</dt>
            <dd className="free-text" dir="auto">
              {r.message ?? (r.restricted ? <i>{t('referrals.messageWithheld')}</i> : '—')}
            </dd>
            <dt>{t('referrals.sentAt')}</dt>
            <dd>{formatDateTime(r.sentAt, lng)}</dd>
            <dt>{t('referrals.dueOn')}</dt>
            <dd>{r.dueOn ? formatCalendarDate(r.dueOn, lng) : '—'}</dd>
            {r.respondedAt && (
              <>
                <dt>{t('referrals.respondedAt')}</dt>
                <dd>{formatDateTime(r.respondedAt, lng)}</dd>
              </>
            )}
            {r.declineReason && (
              <>
                <dt>{t('referrals.declineReason')}</dt>
                <dd className="free-text" dir="auto" data-testid="referral-decline-reason">
                  {r.declineReason}
                </dd>
              </>
            )}
            {r.outcome && (
              <>
                <dt>{t('referrals.outcome')}</dt>
                <dd className="free-text" dir="auto" data-testid="referral-outcome">
                  {r.outcome}
                </dd>
              </>
            )}
            {r.closedAt && (
              <>
                <dt>{t('referrals.closedAt')}</dt>
                <dd>{formatDateTime(r.closedAt, lng)}</dd>
              </>
            )}
          </dl>

          {r.restricted ? (
            <p className="notice restricted" data-testid="referral-restricted">
              {caseStaff ? t('referrals.restrictedText') : t('referrals.restrictedTextManager')}
            </p>
          ) : (
            <SharedData referral={r} />
          )}

          <section aria-labelledby="referral-services-title" className="panel">
            <h2 id="referral-services-title">{t('referrals.servicesTitle')}</h2>
            {r.services.length === 0 ? (
              <p className="muted">{t('referrals.noServices')}</p>
            ) : (
              <div className="table-wrap">
                <table data-testid="referral-services">
                  <thead>
                    <tr>
                      <th scope="col">{t('records.serviceType')}</th>
                      <th scope="col">{t('records.deliveredOn')}</th>
                      <th scope="col">{t('records.provider')}</th>
                      <th scope="col">{t('money.value')}</th>
                      <th scope="col">{t('records.description')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.services.map((s) => (
                      <tr key={s.id} data-testid="referral-service">
                        <td>{vocab.label('corridor.service_type', s.serviceType)}</td>
                        <td>{formatCalendarDate(s.deliveredOn, lng)}</td>
                        <td>
                          <OrganisationName id={s.providerOrganisationId} />
                        </td>
                        <td>
                          {s.valueMinor !== null && s.currency ? formatMoney(s.valueMinor, s.currency, lng) : '—'}
                        </td>
                        <td className="free-text" dir="auto">
                          {s.description ?? '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {incoming && manager && open && <AssignForm referral={r} onChanged={update} onConflict={referral.reload} />}
          {incoming && manager && (SENSITIVE_TYPES as readonly string[]).includes(r.sharedData.caseType) && (
            <section className="panel">
              <AccessGrants
                base={`/api/referrals/${r.id}`}
                text={t('referrals.accessText')}
                testId="referral-access"
                heading="h2"
              />
            </section>
          )}
          {incoming && caseStaff && (
            <ReceiverActions referral={r} vocab={vocab} onChanged={update} onConflict={referral.reload} />
          )}
        </>
      )}
    </>
  );
}

/** A colleague's name (supervisors know their colleagues; others see "you" or a short id). */
function StaffLabel({ id }: { id: string }) {
  return <>{useStaff().label(id)}</>;
}

/**
 * The receiving supervisor (or, for a sensitive referral, administrator) assigns or reassigns the referral to a
 * caseworker of the organisation: for a sensitive referral that person alone then sees the person and records
 * services.
 */
function AssignForm({
  referral,
  onChanged,
  onConflict,
}: {
  referral: Referral;
  onChanged: (r: Referral) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  const staff = useStaff();
  const action = useAction();
  const [userId, setUserId] = useState(referral.assignedTo ?? '');
  // A sensitive referral goes to case staff other than a caller who is no caseworker (the server's rule).
  const sensitive = (SENSITIVE_TYPES as readonly string[]).includes(referral.sharedData.caseType);
  const candidates = sensitive
    ? sensitiveAssignees(staff.assignable, user, referral.assignedTo)
    : { users: staff.assignable, selfLeftOut: false };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const r = await action.run<Referral>('POST', `/api/referrals/${referral.id}/assignment`, {
      body: { userId },
      schema: AssignReferral,
      version: referral.version,
      onConflict,
      done: t('referrals.assigned'),
    });
    if (r) onChanged(r);
  };
  return (
    <section aria-labelledby="referral-assign-title" className="panel">
      <h2 id="referral-assign-title">{t('referrals.assignTitle')}</h2>
      <p>{t('referrals.assignText')}</p>
      <form onSubmit={submit} noValidate className="form" data-testid="referral-assign">
        <FormStatus problem={action.problem} />
        <Notice message={action.notice} />
        <SelectField
          label={t('referrals.assignTo')}
          name="userId"
          value={userId}
          onChange={setUserId}
          options={[
            ...(userId ? [] : [{ value: '', label: t('common.choose') }]),
            ...candidates.users.map((u) => ({ value: u.id, label: u.displayName })),
          ]}
          {...(candidates.selfLeftOut ? { hint: t('workflow.notSelfHint') } : {})}
        />
        <FormActions>
          <button
            type="submit"
            className="button secondary"
            disabled={action.busy || !userId}
            data-testid="referral-assign-submit"
          >
            {referral.assignedTo ? t('referrals.reassign') : t('referrals.assign')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}

function SharedData({ referral }: { referral: Referral }) {
  const { t, i18n } = useTranslation();
  const p = referral.sharedData.person;
  const lng = i18n.language;
  if (!p) return null;
  return (
    <section aria-labelledby="shared-title" className="panel" data-testid="referral-shared">
      <h2 id="shared-title">{t('referrals.sharedTitle')}</h2>
      <p className="hint">
        {referral.direction === 'incoming' ? t('referrals.sharedIncoming') : t('referrals.sharedOutgoing')}
      </p>
      <dl className="facts">
        <dt>{t('people.name')}</dt>
        <dd data-testid="referral-person">
          <PersonName nameOriginal={p.nameOriginal} nameLatin={p.nameLatin} />
        </dd>
        <dt>{t('people.sex')}</dt>
        <dd>{p.sex ? t(`sexes.${p.sex as 'female'}`, { defaultValue: p.sex }) : '—'}</dd>
        <dt>{t('referrals.yearOfBirth')}</dt>
        <dd>{p.yearOfBirth ?? '—'}</dd>
        <dt>{t('people.citizenships')}</dt>
        <dd>{p.citizenships.map((c) => countryName(c, lng)).join(t('common.separator')) || '—'}</dd>
        <dt>{t('people.languages')}</dt>
        <dd>{p.languages.map((c) => languageName(c, lng)).join(t('common.separator')) || '—'}</dd>
        <dt>{t('people.whereNow')}</dt>
        <dd>
          {p.country ? countryName(p.country, lng) : '—'}
          {p.pcode && (
            <span className="muted">
              {' '}
              <PlaceName country={p.country} pcode={p.pcode} />
            </span>
          )}
        </dd>
      </dl>
    </section>
  );
}

function ReceiverActions({
  referral,
  vocab,
  onChanged,
  onConflict,
}: {
  referral: Referral;
  vocab: Vocabularies;
  onChanged: (r: Referral) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const accept = useAction();
  if (referral.status === 'sent') {
    return (
      <section aria-labelledby="respond-title" className="panel" data-testid="referral-respond">
        <h2 id="respond-title">{t('referrals.respondTitle')}</h2>
        <p>{t('referrals.respondText')}</p>
        <div className="action-list">
          <div>
            <FormStatus problem={accept.problem} />
            <button
              type="button"
              className="button primary"
              disabled={accept.busy}
              data-testid="referral-accept"
              onClick={async () => {
                const r = await accept.run<Referral>('POST', `/api/referrals/${referral.id}/accept`, {
                  version: referral.version,
                  onConflict,
                });
                if (r) onChanged(r);
              }}
            >
              {t('referrals.accept')}
            </button>
          </div>
          <DeclineForm referral={referral} onChanged={onChanged} onConflict={onConflict} />
        </div>
      </section>
    );
  }
  if (referral.status === 'accepted' || referral.status === 'service_delivered') {
    // Services and the outcome concern the person: for a sensitive referral only its assigned caseworker gives them.
    if (referral.restricted)
      return (
        <p className="hint" data-testid="referral-assign-first">
          {t('referrals.restrictedActions')}
        </p>
      );
    return (
      <>
        <RecordServiceForm referral={referral} vocab={vocab} onChanged={onChanged} onConflict={onConflict} />
        <CloseForm referral={referral} onChanged={onChanged} onConflict={onConflict} />
      </>
    );
  }
  return null;
}

type FormProps = { referral: Referral; onChanged: (r: Referral) => void; onConflict: () => void };

function DeclineForm({ referral, onChanged, onConflict }: FormProps) {
  const { t } = useTranslation();
  const action = useAction();
  const [reason, setReason] = useState('');
  const { byField, rest } = splitIssues(action.problem, ['reason']);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const r = await action.run<Referral>('POST', `/api/referrals/${referral.id}/decline`, {
      body: { reason },
      schema: DeclineReferral,
      version: referral.version,
      onConflict,
    });
    if (r) onChanged(r);
  };
  return (
    <form onSubmit={submit} noValidate className="form" data-testid="referral-decline">
      <FormStatus problem={action.problem} rest={rest} />
      <TextAreaField
        label={t('referrals.declineReason')}
        hint={t('referrals.declineReasonHint')}
        name="reason"
        required
        maxLength={400}
        value={reason}
        onChange={setReason}
        issues={byField.reason}
      />
      <FormActions>
        <button type="submit" className="button danger" disabled={action.busy}>
          {t('referrals.decline')}
        </button>
      </FormActions>
    </form>
  );
}

function RecordServiceForm({ referral, vocab, onChanged, onConflict }: FormProps & { vocab: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const empty = () => ({
    serviceType: referral.serviceType ?? '',
    deliveredOn: today(),
    amount: '',
    currency: '',
    description: '',
  });
  const [values, setValues] = useState(empty);
  const { byField, rest } = splitIssues(action.problem, [
    'serviceType',
    'deliveredOn',
    'valueMinor',
    'currency',
    'description',
  ]);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const r = await action.run<Referral>('POST', `/api/referrals/${referral.id}/services`, {
      body: {
        serviceType: values.serviceType || undefined,
        deliveredOn: values.deliveredOn,
        valueMinor: toMinorUnits(values.amount, values.currency, i18n.language),
        currency: values.currency || null,
        description: values.description.trim() || null,
      },
      schema: RecordReferralService,
      creates: true,
      version: referral.version,
      onConflict,
      done: t('referrals.serviceRecorded'),
    });
    if (r) {
      setValues(empty());
      onChanged(r);
    }
  };
  return (
    <section aria-labelledby="referral-service-title" className="panel">
      <h2 id="referral-service-title">{t('referrals.recordServiceTitle')}</h2>
      <p>{t('referrals.recordServiceText')}</p>
      <form onSubmit={submit} noValidate className="form" data-testid="referral-service-form">
        <FormStatus problem={action.problem} rest={rest} />
        <Notice message={action.notice} />
        <CodeSelect
          vocab={vocab}
          vocabulary="corridor.service_type"
          label={t('records.serviceType')}
          hint={referral.serviceType ? t('referrals.oneServiceOnly') : undefined}
          name="serviceType"
          required
          disabled={referral.serviceType !== null}
          value={values.serviceType}
          onChange={(serviceType) => setValues({ ...values, serviceType })}
          issues={byField.serviceType}
        />
        <TextField
          label={t('records.deliveredOn')}
          name="deliveredOn"
          type="date"
          required
          // Delivered once the referral was sent and not in the future (the server refuses both).
          min={referral.sentAt.slice(0, 10)}
          max={today()}
          value={values.deliveredOn}
          onChange={(deliveredOn) => setValues({ ...values, deliveredOn })}
          issues={byField.deliveredOn}
        />
        <MoneyFields
          amount={values.amount}
          currency={values.currency}
          onChange={(m) => setValues({ ...values, ...m })}
          amountIssues={byField.valueMinor}
          currencyIssues={byField.currency}
        />
        <TextAreaField
          label={t('records.description')}
          name="description"
          maxLength={1000}
          value={values.description}
          onChange={(description) => setValues({ ...values, description })}
          issues={byField.description}
        />
        <FormActions>
          <button
            type="submit"
            className="button secondary"
            disabled={action.busy}
            data-testid="referral-service-submit"
          >
            {t('records.recordService')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}

function CloseForm({ referral, onChanged, onConflict }: FormProps) {
  const { t } = useTranslation();
  const action = useAction();
  const [outcome, setOutcome] = useState('');
  const { byField, rest } = splitIssues(action.problem, ['outcome']);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const r = await action.run<Referral>('POST', `/api/referrals/${referral.id}/close`, {
      body: { outcome },
      schema: CloseReferral,
      version: referral.version,
      onConflict,
    });
    if (r) onChanged(r);
  };
  return (
    <section aria-labelledby="referral-close-title" className="panel">
      <h2 id="referral-close-title">{t('referrals.closeTitle')}</h2>
      <p>{t('referrals.closeText')}</p>
      <form onSubmit={submit} noValidate className="form" data-testid="referral-close-form">
        <FormStatus problem={action.problem} rest={rest} />
        <TextAreaField
          label={t('referrals.outcome')}
          hint={t('referrals.outcomeHint')}
          name="outcome"
          required
          maxLength={1000}
          value={outcome}
          onChange={setOutcome}
          issues={byField.outcome}
        />
        <FormActions>
          <button type="submit" className="button primary" disabled={action.busy} data-testid="referral-close-submit">
            {t('referrals.close')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
