// Disclosure control, tested hard: hand-made tables whose attacks are known, and property tests over random
// releases (one or several linked tables) checking what the method promises: no published cell below its
// threshold, no suppressed cell whose exact value follows from the published cells (checked by an independent
// brute-force attacker on small tables and by the linear-algebra audit on all), published values untouched.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type DcConstraint,
  type DcProblem,
  derivableCells,
  isPrimary,
  isPrimaryCell,
  protect,
  protectSums,
  roundToBase,
} from './disclosure.ts';

/** A two-way table with margins as a release: rows x columns, row totals, column totals and the grand total. */
function table(name: string, grid: number[][], threshold = 5, rowNames?: string[]): DcProblem {
  const cells: DcProblem['cells'] = [];
  const constraints: DcConstraint[] = [];
  const r = (i: number) => rowNames?.[i] ?? `r${i}`;
  const key = (i: string, j: string) => `${name}|${i}|${j}`;
  const cols = grid[0]!.length;
  grid.forEach((row, i) => {
    row.forEach((v, j) => {
      cells.push({ key: key(r(i), `c${j}`), value: v, threshold });
    });
    const total = row.reduce((a, b) => a + b, 0);
    cells.push({ key: key(r(i), '*'), value: total, threshold });
    constraints.push({ total: key(r(i), '*'), parts: row.map((_, j) => key(r(i), `c${j}`)) });
  });
  for (let j = 0; j < cols; j++) {
    const total = grid.reduce((a, row) => a + row[j]!, 0);
    cells.push({ key: key('*', `c${j}`), value: total, threshold });
    constraints.push({ total: key('*', `c${j}`), parts: grid.map((_, i) => key(r(i), `c${j}`)) });
  }
  const grand = grid.flat().reduce((a, b) => a + b, 0);
  cells.push({ key: key('*', '*'), value: grand, threshold });
  constraints.push({ total: key('*', '*'), parts: grid.map((_, i) => key(r(i), '*')) });
  constraints.push({ total: key('*', '*'), parts: Array.from({ length: cols }, (_, j) => key('*', `c${j}`)) });
  return { cells, constraints };
}

/** Merges releases: cells with the same key are one cell (a shared margin). */
function merge(...parts: DcProblem[]): DcProblem {
  const seen = new Map<string, DcProblem['cells'][number]>();
  for (const p of parts) for (const c of p.cells) if (!seen.has(c.key)) seen.set(c.key, c);
  return { cells: [...seen.values()], constraints: parts.flatMap((p) => p.constraints) };
}

const suppressedOf = (o: ReturnType<typeof protect>) =>
  new Set([...o.status].filter(([, s]) => s !== 'published').map(([k]) => k));

/**
 * An independent attacker for small tables: enumerates every assignment of non-negative integers to the
 * suppressed cells (each at most the largest total) that satisfies every constraint, and reports the cells that
 * take one value in all of them. Exponential: only for a handful of suppressed cells.
 */
function bruteForceDerivable(problem: DcProblem, suppressed: Set<string>, bound: number): string[] | null {
  const vars = [...suppressed].sort();
  if (vars.length > 6) return null;
  const value = new Map(problem.cells.map((c) => [c.key, c.value]));
  const seenValues = new Map<string, Set<number>>(vars.map((v) => [v, new Set()]));
  const assign = new Map<string, number>();
  // Each variable is at most the smallest published total of a line it is a part of (counts are non-negative).
  const upper = new Map<string, number>();
  for (const v of vars) upper.set(v, bound);
  for (const line of problem.constraints)
    if (!suppressed.has(line.total))
      for (const k of line.parts)
        if (suppressed.has(k)) upper.set(k, Math.min(upper.get(k)!, value.get(line.total) ?? 0));
  const get = (k: string) => (suppressed.has(k) ? assign.get(k) : (value.get(k) ?? 0));
  // A constraint is checked as soon as every member has a value (pruning the search early).
  const holds = (line: DcConstraint) => {
    const total = get(line.total);
    let sum = 0;
    for (const k of line.parts) {
      const v = get(k);
      if (v === undefined) return true;
      sum += v;
    }
    return total === undefined ? true : total === sum;
  };
  const walk = (i: number) => {
    if (i === vars.length) {
      for (const v of vars) seenValues.get(v)!.add(assign.get(v)!);
      return;
    }
    const v = vars[i]!;
    for (let x = 0; x <= upper.get(v)!; x++) {
      assign.set(v, x);
      if (problem.constraints.every(holds)) walk(i + 1);
    }
    assign.delete(v);
  };
  walk(0);
  return vars.filter((v) => seenValues.get(v)!.size === 1);
}

