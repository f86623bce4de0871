// Contracts of bulk import and export (docs/import.md). A file imports all or nothing; every bad row is reported
// with its row number, column and reason; re-importing the same file creates no duplicates. Exports of lists are
// POSTs so that filters (which may describe people) stay out of URLs (SECURITY.md D4).
import { z } from 'zod';
import { BeneficiaryListFields } from './beneficiaries.ts';
import { CaseListQuery } from './cases.ts';
import { IssueParams, rangeInOrder } from './common.ts';
import { ChildAssent, LegalBasis } from './consent.ts';

/** What a file holds: people; cases with their people; trafficking cases in HTCDS columns; services on cases. */
export const IMPORT_KINDS = ['beneficiaries', 'cases', 'trafficking-cases', 'services'] as const;
export const ImportKind = z.enum(IMPORT_KINDS).meta({ id: 'ImportKind' });
export type ImportKind = z.infer<typeof ImportKind>;

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export const TableFormat = z.enum(TABLE_FORMATS).meta({ id: 'TableFormat' });
export type TableFormat = z.infer<typeof TableFormat>;

export const RunImport = z
  .object({
    kind: ImportKind,
    filename: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx')
      .describe('The file’s name; its extension gives the format unless `format` is sent.'),
    format: TableFormat.optional(),
    content: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
      .describe('The file, base64-encoded.'),
    basis: LegalBasis.optional().describe(
      'The legal basis relied on for assisting every person the file registers (required unless kind is services).',
    ),
    informationGiven: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .optional()
      .describe('What the people were told (purpose, recipients, rights); required with `basis`.'),
    childAssent: ChildAssent.optional().describe(
      'Assent of the children in the file, when every child’s is the same; a `child_assent` column overrides it.',
    ),
    validateOnly: z.boolean().default(false).describe('Check the file and report what would happen; write nothing.'),
  })
  .strict()
  .refine((v) => v.kind === 'services' || v.basis !== undefined, {
    path: ['basis'],
    message: 'required: say on which legal basis the people in the file are assisted',
    params: { rule: 'required' },
  })
  .refine((v) => v.kind === 'services' || v.informationGiven !== undefined, {
    path: ['informationGiven'],
    message: 'required: say what the people were told',
    params: { rule: 'required' },
  })
  .meta({ id: 'RunImport' });
export type RunImport = z.infer<typeof RunImport>;

/**
 * The problems of an import's file and rows that have a code of their own (ImportError.issue), for a client to word
 * in its own language with the issue's `params` (named after each code below); the message says the same in English.
 */
export const ImportIssueCode = z.enum([
  'declare_basis', // the file's legal basis and information given are missing
  'no_known_column', // no column of the file is one Corridor reads
  'missing_column', // { columns }: a required column is missing
  'column_repeated', // { field, column }: two columns give the same field
  'no_data_rows',
  'too_many_rows', // { maximum }
  'check_stopped', // the database refused the row; the check stopped there
  'source_id_format',
  'not_corridor_id',
  'child_assent_required',
  'yes_or_no',
  'consent_contradiction',
  'source_id_or_beneficiary_id',
  'beneficiary_id_or_person_source_id',
  'person_columns_with_reference',
  'one_case_reference',
  'repeats_row', // { row }
  'same_record_as_row', // { row }
  'case_type_fixed', // { type }
  'one_of', // { values }
  'not_for_case_type', // { type }
  'required_for_case_type', // { type }
  'required_for_case_type_no_column', // { type, column }
  'not_in_vocabulary', // { vocabulary }
  'no_workable_case',
  'unknown_organisation',
  'person_not_visible',
  'person_anonymised',
  'no_assistance_basis',
  'no_person_with_source_id',
  'no_case_with_source_id',
  'case_type_changed',
  'service_not_changeable',
  'not_utf8', // a CSV file that is not UTF-8
  'no_worksheet', // an XLSX workbook without a worksheet
  'file_unreadable', // { detail }: the file cannot be read as its format (detail: why, in English)
  // Remittance price files (RPW, docs/remittances.md):
  'unknown_speed', // { values }: a speed that is none of RPW's categories nor a number of days
  'total_cost_mismatch', // the total cost differs from fee / amount x 100 + FX margin
  'band_incomplete', // { fee, amount, total }: neither the fee and the amount nor the total cost (column names)
  'same_service_as_row', // { row }: the same service (corridor, provider, product) and quarter as an earlier row
  'service_of_other_organisation', // another organisation recorded this service for the quarter
]);
export type ImportIssueCode = z.infer<typeof ImportIssueCode>;

/** One problem of a file: its row as a spreadsheet numbers it (the header is row 1), its column, and why. */
export const ImportError = z
  .object({
    row: z.number().int().describe('0 for a problem of the whole file.'),
    column: z.string().nullable(),
    message: z.string().describe('The problem in English.'),
    issue: z
      .string()
      .optional()
      .describe(
        'The problem as a code, for a client to word it in its own language: an ImportIssueCode, the code of a validation issue (required, too_big, invalid_value, custom...), or, when a service or the database refused the row, the code of that error as a problem document would give it (invalid_reference, invalid_transition, conflict...; the message then says what exactly); absent when only the message says it.',
      ),
    params: IssueParams.optional().describe('What wording the issue needs (see ImportIssueCode and ValidationIssue).'),
  })
  .meta({ id: 'ImportError' });
export type ImportError = z.infer<typeof ImportError>;

export const ImportReport = z
  .object({
    kind: ImportKind,
    format: TableFormat,
    dryRun: z.boolean().describe('Nothing was written: the counts say what an import would do.'),
    hxl: z.boolean().describe('The file had an HXL hashtag row.'),
    rows: z.number().int().describe('Data rows read (empty rows are not counted).'),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int().describe('Rows already imported before, unchanged.'),
    ignoredColumns: z.array(z.string()).describe('Columns Corridor does not read; their values were not imported.'),
    errors: z.array(ImportError).describe('Always empty in a report: a file with errors answers 422.'),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof ImportReport>;

/** Export of people: the list's filters (no names), and the format. */
export const ExportBeneficiaries = BeneficiaryListFields.omit({ limit: true, cursor: true })
  .extend({ format: TableFormat })
  .strict()
  .superRefine(rangeInOrder('dobFrom', 'dobTo'))
  .meta({ id: 'ExportBeneficiaries' });
export type ExportBeneficiaries = z.infer<typeof ExportBeneficiaries>;

/** Export of cases: the list's filters, and the format. */
export const ExportCases = CaseListQuery.omit({ limit: true, cursor: true })
  .extend({ format: TableFormat })
  .strict()
  .meta({ id: 'ExportCases' });
export type ExportCases = z.infer<typeof ExportCases>;
