// The fast difference of two snapshots (snapshotDelta: only the new records' events when a write just adds records)
// against the full derivation it replaces (contributionsOf after minus before): equal on random people, records and
// writes of every kind, including the changes that must fall back to the full derivation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type CellAddress,
  type Contribution,
  contributionsOf,
  type DeltaMemo,
  difference,
  type PersonSnapshot,
  type SnapshotCase,
  type SnapshotReferral,
  type SnapshotService,
  snapshotDelta,
} from './contributions.ts';

const ORGS = ['org-a', 'org-b'];
const TYPES = ['trafficking', 'child', 'gbv', 'protection'];
const FORMS = ['ForcedLabour', 'SexualExploitation', 'Other'];
const DAYS = ['2025-12-30', '2026-01-15', '2026-02-01', '2026-02-20', '2026-05-05', '2027-01-02'];

const day = fc.constantFrom(...DAYS);
const person = fc.record({
  id: fc.constant('p1'),
  organisation_id: fc.constantFrom(...ORGS),
  sex: fc.constantFrom('female', 'male', null),
  date_of_birth: fc.constantFrom('2012-06-01', '1990-01-01', null, '2008-12-31'),
  country: fc.constantFrom('BGD', null),
  pcode: fc.constantFrom('BD10', 'BD20', null),
  citizenships: fc.constantFrom('BGD', 'NPL BGD', ''),
});

function caseArb(id: string) {
  return fc.record({
    id: fc.constant(id),
    organisation_id: fc.constantFrom(...ORGS),
    type: fc.constantFrom(...TYPES),
    opened_on: day,
    closed_on: fc.option(day, { nil: null }),
    exploitation: fc.uniqueArray(fc.constantFrom(...FORMS), { maxLength: 2 }).map((x) => x.sort()),
    unaccompanied: fc.boolean(),
  });
}

function serviceArb(id: string, caseIds: readonly string[]) {
  return fc.record({
    id: fc.constant(id),
    case_id: fc.constantFrom(...caseIds),
    organisation_id: fc.constantFrom(...ORGS),
    service_type: fc.constantFrom('health_care', 'shelter'),
    delivered_on: day,
    value_minor: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
    currency: fc.constantFrom('USD', null),
  });
}

function referralArb(id: string, caseIds: readonly string[]) {
  return fc.record({
    id: fc.constant(id),
    case_id: fc.constantFrom(...caseIds),
    from_organisation_id: fc.constantFrom(...ORGS),
    service_type: fc.constantFrom('health_care', null),
    sent_at: day.map((d) => `${d}T10:00:00.000Z`),
    status: fc.constantFrom('sent', 'accepted', 'closed'),
    closed_at: fc.option(
      day.map((d) => `${d}T12:00:00.000Z`),
      { nil: null },
    ),
  });
}

