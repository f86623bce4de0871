// What one person's records contribute to the aggregate cells, derived from the indicator definitions alone
// (indicators.ts). Pure: a snapshot of the person in, a map of cell -> contribution out. The incremental
// maintenance applies the difference of two snapshots (before and after a write); rebuild and verify add up the
// snapshots of everyone. Both go through this one derivation, so they agree by construction on what an indicator
// means, and verify checks that the increments, upserts and hooks kept the stored cells equal to it.

import { extend } from '../lib/objects.ts';
import {
  ALL,
  ageGroupIn,
  DETAIL_DIMENSIONS,
  DIMENSIONS,
  type Dimension,
  GRAINS,
  type PeriodGrain,
  periodsOf,
  UNKNOWN,
} from './dimensions.ts';
import { type EventKind, INCREMENTAL, type IncrementalIndicator } from './indicators.ts';

/** A person's attributes that cells are broken down by (null when the person no longer exists). */
export type SnapshotPerson = {
  id: string;
  organisation_id: string;
  sex: string | null;
  date_of_birth: string | null;
  country: string | null;
  pcode: string | null;
  /** ISO alpha-3 codes separated by spaces; the first is the nationality of the tables. */
  citizenships: string;
};

export type SnapshotCase = {
  id: string;
  organisation_id: string;
  type: string;
  opened_on: string;
  closed_on: string | null;
  /** HTCDS exploitation types of a trafficking case. */
  exploitation: readonly string[];
  /** A child case marked unaccompanied. */
  unaccompanied: boolean;
};

export type SnapshotService = {
  id: string;
  case_id: string;
  organisation_id: string;
  service_type: string;
  delivered_on: string;
  value_minor: number | null;
  currency: string | null;
};

export type SnapshotReferral = {
  id: string;
  case_id: string;
  from_organisation_id: string;
  service_type: string | null;
  sent_at: string;
  status: string;
  closed_at: string | null;
};

/** Everything of one person that any indicator counts. */
export type PersonSnapshot = {
  person: SnapshotPerson | null;
  /** The person has a valid basis for statistics (consent ledger, purpose `statistics`). */
  counted: boolean;
  /**
   * The latest statistics event is a grant that has expired while the aggregate cells still count the person (the
   * expiry is not applied yet: no evidence_membership row): its consent event id. The cells then hold the person
   * as counted; maintain.ts applies the expiry at the next write or when the expiry job runs.
   */
  pendingExpiry?: string | null;
  /**
   * When `counted` changes with time alone: the expiry of the statistics grant that counts the person (ISO 8601);
   * null when nothing changes with time (no grant, or one without an expiry). Set by the reads of records.
   */
  validUntil?: string | null;
  cases: readonly SnapshotCase[];
  services: readonly SnapshotService[];
  referrals: readonly SnapshotReferral[];
};

/** A contribution to one cell: to the counted value or to the excluded value. */
export type Contribution = { value: number; excluded: number };

/** The address of a cell: indicator, grain, period and canonical dimension key, tab-separated. */
export type CellAddress = string;

/** Splits a cell address into its parts. */
export function parseAddress(a: CellAddress): { indicatorId: string; grain: string; period: string; key: string } {
  const [indicatorId, grain, period, key] = a.split('\t') as [string, string, string, string];
  return { indicatorId, grain, period, key };
}

type Event = {
  date: string;
  organisationId: string;
  caseType: string | null;
  exploitation: readonly string[];
  serviceType: string | null;
  currency: string | null;
  amount: number;
};

function eventsOf(s: PersonSnapshot, kind: EventKind, caseById: ReadonlyMap<string, SnapshotCase>): Event[] {
  switch (kind) {
    case 'case_opened':
    case 'case_closed':
      return s.cases
        .filter((c) => (kind === 'case_opened' ? true : c.closed_on !== null))
        .map((c) => ({
          date: kind === 'case_opened' ? c.opened_on : c.closed_on!,
          organisationId: c.organisation_id,
          caseType: c.type,
          exploitation: c.exploitation,
          serviceType: null,
          currency: null,
          amount: 1,
        }));
    case 'service_delivered':
      return s.services.map((v) => {
        const c = caseById.get(v.case_id);
        return {
          date: v.delivered_on,
          organisationId: v.organisation_id,
          caseType: c?.type ?? null,
          exploitation: c?.exploitation ?? [],
          serviceType: v.service_type,
          currency: v.currency,
          amount: v.value_minor ?? 0,
        };
      });
    case 'referral_sent':
    case 'referral_completed':
      return s.referrals
        .filter((r) => (kind === 'referral_sent' ? true : r.status === 'closed' && r.closed_at !== null))
        .map((r) => {
          const c = caseById.get(r.case_id);
          return {
            date: kind === 'referral_sent' ? r.sent_at : r.closed_at!,
            organisationId: r.from_organisation_id,
            caseType: c?.type ?? null,
            exploitation: c?.exploitation ?? [],
            serviceType: r.service_type,
            currency: null,
            amount: 1,
          };
        });
  }
}

