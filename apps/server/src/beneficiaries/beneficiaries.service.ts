// Use cases of the beneficiary registry: register, read, change and list persons. Search lives in
// beneficiaries.search.ts. Other contexts use getBeneficiary, markRestricted and minimalProfile, never the tables.
import { randomUUID } from 'node:crypto';
import { CalendarDate, CountryCode, type CreateBeneficiary, Pcode, type UpdateBeneficiary } from '@corridor/contracts';
import type { AuditEvent } from '../audit/audit.service.ts';
import { mayReadRestrictedPerson } from '../cases/case-access.ts';
import { isPlaceIn } from '../crises/pcodes.ts';
import type { Db, Trx } from '../db/database.ts';
import { badCursor, type CheckRule, DomainError, invalidFields, notFound, type ValidationIssue } from '../errors.ts';
import { evidenceAfter, evidenceBefore } from '../evidence/maintain.ts';
import type { Principal } from '../http/principal.ts';
import { latinFromOriginal, personKeys, personTokens } from '../names/name-keys.ts';
import { hasNonLatinScript } from '../names/transliterate.ts';
import { assertAnonymisedChange, isAnonymised } from './anonymised.ts';
import * as repo from './beneficiaries.repository.ts';
import type { BeneficiaryDocumentTable, BeneficiaryRow, BeneficiaryTable } from './beneficiaries.table.ts';
import { documentKey } from './document-number.ts';

/** Space-separated code list column to an array. */
export const codesOf = (s: string): string[] => (s ? s.split(' ').filter(Boolean) : []);

/**
 * May the caller see this person? Same organisation, and for a restricted person (one with a sensitive case)
 * only staff who may read one of those cases. The answer for "no" is always the same 404 as for a missing record.
 */
export async function mayReadBeneficiary(db: Db, p: Principal, b: BeneficiaryRow): Promise<boolean> {
  if (b.organisation_id !== p.organisationId) return false;
  if (b.restricted !== 1) return true;
  return mayReadRestrictedPerson(db, p, b.id);
}

/** One person the caller may see; 404 when it does not exist, is another organisation's, or is restricted from them. */
export async function getBeneficiary(db: Db, p: Principal, id: string): Promise<BeneficiaryRow> {
  const b = await repo.findBeneficiary(db, id);
  if (!b || !(await mayReadBeneficiary(db, p, b))) throw notFound('beneficiary');
  return b;
}

/**
 * The people among `ids` the caller may see, by id: getBeneficiary for many people in a few queries (the bulk
 * import's path). Those left out do not exist, are another organisation's, or are restricted from the caller.
 */
export async function visibleBeneficiaries(
  db: Db,
  p: Principal,
  ids: readonly string[],
): Promise<Map<string, BeneficiaryRow>> {
  const out = new Map<string, BeneficiaryRow>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500)
    for (const b of await repo.findBeneficiariesIn(db, p.organisationId, unique.slice(i, i + 500)))
      if (await mayReadBeneficiary(db, p, b)) out.set(b.id, b);
  return out;
}

/**
 * Of the people `ids` of the caller's organisation that another context shows beside its own records (a manifest's
 * passengers, a plan's returnee, an evacuation request's person): the restricted ones (a sensitive case) the caller
 * may not see, whose identity that context must then leave out, and those the caller may see, whose showing is a
 * sensitive read to audit (SECURITY.md D4, D9). People of other organisations and unrestricted people are in neither.
 */
export async function restrictedAmong(
  db: Db,
  p: Principal,
  ids: readonly string[],
): Promise<{ hidden: Set<string>; shown: string[] }> {
  const unique = [...new Set(ids)];
  const rows: BeneficiaryRow[] = [];
  for (let i = 0; i < unique.length; i += 500)
    rows.push(...(await repo.findBeneficiariesIn(db, p.organisationId, unique.slice(i, i + 500))));
  return restrictedOf(db, p, rows);
}

/** restrictedAmong for people already read (rows of other organisations are left out). */
export async function restrictedOf(
  db: Db,
  p: Principal,
  people: Iterable<BeneficiaryRow>,
): Promise<{ hidden: Set<string>; shown: string[] }> {
  const hidden = new Set<string>();
  const shown: string[] = [];
  for (const b of people) {
    if (b.restricted !== 1 || b.organisation_id !== p.organisationId || hidden.has(b.id) || shown.includes(b.id))
      continue;
    if (await mayReadRestrictedPerson(db, p, b.id)) shown.push(b.id);
    else hidden.add(b.id);
  }
  return { hidden, shown };
}

