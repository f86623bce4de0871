// One data row of an import file, read through the column map, and the small conversions every field needs.
// Conversions never throw and never judge: a value they cannot convert is passed on as it is, and the contract's
// schema (the same one the API uses) reports it, so a file and a form get the same messages.
import { type ImportError, type ImportIssueCode, type IssueParams, issueParams } from '@corridor/contracts';
import type { z } from 'zod';
import type { ColumnMap } from './import-columns.ts';
import { unquoteFormula } from './tabular.ts';

/**
 * A problem with one row: the column (or null for the row as a whole) and why, never quoting the value; with its
 * code and parameters when it has them (ImportError.issue), for the interface to word it in the user's language.
 */
export type RowIssue = { column: string | null; message: string; issue?: string; params?: IssueParams };

/** A problem of a row with a code of its own (contracts ImportIssueCode), worded in English. */
export const codedIssue = (
  column: string | null,
  issue: ImportIssueCode,
  message: string,
  params?: IssueParams,
): RowIssue => ({ column, message, issue, ...(params ? { params } : {}) });

/** A problem of the file (row 0, the header's row, or the row a check stopped at) with a code of its own. */
export const codedError = (
  row: number,
  column: string | null,
  issue: ImportIssueCode,
  message: string,
  params?: IssueParams,
): ImportError => ({ row, column, message, issue, ...(params ? { params } : {}) });

/** The file has more rows than an import takes. */
export const tooManyRows = (maximum: number): ImportError =>
  codedError(0, null, 'too_many_rows', `the file has more than ${maximum} rows; split it`, { maximum });

/** One data row: its spreadsheet row number and its cells, read by Corridor column name. */
export class SourceRow {
  constructor(
    readonly number: number,
    readonly cells: readonly string[],
    private readonly map: ColumnMap,
  ) {}

  /** True when the file has this column (whatever this row holds in it). */
  has(field: string): boolean {
    return this.map.index.has(field);
  }

  /** The cell, trimmed; '' when empty or when the file has no such column. */
  text(field: string): string {
    const i = this.map.index.get(field);
    if (i === undefined) return '';
    return unquoteFormula((this.cells[i] ?? '').trim());
  }

  /** The cell, or null when empty; undefined when the file has no such column (the field is left alone). */
  value(field: string): string | null | undefined {
    if (!this.has(field)) return undefined;
    return this.text(field) || null;
  }

  /** How a report names the column of this field, or null when the file has none. */
  column(field: string): string | null {
    const i = this.map.index.get(field);
    return i === undefined ? null : (this.map.label[i] ?? null);
  }

  /** The first of `fields` the file has, as a report names it. */
  firstColumn(fields: readonly string[]): string | null {
    for (const f of fields) if (this.has(f)) return this.column(f);
    return null;
  }

  /** True when every cell is empty. */
  get empty(): boolean {
    return this.cells.every((c) => c.trim() === '');
  }

  /** The error entries of a list of row issues: the first per column (a cell gets one reason, not two). */
  errors(issues: readonly RowIssue[]): ImportError[] {
    const seen = new Set<string | null>();
    const out: ImportError[] = [];
    for (const i of issues) {
      if (i.column !== null && seen.has(i.column)) continue;
      seen.add(i.column);
      out.push({
        row: this.number,
        column: i.column,
        message: i.message,
        ...(i.issue ? { issue: i.issue } : {}),
        ...(i.params ? { params: i.params } : {}),
      });
    }
    return out;
  }
}

/** The code of `codes` the value spells, whatever its case; the value itself when none does. */
export function canonicalCode(codes: readonly string[], value: string): string {
  if (codes.includes(value)) return value;
  const lower = value.toLowerCase();
  return codes.find((c) => c.toLowerCase() === lower) ?? value;
}

/** Several values in one cell, separated by semicolons (HTCDS multi-select), without blanks. */
export const splitList = (s: string): string[] =>
  s
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** yes/no, true/false, y/n or 1/0 as a boolean; the text itself otherwise (the schema reports it). */
export function parseBoolean(s: string): boolean | string {
  const v = s.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return s;
}

/** A whole number; the text itself otherwise (the schema reports it). */
export const parseInteger = (s: string): number | string => (/^-?\d{1,15}$/.test(s) ? Number(s) : s);

/** Decimal notation only (12, -3.5, .5, 1e3): never hexadecimal, binary or octal (0x2EE), which Number() reads. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number written in decimal notation; null otherwise (a cell's text is a number or a problem). */
export function decimalOf(s: string): number | null {
  const t = s.trim();
  if (!DECIMAL.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Turns a schema's issues into row issues, naming each column through `columnOf` (a path into the input). */
export function schemaIssues(
  error: z.ZodError,
  columnOf: (path: readonly PropertyKey[]) => string | null,
  prefix: readonly PropertyKey[] = [],
): RowIssue[] {
  return error.issues.map((i) => {
    const params = issueParams(i);
    return {
      column: columnOf([...prefix, ...i.path]),
      message: i.message,
      issue: i.code,
      ...(params ? { params } : {}),
    };
  });
}

/** The path of a JSON pointer (`/documents/0/number`), with array indexes as numbers. */
export function pointerPath(pointer: string): (string | number)[] {
  if (!pointer || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
