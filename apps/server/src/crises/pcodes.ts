// OCHA p-codes are checked against OCHA's global list (admin levels 1 and 2), not by their pattern alone (DOMAIN.md):
// a p-code given for a place in a country must be one of that country's p-codes. The list ships with the server
// (apps/server/assets/reference, licence in its README) and is read once, on first use. A country the list does not
// cover keeps the pattern check of the contracts only.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DomainError, type ValidationIssue } from '../errors.ts';

const FILE = fileURLToPath(new URL('../../assets/reference/ocha_global_pcodes_adm1_adm2.hxl.csv.gz', import.meta.url));

let byCountry: Map<string, Set<string>> | null = null;

/** The p-codes of each country (ISO alpha-3), read from the shipped list on first use. */
function reference(): Map<string, Set<string>> {
  if (byCountry) return byCountry;
  const out = new Map<string, Set<string>>();
  const lines = gunzipSync(fs.readFileSync(FILE)).toString('utf8').split(/\r?\n/);
  // Row 1 holds the column names, row 2 the HXL tags; then country, admin level, p-code, name, parent, date.
  for (const line of lines.slice(2)) {
    const [country, , pcode] = line.split(',', 3);
    if (!country || !pcode) continue;
    let set = out.get(country);
    if (!set) {
      set = new Set();
      out.set(country, set);
    }
    set.add(pcode);
  }
  byCountry = out;
  return out;
}

/** Whether the list covers the country (its p-codes can be checked). */
export const pcodesKnownFor = (country: string): boolean => reference().has(country);

/** True when `pcode` is a p-code of `country`, or the list does not cover the country. */
export function isPcodeOf(country: string, pcode: string): boolean {
  const set = reference().get(country);
  return !set || set.has(pcode);
}

/**
 * True when `pcode` lies in `country` by OCHA's list: one of its admin 1 or 2 p-codes, or a deeper one inside them
 * (an admin 3 code starts with its admin 2 code); or the list does not cover the country. A person's place may be
 * finer than the list.
 */
export function isPlaceIn(country: string, pcode: string): boolean {
  const set = reference().get(country);
  if (!set) return true;
  for (let n = pcode.length; n >= 3; n--) if (set.has(pcode.slice(0, n))) return true;
  return false;
}

/** Throws validation_failed listing every given p-code that is not one of the country's (pointer per p-code). */
export function assertPcodesOf(country: string, items: readonly { pointer: string; pcode: string | null }[]): void {
  const issues: ValidationIssue[] = items
    .filter((i) => i.pcode !== null && !isPcodeOf(country, i.pcode))
    .map((i) => ({
      location: 'body',
      pointer: i.pointer,
      message: 'not a p-code of the country in OCHA’s p-code list',
      code: 'custom',
    }));
  if (issues.length)
    throw new DomainError('validation_failed', 'Some fields are not valid; see errors.', { errors: issues });
}
