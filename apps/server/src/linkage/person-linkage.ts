// The linkage engine applied to the registry's people: which fields of a person are compared and how, the
// blocking rules for an organisation's registry, the model in use (the organisation's own, trained on its
// records by a scan, else the default model trained on generated records: assets/linkage/default-person-model.json),
// and the explanation of one pair.
import fs from 'node:fs';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import type { Db } from '../db/database.ts';
import { nameTokens } from '../names/normalise.ts';
import type { RecordTable } from './engine/encode.ts';
import { type Explanation, explain, NULL_LEVEL } from './engine/fellegi-sunter.ts';
import { compareValues, normalise } from './engine/fields.ts';
import { type FieldSpec, type LinkageModel, parseModel } from './engine/model.ts';

/** The fields of a person the engine compares. */
export const PERSON_FIELDS: FieldSpec[] = [
  { field: 'given_name', kind: 'name', tf: true },
  { field: 'family_name', kind: 'name', tf: true },
  { field: 'date_of_birth', kind: 'date' },
  { field: 'document', kind: 'document' },
  { field: 'phone', kind: 'document' },
  { field: 'sex', kind: 'exact' },
];

/**
 * Blocking for a registry: both names by sound with the birth date in either day-month order; the exact birth
 * date with either name; a document number; a phone number.
 */
export const PERSON_BLOCKING: string[][] = [
  ['given_name:phonetic', 'family_name:phonetic', 'date_of_birth:unordered'],
  ['date_of_birth:exact', 'family_name:phonetic'],
  ['date_of_birth:exact', 'given_name:phonetic'],
  ['document:exact'],
  ['phone:exact'],
];

/** A person as the engine sees them. */
export type PersonRecord = {
  id: string;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  document: string | null;
  phone: string | null;
  sex: string | null;
};

type PersonFields = Pick<
  BeneficiaryRow,
  'id' | 'given_name' | 'family_name' | 'name_latin' | 'date_of_birth' | 'dob_precision' | 'phone' | 'sex'
>;

/**
 * A registry row as an engine record: given and family names as recorded, else the first word of the Latin name
 * and the rest; a year-only birth date as its year; the first identity document's number.
 */
export function personRecord(row: PersonFields, documentNumber: string | null): PersonRecord {
  let given = row.given_name;
  let family = row.family_name;
  if (!given && !family) {
    const tokens = nameTokens(row.name_latin);
    given = tokens[0] ?? null;
    family = tokens.slice(1).join(' ') || null;
  }
  const dob = row.date_of_birth
    ? row.dob_precision === 'year'
      ? row.date_of_birth.slice(0, 4)
      : row.date_of_birth
    : null;
  return {
    id: row.id,
    given_name: given,
    family_name: family,
    date_of_birth: dob,
    document: documentNumber,
    phone: row.phone,
    sex: row.sex === 'unknown' ? null : row.sex,
  };
}

/** Records as the engine's columns. */
export function recordTable(records: readonly PersonRecord[]): RecordTable {
  const columns: Record<string, (string | null)[]> = {};
  for (const f of PERSON_FIELDS) columns[f.field] = records.map((r) => r[f.field as keyof PersonRecord]);
  return { ids: records.map((r) => r.id), columns };
}

let defaultModel: LinkageModel | null = null;

/** The default model (trained without labels on generated records; see docs/linkage.md). */
export function defaultPersonModel(): LinkageModel {
  defaultModel ??= parseModel(
    JSON.parse(fs.readFileSync(new URL('../../assets/linkage/default-person-model.json', import.meta.url), 'utf8')),
  );
  return defaultModel;
}

/** The organisation's model: its own when a scan trained one, else the default. */
export async function organisationModel(db: Db, organisationId: string): Promise<LinkageModel> {
  const row = await db
    .selectFrom('linkage_models')
    .select('model_json')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? parseModel(JSON.parse(row.model_json)) : defaultPersonModel();
}

/** Scores and explains one pair of people field by field (no term-frequency adjustment for a single pair). */
export function explainPersons(model: LinkageModel, a: PersonRecord, b: PersonRecord): Explanation {
  const levels = model.fields.map((f) => {
    const x = normalise(f.kind, a[f.field as keyof PersonRecord]);
    const y = normalise(f.kind, b[f.field as keyof PersonRecord]);
    return x && y ? compareValues(f.kind, x, y) : NULL_LEVEL;
  });
  return explain(model, levels);
}
