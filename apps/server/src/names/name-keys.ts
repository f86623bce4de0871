// Search keys of a name and how two name tokens compare. Keys are what the `beneficiary_name_keys` table holds
// (indexed on organisation and key), so candidate generation is a handful of index look-ups:
//   t:<token>   the canonical token (and its article-free form: "alhassan" also gives t:hassan)
//   v:<group>   the token's variant group (mohamed, muhammad, محمد -> v:muhammad)
//   p:<key>     the phonetic key (MHMT)
//   d:<key>     the phonetic key with one sound deleted, for keys of three sounds or more (one-letter typos)
//   q:<u>.<u>   a pair of the person's name units (variant group, else phonetic key), sorted: common names are
//               rare together ("Mohamed" and "Hassan" each held by many, both by few)
//   y:<yyyy>:<u> a name unit with the year of birth: "Mohamed born in 1979" is rare even where Mohamed is not
import { articleFreeForm, foldToLatin, nameTokens } from './normalise.ts';
import { deletions, phoneticKey } from './phonetic.ts';
import { variantDisplayOf, variantGroupOf } from './variants.ts';

/** Everything matching needs to know about one canonical token. */
export type TokenInfo = {
  token: string;
  /** The token and its article-free form, if any. */
  forms: readonly string[];
  group: string | null;
  /** Phonetic key; empty when the token has fewer than two sounds (too unspecific to match on). */
  key: string;
  /** One-deletion neighbourhood of the key (empty for short keys). */
  dels: readonly string[];
};

const cache = new Map<string, TokenInfo>();
const CACHE_MAX = 100_000;

/** Facts about a canonical token, memoised (search compares the same common names over and over). */
export function tokenInfo(token: string): TokenInfo {
  const hit = cache.get(token);
  if (hit) return hit;
  const alt = articleFreeForm(token);
  const forms = alt ? [token, alt] : [token];
  const group = variantGroupOf(token) ?? (alt ? variantGroupOf(alt) : null);
  const k = phoneticKey(token);
  const key = k.length >= 2 ? k : '';
  const info: TokenInfo = { token, forms, group, key, dels: key ? deletions(key) : [] };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(token, info);
  return info;
}

/** The keys stored for one token. */
export function storedKeysOf(t: TokenInfo): string[] {
  const keys = t.forms.map((f) => `t:${f}`);
  if (t.group) keys.push(`v:${t.group}`);
  if (t.key) keys.push(`p:${t.key}`, ...t.dels.map((d) => `d:${d}`));
  return keys;
}

const tokensOfName = new Map<string, readonly string[]>();

/** nameTokens, memoised: names repeat a great deal (a bulk import normalises the same few thousand over and over). */
function cachedTokens(name: string): readonly string[] {
  let tokens = tokensOfName.get(name);
  if (!tokens) {
    tokens = nameTokens(name);
    if (tokensOfName.size >= CACHE_MAX) tokensOfName.clear();
    tokensOfName.set(name, tokens);
  }
  return tokens;
}

/** The canonical tokens of all of a person's names, deduplicated, in the order given (Latin name first). */
export function personTokens(names: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const n of names) if (n) for (const t of cachedTokens(n)) seen.add(t);
  return [...seen];
}

/** The unit a token pairs and dates under: its variant group, else its phonetic key, else the token. */
export const unitOf = (t: TokenInfo): string => t.group ?? (t.key || t.token.slice(0, 20));

/** Most name units combined into pair keys (a name of 6 units gives 15 pairs). */
const MAX_PAIR_UNITS = 6;

/** The pair keys of a set of name units. */
export function pairKeys(units: readonly string[]): string[] {
  const u = [...new Set(units)].slice(0, MAX_PAIR_UNITS).sort();
  const out: string[] = [];
  for (let i = 0; i < u.length; i++) for (let j = i + 1; j < u.length; j++) out.push(`q:${u[i]}.${u[j]}`);
  return out;
}

/** The year-of-birth keys of a set of name units. */
export const yearKeys = (units: readonly string[], dateOfBirth: string | null | undefined): string[] =>
  dateOfBirth ? [...new Set(units)].map((u) => `y:${dateOfBirth.slice(0, 4)}:${u}`) : [];

/** Every key to store for a person with these names (and date of birth). */
export function personKeys(tokens: readonly string[], dateOfBirth: string | null = null): string[] {
  const keys = new Set<string>();
  const infos = tokens.map(tokenInfo);
  for (const t of infos) for (const k of storedKeysOf(t)) keys.add(k);
  const units = infos.map(unitOf);
  for (const k of pairKeys(units)) keys.add(k);
  for (const k of yearKeys(units, dateOfBirth)) keys.add(k);
  return [...keys];
}

export type MatchLevel = 'exact' | 'variant' | 'phonetic' | 'typo';

/**
 * The keys that find stored tokens matching a query token, by level: exact forms, the variant group, the
 * phonetic key, and the typo neighbourhood (query key against stored deletions, query deletions against stored
 * keys and deletions).
 */
export function queryKeysOf(t: TokenInfo): Record<MatchLevel, string[]> {
  return {
    exact: t.forms.map((f) => `t:${f}`),
    variant: t.group ? [`v:${t.group}`] : [],
    phonetic: t.key ? [`p:${t.key}`] : [],
    typo: t.key ? [`d:${t.key}`, ...t.dels.flatMap((d) => [`p:${d}`, `d:${d}`])] : [],
  };
}

/** How well a stored token matches a query token, or null when it does not. */
export function compareTokens(q: TokenInfo, c: TokenInfo): MatchLevel | null {
  if (q.forms.some((f) => c.forms.includes(f))) return 'exact';
  if (q.group !== null && q.group === c.group) return 'variant';
  if (!q.key || !c.key) return null;
  if (q.key === c.key) return 'phonetic';
  if (q.dels.includes(c.key) || c.dels.includes(q.key) || q.dels.some((d) => c.dels.includes(d))) return 'typo';
  return null;
}

/**
 * A readable Latin form of a name written in another script, for `name_latin` when none is given: each word
 * transliterated, spelt as its variant group's display form when it has one ("محمد علي" -> "Muhammad Ali").
 */
export function latinFromOriginal(original: string): string {
  const words: string[] = [];
  for (const word of original.trim().split(/\s+/)) {
    const parts = foldToLatin(word)
      .split(/[\s-]+/)
      .filter(Boolean);
    const out = parts.map((p, i) => {
      if (i < parts.length - 1 && p === 'al') return 'al';
      const display = variantDisplayOf(p);
      return display ?? p.charAt(0).toUpperCase() + p.slice(1);
    });
    if (out.length) words.push(out.join('-'));
  }
  return words.join(' ');
}
