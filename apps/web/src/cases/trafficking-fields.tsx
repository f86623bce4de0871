import { useTranslation } from 'react-i18next';
import type { FieldIssues } from '../api/problem.ts';
import { TextField } from '../components/fields.tsx';
import { FieldGroup } from '../components/form-fields.tsx';
import { CountrySelect } from '../places/country-fields.tsx';
import { CodeCheckboxes, CodeSelect } from '../vocabularies/code-fields.tsx';
import type { Vocabularies } from '../vocabularies/use-vocabularies.ts';
import type { Props } from './case-form-fields.tsx';
import type { TraffickingEventValues, TraffickingValues } from './case-form-values.ts';

/** HTCDS 2.0 fields of a trafficking case, with the rules that show a field only when it applies. */
export function TraffickingFields({ values, onChange, issues, vocab }: Props<TraffickingValues>) {
  const { t } = useTranslation();
  const set = <K extends keyof TraffickingValues>(key: K, value: TraffickingValues[K]) =>
    onChange({ ...values, [key]: value });
  const decided = values.traffickingStatus !== '' && values.traffickingStatus !== 'PossibleVictimOfTrafficking';
  return (
    <>
      <p className="hint">{t('caseForm.htcdsNote')}</p>
      <div className="field-row">
        <CodeSelect
          vocab={vocab}
          vocabulary="htcds.trafficking_status"
          label={t('caseForm.traffickingStatus')}
          name="traffickingStatus"
          required
          value={values.traffickingStatus}
          onChange={(v) => set('traffickingStatus', v)}
          issues={issues['form.traffickingStatus']}
        />
        <CodeSelect
          vocab={vocab}
          vocabulary="htcds.status_decision_body"
          label={t('caseForm.statusDecidedBy')}
          hint={decided ? t('caseForm.statusDecidedByRequired') : t('caseForm.statusDecidedByHint')}
          name="statusDecidedBy"
          required={decided}
          emptyLabel={t('common.notRecorded')}
          value={values.statusDecidedBy}
          onChange={(v) => set('statusDecidedBy', v)}
          issues={issues['form.statusDecidedBy']}
        />
      </div>
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="htcds.exploitation_type"
        label={t('caseForm.exploitationTypes')}
        hint={t('caseForm.severalAllowed')}
        name="exploitationTypes"
        value={values.exploitationTypes}
        onChange={(v) => set('exploitationTypes', v)}
        issues={issues['form.exploitationTypes']}
      />
      {values.exploitationTypes.includes('ForcedLabour') && (
        <CodeSelect
          vocab={vocab}
          vocabulary="htcds.forced_labour_industry"
          label={t('caseForm.forcedLabourIndustry')}
          hint={t('caseForm.forcedLabourIndustryHint')}
          name="forcedLabourIndustry"
          emptyLabel={t('common.notRecorded')}
          value={values.forcedLabourIndustry}
          onChange={(v) => set('forcedLabourIndustry', v)}
          issues={issues['form.forcedLabourIndustry']}
        />
      )}
      {values.exploitationTypes.includes('SexualExploitation') && (
        <CodeCheckboxes
          vocab={vocab}
          vocabulary="htcds.sexual_exploitation_type"
          label={t('caseForm.sexualExploitationTypes')}
          name="sexualExploitationTypes"
          value={values.sexualExploitationTypes}
          onChange={(v) => set('sexualExploitationTypes', v)}
          issues={issues['form.sexualExploitationTypes']}
        />
      )}
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="htcds.method_of_control"
        label={t('caseForm.methodsOfControl')}
        name="methodsOfControl"
        value={values.methodsOfControl}
        onChange={(v) => set('methodsOfControl', v)}
        issues={issues['form.methodsOfControl']}
      />
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="htcds.recruitment_method"
        label={t('caseForm.recruitmentMethods')}
        name="recruitmentMethods"
        value={values.recruitmentMethods}
        onChange={(v) => set('recruitmentMethods', v)}
        issues={issues['form.recruitmentMethods']}
      />
      <div className="field-row">
        <CodeSelect
          vocab={vocab}
          vocabulary="htcds.trafficker_relationship"
          label={t('caseForm.relationshipToTrafficker')}
          name="relationshipToTrafficker"
          emptyLabel={t('common.notRecorded')}
          value={values.relationshipToTrafficker}
          onChange={(v) => set('relationshipToTrafficker', v)}
          issues={issues['form.relationshipToTrafficker']}
        />
        <TextField
          label={t('caseForm.ageWhenTrafficked')}
          name="ageWhenTrafficked"
          type="number"
          inputMode="numeric"
          min={0}
          max={120}
          className="short-field"
          value={values.ageWhenTrafficked}
          onChange={(v) => set('ageWhenTrafficked', v)}
          issues={issues['form.ageWhenTrafficked']}
        />
      </div>
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="htcds.perpetrator_role"
        label={t('caseForm.perpetratorRoles')}
        name="perpetratorRoles"
        value={values.perpetratorRoles}
        onChange={(v) => set('perpetratorRoles', v)}
        issues={issues['form.perpetratorRoles']}
      />
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="htcds.vulnerability"
        label={t('caseForm.vulnerabilities')}
        name="vulnerabilities"
        value={values.vulnerabilities}
        onChange={(v) => set('vulnerabilities', v)}
        issues={issues['form.vulnerabilities']}
      />
      <TraffickingEvents
        events={values.traffickingEvents}
        onChange={(v) => set('traffickingEvents', v)}
        issues={issues}
        vocab={vocab}
      />
    </>
  );
}

