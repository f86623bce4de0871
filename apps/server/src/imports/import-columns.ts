// The columns an import reads, per kind of file: Corridor's own names, the HTCDS 2.0 names accepted for the same
// field (trafficking cases), and the HXL tags that identify the field when the file has a hashtag row. The table
// is also the reference of docs/import.md (keep the two in step).
import type { ImportKind } from '@corridor/contracts';
import { formatHxlTag, type HxlTag, matchScore, parseHxlTag } from './hxl.ts';

/** One column Corridor reads. `name` is its Corridor name and the key the importer uses. */
export type ColumnSpec = Readonly<{
  name: string;
  /** Other header names for the same field (HTCDS 2.0 for trafficking data). */
  aliases?: readonly string[];
  /** HXL tag patterns that identify the field. */
  hxl?: readonly string[];
}>;

const col = (name: string, aliases: string[] = [], hxl: string[] = []): ColumnSpec => ({ name, aliases, hxl });

/** Identify the row itself: its id in the source, so that a changed row updates what it imported before. */
const SOURCE = [col('source_id', [], ['#meta+id'])];

/** A person (beneficiaries files, and the person of a case). */
export const PERSON_COLUMNS: readonly ColumnSpec[] = [
  col('given_name', ['prs_FirstName'], ['#beneficiary+name+given', '#affected+name+given']),
  col('middle_name', ['prs_MiddleName'], ['#beneficiary+name+middle', '#affected+name+middle']),
  col('family_name', ['prs_SecondName', 'prs_LastName'], ['#beneficiary+name+family', '#affected+name+family']),
  col('name_original', [], ['#beneficiary+name+original', '#affected+name+original']),
  col('name_latin', [], ['#beneficiary+name', '#affected+name']),
  col('date_of_birth', ['prs_Birthdate', 'prs_DateOfBirth'], ['#date+birth']),
  col('dob_precision', [], []),
  col('sex', [], ['#beneficiary+sex', '#affected+sex']),
  col('gender', ['prs_Gender'], ['#beneficiary+gender', '#affected+gender']),
  col('citizenships', ['prs_Citizenship'], ['#country+code+nationality', '#country+code+citizenship']),
  col('languages', ['prs_PrimaryLanguage'], ['#beneficiary+language', '#affected+language']),
  col('secondary_language', ['prs_SecondaryLanguage'], []),
  col('document_type', [], []),
  col('document_number', ['prs_IdentityNumber'], ['#beneficiary+id+document', '#affected+id+document']),
  col('document_issuing_country', [], []),
  col('phone', ['prs_MobilePhone'], ['#contact+phone']),
  col('phone_home', ['prs_HomePhone'], []),
  col('email', ['prs_Email'], ['#contact+email']),
  col('country', [], ['#country+code']),
  col('pcode', [], ['#loc+code']),
  col('adm1', [], ['#adm1+code']),
  col('adm2', [], ['#adm2+code']),
  col('household', [], ['#beneficiary+household', '#affected+household']),
  col('household_role', [], []),
  col('migration_status', [], []),
  col('disability', [], []),
  col('specific_needs', [], []),
  col('child_assent', [], []),
  col('consent', ['con_Consent', 'vic_AgreementToManagePersonalData'], []),
];

/** A case of any type; which columns apply depends on `case_type`. */
export const CASE_COLUMNS: readonly ColumnSpec[] = [
  col('case_type', [], []),
  col('opened_on', [], ['#date+start']),
  // protection
  col('situation'),
  col('needs'),
  col('circumstances'),
  // trafficking (HTCDS 2.0 vic_, per_ and hte_ fields)
  col('trafficking_status', ['vic_TraffickingStatus']),
  col('status_decided_by', ['vic_TraffickingStatusDecisionMakingOrg']),
  col('exploitation_types', ['vic_TypeOfExploitation']),
  col('forced_labour_industry', ['vic_ForcedLabourIndustry']),
  col('sexual_exploitation_types', ['vic_TypeOfSexExploitation']),
  col('methods_of_control', ['vic_MethodsOfControl']),
  col('recruitment_methods', ['vic_MethodOfRecruitment']),
  col('relationship_to_trafficker', ['vic_RelationshipToTrafficker']),
  col('perpetrator_roles', ['per_RoleInProcess']),
  col('vulnerabilities', ['vic_Vulnerabilities']),
  col('age_when_trafficked', ['vic_AgeWhenTrafficked']),
  col('event_stage', ['hte_Type']),
  col('event_country', ['hte_Country']),
  col('event_place', ['hte_City']),
  col('event_date', ['hte_Date']),
  // unaccompanied or separated child
  col('separation'),
  col('guardian_kind'),
  col('guardian_name'),
  col('guardian_relationship'),
  col('guardian_phone'),
  col('care_arrangement'),
  col('family_tracing'),
  // GBV incident
  col('core_type'),
  col('contexts'),
  col('incident_date'),
  col('incident_country'),
  col('incident_pcode'),
  col('reported_elsewhere'),
  // assisted voluntary return
  col('country_of_return', [], ['#country+code+return']),
  col('counselling_on'),
  col('fit_to_travel'),
  col('fit_to_travel_checked_on'),
  col('planned_departure_on'),
  col('reintegration_needs'),
];

