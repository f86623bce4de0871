// Identity document numbers as typed at different desks ("P 1234-567", "p1234567", "١٢٣٤٥٦٧") reduced to
// one look-up key.

// Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..) digits, which NFKD leaves alone.
const arabicIndicDigit = (c: string): string => {
  const code = c.codePointAt(0)!;
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return c;
};

/** The look-up key of a document number: Latin capitals and ASCII digits only; spaces, dashes and case ignored. */
export function documentKey(number: string): string {
  return [...number.normalize('NFKD')]
    .map(arabicIndicDigit)
    .join('')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 64);
}
