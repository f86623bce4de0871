// A person's snapshot, kept (evidence_people, migration 20261130T1220): what the last single write on PostgreSQL left
// of the person's records as the indicators see them, so that the next single write that only adds records to them
// reads one row instead of their records (maintain.ts evidenceBeforeWith, evidenceWrite). Only the fields the
// indicators read are kept (never a description or a name); a snapshot is kept only when it is complete and stable:
// the person exists, no expired grant waits to be applied, and not too many records.
import type {
  PersonSnapshot,
  SnapshotCase,
  SnapshotPerson,
  SnapshotReferral,
  SnapshotService,
} from './contributions.ts';

/** A person with more records than this is not kept (the kept text would be rewritten, whole, at every write). */
export const MAX_KEPT_RECORDS = 200;

/** Can this snapshot be kept? */
export function keepable(s: PersonSnapshot): boolean {
  return (
    s.person !== null &&
    !s.pendingExpiry &&
    s.validUntil !== undefined &&
    s.cases.length + s.services.length + s.referrals.length <= MAX_KEPT_RECORDS
  );
}

const personOf = (p: SnapshotPerson): SnapshotPerson => ({
  id: p.id,
  organisation_id: p.organisation_id,
  sex: p.sex,
  date_of_birth: p.date_of_birth,
  country: p.country,
  pcode: p.pcode,
  citizenships: p.citizenships,
});
const caseOf = (c: SnapshotCase): SnapshotCase => ({
  id: c.id,
  organisation_id: c.organisation_id,
  type: c.type,
  opened_on: c.opened_on,
  closed_on: c.closed_on,
  exploitation: c.exploitation,
  unaccompanied: c.unaccompanied,
});
const serviceOf = (v: SnapshotService): SnapshotService => ({
  id: v.id,
  case_id: v.case_id,
  organisation_id: v.organisation_id,
  service_type: v.service_type,
  delivered_on: v.delivered_on,
  value_minor: v.value_minor,
  currency: v.currency,
});
const referralOf = (r: SnapshotReferral): SnapshotReferral => ({
  id: r.id,
  case_id: r.case_id,
  from_organisation_id: r.from_organisation_id,
  service_type: r.service_type,
  sent_at: r.sent_at,
  status: r.status,
  closed_at: r.closed_at,
});

type Kept = {
  person: SnapshotPerson;
  counted: boolean;
  cases: SnapshotCase[];
  services: SnapshotService[];
  referrals: SnapshotReferral[];
};

/**
 * The kept text of a snapshot: the indicators' fields of each record (a write's own row may carry more: a service's
 * description, who recorded it), records in id order so that two snapshots of the same records give the same text.
 */
export function keptText(s: PersonSnapshot): string {
  if (!s.person) throw new Error('keptText: no person');
  const byId = <T extends { id: string }>(list: readonly T[]) =>
    list.length < 2 ? list : [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const kept: Kept = {
    person: personOf(s.person),
    counted: s.counted,
    cases: byId(s.cases).map(caseOf),
    services: byId(s.services).map(serviceOf),
    referrals: byId(s.referrals).map(referralOf),
  };
  return JSON.stringify(kept);
}

/** A kept snapshot read back, with the time it holds until. */
export function keptSnapshot(text: string, validUntil: string | null): PersonSnapshot {
  const k = JSON.parse(text) as Kept;
  return {
    person: k.person,
    counted: k.counted,
    validUntil,
    cases: k.cases,
    services: k.services,
    referrals: k.referrals,
  };
}
