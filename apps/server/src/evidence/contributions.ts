// What one person's records contribute to the aggregate cells, derived from the indicator definitions alone
// (indicators.ts). Pure: a snapshot of the person in, a map of cell -> contribution out. The incremental
// maintenance applies the difference of two snapshots (before and after a write); rebuild and verify add up the
// snapshots of everyone. Both go through this one derivation, so they agree by construction on what an indicator
// means, and verify checks that the increments, upserts and hooks kept the stored cells equal to it.
import {
  ALL,
  ageGroupIn,
  DETAIL_DIMENSIONS,
  DIMENSIONS,
  type Dimension,
  GRAINS,
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
  case_id: string;
  organisation_id: string;
  service_type: string;
  delivered_on: string;
  value_minor: number | null;
  currency: string | null;
};

export type SnapshotReferral = {
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
  const ofCase = (id: string) => caseById.get(id);
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
        const c = ofCase(v.case_id);
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
          const c = ofCase(r.case_id);
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
type Placed = { e: Event; periods: { year: string; quarter: string; month: string }; values: string[][]; age: string };

function place(p: SnapshotPerson, e: Event): Placed {
  const one = (v: string | null | undefined) => [v && v.length > 0 ? v : UNKNOWN];
  const periods = periodsOf(e.date);
  const age = ageGroupIn(p.date_of_birth, periods.year);
  const byDimension: Record<Dimension, string[]> = {
    organisation: [e.organisationId],
    country: one(p.country),
    pcode: one(p.pcode),
    sex: one(p.sex),
    age_group: [age],
    nationality: one(p.citizenships.split(' ')[0]),
    case_type: one(e.caseType),
    exploitation_type: e.exploitation.length ? [...new Set(e.exploitation)] : [UNKNOWN],
    service_type: one(e.serviceType),
    currency: one(e.currency),
  };
  return { e, periods, age, values: DIMENSIONS.map((d) => byDimension[d]) };
}

/** The layout of an indicator's keys: per dimension, absent (''), single-valued, or multi-valued (with '*'). */
const layouts = new Map<string, ('absent' | 'single' | 'multi')[]>();
function layoutOf(def: IncrementalIndicator) {
  let l = layouts.get(def.id);
  if (!l) {
    l = DIMENSIONS.map((d) =>
      !def.dimensions.includes(d) ? 'absent' : def.multiValued.includes(d) ? 'multi' : 'single',
    );
    layouts.set(def.id, l);
  }
  return l;
}

const DETAIL = DIMENSIONS.map((d) => DETAIL_DIMENSIONS.includes(d));

/**
 * The canonical keys of an indicator's cells for one placed event: the detailed cells (several only for
 * multi-valued dimensions) and the same with the detail dimensions at '*' (the summary cells).
 */
function keysOf(def: IncrementalIndicator, x: Placed): string[] {
  const layout = layoutOf(def);
  const build = (summary: boolean) => {
    let keys = [''];
    layout.forEach((kind, i) => {
      const sep = i === 0 ? '' : '|';
      if (kind === 'absent') keys = keys.map((k) => k + sep);
      else if (summary && DETAIL[i]) keys = keys.map((k) => `${k}${sep}${ALL}`);
      else if (kind === 'single') keys = keys.map((k) => k + sep + x.values[i]![0]);
      else {
        const options = [...x.values[i]!, ALL];
        keys = keys.flatMap((k) => options.map((v) => k + sep + v));
      }
    });
    return keys;
  };
  const detailed = build(false);
  return def.dimensions.some((d) => DETAIL_DIMENSIONS.includes(d)) ? [...detailed, ...build(true)] : detailed;
}

/** Adds one indicator's contributions of a person to `out`. */
function contribute(
  def: IncrementalIndicator,
  s: PersonSnapshot,
  events: (kind: EventKind) => Placed[],
  out: Map<CellAddress, Contribution>,
): void {
  const unaccompanied = s.cases.some((c) => c.type === 'child' && c.unaccompanied);
  const people = def.measure === 'people' ? new Set<CellAddress>() : null;
  for (const kind of def.events) {
    for (const x of events(kind)) {
      const { e, periods } = x;
      if (def.caseTypes && (e.caseType === null || !def.caseTypes.includes(e.caseType))) continue;
      if (def.valued && (e.currency === null || e.amount === 0)) continue;
      if (def.unaccompaniedMinorsOnly && !(unaccompanied && x.age === '0-17')) continue;
      const amount = def.measure === 'value' ? e.amount : 1;
      for (const key of keysOf(def, x)) {
        for (const grain of GRAINS) {
          const address = `${def.id}\t${grain}\t${periods[grain]}\t${key}`;
          if (people) {
            if (people.has(address)) continue;
            people.add(address);
          }
          const c = out.get(address);
          if (c) {
            if (s.counted) c.value += amount;
            else c.excluded += amount;
          } else out.set(address, s.counted ? { value: amount, excluded: 0 } : { value: 0, excluded: amount });
        }
      }
    }
  }
}

/** Everything one person contributes to every incremental indicator's cells. */
export function contributionsOf(s: PersonSnapshot, into = new Map<CellAddress, Contribution>()) {
  if (!s.person || s.cases.length === 0) return into;
  const caseById = new Map(s.cases.map((c) => [c.id, c]));
  const person = s.person;
  const memo = new Map<EventKind, Placed[]>();
  const events = (kind: EventKind) => {
    let list = memo.get(kind);
    if (!list) {
      list = eventsOf(s, kind, caseById).map((e) => place(person, e));
      memo.set(kind, list);
    }
    return list;
  };
  for (const def of INCREMENTAL) contribute(def, s, events, into);
  return into;
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
  for (const [a, b] of before)
    if (!after.has(a) && (b.value !== 0 || b.excluded !== 0)) out.set(a, { value: -b.value, excluded: -b.excluded });
  return out;
}
