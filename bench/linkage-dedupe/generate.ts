// Generated beneficiary records with duplicates, for the dedupe benchmark: deterministic (same size and seed, same
// records). About 80% of the records are distinct people (the import benchmark's generator: names across
// spellings and scripts, Zipf-skewed); the rest are second registrations of some of them, as a second desk would
// write them: another spelling of a name (Mohamed/Muhammad), the name in Arabic script, a typing mistake, day and
// month swapped, a digit wrong, only the year, the passport missing or mistyped, another phone number.
import type { RecordTable } from '@corridor/server/src/linkage/engine/encode.ts';
import { generatePeople, NAME_SOURCES, type Person, prng } from '../import/people.ts';

/** Records as columns, and the true duplicate pairs (by record index) for measuring accuracy. */
export type GeneratedRecords = { table: RecordTable; entityOf: Int32Array };

/** One letter changed, dropped, doubled or swapped with the next (not the first letter). */
export function typo(word: string, r: () => number): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(r() * (word.length - 2));
  const k = r();
  if (k < 0.3) return word.slice(0, i) + 'aeiourlnst'[Math.floor(r() * 10)] + word.slice(i + 1);
  if (k < 0.55) return word.slice(0, i) + word.slice(i + 1);
  if (k < 0.75) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

function respell(name: string, source: number, arabicOk: boolean, r: () => number): string {
  const s = NAME_SOURCES[source]!;
  const k = r();
  if (k < 0.15 && arabicOk && s.arabic) return s.arabic;
  if (k < 0.45 && s.latin.length > 1) return s.latin[Math.floor(r() * s.latin.length)]!;
  if (k < 0.7) return typo(name, r);
  return name;
}

function redate(dob: string, r: () => number): string {
  const [y, m, d] = dob.split('-');
  const k = r();
  if (k < 0.12 && Number(d) <= 12) return `${y}-${d}-${m}`;
  if (k < 0.22) {
    const digits = `${y}${m}${d}`;
    const i = 2 + Math.floor(r() * 6);
    const changed = digits.slice(0, i) + String((Number(digits[i]) + 1) % 10) + digits.slice(i + 1);
    const dd = Number(changed.slice(6, 8));
    const mm = Number(changed.slice(4, 6));
    return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 28
      ? `${changed.slice(0, 4)}-${changed.slice(4, 6)}-${changed.slice(6)}`
      : dob;
  }
  if (k < 0.3) return y!;
  return dob;
}

/** `n` records, about a fifth of them duplicates of others. */
export function generateRecords(n: number, seed = 20261129): GeneratedRecords {
  const distinct = Math.max(1, Math.round(n * 0.8));
  const people: Person[] = generatePeople(distinct, seed);
  const r = prng(seed ^ 0x5bd1e995);
  const ids: string[] = new Array(n);
  const given: string[] = new Array(n);
  const family: string[] = new Array(n);
  const dob: (string | null)[] = new Array(n);
  const document: (string | null)[] = new Array(n);
  const phone: (string | null)[] = new Array(n);
  const sex: string[] = new Array(n);
  const entityOf = new Int32Array(n);
  for (let i = 0; i < distinct; i++) {
    const p = people[i]!;
    ids[i] = p.sourceId;
    given[i] = p.given;
    family[i] = p.family;
    dob[i] = p.dobPrecision === 'year' ? p.dob.slice(0, 4) : p.dob;
    document[i] = p.passport;
    phone[i] = p.phone;
    sex[i] = p.sex;
    entityOf[i] = i;
  }
  for (let i = distinct; i < n; i++) {
    const e = Math.floor(r() * distinct);
    const p = people[e]!;
    const arabic = r() < 0.5;
    ids[i] = `${p.sourceId}-D${i}`;
    given[i] = respell(p.given, p.givenSource, arabic, r);
    family[i] = respell(p.family, p.familySource, arabic, r);
    dob[i] = redate(p.dob, r);
    document[i] = p.passport && r() < 0.6 ? (r() < 0.15 ? typo(p.passport, r) : p.passport) : null;
    phone[i] = r() < 0.6 ? p.phone : `+249 9${Math.floor(r() * 10)} ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
    sex[i] = p.sex;
    entityOf[i] = e;
  }
  return {
    table: { ids, columns: { given_name: given, family_name: family, date_of_birth: dob, document, phone, sex } },
    entityOf,
  };
}
