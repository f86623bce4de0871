// Reading and writing tables: CSV (RFC 4180, UTF-8) and XLSX (the first visible worksheet), as a grid of
// strings. Row i of the grid is the spreadsheet's row i + 1, so every report can name rows as a person sees them.
import type { ImportError, TableFormat } from '@corridor/contracts';
import { CsvError, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { assertSafeZip, UnsafeArchive } from './zip-guard.ts';

/** A table that cannot be read, with a fixed reason and, when known, the row it stopped at. */
export class UnreadableTable extends Error {
  constructor(
    message: string,
    readonly row = 0,
    /** Its code (contracts ImportIssueCode): not UTF-8, no worksheet, or unreadable (the message says why). */
    readonly issue: 'not_utf8' | 'no_worksheet' | 'file_unreadable' = 'file_unreadable',
  ) {
    super(message);
  }

  /** As a problem of the file, with its code (an unreadable file's English reason as its `detail`). */
  toImportError(): ImportError {
    return {
      row: this.row,
      column: null,
      message: this.message,
      issue: this.issue,
      ...(this.issue === 'file_unreadable' ? { params: { detail: this.message } } : {}),
    };
  }
}

/** The media type of each format. */
export const MEDIA_TYPE: Readonly<Record<TableFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The format a file name says. */
export const formatOfName = (filename: string): TableFormat => (/\.xlsx$/i.test(filename) ? 'xlsx' : 'csv');

/** The delimiter of a CSV file: a comma, unless the first line has none and has semicolons or tabs. */
function delimiterOf(text: string): string {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === '\t') tabs++;
  }
  if (commas > 0) return ',';
  if (tabs > 0) return '\t';
  return semicolons > 0 ? ';' : ',';
}

/** Characters of CSV text parsed between two turns of the event loop (the server keeps answering meanwhile). */
const CSV_SLICE = 256 * 1024;

/**
 * Parses CSV text a slice at a time. With `sink`, each slice's records are handed to it (and awaited) instead of
 * being kept; either way at most `maxRecords` records are read.
 */
async function readCsv(
  data: Buffer,
  maxRecords: number,
  sink?: (records: string[][]) => Promise<void> | void,
): Promise<string[][]> {
  const text = data.toString('utf8');
  if (text.includes('\uFFFD'))
    throw new UnreadableTable('the file is not UTF-8 text; save it as CSV UTF-8', 0, 'not_utf8');
  let records: string[][] = [];
  let read = 0;
  const parser = parse({
    bom: true,
    delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
    relax_column_count: true,
    skip_empty_lines: false,
  });
  let failure: unknown;
  parser.on('readable', () => {
    for (let r = parser.read(); r !== null; r = parser.read()) {
      if (read < maxRecords) records.push(r as string[]);
      read++;
    }
  });
  parser.on('error', (err) => {
    failure ??= err;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('close', resolve);
  });
  const hand = async () => {
    if (!sink || records.length === 0) return;
    const slice = records;
    records = [];
    await sink(slice);
  };
  for (let i = 0; i < text.length && failure === undefined && read < maxRecords; i += CSV_SLICE) {
    parser.write(text.slice(i, i + CSV_SLICE));
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (failure === undefined) await hand();
  }
  if (failure === undefined && read < maxRecords) parser.end();
  else parser.destroy();
  await ended;
  if (failure !== undefined) {
    // The parser's own message may quote the file; only its position is passed on.
    if (failure instanceof CsvError) {
      const lines = (failure as CsvError & { lines?: number }).lines;
      throw new UnreadableTable(`the CSV cannot be read (${failure.code})`, typeof lines === 'number' ? lines : 0);
    }
    throw failure;
  }
  await hand();
  return records;
}

const isMidnightUtc = (d: Date) =>
  d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;