function TraffickingEvents({
  events,
  onChange,
  issues,
  vocab,
}: {
  events: TraffickingEventValues[];
  onChange: (events: TraffickingEventValues[]) => void;
  issues: FieldIssues;
  vocab: Vocabularies;
}) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<TraffickingEventValues>) =>
    onChange(events.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  return (
    <FieldGroup legend={t('caseForm.traffickingEvents')} testId="trafficking-events">
      <p className="hint">{t('caseForm.traffickingEventsHint')}</p>
      {events.map((e, i) => {
        const at = `form.traffickingEvents.${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: positions in a short list the person edits
          <div className="field-row document-row" key={i}>
            <CodeSelect
              vocab={vocab}
              vocabulary="htcds.trafficking_event_type"
              label={t('caseForm.eventStage')}
              name={`traffickingEvents.${i}.stage`}
              required
              value={e.stage}
              onChange={(stage) => update(i, { stage })}
              issues={issues[`${at}.stage`]}
            />
            <CountrySelect
              label={t('caseForm.eventCountry')}
              name={`traffickingEvents.${i}.country`}
              value={e.country}
              onChange={(country) => update(i, { country })}
              issues={issues[`${at}.country`]}
            />
            <TextField
              label={t('caseForm.eventPlace')}
              name={`traffickingEvents.${i}.place`}
              dir="auto"
              maxLength={200}
              value={e.place}
              onChange={(place) => update(i, { place })}
              issues={issues[`${at}.place`]}
            />
            <TextField
              label={t('caseForm.eventDate')}
              name={`traffickingEvents.${i}.date`}
              type="date"
              value={e.date}
              onChange={(date) => update(i, { date })}
              issues={issues[`${at}.date`]}
            />
            <div className="row-action">
              <button
                type="button"
                className="button secondary small"
                onClick={() => onChange(events.filter((_, j) => j !== i))}
              >
                {t('caseForm.removeEvent')}
              </button>
            </div>
          </div>
        );
      })}
      <p>
        <button
          type="button"
          className="button secondary small"
          onClick={() => onChange([...events, { stage: '', country: '', place: '', date: '' }])}
        >
          {t('caseForm.addEvent')}
        </button>
      </p>
    </FieldGroup>
  );
}
