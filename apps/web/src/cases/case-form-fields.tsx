import { useTranslation } from 'react-i18next';
import type { FieldIssue, FieldIssues } from '../api/problem.ts';
import { SelectField, TextField } from '../components/fields.tsx';
import { CheckField, FieldGroup, RadioGroup, TextAreaField } from '../components/form-fields.tsx';
import { CountrySelect } from '../places/country-fields.tsx';
import { PcodeField } from '../places/pcode-field.tsx';
import { PartnerSelect } from '../protection/partner-select.tsx';
import { usePartnerOptions, usePartners } from '../protection/partners.ts';
import { CodeCheckboxes, CodeRadios } from '../vocabularies/code-fields.tsx';
import type { Vocabularies } from '../vocabularies/use-vocabularies.ts';
import type {
  AvrrValues,
  CaseFormValues,
  ChildValues,
  FitToTravel,
  GbvValues,
  ProtectionValues,
} from './case-form-values.ts';
import { TraffickingFields } from './trafficking-fields.tsx';

/** The props every type's fields take. */
export type Props<V> = { values: V; onChange: (values: V) => void; issues: FieldIssues; vocab: Vocabularies };

/** The fields of a case form, for its type: HTCDS for trafficking, GBVIMS for GBV, Corridor's own otherwise. */
export function CaseFormFields({ values, onChange, issues, vocab }: Props<CaseFormValues>) {
  switch (values.type) {
    case 'protection':
      return <ProtectionFields values={values} onChange={onChange} issues={issues} vocab={vocab} />;
    case 'trafficking':
      return <TraffickingFields values={values} onChange={onChange} issues={issues} vocab={vocab} />;
    case 'child':
      return <ChildFields values={values} onChange={onChange} issues={issues} vocab={vocab} />;
    case 'gbv':
      return <GbvFields values={values} onChange={onChange} issues={issues} vocab={vocab} />;
    case 'avrr':
      return <AvrrFields values={values} onChange={onChange} issues={issues} vocab={vocab} />;
  }
}

function ProtectionFields({ values, onChange, issues, vocab }: Props<ProtectionValues>) {
  const { t } = useTranslation();
  return (
    <>
      <RadioGroup
        label={t('caseForm.situation')}
        name="situation"
        required
        value={values.situation}
        onChange={(situation) => onChange({ ...values, situation })}
        options={[
          {
            value: 'stranded',
            label: t('caseForm.situations.stranded'),
            description: t('caseForm.situations.strandedHint'),
          },
          {
            value: 'vulnerable',
            label: t('caseForm.situations.vulnerable'),
            description: t('caseForm.situations.vulnerableHint'),
          },
        ]}
        issues={issues['form.situation']}
      />
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="htcds.vulnerability"
        label={t('caseForm.vulnerabilities')}
        name="vulnerabilities"
        value={values.vulnerabilities}
        onChange={(vulnerabilities) => onChange({ ...values, vulnerabilities })}
        issues={issues['form.vulnerabilities']}
      />
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="corridor.service_type"
        label={t('caseForm.needs')}
        name="needs"
        value={values.needs}
        onChange={(needs) => onChange({ ...values, needs })}
        issues={issues['form.needs']}
      />
      <TextAreaField
        label={t('caseForm.circumstances')}
        hint={t('caseForm.circumstancesHint')}
        name="circumstances"
        maxLength={4000}
        rows={4}
        value={values.circumstances}
        onChange={(circumstances) => onChange({ ...values, circumstances })}
        issues={issues['form.circumstances']}
      />
    </>
  );
}