/** An event with its periods and the values of every dimension (index = position in DIMENSIONS), derived once. */
type Placed = {
  e: Event;
  periods: { year: string; quarter: string; month: string };
  /** The value of every dimension (the first form of exploitation for exploitation_type). */
  values: string[];
  /** Every form of exploitation of the event (the one multi-valued dimension), without repeats. */
  forms: readonly string[];
  age: string;
  /** valuesKeyOf, once asked. */
  valuesKey?: string;
  /** The month and valuesKeyOf (events alike), once asked. */
  placement?: string;
};

/** The position of each dimension in DIMENSIONS (and in a placed event's `values`). */
const AT = Object.fromEntries(DIMENSIONS.map((d, i) => [d, i])) as Record<Dimension, number>;

/** A value as cells hold it: `unknown` when the record does not say. */
const known = (v: string | null | undefined): string => (v && v.length > 0 ? v : UNKNOWN);

function place(p: SnapshotPerson, e: Event): Placed {
  const periods = periodsOf(e.date);
  const age = ageGroupIn(p.date_of_birth, periods.year);
  const forms =
    e.exploitation.length === 0
      ? NO_FORMS
      : e.exploitation.length === 1
        ? e.exploitation
        : [...new Set(e.exploitation)];
  const values: string[] = new Array(DIMENSIONS.length);
  values[AT.organisation] = e.organisationId;
  values[AT.country] = known(p.country);
  values[AT.pcode] = known(p.pcode);
  values[AT.sex] = known(p.sex);
  values[AT.age_group] = age;
  values[AT.nationality] = known(p.citizenships.split(' ')[0]);
  values[AT.case_type] = known(e.caseType);
  values[AT.exploitation_type] = forms[0]!;
  values[AT.service_type] = known(e.serviceType);
  values[AT.currency] = known(e.currency);
  return { e, periods, age, values, forms };
}

const NO_FORMS: readonly string[] = [UNKNOWN];

/** The values of dimension `i` of an event: several only for the forms of exploitation. */
function valuesAt(x: Placed, i: number): readonly string[] {
  return i === AT.exploitation_type ? x.forms : [x.values[i]!];
}

/** An indicator's key layout: per dimension, absent (''), single-valued, or multi-valued (with '*'). */
type Layout = { kinds: ('absent' | 'single' | 'multi')[]; summary: boolean };
const layouts = new Map<string, Layout>();
function layoutOf(def: IncrementalIndicator): Layout {
  let l = layouts.get(def.id);
  if (!l) {
    l = {
      kinds: DIMENSIONS.map((d) =>
        !def.dimensions.includes(d) ? 'absent' : def.multiValued.includes(d) ? 'multi' : 'single',
      ),
      summary: def.dimensions.some((d) => DETAIL_DIMENSIONS.includes(d)),
    };
    layouts.set(def.id, l);
  }
  return l;
}

const DETAIL = DIMENSIONS.map((d) => DETAIL_DIMENSIONS.includes(d));

/**
 * The cells of an indicator for one placed event: per cell, the value each dimension must have (null: any) — the
 * detailed cells (several only for multi-valued dimensions, with their '*'), then the same with the detail
 * dimensions at '*' (the summary cells). keyOfWant gives each one's key.
 */
function wantsOf(def: IncrementalIndicator, x: Placed): (string | null)[][] {
  const { kinds, summary } = layoutOf(def);
  const out: (string | null)[][] = [];
  for (let level = 0; level < (summary ? 2 : 1); level++) {
    let wants: (string | null)[][] = [[]];
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      if (kind === 'absent' || (level === 1 && DETAIL[i])) for (const w of wants) w.push(null);
      else if (kind === 'single') {
        const v = x.values[i]!;
        for (const w of wants) w.push(v);
      } else {
        const next: (string | null)[][] = [];
        for (const w of wants) {
          for (const v of valuesAt(x, i)) next.push([...w, v]);
          next.push([...w, ALL]);
        }
        wants = next;
      }
    }
    for (const w of wants) out.push(w);
  }
  return out;
}

/**
 * The cells of an event for an indicator, as keys and as wants (the same order): they depend only on the indicator
 * and the event's dimension values (with its forms of exploitation), not on its dates, so they are derived once per
 * such combination and kept (a pure derivation; bounded).
 */
