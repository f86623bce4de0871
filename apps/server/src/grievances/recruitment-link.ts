// The grievances context's only contact with the recruitment context (issue #6 parts 1-2), through that context's
// exported service functions: the public register (a worker names a recruiter by its licence number), the
// officer's read of a recruiter (to link a grievance to it), and the request for an audit "for cause".
//
// REQUEST to the recruitment context (docs/grievances.md): the public register publishes no ids, so a licence
// number a worker gives is matched here through publicLookup and only the register's name is kept; linking the
// grievance to the recruiter's record (and so to its certification) is then one step for the officer. A service
// function `recruiterIdByLicence(db, licence)` would let the intake link it at once.

import { actorOf } from '../audit/audit.service.ts';
import type { Db, Engine, Trx } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import {
  foldForSearch,
  foldLicence,
  publicLookup,
  readableRecruiter,
  recruiterOrganisations,
  requestRecruiterAudit as requestAudit,
} from '../recruitment/recruitment.service.ts';

/** The register's entry with exactly this licence number (spaces, dashes and case ignored), or null. */
export async function registerEntryByLicence(
  db: Db,
  licence: string,
  now: Date,
): Promise<{ name: string; licenceNumber: string } | null> {
  const folded = foldLicence(licence);
  if (folded.length < 2) return null;
  const r = await publicLookup(db, licence, now);
  const hit = r.items.find((i) => foldLicence(i.licenceNumber) === folded);
  return hit ? { name: hit.name, licenceNumber: hit.licenceNumber } : null;
}

/** A recruiter of the register the officer may see (404 otherwise), for linking a grievance to it. */
export async function recruiterForOfficer(
  db: Db,
  p: Principal,
  id: string,
): Promise<{ id: string; name: string; licenceNumber: string }> {
  const r = await readableRecruiter(db, p, id);
  return { id: r.id, name: r.name, licenceNumber: r.licence_number };
}

/** Asks the recruitment context for an audit "for cause" of the recruiter; returns the audit's id. */
export function requestRecruiterAudit(
  trx: Trx,
  engine: Engine,
  p: Principal,
  input: { recruiterId: string; grievanceReference: string; reason: string },
  now: Date,
): Promise<string> {
  return requestAudit(
    trx,
    engine,
    actorOf(p),
    input.recruiterId,
    { reason: input.reason, source: 'grievance', sourceRef: input.grievanceReference },
    now,
  );
}

/**
 * The organisations that are recruiters of the register (`all`) and those the grievance is about (`named`: its
 * linked recruiter, or the one with the licence number or name the worker gave): a hand-over goes to neither.
 */
export function recruitersOf(
  db: Db,
  g: { recruiter_id: string | null; recruiter_licence: string | null; recruiter_name: string | null },
): Promise<{ all: Set<string>; named: Set<string> }> {
  return recruiterOrganisations(db, {
    recruiterId: g.recruiter_id,
    licence: g.recruiter_licence,
    name: g.recruiter_name,
  });
}

/** True when two names are the same once folded as the register folds them (case, accents, punctuation). */
export const sameName = (a: string, b: string): boolean => {
  const x = foldForSearch(a);
  return x !== '' && x === foldForSearch(b);
};
