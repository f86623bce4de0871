// From one field value to the tokens that go into its Bloom filter: the value is checked against the schema's
// format (clear, per-field errors), put into a canonical form, then cut into q-grams (or kept whole, or spread over
// neighbouring numbers) as the schema's comparison says.
import type { EncodedFeature, FeatureFormat } from './schema.ts';

/** A field value that does not fit the schema's format; the message names the rule, never the value. */
export class FieldFormatError extends Error {}

const codePoints = (s: string): string[] => Array.from(s);

function canonicalString(f: Extract<FeatureFormat, { type: 'string' }>, value: string): string {
  const v = f.case === 'upper' ? value.toUpperCase() : f.case === 'lower' ? value.toLowerCase() : value;
  if (f.encoding === 'ascii' && [...v].some((ch) => ch.codePointAt(0)! > 0x7f))
    throw new FieldFormatError('is not ASCII');
  const n = codePoints(v).length;
  if (f.minLength !== undefined && n < f.minLength)
    throw new FieldFormatError(`is shorter than ${f.minLength} characters`);
  if (f.maxLength !== undefined && n > f.maxLength)
    throw new FieldFormatError(`is longer than ${f.maxLength} characters`);
  if (f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`, 'u').test(v))
    throw new FieldFormatError('does not match the pattern');
  return v;
}

function canonicalInteger(f: Extract<FeatureFormat, { type: 'integer' }>, value: string): string {
  if (!/^[+-]?\d+$/.test(value)) throw new FieldFormatError('is not an integer');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new FieldFormatError('is too large');
  if (f.minimum !== undefined && n < f.minimum) throw new FieldFormatError(`is below the minimum ${f.minimum}`);
  if (f.maximum !== undefined && n > f.maximum) throw new FieldFormatError(`is above the maximum ${f.maximum}`);
  return String(n);
}

/** Reads a date written as the strptime-style format says (%Y, %m, %d) and returns it as YYYYMMDD. */
export function canonicalDate(format: string, value: string): string {
  let re = '';
  const order: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%' && i + 1 < format.length) {
      const d = format[++i]!;
      if (d === 'Y') re += '(\\d{4})';
      else if (d === 'm' || d === 'd') re += '(\\d{1,2})';
      else re += '%';
      if (d === 'Y' || d === 'm' || d === 'd') order.push(d);
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`).exec(value);
  if (!m) throw new FieldFormatError('is not a date in the schema format');
  const part = (k: string) => Number(m[order.indexOf(k) + 1]);
  const y = part('Y');
  const mo = part('m');
  const d = part('d');
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    throw new FieldFormatError('is not a real date');
  return `${String(y).padStart(4, '0')}${String(mo).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

function canonical(f: FeatureFormat, value: string): string {
  switch (f.type) {
    case 'string':
      return canonicalString(f, value);
    case 'integer':
      return canonicalInteger(f, value);
    case 'date':
      return canonicalDate(f.format, value);
    case 'enum':
      if (!f.values.includes(value)) throw new FieldFormatError('is not one of the allowed values');
      return value;
  }
}

/** The q-grams of a value: padded with n-1 spaces on each side (so first and last letters weigh as much as the
 * others), optionally tagged with their position. */
export function qgrams(value: string, n: number, positional: boolean): string[] {
  const cps = codePoints(value);
  if (cps.length === 0) return [];
  const pad = n > 1 ? Array<string>(n - 1).fill(' ') : [];
  const padded = [...pad, ...cps, ...pad];
  const out: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) {
    const g = padded.slice(i, i + n).join('');
    out.push(positional ? `${i}\u0000${g}` : g);
  }
  return out;
}

/** Numbers near each other share tokens: the value's grid point and `resolution` neighbours on each side, on a grid
 * of thresholdDistance/resolution, so two values closer than thresholdDistance share some of them. */
function numericTokens(value: string, thresholdDistance: number, resolution: number, precision: number): string[] {
  const v = Number(value);
  if (!Number.isFinite(v)) throw new FieldFormatError('is not a number');
  const step = thresholdDistance / resolution;
  const centre = Math.round(v / step);
  const out: string[] = [];
  for (let i = -resolution; i <= resolution; i++) out.push(((centre + i) * step).toFixed(precision));
  return out;
}

/** The tokens of one field value for one feature; [] when the value is missing (sentinel) or empty text. */
export function featureTokens(f: EncodedFeature, raw: string): string[] {
  let value = raw;
  const missing = f.hashing.missingValue;
  if (missing && raw === missing.sentinel) {
    if (missing.replaceWith === undefined) return [];
    value = missing.replaceWith;
  } else {
    if (value === '' && f.format.type !== 'string')
      throw new FieldFormatError('is empty and the schema declares no missing-value sentinel');
    value = canonical(f.format, value);
  }
  const c = f.hashing.comparison;
  switch (c.type) {
    case 'ngram':
      return qgrams(value, c.n, c.positional);
    case 'exact':
      return value === '' ? [] : [value];
    case 'numeric':
      return value === '' ? [] : numericTokens(value, c.thresholdDistance, c.resolution, c.fractionalPrecision);
  }
}

/** How many bits each token of a feature sets: fixed per token, or the feature's budget spread over its tokens. */
export function bitsPerToken(f: EncodedFeature, tokenCount: number): number {
  const s = f.hashing.strategy;
  if ('bitsPerToken' in s) return s.bitsPerToken;
  return tokenCount === 0 ? 0 : Math.ceil(s.bitsPerFeature / tokenCount);
}