type Shape = {
  def: IncrementalIndicator;
  keys: readonly string[];
  wants: readonly (readonly (string | null)[])[];
  /** The cells' full addresses by grain, then period, made when first asked for. */
  addresses: Record<PeriodGrain, Map<string, readonly string[]>>;
};
/** Shapes by valuesKeyOf, then indicator. */
const shapes = new Map<string, Map<IncrementalIndicator, Shape>>();
/** Bounds: shapes kept, and addresses kept over all shapes (both caches are emptied when either is reached). */
const SHAPES_LIMIT = 20_000;
const ADDRESSES_LIMIT = 200_000;
let addressesKept = 0;

/**
 * The addresses of a shape's cells in one grain and period (the same order as its keys). The same string objects
 * every time, so the maps that sum contributions by address find them without hashing a new string.
 */
function addressesOf(shape: Shape, grain: PeriodGrain, period: string): readonly string[] {
  const byPeriod = shape.addresses[grain];
  let list = byPeriod.get(period);
  if (!list) {
    const prefix = `${shape.def.id}\t${grain}\t${period}\t`;
    list = shape.keys.map((k) => prefix + k);
    addressesKept += list.length;
    if (addressesKept > ADDRESSES_LIMIT) {
      shapes.clear();
      addressesKept = list.length;
    }
    byPeriod.set(period, list);
  }
  return list;
}

/** The event's dimension values and forms as one string (kept on the placed event). */
function valuesKeyOf(x: Placed): string {
  x.valuesKey ??= `${x.values.join('\u0001')}\u0002${x.forms.join('\u0001')}`;
  return x.valuesKey;
}

function shapeOf(def: IncrementalIndicator, x: Placed): Shape {
  const valuesKey = valuesKeyOf(x);
  let byDef = shapes.get(valuesKey);
  if (!byDef) {
    if (shapes.size >= SHAPES_LIMIT) {
      shapes.clear();
      addressesKept = 0;
    }
    byDef = new Map();
    shapes.set(valuesKey, byDef);
  }
  let shape = byDef.get(def);
  if (!shape) {
    const wants = wantsOf(def, x);
    const addresses = { year: new Map(), quarter: new Map(), month: new Map() };
    shape = { def, keys: wants.map((w) => keyOfWant(def, w)), wants, addresses };
    byDef.set(def, shape);
  }
  return shape;
}

/** The canonical key of the cell `want` describes. */
function keyOfWant(def: IncrementalIndicator, want: readonly (string | null)[]): string {
  const { kinds } = layoutOf(def);
  let key = '';
  for (let i = 0; i < kinds.length; i++) {
    if (i > 0) key += '|';
    if (kinds[i] !== 'absent') key += want[i] ?? ALL;
  }
  return key;
}

/** Does event `u` fall in the cell that `want` describes (the period aside)? */
function fallsIn(def: IncrementalIndicator, u: Placed, want: readonly (string | null)[]): boolean {
  const { kinds } = layoutOf(def);
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? null;
    if (w === null) continue;
    if (kinds[i] === 'multi') {
      if (w !== ALL && !valuesAt(u, i).includes(w)) return false;
    } else if (u.values[i] !== w) return false;
  }
  return true;
}

const MONTHS_ONLY: readonly PeriodGrain[] = ['month'];

/**
 * A value indicator (a sum of money) also counts the records behind each amount: the number of records sits on the
 * month row's second counters (quarter_value, quarter_excluded), which only people indicators use otherwise, at a
 * `quarter` address carrying the month as its period. Disclosure control needs it (query.ts): an amount is published
 * only when enough records make it up, whatever its size.
 */
export const RECORDS_GRAIN: PeriodGrain = 'quarter';

/**
 * The grains an indicator's contributions are addressed in. An event or value indicator is addressed by month only:
 * quarters and years are the sums of their months, added up when read (query.ts). A people indicator is addressed
 * in all three grains (a person in January and in February is one person in the quarter, not two): its months and
 * years as such (a year is a row of its own, what the annual report reads), its quarters as *parts* on month rows
 * (migration 20261129T0120_evidence_cells_compact): the person's part of a quarter sits on the month of their first
 * event in that quarter and cell, a `quarter` address carries that month as its period, and the quarter is the sum
 * of its months' parts (columns quarter_value, quarter_excluded).
 */
export function grainsOf(def: IncrementalIndicator): readonly PeriodGrain[] {
  return def.measure === 'people' ? GRAINS : MONTHS_ONLY;
}

/** The period a contribution counts in: the quarter a people indicator's quarter part (on a month) falls in. */
export function periodOfAddress(grain: string, period: string): string {
  return grain === 'quarter' && period.length === 7 ? periodsOf(`${period}-01`).quarter : period;
}

