// HXL, the Humanitarian Exchange Language (hxlstandard.org/standard/1-1final): a row of hashtags right under the
// header names what each column holds, e.g. `#affected+name`, `#date+birth`, `#adm1+code`. A tag is a hashtag
// with attributes; attributes have no order, and case does not matter. A pattern matches a column when the
// hashtags agree and the column has every attribute of the pattern (it may have more).

/** A parsed tag: its hashtag and attributes, in lower case. */
export type HxlTag = Readonly<{ hashtag: string; attributes: ReadonlySet<string> }>;

const TAG = /^\s*#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)\s*$/i;

/** Parses `#hashtag +attr +attr` (spaces optional); null when the text is not an HXL tag. */
export function parseHxlTag(text: string): HxlTag | null {
  const m = TAG.exec(text);
  if (!m) return null;
  const attributes = new Set(
    (m[2] ?? '')
      .split('+')
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean),
  );
  return { hashtag: m[1]!.toLowerCase(), attributes };
}

/** The canonical spelling of a tag: hashtag, then attributes in the given order. */
export const formatHxlTag = (t: HxlTag): string => `#${t.hashtag}${[...t.attributes].map((a) => `+${a}`).join('')}`;

/** True when a row is a hashtag row: at least one cell, and every non-empty cell, is an HXL tag. */
export function isHashtagRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length > 0 && filled.every((c) => parseHxlTag(c) !== null);
}

/** How well `pattern` matches `column`: the number of the pattern's attributes, or -1 when it does not match. */
export function matchScore(pattern: HxlTag, column: HxlTag): number {
  if (pattern.hashtag !== column.hashtag) return -1;
  for (const a of pattern.attributes) if (!column.attributes.has(a)) return -1;
  return pattern.attributes.size;
}

/**
 * A period as HXL's #date reads it (libhxl's normalised forms): a year, a month (2026-07) or a day as they are, a
 * quarter as 2026Q3, whether given as Corridor's 2026-Q3 or the World Bank's 2026_3Q.
 */
export function hxlDate(period: string): string {
  const quarter = /^(\d{4})-?Q([1-4])$/.exec(period) ?? /^(\d{4})_([1-4])Q$/.exec(period);
  return quarter ? `${quarter[1]}Q${quarter[2]}` : period;
}
