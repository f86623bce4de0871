import type { CaseForm, CaseType } from '@corridor/contracts';

// The case forms as the inputs hold them: '' stands for "not recorded" and numbers are typed as text; the API
// shape (nulls, numbers) is made only when sending, so a half-filled form never loses what was typed.

/** The five case types, in the order the new-case form offers them. */
export const CASE_TYPES: readonly CaseType[] = ['protection', 'trafficking', 'child', 'gbv', 'avrr'];

/** The case types whose records only staff on the case may read (docs/cases.md). */
export const SENSITIVE_TYPES: readonly CaseType[] = ['trafficking', 'child', 'gbv'];

export type TraffickingEventValues = { stage: string; country: string; place: string; date: string };

export type ProtectionValues = {
  type: 'protection';
  situation: 'stranded' | 'vulnerable' | '';
  vulnerabilities: string[];
  needs: string[];
  circumstances: string;
};

export type TraffickingValues = {
  type: 'trafficking';
  traffickingStatus: string;
  statusDecidedBy: string;
  exploitationTypes: string[];
  forcedLabourIndustry: string;
  sexualExploitationTypes: string[];
  methodsOfControl: string[];
  recruitmentMethods: string[];
  relationshipToTrafficker: string;
  perpetratorRoles: string[];
  vulnerabilities: string[];
  ageWhenTrafficked: string;
  traffickingEvents: TraffickingEventValues[];
};

export type GuardianValues = {
  kind: 'guardian' | 'focal_point';
  name: string;
  relationship: string;
  organisationId: string;
  phone: string;
};

export type ChildValues = {
  type: 'child';
  separation: 'unaccompanied' | 'separated' | '';
  guardian: GuardianValues;
  careArrangement: string;
  familyTracing: boolean;
};

export type GbvValues = {
  type: 'gbv';
  coreType: string;
  contexts: string[];
  incidentDate: string;
  incidentCountry: string;
  incidentPcode: string;
  reportedElsewhere: 'yes' | 'no' | '';
};

export type FitToTravel = 'pending' | 'fit' | 'fit_with_escort' | 'unfit';

export type AvrrValues = {
  type: 'avrr';
  countryOfReturn: string;
  preDepartureCounsellingOn: string;
  fitToTravel: FitToTravel;
  fitToTravelCheckedOn: string;
  plannedDepartureOn: string;
  reintegrationNeeds: string[];
};

/** A case form being edited. */
export type CaseFormValues = ProtectionValues | TraffickingValues | ChildValues | GbvValues | AvrrValues;

/** A blank form of the given type. */
export function emptyCaseForm(type: CaseType): CaseFormValues {
  switch (type) {
    case 'protection':
      return { type, situation: '', vulnerabilities: [], needs: [], circumstances: '' };
    case 'trafficking':
      return {
        type,
        traffickingStatus: '',
        statusDecidedBy: '',
        exploitationTypes: [],
        forcedLabourIndustry: '',
        sexualExploitationTypes: [],
        methodsOfControl: [],
        recruitmentMethods: [],
        relationshipToTrafficker: '',
        perpetratorRoles: [],
        vulnerabilities: [],
        ageWhenTrafficked: '',
        traffickingEvents: [],
      };
    case 'child':
      return {
        type,
        separation: '',
        guardian: { kind: 'guardian', name: '', relationship: '', organisationId: '', phone: '' },
        careArrangement: '',
        familyTracing: false,
      };
    case 'gbv':
      return {
        type,
        coreType: '',
        contexts: [],
        incidentDate: '',
        incidentCountry: '',
        incidentPcode: '',
        reportedElsewhere: '',
      };
    case 'avrr':
      return {
        type,
        countryOfReturn: '',
        preDepartureCounsellingOn: '',
        fitToTravel: 'pending',
        fitToTravelCheckedOn: '',
        plannedDepartureOn: '',
        reintegrationNeeds: [],
      };
  }
}

const s = (v: string | null | undefined): string => v ?? '';

