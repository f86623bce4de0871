// OCHA p-codes are checked against OCHA's global list (admin levels 1 and 2), not by their pattern alone (DOMAIN.md):
// a p-code given for a place in a country must be one of that country's p-codes. The list ships with the server
// (apps/server/assets/reference, licence in its README) and is read once, on first use. A country the list does not
// cover keeps the pattern check of the contracts only.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { invalidFields, type ValidationIssue } from '../errors.ts';

const FILE = fileURLToPath(new URL('../../assets/reference/ocha_global_pcodes_adm1_adm2.hxl.csv.gz', import.meta.url));

/** A place of OCHA's list: its p-code, its name (as OCHA writes it), its admin level and the p-code it lies in. */
export type Place = { pcode: string; name: string; level: number; parent: string };

let byCountry: Map<string, Set<string>> | null = null;
let placesByCountry: Map<string, Place[]> | null = null;

/** The p-codes of each country (ISO alpha-3), read from the shipped list on first use. */
function reference(): Map<string, Set<string>> {
  if (byCountry) return byCountry;
  const out = new Map<string, Set<string>>();
  for (const [country, list] of placeLists()) out.set(country, new Set(list.map((p) => p.pcode)));
  byCountry = out;
  return out;
}

/** The places of each country, in the list's order (admin 1, then admin 2), read on first use. */
function placeLists(): Map<string, Place[]> {
  if (placesByCountry) return placesByCountry;
  const out = new Map<string, Place[]>();
  // Row 1 holds the column names, row 2 the HXL tags; then country, admin level, p-code, name, parent, date (a name
  // with a comma is quoted).
  const rows = parse(gunzipSync(fs.readFileSync(FILE)), {
    bom: true,
    from_line: 3,
    relax_column_count: true,
  }) as string[][];
  for (const [country, level, pcode, name, parent] of rows) {
    if (!country || !pcode) continue;
    let list = out.get(country);
    if (!list) {
      list = [];
      out.set(country, list);
    }
    list.push({ pcode, name: name ?? '', level: Number(level), parent: parent ?? country });
  }
  placesByCountry = out;
  return out;
}

/**
 * The places of a country by OCHA's list, admin 1 then admin 2: those whose name or p-code contains `q` (any case,
 * OCHA's names are in Latin script), at `level`, inside `parent`; null when the list does not cover the country.
 */
export function placesOf(
  country: string,
  f: { q?: string | undefined; level?: number | undefined; parent?: string | undefined } = {},
): Place[] | null {
  const list = placeLists().get(country);
  if (!list) return null;
  const q = f.q ? f.q.trim().toLowerCase() : '';
  return list.filter(
    (p) =>
      (f.level === undefined || p.level === f.level) &&
      (f.parent === undefined || p.parent === f.parent) &&
      (q === '' || p.name.toLowerCase().includes(q) || p.pcode.toLowerCase().includes(q)),
  );
}

/** The name of a p-code of the country in OCHA's list (the nearest listed place for a finer code), or null. */
export function placeName(country: string, pcode: string): string | null {
  const list = placeLists().get(country);
  if (!list) return null;
  for (let n = pcode.length; n >= 3; n--) {
    const found = list.find((p) => p.pcode === pcode.slice(0, n));
    if (found) return found.name;
  }
  return null;
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
  if (issues.length) throw invalidFields(issues);
}
