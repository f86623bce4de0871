import type { PlaceList } from '@corridor/contracts';
import { useId } from 'react';
import type { FieldIssue } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { TextField } from '../components/fields.tsx';

type Props = {
  label: string;
  name: string;
  hint?: string | undefined;
  issues?: FieldIssue[] | undefined;
  /** The country whose places are offered (ISO alpha-3); none: a plain p-code field. */
  country: string;
  value: string;
  onChange: (pcode: string) => void;
  required?: boolean;
};

/**
 * A p-code field that offers the country's places from OCHA's list (GET /api/places) by name as the person types,
 * and names the place of the p-code entered. Any p-code can still be typed (a finer one than the list's).
 */
export function PcodeField({ country, value, onChange, ...field }: Props) {
  const listId = useId();
  const places = useResource<PlaceList>(/^[A-Z]{3}$/.test(country) ? `/api/places?country=${country}` : null);
  const items = places.data?.items ?? [];
  const code = value.trim().toUpperCase();
  // The place entered, or the listed place a finer code lies in.
  const place = code ? [...items].reverse().find((p) => code.startsWith(p.pcode)) : undefined;
  return (
    <div className="pcode-field">
      <TextField
        {...field}
        dir="ltr"
        autoComplete="off"
        maxLength={20}
        list={items.length ? listId : undefined}
        value={value}
        onChange={(v) => onChange(v.toUpperCase())}
      />
      {items.length > 0 && (
        <datalist id={listId}>
          {items.map((p) => (
            <option key={p.pcode} value={p.pcode}>
              {p.name}
            </option>
          ))}
        </datalist>
      )}
      {place && (
        <p className="hint" data-testid={`${field.name}-place`}>
          <bdi>{place.name}</bdi>
        </p>
      )}
    </div>
  );
}