/** Does an indicator count this event (its case type, value and unaccompanied-minor filters)? */
function counts(def: IncrementalIndicator, x: Placed, unaccompanied: boolean): boolean {
  const { e } = x;
  if (def.caseTypes && (e.caseType === null || !def.caseTypes.includes(e.caseType))) return false;
  if (def.valued && (e.currency === null || e.amount === 0)) return false;
  if (def.unaccompaniedMinorsOnly && !(unaccompanied && x.age === '0-17')) return false;
  return true;
}

/** Does the person have a child case marked unaccompanied (the filter of unaccompaniedMinorsOnly)? */
function unaccompaniedOf(s: PersonSnapshot): boolean {
  return s.cases.some((c) => c.type === 'child' && c.unaccompanied);
}

/** Adds `amount` to a cell's counted or excluded value in `out`. */
function addTo(out: Map<CellAddress, Contribution>, address: CellAddress, amount: number, counted: boolean) {
  const c = out.get(address);
  if (c) {
    if (counted) c.value += amount;
    else c.excluded += amount;
  } else out.set(address, counted ? { value: amount, excluded: 0 } : { value: 0, excluded: amount });
}

/**
 * Adds what one indicator counts of a person's events to `out`. For a people indicator the person counts once per
 * cell and period; their part of a quarter on the month of their first event in it (grainsOf).
 */
function contribute(
  def: IncrementalIndicator,
  unaccompanied: boolean,
  counted: boolean,
  events: (kind: EventKind) => readonly Placed[],
  out: Map<CellAddress, Contribution>,
): void {
  // People: (grain, period, key) -> the earliest month of the person's events in it.
  // (The cell's address in the grain and period of the event, as the slot.)
  const first =
    def.measure === 'people' ? new Map<string, { shape: Shape; w: number; grain: PeriodGrain; month: string }>() : null;
  for (const kind of def.events) {
    for (const x of events(kind)) {
      if (!counts(def, x, unaccompanied)) continue;
      const month = x.periods.month;
      const shape = shapeOf(def, x);
      if (first) {
        for (const grain of GRAINS) {
          const slots = addressesOf(shape, grain, x.periods[grain]);
          for (let w = 0; w < slots.length; w++) {
            const f = first.get(slots[w]!);
            if (!f) first.set(slots[w]!, { shape, w, grain, month });
            else if (month < f.month) f.month = month;
          }
        }
        continue;
      }
      const amount = def.measure === 'value' ? x.e.amount : 1;
      for (const address of addressesOf(shape, 'month', month)) addTo(out, address, amount, counted);
      if (def.measure === 'value')
        for (const address of addressesOf(shape, RECORDS_GRAIN, month)) addTo(out, address, 1, counted);
    }
  }
  if (first)
    for (const f of first.values()) {
      // A year is stored as such; a month, and a quarter's part, on the month of the first event.
      const period = f.grain === 'year' ? f.month.slice(0, 4) : f.month;
      addTo(out, addressesOf(f.shape, f.grain, period)[f.w]!, 1, counted);
    }
}

/**
 * Adds what one indicator counts of a person's new events to `out`, given their other events (`others`): every
 * new event in full for an event or value indicator; for a people indicator, the person is added to each month and
 * year cell none of their other events (nor a new one before it) already counts them in, and their part of a quarter
 * moves to the new event's month when it comes before the first month their other events count them in (added
 * there when none does).
 */
