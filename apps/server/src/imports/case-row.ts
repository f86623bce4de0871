// The case columns of a row, as the form of one of the five case types (the contract's CaseForm), checked by the
// same schema and the same vocabulary rules as a form sent to the API.
import { CaseForm, type CaseType, CreateService, IsoDate } from '@corridor/contracts';
import { CODED_FIELDS, formIssues } from '../cases/case-forms.ts';
import { caseType as caseTypeVocabulary } from '../vocabularies/case-type.ts';
import { traffickingEventType } from '../vocabularies/htcds-trafficking-event-type.ts';
import { serviceType } from '../vocabularies/service-type.ts';
import {
  canonicalCode,
  codedIssue,
  parseBoolean,
  parseInteger,
  pointerPath,
  type RowIssue,
  type SourceRow,
  schemaIssues,
  splitList,
} from './source-row.ts';

type Kind = 'text' | 'lower' | 'upper' | 'code' | 'codes' | 'date' | 'int' | 'bool';
type FormField = readonly [field: string, column: string, kind: Kind];

/** The form fields of each case type and the column each comes from. */
const FORM_FIELDS: Readonly<Record<CaseType, readonly FormField[]>> = {
  protection: [
    ['situation', 'situation', 'lower'],
    ['vulnerabilities', 'vulnerabilities', 'codes'],
    ['needs', 'needs', 'codes'],
    ['circumstances', 'circumstances', 'text'],
  ],
  trafficking: [
    ['traffickingStatus', 'trafficking_status', 'code'],
    ['statusDecidedBy', 'status_decided_by', 'code'],
    ['exploitationTypes', 'exploitation_types', 'codes'],
    ['forcedLabourIndustry', 'forced_labour_industry', 'code'],
    ['sexualExploitationTypes', 'sexual_exploitation_types', 'codes'],
    ['methodsOfControl', 'methods_of_control', 'codes'],
    ['recruitmentMethods', 'recruitment_methods', 'codes'],
    ['relationshipToTrafficker', 'relationship_to_trafficker', 'code'],
    ['perpetratorRoles', 'perpetrator_roles', 'codes'],
    ['vulnerabilities', 'vulnerabilities', 'codes'],
    ['ageWhenTrafficked', 'age_when_trafficked', 'int'],
  ],
  child: [
    ['separation', 'separation', 'lower'],
    ['careArrangement', 'care_arrangement', 'text'],
    ['familyTracing', 'family_tracing', 'bool'],
  ],
  gbv: [
    ['coreType', 'core_type', 'code'],
    ['contexts', 'contexts', 'codes'],
    ['incidentDate', 'incident_date', 'date'],
    ['incidentCountry', 'incident_country', 'upper'],
    ['incidentPcode', 'incident_pcode', 'upper'],
    ['reportedElsewhere', 'reported_elsewhere', 'bool'],
  ],
  avrr: [
    ['countryOfReturn', 'country_of_return', 'upper'],
    ['preDepartureCounsellingOn', 'counselling_on', 'date'],
    ['fitToTravel', 'fit_to_travel', 'lower'],
    ['fitToTravelCheckedOn', 'fit_to_travel_checked_on', 'date'],
    ['plannedDepartureOn', 'planned_departure_on', 'date'],
    ['reintegrationNeeds', 'reintegration_needs', 'codes'],
  ],
};

/** Columns of nested parts of a form: one trafficking event, the child's guardian. */
const EVENT_COLUMNS: Readonly<Record<string, string>> = {
  stage: 'event_stage',
  country: 'event_country',
  place: 'event_place',
  date: 'event_date',
};
const GUARDIAN_COLUMNS: Readonly<Record<string, string>> = {
  kind: 'guardian_kind',
  name: 'guardian_name',
  relationship: 'guardian_relationship',
  phone: 'guardian_phone',
};
const NESTED_COLUMNS: Readonly<Record<CaseType, readonly string[]>> = {
  protection: [],
  trafficking: Object.values(EVENT_COLUMNS),
  child: Object.values(GUARDIAN_COLUMNS),
  gbv: [],
  avrr: [],
};