/** The editable values of a stored form. */
export function caseFormValuesOf(form: CaseForm): CaseFormValues {
  switch (form.type) {
    case 'protection':
      return { ...form, circumstances: s(form.circumstances) };
    case 'trafficking':
      return {
        ...form,
        statusDecidedBy: s(form.statusDecidedBy),
        forcedLabourIndustry: s(form.forcedLabourIndustry),
        relationshipToTrafficker: s(form.relationshipToTrafficker),
        ageWhenTrafficked: form.ageWhenTrafficked === null ? '' : String(form.ageWhenTrafficked),
        traffickingEvents: form.traffickingEvents.map((e) => ({
          stage: e.stage,
          country: s(e.country),
          place: s(e.place),
          date: s(e.date),
        })),
      };
    case 'child':
      return {
        ...form,
        guardian: {
          kind: form.guardian.kind,
          name: form.guardian.name,
          relationship: s(form.guardian.relationship),
          organisationId: s(form.guardian.organisationId),
          phone: s(form.guardian.phone),
        },
        careArrangement: s(form.careArrangement),
      };
    case 'gbv':
      return {
        ...form,
        incidentDate: s(form.incidentDate),
        incidentCountry: s(form.incidentCountry),
        incidentPcode: s(form.incidentPcode),
        reportedElsewhere: form.reportedElsewhere === null ? '' : form.reportedElsewhere ? 'yes' : 'no',
      };
    case 'avrr':
      return {
        ...form,
        preDepartureCounsellingOn: s(form.preDepartureCounsellingOn),
        fitToTravelCheckedOn: s(form.fitToTravelCheckedOn),
        plannedDepartureOn: s(form.plannedDepartureOn),
      };
  }
}

const n = (v: string): string | null => (v.trim() ? v.trim() : null);

/**
 * The form as the API takes it. Fields the form hides because they do not apply (the industry without forced
 * labour, sexual exploitation types without sexual exploitation) are sent empty, as HTCDS requires.
 */
export function apiFormOf(v: CaseFormValues): Record<string, unknown> {
  switch (v.type) {
    case 'protection':
      return {
        type: v.type,
        situation: v.situation || undefined,
        vulnerabilities: v.vulnerabilities,
        needs: v.needs,
        circumstances: n(v.circumstances),
      };
    case 'trafficking': {
      const age = v.ageWhenTrafficked.trim();
      return {
        type: v.type,
        traffickingStatus: v.traffickingStatus || undefined,
        statusDecidedBy: n(v.statusDecidedBy),
        exploitationTypes: v.exploitationTypes,
        forcedLabourIndustry: v.exploitationTypes.includes('ForcedLabour') ? n(v.forcedLabourIndustry) : null,
        sexualExploitationTypes: v.exploitationTypes.includes('SexualExploitation') ? v.sexualExploitationTypes : [],
        methodsOfControl: v.methodsOfControl,
        recruitmentMethods: v.recruitmentMethods,
        relationshipToTrafficker: n(v.relationshipToTrafficker),
        perpetratorRoles: v.perpetratorRoles,
        vulnerabilities: v.vulnerabilities,
        ageWhenTrafficked: age === '' ? null : Number(age),
        traffickingEvents: v.traffickingEvents.map((e) => ({
          stage: e.stage,
          country: n(e.country),
          place: n(e.place),
          date: n(e.date),
        })),
      };
    }
    case 'child':
      return {
        type: v.type,
        separation: v.separation || undefined,
        guardian: {
          kind: v.guardian.kind,
          name: v.guardian.name.trim(),
          relationship: n(v.guardian.relationship),
          organisationId: n(v.guardian.organisationId),
          phone: n(v.guardian.phone),
        },
        careArrangement: n(v.careArrangement),
        familyTracing: v.familyTracing,
      };
    case 'gbv':
      return {
        type: v.type,
        coreType: v.coreType || undefined,
        contexts: v.contexts,
        incidentDate: n(v.incidentDate),
        incidentCountry: n(v.incidentCountry),
        incidentPcode: n(v.incidentPcode.toUpperCase()),
        reportedElsewhere: v.reportedElsewhere === '' ? null : v.reportedElsewhere === 'yes',
      };
    case 'avrr':
      return {
        type: v.type,
        countryOfReturn: v.countryOfReturn || undefined,
        preDepartureCounsellingOn: n(v.preDepartureCounsellingOn),
        fitToTravel: v.fitToTravel,
        fitToTravelCheckedOn: n(v.fitToTravelCheckedOn),
        plannedDepartureOn: n(v.plannedDepartureOn),
        reintegrationNeeds: v.reintegrationNeeds,
      };
  }
}

/** The keys (dotted paths under `form`) where a problem's issues about this form are shown. */
export function caseFormIssueKeys(v: CaseFormValues): string[] {
  const keys = Object.keys(v)
    .filter((k) => k !== 'type')
    .map((k) => `form.${k}`);
  if (v.type === 'child') {
    for (const k of Object.keys(v.guardian)) keys.push(`form.guardian.${k}`);
  }
  if (v.type === 'trafficking') {
    v.traffickingEvents.forEach((_, i) => {
      for (const k of ['stage', 'country', 'place', 'date']) keys.push(`form.traffickingEvents.${i}.${k}`);
    });
  }
  return keys;
}
