// Crises, population figures, focal points and evacuation requests as the API shows them.
import type { Crisis, EvacuationRequest } from '@corridor/contracts';
import type { ConsularFocalPointRow, CrisisPopulationRow, CrisisRow, EvacuationRequestRow } from './crises.table.ts';

export const presentCrisis = (f: { row: CrisisRow; areas: string[]; affected: number; open: number }): Crisis => ({
  id: f.row.id,
  code: f.row.code,
  name: f.row.name,
  country: f.row.country,
  areas: f.areas,
  startedOn: f.row.started_on,
  emergencyLevel: f.row.emergency_level as Crisis['emergencyLevel'],
  status: f.row.status as Crisis['status'],
  affectedMigrants: f.affected,
  openRequests: f.open,
  createdAt: f.row.created_at,
  updatedAt: f.row.updated_at,
  version: f.row.version,
});

export const presentPopulation = (r: CrisisPopulationRow) => ({
  id: r.id,
  nationality: r.nationality,
  pcode: r.pcode,
  people: r.people,
  reportedOn: r.reported_on,
  source: r.source,
});

export const presentFocalPoint = (r: ConsularFocalPointRow) => ({
  id: r.id,
  nationality: r.nationality,
  mission: r.mission,
  name: r.name,
  phone: r.phone,
  email: r.email,
});

/**
 * A request as the caller may see it: without the person's identity when they are restricted from the caller
 * (`hidden`: a sensitive case opened since, and the caller not on it).
 */
export const presentRequest = (r: EvacuationRequestRow, hidden = false): EvacuationRequest => ({
  id: r.id,
  crisisId: r.crisis_id,
  channel: r.channel as EvacuationRequest['channel'],
  focalPointId: r.focal_point_id,
  nationality: r.nationality,
  pcode: r.pcode,
  givenName: hidden ? null : r.given_name,
  familyName: hidden ? null : r.family_name,
  dateOfBirth: hidden ? null : r.date_of_birth,
  sex: hidden ? null : r.sex,
  phone: hidden ? null : r.phone,
  identityHidden: hidden,
  householdSize: r.household_size,
  status: r.status as EvacuationRequest['status'],
  beneficiaryId: r.beneficiary_id,
  caseId: r.case_id,
  passengerId: r.passenger_id,
  declineReason: r.decline_reason,
  receivedAt: r.received_at,
  version: r.version,
});
