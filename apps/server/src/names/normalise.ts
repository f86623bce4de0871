// Name normalisation for search: any script in, canonical lower-case Latin tokens out. The same function runs on
// stored names and on what a user types, so both sides always agree.
import { hasNonLatinScript, transliterate } from './transliterate.ts';

// Latin letters that Unicode decomposition does not reduce to a base letter.
const LATIN_SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŀ: 'l',
};
const LATIN_SPECIAL_RE = new RegExp(`[${Object.keys(LATIN_SPECIAL).join('')}]`, 'g');
// Apostrophes and the ayn/hamza half-rings of scholarly transliteration (Sa'id, Saʿīd): dropped, not a space.
const APOSTROPHES = /['’‘ʼʻʿʾ`´]/g;
const HYPHENS = /[-\u2010\u2011\u2012\u2013\u2014_]/g;

// The Arabic article and its sun-letter forms, when written joined by a hyphen ("al-Hassan", "ar-Rashid",
// "Nour ed-Din"): dropped, so "Al-Hassan" and "Hassan" agree. Only with a hyphen, since "An" or "As" can be names.
const PARTICLES_HYPHENATED = new Set([
  'al',
  'el',
  'ul',
  'il',
  'ar',
  'as',
  'ad',
  'an',
  'at',
  'az',
  'ash',
  'ath',
  'adh',
  'ud',
  'ur',
  'us',
  'un',
  'ut',
  'uz',
  'ush',
  'ed',
  'er',
  'es',
  'en',
  'et',
  'ez',
]);
// Words that are never a name on their own: the article, and "son/daughter of" (kept out of the keys because
// whether a registration wrote them is a matter of habit, not identity).
const STANDALONE_DROPPED = new Set(['al', 'el', 'bin', 'ibn', 'bint', 'binti', 'ould']);
// "Abdel", "Abdul"... written apart ("Abdel Rahman") are the same word as "Abd" ("Abd al-Rahman").
const ABD_FORMS = new Set(['abd', 'abdel', 'abdul', 'abdal', 'abdol', 'abdil', 'abdel', 'abdoul']);
// What follows "Abd" when the name is Abdullah written apart ("Abd Allah", Arabic "عبد الله").
const ALLAH_FORMS = new Set(['allah', 'allh', 'lah', 'llah', 'ullah', 'illah', 'lh', 'alla']);

// The remainder of a joined Abdullah (Abdullahi, Abdallah, Abdelallah): the name stays one token.
const ALLAH_REST = /^[aeiou]{0,2}l{1,2}a(?:h|kh)?[iy]?e?$/;

/**
 * Splits a joined "Abd al-X" name into "abd" and "X": Abdelrahman, Abdulrahman, Abderrahmane, Abdirahman all
 * give ["abd", "rahman"/"rahmane"]. Short remainders (Abdullah, Abdalla) stay whole: they are one name.
 */
function splitAbd(token: string): string[] {
  if (!token.startsWith('abd') || token.length < 7) return [token];
  const after = token.slice(3);
  const article = /^[aeiou]l(.+)$/.exec(after);
  const assimilated = /^[aeiou]([rsdntz])\1(.+)$/.exec(after);
  const linking = /^[aeiou](.+)$/.exec(after);
  const rest = article ? article[1]! : assimilated ? assimilated[1]! + assimilated[2]! : linking ? linking[1]! : after;
  if (rest.length < 4 || ALLAH_REST.test(rest)) return [token];
  return ['abd', ...splitAbd(rest)];
}

/** Lower case, Latin letters only: transliterated, without diacritics, punctuation turned into spaces. */
export function foldToLatin(text: string): string {
  let s = text.normalize('NFC').toLowerCase();
  if (hasNonLatinScript(s)) s = transliterate(s);
  s = s.replace(LATIN_SPECIAL_RE, (c) => LATIN_SPECIAL[c] ?? c);
  s = s.normalize('NFKD').replace(/\p{M}/gu, '');
  s = s.replace(APOSTROPHES, '').replace(HYPHENS, '-');
  return s
    .replace(/[^a-z-]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

/** Longest token kept; keys are at most 64 characters and names are rarely longer than this. */
const MAX_TOKEN = 40;
/** Most tokens read from one name (a guard against pasted paragraphs). */
const MAX_TOKENS = 12;

/**
 * The canonical tokens of a name, in order: the form stored in `search_name` and used for every key.
 * Idempotent: normalising the joined tokens again gives the same tokens.
 */
export function nameTokens(text: string): string[] {
  const out: string[] = [];
  for (const chunk of foldToLatin(text).split(/\s+/)) {
    const parts = chunk.split('-').filter(Boolean);
    parts.forEach((part, i) => {
      if (i < parts.length - 1 && PARTICLES_HYPHENATED.has(part)) return;
      out.push(part);
    });
  }
  const merged: string[] = [];
  for (const raw of out) {
    if (STANDALONE_DROPPED.has(raw) || raw.length < 2) continue;
    const t = raw.slice(0, MAX_TOKEN);
    for (const piece of ABD_FORMS.has(t) ? ['abd'] : splitAbd(t)) {
      if (merged[merged.length - 1] === 'abd' && ALLAH_FORMS.has(piece)) merged[merged.length - 1] = 'abdullah';
      else merged.push(piece);
    }
  }
  return merged.slice(0, MAX_TOKENS);
}

/** The normalised name for the `search_name` column: canonical tokens, single spaces. */
export const searchName = (text: string): string => nameTokens(text).join(' ');

/**
 * Another form under which a token is also indexed: the article written joined to the name ("Alhassan",
 * "Elhadi") without it. Null when the token has none.
 */
export function articleFreeForm(token: string): string | null {
  const m = /^(?:al|el)([^aeiou].{3,})$/.exec(token);
  return m ? m[1]! : null;
}
