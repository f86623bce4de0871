import {
  CHILD_ASSENT,
  type ChildAssent,
  CONSENT_PURPOSES,
  type ConsentAction,
  type ConsentEvent,
  type ConsentLedger,
  type ConsentPurpose,
  type ConsentState,
  LEGAL_BASES,
  type LegalBasis,
  type Problem,
  RecordConsent,
} from '@corridor/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../admin/idempotency.ts';
import { validate } from '../admin/validate.ts';
import { api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { RadioGroup, TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import { OrganisationName, useStaff } from '../protection/names.tsx';
import { PartnerSelect } from '../protection/partner-select.tsx';
import { usePartnerOptions, usePartners } from '../protection/partners.ts';

type ConsentValues = {
  action: ConsentAction;
  purpose: ConsentPurpose | '';
  recipientOrganisationId: string;
  basis: LegalBasis | '';
  informationGiven: string;
  childAssent: ChildAssent | '';
  expiresOn: string;
};

const EMPTY: ConsentValues = {
  action: 'grant',
  purpose: '',
  recipientOrganisationId: '',
  basis: '',
  informationGiven: '',
  childAssent: '',
  expiresOn: '',
};

const FIELDS = [
  'action',
  'purpose',
  'recipientOrganisationId',
  'basis',
  'informationGiven',
  'childAssent',
  'expiresAt',
];

/**
 * What can be withdrawn: the purposes with a grant in force and, for referrals, the organisations it names. The server
 * refuses the withdrawal of anything else (409 invalid_transition), so the form offers nothing else.
 */
export function withdrawable(states: readonly ConsentState[]): {
  purposes: ConsentPurpose[];
  recipients: Set<string>;
} {
  const granted = states.filter((s) => s.status === 'granted');
  return {
    purposes: CONSENT_PURPOSES.filter((p) => granted.some((s) => s.purpose === p)),
    recipients: new Set(
      granted.flatMap((s) =>
        s.purpose === 'referral' && s.recipientOrganisationId ? [s.recipientOrganisationId] : [],
      ),
    ),
  };
}

/**
 * What the page says once an event is recorded. A withdrawal says what follows from it only where something does at
 * once: partners lose access to the referrals it covered, the person's records leave the statistics.
 */
export function recordedMessage(
  action: ConsentAction,
  purpose: ConsentPurpose | '',
): 'consent.granted' | 'consent.withdrawn' | 'consent.withdrawnReferral' | 'consent.withdrawnStatistics' {
  if (action === 'grant') return 'consent.granted';
  return purpose === 'referral'
    ? 'consent.withdrawnReferral'
    : purpose === 'statistics'
      ? 'consent.withdrawnStatistics'
      : 'consent.withdrawn';
}

/**
 * The consent panel (SECURITY.md D2, D3): the current basis per purpose and recipient, the full history of the
 * append-only ledger, and a form to grant or withdraw. Withdrawing is a new event, never an edit.
 */
export function ConsentPanel({ beneficiaryId, age }: { beneficiaryId: string; age: number | null }) {
  const { t } = useTranslation();
  const ledger = useResource<ConsentLedger>(`/api/beneficiaries/${beneficiaryId}/consents`);
  const [preset, setPreset] = useState<{ values: ConsentValues; n: number }>({ values: EMPTY, n: 0 });
  const formRef = useRef<HTMLDivElement>(null);

  const withdraw = (state: ConsentState) => {
    setPreset((p) => ({
      n: p.n + 1,
      values: {
        ...EMPTY,
        action: 'withdraw',
        purpose: state.purpose,
        recipientOrganisationId: state.recipientOrganisationId ?? '',
        basis: state.basis,
      },
    }));
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('select, input, textarea')?.focus());
  };

  return (
    <section id="consent" aria-labelledby="consent-title" data-testid="consent-panel" className="panel">
      <h2 id="consent-title">{t('consent.title')}</h2>
      <p>{t('consent.intro')}</p>
      {ledger.status === 'error' && <FormStatus problem={ledger.problem} />}
      {!ledger.data && ledger.status === 'loading' && <Loading />}
      {ledger.data && (
        <>
          <CurrentState states={ledger.data.current} onWithdraw={withdraw} />
          <div ref={formRef}>
            <RecordConsentForm
              key={preset.n}
              beneficiaryId={beneficiaryId}
              initial={preset.values}
              age={age}
              states={ledger.data.current}
              onRecorded={ledger.reload}
            />
          </div>
          <ConsentHistory events={ledger.data.events} />
        </>
      )}
    </section>
  );
}

function statusBadge(status: ConsentState['status']): string {
  return status === 'granted' ? 'badge ok-badge' : status === 'withdrawn' ? 'badge danger-badge' : 'badge muted-badge';
}

function CurrentState({ states, onWithdraw }: { states: ConsentState[]; onWithdraw: (s: ConsentState) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h3>{t('consent.currentTitle')}</h3>
      {states.length === 0 ? (
        <p className="notice" data-testid="consent-empty">
          {t('consent.noneYet')}
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('consent.purpose')}</th>
                <th scope="col">{t('consent.recipient')}</th>
                <th scope="col">{t('consent.status')}</th>
                <th scope="col">{t('consent.basis')}</th>
                <th scope="col">{t('consent.since')}</th>
                <th scope="col">{t('consent.expires')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {states.map((s) => (
                <tr
                  key={`${s.purpose}-${s.recipientOrganisationId ?? ''}`}
                  data-testid="consent-state"
                  data-purpose={s.purpose}
                  data-status={s.status}
                  data-recipient={s.recipientOrganisationId ?? ''}
                >
                  <td>{t(`purposes.${s.purpose}`)}</td>
                  <td>{s.recipientOrganisationId ? <OrganisationName id={s.recipientOrganisationId} /> : '—'}</td>
                  <td>
                    <span className={statusBadge(s.status)}>{t(`consentStatuses.${s.status}`)}</span>
                  </td>
                  <td>{t(`bases.${s.basis}`)}</td>
                  <td>
                    <time dateTime={s.since}>{formatDate(s.since, i18n.language)}</time>
                  </td>
                  <td>{s.expiresAt ? formatDate(s.expiresAt, i18n.language) : '—'}</td>
                  <td>
                    {s.status === 'granted' && (
                      <button
                        type="button"
                        className="button secondary small"
                        onClick={() => onWithdraw(s)}
                        data-testid="consent-withdraw"
                      >
                        {t('consent.withdraw')}
                        <span className="visually-hidden"> {t(`purposes.${s.purpose}`)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function RecordConsentForm({
  beneficiaryId,
  initial,
  age,
  states,
  onRecorded,
}: {
  beneficiaryId: string;
  initial: ConsentValues;
  age: number | null;
  states: readonly ConsentState[];
  onRecorded: () => void;
}) {
  const { t } = useTranslation();
  const { organisation } = useSignedIn();
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const idempotency = useIdempotencyKey();
  const { byField, rest } = splitIssues(problem, FIELDS);
  const set = <K extends keyof ConsentValues>(key: K, value: ConsentValues[K]) =>
    setValues({ ...values, [key]: value });
  const granting = values.action === 'grant';
  const child = age !== null && age < 18;
  // The data may go to any other organisation on the platform.
  const partners = usePartners();
  const partnerOptions = usePartnerOptions(partners);
  const recipients = partnerOptions.byCountry(partners.items.filter((p) => p.id !== organisation.id));
  // A withdrawal is offered only for what is granted now: its purposes, and the organisations of its referrals.
  const inForce = withdrawable(states);
  const purposes = granting ? CONSENT_PURPOSES : inForce.purposes;
  const withdrawnRecipients = recipients
    .map((g) => ({ ...g, options: g.options.filter((o) => inForce.recipients.has(o.value)) }))
    .filter((g) => g.options.length > 0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNotice(null);
    const body: Record<string, unknown> = { purpose: values.purpose, basis: values.basis, action: values.action };
    if (values.purpose === 'referral') body.recipientOrganisationId = values.recipientOrganisationId.trim();
    if (values.informationGiven.trim()) body.informationGiven = values.informationGiven.trim();
    if (granting && values.childAssent) body.childAssent = values.childAssent;
    // A grant lapses at the end of the chosen day, in the caseworker's time zone.
    if (granting && values.expiresOn) body.expiresAt = new Date(`${values.expiresOn}T23:59:59`).toISOString();
    const checked = validate(RecordConsent, body);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api<ConsentEvent>('POST', `/api/beneficiaries/${beneficiaryId}/consents`, {
        body: checked.data,
        idempotencyKey: idempotency.keyFor(checked.data),
      });
      idempotency.reset();
      setNotice(t(recordedMessage(values.action, values.purpose)));
      setValues(EMPTY);
      onRecorded();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h3 id="consent-form-title">{t('consent.recordTitle')}</h3>
      <form
        onSubmit={submit}
        noValidate
        className="form"
        data-testid="consent-form"
        aria-labelledby="consent-form-title"
      >
        <FormStatus problem={problem} rest={rest} />
        <Notice message={notice} />
        <RadioGroup
          label={t('consent.action')}
          name="action"
          inline
          value={values.action}
          onChange={(action) =>
            setValues({
              ...values,
              action,
              expiresOn: '',
              childAssent: '',
              // (What is chosen stays only when it can be withdrawn.)
              ...(action === 'withdraw' && values.purpose && !inForce.purposes.includes(values.purpose)
                ? { purpose: '' }
                : {}),
              ...(action === 'withdraw' && !inForce.recipients.has(values.recipientOrganisationId)
                ? { recipientOrganisationId: '' }
                : {}),
            })
          }
          hint={inForce.purposes.length === 0 ? t('consent.nothingToWithdraw') : undefined}
          options={[
            { value: 'grant', label: t('consentActions.grant') },
            ...(inForce.purposes.length > 0 || !granting
              ? [{ value: 'withdraw' as const, label: t('consentActions.withdraw') }]
              : []),
          ]}
          issues={byField.action}
        />
        <SelectField
          label={t('consent.purpose')}
          name="purpose"
          required
          value={values.purpose}
          onChange={(v) => set('purpose', v as ConsentValues['purpose'])}
          options={[
            { value: '', label: t('common.choose') },
            ...purposes.map((p) => ({ value: p, label: t(`purposes.${p}`) })),
          ]}
          hint={values.purpose ? t(`purposeHints.${values.purpose}`) : undefined}
          issues={byField.purpose}
        />
        {values.purpose === 'referral' && (
          <PartnerSelect
            label={t('consent.recipientOrganisation')}
            name="recipientOrganisationId"
            required
            value={values.recipientOrganisationId}
            onChange={(v) => set('recipientOrganisationId', v)}
            groups={granting ? recipients : withdrawnRecipients}
            current={values.recipientOrganisationId ? partnerOptions.option(values.recipientOrganisationId) : null}
            empty={t('common.choose')}
            partners={partners}
            issues={byField.recipientOrganisationId}
          />
        )}
        <SelectField
          label={t('consent.basis')}
          name="basis"
          required
          value={values.basis}
          onChange={(v) => set('basis', v as ConsentValues['basis'])}
          options={[
            { value: '', label: t('common.choose') },
            ...LEGAL_BASES.map((b) => ({ value: b, label: t(`bases.${b}`) })),
          ]}
          hint={values.basis ? t(`basisHints.${values.basis}`) : t('consent.basisHint')}
          issues={byField.basis}
        />
        <TextAreaField
          label={t('consent.informationGiven')}
          hint={
            granting && values.basis === 'consent'
              ? t('consent.informationGivenRequired')
              : t('consent.informationGivenHint')
          }
          name="informationGiven"
          maxLength={4000}
          required={granting && values.basis === 'consent'}
          value={values.informationGiven}
          onChange={(v) => set('informationGiven', v)}
          issues={byField.informationGiven}
        />
        {granting && (
          <SelectField
            label={t('consent.childAssent')}
            hint={
              values.basis === 'consent' && values.childAssent === 'refused'
                ? t('consent.childRefuses')
                : child
                  ? t('consent.childAssentRequired', { age })
                  : age === null
                    ? t('consent.childAssentUnknownAge')
                    : t('consent.childAssentAdult')
            }
            name="childAssent"
            required={child}
            value={values.childAssent}
            onChange={(v) => set('childAssent', v as ConsentValues['childAssent'])}
            options={[
              { value: '', label: child ? t('common.choose') : t('common.notRecorded') },
              ...CHILD_ASSENT.map((a) => ({ value: a, label: t(`childAssent.${a}`) })),
            ]}
            issues={byField.childAssent}
          />
        )}
        {granting && (
          <TextField
            label={t('consent.expiresOn')}
            hint={t('consent.expiresOnHint')}
            name="expiresOn"
            type="date"
            value={values.expiresOn}
            onChange={(v) => set('expiresOn', v)}
            issues={byField.expiresAt}
          />
        )}
        <FormActions>
          <button
            type="submit"
            className={granting ? 'button primary' : 'button danger'}
            disabled={busy}
            data-testid="consent-submit"
          >
            {granting ? t('consent.recordGrant') : t('consent.recordWithdrawal')}
          </button>
        </FormActions>
      </form>
    </>
  );
}

/** The consent and legal-basis ledger, newest first (the consent panel, and the readable copy of a person's data). */
export function ConsentHistory({ events, title }: { events: readonly ConsentEvent[]; title?: string }) {
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const newestFirst = [...events].reverse();
  return (
    <>
      <h3>{title ?? t('consent.historyTitle')}</h3>
      {events.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="consent-history">
            <caption className="visually-hidden">{t('consent.historyCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('consent.recordedAt')}</th>
                <th scope="col">{t('consent.action')}</th>
                <th scope="col">{t('consent.purpose')}</th>
                <th scope="col">{t('consent.recipient')}</th>
                <th scope="col">{t('consent.basis')}</th>
                <th scope="col">{t('consent.informationGiven')}</th>
                <th scope="col">{t('consent.childAssent')}</th>
                <th scope="col">{t('consent.recordedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((e) => (
                <tr key={e.id} data-testid="consent-event">
                  <td>
                    <time dateTime={e.recordedAt}>{formatDateTime(e.recordedAt, i18n.language)}</time>
                    {e.expiresAt && (
                      <div className="muted small-text">
                        {t('consent.expiresAt', { date: formatDate(e.expiresAt, i18n.language) })}
                      </div>
                    )}
                  </td>
                  <td>
                    <span className={e.action === 'grant' ? 'badge ok-badge' : 'badge danger-badge'}>
                      {t(`consentActions.${e.action}`)}
                    </span>
                  </td>
                  <td>{t(`purposes.${e.purpose}`)}</td>
                  <td>{e.recipientOrganisationId ? <OrganisationName id={e.recipientOrganisationId} /> : '—'}</td>
                  <td>{t(`bases.${e.basis}`)}</td>
                  <td className="free-text" dir="auto">
                    {e.informationGiven ?? '—'}
                  </td>
                  <td>{e.childAssent ? t(`childAssent.${e.childAssent}`) : '—'}</td>
                  <td>
                    <bdi>{staff.label(e.recordedBy)}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
