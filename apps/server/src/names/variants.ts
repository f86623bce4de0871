// Look-up of name-variant groups, built once from the table in variant-groups.ts.
import { nameTokens } from './normalise.ts';
import { VARIANT_GROUPS } from './variant-groups.ts';

type Group = { id: string; display: string };

function build(): Map<string, Group> {
  const byToken = new Map<string, Group>();
  for (const members of VARIANT_GROUPS) {
    const display = members[0]!;
    const id = nameTokens(display)[0]!;
    const group = { id, display };
    for (const m of members) {
      const tokens = nameTokens(m);
      if (tokens.length !== 1) throw new Error(`variant "${m}" is not one name token`);
      const t = tokens[0]!;
      const other = byToken.get(t);
      if (other && other.id !== id) throw new Error(`variant "${m}" is in groups ${other.id} and ${id}`);
      byToken.set(t, group);
    }
  }
  return byToken;
}

const GROUPS = build();

/** The variant group of a canonical token (e.g. "mohamed" -> "muhammad"), or null when it has none. */
export const variantGroupOf = (token: string): string | null => GROUPS.get(token)?.id ?? null;

/** The display spelling of the token's group ("mhmd" -> "Muhammad"), or null. */
export const variantDisplayOf = (token: string): string | null => GROUPS.get(token)?.display ?? null;

/** Every canonical spelling the variant table knows, with its group (for tests and docs). */
export const knownVariants = (): ReadonlyMap<string, string> =>
  new Map([...GROUPS].map(([t, g]) => [t, g.id] as const));
