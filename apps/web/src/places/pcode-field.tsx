import type { Place, PlaceList } from '@corridor/contracts';
import { useEffect, useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { FieldIssue } from '../api/problem.ts';
import { TextField } from '../components/fields.tsx';

/**
 * The places of each country asked for in this page's life, shared by every field and name that shows them (a list
 * of search results asks once per country, not once per row). Reference data: it does not change while the app runs.
 */
const placeLists = new Map<string, Promise<Place[]>>();

function loadPlaces(country: string): Promise<Place[]> {
  let list = placeLists.get(country);
  if (!list) {
    list = api<PlaceList>('GET', `/api/places?country=${country}`).then(
      (r) => r.data.items,
      () => {
        placeLists.delete(country); // asked again next time (signed out, offline)
        return [];
      },
    );
    placeLists.set(country, list);
  }
  return list;
}

/** The places of a country from OCHA's list (empty while loading, or when the list does not cover it). */
function useCountryPlaces(country: string | null | undefined): Place[] {
  const [places, setPlaces] = useState<{ country: string; items: Place[] } | null>(null);
  const wanted = country && /^[A-Z]{3}$/.test(country) ? country : null;
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    loadPlaces(wanted).then((items) => {
      if (live) setPlaces({ country: wanted, items });
    });
    return () => {
      live = false;
    };
  }, [wanted]);
  return places && places.country === wanted ? places.items : [];
}

/** The place of a p-code: the listed place itself, or the listed place a finer code lies in. */
function placeOf(items: readonly Place[], pcode: string): Place | undefined {
  const code = pcode.trim().toUpperCase();
  return code ? [...items].reverse().find((p) => code.startsWith(p.pcode)) : undefined;
}

/** A recorded p-code with its place's name from OCHA's list when the list has it ("Erbil (IQG11)"). */
export function PlaceName({ country, pcode }: { country: string | null; pcode: string }) {
  const place = placeOf(useCountryPlaces(country), pcode);
  return (
    <>
      {place && (
        <>
          <bdi data-testid="place-name">{place.name}</bdi>{' '}
        </>
      )}
      <bdi dir="ltr">{place ? `(${pcode})` : pcode}</bdi>
    </>
  );
}

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
  /** Longest code accepted (20 unless the field's record says less). */
  maxLength?: number;
};

/**
 * A p-code field that offers the country's places from OCHA's list (GET /api/places) by name as the person types,
 * and names the place of the p-code entered. Any p-code can still be typed (a finer one than the list's).
 */
export function PcodeField({ country, value, onChange, maxLength = 20, ...field }: Props) {
  const listId = useId();
  const items = useCountryPlaces(country);
  const place = placeOf(items, value);
  return (
    <div className="pcode-field">
      <TextField
        {...field}
        dir="ltr"
        autoComplete="off"
        maxLength={maxLength}
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
