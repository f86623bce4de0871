import type { Selectable } from 'kysely';

export interface MovementTable {
  id: string;
  organisation_id: string;
  crisis_id: string | null;
  /** evacuation, resettlement or voluntary_return. */
  type: string;
  reference: string;
  origin_country: string;
  destination_country: string;
  status: string;
  /** The partner organisation that receives the passengers at arrival, if any. */
  reception_organisation_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}
export type MovementRow = Selectable<MovementTable>;

export interface MovementLegTable {
  id: string;
  movement_id: string;
  organisation_id: string;
  seq: number;
  mode: string;
  carrier: string;
  service_number: string | null;
  from_place: string;
  from_country: string;
  to_place: string;
  to_country: string;
  departs_at: string;
  arrives_at: string;
  capacity: number;
  /** Seats taken: moved only by conditional UPDATEs (movements.repository.ts); CHECK booked <= capacity. */
  booked: number;
  created_at: string;
  updated_at: string;
  version: number;
}
export type MovementLegRow = Selectable<MovementLegTable>;

export interface MovementPassengerTable {
  id: string;
  movement_id: string;
  organisation_id: string;
  movement_type: string;
  beneficiary_id: string;
  case_id: string | null;
  status: string;
  fit_to_travel: string;
  medical_escort: number;
  document_type: string | null;
  document_number: string | null;
  document_expires_on: string | null;
  hold_key: string | null;
  booked_by: string;
  booked_at: string;
  checked_in_at: string | null;
  departed_at: string | null;
  arrived_at: string | null;
  no_show_at: string | null;
  cancelled_at: string | null;
  version: number;
}
export type MovementPassengerRow = Selectable<MovementPassengerTable>;

export interface MovementReceptionTable {
  id: string;
  movement_id: string;
  passenger_id: string;
  organisation_id: string;
  partner_organisation_id: string;
  /** sent, received. */
  status: string;
  /** JSON of the hand-over (ReceptionHandover): only what the partner needs. */
  shared: string;
  sent_by: string;
  sent_at: string;
  received_by: string | null;
  received_at: string | null;
}
export type MovementReceptionRow = Selectable<MovementReceptionTable>;

/** Counts of one organisation, month (YYYY-MM, UTC) and movement type; kept by the passenger steps. */
export interface MovementFigureTable {
  organisation_id: string;
  month: string;
  movement_type: string;
  arrived: number;
  no_show: number;
  cancelled: number;
}
