// Field blocks the crisis, movement, fund and project forms share: a short code (ISO country, p-code), a pair of
// dates, and an amount with its rate to US dollars. One shape each, so every form reads and behaves the same.
import { TextField } from '../components/fields.tsx';

type Text = { label: string; name: string; value: string; onChange: (v: string) => void; required?: boolean };

/** A code typed in Latin capitals, read left to right in every language (country ISO alpha-3 by default). */
export function CodeField({ maxLength = 3, ...f }: Text & { maxLength?: number }) {
  return (
    <TextField
      {...f}
      maxLength={maxLength}
      dir="ltr"
      autoCapitalize="characters"
      spellCheck={false}
      required={f.required ?? false}
    />
  );
}

/** A decimal number as typed (a dot or the language's comma), left to right. */
export function DecimalField(f: Text) {
  return <TextField {...f} inputMode="decimal" dir="ltr" required={f.required ?? false} />;
}

/** A first and a last day (both required). */
export function DateRangeFields({ start, end }: { start: Omit<Text, 'required'>; end: Omit<Text, 'required'> }) {
  return (
    <>
      <TextField {...start} type="date" required />
      <TextField {...end} type="date" required />
    </>
  );
}

/** An amount and its rate to US dollars (both required). */
export function AmountRateFields({ amount, rate }: { amount: Omit<Text, 'required'>; rate: Omit<Text, 'required'> }) {
  return (
    <>
      <DecimalField {...amount} required />
      <DecimalField {...rate} required />
    </>
  );
}