function contributeNew(
  def: IncrementalIndicator,
  unaccompanied: boolean,
  counted: boolean,
  fresh: (kind: EventKind) => readonly Placed[],
  others: (kind: EventKind) => readonly Placed[],
  out: Map<CellAddress, Contribution>,
): void {
  let seen: Placed[] | null = null;
  // New events alike (the same month and dimension values): an event or value indicator adds them up once; a
  // people indicator counts the person once for all of them (the first one).
  const alike = new Map<string, { x: Placed; amount: number; records: number }>();
  for (const kind of def.events) {
    for (const x of fresh(kind)) {
      if (!counts(def, x, unaccompanied)) continue;
      const month = x.periods.month;
      x.placement ??= `${month}\u0004${valuesKeyOf(x)}`;
      const placement = x.placement;
      const same = alike.get(placement);
      if (def.measure !== 'people') {
        const amount = def.measure === 'value' ? x.e.amount : 1;
        if (same) {
          same.amount += amount;
          same.records++;
        } else alike.set(placement, { x, amount, records: 1 });
        continue;
      }
      if (same) continue;
      alike.set(placement, { x, amount: 1, records: 1 });
      if (seen === null) {
        // The person's other events this indicator counts (a cell's period lies within one year: only that year's).
        seen = [];
        for (const k of def.events) for (const u of others(k)) if (counts(def, u, unaccompanied)) seen.push(u);
      }
      const shape = shapeOf(def, x);
      for (let w = 0; w < shape.wants.length; w++) {
        const want = shape.wants[w]!;
        for (const grain of GRAINS) {
          const period = x.periods[grain];
          // The month the person counts in for this cell and period so far ('' when not counted in it yet); for a
          // month or a year (stored as such) only whether they count in it.
          let firstMonth = '';
          for (const u of seen)
            if (
              u.periods[grain] === period &&
              (firstMonth === '' || u.periods.month < firstMonth) &&
              fallsIn(def, u, want)
            ) {
              firstMonth = u.periods.month;
              if (grain !== 'quarter') break;
            }
          if (firstMonth !== '' && (grain !== 'quarter' || firstMonth <= month)) continue;
          if (grain === 'year') {
            addTo(out, addressesOf(shape, 'year', period)[w]!, 1, counted);
            continue;
          }
          if (firstMonth !== '') addTo(out, addressesOf(shape, grain, firstMonth)[w]!, -1, counted);
          addTo(out, addressesOf(shape, grain, month)[w]!, 1, counted);
        }
      }
      seen.push(x);
    }
  }
  if (def.measure !== 'people')
    for (const { x, amount, records } of alike.values()) {
      const shape = shapeOf(def, x);
      for (const address of addressesOf(shape, 'month', x.periods.month)) addTo(out, address, amount, counted);
      if (def.measure === 'value')
        for (const address of addressesOf(shape, RECORDS_GRAIN, x.periods.month)) addTo(out, address, records, counted);
    }
}

/** The placed events of a person's records, by kind, each kind derived once when first asked for. */
function placedEvents(person: SnapshotPerson, s: PersonSnapshot, caseById: ReadonlyMap<string, SnapshotCase>) {
  const memo = new Map<EventKind, Placed[]>();
  return (kind: EventKind) => {
    let list = memo.get(kind);
    if (!list) {
      list = eventsOf(s, kind, caseById).map((e) => place(person, e));
      memo.set(kind, list);
    }
    return list;
  };
}

/** The events of `events` in `years`, by kind, each kind filtered once when first asked for. */
function inYears(events: (kind: EventKind) => readonly Placed[], years: ReadonlySet<string>) {
  const memo = new Map<EventKind, Placed[]>();
  // Anonymous: tsx (esbuild keepNames) would name a named closure on every call.
  return (kind: EventKind) => {
    let list = memo.get(kind);
    if (!list) {
      list = events(kind).filter((x) => years.has(x.periods.year));
      memo.set(kind, list);
    }
    return list;
  };
}

/** Everything one person contributes to every incremental indicator's cells. */
export function contributionsOf(s: PersonSnapshot, into = new Map<CellAddress, Contribution>()) {
  if (!s.person || s.cases.length === 0) return into;
  const events = placedEvents(s.person, s, new Map(s.cases.map((c) => [c.id, c])));
  const unaccompanied = unaccompaniedOf(s);
  for (const def of INCREMENTAL) contribute(def, unaccompanied, s.counted, events, into);
  return into;
}

function samePerson(a: SnapshotPerson, b: SnapshotPerson): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.organisation_id === b.organisation_id &&
      a.sex === b.sex &&
      a.date_of_birth === b.date_of_birth &&
      a.country === b.country &&
      a.pcode === b.pcode &&
      a.citizenships === b.citizenships)
  );
}

function sameCase(a: SnapshotCase, b: SnapshotCase): boolean {
  return (
    a.organisation_id === b.organisation_id &&
    a.type === b.type &&
    a.opened_on === b.opened_on &&
    a.closed_on === b.closed_on &&
    a.unaccompanied === b.unaccompanied &&
    a.exploitation.length === b.exploitation.length &&
    a.exploitation.every((x, i) => x === b.exploitation[i])
  );
}

function sameService(a: SnapshotService, b: SnapshotService): boolean {
  return (
    a.case_id === b.case_id &&
    a.organisation_id === b.organisation_id &&
    a.service_type === b.service_type &&
    a.delivered_on === b.delivered_on &&
    a.value_minor === b.value_minor &&
    a.currency === b.currency
  );
}

function sameReferral(a: SnapshotReferral, b: SnapshotReferral): boolean {
  return (
    a.case_id === b.case_id &&
    a.from_organisation_id === b.from_organisation_id &&
    a.service_type === b.service_type &&
    a.sent_at === b.sent_at &&
    a.status === b.status &&
    a.closed_at === b.closed_at
  );
}

