// Export of lists to CSV and XLSX (SECURITY.md D10): permission per list and format (imports.policy.ts), a row
// limit checked before anything is written, and only what the caller may see, read through the owning contexts'
// services (so restricted people and sensitive cases follow the same rules as on screen). The first row holds
// Corridor's column names (the same an import reads), the second the HXL hashtags where a tag exists.

import type { ExportBeneficiaries, ExportCases, TableFormat } from '@corridor/contracts';
import type { AuditEvent } from '../audit/audit.service.ts';
import { presentBeneficiary } from '../beneficiaries/beneficiaries.presenter.ts';
import { documentsOfBeneficiary, getBeneficiary, listBeneficiaries } from '../beneficiaries/beneficiaries.service.ts';
import { assertQueryCode, CODED_FIELDS } from '../cases/case-forms.ts';
import { sensitiveCaseRead } from '../cases/case-read-audit.ts';
import { listCasesFor, loadForm } from '../cases/cases.service.ts';
import type { Db } from '../db/database.ts';
import { askedInBody, DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { caseType } from '../vocabularies/case-type.ts';
import { caseStatus } from '../vocabularies/htcds-case-status.ts';
import { writeTable } from './tabular.ts';

/** One exported column: its name, its HXL tag ('' when none fits) and how to get its value. */
type Column<R> = readonly [name: string, hxl: string, value: (r: R) => string];

const text = (v: string | null | undefined) => v ?? '';
const list = (v: readonly string[]) => v.join(';');
const flag = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');

type Person = ReturnType<typeof presentBeneficiary>;

/** People: the registry's fields under the names a beneficiaries import reads (documents are not exported). */
const PERSON_COLUMNS: readonly Column<Person>[] = [
  ['beneficiary_id', '#beneficiary+code', (b) => b.id],
  ['given_name', '#beneficiary+name+given', (b) => text(b.givenName)],
  ['family_name', '#beneficiary+name+family', (b) => text(b.familyName)],
  ['name_original', '#beneficiary+name+original', (b) => text(b.nameOriginal)],
  ['name_latin', '#beneficiary+name', (b) => b.nameLatin],
  ['date_of_birth', '#date+birth', (b) => text(b.dateOfBirth)],
  ['dob_precision', '', (b) => text(b.dobPrecision)],
  ['sex', '#beneficiary+sex', (b) => text(b.sex)],
  ['gender', '#beneficiary+gender', (b) => text(b.gender)],
  ['citizenships', '#country+code+nationality', (b) => list(b.citizenships)],
  ['languages', '#beneficiary+language', (b) => list(b.languages)],
  ['phone', '#contact+phone', (b) => text(b.phone)],
  ['email', '#contact+email', (b) => text(b.email)],
  ['country', '#country+code', (b) => text(b.country)],
  ['pcode', '#loc+code', (b) => text(b.pcode)],
  ['household', '#beneficiary+household', (b) => text(b.householdId)],
  ['household_role', '', (b) => text(b.householdRole)],
  ['migration_status', '', (b) => text(b.migrationStatus)],
  ['disability', '', (b) => flag(b.disability)],
  ['specific_needs', '', (b) => list(b.specificNeeds)],
];

type CaseLine = { row: Awaited<ReturnType<typeof listCasesFor>>['items'][number]; form: Record<string, unknown> };

/** The column of each coded form field (the names a cases import reads). */
const CODED_COLUMNS: readonly (readonly [field: string, column: string])[] = [
  ['traffickingStatus', 'trafficking_status'],
  ['statusDecidedBy', 'status_decided_by'],
  ['exploitationTypes', 'exploitation_types'],
  ['forcedLabourIndustry', 'forced_labour_industry'],
  ['sexualExploitationTypes', 'sexual_exploitation_types'],
  ['methodsOfControl', 'methods_of_control'],
  ['recruitmentMethods', 'recruitment_methods'],
  ['relationshipToTrafficker', 'relationship_to_trafficker'],
  ['perpetratorRoles', 'perpetrator_roles'],
  ['vulnerabilities', 'vulnerabilities'],
  ['needs', 'needs'],
  ['coreType', 'core_type'],
  ['contexts', 'contexts'],
  ['reintegrationNeeds', 'reintegration_needs'],
];

const coded = (v: unknown) => (Array.isArray(v) ? v.join(';') : typeof v === 'string' ? v : '');

/**
 * Cases: who, what and when, and the coded facts of the form (HTCDS and GBVIMS codes, which reports filter on);
 * never names, notes or free text.
 */
const CASE_COLUMNS: readonly Column<CaseLine>[] = [
  ['case_id', '', (c) => c.row.id],
  ['case_reference', '', (c) => c.row.reference],
  ['case_type', '', (c) => c.row.type],
  ['status', '#status', (c) => c.row.status],
  ['opened_on', '#date+start', (c) => c.row.opened_on],
  ['closed_on', '#date+end', (c) => text(c.row.closed_on)],
  ['assigned_to', '', (c) => text(c.row.assigned_to)],
  ['beneficiary_id', '#beneficiary+code', (c) => c.row.beneficiary_id],
  ...CODED_COLUMNS.map(([field, column]): Column<CaseLine> => [column, '', (c) => coded(c.form[field])]),
];

/** The header row, the HXL row and the data rows of a table. */
function grid<R>(columns: readonly Column<R>[], records: readonly R[]): string[][] {
  return [columns.map((c) => c[0]), columns.map((c) => c[1]), ...records.map((r) => columns.map((c) => c[2](r)))];
}

const tooLarge = (max: number) =>
  new DomainError(
    'export_too_large',
    `The export would hold more than ${max} rows; narrow the filters and export in parts.`,
  );

/** What an export produced: the file, how many records it holds, and the sensitive reads to audit. */
export type ExportResult = { data: Buffer; rows: number; sensitiveReads: AuditEvent[] };

const PAGE = 200;

/**
 * The people of the caller's organisation that the list shows them (restricted people only for staff on one of
 * their sensitive cases), filtered as the list is. Refused when more than `maxRows` would be exported.
 */
export async function exportBeneficiaries(
  db: Db,
  p: Principal,
  filters: Omit<ExportBeneficiaries, 'format'>,
  format: TableFormat,
  maxRows: number,
): Promise<ExportResult> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listBeneficiaries(db, p, { ...filters, limit: PAGE, cursor });
    ids.push(...page.items.map((b) => b.id));
    if (ids.length > maxRows) throw tooLarge(maxRows);
    cursor = page.next ?? undefined;
  } while (cursor);
  const people: Person[] = [];
  const sensitiveReads: AuditEvent[] = [];
  for (const id of ids) {
    // The same read as one person's page, so the same rules apply to every row.
    const b = await getBeneficiary(db, p, id);
    people.push(presentBeneficiary(b, await documentsOfBeneficiary(db, id)));
    if (b.restricted === 1)
      sensitiveReads.push({
        action: 'beneficiary.read',
        entityType: 'beneficiary',
        entityId: b.id,
        organisationId: b.organisation_id,
        purpose: 'assistance',
        sensitiveRead: true,
        details: { via: 'export' },
      });
  }
  return {
    data: await writeTable(format, 'beneficiaries', grid(PERSON_COLUMNS, people)),
    rows: people.length,
    sensitiveReads,
  };
}

