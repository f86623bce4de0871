// Builds name-variants.txt from the open Wikidata name-variant links (../shared/data/linkage/names/
// name_variants_wikidata.csv, CC0): one line per pair of single-token names, both normalised like any name
// (names/normalise.ts), sorted. Direct links only: following links transitively would join unrelated names
// through chains ("said to be the same as" is not an equivalence in Wikidata).
// Run from the repository: node --import tsx apps/server/assets/linkage/build-name-variants.ts
import fs from 'node:fs';
import path from 'node:path';
import { nameTokens } from '../../src/names/normalise.ts';

const source = path.resolve(import.meta.dirname, '../../../../../shared/data/linkage/names/name_variants_wikidata.csv');
const pairs = new Set<string>();
for (const line of fs.readFileSync(source, 'utf8').split('\n').slice(1)) {
  const cols = line.trimEnd().split(',');
  if (cols.length !== 5 || /^Q\d+$/.test(cols[3]!)) continue;
  const a = nameTokens(cols[2]!);
  const b = nameTokens(cols[3]!);
  if (a.length !== 1 || b.length !== 1 || a[0] === b[0] || a[0]!.length < 3 || b[0]!.length < 3) continue;
  pairs.add(a[0]! < b[0]! ? `${a[0]} ${b[0]}` : `${b[0]} ${a[0]}`);
}
const out = path.join(import.meta.dirname, 'name-variants.txt');
fs.writeFileSync(out, `${[...pairs].sort().join('\n')}\n`);
process.stdout.write(`${pairs.size} pairs written to ${out}\n`);
