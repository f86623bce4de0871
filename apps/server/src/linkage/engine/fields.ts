// Field kinds: how a raw value is normalised and how two normalised values compare, as an ordered list of
// comparison levels (the first that holds is the level of the pair; "else" last). The levels follow Splink's
// defaults (Jaro-Winkler at 0.92, 0.88 and 0.70 for names) with levels of our own for name variants and
// nicknames, phonetic keys, swapped day and month, partial dates and one-character document typos.
import { foldToLatin, nameTokens } from '../../names/normalise.ts';
import { phoneticKey } from '../../names/phonetic.ts';
import { equivalentNames } from './name-equivalence.ts';
import { editDistance, jaroWinkler } from './similarity.ts';

export const FIELD_KINDS = ['name', 'text', 'date', 'document', 'exact'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** A normalised value; `text` is its canonical form (equal texts are an exact agreement). */
export type NameValue = { kind: 'name'; text: string; tokens: string[]; sorted: string; phonetic: string };
export type TextValue = { kind: 'text'; text: string };
/** A date; 0 for a part that is unknown (a year-only date of birth has month and day 0). */
export type DateValue = { kind: 'date'; text: string; y: number; m: number; d: number };
export type CodeValue = { kind: 'document' | 'exact'; text: string };
export type FieldValue = NameValue | TextValue | DateValue | CodeValue;

/** The comparison levels of each kind, strongest first; the last is disagreement. */
export const LEVELS: Record<FieldKind, readonly string[]> = {
  name: ['exact', 'variant', 'jw>=0.92', 'jw>=0.88', 'phonetic', 'jw>=0.70', 'else'],
  text: ['exact', 'jw>=0.92', 'jw>=0.80', 'else'],
  date: ['exact', 'day-month-swapped', 'one-digit', 'partial', 'same-year', 'else'],
  document: ['exact', 'one-edit', 'else'],
  exact: ['exact', 'else'],
};

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Reads a date as YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD, DD/MM/YYYY, DD.MM.YYYY, YYYY-MM or YYYY; null if none. */
export function parseDate(raw: string): DateValue | null {
  const s = raw.trim();
  let y = 0;
  let m = 0;
  let d = 0;
  const ymd = /^(\d{4})(\d{2})(\d{2})$/.exec(s) ?? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(s);
  const dmy = ymd ? null : /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  const ym = ymd || dmy ? null : /^(\d{4})(?:[-/](\d{1,2}))?$/.exec(s);
  if (ymd) {
    y = +ymd[1]!;
    m = +ymd[2]!;
    d = +ymd[3]!;
  } else if (dmy) {
    d = +dmy[1]!;
    m = +dmy[2]!;
    y = +dmy[3]!;
  } else if (ym) {
    y = +ym[1]!;
    m = ym[2] ? +ym[2] : 0;
  } else return null;
  // Swapped parts are common on registration forms: a "month" above 12 with a day that could be a month is
  // kept as written (the comparison recognises swaps); only impossible values become unknown.
  if (y < 1800 || y > 2200) return null;
  if (m > 31) m = 0;
  if (d > 31) d = 0;
  if (m === 0) d = 0;
  return { kind: 'date', text: `${pad(y, 4)}${pad(m, 2)}${pad(d, 2)}`, y, m, d };
}

/** Normalises one raw value of a field of this kind; null when nothing usable is left (blank, "n/a"...). */
export function normalise(kind: FieldKind, raw: string | null | undefined): FieldValue | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  switch (kind) {
    case 'name': {
      const tokens = nameTokens(trimmed);
      if (tokens.length === 0) return null;
      const text = tokens.join(' ');
      return {
        kind,
        text,
        tokens,
        sorted: tokens.length > 1 ? [...tokens].sort().join(' ') : text,
        phonetic: tokens.map(phoneticKey).join(' '),
      };
    }
    case 'text': {
      const text = foldToLatin(trimmed).replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
      return text ? { kind, text } : null;
    }
    case 'date':
      return parseDate(trimmed);
    case 'document': {
      // Capitals, without spaces and punctuation; the letter O and the digit 0 are confused on forms.
      // Most numbers are plain ASCII: no decomposition needed.
      const ascii = /^[\x20-\x7e]*$/.test(trimmed);
      const text = (ascii ? trimmed : trimmed.normalize('NFKD').replace(/\p{M}/gu, ''))
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .replace(/O/g, '0');
      return text ? { kind, text } : null;
    }
    case 'exact': {
      const text = trimmed.toLowerCase().replace(/\s+/g, ' ');
      return { kind, text };
    }
  }
}

/** True when every token of the shorter name agrees with a token of the longer one, exactly or as a variant. */
function tokensEquivalent(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((t) => long.some((u) => t === u || equivalentNames(t, u)));
}

function compareNames(a: NameValue, b: NameValue): number {
  if (a.text === b.text || a.sorted === b.sorted) return 0;
  if (tokensEquivalent(a.tokens, b.tokens)) return 1;
  const jw = jaroWinkler(a.text, b.text);
  if (jw >= 0.92) return 2;
  if (jw >= 0.88) return 3;
  if (a.phonetic === b.phonetic) return 4;
  return jw >= 0.7 ? 5 : 6;
}

function compareTexts(a: TextValue, b: TextValue): number {
  if (a.text === b.text) return 0;
  const jw = jaroWinkler(a.text, b.text);
  if (jw >= 0.92) return 1;
  return jw >= 0.8 ? 2 : 3;
}

function compareDates(a: DateValue, b: DateValue): number {
  if (a.text === b.text) return 0;
  const complete = a.m > 0 && a.d > 0 && b.m > 0 && b.d > 0;
  if (complete && a.y === b.y && a.m === b.d && a.d === b.m) return 1;
  if (complete && editDistance(a.text, b.text, 1) <= 1) return 2;
  // One date less precise than the other, agreeing on what both know (1990 and 1990-05-12).
  if ((a.m === 0 || b.m === 0 || a.d === 0 || b.d === 0) && a.y === b.y && (a.m === 0 || b.m === 0 || a.m === b.m))
    return 3;
  return a.y === b.y ? 4 : 5;
}

function compareCodes(kind: 'document' | 'exact', a: CodeValue, b: CodeValue): number {
  if (a.text === b.text) return 0;
  if (kind === 'exact') return 1;
  return editDistance(a.text, b.text, 1) <= 1 ? 1 : 2;
}

/** The comparison level of two normalised values of one kind (index into LEVELS[kind]). */
export function compareValues(kind: FieldKind, a: FieldValue, b: FieldValue): number {
  switch (kind) {
    case 'name':
      return compareNames(a as NameValue, b as NameValue);
    case 'text':
      return compareTexts(a as TextValue, b as TextValue);
    case 'date':
      return compareDates(a as DateValue, b as DateValue);
    case 'document':
    case 'exact':
      return compareCodes(kind, a as CodeValue, b as CodeValue);
  }
}