/** What an export shows instead of the name of a restricted person the caller may not see. */
export const RESTRICTED_IDENTITY = '(restricted: identity not shown)';

/** The audit entry of showing a restricted person (SECURITY.md D9), `via` naming where: committed before the answer. */
export const restrictedRead = (id: string, organisationId: string, via: string): AuditEvent => ({
  action: 'beneficiary.read',
  entityType: 'beneficiary',
  entityId: id,
  organisationId,
  purpose: 'assistance',
  sensitiveRead: true,
  details: { via },
});

/**
 * Marks a person, or the people of a bulk write, restricted (called when a trafficking, GBV or child case is opened
 * for them): from then on only staff allowed on one of their sensitive cases can find or read them. Never undone
 * here. A bulk write marks its people in a few statements, not one a person.
 */
export async function markRestricted(trx: Trx, beneficiaryIds: string | readonly string[]): Promise<void> {
  const ids = typeof beneficiaryIds === 'string' ? [beneficiaryIds] : [...new Set(beneficiaryIds)];
  if (ids.length > 0) await repo.setRestricted(trx, ids);
}

/** The minimal data set a referral carries to another organisation (SECURITY.md D4): no contact, no documents. */
export function minimalProfile(b: BeneficiaryRow): {
  nameLatin: string;
  nameOriginal: string | null;
  sex: string | null;
  yearOfBirth: number | null;
  citizenships: string[];
  languages: string[];
  country: string | null;
  pcode: string | null;
} {
  const year = b.date_of_birth ? Number(b.date_of_birth.slice(0, 4)) : Number.NaN;
  return {
    nameLatin: b.name_latin,
    nameOriginal: b.name_original,
    sex: b.sex,
    yearOfBirth: Number.isInteger(year) ? year : null,
    citizenships: codesOf(b.citizenships),
    languages: codesOf(b.languages),
    country: b.country,
    pcode: b.pcode,
  };
}

// ---- registration and changes

/** Fields of a person as the API takes them (create and update share the shape). */
type PersonInput = CreateBeneficiary | UpdateBeneficiary;

const issue = (pointer: string, message: string, rule?: CheckRule): ValidationIssue => ({
  location: 'body',
  pointer,
  message,
  code: 'custom',
  ...(rule ? { params: { rule } } : {}),
});

/**
 * The Latin name: as given; else the given and family names when they are written in Latin letters (the spelling
 * the person or their papers use, "Ahmed Al-Jabouri", rather than a transliteration of the original script); else
 * transliterated from the original script; else the given and family names as they are.
 */
function latinNameOf(n: {
  nameLatin?: string | null;
  nameOriginal?: string | null;
  given?: string | null;
  family?: string | null;
}) {
  if (n.nameLatin) return n.nameLatin;
  const parts = [n.given, n.family].filter((x): x is string => Boolean(x));
  if (parts.length > 0 && !parts.some(hasNonLatinScript)) return parts.join(' ');
  if (n.nameOriginal) return hasNonLatinScript(n.nameOriginal) ? latinFromOriginal(n.nameOriginal) : n.nameOriginal;
  return parts.join(' ');
}

/**
 * A person's p-code must be a place of their country by OCHA's list (crises/pcodes.ts isPlaceIn): rule `pcode_place`,
 * with the country, for a client to word it in its language.
 */
function checkPlace(country: string | null, pcode: string | null, issues: ValidationIssue[]) {
  if (country && pcode && !isPlaceIn(country, pcode))
    issues.push({
      location: 'body',
      pointer: '/pcode',
      message: `not a place of ${country} in OCHA’s p-code list`,
      code: 'custom',
      params: { rule: 'pcode_place' satisfies CheckRule, country },
    });
}

