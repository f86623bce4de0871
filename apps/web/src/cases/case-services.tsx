import { CreateService, type PlanItem, type Service } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { Disclosure, RadioGroup, TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatMoney } from '../i18n/format.ts';
import { MoneyFields, today, toMinorUnits } from '../protection/money.tsx';
import { OrganisationName } from '../protection/names.tsx';
import { PartnerSelect } from '../protection/partner-select.tsx';
import { usePartnerOptions, usePartners } from '../protection/partners.ts';
import { useAction } from '../protection/use-action.ts';
import { CodeSelect } from '../vocabularies/code-fields.tsx';
import type { Vocabularies } from '../vocabularies/use-vocabularies.ts';

type ServiceRow = z.infer<typeof Service>;
type PlanItemRow = z.infer<typeof PlanItem>;

type Values = {
  serviceType: string;
  deliveredOn: string;
  provider: 'own' | 'other';
  providerOrganisationId: string;
  planItemId: string;
  amount: string;
  currency: string;
  description: string;
};

const empty = (): Values => ({
  serviceType: '',
  deliveredOn: today(),
  provider: 'own',
  providerOrganisationId: '',
  planItemId: '',
  amount: '',
  currency: '',
  description: '',
});

/** Services delivered on the case, by the organisation or a partner (those under a referral are marked). */
export function Services({ caseId, closed, vocab }: { caseId: string; closed: boolean; vocab: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const { organisation } = useSignedIn();
  const list = useResource<{ items: ServiceRow[] }>(`/api/cases/${caseId}/services`);
  const plan = useResource<{ items: PlanItemRow[] }>(closed ? null : `/api/cases/${caseId}/plan-items`);
  const [values, setValues] = useState(empty);
  const partners = usePartners();
  const partnerOptions = usePartnerOptions(partners);
  const providers = partnerOptions.byCountry(partners.items.filter((p) => p.id !== organisation.id));
  const action = useAction();
  const { byField, rest } = splitIssues(action.problem, [
    'serviceType',
    'deliveredOn',
    'providerOrganisationId',
    'planItemId',
    'valueMinor',
    'currency',
    'description',
  ]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      serviceType: values.serviceType || undefined,
      deliveredOn: values.deliveredOn,
      planItemId: values.planItemId || null,
      valueMinor: toMinorUnits(values.amount, values.currency, i18n.language),
      currency: values.currency || null,
      description: values.description.trim() || null,
    };
    if (values.provider === 'other') body.providerOrganisationId = values.providerOrganisationId;
    const done = await action.run<ServiceRow>('POST', `/api/cases/${caseId}/services`, {
      body,
      schema: CreateService,
      creates: true,
      done: t('records.serviceRecorded'),
    });
    if (done) {
      setValues(empty());
      list.reload();
    }
  };

  return (
    <section id="case-services" aria-labelledby="services-title" className="panel">
      <h2 id="services-title">{t('records.services')}</h2>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="muted">{t('records.noServices')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="service-list">
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
              {list.data.items.map((s) => (
                <tr key={s.id} data-testid="case-service">
                  <td>
                    {vocab.label('corridor.service_type', s.serviceType)}
                    {s.referralId && <span className="badge">{t('records.viaReferral')}</span>}
                  </td>
                  <td>{formatCalendarDate(s.deliveredOn, i18n.language)}</td>
                  <td>
                    <OrganisationName id={s.providerOrganisationId} />
                  </td>
                  <td>
                    {s.valueMinor !== null && s.currency ? formatMoney(s.valueMinor, s.currency, i18n.language) : '—'}
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
      {!closed && (
        <Disclosure summary={t('records.addService')} testId="add-service">
          <form onSubmit={submit} noValidate className="form" data-testid="service-form">
            <FormStatus problem={action.problem} rest={rest} />
            <Notice message={action.notice} />
            <CodeSelect
              vocab={vocab}
              vocabulary="corridor.service_type"
              label={t('records.serviceType')}
              name="serviceType"
              required
              value={values.serviceType}
              onChange={(serviceType) => setValues({ ...values, serviceType })}
              issues={byField.serviceType}
            />
            <TextField
              label={t('records.deliveredOn')}
              name="deliveredOn"
              type="date"
              required
              max={today()}
              value={values.deliveredOn}
              onChange={(deliveredOn) => setValues({ ...values, deliveredOn })}
              issues={byField.deliveredOn}
            />
            <RadioGroup
              label={t('records.provider')}
              name="provider"
              value={values.provider}
              onChange={(provider) => setValues({ ...values, provider })}
              options={[
                { value: 'own', label: organisation.name },
                { value: 'other', label: t('records.otherProvider') },
              ]}
            />
            {values.provider === 'other' && (
              <PartnerSelect
                label={t('records.providerOrganisation')}
                name="providerOrganisationId"
                required
                value={values.providerOrganisationId}
                onChange={(providerOrganisationId) => setValues({ ...values, providerOrganisationId })}
                groups={providers}
                current={values.providerOrganisationId ? partnerOptions.option(values.providerOrganisationId) : null}
                empty={t('common.choose')}
                partners={partners}
                issues={byField.providerOrganisationId}
              />
            )}
            {plan.data && plan.data.items.length > 0 && (
              <SelectField
                label={t('records.planItem')}
                name="planItemId"
                value={values.planItemId}
                onChange={(planItemId) => setValues({ ...values, planItemId })}
                options={[
                  { value: '', label: t('records.noPlanItem') },
                  ...plan.data.items.map((p) => ({
                    value: p.id,
                    label: `${vocab.label('htcds.support_plan_type', p.planType)}${t('common.colon')} ${p.description.slice(0, 60)}`,
                  })),
                ]}
                issues={byField.planItemId}
              />
            )}
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
              <button type="submit" className="button secondary" disabled={action.busy}>
                {t('records.recordService')}
              </button>
            </FormActions>
          </form>
        </Disclosure>
      )}
    </section>
  );
}