/** Every case column of a type (form fields and nested parts). */
const columnsOfType = (t: CaseType): string[] => [...FORM_FIELDS[t].map((f) => f[1]), ...NESTED_COLUMNS[t]];
const ALL_TYPES = caseTypeVocabulary.codes as readonly CaseType[];

/** The column a path into the form came from. */
function formColumn(row: SourceRow, type: CaseType, path: readonly PropertyKey[]): string | null {
  const [field, index, sub] = path;
  if (field === 'traffickingEvents') return row.column(EVENT_COLUMNS[String(sub ?? index)] ?? 'event_stage');
  if (field === 'guardian')
    return row.firstColumn([GUARDIAN_COLUMNS[String(index)] ?? 'guardian_name', 'guardian_name']);
  const spec = FORM_FIELDS[type].find((f) => f[0] === field);
  return spec ? row.column(spec[1]) : row.column('case_type');
}

/** The case type of a row: the kind's own (trafficking-cases), or the row's `case_type`. */
export function caseTypeOf(row: SourceRow, fixed: CaseType | null): { type: CaseType | null; issue: RowIssue | null } {
  const given = row.text('case_type');
  const column = row.column('case_type');
  if (fixed) {
    if (given && canonicalCode(ALL_TYPES, given) !== fixed)
      return {
        type: null,
        issue: codedIssue(column, 'case_type_fixed', `must be ${fixed} (or empty) in a ${fixed} file`, { type: fixed }),
      };
    return { type: fixed, issue: null };
  }
  const values = ALL_TYPES.join(', ');
  if (!given) return { type: null, issue: codedIssue(column, 'one_of', `required: one of ${values}`, { values }) };
  const code = canonicalCode(ALL_TYPES, given);
  if (!caseTypeVocabulary.has(code))
    return { type: null, issue: codedIssue(column, 'one_of', `must be one of ${values}`, { values }) };
  return { type: code as CaseType, issue: null };
}

/** The row's case form of `type`, checked by the contract and the standards' rules, or every issue it has. */
export function caseFormOf(row: SourceRow, type: CaseType): { form: CaseForm | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  // A value in a column of another case type would be lost silently: say so.
  const mine = new Set(columnsOfType(type));
  for (const other of ALL_TYPES)
    for (const c of columnsOfType(other))
      if (!mine.has(c) && row.text(c) !== '') {
        issues.push(
          codedIssue(row.column(c), 'not_for_case_type', `does not apply to a ${type} case; leave it empty`, { type }),
        );
        mine.add(c);
      }

  const vocabularies = new Map(CODED_FIELDS[type].map((f) => [f.field, f.vocabulary.codes]));
  const form: Record<string, unknown> = { type };
  for (const [field, column, kind] of FORM_FIELDS[type]) {
    const s = row.text(column);
    if (!s) continue;
    const vocab = vocabularies.get(field) ?? [];
    switch (kind) {
      case 'codes':
        form[field] = splitList(s).map((v) => canonicalCode(vocab, v));
        break;
      case 'code':
        form[field] = canonicalCode(vocab, s);
        break;
      case 'lower':
        form[field] = s.toLowerCase();
        break;
      case 'upper':
        form[field] = s.toUpperCase();
        break;
      case 'int':
        form[field] = parseInteger(s);
        break;
      case 'bool':
        form[field] = parseBoolean(s);
        break;
      default:
        form[field] = s;
    }
  }
  if (type === 'trafficking' && Object.values(EVENT_COLUMNS).some((c) => row.text(c) !== '')) {
    const stage = row.text('event_stage');
    form.traffickingEvents = [
      {
        stage: stage ? canonicalCode(traffickingEventType.codes, stage) : '',
        country: row.text('event_country').toUpperCase() || null,
        place: row.text('event_place') || null,
        date: row.text('event_date') || null,
      },
    ];
  }
  if (type === 'child' && Object.values(GUARDIAN_COLUMNS).some((c) => row.text(c) !== '')) {
    form.guardian = {
      kind: row.text('guardian_kind').toLowerCase() || 'guardian',
      name: row.text('guardian_name'),
      relationship: row.text('guardian_relationship') || null,
      phone: row.text('guardian_phone') || null,
      organisationId: null,
    };
  }

  const parsed = CaseForm.safeParse(form);
  if (!parsed.success) {
    // A field the form requires but the row left empty (or the file has no column for) is named by its column,
    // with what is missing, not by the schema's message about an undefined value.
    const missing = parsed.error.issues.filter((i) => i.path.length === 1 && form[String(i.path[0])] === undefined);
    for (const i of missing) {
      const column = FORM_FIELDS[type].find((f) => f[0] === String(i.path[0]))?.[1];
      if (!column) continue;
      issues.push(
        row.has(column)
          ? codedIssue(row.column(column), 'required_for_case_type', `required for a ${type} case`, { type })
          : codedIssue(
              column,
              'required_for_case_type_no_column',
              `required for a ${type} case: the file has no ${column} column`,
              { type, column },
            ),
      );
    }
    const rest = { issues: parsed.error.issues.filter((i) => !missing.includes(i)) } as typeof parsed.error;
    issues.push(...schemaIssues(rest, (p) => formColumn(row, type, p)));
    return { form: null, issues };
  }
  for (const i of formIssues(parsed.data, ''))
    issues.push({
      column: formColumn(row, type, pointerPath(i.pointer)),
      message: i.message,
      issue: i.code,
      ...(i.params ? { params: i.params } : {}),
    });
  return { form: issues.length ? null : parsed.data, issues };
}

