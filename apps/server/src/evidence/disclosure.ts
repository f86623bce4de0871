// Statistical disclosure control of published tables (docs/indicators.md, "Disclosure control"). Pure functions:
// cells and the additive constraints that tie them (each line of a table sums to its margin; tables of one release
// share cells), in; which cells are suppressed and the published values, out.
//
// 1. Primary suppression: a cell with 0 < value < threshold is suppressed (0 is published: it says nobody). A cell
//    that is an amount (a sum of money) is judged by the number of records that make it up instead: an amount of
//    fewer records than the threshold is suppressed, however large (it would show what those few received).
// 2. Complementary suppression, repeated until nothing changes:
//    a. a line (a margin and its parts) with exactly one suppressed member gets a second one (the smallest
//       positive unsuppressed part, else the margin), so no cell is the difference of a published total and
//       published parts;
//    b. a line whose margin is published and whose suppressed parts add up to less than the threshold gets one
//       more, so the pooled value of its suppressed cells is itself not a small count (for amounts: not made up
//       of fewer records than the threshold);
//    c. the exact audit: the published values and every constraint of the release (all tables together) form a
//       linear system in the suppressed cells; a suppressed cell whose value is fixed by that system (its unit
//       vector lies in the row space; Gaussian elimination per connected component) gets one more suppression
//       in one of its lines. This catches derivations across tables and through chains of lines that 2a misses.
// 3. Optional rounding of every published value to the nearest multiple of a base (e.g. 5), halves up. It is not
//    additive (a rounded total need not equal its rounded parts); it is applied after suppression.

/**
 * A cell of a release: a key unique in the release, its exact value and its primary threshold; for an amount (a sum
 * of money), `records`: how many records make it up, which the threshold is then compared with.
 */
export type DcCell = { key: string; value: number; threshold: number; records?: number };

/** An additive constraint: the cell `total` is the sum of the cells `parts`. */
export type DcConstraint = { total: string; parts: readonly string[] };

export type DcProblem = { cells: DcCell[]; constraints: DcConstraint[] };

export type DcStatus = 'published' | 'primary' | 'complementary';

export type DcOutcome = {
  status: Map<string, DcStatus>;
  /** The published value of each cell (rounded when asked); null when suppressed. */
  values: Map<string, number | null>;
};

/** Is the value below the threshold, and so a primary suppression? Zero is not (it discloses no one). */
export function isPrimary(value: number, threshold: number): boolean {
  return value > 0 && value < threshold;
}

/** Is the cell a primary suppression: a count below its threshold, or an amount of fewer records than it? */
export function isPrimaryCell(c: DcCell): boolean {
  return c.records === undefined ? isPrimary(c.value, c.threshold) : c.value !== 0 && c.records < c.threshold;
}

/** Rounds to the nearest multiple of `base`, halves up (conventional rounding to base). */
export function roundToBase(value: number, base: number): number {
  if (!Number.isInteger(base) || base < 1) throw new Error('roundToBase: base must be a positive integer');
  return Math.floor(value / base + 0.5) * base;
}

