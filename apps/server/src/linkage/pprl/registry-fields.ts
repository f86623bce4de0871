// From a registered person to the values a linkage schema encodes, and the schema linkage projects use by default.
// Names go through the same normalisation as search (names/normalise.ts): lower-case Latin, diacritics folded,
// Arabic and Cyrillic transliterated, so that "Mohammed Hassan" and "محمد حسن" meet in the encodings.
import { randomBytes } from 'node:crypto';
import type { RegistryField } from '@corridor/contracts';
import { searchName } from '../../names/normalise.ts';
import { PROJECT_HARDENING } from './project-defaults.ts';

/** What the encoder reads of a person (a subset of the registry's columns). */
export type RegistryPerson = {
  given_name: string | null;
  family_name: string | null;
  name_latin: string;
  date_of_birth: string | null;
  dob_precision: string | null;
  sex: string | null;
  citizenships: string;
};

/** The values of a person by feature identifier; '' where unknown (schemas declare '' as the missing value). */
export function registryValues(p: RegistryPerson): Record<RegistryField, string> {
  let given = searchName(p.given_name ?? '');
  let family = searchName(p.family_name ?? '');
  if (!given && !family) {
    const words = searchName(p.name_latin).split(' ').filter(Boolean);
    family = words.length > 1 ? words.pop()! : '';
    given = words.join(' ');
  }
  const exactDob = p.dob_precision === 'exact' && p.date_of_birth ? p.date_of_birth : '';
  return {
    given_name: given,
    family_name: family,
    full_name: [given, family].filter(Boolean).join(' '),
    date_of_birth: exactDob,
    year_of_birth: p.date_of_birth && p.dob_precision !== 'estimated' ? p.date_of_birth.slice(0, 4) : '',
    sex: p.sex && p.sex !== 'unknown' ? p.sex : '',
    citizenship: p.citizenships.split(' ').filter(Boolean).sort()[0] ?? '',
  };
}

/** The schema of a new project when none is given: names, date of birth and sex, balanced, a fresh salt. */
export function defaultProjectSchema(): Record<string, unknown> {
  const ngram = (n: number, bitsPerFeature: number, positional = false) => ({
    comparison: { type: 'ngram', n, positional },
    strategy: { bitsPerFeature },
    missingValue: { sentinel: '' },
  });
  return {
    version: 3,
    clkConfig: {
      l: 1024,
      balanced: PROJECT_HARDENING.balanced,
      kdf: { type: 'HKDF', hash: 'SHA256', salt: randomBytes(32).toString('base64'), keySize: 64 },
    },
    features: [
      { identifier: 'given_name', format: { type: 'string', maxLength: 120 }, hashing: ngram(2, 300) },
      { identifier: 'family_name', format: { type: 'string', maxLength: 120 }, hashing: ngram(2, 300) },
      { identifier: 'date_of_birth', format: { type: 'date', format: '%Y-%m-%d' }, hashing: ngram(1, 300, true) },
      {
        identifier: 'sex',
        format: { type: 'string', maxLength: 20 },
        hashing: { comparison: { type: 'exact' }, strategy: { bitsPerFeature: 60 }, missingValue: { sentinel: '' } },
      },
    ],
  };
}
