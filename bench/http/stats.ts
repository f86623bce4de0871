// Small statistics over a handful of runs: medians, quartiles and ranges.

/** The value at quantile q (0..1) of the values, interpolating linearly between the two nearest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median, quartiles and range of a sample. */
export type Spread = { median: number; q1: number; q3: number; min: number; max: number };

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** 12345.6 → "12,346". */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 0.4567 → "45.7%". */
export const percent = (r: number): string => `${(r * 100).toFixed(1)}%`;

/** Milliseconds with up to two decimals: 1 → "1", 0.654 → "0.65". */
export const ms = (n: number): string => String(Math.round(n * 100) / 100);