/** Runs the whole method over a release. Cells a constraint names but the problem lacks count as published 0. */
export function protect(problem: DcProblem, options: { rounding?: number | null } = {}): DcOutcome {
  const value = new Map<string, number>();
  const threshold = new Map<string, number>();
  // What the threshold is compared with: the count itself, or the records behind an amount.
  const size = new Map<string, number>();
  for (const c of problem.cells) {
    value.set(c.key, c.value);
    threshold.set(c.key, c.threshold);
    size.set(c.key, c.records ?? c.value);
  }
  const status = new Map<string, DcStatus>();
  for (const c of problem.cells) status.set(c.key, isPrimaryCell(c) ? 'primary' : 'published');
  const suppressed = (k: string) => (status.get(k) ?? 'published') !== 'published';
  const val = (k: string) => value.get(k) ?? 0;

  /** The cheapest member of a line to suppress next: the smallest positive part, else the margin. */
  const pick = (line: DcConstraint): string | null => {
    let best: string | null = null;
    for (const k of line.parts) if (!suppressed(k) && val(k) > 0 && (best === null || val(k) < val(best))) best = k;
    if (best !== null) return best;
    if (!suppressed(line.total) && val(line.total) > 0) return line.total;
    for (const k of line.parts) if (!suppressed(k) && value.has(k)) return k;
    return !suppressed(line.total) && value.has(line.total) ? line.total : null;
  };
  const suppress = (k: string) => {
    status.set(k, 'complementary');
  };

  /** Complementary suppression (steps 2a to 2c) over the lines of one connected component. */
  const protectComponent = (component: DcProblem) => {
    const linesOf = new Map<string, DcConstraint[]>();
    for (const line of component.constraints)
      for (const k of [line.total, ...line.parts]) {
        const list = linesOf.get(k);
        if (list) list.push(line);
        else linesOf.set(k, [line]);
      }

    for (let round = 0; round < 10_000; round++) {
      // 2a and 2b to a fixpoint.
      let changed = true;
      while (changed) {
        changed = false;
        for (const line of component.constraints) {
          const members = [line.total, ...line.parts];
          const hidden = members.filter(suppressed);
          if (hidden.length === 1) {
            const k = pick(line);
            if (k) {
              suppress(k);
              changed = true;
            }
            continue;
          }
          if (hidden.length > 1 && !suppressed(line.total)) {
            const hiddenParts = line.parts.filter(suppressed);
            const pooled = hiddenParts.reduce((s, k) => s + (size.get(k) ?? 0), 0);
            const limit = Math.max(...hiddenParts.map((k) => threshold.get(k) ?? 0));
            if (hiddenParts.some((k) => val(k) !== 0) && pooled < limit) {
              const k = pick(line);
              if (k) {
                suppress(k);
                changed = true;
              }
            }
          }
        }
      }
      // 2c: the exact audit over the component (the whole release, component by component).
      const derivable = derivableCells(component, new Set([...linesOf.keys()].filter(suppressed)));
      if (derivable.length === 0) break;
      let added = false;
      for (const k of derivable) {
        for (const line of linesOf.get(k) ?? []) {
          const next = pick(line);
          if (next) {
            suppress(next);
            added = true;
            break;
          }
        }
        if (added) break;
      }
      if (!added) {
        // Every line of the derivable cells is fully suppressed yet a value is still fixed (it can only be fixed by
        // published cells elsewhere in its component): suppress the whole component's published cells.
        for (const k of componentOf(component, derivable[0]!)) if (!suppressed(k) && value.has(k)) suppress(k);
      }
    }
  };

  // The constraints fall apart into connected components (the lines of one period's table, say, touch no other
  // period's): each is protected on its own, which gives the same outcome as the whole release at once (a
  // suppression in one component changes no line of another) at a cost linear in the number of components. A
  // component with no primary suppression is left as it is.
  for (const lines of componentsOf(problem.constraints)) {
    if (!lines.some((line) => line.parts.some(suppressed) || suppressed(line.total))) continue;
    protectComponent({ cells: problem.cells, constraints: lines });
  }

  const base = options.rounding ?? null;
  const values = new Map<string, number | null>();
  for (const c of problem.cells) {
    if (suppressed(c.key)) values.set(c.key, null);
    else values.set(c.key, base ? roundToBase(c.value, base) : c.value);
  }
  return { status, values };
}

/** Disjoint sets of keys: `find` names a key's set (a key not seen yet is a set of its own), `union` joins two. */
function unionFind() {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    if (!parent.has(k)) parent.set(k, k);
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let x = k;
    while (parent.get(x) !== r) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  return { find, union };
}