/** A service delivered on a case. */
export const SERVICE_COLUMNS: readonly ColumnSpec[] = [
  col('case_id'),
  col('case_reference'),
  col('case_source_id'),
  col('service_type', [], ['#service+type', '#service+code']),
  col('delivered_on', [], ['#date+delivered', '#date+occurred']),
  col('provider_organisation', [], ['#org+code+impl', '#org+code']),
  col('value_minor'),
  col('currency', [], ['#currency']),
  col('description', [], ['#description']),
];

/**
 * Columns a file of a kind cannot do without (one column of each group): without one, every row would fail the same
 * way, so the file is refused at its header with one problem that names the column.
 */
const REQUIRED: Partial<Record<ImportKind, readonly { fields: readonly string[]; what: string }[]>> = {
  services: [
    { fields: ['case_id', 'case_reference', 'case_source_id'], what: 'the case each service was delivered on' },
    { fields: ['service_type'], what: 'the type of each service' },
    { fields: ['delivered_on'], what: 'the date each service was delivered (YYYY-MM-DD)' },
  ],
  cases: [{ fields: ['case_type'], what: 'the type of each case' }],
};

/** The header problems of a file that lacks a column its kind cannot do without (REQUIRED). */
export function missingColumns(
  kind: ImportKind,
  index: ReadonlyMap<string, number>,
): { message: string; params: { columns: string } }[] {
  return (REQUIRED[kind] ?? [])
    .filter((r) => !r.fields.some((f) => index.has(f)))
    .map((r) => ({
      message: `the file has no ${r.fields.join(' or ')} column: ${r.what} is required`,
      params: { columns: r.fields.join(', ') },
    }));
}

/** Which person a case row is about, when not the row's own person columns. */
const PERSON_REFERENCE = [col('beneficiary_id', [], ['#beneficiary+code']), col('person_source_id')];

/** Every column a kind of file may have. */
export function columnsOf(kind: ImportKind): readonly ColumnSpec[] {
  switch (kind) {
    case 'beneficiaries':
      return [...SOURCE, col('beneficiary_id', [], ['#beneficiary+code']), ...PERSON_COLUMNS];
    case 'cases':
    case 'trafficking-cases':
      return [...SOURCE, ...PERSON_REFERENCE, ...PERSON_COLUMNS, ...CASE_COLUMNS];
    case 'services':
      return [...SOURCE, ...SERVICE_COLUMNS];
  }
}

/** How a file's columns map to Corridor's fields. */
export type ColumnMap = {
  /** Corridor column name -> index of the file's column. */
  index: ReadonlyMap<string, number>;
  /** How to name each of the file's columns in a report: its header, else its HXL tag, else its letter. */
  label: readonly string[];
  hxl: boolean;
  /** Columns Corridor does not read. */
  ignored: string[];
  /** Problems of the header (two columns for one field), as row-0 errors. */
  problems: { column: string; message: string; issue: 'column_repeated'; params: { field: string; column: string } }[];
};

/** A1-style letter of a 0-based column index (A, B, ..., Z, AA, ...). */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const normaliseHeader = (h: string) => h.trim().toLowerCase();

/**
 * Maps the file's columns to fields: first by header name (Corridor's or an alias), then, for columns whose
 * header Corridor does not know, by HXL tag (the most specific pattern wins).
 */
export function mapColumns(kind: ImportKind, header: readonly string[], tags: readonly string[] | null): ColumnMap {
  const specs = columnsOf(kind);
  const byName = new Map<string, string>();
  for (const s of specs) for (const n of [s.name, ...(s.aliases ?? [])]) byName.set(normaliseHeader(n), s.name);
  const patterns: { field: string; tag: HxlTag }[] = specs.flatMap((s) =>
    (s.hxl ?? []).map((p) => ({ field: s.name, tag: parseHxlTag(p)! })),
  );
  const width = Math.max(header.length, tags?.length ?? 0);
  const index = new Map<string, number>();
  const label: string[] = [];
  const ignored: string[] = [];
  const problems: ColumnMap['problems'] = [];
  for (let i = 0; i < width; i++) {
    const h = (header[i] ?? '').trim();
    const tag = tags?.[i] ? parseHxlTag(tags[i]!) : null;
    label.push(h || (tag ? formatHxlTag(tag) : columnLetter(i)));
    let field = h ? byName.get(normaliseHeader(h)) : undefined;
    if (!field && tag) {
      let best = -1;
      for (const p of patterns) {
        const score = matchScore(p.tag, tag);
        if (score > best) {
          best = score;
          field = p.field;
        }
      }
    }
    if (!field) {
      if (h || tag) ignored.push(label[i]!);
      continue;
    }
    if (index.has(field)) {
      const first = label[index.get(field)!]!;
      problems.push({
        column: label[i]!,
        message: `gives ${field} again (column ${first})`,
        issue: 'column_repeated',
        params: { field, column: first },
      });
      continue;
    }
    index.set(field, i);
  }
  return { index, label, hxl: tags !== null, ignored, problems };
}
