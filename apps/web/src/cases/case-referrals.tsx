import {
  type Case,
  type ConsentLedger,
  CreateReferral,
  type Referral,
  type ReferralSummary,
  referralReference,
} from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, TextField } from '../components/fields.tsx';
import { RadioGroup, TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDate } from '../i18n/format.ts';
import { ProblemWithBasis } from '../protection/basis-problem.tsx';
import { OrganisationName } from '../protection/names.tsx';
import { PartnerSelect } from '../protection/partner-select.tsx';
import { type PartnerGroup, usePartnerOptions, usePartners } from '../protection/partners.ts';
import { useAction } from '../protection/use-action.ts';
import { PartnerIntakeNotice } from '../referrals/referral-intake.tsx';
import { ReferralStatusBadge } from '../referrals/referral-status.tsx';
import { CodeSelect } from '../vocabularies/code-fields.tsx';
import type { Vocabularies } from '../vocabularies/use-vocabularies.ts';

type Page = { items: ReferralSummary[]; next: string | null };

/** The referrals sent from this case, with their status and outcome, and the form to refer. */
export function CaseReferrals({ kase, closed, vocab }: { kase: Case; closed: boolean; vocab: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const list = useResource<Page>(`/api/referrals/outbox${query({ caseId: kase.id, limit: 200 })}`);
  return (
    <section id="case-referrals" aria-labelledby="case-referrals-title" className="panel">
      <h2 id="case-referrals-title">{t('referrals.title')}</h2>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="muted">{t('referrals.noneFromCase')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="case-referral-list">
            <thead>
              <tr>
                <th scope="col">{t('referrals.reference')}</th>
                <th scope="col">{t('referrals.to')}</th>
                <th scope="col">{t('referrals.service')}</th>
                <th scope="col">{t('referrals.status')}</th>
                <th scope="col">{t('referrals.sentAt')}</th>
                <th scope="col">{t('referrals.dueOn')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} data-testid="referral-row" data-status={r.status}>
                  <td>
                    <span dir="ltr" data-testid="referral-row-reference">
                      {referralReference(r.id)}
                    </span>
                  </td>
                  <td>
                    <OrganisationName id={r.toOrganisationId} />
                  </td>
                  <td>
                    {r.serviceType ? vocab.label('corridor.service_type', r.serviceType) : t('referrals.wholeCase')}
                  </td>
                  <td>
                    <ReferralStatusBadge status={r.status} overdue={r.overdue} />
                  </td>
                  <td>{formatDate(r.sentAt, i18n.language)}</td>
                  <td>{r.dueOn ? formatCalendarDate(r.dueOn, i18n.language) : '—'}</td>
                  <td>
                    <Link to={`/referrals/${r.id}`} data-testid="open-referral">
                      {t('referrals.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!closed && kase.person && (
        <ReferForm caseId={kase.id} personId={kase.person.id} vocab={vocab} onSent={list.reload} />
      )}
    </section>
  );
}

type Values = {
  toOrganisationId: string;
  scope: 'service' | 'case';
  serviceType: string;
  reason: string;
  message: string;
  dueOn: string;
};

function ReferForm({
  caseId,
  personId,
  vocab,
  onSent,
}: {
  caseId: string;
  personId: string;
  vocab: Vocabularies;
  onSent: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { organisation } = useSignedIn();
  // Partners the person agreed (or another basis allows) to be referred to come first: the natural recipients.
  // Every other partner follows, marked as needing that basis first (the server refuses the referral without it).
  const ledger = useResource<ConsentLedger>(`/api/beneficiaries/${personId}/consents`);
  const partners = usePartners();
  const partnerOptions = usePartnerOptions(partners);
  // Only organisations with caseworkers take referrals (not a recruitment agency or a certifying body), and only while
  // they have not paused them: the others are not offered, whatever a consent names (the server refuses them too).
  const takes = (id: string) => partners.find(id)?.takesReferrals !== false;
  const allowed = new Map<string, string>();
  // Bases recorded for organisations that take no referrals now (paused, or nobody there works cases).
  let notTaking = 0;
  for (const s of ledger.data?.current ?? []) {
    if (s.purpose !== 'referral' || s.status !== 'granted' || !s.recipientOrganisationId) continue;
    if (takes(s.recipientOrganisationId)) allowed.set(s.recipientOrganisationId, s.since);
    else notTaking++;
  }
  const recipients: PartnerGroup[] = [
    {
      label: t('referrals.withBasis'),
      options: [...allowed].map(([id, since]) => {
        const o = partnerOptions.option(id);
        return {
          ...o,
          label: t('referrals.grantedRecipient', { organisation: o.label, date: formatDate(since, i18n.language) }),
        };
      }),
    },
    {
      label: t('referrals.withoutBasis'),
      options: partnerOptions.byName(
        partners.items.filter((p) => p.id !== organisation.id && !allowed.has(p.id) && p.takesReferrals),
      ),
    },
  ];
  const empty = (): Values => ({
    toOrganisationId: '',
    scope: 'service',
    serviceType: '',
    reason: 'AdditionalServicesRequired',
    message: '',
    dueOn: '',
  });
  const [values, setValues] = useState(empty);
  const action = useAction();
  const [sent, setSent] = useState<string | null>(null);
  const { byField, rest } = splitIssues(action.problem, [
    'toOrganisationId',
    'serviceType',
    'reason',
    'message',
    'dueOn',
  ]);
  const needsBasis = values.toOrganisationId !== '' && ledger.data !== null && !allowed.has(values.toOrganisationId);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(null);
    const done = await action.run<Referral>('POST', `/api/cases/${caseId}/referrals`, {
      body: {
        toOrganisationId: values.toOrganisationId,
        serviceType: values.scope === 'case' ? null : values.serviceType || undefined,
        reason: values.reason,
        message: values.message.trim() || null,
        dueOn: values.dueOn || null,
      },
      schema: CreateReferral,
      creates: true,
    });
    if (done) {
      setSent(done.id);
      setValues(empty());
      onSent();
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form" data-testid="refer-form">
      <h3>{t('referrals.referTitle')}</h3>
      <p>{t('referrals.referIntro')}</p>
      <ProblemWithBasis problem={action.problem} rest={rest} personId={personId} purpose="referral" />
      <Notice message={sent ? t('referrals.sent') : null} />
      {sent && (
        <p>
          <Link to={`/referrals/${sent}`}>{t('referrals.openSent')}</Link>
        </p>
      )}
      <PartnerSelect
        label={t('referrals.recipient')}
        hint={
          ledger.data && allowed.size === 0
            ? notTaking > 0
              ? t('referrals.intake.basisButNotTaking')
              : t('referrals.noGrantedRecipient')
            : t('referrals.recipientHint')
        }
        name="toOrganisationId"
        required
        value={values.toOrganisationId}
        onChange={(toOrganisationId) => setValues({ ...values, toOrganisationId })}
        groups={recipients}
        current={values.toOrganisationId ? partnerOptions.option(values.toOrganisationId) : null}
        empty={t('common.choose')}
        partners={partners}
        issues={byField.toOrganisationId}
      />
      {needsBasis && (
        <p className="notice" data-testid="refer-needs-basis">
          {t('referrals.needsBasis')} <Link to={`/people/${personId}#consent`}>{t('basis.link')}</Link>
        </p>
      )}
      <RadioGroup
        label={t('referrals.scope')}
        name="scope"
        inline
        value={values.scope}
        onChange={(scope) => setValues({ ...values, scope })}
        options={[
          { value: 'service', label: t('referrals.oneService') },
          { value: 'case', label: t('referrals.wholeCase') },
        ]}
      />
      {values.scope === 'service' && (
        <CodeSelect
          vocab={vocab}
          vocabulary="corridor.service_type"
          label={t('referrals.service')}
          name="serviceType"
          required
          value={values.serviceType}
          onChange={(serviceType) => setValues({ ...values, serviceType })}
          issues={byField.serviceType}
        />
      )}
      <PartnerIntakeNotice
        partner={values.toOrganisationId ? partners.find(values.toOrganisationId) : undefined}
        wanted={values.scope === 'case' ? 'case_management' : values.serviceType}
        vocab={vocab}
      />
      <CodeSelect
        vocab={vocab}
        vocabulary="htcds.referral_reason"
        label={t('referrals.reason')}
        name="reason"
        required
        value={values.reason}
        onChange={(reason) => setValues({ ...values, reason })}
        issues={byField.reason}
      />
      <TextAreaField
        label={t('referrals.message')}
        hint={t('referrals.messageHint')}
        name="message"
        maxLength={2000}
        value={values.message}
        onChange={(message) => setValues({ ...values, message })}
        issues={byField.message}
      />
      <TextField
        label={t('referrals.dueOn')}
        hint={t('referrals.dueOnHint')}
        name="dueOn"
        type="date"
        value={values.dueOn}
        onChange={(dueOn) => setValues({ ...values, dueOn })}
        issues={byField.dueOn}
      />
      <p className="hint">{t('referrals.sharedHint')}</p>
      <FormActions>
        <button type="submit" className="button primary" disabled={action.busy} data-testid="refer-submit">
          {t('referrals.send')}
        </button>
      </FormActions>
    </form>
  );
}