/**
 * The records of `after` that `before` lacks, when every record of `before` is in `after` unchanged (matched by
 * id); null otherwise.
 */
function additionsOnly<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean,
): T[] | null {
  if (after.length < before.length) return null;
  // The usual case: `after` is `before` (the same objects, in order) and then the additions.
  let prefix = 0;
  while (prefix < before.length && after[prefix] === before[prefix]) prefix++;
  if (prefix === before.length) return after.slice(prefix) as T[];
  const old = new Map(before.map((x) => [x.id, x]));
  const added: T[] = [];
  let kept = 0;
  for (const x of after) {
    const o = old.get(x.id);
    if (!o) added.push(x);
    else if (!same(o, x)) return null;
    else kept++;
  }
  return kept === old.size ? added : null;
}

/** Adds every delta of `from` into `into`. */
function addAll(into: Map<CellAddress, Contribution>, from: ReadonlyMap<CellAddress, Contribution>) {
  for (const [a, d] of from) {
    const c = into.get(a);
    if (c) {
      c.value += d.value;
      c.excluded += d.excluded;
    } else into.set(a, { value: d.value, excluded: d.excluded });
  }
}

/**
 * contributionsOf(after) - contributionsOf(before), added into `into` (where entries may net to 0). A write
 * usually only adds records to a person (a case opened, a service delivered, a referral sent, an import's rows);
 * then the difference is what the new records' events contribute, except that a people indicator counts the
 * person only in the cells none of their other events already counted them in. That takes the new events and the
 * person's other events of the same years only, instead of deriving everything twice. Any other change (the
 * person's attributes or basis for statistics, a record changed or removed, a first unaccompanied child case)
 * takes the full derivation. Both give the same result (property-tested in contributions.test.ts).
 */
export function snapshotDelta(
  before: PersonSnapshot,
  after: PersonSnapshot,
  into = new Map<CellAddress, Contribution>(),
  memo?: DeltaMemo,
): Map<CellAddress, Contribution> {
  if (!before.person || before.cases.length === 0) {
    // Nothing counted before: the difference is everything `after` contributes. In a bulk write (a memo), a person
    // like one already derived (the same signature, every record new) reuses that derivation.
    if (!memo || !after.person || after.cases.length === 0) return contributionsOf(after, into);
    const caseById = new Map(after.cases.map((c) => [c.id, c]));
    const signature = signatureOf(
      after.person,
      after.counted,
      unaccompaniedOf(after),
      yearsOfEvents(after),
      after,
      NOTHING,
      caseById,
    );
    return fromMemo(memo, signature, into) ?? remember(memo, signature, contributionsOf(after), into);
  }
  const additive =
    after.person !== null &&
    samePerson(before.person, after.person) &&
    before.counted === after.counted &&
    unaccompaniedOf(before) === unaccompaniedOf(after);
  const cases = additive ? additionsOnly(before.cases, after.cases, sameCase) : null;
  const services = cases ? additionsOnly(before.services, after.services, sameService) : null;
  const referrals = services ? additionsOnly(before.referrals, after.referrals, sameReferral) : null;
  if (!cases || !services || !referrals) {
    addAll(into, difference(contributionsOf(before), contributionsOf(after)));
    return into;
  }
  if (cases.length === 0 && services.length === 0 && referrals.length === 0) return into;
  const person = after.person!;
  const caseById = new Map(after.cases.map((c) => [c.id, c]));
  const added: PersonSnapshot = extend(after, { cases, services, referrals });
  const unaccompanied = unaccompaniedOf(after);
  // The other events that can share a cell with the new ones: those of the same years.
  const years = yearsOfEvents(added);
  let signature: string | null = null;
  if (memo) {
    signature = signatureOf(person, after.counted, unaccompanied, years, added, before, caseById);
    if (fromMemo(memo, signature, into)) return into;
  }
  const fresh = placedEvents(person, added, caseById);
  const old = placedEvents(person, before, caseById);
  const others = inYears(old, years);
  const out = memo ? new Map<CellAddress, Contribution>() : into;
  for (const def of INCREMENTAL) contributeNew(def, unaccompanied, after.counted, fresh, others, out);
  if (memo && signature !== null) remember(memo, signature, out, into);
  return into;
}

/** A snapshot with no records (what a person created by the bulk write had before it). */
const NOTHING: PersonSnapshot = { person: null, counted: false, cases: [], services: [], referrals: [] };