/** Everything derived from the names (and birth year): the Latin name, `search_name` and the search keys. */
function derivedNames(
  n: { nameLatin?: string | null; nameOriginal?: string | null; given?: string | null; family?: string | null },
  dateOfBirth: string | null,
  issues: ValidationIssue[],
) {
  const nameLatin = latinNameOf(n).slice(0, 400);
  const tokens = personTokens([nameLatin, n.given, n.family, n.nameOriginal]);
  if (tokens.length === 0) issues.push(issue('/nameLatin', 'the names must contain at least one name word'));
  return { nameLatin, searchName: tokens.join(' ').slice(0, 400), keys: personKeys(tokens, dateOfBirth) };
}

/** Checks a date of birth against the clock: not in the future, not before 1900. */
function checkBirthDate(dob: string | null | undefined, now: Date, issues: ValidationIssue[]): void {
  if (!dob) return;
  if (dob > now.toISOString().slice(0, 10))
    issues.push(issue('/dateOfBirth', 'must not be in the future', 'not_future'));
  if (dob < '1900-01-01') issues.push(issue('/dateOfBirth', 'must not be before 1900', 'day_range'));
}

/**
 * The registry's checks of a birth date and a place that hold on their own (prepareBeneficiary runs them too), for a
 * caller whose other fields the contract refused, an import row, so that the row's problems come all at once instead
 * of these only after the others are fixed. Fields that do not parse are the contract's to report.
 */
export function standaloneChecks(
  fields: { dateOfBirth?: unknown; country?: unknown; pcode?: unknown },
  now: Date,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const dob = CalendarDate.safeParse(fields.dateOfBirth);
  if (dob.success) checkBirthDate(dob.data, now, issues);
  const country = CountryCode.safeParse(fields.country);
  const pcode = Pcode.safeParse(fields.pcode);
  if (country.success && pcode.success) checkPlace(country.data, pcode.data, issues);
  return issues;
}

/** Document rows with their look-up keys; a number without letters or digits, or a repeat, is an issue. */
function documentRows(
  beneficiaryId: string,
  organisationId: string,
  docs: NonNullable<PersonInput['documents']>,
  issues: ValidationIssue[],
): BeneficiaryDocumentTable[] {
  const seen = new Set<string>();
  return docs.flatMap((d, i) => {
    const key = documentKey(d.number);
    if (!key) {
      issues.push(issue(`/documents/${i}/number`, 'must contain Latin letters or digits'));
      return [];
    }
    if (seen.has(`${d.type} ${key}`)) {
      issues.push(issue(`/documents/${i}`, 'repeats another document of the same type and number'));
      return [];
    }
    seen.add(`${d.type} ${key}`);
    return [
      {
        id: randomUUID(),
        beneficiary_id: beneficiaryId,
        organisation_id: organisationId,
        type: d.type,
        number: d.number,
        number_key: key,
        issuing_country: d.issuingCountry ?? null,
      },
    ];
  });
}

const failIf = (issues: ValidationIssue[]) => {
  if (issues.length) throw invalidFields(issues);
};

const joinCodes = (codes: readonly string[] | undefined): string => (codes ?? []).join(' ');
const flag = (v: boolean | null | undefined): number | null => (v === undefined || v === null ? null : v ? 1 : 0);

/** A person ready to insert: the row, its name keys and documents, all checked. */
export type PreparedBeneficiary = {
  row: BeneficiaryTable;
  keys: string[];
  documents: BeneficiaryDocumentTable[];
  /**
   * The keys' stored numbers for the organisation (names/key-hash.ts keyHasher, without repeats), when derived
   * ahead (the import's planning thread); `keys` may then be empty. Without them the bulk insert derives them.
   */
  keyHashes?: number[] | undefined;
};

/**
 * Checks a new person and derives everything stored with them (Latin name, `search_name`, name keys, document
 * keys), without writing: `validation_failed` when a field is wrong. createBeneficiary and the bulk registration
 * share it, so a person imported in bulk is stored exactly as one registered by hand.
 */
