// Whether two name tokens are known spellings or familiar forms of one name. Three sources, each read once:
//  - the registry's own variant groups (names/variant-groups.ts: Muhammad, Mohamed, محمد ...);
//  - nicknames (assets/linkage/nicknames.csv, carltonnorthern/nicknames, Apache-2.0): "robert has_nickname bob";
//    two forms are equivalent when one is the formal name of the other or both are nicknames of one formal name;
//  - the open Wikidata name-variant links (assets/linkage/name-variants.txt, CC0, built by
//    build-name-variants.ts), direct links only.
import fs from 'node:fs';
import { variantGroupOf } from '../../names/variants.ts';

const ASSETS = new URL('../../../assets/linkage/', import.meta.url);

type Tables = { formalOf: Map<string, string[]>; linked: Map<string, Set<string>> };
let tables: Tables | null = null;

function load(): Tables {
  const formalOf = new Map<string, string[]>();
  const nick = fs.readFileSync(new URL('nicknames.csv', ASSETS), 'utf8');
  for (const line of nick.split('\n').slice(1)) {
    const [formal, relation, short] = line.trim().split(',');
    if (!formal || !short || relation !== 'has_nickname') continue;
    const list = formalOf.get(short);
    if (list) list.push(formal);
    else formalOf.set(short, [formal]);
  }
  // Neighbour sets rather than a set of "a b" strings: a look-up then hashes no new string.
  const linked = new Map<string, Set<string>>();
  const add = (x: string, y: string) => {
    const s = linked.get(x);
    if (s) s.add(y);
    else linked.set(x, new Set([y]));
  };
  const variants = fs.readFileSync(new URL('name-variants.txt', ASSETS), 'utf8');
  for (const line of variants.split('\n')) {
    const [x, y] = line.split(' ');
    if (x && y) {
      add(x, y);
      add(y, x);
    }
  }
  return { formalOf, linked };
}

/** True when two different canonical name tokens are variants or nicknames of one name. */
export function equivalentNames(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = variantGroupOf(a);
  if (ga !== null && ga === variantGroupOf(b)) return true;
  tables ??= load();
  if (tables.linked.get(a)?.has(b)) return true;
  const fa = tables.formalOf.get(a);
  const fb = tables.formalOf.get(b);
  if (fa?.includes(b) || fb?.includes(a)) return true;
  if (fa && fb) for (const f of fa) if (fb.includes(f)) return true;
  return false;
}