function ChildFields({ values, onChange, issues }: Props<ChildValues>) {
  const { t } = useTranslation();
  const guardian = values.guardian;
  const setGuardian = (patch: Partial<ChildValues['guardian']>) =>
    onChange({ ...values, guardian: { ...guardian, ...patch } });
  return (
    <>
      <RadioGroup
        label={t('caseForm.separation')}
        name="separation"
        required
        value={values.separation}
        onChange={(separation) => onChange({ ...values, separation })}
        options={[
          {
            value: 'unaccompanied',
            label: t('caseForm.separations.unaccompanied'),
            description: t('caseForm.separations.unaccompaniedHint'),
          },
          {
            value: 'separated',
            label: t('caseForm.separations.separated'),
            description: t('caseForm.separations.separatedHint'),
          },
        ]}
        issues={issues['form.separation']}
      />
      <FieldGroup legend={t('caseForm.guardian')} testId="guardian">
        <p className="hint">{t('caseForm.guardianHint')}</p>
        <RadioGroup
          label={t('caseForm.guardianKind')}
          name="guardian.kind"
          inline
          value={guardian.kind}
          onChange={(kind) => setGuardian({ kind })}
          options={[
            { value: 'guardian', label: t('caseForm.guardianKinds.guardian') },
            { value: 'focal_point', label: t('caseForm.guardianKinds.focal_point') },
          ]}
          issues={issues['form.guardian.kind']}
        />
        <div className="field-row">
          <TextField
            label={t('caseForm.guardianName')}
            name="guardian.name"
            required
            dir="auto"
            autoComplete="off"
            maxLength={200}
            value={guardian.name}
            onChange={(name) => setGuardian({ name })}
            issues={issues['form.guardian.name']}
          />
          <TextField
            label={t('caseForm.guardianRelationship')}
            hint={t('caseForm.guardianRelationshipHint')}
            name="guardian.relationship"
            maxLength={100}
            value={guardian.relationship}
            onChange={(relationship) => setGuardian({ relationship })}
            issues={issues['form.guardian.relationship']}
          />
        </div>
        <div className="field-row">
          <TextField
            label={t('caseForm.guardianPhone')}
            name="guardian.phone"
            type="tel"
            dir="ltr"
            autoComplete="off"
            maxLength={50}
            value={guardian.phone}
            onChange={(phone) => setGuardian({ phone })}
            issues={issues['form.guardian.phone']}
          />
          {guardian.kind === 'focal_point' && (
            <GuardianOrganisation
              value={guardian.organisationId}
              onChange={(organisationId) => setGuardian({ organisationId })}
              issues={issues['form.guardian.organisationId']}
            />
          )}
        </div>
      </FieldGroup>
      <TextAreaField
        label={t('caseForm.careArrangement')}
        hint={t('caseForm.careArrangementHint')}
        name="careArrangement"
        maxLength={1000}
        value={values.careArrangement}
        onChange={(careArrangement) => onChange({ ...values, careArrangement })}
        issues={issues['form.careArrangement']}
      />
      <CheckField
        label={t('caseForm.familyTracing')}
        name="familyTracing"
        checked={values.familyTracing}
        onChange={(familyTracing) => onChange({ ...values, familyTracing })}
        issues={issues['form.familyTracing']}
      />
      <p className="hint">{t('caseForm.bestInterestNote')}</p>
    </>
  );
}

function GbvFields({ values, onChange, issues, vocab }: Props<GbvValues>) {
  const { t } = useTranslation();
  return (
    <>
      <CodeRadios
        vocab={vocab}
        vocabulary="gbvims.core_type"
        label={t('caseForm.coreType')}
        hint={t('caseForm.coreTypeHint')}
        name="coreType"
        required
        value={values.coreType}
        onChange={(coreType) => onChange({ ...values, coreType })}
        issues={issues['form.coreType']}
      />
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="gbvims.context"
        label={t('caseForm.contexts')}
        hint={t('caseForm.contextsHint')}
        name="contexts"
        value={values.contexts}
        onChange={(contexts) => onChange({ ...values, contexts })}
        issues={issues['form.contexts']}
      />
      <div className="field-row">
        <TextField
          label={t('caseForm.incidentDate')}
          name="incidentDate"
          type="date"
          value={values.incidentDate}
          onChange={(incidentDate) => onChange({ ...values, incidentDate })}
          issues={issues['form.incidentDate']}
        />
        <CountrySelect
          label={t('caseForm.incidentCountry')}
          name="incidentCountry"
          value={values.incidentCountry}
          onChange={(incidentCountry) => onChange({ ...values, incidentCountry })}
          issues={issues['form.incidentCountry']}
        />
        <PcodeField
          label={t('caseForm.incidentPcode')}
          hint={t('people.pcodeHint')}
          name="incidentPcode"
          country={values.incidentCountry}
          maxLength={17}
          value={values.incidentPcode}
          onChange={(incidentPcode) => onChange({ ...values, incidentPcode })}
          issues={issues['form.incidentPcode']}
        />
      </div>
      <SelectField
        label={t('caseForm.reportedElsewhere')}
        name="reportedElsewhere"
        value={values.reportedElsewhere}
        onChange={(v) => onChange({ ...values, reportedElsewhere: v as GbvValues['reportedElsewhere'] })}
        options={[
          { value: '', label: t('common.notRecorded') },
          { value: 'yes', label: t('common.yes') },
          { value: 'no', label: t('common.no') },
        ]}
        issues={issues['form.reportedElsewhere']}
      />
    </>
  );
}