/** The column a service-layer issue pointer (`/form/...`, `/openedOn`) names, for a case row. */
export function caseColumnOfPointer(row: SourceRow, type: CaseType, pointer: string): string | null {
  const path = pointerPath(pointer);
  if (path[0] === 'form') return formColumn(row, type, path.slice(1));
  if (path[0] === 'openedOn') return row.column('opened_on');
  return null;
}

/** The opening date of a row's case, when given. */
export function openedOnOf(row: SourceRow): { value: string | undefined; issue: RowIssue | null } {
  const s = row.text('opened_on');
  if (!s) return { value: undefined, issue: null };
  const r = IsoDate.safeParse(s);
  return r.success
    ? { value: r.data, issue: null }
    : { value: undefined, issue: schemaIssues(r.error, () => row.column('opened_on'))[0]! };
}

const SERVICE_COLUMNS: Readonly<Record<string, string>> = {
  serviceType: 'service_type',
  deliveredOn: 'delivered_on',
  valueMinor: 'value_minor',
};

/** A service row's fields (without its case and provider, which need the database), or its issues. */
export function serviceOf(row: SourceRow) {
  const type = row.text('service_type');
  const value = row.text('value_minor');
  const fields = {
    serviceType: type ? canonicalCode(serviceType.codes, type) : type,
    deliveredOn: row.text('delivered_on'),
    valueMinor: value ? parseInteger(value) : null,
    currency: row.text('currency').toUpperCase() || null,
    description: row.text('description') || null,
  };
  // The vocabulary is checked with the schema, so that a row's problems come all at once (not one per try).
  const unknownType = fields.serviceType && !serviceType.has(fields.serviceType);
  const vocabularyIssues: RowIssue[] = unknownType
    ? [
        codedIssue(row.column('service_type'), 'not_in_vocabulary', `not a code of the ${serviceType.id} vocabulary`, {
          vocabulary: serviceType.id,
        }),
      ]
    : [];
  const r = CreateService.safeParse(fields);
  if (!r.success) {
    const columnOf = (p: readonly PropertyKey[]) => row.column(SERVICE_COLUMNS[String(p[0])] ?? String(p[0]));
    const issues = schemaIssues(r.error, columnOf);
    const typeColumn = row.column('service_type');
    return {
      service: null,
      issues: [...issues, ...vocabularyIssues.filter(() => !issues.some((i) => i.column === typeColumn))],
    };
  }
  if (vocabularyIssues.length) return { service: null, issues: vocabularyIssues };
  return { service: r.data, issues: [] as RowIssue[] };
}