/** Adds the memo's delta for `signature` into `into`; `into`, or undefined when the memo has none. */
function fromMemo(
  memo: DeltaMemo,
  signature: string,
  into: Map<CellAddress, Contribution>,
): Map<CellAddress, Contribution> | undefined {
  const cached = memo.get(signature);
  if (!cached) return undefined;
  for (const [a, d] of cached) {
    const c = into.get(a);
    if (c) {
      c.value += d.value;
      c.excluded += d.excluded;
    } else into.set(a, { value: d.value, excluded: d.excluded });
  }
  return into;
}

/** Keeps a derived delta in the memo (a copy) and adds it into `into`. */
function remember(
  memo: DeltaMemo,
  signature: string,
  delta: ReadonlyMap<CellAddress, Contribution>,
  into: Map<CellAddress, Contribution>,
): Map<CellAddress, Contribution> {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(
    signature,
    [...delta].map(([a, d]) => [a, { value: d.value, excluded: d.excluded }] as const),
  );
  addAll(into, delta);
  return into;
}

/**
 * Deltas already derived in a bulk write, by what they depend on (signatureOf): the rows of one import file are
 * alike (the same organisation, a few places, sexes, age groups, months and service types), so most people's
 * deltas are one already derived. Only for one bulk write (withEvidenceDeferred); bounded.
 */
export type DeltaMemo = Map<string, readonly (readonly [CellAddress, Contribution])[]>;
const MEMO_LIMIT = 20_000;

/** The years of a person's events (eventsOf, every kind), without building the events. */
function yearsOfEvents(s: PersonSnapshot): Set<string> {
  const years = new Set<string>();
  for (const c of s.cases) {
    years.add(c.opened_on.slice(0, 4));
    if (c.closed_on !== null) years.add(c.closed_on.slice(0, 4));
  }
  for (const v of s.services) years.add(v.delivered_on.slice(0, 4));
  for (const r of s.referrals) {
    years.add(r.sent_at.slice(0, 4));
    if (r.status === 'closed' && r.closed_at !== null) years.add(r.closed_at.slice(0, 4));
  }
  return years;
}

/** Field and record separators of a signature (never found in the values it joins: codes, ids, dates, amounts). */
const F = '\u0001';
const R = '\u0002';

/** The forms of exploitation of a case as a signature holds them: distinct, sorted, joined. */
function formsKey(c: SnapshotCase | undefined): string {
  if (!c || c.exploitation.length === 0) return '';
  if (c.exploitation.length === 1) return c.exploitation[0]!;
  return [...new Set(c.exploitation)].sort().join(' ');
}

/**
 * Everything the additive difference of a write depends on, and nothing else: the person's dimension values (the
 * age group in each year of the new events), whether they are counted and an unaccompanied child, the new events
 * (with their amounts) and the person's other events of the same years (without: no value indicator reads them),
 * each by kind, month, organisation, case type, forms of exploitation, service type and currency. No ids, no days.
 * Built as one string from the records themselves (the events of eventsOf without making them: this runs for every
 * person of an import), the events sorted: the difference depends on which events there are, not on their order.
 */
function signatureOf(
  person: SnapshotPerson,
  counted: boolean,
  unaccompanied: boolean,
  years: ReadonlySet<string>,
  added: PersonSnapshot,
  before: PersonSnapshot,
  caseById: ReadonlyMap<string, SnapshotCase>,
): string {
  const space = person.citizenships.indexOf(' ');
  let sig =
    person.organisation_id +
    F +
    known(person.country) +
    F +
    known(person.pcode) +
    F +
    known(person.sex) +
    F +
    known(space < 0 ? person.citizenships : person.citizenships.slice(0, space)) +
    F +
    (counted ? '1' : '0') +
    (unaccompanied ? '1' : '0');
  for (const y of [...years].sort()) sig += R + y + F + ageGroupIn(person.date_of_birth, y);
  // Each event as one descriptor; in any order (the difference does not depend on it), so sorted.
  const events: string[] = [];
  for (let w = 0; w < 2; w++) {
    const s = w === 0 ? added : before;
    const tag = w === 0 ? 'n' : 'o';
    const all = w === 0;
    for (const c of s.cases)
      if (all || years.has(c.opened_on.slice(0, 4)))
        events.push(`${tag}co${F}${c.opened_on.slice(0, 7)}${F}${c.organisation_id}${F}${c.type}${F}${formsKey(c)}`);
    for (const c of s.cases)
      if (c.closed_on !== null && (all || years.has(c.closed_on.slice(0, 4))))
        events.push(`${tag}cc${F}${c.closed_on.slice(0, 7)}${F}${c.organisation_id}${F}${c.type}${F}${formsKey(c)}`);
    for (const v of s.services) {
      if (!(all || years.has(v.delivered_on.slice(0, 4)))) continue;
      const c = caseById.get(v.case_id);
      events.push(
        `${tag}sd${F}${v.delivered_on.slice(0, 7)}${F}${v.organisation_id}${F}${c?.type ?? ''}${F}${formsKey(c)}${F}${v.service_type}${F}${v.currency ?? ''}${F}${w === 0 ? (v.value_minor ?? 0) : 0}`,
      );
    }
    for (const r of s.referrals) {
      if (!(all || years.has(r.sent_at.slice(0, 4)))) continue;
      const c = caseById.get(r.case_id);
      events.push(
        `${tag}rs${F}${r.sent_at.slice(0, 7)}${F}${r.from_organisation_id}${F}${c?.type ?? ''}${F}${formsKey(c)}${F}${r.service_type ?? ''}`,
      );
    }
    for (const r of s.referrals) {
      if (r.status !== 'closed' || r.closed_at === null || !(all || years.has(r.closed_at.slice(0, 4)))) continue;
      const c = caseById.get(r.case_id);
      events.push(
        `${tag}rc${F}${r.closed_at.slice(0, 7)}${F}${r.from_organisation_id}${F}${c?.type ?? ''}${F}${formsKey(c)}${F}${r.service_type ?? ''}`,
      );
    }
  }
  if (events.length > 1) events.sort();
  for (const e of events) sig += R + e;
  return sig;
}