/** A person with 0-3 cases and services and referrals on them. */
function snapshotArb(prefix: string, caseIds: readonly string[] = []): fc.Arbitrary<PersonSnapshot> {
  return fc.integer({ min: 0, max: 3 }).chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}c${i}`);
    const all = [...caseIds, ...ids];
    return fc.record({
      person: fc.oneof(
        { weight: 9, arbitrary: person as fc.Arbitrary<PersonSnapshot['person']> },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      counted: fc.boolean(),
      cases: fc.tuple(...ids.map(caseArb)) as fc.Arbitrary<SnapshotCase[]>,
      services: all.length
        ? fc
            .integer({ min: 0, max: 3 })
            .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => serviceArb(`${prefix}s${i}`, all))))
        : fc.constant([] as SnapshotService[]),
      referrals: all.length
        ? fc
            .integer({ min: 0, max: 2 })
            .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => referralArb(`${prefix}r${i}`, all))))
        : fc.constant([] as SnapshotReferral[]),
    });
  });
}

/** The full derivation's difference, as snapshotDelta would add it into an empty map (zeros dropped). */
function expected(before: PersonSnapshot, after: PersonSnapshot) {
  return difference(contributionsOf(before), contributionsOf(after));
}

function nonZero(m: Map<CellAddress, Contribution>) {
  return new Map([...m].filter(([, c]) => c.value !== 0 || c.excluded !== 0));
}

const sorted = (m: Map<CellAddress, Contribution>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

/**
 * A person before a write that only adds records, and after it: the same person and basis; new cases, and new
 * services and referrals on old or new cases.
 */
const additionArb = snapshotArb('old-').chain((before) =>
  snapshotArb(
    'new-',
    before.cases.map((c) => c.id),
  ).map((added): { before: PersonSnapshot; after: PersonSnapshot } => ({
    before,
    after: {
      person: before.person,
      counted: before.counted,
      cases: [...before.cases, ...added.cases],
      services: [...before.services, ...added.services],
      referrals: [...before.referrals, ...added.referrals],
    },
  })),
);

describe('snapshotDelta', () => {
  test('a write that only adds records: the same difference as deriving before and after in full', () => {
    fc.assert(
      fc.property(additionArb, ({ before, after }) => {
        assert.deepEqual(sorted(nonZero(snapshotDelta(before, after))), sorted(expected(before, after)));
      }),
      { numRuns: 1500 },
    );
  });

  test('with a memo shared across many people (a bulk write): the same difference for each', () => {
    // One memo for the whole run, as an import shares one: a delta served from it must be the person's own.
    const memo: DeltaMemo = new Map();
    fc.assert(
      fc.property(additionArb, ({ before, after }) => {
        const into = new Map<CellAddress, Contribution>();
        snapshotDelta(before, after, into, memo);
        assert.deepEqual(sorted(nonZero(into)), sorted(expected(before, after)));
      }),
      { numRuns: 3000 },
    );
    assert.ok(memo.size > 0 && memo.size < 3000, `some deltas were served from the memo (${memo.size} derived)`);
  });

  test('people the bulk write created, with a shared memo: each adds exactly what it contributes', () => {
    const memo: DeltaMemo = new Map();
    const none: PersonSnapshot = { person: null, counted: false, cases: [], services: [], referrals: [] };
    let served = 0;
    fc.assert(
      fc.property(snapshotArb('p-'), (first) => {
        // The person, then another alike but for their ids (the rows of a file are alike): the second is served
        // from the memo when the first had something to count.
        const twin: PersonSnapshot = {
          ...first,
          person: first.person && { ...first.person, id: `twin-${first.person.id}` },
          // ...and their records in the reverse order (the memo's signature sorts them).
          cases: first.cases.map((c) => ({ ...c, id: `twin-${c.id}` })).reverse(),
          services: first.services.map((v) => ({ ...v, id: `twin-${v.id}`, case_id: `twin-${v.case_id}` })).reverse(),
          referrals: first.referrals.map((r) => ({ ...r, id: `twin-${r.id}`, case_id: `twin-${r.case_id}` })).reverse(),
        };
        for (const after of [first, twin]) {
          const into = new Map<CellAddress, Contribution>();
          const size = memo.size;
          snapshotDelta(none, after, into, memo);
          if (after === twin && after.person && after.cases.length > 0) {
            assert.equal(memo.size, size, 'the twin (other ids, records in another order) is served from the memo');
            served++;
          }
          assert.deepEqual(sorted(nonZero(into)), sorted(nonZero(contributionsOf(after))));
        }
      }),
      { numRuns: 3000 },
    );
    assert.ok(served > 0, 'some were served from the memo');
  });

  test('a new event before the first one of its quarter moves the person there', () => {
    const c: SnapshotCase = {
      id: 'c1',
      organisation_id: 'org-a',
      type: 'protection',
      opened_on: '2026-05-20',
      closed_on: null,
      exploitation: [],
      unaccompanied: false,
    };
    const before: PersonSnapshot = {
      person: {
        id: 'p1',
        organisation_id: 'org-a',
        sex: 'female',
        date_of_birth: '1990-01-01',
        country: 'BGD',
        pcode: null,
        citizenships: 'BGD',
      },
      counted: true,
      cases: [c],
      services: [],
      referrals: [],
    };
    const service: SnapshotService = {
      id: 's1',
      case_id: 'c1',
      organisation_id: 'org-a',
      service_type: 'shelter',
      delivered_on: '2026-04-02',
      value_minor: null,
      currency: null,
    };
    const delta = snapshotDelta(before, { ...before, services: [service] });
    const people = [...delta].filter(([a, d]) => a.startsWith('beneficiaries_assisted\t') && d.value !== 0);
    // Detailed and summary cells alike: April gains the person's month, and their part of the quarter moves from
    // May to April (the quarter still counts them once); the year already counts them.
    const summary = [...delta]
      .filter(([a]) => a.startsWith('beneficiaries_assisted\t') && a.split('\t')[3]!.split('|')[2] === '*')
      .map(([a, d]) => [a.split('\t').slice(1, 3).join(' '), d.value])
      .sort();
    assert.deepEqual(summary, [
      ['month 2026-04', 1],
      ['quarter 2026-04', 1],
      ['quarter 2026-05', -1],
    ]);
    assert.equal(people.length, summary.length * 2);
  });

  test('any other change (person, basis, records changed or removed): the same difference', () => {
    fc.assert(
      fc.property(snapshotArb('x-'), snapshotArb('x-'), (before, after) => {
        assert.deepEqual(sorted(nonZero(snapshotDelta(before, after))), sorted(expected(before, after)));
      }),
      { numRuns: 1500 },
    );
  });

  test('adds into the map given, across people', () => {
    const p = { id: 'p1', organisation_id: 'org-a', sex: 'female', date_of_birth: '1990-01-01', country: 'BGD' };
    const c: SnapshotCase = {
      id: 'c1',
      organisation_id: 'org-a',
      type: 'protection',
      opened_on: '2026-01-15',
      closed_on: null,
      exploitation: [],
      unaccompanied: false,
    };
    const before: PersonSnapshot = {
      person: { ...p, pcode: null, citizenships: 'BGD' },
      counted: true,
      cases: [c],
      services: [],
      referrals: [],
    };
    const service: SnapshotService = {
      id: 's1',
      case_id: 'c1',
      organisation_id: 'org-a',
      service_type: 'shelter',
      delivered_on: '2026-01-20',
      value_minor: null,
      currency: null,
    };
    const after = { ...before, services: [service] };
    const into = snapshotDelta(before, after);
    snapshotDelta(before, after, into);
    const services = [...into].filter(([a]) => a.startsWith('services_delivered\t'));
    // An event indicator is stored by month only: one detailed and one summary cell, each +2 (two people's
    // identical writes).
    assert.deepEqual(
      services.map(([a]) => a.split('\t')[1]),
      ['month', 'month'],
    );
    for (const [, d] of services) assert.deepEqual(d, { value: 2, excluded: 0 });
    // Already assisted that month by the case: no new person in the people cells.
    assert.equal([...into].filter(([a]) => a.startsWith('beneficiaries_assisted\t')).length, 0);
  });
});