/** The constraints grouped by connected component (two lines are connected when they share a cell). */
function componentsOf(constraints: readonly DcConstraint[]): DcConstraint[][] {
  const { find, union } = unionFind();
  for (const line of constraints) for (const k of line.parts) union(k, line.total);
  const groups = new Map<string, DcConstraint[]>();
  for (const line of constraints) {
    const root = find(line.total);
    const list = groups.get(root);
    if (list) list.push(line);
    else groups.set(root, [line]);
  }
  return [...groups.values()];
}

/** Every cell key connected to `start` through constraints. */
function componentOf(problem: DcProblem, start: string): Set<string> {
  const seen = new Set<string>([start]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const line of problem.constraints) {
      const members = [line.total, ...line.parts];
      if (members.some((k) => seen.has(k)) && members.some((k) => !seen.has(k))) {
        for (const k of members) seen.add(k);
        grew = true;
      }
    }
  }
  return seen;
}

const EPS = 1e-9;

/**
 * The suppressed cells whose exact value follows from the published cells and the constraints (the attacker's
 * view: every published value known, every constraint true). Gaussian elimination to reduced row echelon form
 * over the suppressed cells, per connected component; a cell is fixed when its column is a pivot whose row has
 * no other non-zero entry.
 */
export function derivableCells(problem: DcProblem, suppressed: ReadonlySet<string>): string[] {
  // Equations that involve suppressed cells: total - sum(parts) = 0, with published cells moved to the constant.
  const equations: Map<string, number>[] = [];
  for (const line of problem.constraints) {
    const eq = new Map<string, number>();
    const add = (k: string, coef: number) => {
      if (!suppressed.has(k)) return;
      const v = (eq.get(k) ?? 0) + coef;
      if (Math.abs(v) < EPS) eq.delete(k);
      else eq.set(k, v);
    };
    add(line.total, 1);
    for (const k of line.parts) add(k, -1);
    if (eq.size) equations.push(eq);
  }
  // Connected components of variables through equations (union-find).
  const { find, union } = unionFind();
  for (const eq of equations) {
    const keys = [...eq.keys()];
    for (const k of keys) union(k, keys[0]!);
  }
  const groups = new Map<string, Map<string, number>[]>();
  for (const eq of equations) {
    const root = find(eq.keys().next().value!);
    const list = groups.get(root);
    if (list) list.push(eq);
    else groups.set(root, [eq]);
  }
  const fixed: string[] = [];
  for (const eqs of groups.values()) fixed.push(...fixedInComponent(eqs));
  return fixed.sort();
}

/** RREF of one component's equations; the variables it fixes. */
function fixedInComponent(eqs: Map<string, number>[]): string[] {
  const vars = [...new Set(eqs.flatMap((e) => [...e.keys()]))].sort();
  const col = new Map(vars.map((v, i) => [v, i]));
  const rows = eqs.map((e) => {
    const r = new Float64Array(vars.length);
    for (const [k, v] of e) r[col.get(k)!] = v;
    return r;
  });
  const pivots: number[] = [];
  let rank = 0;
  for (let c = 0; c < vars.length && rank < rows.length; c++) {
    let best = -1;
    for (let r = rank; r < rows.length; r++)
      if (Math.abs(rows[r]![c]!) > EPS && (best < 0 || Math.abs(rows[r]![c]!) > Math.abs(rows[best]![c]!))) best = r;
    if (best < 0) continue;
    [rows[rank], rows[best]] = [rows[best]!, rows[rank]!];
    const pr = rows[rank]!;
    const pv = pr[c]!;
    for (let j = 0; j < vars.length; j++) pr[j] = pr[j]! / pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const row = rows[r]!;
      const f = row[c]!;
      if (Math.abs(f) < EPS) continue;
      for (let j = 0; j < vars.length; j++) row[j] = row[j]! - f * pr[j]!;
    }
    pivots.push(c);
    rank++;
  }
  const out: string[] = [];
  pivots.forEach((c, i) => {
    const row = rows[i]!;
    let others = false;
    for (let j = 0; j < vars.length; j++) if (j !== c && Math.abs(row[j]!) > EPS) others = true;
    if (!others) out.push(vars[c]!);
  });
  return out;
}

