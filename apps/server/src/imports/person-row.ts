// The person columns of a row, as the registry's create and update inputs (the API's contract shapes).
import {
  CHILD_ASSENT,
  type ChildAssent,
  CreateBeneficiary,
  DOB_PRECISIONS,
  DOCUMENT_TYPES,
  GENDERS,
  HOUSEHOLD_ROLES,
  MIGRATION_STATUSES,
  SEXES,
  SPECIFIC_NEEDS,
  UpdateBeneficiary,
} from '@corridor/contracts';
import {
  canonicalCode,
  codedIssue,
  parseBoolean,
  type RowIssue,
  type SourceRow,
  schemaIssues,
  splitList,
} from './source-row.ts';

/** Which import columns feed each field of the contract (the first one the file has names it in a report). */
const FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  givenName: ['given_name', 'middle_name'],
  familyName: ['family_name'],
  nameOriginal: ['name_original'],
  // The "give at least one name" rule reports at nameLatin: name any name column the file has.
  nameLatin: ['name_latin', 'given_name', 'family_name', 'name_original'],
  dateOfBirth: ['date_of_birth'],
  dobPrecision: ['dob_precision', 'date_of_birth'],
  sex: ['sex'],
  gender: ['gender'],
  citizenships: ['citizenships'],
  languages: ['languages', 'secondary_language'],
  phone: ['phone', 'phone_home'],
  email: ['email'],
  country: ['country'],
  pcode: ['pcode', 'adm2', 'adm1'],
  householdId: ['household'],
  householdRole: ['household_role'],
  migrationStatus: ['migration_status'],
  disability: ['disability'],
  specificNeeds: ['specific_needs'],
};
const DOCUMENT_COLUMNS: Readonly<Record<string, string>> = {
  type: 'document_type',
  number: 'document_number',
  issuingCountry: 'document_issuing_country',
};

/** The column a path into the person input came from. */
export function personColumn(row: SourceRow, path: readonly PropertyKey[]): string | null {
  const [field, , sub] = path;
  if (field === 'documents')
    return row.firstColumn([DOCUMENT_COLUMNS[String(sub)] ?? 'document_number', 'document_number']);
  return row.firstColumn(FIELD_COLUMNS[String(field)] ?? []);
}

/** True when the row has any person value (used when a case row also names an existing person). */
export function hasPersonValues(row: SourceRow): boolean {
  return [...Object.values(FIELD_COLUMNS).flat(), ...Object.values(DOCUMENT_COLUMNS)].some((f) => row.text(f) !== '');
}

const upper = (s: string | null | undefined) => (s ? s.toUpperCase() : s);
const codes = (list: readonly string[], s: string) => splitList(s).map((v) => canonicalCode(list, v));

/**
 * The person fields of a row, only for the columns the file has (an update changes only those). An empty cell
 * clears its field. `householdOf` turns a household label of the file into the household's id.
 */
export function personFields(row: SourceRow, householdOf: (label: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined) out[k] = v;
  };
  if (row.has('given_name') || row.has('middle_name'))
    set('givenName', [row.text('given_name'), row.text('middle_name')].filter(Boolean).join(' ') || null);
  set('familyName', row.value('family_name'));
  set('nameOriginal', row.value('name_original'));
  set('nameLatin', row.value('name_latin'));
  set('dateOfBirth', row.value('date_of_birth'));
  const precision = row.value('dob_precision');
  set('dobPrecision', precision ? canonicalCode(DOB_PRECISIONS, precision) : precision);
  const sex = row.value('sex');
  set('sex', sex ? canonicalCode(SEXES, sex) : sex);
  const gender = row.value('gender');
  set('gender', gender ? canonicalCode(GENDERS, gender) : gender);
  if (row.has('citizenships'))
    set(
      'citizenships',
      splitList(row.text('citizenships')).map((c) => c.toUpperCase()),
    );
  if (row.has('languages') || row.has('secondary_language'))
    set('languages', [
      ...new Set(
        [...splitList(row.text('languages')), ...splitList(row.text('secondary_language'))].map((l) => l.toLowerCase()),
      ),
    ]);
  if (row.has('document_number') || row.has('document_type') || row.has('document_issuing_country')) {
    const number = row.text('document_number');
    const type = row.text('document_type');
    set(
      'documents',
      number || type
        ? [
            {
              type: type ? canonicalCode(DOCUMENT_TYPES, type) : 'other',
              number,
              issuingCountry: upper(row.value('document_issuing_country')) ?? null,
            },
          ]
        : [],
    );
  }
  if (row.has('phone') || row.has('phone_home')) set('phone', row.text('phone') || row.text('phone_home') || null);
  set('email', row.value('email'));
  set('country', upper(row.value('country')));
  if (row.has('pcode') || row.has('adm1') || row.has('adm2'))
    set('pcode', upper(row.text('pcode') || row.text('adm2') || row.text('adm1')) || null);
  if (row.has('household')) {
    const label = row.text('household');
    set('householdId', label ? householdOf(label) : null);
  }
  const role = row.value('household_role');
  set('householdRole', role ? canonicalCode(HOUSEHOLD_ROLES, role) : role);
  const status = row.value('migration_status');
  set('migrationStatus', status ? canonicalCode(MIGRATION_STATUSES, status) : status);
  const disability = row.value('disability');
  set('disability', disability ? parseBoolean(disability) : disability);
  if (row.has('specific_needs')) set('specificNeeds', codes(SPECIFIC_NEEDS, row.text('specific_needs')));
  return out;
}

/** The row's person as a registration (the contract's CreateBeneficiary), or its issues. */
export function personToCreate(row: SourceRow, fields: Record<string, unknown>) {
  const r = CreateBeneficiary.safeParse(fields);
  return r.success
    ? { input: r.data, issues: [] as RowIssue[] }
    : { input: null, issues: schemaIssues(r.error, (p) => personColumn(row, p)) };
}

/** The row's person as changes to a registered person (UpdateBeneficiary), or its issues. */
export function personToUpdate(row: SourceRow, fields: Record<string, unknown>) {
  const r = UpdateBeneficiary.safeParse(fields);
  return r.success
    ? { input: r.data, issues: [] as RowIssue[] }
    : { input: null, issues: schemaIssues(r.error, (p) => personColumn(row, p)) };
}

/** The row's child assent (its own column, else the file's), or an issue when the column holds something else. */
export function childAssentOf(
  row: SourceRow,
  fileDefault: ChildAssent | undefined,
): { value: ChildAssent | undefined; issue: RowIssue | null } {
  const v = row.text('child_assent');
  if (!v) return { value: fileDefault, issue: null };
  const code = canonicalCode(CHILD_ASSENT, v);
  if ((CHILD_ASSENT as readonly string[]).includes(code)) return { value: code as ChildAssent, issue: null };
  return {
    value: undefined,
    issue: codedIssue(row.column('child_assent'), 'one_of', `must be one of ${CHILD_ASSENT.join(', ')}`, {
      values: CHILD_ASSENT.join(', '),
    }),
  };
}

/** False when the row's HTCDS consent column says the person did not agree; null when it says nothing. */
export function consentColumn(row: SourceRow): boolean | null | 'invalid' {
  const v = row.text('consent');
  if (!v) return null;
  const b = parseBoolean(v);
  return typeof b === 'boolean' ? b : 'invalid';
}