/** A cell's value as text: dates as YYYY-MM-DD (or a full timestamp), formulas as their cached result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return isMidnightUtc(v) ? v.toISOString().slice(0, 10) : v.toISOString();
  }
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : '';
  return '';
}

async function readXlsx(data: Buffer, maxRecords: number, maxBytes: number): Promise<string[][]> {
  try {
    assertSafeZip(data, { maxBytes: maxBytes * 8, maxEntries: 2000 });
  } catch (err) {
    if (err instanceof UnsafeArchive) throw new UnreadableTable(err.message);
    throw err;
  }
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer (an ArrayBuffer); JSZip below it reads either.
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ExcelJS.Buffer);
  } catch {
    throw new UnreadableTable('the XLSX file cannot be read');
  }
  const sheet = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!sheet) throw new UnreadableTable('the workbook has no worksheet', 0, 'no_worksheet');
  const rows: string[][] = [];
  const last = Math.min(sheet.rowCount, maxRecords);
  for (let r = 1; r <= last; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

/** Reads a whole table; at most `maxRecords` rows are read (a caller asks for one more than it allows). */
export async function readTable(
  format: TableFormat,
  data: Buffer,
  limits: { maxRecords: number; maxBytes: number },
): Promise<string[][]> {
  return format === 'csv' ? readCsv(data, limits.maxRecords) : readXlsx(data, limits.maxRecords, limits.maxBytes);
}

/**
 * Reads a table as readTable does, handing its rows to `sink` in order as they are read (a CSV file a slice at a
 * time, so that a reader can work on the first rows while the rest is parsed; an XLSX workbook once read whole).
 */
export async function streamTable(
  format: TableFormat,
  data: Buffer,
  limits: { maxRecords: number; maxBytes: number },
  sink: (records: string[][]) => Promise<void> | void,
): Promise<void> {
  if (format === 'csv') await readCsv(data, limits.maxRecords, sink);
  else await sink(await readXlsx(data, limits.maxRecords, limits.maxBytes));
}

/**
 * Spreadsheet programs run a cell that starts with =, +, - or @ as a formula (CSV injection, OWASP). In CSV such
 * a cell gets a leading apostrophe; the importer takes it off again (see unquoteFormula). A negative number
 * ("-0.12", an exchange-rate margin) is a number to every reader, not a formula: it is left as it is, so that it
 * stays a number (a `+` before digits is kept guarded: a telephone number must keep its plus).
 */
export function guardFormula(s: string): string {
  if (NEGATIVE_NUMBER.test(s)) return s;
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
const NEGATIVE_NUMBER = /^-(?:\d+(?:\.\d+)?|\.\d+)$/;

/** Removes the apostrophe guardFormula added. */
export const unquoteFormula = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/**
 * A cell of an exported table: text, a number (a count, an amount, a rate: a number cell in XLSX, so that a
 * spreadsheet sums and sorts it), or nothing.
 */
export type TableCell = string | number | null;

const csvCell = (c: TableCell): string => (c === null ? '' : typeof c === 'number' ? String(c) : guardFormula(c));

/** Writes a table: CSV with a byte-order mark (so spreadsheet programs read UTF-8), or an XLSX workbook. */
export async function writeTable(
  format: TableFormat,
  sheetName: string,
  rows: readonly (readonly TableCell[])[],
): Promise<Buffer> {
  if (format === 'csv') {
    return Buffer.from(
      stringify(
        rows.map((r) => r.map(csvCell)),
        // A line break in a cell is quoted whichever line end the file uses, and a semicolon or tab is quoted so the
        // reader's delimiter guess (delimiterOf) never takes it for the delimiter.
        { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n;\t]/ },
      ),
    );
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Corridor';
  const sheet = wb.addWorksheet(sheetName);
  // Text is written as string cells (an XLSX string cell is never run as a formula; dates stay YYYY-MM-DD), numbers
  // as number cells, nothing as an empty cell.
  for (const r of rows) sheet.addRow([...r]);
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
