// Person search (docs/search.md). Three steps, each bounded whatever the size of the registry:
//  1. candidates: the name keys of the query are counted (capped), the rarest are read up to a budget of
//     postings (single names, pairs of names, names with the birth year, typo neighbourhoods), a bounded
//     sample when every combination is common, documents looked up by their key;
//  2. scoring: candidates are read in order of the evidence found so far, scored on how their names, date of
//     birth and documents agree with the query, until no unread candidate could still enter the result;
//  3. access: a restricted person the caller may not see is dropped before ranking, never counted.
import type { SearchBeneficiaries } from '@corridor/contracts';
import { mayReadRestrictedPerson } from '../cases/case-access.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import {
  compareTokens,
  type MatchLevel,
  pairKeys,
  personTokens,
  queryKeysOf,
  type TokenInfo,
  tokenInfo,
  unitOf,
  yearKeys,
} from '../names/name-keys.ts';
import { type ListRow, listRowsByNumber, type PlaceAndBirthFilters, rowPasses } from './beneficiaries.repository.ts';
import * as sr from './beneficiaries.search.repository.ts';
import { documentKey } from './document-number.ts';

/** A key held by more people than this is "common": its postings are never read whole. */
export const KEY_CAP = 1000;
/** Most postings read per search (rarest keys first). */
const POSTING_BUDGET = 3000;
/** A typo-neighbourhood key is read only when this rare: typo keys of short names are held by many. */
const TYPO_KEY_MAX = 400;
/** Holders read of a key too common to read whole, when nothing rarer binds the query's names. */
const SAMPLE_MAX = 1000;
/** Most people read and scored per search (each is a primary-key look-up). */
const MAX_SCORED = 600;
/** People read per round of scoring. */
const ROUND = 100;
/** Query name parts considered (a full name rarely has more). */
const MAX_QUERY_TOKENS = 8;

const LEVEL_WEIGHT: Record<MatchLevel, number> = { exact: 4, variant: 3, phonetic: 2, typo: 1 };
const DOB_WEIGHT = { exact: 4, year: 1.5 } as const;
const DOCUMENT_WEIGHT = 20;

export type SearchMatch = {
  name: { level: MatchLevel; matched: number; of: number } | null;
  dateOfBirth: 'exact' | 'year' | null;
  document: boolean;
  fields: ('name' | 'dateOfBirth' | 'document')[];
};
export type SearchHitRow = { row: ListRow; match: SearchMatch };

/**
 * Evidence about one candidate before its row is read: the best weight found per query token, and documents. A
 * candidate is known by the person's number in the name-key index (`person_no`) until its row is read.
 */
type Candidate = { no: number; weights: number[]; document: boolean };

/** Per query token: were all its strong keys read; were its typo keys not all read. */
type NameEvidence = { read: boolean[]; typoUnknown: boolean[] };

class Candidates {
  readonly byNo = new Map<number, Candidate>();
  constructor(private readonly tokens: number) {}
  mark(no: number, token: number, weight: number): Candidate {
    let c = this.byNo.get(no);
    if (!c) {
      c = { no, weights: new Array(this.tokens).fill(0), document: false };
      this.byNo.set(no, c);
    }
    if (token >= 0 && weight > c.weights[token]!) c.weights[token] = weight;
    return c;
  }
  /** Evidence found so far; documents count most. */
  static prelim(c: Candidate): number {
    return (c.document ? DOCUMENT_WEIGHT : 0) + c.weights.reduce((a, b) => a + b, 0);
  }
  /**
   * The most a candidate can score once its row is read: each token's weight as found, or what it may still
   * turn out to be (exact, for a name too common to read; typo, where typo keys were not read), plus the
   * birth-date weight. Reading a row and scoring it costs less than probing the keys of common names.
   */
  static bound(c: Candidate, e: NameEvidence, dobMax: number): number {
    let b = Candidates.prelim(c) + dobMax;
    c.weights.forEach((w, i) => {
      if (!e.read[i]) b += LEVEL_WEIGHT.exact - w;
      else if (w === 0 && e.typoUnknown[i]) b += LEVEL_WEIGHT.typo;
    });
    return b;
  }
}

