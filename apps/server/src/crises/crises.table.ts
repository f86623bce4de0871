import type { Selectable } from 'kysely';

export interface CrisisTable {
  id: string;
  organisation_id: string;
  /** Short code unique in the organisation, e.g. IRQ-2014-L3. */
  code: string;
  name: string;
  country: string;
  started_on: string;
  /** L1, L2 or L3 (system-wide emergency). */
  emergency_level: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type CrisisRow = Selectable<CrisisTable>;

export interface CrisisAreaTable {
  crisis_id: string;
  pcode: string;
}

export interface CrisisPopulationTable {
  id: string;
  crisis_id: string;
  organisation_id: string;
  nationality: string;
  pcode: string;
  people: number;
  reported_on: string;
  source: string | null;
  recorded_by: string;
  recorded_at: string;
}
export type CrisisPopulationRow = Selectable<CrisisPopulationTable>;

export interface ConsularFocalPointTable {
  id: string;
  crisis_id: string;
  organisation_id: string;
  nationality: string;
  mission: string;
  name: string;
  phone: string | null;
  email: string | null;
  created_at: string;
}
export type ConsularFocalPointRow = Selectable<ConsularFocalPointTable>;

export interface EvacuationRequestTable {
  id: string;
  crisis_id: string;
  organisation_id: string;
  /** `individual` (the person asked) or `consulate` (their consulate asked for them). */
  channel: string;
  focal_point_id: string | null;
  nationality: string;
  pcode: string | null;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: string | null;
  phone: string | null;
  household_size: number;
  /** received -> accepted (person registered, case opened) -> booked; or declined. */
  status: string;
  beneficiary_id: string | null;
  case_id: string | null;
  passenger_id: string | null;
  decline_reason: string | null;
  received_at: string;
  received_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type EvacuationRequestRow = Selectable<EvacuationRequestTable>;
