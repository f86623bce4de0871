// Reading record files for the linkage commands: CSV with a header row, FEBRL style included (a space after each
// comma, values padded with spaces), as is. Field kinds are given ("given_name:name") or inferred from the
// column names.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { RecordTable } from './encode.ts';
import { FIELD_KINDS, type FieldKind } from './fields.ts';
import type { FieldSpec } from './model.ts';

/** A file that cannot be used, with a message fit for the command line (never the file's content). */
export class LinkageInputError extends Error {}

/** Reads a CSV file into columns; the id column must exist and hold a value on every row. */
export function readRecordFile(file: string, idColumn: string): { table: RecordTable; header: string[] } {
  if (!fs.existsSync(file)) throw new LinkageInputError(`${file}: there is no such file`);
  if (fs.statSync(file).isDirectory()) throw new LinkageInputError(`${file}: it is a folder, not a file`);
  let rows: string[][];
  try {
    rows = parse(fs.readFileSync(file, 'utf8'), {
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (err) {
    const lines = (err as { lines?: number }).lines;
    throw new LinkageInputError(`${file}: not readable as CSV${lines ? ` (line ${lines})` : ''}`);
  }
  const header = rows[0];
  if (!header) throw new LinkageInputError(`${file}: the file is empty`);
  const idIndex = header.indexOf(idColumn);
  if (idIndex < 0) throw new LinkageInputError(`${file}: no column "${idColumn}" (columns: ${header.join(', ')})`);
  const columns: Record<string, (string | null)[]> = {};
  for (const h of header) columns[h] = [];
  const ids: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const id = row[idIndex] ?? '';
    if (id === '') throw new LinkageInputError(`${file}: line ${r + 1} has no value in "${idColumn}"`);
    ids.push(id);
    header.forEach((h, c) => {
      const v = row[c];
      columns[h]!.push(v === undefined || v === '' ? null : v);
    });
  }
  return { table: { ids, columns }, header };
}

/** The kind a column name suggests: names, dates, document and code numbers, small codes, else free text. */
export function inferKind(column: string): FieldKind {
  const c = column.toLowerCase();
  if (/(birth|dob|date)/.test(c)) return 'date';
  if (/(soc_?sec|ssn|passport|document|national_?id|id_?number|phone|post_?code|zip)/.test(c)) return 'document';
  if (/(^|_)(name|given|surname|forename|first|last|family|middle)/.test(c)) return 'name';
  if (/(street_?number|house_?number|state|sex|gender|country|email)/.test(c)) return 'exact';
  return 'text';
}

/**
 * The fields to compare: `given_name:name,surname,dob:date` (a kind after a colon, else inferred), or every
 * column except the id column. Names and free text are term-frequency adjusted.
 */
export function fieldSpecs(header: readonly string[], idColumn: string, list?: string): FieldSpec[] {
  const entries = list
    ? list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : header.filter((h) => h !== idColumn);
  return entries.map((e) => {
    const [field, kind] = e.split(':') as [string, string | undefined];
    if (!header.includes(field)) throw new LinkageInputError(`no column "${field}" (columns: ${header.join(', ')})`);
    if (kind !== undefined && !(FIELD_KINDS as readonly string[]).includes(kind))
      throw new LinkageInputError(`field "${field}": unknown kind "${kind}" (one of ${FIELD_KINDS.join(', ')})`);
    const k = (kind as FieldKind | undefined) ?? inferKind(field);
    return { field, kind: k, tf: k === 'name' || k === 'text' };
  });
}