/** The search: ranked people the caller may see, most likely first, and whether more matched than `limit`. */
export async function searchBeneficiaries(
  db: Db,
  p: Principal,
  q: SearchBeneficiaries,
): Promise<{ hits: SearchHitRow[]; more: boolean }> {
  const org = p.organisationId;
  const infos = personTokens([q.name, q.nameLatin, q.givenName, q.familyName, q.nameOriginal])
    .slice(0, MAX_QUERY_TOKENS)
    .map(tokenInfo);
  const numbers = [q.documentNumber, ...(q.documents ?? []).map((d) => d.number)].filter((n): n is string => !!n);
  const docKeys = [...new Set(numbers.map(documentKey))].filter(Boolean);
  const filters: PlaceAndBirthFilters = { country: q.country, pcode: q.pcode, dobFrom: q.dobFrom, dobTo: q.dobTo };

  const cands = new Candidates(infos.length);
  const evidence: NameEvidence = infos.length
    ? await nameCandidates(db, org, infos, q, cands)
    : { read: [], typoUnknown: [] };
  if (docKeys.length)
    for (const d of await sr.documentMatches(db, org, docKeys, KEY_CAP)) cands.mark(d.personNo, -1, 0).document = true;
  if (!infos.length && !docKeys.length) {
    // Only places, birth dates or a birth date: the filters select, by name; the birth date ranks.
    const born = q.dateOfBirth ? yearRange(q.dateOfBirth) : {};
    const ids = await sr.idsByFilters(db, org, { ...filters, ...born }, (q.limit + 1) * 4);
    for (const no of ids) cands.mark(no, -1, 0);
  }
  const dobMax = q.dateOfBirth ? DOB_WEIGHT.exact : 0;

  // Read candidates in order of the best score they could reach; stop when the next cannot beat the result.
  const bounded = [...cands.byNo.values()]
    .map((c) => ({ c, bound: Candidates.bound(c, evidence, dobMax) }))
    .sort((a, b) => b.bound - a.bound || Candidates.prelim(b.c) - Candidates.prelim(a.c));
  const scored: (SearchHitRow & { total: number })[] = [];
  const kthBest = () => (scored.length > q.limit ? scored[q.limit]!.total : Number.NEGATIVE_INFINITY);
  for (let i = 0; i < bounded.length && i < MAX_SCORED; i += ROUND) {
    if (bounded[i]!.bound <= kthBest()) break;
    const round = bounded.slice(i, i + ROUND);
    for (const row of await listRowsByNumber(
      db,
      round.map((x) => x.c.no),
    )) {
      if (row.organisation_id !== org || !rowPasses(row, filters)) continue;
      const s = score(row, infos, q.dateOfBirth ?? null, cands.byNo.get(Number(row.person_no))!.document);
      if (!s.include) continue;
      // Access before ranking: a restricted person the caller may not see takes no place in the result. Only
      // asked when the person would enter the result (the bar only rises, so one below it never will).
      if (row.restricted === 1 && (s.total <= kthBest() || !(await mayReadRestrictedPerson(db, p, row.id)))) continue;
      scored.push({ row, match: s.match, total: s.total });
    }
    scored.sort(byRank);
  }
  return { hits: scored.slice(0, q.limit).map(({ row, match }) => ({ row, match })), more: scored.length > q.limit };
}

const byRank = (
  a: { total: number; match: SearchMatch; row: ListRow },
  b: { total: number; match: SearchMatch; row: ListRow },
) =>
  b.total - a.total ||
  (b.match.name?.matched ?? 0) - (a.match.name?.matched ?? 0) ||
  (a.row.search_name < b.row.search_name ? -1 : a.row.search_name > b.row.search_name ? 1 : 0) ||
  (a.row.id < b.row.id ? -1 : 1);

