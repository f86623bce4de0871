// A consonant-skeleton key for names transliterated from Arabic and other scripts, where vowels are unwritten
// (Arabic "mhmd") or spelt many ways (Mohamed, Muhammad), and where a few consonants have several renderings
// (d/t, s/z, g/j, q/k, th/t, ph/f). Like Soundex and Metaphone it keeps the first sound and merges similar
// consonants; unlike them it drops every vowel after the first letter and collapses repeats after doing so, so
// a spelling with and without short vowels gives the same key.

// Multi-letter spellings of one sound, longest first.
const DIGRAPHS: [RegExp, string][] = [
  [/shch/g, 'X'],
  [/sch/g, 'X'],
  [/sh/g, 'X'],
  [/ch/g, 'X'],
  [/zh/g, 'J'],
  [/kh/g, 'K'],
  [/gh/g, 'J'],
  [/dh/g, 'T'],
  [/th/g, 'T'],
  [/ph/g, 'F'],
  [/ck/g, 'K'],
  [/qu/g, 'K'],
  [/ts/g, 'S'],
  [/dj/g, 'J'],
  [/ou/g, 'u'],
];

// Consonant classes; vowels and the semivowels w and y are dropped after the first letter.
const CLASS: Record<string, string> = {
  b: 'B',
  p: 'B',
  f: 'F',
  v: 'F',
  d: 'T',
  t: 'T',
  s: 'S',
  z: 'S',
  c: 'K',
  k: 'K',
  q: 'K',
  g: 'J',
  j: 'J',
  x: 'KS',
  l: 'L',
  m: 'M',
  n: 'N',
  r: 'R',
  h: 'H',
};
const VOWELISH = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'w']);

/** Longest key kept; long names still differ within their first eight consonants. */
const MAX_KEY = 8;

/**
 * The phonetic key of one canonical token (a-z): "A" for a leading vowel, then consonant classes without
 * vowels and without repeats. mohammed, muhamad, mhmd -> MHMT; omar, umar, amr -> AMR; youssef, yusuf -> ASF.
 */
export function phoneticKey(token: string): string {
  // A final h after a vowel is silent (Fatimah, Abdullah, Aishah).
  let s = token.replace(/([aeiouy])h$/, '$1');
  for (const [re, to] of DIGRAPHS) s = s.replace(re, to);
  let key = '';
  [...s].forEach((c, i) => {
    if (i === 0 && VOWELISH.has(c)) key += 'A';
    else if (!VOWELISH.has(c)) key += CLASS[c] ?? c.toUpperCase();
  });
  const collapsed = key.replace(/(.)\1+/g, '$1');
  return collapsed.slice(0, MAX_KEY);
}

/** Shortest key worth a typo neighbourhood: deleting one sound of a shorter key matches far too many names. */
export const MIN_TYPO_KEY = 3;

/**
 * Every key obtained by deleting one sound (a symmetric-deletion neighbourhood, as in SymSpell): two keys within
 * one insertion, deletion or substitution share a member of {key} + deletions(key).
 */
export function deletions(key: string): string[] {
  if (key.length < MIN_TYPO_KEY) return [];
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  out.delete(key);
  return [...out];
}