const FIT: FitToTravel[] = ['pending', 'fit', 'fit_with_escort', 'unfit'];

function AvrrFields({ values, onChange, issues, vocab }: Props<AvrrValues>) {
  const { t } = useTranslation();
  return (
    <>
      <CountrySelect
        label={t('caseForm.countryOfReturn')}
        name="countryOfReturn"
        required
        emptyLabel={t('common.choose')}
        value={values.countryOfReturn}
        onChange={(countryOfReturn) => onChange({ ...values, countryOfReturn })}
        issues={issues['form.countryOfReturn']}
      />
      <div className="field-row">
        <TextField
          label={t('caseForm.preDepartureCounsellingOn')}
          name="preDepartureCounsellingOn"
          type="date"
          value={values.preDepartureCounsellingOn}
          onChange={(v) => onChange({ ...values, preDepartureCounsellingOn: v })}
          issues={issues['form.preDepartureCounsellingOn']}
        />
        <TextField
          label={t('caseForm.plannedDepartureOn')}
          name="plannedDepartureOn"
          type="date"
          value={values.plannedDepartureOn}
          onChange={(v) => onChange({ ...values, plannedDepartureOn: v })}
          issues={issues['form.plannedDepartureOn']}
        />
      </div>
      <div className="field-row">
        <SelectField
          label={t('caseForm.fitToTravel')}
          name="fitToTravel"
          value={values.fitToTravel}
          onChange={(v) => onChange({ ...values, fitToTravel: v as FitToTravel })}
          options={FIT.map((f) => ({ value: f, label: t(`caseForm.fit.${f}`) }))}
          issues={issues['form.fitToTravel']}
        />
        <TextField
          label={t('caseForm.fitToTravelCheckedOn')}
          name="fitToTravelCheckedOn"
          type="date"
          value={values.fitToTravelCheckedOn}
          onChange={(v) => onChange({ ...values, fitToTravelCheckedOn: v })}
          issues={issues['form.fitToTravelCheckedOn']}
        />
      </div>
      <CodeCheckboxes
        vocab={vocab}
        vocabulary="corridor.service_type"
        label={t('caseForm.reintegrationNeeds')}
        name="reintegrationNeeds"
        value={values.reintegrationNeeds}
        onChange={(reintegrationNeeds) => onChange({ ...values, reintegrationNeeds })}
        issues={issues['form.reintegrationNeeds']}
      />
    </>
  );
}

/** A focal point's organisation, when it is on Corridor: any organisation of the directory, the caller's included. */
function GuardianOrganisation({
  value,
  onChange,
  issues,
}: {
  value: string;
  onChange: (value: string) => void;
  issues: FieldIssue[] | undefined;
}) {
  const { t } = useTranslation();
  const partners = usePartners();
  const partnerOptions = usePartnerOptions(partners);
  return (
    <PartnerSelect
      label={t('caseForm.guardianOrganisation')}
      hint={t('caseForm.guardianOrganisationHint')}
      name="guardian.organisationId"
      value={value}
      onChange={onChange}
      groups={partnerOptions.byCountry(partners.items)}
      current={value ? partnerOptions.option(value) : null}
      empty={t('partners.notOnCorridor')}
      partners={partners}
      issues={issues}
    />
  );
}