const yearRange = (date: string) => ({ dobFrom: `${date.slice(0, 4)}-01-01`, dobTo: `${date.slice(0, 4)}-12-31` });

/** Years of birth the query names: the year of its date of birth, or every year of a range up to three years. */
function queryYears(q: SearchBeneficiaries): string[] {
  if (q.dateOfBirth) return [q.dateOfBirth.slice(0, 4)];
  if (!q.dobFrom || !q.dobTo) return [];
  const [from, to] = [Number(q.dobFrom.slice(0, 4)), Number(q.dobTo.slice(0, 4))];
  return to - from <= 2 ? Array.from({ length: to - from + 1 }, (_, i) => String(from + i)) : [];
}

type KeyUse = { tokens: number[]; weight: number; typo: boolean };

/**
 * Candidates by name. Every key of the query is counted (up to KEY_CAP); the rarest are read whole within a
 * budget: single names, pairs of names, names with the year of birth, then typo neighbourhoods. When no key
 * that binds the names together could be read (every pair common, no birth year), a bounded sample of the
 * rarest pair's holders is taken.
 */
async function nameCandidates(
  db: Db,
  org: string,
  infos: TokenInfo[],
  q: SearchBeneficiaries,
  cands: Candidates,
): Promise<NameEvidence> {
  const perToken = infos.map(queryKeysOf);
  const uses = new Map<string, KeyUse>();
  const use = (key: string, tokens: number[], weight: number, typo = false) => {
    if (!uses.has(key)) uses.set(key, { tokens, weight, typo });
  };
  perToken.forEach((levels, i) => {
    for (const level of ['exact', 'variant', 'phonetic', 'typo'] as const)
      for (const key of levels[level]) use(key, [i], LEVEL_WEIGHT[level], level === 'typo');
  });
  const units = infos.map(unitOf);
  const unitWeight = (i: number) => (infos[i]!.group ? LEVEL_WEIGHT.variant : LEVEL_WEIGHT.phonetic);
  const binding: string[] = [];
  for (let i = 0; i < infos.length; i++)
    for (let j = i + 1; j < infos.length; j++) {
      if (units[i] === units[j]) continue;
      const [key] = pairKeys([units[i]!, units[j]!]);
      use(key!, [i, j], Math.min(unitWeight(i), unitWeight(j)));
      binding.push(key!);
    }
  for (const year of queryYears(q))
    units.forEach((u, i) => {
      const [key] = yearKeys([u], `${year}-01-01`);
      use(key!, [i], unitWeight(i));
      binding.push(key!);
    });

  // Typo keys are only ever read when held by TYPO_KEY_MAX people or fewer: counted that far only.
  const all = [...uses.keys()];
  const counts = await sr.cappedKeyCounts(
    db,
    org,
    all.filter((k) => !uses.get(k)!.typo),
    KEY_CAP,
  );
  for (const [k, n] of await sr.cappedKeyCounts(
    db,
    org,
    all.filter((k) => uses.get(k)!.typo),
    TYPO_KEY_MAX,
  ))
    counts.set(k, n);
  const count = (k: string) => counts.get(k) ?? 0;
  const readable = (k: string) => count(k) > 0 && count(k) <= (uses.get(k)!.typo ? TYPO_KEY_MAX : KEY_CAP);
  const byCount = (a: string, b: string) => count(a) - count(b);
  const strongKeys = [...uses.keys()].filter((k) => !uses.get(k)!.typo && readable(k)).sort(byCount);
  const typoKeys = [...uses.keys()].filter((k) => uses.get(k)!.typo && readable(k)).sort(byCount);
  const toRead: string[] = [];
  let budget = POSTING_BUDGET;
  for (const k of [...strongKeys, ...typoKeys]) {
    if (count(k) > budget) continue;
    budget -= count(k);
    toRead.push(k);
  }
  for (const { key, personNo } of await sr.postingsOf(db, org, toRead)) {
    const u = uses.get(key)!;
    for (const i of u.tokens) cands.mark(personNo, i, u.weight);
  }

  const read = new Set(toRead);
  const strong = (i: number) => [...perToken[i]!.exact, ...perToken[i]!.variant, ...perToken[i]!.phonetic];
  // Tokens held by anyone whose strong keys were not all read: common names, or beyond the budget.
  const unread = infos.map((_, i) => i).filter((i) => strong(i).some((k) => count(k) > 0 && !read.has(k)));
  const evidence: NameEvidence = {
    read: infos.map((_, i) => !unread.includes(i)),
    typoUnknown: infos.map((_, i) => perToken[i]!.typo.some((k) => count(k) > 0 && !read.has(k))),
  };
  if (!unread.length) return evidence;

  // Nothing read binds the names together (every pair common, no birth year): a bounded sample of the holders
  // of the rarest pair (or of the first name's widest key). `more` will say there are more; a birth date or a
  // place narrows the search.
  if (!binding.some((k) => read.has(k))) {
    const pair = binding.filter((k) => k.startsWith('q:') && count(k) > 0).sort(byCount)[0];
    const widest = (i: number) => perToken[i]!.variant[0] ?? perToken[i]!.phonetic[0] ?? perToken[i]!.exact[0]!;
    const driving = pair ?? widest(unread[0]!);
    const u = uses.get(driving)!;
    for (const no of await sr.firstHolders(db, org, driving, SAMPLE_MAX))
      for (const i of u.tokens) cands.mark(no, i, u.weight);
  }
  return evidence;
}