describe('disclosure control', () => {
  test('primary suppression: 1..threshold-1 are suppressed, 0 and the threshold itself are not', () => {
    assert.equal(isPrimary(0, 5), false);
    assert.equal(isPrimary(1, 5), true);
    assert.equal(isPrimary(4, 5), true);
    assert.equal(isPrimary(5, 5), false);
    assert.equal(isPrimary(10, 11), true);
    assert.equal(isPrimary(11, 11), false);
  });

  test('an amount is judged by the records that make it up, not by its size', () => {
    // One person's one service of US$1,000 (100,000 cents) is a primary suppression; many small ones are not.
    assert.equal(isPrimaryCell({ key: 'a', value: 100_000, threshold: 5, records: 1 }), true);
    assert.equal(isPrimaryCell({ key: 'a', value: 3, threshold: 5, records: 7 }), false);
    assert.equal(isPrimaryCell({ key: 'a', value: 900, threshold: 11, records: 10 }), true);
    assert.equal(isPrimaryCell({ key: 'a', value: 900, threshold: 11, records: 11 }), false);
    // Nothing: published (it says nobody). An amount without its records counted (never written so): suppressed.
    assert.equal(isPrimaryCell({ key: 'a', value: 0, threshold: 5, records: 0 }), false);
    assert.equal(isPrimaryCell({ key: 'a', value: 5_000, threshold: 5, records: 0 }), true);
    // Without records, a count as before.
    assert.equal(isPrimaryCell({ key: 'a', value: 4, threshold: 5 }), true);
  });

  test('amounts: a lone amount of few records gets a complement; suppressed parts pool their records', () => {
    // Margin 100,000 of 14 records = 94,000 (12 records) + 6,000 (2 records): the small-record part is primary and
    // the other part is suppressed with it, else it would be the margin minus the published part.
    const amounts = (parts: [number, number][], total: [number, number]): DcProblem => ({
      cells: [
        { key: 'T', value: total[0], threshold: 5, records: total[1] },
        ...parts.map(([value, records], i) => ({ key: `P${i}`, value, threshold: 5, records })),
      ],
      constraints: [{ total: 'T', parts: parts.map((_, i) => `P${i}`) }],
    });
    const one = protect(
      amounts(
        [
          [94_000, 12],
          [6_000, 2],
        ],
        [100_000, 14],
      ),
    );
    assert.equal(one.status.get('P1'), 'primary');
    assert.equal(one.status.get('P0'), 'complementary');
    assert.equal(one.status.get('T'), 'published');
    // Two amounts of 2 records each are suppressed; pooled they are still 4 records (their sum, the margin minus
    // the rest, would show what 4 records received): a third part is suppressed, although 5,100 is far above 5.
    const pooled = protect(
      amounts(
        [
          [5_000, 2],
          [100, 2],
          [40_000, 20],
          [50_000, 30],
        ],
        [95_100, 54],
      ),
    );
    assert.equal(pooled.status.get('P0'), 'primary');
    assert.equal(pooled.status.get('P1'), 'primary');
    assert.equal(pooled.status.get('P2'), 'complementary', 'the smallest unsuppressed part');
    assert.equal(pooled.status.get('P3'), 'published');
    assert.equal(pooled.values.get('P2'), null);
  });

  test('a lone small cell in a row gets a complement, so it is not the row total minus the rest', () => {
    const p = table('t', [
      [3, 20, 30],
      [40, 50, 60],
    ]);
    const o = protect(p);
    assert.equal(o.status.get('t|r0|c0'), 'primary');
    const hidden = suppressedOf(o);
    assert.ok(hidden.size >= 4, 'a suppressed cell needs a partner in its row and in its column');
    assert.deepEqual(derivableCells(p, hidden), []);
    assert.deepEqual(bruteForceDerivable(p, hidden, 120) ?? [], []);
  });

  test('the audit finds what a line-by-line rule misses: two suppressed rectangles joined by one cell', () => {
    // Suppress cells forming a bridge in the table's graph: every line has two suppressed members, yet the
    // bridge cell is fixed by the equations. derivableCells must say so.
    const p = table('b', [
      [10, 10, 0, 0],
      [10, 10, 10, 0],
      [0, 0, 10, 10],
      [0, 0, 10, 10],
    ]);
    const hidden = new Set([
      'b|r0|c0',
      'b|r0|c1',
      'b|r1|c0',
      'b|r1|c1',
      'b|r1|c2',
      'b|r2|c2',
      'b|r2|c3',
      'b|r3|c2',
      'b|r3|c3',
    ]);
    const audit = derivableCells(p, hidden);
    assert.ok(audit.includes('b|r1|c2'), `the bridge cell is derivable: ${audit}`);
  });

  test('linked tables of one release: a margin suppressed in one is suppressed in the other, nothing derivable', () => {
    // Table A: sex x age; table B: sex x form. Both publish the sex margin (shared cells "sex|*").
    const a = table(
      'x',
      [
        [2, 30],
        [25, 40],
      ],
      5,
      ['female', 'male'],
    );
    const b = table(
      'x',
      [
        [20, 12],
        [35, 30],
      ],
      5,
      ['female', 'male'],
    );
    // Make the margins shared: rename B's data columns so only the row margins and grand total coincide.
    const rename = (p: DcProblem): DcProblem => ({
      cells: p.cells.map((c) => ({ ...c, key: c.key.replace(/\|c(\d)$/, '|f$1') })),
      constraints: p.constraints.map((l) => ({
        total: l.total.replace(/\|c(\d)$/, '|f$1'),
        parts: l.parts.map((k) => k.replace(/\|c(\d)$/, '|f$1')),
      })),
    });
    // The two tables' row margins must agree for a real release: female 32 = 32, male 65 vs 65.
    const release = merge(a, rename(b));
    const o = protect(release);
    const hidden = suppressedOf(o);
    assert.deepEqual(derivableCells(release, hidden), []);
    for (const [k, s] of o.status) if (s === 'published') assert.ok(!isPrimary(o.values.get(k) ?? 0, 5));
  });

  test('rounding to base 5 rounds halves up and leaves suppressed cells null', () => {
    assert.equal(roundToBase(0, 5), 0);
    assert.equal(roundToBase(2, 5), 0);
    assert.equal(roundToBase(3, 5), 5);
    assert.equal(roundToBase(12, 5), 10);
    assert.equal(roundToBase(13, 5), 15);
    const o = protect(
      table('r', [
        [3, 17, 21],
        [40, 52, 66],
      ]),
      { rounding: 5 },
    );
    for (const [k, v] of o.values) {
      if (o.status.get(k) === 'published') assert.equal((v as number) % 5, 0);
      else assert.equal(v, null);
    }
  });

  const grid = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([r, c]) =>
    fc.array(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 80 })), {
        minLength: c,
        maxLength: c,
      }),
      {
        minLength: r,
        maxLength: r,
      },
    ),
  );

  test('property: no published cell is below its threshold, published values are exact, nothing suppressed is derivable', () => {
    fc.assert(
      fc.property(grid, fc.constantFrom(5, 11), (g, threshold) => {
        const p = table('p', g, threshold);
        const o = protect(p);
        const hidden = suppressedOf(o);
        for (const c of p.cells) {
          const s = o.status.get(c.key)!;
          if (s === 'published') {
            assert.ok(!isPrimary(c.value, threshold), `published ${c.key}=${c.value}`);
            assert.equal(o.values.get(c.key), c.value);
          } else assert.equal(o.values.get(c.key), null);
          if (isPrimary(c.value, threshold)) assert.equal(s, 'primary');
        }
        assert.deepEqual(derivableCells(p, hidden), []);
      }),
      { numRuns: 300 },
    );
  });

  test('property: an independent brute-force attacker derives no suppressed cell of a small table', () => {
    const small = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([r, c]) =>
      fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: c, maxLength: c }), {
        minLength: r,
        maxLength: r,
      }),
    );
    let attacked = 0;
    fc.assert(
      fc.property(small, (g) => {
        const p = table('s', g, 5);
        const o = protect(p);
        const hidden = suppressedOf(o);
        const bound = Math.max(...p.cells.map((c) => c.value));
        const found = bruteForceDerivable(p, hidden, bound);
        if (found === null) return;
        attacked++;
        assert.deepEqual(found, [], `derivable: ${found}`);
      }),
      { numRuns: 200 },
    );
    assert.ok(attacked > 50, 'the attacker ran on enough tables');
  });

  test('property: two tables sharing their row margins are protected together', () => {
    fc.assert(
      fc.property(grid, fc.integer({ min: 1, max: 3 }), (g, extra) => {
        // Second table: the same rows split into `extra` + 1 other columns with the same row totals.
        const g2 = g.map((row) => {
          const total = row.reduce((a, b) => a + b, 0);
          const parts = Array.from(
            { length: extra + 1 },
            (_, j) => Math.floor(total / (extra + 1)) + (j < total % (extra + 1) ? 1 : 0),
          );
          return parts;
        });
        const a = table('m', g, 5);
        const b = table('m', g2, 5);
        const rename = (p: DcProblem): DcProblem => ({
          cells: p.cells.map((c) => ({ ...c, key: c.key.replace(/\|c(\d)$/, '|f$1') })),
          constraints: p.constraints.map((l) => ({
            total: l.total.replace(/\|c(\d)$/, '|f$1'),
            parts: l.parts.map((k) => k.replace(/\|c(\d)$/, '|f$1')),
          })),
        });
        const release = merge(a, rename(b));
        const o = protect(release);
        assert.deepEqual(derivableCells(release, suppressedOf(o)), []);
        for (const c of release.cells) if (o.status.get(c.key) === 'published') assert.ok(!isPrimary(c.value, 5));
      }),
      { numRuns: 200 },
    );
  });

  test('property: tables that share no cell are protected as they are alone (component by component)', () => {
    fc.assert(
      fc.property(fc.array(grid, { minLength: 2, maxLength: 5 }), (grids) => {
        const alone = grids.map((g, i) => protect(table(`t${i}`, g, 5)));
        const together = protect(merge(...grids.map((g, i) => table(`t${i}`, g, 5))));
        for (const o of alone)
          for (const [k, s] of o.status) {
            assert.equal(together.status.get(k), s, k);
            assert.equal(together.values.get(k), o.values.get(k), k);
          }
        assert.equal(
          together.status.size,
          alone.reduce((n, o) => n + o.status.size, 0),
        );
      }),
      { numRuns: 200 },
    );
  });

  test('sums over protected parts: one withheld part withholds the sum; several, pooled enough, may publish it', () => {
    // Twelve months of one count: January 3 (withheld), the rest 10; the months' outcome is fixed.
    const months = Array.from({ length: 12 }, (_, i) => ({ key: `m${i + 1}`, value: i === 0 ? 3 : 10, threshold: 5 }));
    const parts: DcProblem = { cells: months, constraints: [] };
    const quarter = (n: number) => ({
      key: `q${n}`,
      value: months.slice(n * 3 - 3, n * 3).reduce((a, c) => a + c.value, 0),
      threshold: 5,
      parts: months.slice(n * 3 - 3, n * 3).map((c) => c.key),
      span: 3,
    });
    const year = { key: 'y', value: 113, threshold: 5, parts: months.map((c) => c.key), span: 12 };
    const sums = [quarter(1), quarter(2), quarter(3), quarter(4), year];
    const one = protectSums(parts, protect(parts).status, sums, []);
    // The four quarters and the year, in that order. January alone withheld: its quarter and the year would give it
    // away.
    assert.deepEqual([...one.values()], ['complementary', 'published', 'published', 'published', 'complementary']);
    // January and February withheld (3 and 10, 13 together): the quarter and the year are published; the audit over
    // the months, the quarters and the year finds neither month fixed.
    const two = new Map(protect(parts).status);
    two.set('m2', 'complementary');
    assert.deepEqual(
      [...protectSums(parts, two, sums, []).values()],
      ['published', 'published', 'published', 'published', 'published'],
    );
    // January and April withheld (one in each of two quarters): each quarter would give its month away, and the year
    // alone would then give the other: both quarters are withheld, the year is published (13 pooled, two unknowns).
    const apart = new Map(protect(parts).status);
    apart.set('m4', 'complementary');
    assert.deepEqual(
      [...protectSums(parts, apart, sums, []).values()],
      ['complementary', 'complementary', 'published', 'published', 'published'],
    );
    // A sum itself below the threshold is a primary suppression.
    const small = protectSums(parts, protect(parts).status, [{ key: 's', value: 3, threshold: 5, parts: ['m1'] }], []);
    assert.equal(small.get('s'), 'primary');
  });
});
