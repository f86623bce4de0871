// An anonymised person (docs/subject-rights.md): the record stays for statistics, every direct identifier is gone for
// good. The registry must not let anyone name the person again, so the fields anonymisation blanked are locked here;
// subject-rights.store.ts does the anonymising and re-exports these.
import type { UpdateBeneficiary } from '@corridor/contracts';
import type { Db } from '../db/database.ts';
import { DomainError, type ValidationIssue } from '../errors.ts';

/** The name an anonymised person keeps: the same for everyone, so it identifies no one. */
export const ANONYMISED_NAME = 'Anonymised person';

/** True when the person was anonymised already (their search name is empty, which registration never allows). */
export const isAnonymised = (b: { search_name: string; name_latin: string }): boolean =>
  b.search_name === '' && b.name_latin === ANONYMISED_NAME;

/**
 * The refusal of anything new for an anonymised person (a consent event, a case, a record on one of their cases, a
 * referral): nobody can tell who they are any more, so nothing can rest on their word or be done for them, and nothing
 * new may gather about them (a note, a task, an assessment, a plan item or a case form could name them again). 409 `invalid_transition` with one issue of rule `anonymised` (for a client to word it) at `pointer`: the field
 * that names the person, or '' for the request as a whole.
 */
export const anonymisedRefusal = (pointer = '', location: ValidationIssue['location'] = 'body') =>
  new DomainError(
    'invalid_transition',
    'The person is anonymised: nothing new (consent, case, case record or referral) is recorded for them.',
    {
      errors: [
        {
          location,
          pointer,
          message: 'the person is anonymised: nothing new is recorded for them',
          code: 'custom',
          params: { rule: 'anonymised' },
        },
      ],
    },
  );

/** Refuses anything new for the person when they are anonymised (anonymisedRefusal). */
export function assertNotAnonymised(b: { search_name: string; name_latin: string }, pointer = ''): void {
  if (isAnonymised(b)) throw anonymisedRefusal(pointer);
}

/** Which of these people are anonymised (isAnonymised, read in the database): for writes of many records at once. */
export async function anonymisedAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('beneficiaries')
      .select('id')
      .where('id', 'in', unique.slice(i, i + 500))
      .where('search_name', '=', '')
      .where('name_latin', '=', ANONYMISED_NAME)
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** Refuses anything new on the records of a person (a case's services) when they are anonymised. */
export async function assertPersonNotAnonymised(db: Db, beneficiaryId: string, pointer = ''): Promise<void> {
  if ((await anonymisedAmong(db, [beneficiaryId])).size > 0) throw anonymisedRefusal(pointer);
}

/** Fields anonymisation blanked (or deleted: documents): an anonymised record takes no value for them again. */
const BLANKED = [
  'givenName',
  'familyName',
  'nameOriginal',
  'nameLatin',
  'gender',
  'languages',
  'documents',
  'phone',
  'email',
  'pcode',
  'householdId',
  'householdRole',
] as const satisfies readonly (keyof UpdateBeneficiary)[];

const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/**
 * Refuses a change that would identify an anonymised person again: a value for a blanked field, or a date of birth
 * more precise than the year (the only part anonymisation keeps, as 1 January with precision `year`). Clearing a
 * field changes nothing and passes; so do the kept statistical facts (sex, citizenships, country, migration status,
 * disability, specific needs).
 */
export function assertAnonymisedChange(c: UpdateBeneficiary): void {
  const named = BLANKED.some((k) => Object.hasOwn(c, k) && !empty(c[k]));
  const exactDate = typeof c.dateOfBirth === 'string' && !c.dateOfBirth.endsWith('-01-01');
  const precise = Object.hasOwn(c, 'dobPrecision') && !empty(c.dobPrecision) && c.dobPrecision !== 'year';
  if (named || exactDate || precise)
    throw new DomainError(
      'invalid_transition',
      'The person is anonymised: names, contact details, p-code, household, gender, languages, identity documents and a date of birth beyond the year can no longer be recorded.',
    );
}