export function prepareBeneficiary(p: Principal, input: CreateBeneficiary, now: Date): PreparedBeneficiary {
  const issues: ValidationIssue[] = [];
  const id = randomUUID();
  const names = derivedNames(
    { nameLatin: input.nameLatin, nameOriginal: input.nameOriginal, given: input.givenName, family: input.familyName },
    input.dateOfBirth ?? null,
    issues,
  );
  checkBirthDate(input.dateOfBirth, now, issues);
  checkPlace(input.country ?? null, input.pcode ?? null, issues);
  const documents = documentRows(id, p.organisationId, input.documents ?? [], issues);
  failIf(issues);
  const at = now.toISOString();
  const row: BeneficiaryTable = {
    id,
    organisation_id: p.organisationId,
    given_name: input.givenName ?? null,
    family_name: input.familyName ?? null,
    name_original: input.nameOriginal ?? null,
    name_latin: names.nameLatin,
    search_name: names.searchName,
    date_of_birth: input.dateOfBirth ?? null,
    dob_precision: input.dateOfBirth ? (input.dobPrecision ?? 'exact') : null,
    sex: input.sex ?? null,
    gender: input.gender ?? null,
    citizenships: joinCodes(input.citizenships),
    languages: joinCodes(input.languages),
    phone: input.phone ?? null,
    email: input.email ?? null,
    country: input.country ?? null,
    pcode: input.pcode ?? null,
    household_id: input.householdId ?? null,
    household_role: input.householdRole ?? null,
    migration_status: input.migrationStatus ?? null,
    disability: flag(input.disability),
    specific_needs: joinCodes(input.specificNeeds),
    restricted: 0,
    created_by: p.userId,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  return { row, keys: [...new Set(names.keys)], documents };
}

/** Registers a person in the caller's organisation, with name keys and documents. */
export async function createBeneficiary(
  trx: Trx,
  p: Principal,
  input: CreateBeneficiary,
  now: Date,
): Promise<{ row: BeneficiaryRow; documents: BeneficiaryDocumentTable[] }> {
  const prepared = prepareBeneficiary(p, input, now);
  await repo.insertBeneficiary(trx, prepared.row, prepared.keys, prepared.documents);
  return { row: (await repo.findBeneficiary(trx, prepared.row.id))!, documents: prepared.documents };
}

/**
 * Registers many prepared people (prepareBeneficiary) of the caller's organisation at once: multi-row inserts of
 * the people, their name keys and documents, in the caller's transaction. The bulk import's path; the rows are
 * the same as createBeneficiary writes.
 */
export async function createBeneficiaries(
  trx: Trx,
  p: Principal,
  people: readonly PreparedBeneficiary[],
): Promise<void> {
  if (people.some((x) => x.row.organisation_id !== p.organisationId))
    throw new Error('createBeneficiaries: a person of another organisation');
  await repo.insertBeneficiaries(trx, people);
}

const NAME_FIELDS = ['givenName', 'familyName', 'nameOriginal', 'nameLatin'] as const;

/**
 * Changes a person under optimistic concurrency. Only the fields sent change; null clears one. A change to any
 * name recomputes the Latin name (when it is cleared), `search_name` and every search key.
 */
export async function updateBeneficiary(
  trx: Trx,
  p: Principal,
  id: string,
  version: number,
  c: UpdateBeneficiary,
  now: Date,
): Promise<BeneficiaryRow> {
  const before = await getBeneficiary(trx, p, id);
  // An anonymised person keeps only statistical facts: nothing may name them again (docs/subject-rights.md).
  const anonymised = isAnonymised(before);
  if (anonymised) assertAnonymisedChange(c);
  const issues: ValidationIssue[] = [];
  const has = (k: keyof UpdateBeneficiary) => Object.hasOwn(c, k);
  const pick = <T>(k: keyof UpdateBeneficiary, current: T): T => (has(k) ? ((c[k] ?? null) as T) : current);

  const changes: Partial<BeneficiaryTable> = {};
  // The keys hold the names and the year of birth: either changing recomputes them. An anonymised person has no
  // names and no keys, and must stay out of name search.
  const dob = pick('dateOfBirth', before.date_of_birth);
  if (!anonymised && (NAME_FIELDS.some(has) || dob !== before.date_of_birth)) {
    const given = pick('givenName', before.given_name);
    const family = pick('familyName', before.family_name);
    const original = pick('nameOriginal', before.name_original);
    const latin = has('nameLatin') ? (c.nameLatin ?? null) : before.name_latin;
    if (!given && !family && !original && !latin)
      issues.push(issue('/nameLatin', 'give at least one name: givenName, familyName, nameOriginal or nameLatin'));
    const names = derivedNames({ nameLatin: latin, nameOriginal: original, given, family }, dob, issues);
    Object.assign(changes, {
      given_name: given,
      family_name: family,
      name_original: original,
      name_latin: names.nameLatin,
      search_name: names.searchName,
    });
    if (!issues.length) await repo.replaceNameKeys(trx, id, before.organisation_id, names.keys);
  }
  if (has('dateOfBirth') || has('dobPrecision')) {
    checkBirthDate(dob, now, issues);
    if (!dob && c.dobPrecision) issues.push(issue('/dobPrecision', 'only with a dateOfBirth'));
    changes.date_of_birth = dob;
    changes.dob_precision = dob ? (c.dobPrecision ?? (anonymised ? 'year' : before.dob_precision) ?? 'exact') : null;
  }
  if (has('sex')) changes.sex = c.sex ?? null;
  if (has('gender')) changes.gender = c.gender ?? null;
  if (has('citizenships')) changes.citizenships = joinCodes(c.citizenships);
  if (has('languages')) changes.languages = joinCodes(c.languages);
  if (has('phone')) changes.phone = c.phone ?? null;
  if (has('email')) changes.email = c.email ?? null;
  if (has('country')) changes.country = c.country ?? null;
  if (has('pcode')) changes.pcode = c.pcode ?? null;
  if (has('country') || has('pcode')) checkPlace(pick('country', before.country), pick('pcode', before.pcode), issues);
  if (has('householdId')) changes.household_id = c.householdId ?? null;
  if (has('householdRole')) changes.household_role = c.householdRole ?? null;
  if (has('migrationStatus')) changes.migration_status = c.migrationStatus ?? null;
  if (has('disability')) changes.disability = flag(c.disability);
  if (has('specificNeeds')) changes.specific_needs = joinCodes(c.specificNeeds);
  const documents = c.documents ? documentRows(id, before.organisation_id, c.documents, issues) : null;
  failIf(issues);

  // Evidence base: sex, date of birth, citizenship and place break the figures down (aggregates stay fresh).
  const evidence = await evidenceBefore(trx, [id], now);
  const ok = await repo.updateBeneficiaryVersioned(trx, id, version, changes, now.toISOString());
  if (!ok) throw new DomainError('precondition_failed', 'The person changed since you read them; reload and retry.');
  if (documents) await repo.replaceDocuments(trx, id, documents);
  await evidenceAfter(trx, evidence, now);
  return (await repo.findBeneficiary(trx, id))!;
}

/**
 * Deletes every name search key written for a person (erasure and anonymisation, subject-rights); how many rows
 * went. The keys are found from the person's own list of them, so nothing is left even if the key rules changed.
 */
export const eraseNameKeys = (trx: Trx, id: string): Promise<number> => repo.deleteNameKeys(trx, id);

/** A person's identity documents. */
export const documentsOfBeneficiary = (db: Db, id: string) => repo.documentsOf(db, [id]);

export type ListFilters = {
  limit: number;
  cursor?: string | undefined;
  country?: string | undefined;
  pcode?: string | undefined;
  dobFrom?: string | undefined;
  dobTo?: string | undefined;
  sex?: string | undefined;
  migrationStatus?: string | undefined;
  householdId?: string | undefined;
};

/**
 * People of the caller's organisation by Latin name, a page at a time, without those restricted from the caller
 * (they are skipped, not counted). The cursor is the id of the last person shown: no name travels in a URL.
 */
export async function listBeneficiaries(db: Db, p: Principal, f: ListFilters) {
  const items: repo.ListRow[] = [];
  let after = f.cursor ? await repo.listPosition(db, p.organisationId, f.cursor) : null;
  if (f.cursor && !after) throw badCursor();
  let more = false;
  // Pages are read until enough visible people are found; restricted people are rare, so this is one pass.
  for (let round = 0; round < 20 && items.length <= f.limit; round++) {
    const batch = await repo.listPage(db, p.organisationId, f, after, f.limit + 1);
    for (const b of batch) {
      if (b.restricted === 1 && !(await mayReadRestrictedPerson(db, p, b.id))) continue;
      items.push(b);
    }
    if (batch.length < f.limit + 1) break;
    const last = batch[batch.length - 1]!;
    after = { searchName: last.search_name, id: last.id };
  }
  if (items.length > f.limit) {
    more = true;
    items.length = f.limit;
  }
  return { items, next: more ? items[items.length - 1]!.id : null };
}