/** How a candidate agrees with the query; `include` is false when the agreement is too weak to show. */
function score(
  row: ListRow,
  query: TokenInfo[],
  dateOfBirth: string | null,
  document: boolean,
): { total: number; include: boolean; match: SearchMatch } {
  const own = row.search_name ? row.search_name.split(' ').map(tokenInfo) : [];
  let nameScore = 0;
  let matched = 0;
  let weakest: MatchLevel | null = null;
  for (const qt of query) {
    let best: MatchLevel | null = null;
    for (const ct of own) {
      const level = compareTokens(qt, ct);
      if (level && (!best || LEVEL_WEIGHT[level] > LEVEL_WEIGHT[best])) best = level;
      if (best === 'exact') break;
    }
    if (!best) continue;
    matched++;
    nameScore += LEVEL_WEIGHT[best];
    if (!weakest || LEVEL_WEIGHT[best] < LEVEL_WEIGHT[weakest]) weakest = best;
  }
  const dob = birthAgreement(dateOfBirth, row.date_of_birth, row.dob_precision);
  const fields: SearchMatch['fields'] = [];
  if (matched) fields.push('name');
  if (dob) fields.push('dateOfBirth');
  if (document) fields.push('document');
  const total = nameScore + (dob ? DOB_WEIGHT[dob] : 0) + (document ? DOCUMENT_WEIGHT : 0);
  // A name search shows people with at least a phonetic match on one part (or two weaker ones); a search by
  // documents or filters alone shows everyone it found.
  const include = document || query.length === 0 || nameScore >= LEVEL_WEIGHT.phonetic;
  return {
    total,
    include,
    match: {
      name: weakest ? { level: weakest, matched, of: query.length } : null,
      dateOfBirth: dob,
      document,
      fields,
    },
  };
}

/**
 * Do two dates of birth agree? The same day (when the record knows the day), else the same year; an estimated
 * date agrees with any year within two of it.
 */
export function birthAgreement(
  query: string | null,
  recorded: string | null,
  precision: string | null,
): 'exact' | 'year' | null {
  if (!query || !recorded) return null;
  if (query === recorded && precision === 'exact') return 'exact';
  const dy = Math.abs(Number(query.slice(0, 4)) - Number(recorded.slice(0, 4)));
  if (dy === 0 || (precision === 'estimated' && dy <= 2)) return 'year';
  return null;
}
