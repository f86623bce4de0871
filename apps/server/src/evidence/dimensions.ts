// The dimensions an indicator can be broken down by, the reference periods, and the age groups: the vocabulary of
// aggregate cells (docs/indicators.md). Pure functions, no database.

/** Every dimension a cell can carry. A cell stores one value per dimension its indicator has ('' elsewhere). */
export const DIMENSIONS = [
  'organisation',
  'country',
  'pcode',
  'sex',
  'age_group',
  'nationality',
  'case_type',
  'exploitation_type',
  'service_type',
  'currency',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Fine-grained dimensions (many values). Every record is counted twice: in its detailed cell, and in a summary cell
 * where these dimensions are '*'. A query that neither breaks down nor filters by them reads the summary cells
 * only, a few hundred rows whatever the number of places and nationalities (docs/indicators.md).
 */
export const DETAIL_DIMENSIONS: readonly Dimension[] = ['pcode', 'nationality'];

/** The value a dimension takes when the record does not say (no sex recorded, no p-code...). */
export const UNKNOWN = 'unknown';

/**
 * The value a multi-valued dimension takes in the cell that counts each person once whatever their values (a
 * victim of two forms of exploitation is in both forms' cells and once in the '*' cell).
 */
export const ALL = '*';

/** Reference periods: calendar year (2026), quarter (2026-Q1) or month (2026-03). */
export type PeriodGrain = 'year' | 'quarter' | 'month';
export const GRAINS: readonly PeriodGrain[] = ['year', 'quarter', 'month'];

/** The year, quarter and month of a date (YYYY-MM-DD or an ISO timestamp), as period strings. */
export function periodsOf(date: string): { year: string; quarter: string; month: string } {
  const year = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  return { year, quarter: `${year}-Q${Math.ceil(m / 3)}`, month: date.slice(0, 7) };
}

/** The grain of a period string, or null when it is not one. */
export function grainOf(period: string): PeriodGrain | null {
  if (/^\d{4}$/.test(period)) return 'year';
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter';
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return 'month';
  return null;
}

/** Age groups of the published tables (UNODC's child/adult split, with the adult band cut at 25 and 60). */
export const AGE_GROUPS = ['0-17', '18-24', '25-59', '60+', UNKNOWN] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/**
 * The age group of a person for a reference year: their age on 1 January of that year. One value per person and
 * year, so the months, quarters and the year of one person agree, and a birthday inside the year does not move a
 * person between cells. Only the year of birth counts when that is all that is known (`dob_precision` year).
 */
export function ageGroupIn(dateOfBirth: string | null, year: string): AgeGroup {
  if (!dateOfBirth || !/^\d{4}/.test(dateOfBirth)) return UNKNOWN;
  const by = Number(dateOfBirth.slice(0, 4));
  const born1Jan = dateOfBirth.slice(5, 10) === '01-01' || dateOfBirth.length === 4;
  // Age on 1 January: completed years; someone born on 1 January has their birthday that day.
  const age = Number(year) - by - (born1Jan ? 0 : 1);
  if (age < 0) return '0-17';
  if (age < 18) return '0-17';
  if (age < 25) return '18-24';
  if (age < 60) return '25-59';
  return '60+';
}

/** The canonical key of a cell's dimension values: the values in DIMENSIONS order, joined by '|'. */
export function cellKey(values: Partial<Record<Dimension, string>>): string {
  return DIMENSIONS.map((d) => values[d] ?? '').join('|');
}

/** The dimension values of a canonical key (inverse of cellKey); absent dimensions are ''. */
export function parseCellKey(key: string): Record<Dimension, string> {
  const parts = key.split('|');
  const out = {} as Record<Dimension, string>;
  DIMENSIONS.forEach((d, i) => {
    out[d] = parts[i] ?? '';
  });
  return out;
}
