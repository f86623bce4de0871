// Money as integers of minor units (cents): decimal strings in the API, never floats in arithmetic.
import { invalidField } from '../errors.ts';

/** "1500.5" -> 150050 (minor units). The contracts' Money pattern has already been checked. */
export function toMinor(amount: string): number {
  const [whole, frac = ''] = amount.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** 150050 -> "1500.50". */
export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const RATE_SCALE = 1_000_000_000n;

/** A decimal rate string as an integer of 1e-9 units. */
function rateNanos(rate: string): bigint {
  const [whole, frac = ''] = rate.split('.');
  return BigInt(whole ?? '0') * RATE_SCALE + BigInt(frac.padEnd(9, '0').slice(0, 9));
}

/** The largest amount Corridor records, in minor units: 9,999,999,999,999.99 (the contracts' Money). */
const MAX_MINOR = 999_999_999_999_999n;

/**
 * The USD equivalent, in USD minor units, of `minor` units of a currency at `usdRate` USD per unit (half up). An
 * equivalent above the largest amount Corridor records is refused (a validation problem at `pointer`, the amount's
 * field): it could not be added up exactly.
 */
export function usdMinorOf(minor: number, usdRate: string, pointer = '/amount'): number {
  const usd = (BigInt(minor) * rateNanos(usdRate) + RATE_SCALE / 2n) / RATE_SCALE;
  if (usd > MAX_MINOR) throw invalidField(pointer, 'its USD equivalent (amount × usdRate) is above 9999999999999.99');
  return Number(usd);
}

/** A rate as recorded, without trailing zeros ("1.082500000" -> "1.0825"). */
export function normaliseRate(rate: string): string {
  if (!rate.includes('.')) return rate;
  const t = rate.replace(/0+$/, '');
  return t.endsWith('.') ? t.slice(0, -1) : t;
}
