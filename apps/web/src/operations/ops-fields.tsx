// Field blocks the crisis, movement, fund and project forms share: a decimal number, a pair of dates, and an amount
// with its rate to US dollars (countries and currencies are chosen by name: places/country-fields.tsx). One shape
// each, so every form reads and behaves the same.
import { TextField } from '../components/fields.tsx';

type Text = { label: string; name: string; value: string; onChange: (v: string) => void; required?: boolean };

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
