import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { SelectField, TextField } from '../components/fields.tsx';
import { currencyDigits, readDecimal } from '../i18n/format.ts';
import { currencyOptions } from '../places/countries.ts';

/**
 * The value of a service as typed in the interface language ("25.50", "1 025,50", "1.025,50": format.ts readDecimal)
 * turned into minor units of its currency (2550 cents; 25 for a currency without decimals). Empty stays null;
 * anything unreadable is NaN, which the contract refuses with a message at the value.
 */
export function toMinorUnits(amount: string, currency: string, lng = 'en'): number | null {
  const text = readDecimal(amount, lng);
  if (!text) return null;
  // (A negative amount is passed on as one, for the contract to say it must be 0 or more.)
  if (!/^-?\d+(\.\d+)?$/.test(text)) return Number.NaN;
  return Math.round(Number(text) * 10 ** currencyDigits(currency || 'USD'));
}

/** Today's date where the caseworker is, as YYYY-MM-DD (the default for "delivered on"). */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Amount and currency side by side; both or neither (the API refuses one without the other). */
export function MoneyFields({
  amount,
  currency,
  onChange,
  amountIssues,
  currencyIssues,
}: {
  amount: string;
  currency: string;
  onChange: (value: { amount: string; currency: string }) => void;
  amountIssues?: FieldIssue[] | undefined;
  currencyIssues?: FieldIssue[] | undefined;
}) {
  const { t, i18n } = useTranslation();
  const currencies = useMemo(() => currencyOptions(i18n.language), [i18n.language]);
  return (
    <div className="field-row">
      <TextField
        label={t('money.amount')}
        hint={t('money.amountHint')}
        name="amount"
        inputMode="decimal"
        dir="ltr"
        autoComplete="off"
        className="short-field"
        value={amount}
        onChange={(v) => onChange({ amount: v, currency })}
        issues={amountIssues}
      />
      <SelectField
        label={t('money.currency')}
        name="currency"
        value={currency}
        onChange={(v) => onChange({ amount, currency: v })}
        options={[{ value: '', label: t('common.notRecorded') }, ...currencies]}
        issues={currencyIssues}
      />
    </div>
  );
}
