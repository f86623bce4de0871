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
  foldLicence,
  publicLookup,
  readableRecruiter,
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
