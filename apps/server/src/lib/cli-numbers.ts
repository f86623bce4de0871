// Whole-number options of the CLI, checked the same way everywhere: a value that is not a whole number in range is
// refused with the option's name and the range, before anything runs (never read as NaN, 0 or a rounded value).

/** `value` as a whole number from `min` to `max`, or an error naming `option`. */
export function wholeNumberOption(option: string, value: string, min: number, max: number): number {
  const n = /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new Error(`${option} must be a whole number from ${min} to ${max} (got "${value}").`);
  return n;
}