/**
 * The cases whose content the caller may read (sensitive ones only when assigned or given access), filtered as
 * the list is, newest first. Refused when more than `maxRows` would be exported.
 */
export async function exportCases(
  db: Db,
  p: Principal,
  filters: Omit<ExportCases, 'format'>,
  format: TableFormat,
  maxRows: number,
): Promise<ExportResult> {
  // The list's codes, checked as the list checks them (an unknown status is a mistake, not an empty export).
  await askedInBody(async () => {
    if (filters.status) assertQueryCode(caseStatus, filters.status, '/status');
    if (filters.type) assertQueryCode(caseType, filters.type, '/type');
  });
  const rows: CaseLine['row'][] = [];
  let cursor: string | undefined;
  do {
    const page = await listCasesFor(db, p, { ...filters, limit: PAGE, cursor });
    rows.push(...page.items);
    if (rows.length > maxRows) throw tooLarge(maxRows);
    cursor = page.next ?? undefined;
  } while (cursor);
  const lines: CaseLine[] = [];
  const sensitiveReads: AuditEvent[] = [];
  for (const row of rows) {
    const form =
      CODED_FIELDS[row.type as keyof typeof CODED_FIELDS]?.length > 0
        ? ((await loadForm(db, row)) as unknown as Record<string, unknown>)
        : {};
    lines.push({ row, form });
    const read = sensitiveCaseRead(row, 'case.read', ['export']);
    if (read) sensitiveReads.push(read);
  }
  return { data: await writeTable(format, 'cases', grid(CASE_COLUMNS, lines)), rows: lines.length, sensitiveReads };
}
