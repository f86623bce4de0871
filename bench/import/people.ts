// Synthetic people for the import and search benchmarks: deterministic (the same seed gives the same people), with
// names across scripts and spellings as registration desks write them. Given and family names are drawn with a
// Zipf-like skew from the registry's own variant groups (Muhammad written Mohammed, Mohamed, Muhammad, Maxamed, ...;
// the Arabic form for about a third of the people whose names all have one) and from East African names without
// a group (Tigrinya, Amharic, Somali: found by their phonetic key). A passport for 40%, an estimated or year-only
// date of birth for some. Never real people: combinations of common names with random dates and numbers.
import { VARIANT_GROUPS } from '@corridor/server/src/names/variant-groups.ts';

/** A small deterministic generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A name as the generator knows it: its Latin spellings (first the usual one) and its Arabic form, if any. */
export type NameSource = { latin: string[]; arabic: string | null };

const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /^[A-Za-z' -]+$/;

/** The variant groups as name sources: Latin spellings, and the group's Arabic-script entry. */
const GROUPED: NameSource[] = VARIANT_GROUPS.map((g) => ({
  latin: g.filter((s) => LATIN.test(s) && !s.includes(' ')),
  arabic: g.find((s) => ARABIC.test(s) && !s.includes(' ')) ?? null,
})).filter((s) => s.latin.length > 0);

/** Names without a variant group (East African given and family names), one spelling each, no Arabic form. */
const UNGROUPED: NameSource[] = [
  'Yonas',
  'Dawit',
  'Tesfay',
  'Tesfaye',
  'Hana',
  'Gebre',
  'Haile',
  'Kahsay',
  'Abeba',
  'Selam',
  'Mulu',
  'Berhane',
  'Tekle',
  'Mebrahtu',
  'Ghebremedhin',
  'Woldemariam',
  'Habtom',
  'Kidane',
  'Semere',
  'Filmon',
  'Senait',
  'Yordanos',
  'Luwam',
  'Rahwa',
  'Tsega',
  'Negash',
  'Asmerom',
  'Zerai',
  'Tewolde',
  'Mekonnen',
  'Alemu',
  'Bekele',
  'Girma',
  'Tadesse',
  'Wolde',
  'Hagos',
  'Amanuel',
  'Biniam',
  'Dawit',
  'Efrem',
  'Goitom',
  'Henok',
  'Issayas',
  'Kibrom',
  'Merhawi',
  'Nahom',
  'Robel',
  'Samson',
  'Teklit',
  'Yemane',
  'Warsame',
  'Farah',
  'Dahir',
  'Jama',
  'Nur',
  'Guled',
  'Abdi',
  'Shukri',
  'Hodan',
  'Deeqa',
].map((n) => ({ latin: [n], arabic: null }));

/** Every name source, most common first: the variant groups, then the ungrouped names. */
export const NAME_SOURCES: readonly NameSource[] = [...GROUPED, ...UNGROUPED];

/** A Zipf-like pick over `n` items (rank r with weight 1/(r+1)^0.9), from one uniform draw. */
function zipfPicker(n: number): (u: number) => number {
  const cum: number[] = [];
  let total = 0;
  for (let r = 0; r < n; r++) {
    total += 1 / (r + 1) ** 0.9;
    cum.push(total);
  }
  return (u) => {
    const x = u * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export type Person = {
  sourceId: string;
  given: string;
  family: string;
  /** The full name in Arabic script, when every name of the person has one (a third of those people). */
  original: string | null;
  /** The name sources behind given and family (for the search benchmark's variant queries). */
  givenSource: number;
  familySource: number;
  dob: string;
  dobPrecision: 'exact' | 'year' | 'estimated';
  sex: 'female' | 'male';
  citizenship: string;
  language: string;
  phone: string;
  country: string;
  pcode: string;
  /** A passport number for 40% of the people. */
  passport: string | null;
};

const COUNTRIES = ['SDN', 'TCD', 'LBY', 'EGY', 'ETH'];
/** Admin 1 p-codes of those countries, from OCHA's list (the server checks a person's p-code against it). */
const REGIONS: Record<string, readonly string[]> = {
  SDN: ['SD01', 'SD02', 'SD03', 'SD04', 'SD05', 'SD06', 'SD07', 'SD08', 'SD09'],
  TCD: ['TCD01', 'TCD02', 'TCD03', 'TCD04', 'TCD05', 'TCD06', 'TCD07', 'TCD08', 'TCD09'],
  LBY: ['LY01', 'LY02', 'LY03'],
  EGY: ['EG01', 'EG02', 'EG03', 'EG04', 'EG11', 'EG12', 'EG13', 'EG14', 'EG15'],
  ETH: ['ET01', 'ET02', 'ET03', 'ET04', 'ET05', 'ET06', 'ET07', 'ET11', 'ET12'],
};
const CITIZENSHIPS = ['ERI', 'ETH', 'SDN', 'SSD', 'SOM'];

/** N people, the same for the same seed. Everyone is an adult (born 1960–2005), so no child assent is needed. */
export function generatePeople(n: number, seed = 20261128): Person[] {
  const out: Person[] = [];
  for (const chunk of peopleInChunks(n, Math.max(n, 1), seed)) for (const p of chunk) out.push(p);
  return out;
}

/**
 * The same N people as generatePeople(n, seed), in order, `size` at a time: for runs too large to hold every
 * person in memory at once (the 20.5 million of the import benchmark).
 */
export function* peopleInChunks(n: number, size: number, seed = 20261128): Generator<Person[]> {
  if (!Number.isInteger(size) || size < 1) throw new Error('the chunk size must be a positive whole number');
  const make = personMaker(seed);
  for (let start = 1; start <= n; start += size) {
    const out: Person[] = [];
    const end = Math.min(n, start + size - 1);
    for (let i = start; i <= end; i++) out.push(make(i));
    yield out;
  }
}

/** The person of number i; must be called for 1, 2, 3... in order (every person draws from the same stream). */
function personMaker(seed: number): (i: number) => Person {
  const r = prng(seed);
  const zipf = zipfPicker(NAME_SOURCES.length);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  // Most people write their name the usual way; a third use another spelling of the group.
  const spelling = (s: NameSource) => (r() < 0.66 ? s.latin[0]! : pick(s.latin));
  return (i) => {
    const gi = zipf(r());
    const fi = zipf(r());
    const g = NAME_SOURCES[gi]!;
    const f = NAME_SOURCES[fi]!;
    const country = pick(COUNTRIES);
    const y = 1960 + Math.floor(r() * 46);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const p = r();
    return {
      sourceId: `B-${String(i).padStart(8, '0')}`,
      given: spelling(g),
      family: spelling(f),
      original: g.arabic && f.arabic && r() < 0.33 ? `${g.arabic} ${f.arabic}` : null,
      givenSource: gi,
      familySource: fi,
      dob: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      dobPrecision: p < 0.85 ? 'exact' : p < 0.95 ? 'estimated' : 'year',
      sex: r() < 0.5 ? 'female' : 'male',
      citizenship: pick(CITIZENSHIPS),
      language: r() < 0.5 ? 'ar' : 'tir',
      phone: `+249 9${Math.floor(r() * 10)} ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`,
      country,
      pcode: pick(REGIONS[country]!),
      passport: r() < 0.4 ? `P${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : null,
    };
  };
}

/** A beneficiaries CSV (Corridor's column names and an HXL row) of the people. */
export function beneficiariesCsv(people: readonly Person[]): Buffer {
  const lines = [
    'source_id,given_name,family_name,name_original,date_of_birth,dob_precision,sex,citizenships,languages,phone,country,pcode,document_type,document_number',
    '#meta+id,#beneficiary+name+given,#beneficiary+name+family,#beneficiary+name+original,#date+birth,,#beneficiary+sex,#country+code+nationality,#beneficiary+language,#contact+phone,#country+code,#loc+code,,#beneficiary+id+document',
  ];
  for (const p of people)
    lines.push(
      [
        p.sourceId,
        p.given,
        p.family,
        p.original ?? '',
        p.dob,
        p.dobPrecision,
        p.sex,
        p.citizenship,
        p.language,
        p.phone,
        p.country,
        p.pcode,
        p.passport ? 'passport' : '',
        p.passport ?? '',
      ].join(','),
    );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The people who get a case: every `every`-th person. */
export const withCase = (people: readonly Person[], every: number): Person[] =>
  people.filter((_, i) => i % every === 0);

/** A cases CSV: one protection case (stranded) per person given, naming the person by source id. */
export function casesCsv(people: readonly Person[]): Buffer {
  const lines = ['source_id,person_source_id,case_type,situation,opened_on'];
  for (const p of people) lines.push(`C-${p.sourceId},${p.sourceId},protection,stranded,2026-01-15`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** A services CSV: one service delivered on each case. */
export function servicesCsv(people: readonly Person[]): Buffer {
  const lines = ['source_id,case_source_id,service_type,delivered_on,value_minor,currency'];
  for (const p of people) lines.push(`S-${p.sourceId},C-${p.sourceId},accommodation,2026-02-01,45000,USD`);
  return Buffer.from(`${lines.join('\n')}\n`);
}
