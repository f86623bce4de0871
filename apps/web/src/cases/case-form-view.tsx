import type { CaseForm } from '@corridor/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';
import { OrganisationName } from '../protection/names.tsx';
import type { VocabularyId } from '../vocabularies/labels-en.ts';
import type { Vocabularies } from '../vocabularies/use-vocabularies.ts';

/** A case form, read: every recorded field with its label; unrecorded fields say so. */
export function CaseFormView({ form, vocab }: { form: CaseForm; vocab: Vocabularies }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const none = t('common.notRecorded');
  const code = (vocabulary: VocabularyId, value: string | null) => (value ? vocab.label(vocabulary, value) : none);
  const codes = (vocabulary: VocabularyId, values: string[]) =>
    values.length ? values.map((v) => vocab.label(vocabulary, v)).join(t('common.separator')) : none;
  const date = (value: string | null) => (value ? formatCalendarDate(value, lng) : none);
  const country = (value: string | null) => (value ? countryName(value, lng) : none);
  const text = (value: string | null) =>
    value ? (
      <span className="free-text" dir="auto">
        {value}
      </span>
    ) : (
      none
    );
  const yesNo = (value: boolean | null) => (value === null ? none : value ? t('common.yes') : t('common.no'));

  const rows: [string, ReactNode][] = [];
  switch (form.type) {
    case 'protection':
      rows.push(
        [t('caseForm.situation'), t(`caseForm.situations.${form.situation}`)],
        [t('caseForm.vulnerabilities'), codes('htcds.vulnerability', form.vulnerabilities)],
        [t('caseForm.needs'), codes('corridor.service_type', form.needs)],
        [t('caseForm.circumstances'), text(form.circumstances)],
      );
      break;
    case 'trafficking':
      rows.push(
        [t('caseForm.traffickingStatus'), code('htcds.trafficking_status', form.traffickingStatus)],
        [t('caseForm.statusDecidedBy'), code('htcds.status_decision_body', form.statusDecidedBy)],
        [t('caseForm.exploitationTypes'), codes('htcds.exploitation_type', form.exploitationTypes)],
      );
      if (form.exploitationTypes.includes('ForcedLabour')) {
        rows.push([
          t('caseForm.forcedLabourIndustry'),
          code('htcds.forced_labour_industry', form.forcedLabourIndustry),
        ]);
      }
      if (form.exploitationTypes.includes('SexualExploitation')) {
        rows.push([
          t('caseForm.sexualExploitationTypes'),
          codes('htcds.sexual_exploitation_type', form.sexualExploitationTypes),
        ]);
      }
      rows.push(
        [t('caseForm.methodsOfControl'), codes('htcds.method_of_control', form.methodsOfControl)],
        [t('caseForm.recruitmentMethods'), codes('htcds.recruitment_method', form.recruitmentMethods)],
        [t('caseForm.relationshipToTrafficker'), code('htcds.trafficker_relationship', form.relationshipToTrafficker)],
        [t('caseForm.perpetratorRoles'), codes('htcds.perpetrator_role', form.perpetratorRoles)],
        [t('caseForm.vulnerabilities'), codes('htcds.vulnerability', form.vulnerabilities)],
        [
          t('caseForm.ageWhenTrafficked'),
          form.ageWhenTrafficked === null ? none : new Intl.NumberFormat(lng).format(form.ageWhenTrafficked),
        ],
        [
          t('caseForm.traffickingEvents'),
          form.traffickingEvents.length === 0 ? (
            none
          ) : (
            <ol className="plain-list" key="events">
              {form.traffickingEvents.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; their order is their identity
                <li key={i}>
                  {vocab.label('htcds.trafficking_event_type', e.stage)}
                  {[
                    e.country ? countryName(e.country, lng) : null,
                    e.place,
                    e.date ? formatCalendarDate(e.date, lng) : null,
                  ]
                    .filter(Boolean)
                    .map((part) => ` · ${part}`)}
                </li>
              ))}
            </ol>
          ),
        ],
      );
      break;
    case 'child':
      rows.push(
        [t('caseForm.separation'), t(`caseForm.separations.${form.separation}`)],
        [
          t('caseForm.guardian'),
          <>
            {t(`caseForm.guardianKinds.${form.guardian.kind}`)}
            {t('common.colon')} <bdi>{form.guardian.name}</bdi>
            {form.guardian.relationship && <> ({form.guardian.relationship})</>}
            {form.guardian.phone && (
              <div dir="ltr" className="inline-ltr">
                {form.guardian.phone}
              </div>
            )}
            {form.guardian.organisationId && (
              <div>
                <OrganisationName id={form.guardian.organisationId} />
              </div>
            )}
          </>,
        ],
        [t('caseForm.careArrangement'), text(form.careArrangement)],
        [t('caseForm.familyTracing'), yesNo(form.familyTracing)],
      );
      break;
    case 'gbv':
      rows.push(
        [t('caseForm.coreType'), code('gbvims.core_type', form.coreType)],
        [t('caseForm.contexts'), codes('gbvims.context', form.contexts)],
        [t('caseForm.incidentDate'), date(form.incidentDate)],
        [
          t('caseForm.incidentPlace'),
          <>
            {country(form.incidentCountry)}
            {form.incidentPcode && (
              <span dir="ltr" className="muted">
                {' '}
                {form.incidentPcode}
              </span>
            )}
          </>,
        ],
        [t('caseForm.reportedElsewhere'), yesNo(form.reportedElsewhere)],
      );
      break;
    case 'avrr':
      rows.push(
        [t('caseForm.countryOfReturn'), country(form.countryOfReturn)],
        [t('caseForm.preDepartureCounsellingOn'), date(form.preDepartureCounsellingOn)],
        [t('caseForm.fitToTravel'), t(`caseForm.fit.${form.fitToTravel}`)],
        [t('caseForm.fitToTravelCheckedOn'), date(form.fitToTravelCheckedOn)],
        [t('caseForm.plannedDepartureOn'), date(form.plannedDepartureOn)],
        [t('caseForm.reintegrationNeeds'), codes('corridor.service_type', form.reintegrationNeeds)],
      );
      break;
  }
  return (
    <dl className="facts" data-testid="case-form-view">
      {rows.map(([label, value]) => (
        <div className="fact" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
