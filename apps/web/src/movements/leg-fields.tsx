import type { Leg } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api/problem.ts';
import { SelectField, TextField } from '../components/fields.tsx';
import { CountrySelect } from '../places/country-fields.tsx';
import { code } from './ops-ui.tsx';

/** A leg as its form holds it: every field as typed (times as UTC `YYYY-MM-DDTHH:mm`). */
export type LegDraft = {
  mode: string;
  carrier: string;
  serviceNumber: string;
  fromPlace: string;
  fromCountry: string;
  toPlace: string;
  toCountry: string;
  departsAt: string;
  arrivesAt: string;
  capacity: string;
};

export const EMPTY_LEG: LegDraft = {
  mode: 'air',
  carrier: '',
  serviceNumber: '',
  fromPlace: '',
  fromCountry: '',
  toPlace: '',
  toCountry: '',
  departsAt: '',
  arrivesAt: '',
  capacity: '',
};

/** An instant as the UTC value of a datetime-local input. */
const toLocal = (iso: string) => iso.slice(0, 16);
/** A datetime-local value read as UTC. */
const toIso = (local: string) => (local ? new Date(`${local}:00Z`).toISOString() : '');

/** The form's values of an existing leg. */
export function draftOf(l: Leg): LegDraft {
  return {
    mode: l.mode,
    carrier: l.carrier,
    serviceNumber: l.serviceNumber ?? '',
    fromPlace: l.fromPlace,
    fromCountry: l.fromCountry,
    toPlace: l.toPlace,
    toCountry: l.toCountry,
    departsAt: toLocal(l.departsAt),
    arrivesAt: toLocal(l.arrivesAt),
    capacity: String(l.capacity),
  };
}

/** The API body of a whole leg (CreateLeg). */
export function legBody(d: LegDraft) {
  return {
    mode: d.mode,
    carrier: d.carrier,
    serviceNumber: d.serviceNumber.trim() || null,
    fromPlace: d.fromPlace,
    fromCountry: code(d.fromCountry),
    toPlace: d.toPlace,
    toCountry: code(d.toCountry),
    departsAt: toIso(d.departsAt),
    arrivesAt: toIso(d.arrivesAt),
    capacity: Number(d.capacity),
  };
}

/** Only the fields that differ from the leg as read (the body of UpdateLeg). */
export function legChanges(before: Leg, d: LegDraft): Record<string, unknown> {
  const next = legBody(d);
  const was = legBody(draftOf(before));
  return Object.fromEntries(
    (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== was[k]).map((k) => [k, next[k]]),
  );
}

/** The labels of a leg's fields by their API names, to name a problem the server found in one (OpsProblem). */
export function legLabels(t: TFunction): Record<string, string> {
  return {
    departsAt: t('ops.movements.departsAt'),
    arrivesAt: t('ops.movements.arrivesAt'),
    capacity: t('ops.movements.capacity'),
    carrier: t('ops.movements.carrier'),
    fromPlace: t('ops.movements.fromPlace'),
    toPlace: t('ops.movements.toPlace'),
    fromCountry: t('ops.movements.origin'),
    toCountry: t('ops.movements.destination'),
  };
}

type Props = {
  value: LegDraft;
  onChange: (next: LegDraft) => void;
  /** Prefix of the inputs' names, so two leg forms on one page stay apart. */
  prefix: string;
  /** Whether the countries are asked (a movement's first leg takes them from the movement). */
  countries?: boolean;
  /** The issues of each field, when the form's body is the leg itself (issuesAt(problem, LEG_FIELDS).at). */
  issues?: ((field: keyof LegDraft) => FieldIssue[] | undefined) | undefined;
};

/** The leg's fields as the API names them (CreateLeg, UpdateLeg). */
export const LEG_FIELDS: readonly (keyof LegDraft)[] = Object.keys(EMPTY_LEG) as (keyof LegDraft)[];

/** The fields of one leg: mode, carrier, service number, places, times (UTC) and seats. */
export function LegFields({ value, onChange, prefix, countries = true, issues }: Props) {
  const { t } = useTranslation();
  const field = (k: keyof LegDraft) => ({
    name: `${prefix}${k}`,
    value: value[k],
    onChange: (v: string) => onChange({ ...value, [k]: v }),
    issues: issues?.(k),
  });
  // Each end of the leg: its place, and its country unless the movement gives it.
  const end = (place: 'fromPlace' | 'toPlace', country: 'fromCountry' | 'toCountry', countryLabel: string) => (
    <>
      <TextField label={t(`ops.movements.${place}`)} {...field(place)} required />
      {countries && <CountrySelect label={countryLabel} {...field(country)} emptyLabel={t('common.choose')} required />}
    </>
  );
  return (
    <>
      <SelectField
        label={t('ops.movements.mode')}
        {...field('mode')}
        options={(['air', 'land', 'sea', 'rail'] as const).map((m) => ({
          value: m,
          label: t(`ops.movements.modes.${m}`),
        }))}
      />
      <TextField label={t('ops.movements.carrier')} {...field('carrier')} required />
      <TextField label={t('ops.movements.serviceNumber')} {...field('serviceNumber')} dir="ltr" />
      {end('fromPlace', 'fromCountry', t('ops.movements.origin'))}
      {end('toPlace', 'toCountry', t('ops.movements.destination'))}
      <TextField label={t('ops.movements.departsAt')} {...field('departsAt')} type="datetime-local" required />
      <TextField label={t('ops.movements.arrivesAt')} {...field('arrivesAt')} type="datetime-local" required />
      <TextField label={t('ops.movements.capacity')} {...field('capacity')} type="number" min={1} required />
    </>
  );
}