/** A cell of a longer period (a quarter, a year) that is the sum of cells of a protected problem (its months). */
export type DcSumCell = DcCell & {
  parts: readonly string[];
  /** How many parts the period spans (3 for a quarter, 12 for a year): the longest are kept published longest. */
  span?: number;
};

/**
 * Disclosure control of the cells of longer periods over a problem already protected (its outcome fixed): the
 * quarters and the year of a year's months. A longer cell is withheld when it is itself below its threshold, when
 * exactly one of its parts is withheld (it would give that part away), or when its withheld parts together are below
 * the threshold; the others are published if the audit over everything (the parts' problem with its withheld cells,
 * each longer cell's line to its parts, and the longer cells' own lines) finds no withheld value fixed and no line of
 * the longer cells whose withheld parts pool to a small value. Otherwise every longer cell with a withheld part is
 * withheld: a published one is then the sum of published parts, and tells nothing the parts do not.
 */
export function protectSums(
  parts: DcProblem,
  partStatus: ReadonlyMap<string, DcStatus>,
  sums: readonly DcSumCell[],
  lines: readonly DcConstraint[],
): Map<string, DcStatus> {
  const withheld = (k: string) => (partStatus.get(k) ?? 'published') !== 'published';
  const partSize = new Map(parts.cells.map((c) => [c.key, c.records ?? c.value]));
  const partThreshold = new Map(parts.cells.map((c) => [c.key, c.threshold]));
  const status = new Map<string, DcStatus>();
  let candidates = 0;
  for (const c of sums) {
    if (isPrimaryCell(c)) {
      status.set(c.key, 'primary');
      continue;
    }
    const hidden = c.parts.filter(withheld);
    const pooled = hidden.reduce((n, k) => n + (partSize.get(k) ?? 0), 0);
    const limit = Math.max(0, ...hidden.map((k) => partThreshold.get(k) ?? 0));
    if (hidden.length === 0) status.set(c.key, 'published');
    else if (hidden.length === 1 || pooled < limit) status.set(c.key, 'complementary');
    else {
      status.set(c.key, 'published');
      candidates++;
    }
  }
  if (candidates === 0) return status;
  const sumSize = new Map(sums.map((c) => [c.key, c.records ?? c.value]));
  const sumThreshold = new Map(sums.map((c) => [c.key, c.threshold]));
  const hidden = (k: string) => withheld(k) || (status.get(k) ?? 'published') !== 'published';
  const audit: DcProblem = {
    cells: [...parts.cells, ...sums],
    constraints: [...parts.constraints, ...sums.map((c) => ({ total: c.key, parts: c.parts })), ...lines],
  };
  /** Is what is published safe: no line of the longer cells pools to a small value, the audit fixes nothing? */
  const safe = () => {
    const pooledSmall = lines.some((line) => {
      if (hidden(line.total)) return false;
      const inside = line.parts.filter(hidden);
      const pooled = inside.reduce((n, k) => n + (sumSize.get(k) ?? 0), 0);
      return (
        inside.some((k) => (sumSize.get(k) ?? 0) !== 0) &&
        pooled < Math.max(...inside.map((k) => sumThreshold.get(k) ?? 0))
      );
    });
    if (pooledSmall) return false;
    const all = [...parts.cells.map((c) => c.key), ...sums.map((c) => c.key)].filter(hidden);
    return derivableCells(audit, new Set(all)).length === 0;
  };
  // Every candidate published; else only those of the longest period (the year's totals, the most asked for); else
  // none.
  if (safe()) return status;
  const longest = Math.max(...sums.map((c) => c.span ?? 0));
  for (const c of sums)
    if ((c.span ?? 0) < longest && status.get(c.key) === 'published' && c.parts.some(withheld))
      status.set(c.key, 'complementary');
  if (safe()) return status;
  for (const c of sums)
    if (status.get(c.key) === 'published' && c.parts.some(withheld)) status.set(c.key, 'complementary');
  return status;
}
