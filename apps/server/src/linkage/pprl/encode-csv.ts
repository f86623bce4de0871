// Encoding a CSV file (FEBRL style: a header row, fields padded with spaces, read as is) into CLKs. Columns are
// matched to the schema's features by name, or by position when the file has exactly one column per feature (as
// anonlink tools do). Every row that breaks the schema is reported with its line and field; nothing is written then.
import { parse } from 'csv-parse/sync';
import { createEncoder, RecordFormatError } from './clk.ts';
import { type ClkFile, toClkFile } from './clk-file.ts';
import { encodedFeatures, type LinkageSchema } from './schema.ts';

/** A CSV file that cannot be encoded: every problem, with the file's line numbers (header is line 1). */
export class CsvEncodingError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The file cannot be encoded:\n${problems
        .slice(0, 50)
        .map((p) => `  ${p}`)
        .join('\n')}${problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''}`,
    );
  }
}

/** Reads a CSV text into a header and rows of trimmed values. */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const records = parse(text.replace(/^\uFEFF/, ''), {
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as string[][];
  const [header, ...rows] = records;
  if (!header) throw new CsvEncodingError(['the file is empty']);
  return { header, rows };
}

/** Encodes a CSV text with a schema and secret; the id column defaults to the first one. */
export function encodeCsv(schema: LinkageSchema, secret: Uint8Array, text: string, idColumn?: string): ClkFile {
  const { header, rows } = readCsv(text);
  const features = encodedFeatures(schema);
  const problems: string[] = [];
  const idIndex = idColumn === undefined ? 0 : header.indexOf(idColumn);
  if (idIndex < 0) problems.push(`the id column "${idColumn}" is not in the header`);
  let columnOf: Map<string, number>;
  if (features.every((f) => header.includes(f.identifier))) {
    columnOf = new Map(features.map((f) => [f.identifier, header.indexOf(f.identifier)]));
  } else if (header.length === schema.features.length) {
    columnOf = new Map(schema.features.map((f, i) => [f.identifier, i]));
  } else {
    const missing = features.filter((f) => !header.includes(f.identifier)).map((f) => f.identifier);
    problems.push(
      `the header lacks the schema's columns ${missing.join(', ')}, and the file does not have one column per feature (${schema.features.length})`,
    );
    columnOf = new Map();
  }
  if (problems.length) throw new CsvEncodingError(problems);

  const encoder = createEncoder(schema, secret);
  const ids: string[] = [];
  const clks: Uint8Array[] = [];
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    const line = r + 2;
    if (row.length !== header.length) {
      problems.push(`line ${line}: ${row.length} fields, the header has ${header.length}`);
      return;
    }
    const id = row[idIndex]!;
    if (!id) problems.push(`line ${line}: the record id is empty`);
    else if (seen.has(id)) problems.push(`line ${line}: the record id is used twice`);
    seen.add(id);
    const values: Record<string, string> = {};
    for (const f of features) values[f.identifier] = row[columnOf.get(f.identifier)!] ?? '';
    try {
      clks.push(encoder.encode(values));
      ids.push(id);
    } catch (e) {
      if (!(e instanceof RecordFormatError)) throw e;
      for (const p of e.problems) problems.push(`line ${line}: field ${p.field} ${p.message}`);
    }
  });
  if (problems.length) throw new CsvEncodingError(problems);
  return toClkFile(schema, encoder.bits, ids, clks);
}