/** after - before, cell by cell, without the cells that do not change. */
export function difference(
  before: ReadonlyMap<CellAddress, Contribution>,
  after: ReadonlyMap<CellAddress, Contribution>,
): Map<CellAddress, Contribution> {
  const out = new Map<CellAddress, Contribution>();
  for (const [a, c] of after) {
    const b = before.get(a);
    const d = { value: c.value - (b?.value ?? 0), excluded: c.excluded - (b?.excluded ?? 0) };
    if (d.value !== 0 || d.excluded !== 0) out.set(a, d);
  }
  // 0 - x, not -x: never a negative zero (-0 is not 0 to a strict comparison).
  for (const [a, b] of before)
    if (!after.has(a) && (b.value !== 0 || b.excluded !== 0))
      out.set(a, { value: 0 - b.value, excluded: 0 - b.excluded });
  return out;
}

/**
 * What a write added to one person, when that is all it did (a case opened, a service recorded): the person's
 * records after it are then those before plus these, without reading them again.
 */
export type EvidenceAdded = { cases?: readonly SnapshotCase[]; services?: readonly SnapshotService[] };

/**
 * A snapshot as the aggregate cells hold it: a person whose statistics grant expired without the expiry being
 * applied yet is still counted there (loadSnapshots reads `counted` as the ledger says at `now`).
 */
export function asInCells(s: PersonSnapshot): PersonSnapshot {
  return s.pendingExpiry ? extend(s, { counted: true }) : s;
}

/**
 * A bulk write's derivation as it goes (maintain.ts withEvidenceDeferred, the reader thread): the deltas so far, the
 * memo of deltas already derived, and the statistics grants whose expiry the cells reflect once the deltas are
 * added, as [person, consent event] keyed by both.
 */
export type Derivation = {
  deltas: Map<CellAddress, Contribution>;
  memo: DeltaMemo;
  expiries: Map<string, readonly [string, string]>;
};

/**
 * One step of a derivation: the person, `current` as the cells are to hold them so far, is now `after`. Adds the
 * difference to the deltas, notes the expiries it applies, and returns the person as the cells hold them after it
 * (steps one after another sum to the difference between the first and the last).
 */
export function derivationStep(
  d: Derivation,
  id: string,
  current: PersonSnapshot,
  after: PersonSnapshot,
): PersonSnapshot {
  snapshotDelta(asInCells(current), after, d.deltas, d.memo);
  // The cells held the person as counted: noted with the expiries applied (maintain.ts markExpiriesApplied says why).
  if (current.pendingExpiry) d.expiries.set(`${id}\u0000${current.pendingExpiry}`, [id, current.pendingExpiry]);
  if (!after.pendingExpiry) return after;
  // The deltas move the person to excluded: the expiry is applied, and the cells hold them so from now on.
  d.expiries.set(`${id}\u0000${after.pendingExpiry}`, [id, after.pendingExpiry]);
  return extend(after, { pendingExpiry: null });
}

/** A person's snapshot after writes that only added `added` to it. */
export function withAdded(s: PersonSnapshot, added: EvidenceAdded): PersonSnapshot {
  return extend(s, {
    cases: [...s.cases, ...(added.cases ?? [])],
    services: [...s.services, ...(added.services ?? [])],
  });
}
