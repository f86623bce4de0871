// An anonymised person (docs/subject-rights.md): the record stays for statistics, every direct identifier is gone for
// good. The registry must not let anyone name the person again, so the fields anonymisation blanked are locked here;
// subject-rights.store.ts does the anonymising and re-exports these.
import type { UpdateBeneficiary } from '@corridor/contracts';
import { DomainError } from '../errors.ts';

/** The name an anonymised person keeps: the same for everyone, so it identifies no one. */
export const ANONYMISED_NAME = 'Anonymised person';

/** True when the person was anonymised already (their search name is empty, which registration never allows). */
export const isAnonymised = (b: { search_name: string; name_latin: string }): boolean =>
  b.search_name === '' && b.name_latin === ANONYMISED_NAME;

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
